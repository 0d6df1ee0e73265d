"""Crawl throughput against a local many-host site: our Crawler, and Scrapy when available; one JSON line.

Usage: python benchmarks/crawl_bench.py [--hosts 20] [--pages-per-host 100] [--latency 0.05]
           [--delay 0.25] [--concurrency 8] [--discovery seeds|sitemaps] [--scrapy-python PATH]
           [--timeout 900] [--profile FILE] [--json]

Every host is a threaded HTTP server on its own loopback address (127.0.0.2, 127.0.0.3, ...), or on
its own port of 127.0.0.1 where such addresses cannot be bound. The servers run in a separate
process; each crawler runs in a fresh subprocess so that its peak RSS is its own. Nothing leaves
the loopback interface. See benchmarks/README.md for what the numbers mean.
"""
from __future__ import annotations

import argparse
import ipaddress
import json
import multiprocessing as mp
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_SCRAPY_PYTHON = HERE / ".venv-scrapy" / "bin" / "python"
UA = "infratrack-bench/1 (+http://127.0.0.1/contact)"
FIRST_IP = ipaddress.IPv4Address("127.0.0.2")  # 127.0.0.1 is left to whatever else runs here

# -- the site ---------------------------------------------------------------------------------

_WORDS = """the a of to and in for on with by at from that this as is was were will has have had its their
data centre center campus megawatts gigawatt power grid substation utility cooling liquid chillers water
servers racks GPUs accelerators cluster training inference model capacity expansion phase construction
permit county council zoning land acres site operator hyperscaler cloud region availability investment
billion million dollars euros funding lease tenant developer contractor turbine gas solar wind battery
storage transmission line interconnection queue regulator approval hearing residents opposition noise
diesel generators backup emissions carbon renewable nuclear reactor small modular agreement purchase
announced said according statement spokesperson executive officer chief report filing documents planning
application local officials state federal tax incentives jobs employees workers engineers network fibre
latency bandwidth chips supply shortage delivery schedule delayed completed online operational quarter
year month week earlier later first second third new largest biggest major plans proposed approved
rejected expected estimated reported confirmed company firm group partners joint venture fund equity debt
loan financing bonds valuation revenue costs prices electricity rates demand load forecast peak summer
winter heat waste district heating reuse efficiency PUE design building hall floor space square feet
metres tall storey warehouse industrial park former factory mill airport port river lake coast valley""".split()
_NAMES = ["Memphis", "Abilene", "Dublin", "Frankfurt", "Marseille", "Phoenix", "Quincy", "Loudoun", "Ohio",
          "Texas", "Oregon", "Georgia", "Johor", "Osaka", "Querétaro", "Santiago", "Lelystad", "Oslo"]
_FIRMS = ["Northwind Compute", "Helios Cloud", "Kestrel Data", "Ironbark Systems", "Aurora Grid",
          "Blue Mesa Energy", "Cinder Labs", "Tidewater Power", "Granite Peak Capital", "Solstice AI"]


def _sentence(rng: random.Random) -> str:
    """One sentence of plausible news prose with a name, a firm or a number now and then."""
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 22))]
    for _ in range(rng.randint(1, 3)):
        filler = rng.choice([rng.choice(_NAMES), rng.choice(_FIRMS), f"{rng.randint(2, 9_999):,}",
                             f"{rng.randint(10, 900)} MW", f"${rng.randint(1, 40)}.{rng.randint(0, 9)} billion"])
        words.insert(rng.randrange(len(words) + 1), filler)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def page_html(host: str, n: int) -> str:
    """A 5-10 KB news page whose text depends only on host and n (seeded), distinct per page."""
    rng = random.Random(f"{host}/{n}")
    site = f"{rng.choice(_NAMES)} {rng.choice(['Ledger', 'Wire', 'Gazette', 'Journal', 'Tribune'])}"
    title = f"{rng.choice(_FIRMS)} {rng.choice(['plans', 'wins approval for', 'pauses', 'expands'])} " \
            f"{rng.randint(50, 1500)} MW campus in {rng.choice(_NAMES)}"
    url = f"http://{host}/p/{n}.html"
    nav = "".join(f'<li><a href="/section/{s}.html">{s.title()}</a></li>'
                  for s in ("news", "energy", "cloud", "policy", "markets", "opinion", "events", "about"))
    body = []
    for i in range(rng.randint(7, 11)):
        if i and i % 4 == 0:
            body.append(f"<h2>{_sentence(rng)[:60].rstrip('.')}</h2>")
        body.append("<p>" + " ".join(_sentence(rng) for _ in range(rng.randint(3, 5))) + "</p>")
    related = "".join(f'<li><a href="/p/{rng.randint(0, 10_000)}.html">{_sentence(rng)[:70]}</a></li>'
                      for _ in range(5))
    date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="description" content="{title}."><link rel="canonical" href="{url}">'
        f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
        f'<link rel="stylesheet" href="/static/site.css"><script>window.dataLayer=window.dataLayer||[];</script>'
        f'<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{title}","datePublished":"{date}T08:00:00Z","publisher":{{"name":"{site}"}}}}</script>'
        f'</head><body><header><a class="logo" href="/">{site}</a><nav><ul>{nav}</ul></nav></header>'
        f'<main><article><h1>{title}</h1><p class="byline">By {rng.choice(_NAMES)} Staff, '
        f'<time datetime="{date}">{date}</time></p>{"".join(body)}</article>'
        f'<aside><h3>Related</h3><ul>{related}</ul></aside></main>'
        f'<footer><p>&copy; 2025 {site}. All rights reserved.</p><ul>{nav}</ul></footer></body></html>'
    )


def sitemap_xml(host: str, pages: int) -> bytes:
    """The host's sitemap: every page it serves, as a news site lists its articles."""
    locs = "".join(f"<url><loc>http://{host}/p/{n}.html</loc></url>" for n in range(pages))
    return (f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>').encode()


def make_handler(pages: int, latency: float) -> type[BaseHTTPRequestHandler]:
    """Request handler serving /robots.txt, /sitemap.xml and /p/0..pages-1.html, each after `latency` seconds."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as both crawlers use it

        def do_GET(self) -> None:  # noqa: N802
            time.sleep(latency)
            host = self.headers.get("Host", "")
            if self.path == "/robots.txt":
                self._send(200, b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
                return
            if self.path == "/sitemap.xml":
                self._send(200, sitemap_xml(host, pages), "application/xml")
                return
            if self.path.startswith("/p/") and self.path.endswith(".html"):
                n = self.path[3:-5]
                if n.isdigit() and int(n) < pages:
                    self._send(200, page_html(host, int(n)).encode("utf-8"), "text/html; charset=utf-8")
                    return
            self._send(404, b"not found", "text/plain")

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass  # thousands of lines of access log would only slow the server down

    return Handler


class QuietServer(ThreadingHTTPServer):
    """Threaded server that stays silent when a crawler drops a connection (a killed child does)."""

    daemon_threads = True  # a crawler's idle keep-alive connection must not block shutdown

    def handle_error(self, request, client_address) -> None:
        """Print tracebacks for real errors only."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def loopback_ips_work(count: int) -> bool:
    """Whether 127.0.0.2 .. 127.0.0.(count+1) can each be bound and connected to."""
    for i in (0, count - 1):
        ip = str(FIRST_IP + i)
        try:
            with socket.socket() as srv, socket.socket() as cli:
                srv.bind((ip, 0))
                srv.listen(1)
                cli.settimeout(2)
                cli.connect(srv.getsockname())
        except OSError:
            return False
    return True


def bind_servers(hosts: int, pages: int, latency: float) -> tuple[list[QuietServer], str]:
    """One server per host: on its own loopback address if possible, else on its own port of 127.0.0.1."""
    mode = "loopback-ips" if loopback_ips_work(hosts) else "ports"
    handler = make_handler(pages, latency)
    servers = []
    for i in range(hosts):
        ip = str(FIRST_IP + i) if mode == "loopback-ips" else "127.0.0.1"
        servers.append(QuietServer((ip, 0), handler))
    return servers, mode


def serve_site(hosts: int, pages: int, latency: float, conn, stop, parent: int, deadline: float) -> None:
    """Server process: bind, report the addresses, serve until told to stop, the parent dies or time is up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us in order
    servers, mode = bind_servers(hosts, pages, latency)
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True) for s in servers]
    for t in threads:
        t.start()
    conn.send((mode, [f"{s.server_address[0]}:{s.server_address[1]}" for s in servers]))
    # bounded even if the parent is killed outright and never sets `stop`
    while not stop.wait(0.5) and os.getppid() == parent and time.monotonic() < deadline:
        pass
    for s in servers:
        s.shutdown()
        s.server_close()


class Site:
    """The site's server process; a context manager that always stops it."""

    def __init__(self, hosts: int, pages: int, latency: float, timeout: float):
        self.args = (hosts, pages, latency)
        self.timeout = timeout
        self.mode, self.hosts = "", []
        self._stop = mp.Event()
        self._proc: mp.Process | None = None

    def __enter__(self) -> "Site":
        recv, send = mp.Pipe(duplex=False)
        self._proc = mp.Process(target=serve_site, daemon=True, name="crawl-bench-site",
                                args=(*self.args, send, self._stop, os.getpid(), time.monotonic() + self.timeout))
        self._proc.start()
        try:
            if not recv.poll(30):
                raise RuntimeError("the site's server process did not start")
            self.mode, self.hosts = recv.recv()
            for h in self.hosts:  # every server answers before the clock starts
                urllib.request.urlopen(f"http://{h}/robots.txt", timeout=10).read()
        except BaseException:
            self.__exit__()  # __exit__ is not called when __enter__ fails
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._proc is not None:
            self._proc.join(5)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(5)

    def urls(self, pages: int) -> list[str]:
        """Every page URL, round-robin over hosts: page 0 of every host, then page 1, ..."""
        return [f"http://{h}/p/{n}.html" for n in range(pages) for h in self.hosts]

    def sitemaps(self) -> list[str]:
        """Each host's sitemap URL."""
        return [f"http://{h}/sitemap.xml" for h in self.hosts]


# -- the crawlers -----------------------------------------------------------------------------

def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports ru_maxrss in KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_ours(urls_file: Path, discovery: str, pages: int, delay: float, concurrency: int,
             profile: str | None, db_memory_mb: int | None = None) -> dict:
    """Child mode: crawl the site from its sitemaps or from every page URL as a seed, with our Crawler
    into a fresh DuckDB file; returns its measurements."""
    sys.path.insert(0, str(ROOT))
    from crawler import Crawler, CrawlSettings, FetchSettings, Source
    from db import connection, writer

    kind = "sitemap" if discovery == "sitemaps" else "seed"
    sources = [Source(kind, kind, u) for u in urls_file.read_text().split()]
    settings = CrawlSettings(FetchSettings(UA, allow_private_hosts=True), delay_s=delay, concurrency=concurrency,
                             max_pages=pages)
    if db_memory_mb is not None:
        settings = replace(settings, db_memory_mb=db_memory_mb)
    marks: dict[str, float] = {}

    def on_event(event: dict) -> None:
        if event["event"] == "queued":  # discovery is over, page fetching starts
            marks["queued"] = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp, connection(Path(tmp) / "bench.duckdb") as con:
        writer.upsert_sources(con, [s.record() for s in sources])  # setup, not part of the timed crawl
        timed = TimedConnection(con) if profile else None
        crawler = Crawler(timed or con, settings, on_event=on_event)
        profiler = _start_profile() if profile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = crawler.run(sources)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if profiler:
            _save_profile(profiler, profile)
        pages = con.execute("SELECT count(*) FROM pages").fetchone()[0]
        # how much of the RSS is DuckDB's buffer pool, which keeps the pages it wrote in memory
        duck = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] or 0
    return {"pages": pages, "seconds": round(seconds, 3), "cpu_s": round(cpu, 1), "peak_rss_mb": peak_rss_mb(),
            "duckdb_memory_mb": round(duck / 2**20, 1), "db_memory_mb": settings.db_memory_mb, "discovery_s": round(marks.get("queued", started) - started, 3),
            "counts": summary.as_dict(), "sql": timed.table() if timed else None}


class TimedConnection:
    """A DuckDB connection that adds up the wall time of each SQL statement (profile mode only).

    cProfile cannot see inside DuckDB's C++ methods, so this is how database time is split by statement.
    """

    def __init__(self, con):
        self._con = con
        self._seconds: dict[str, float] = {}
        self._calls: dict[str, int] = {}

    def execute(self, sql: str, *params):
        """Run the statement on the real connection, timing it under its first words."""
        key = " ".join(sql.split())[:60]
        started = time.perf_counter()
        try:
            return self._con.execute(sql, *params)
        finally:
            self._seconds[key] = self._seconds.get(key, 0.0) + time.perf_counter() - started
            self._calls[key] = self._calls.get(key, 0) + 1

    def __getattr__(self, name: str):
        return getattr(self._con, name)

    def table(self) -> list[list]:
        """[statement, calls, total s, ms per call], most total time first."""
        rows = [[k, self._calls[k], round(v, 3), round(v / self._calls[k] * 1000, 3)] for k, v in self._seconds.items()]
        return sorted(rows, key=lambda r: -r[2])


def _start_profile():
    """cProfile on the calling thread: discovery and scheduling. The fetch phase's database writes run on
    the crawler's writing thread; TimedConnection times them."""
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _save_profile(profiler, path: str) -> None:
    """Stop profiling and write the stats file, readable with pstats."""
    profiler.disable()
    profiler.dump_stats(path)


def run_child(cmd: list[str], deadline: float) -> tuple[dict | None, str | None]:
    """Run a crawler subprocess that prints one JSON line; killed when the deadline passes."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return None, "no time left"
    try:
        # subprocess.run kills the child on timeout and on any exception, Ctrl-C included
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=remaining)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {remaining:.0f} s and was killed"
    if done.returncode != 0:
        return None, f"exit {done.returncode}: {done.stderr.strip()[-2000:]}"
    lines = done.stdout.strip().splitlines()
    return (json.loads(lines[-1]), None) if lines else (None, "printed nothing")


def scrapy_python(given: str | None) -> str | None:
    """The Python to run Scrapy with: --scrapy-python, else $SCRAPY_PYTHON, else the bench's own venv."""
    candidate = given or os.environ.get("SCRAPY_PYTHON") or (str(DEFAULT_SCRAPY_PYTHON)
                                                              if DEFAULT_SCRAPY_PYTHON.exists() else None)
    if candidate and subprocess.run([candidate, "-c", "import scrapy"], capture_output=True).returncode == 0:
        return candidate
    return None


# -- the report -------------------------------------------------------------------------------

def rates(result: dict | None, limit: float) -> dict | None:
    """pages, seconds, pages_per_s, efficiency and peak RSS of one crawler's result."""
    if result is None:
        return None
    per_s = result["pages"] / result["seconds"] if result["seconds"] else 0.0
    return {"pages": result["pages"], "seconds": result["seconds"], "pages_per_s": round(per_s, 2),
            "efficiency": round(per_s / limit, 3), "peak_rss_mb": result["peak_rss_mb"]}


def report(args, mode: str, ours: dict | None, scrapy: dict | None) -> dict:
    """The benchmark's JSON line."""
    limit = args.hosts / args.delay if args.delay else float("inf")
    mine = rates(ours, limit) or dict.fromkeys(("pages", "seconds", "pages_per_s", "efficiency", "peak_rss_mb"))
    return {"hosts": args.hosts, "pages_per_host": args.pages_per_host, "latency_s": args.latency,
            "delay_s": args.delay, "concurrency": args.concurrency, **{k: mine[k] for k in ("pages", "seconds",
            "pages_per_s")}, "politeness_limit_per_s": round(limit, 2), "efficiency": mine["efficiency"],
            "peak_rss_mb": mine["peak_rss_mb"], "scrapy": rates(scrapy, limit), "hosts_mode": mode,
            "discovery": args.discovery, "db_memory_mb": ours["db_memory_mb"] if ours else None,
            "duckdb_memory_mb": ours["duckdb_memory_mb"] if ours else None}


def summary_lines(line: dict, site: Site, ours: dict | None, errors: dict[str, str], profile: str | None) -> list[str]:
    """A short human summary of the run."""
    out = [f"site: {line['hosts']} hosts x {line['pages_per_host']} pages, {site.hosts[0]} .. {site.hosts[-1]} "
           f"({site.mode}{'' if site.mode == 'loopback-ips' else ': 127.0.0.2+ could not be bound, one port per host'})"
           f", pages found from {line['discovery']}, latency {line['latency_s']} s, delay {line['delay_s']} s, concurrency {line['concurrency']}; "
           f"politeness limit {line['politeness_limit_per_s']} pages/s"]
    if ours:
        fetch_s = ours["seconds"] - ours["discovery_s"]
        out.append(f"ours:   {line['pages']} pages in {line['seconds']} s = {line['pages_per_s']} pages/s, efficiency "
                   f"{line['efficiency']}, peak RSS {line['peak_rss_mb']} MB of which DuckDB {ours['duckdb_memory_mb']} MB "
                   f"at the end (discovery {ours['discovery_s']} s, "
                   f"fetching {fetch_s:.1f} s = {ours['pages'] / fetch_s if fetch_s > 0 else 0:.1f} pages/s; "
                   f"CPU {ours['cpu_s']} s over all threads); "
                   f"counts {json.dumps(ours['counts'])}")
    s = line["scrapy"]
    if s:
        out.append(f"scrapy: {s['pages']} pages in {s['seconds']} s = {s['pages_per_s']} pages/s, efficiency "
                   f"{s['efficiency']}, peak RSS {s['peak_rss_mb']} MB (stores nothing)")
    out += [f"{name}: FAILED, {why}" for name, why in errors.items()]
    if profile and ours:
        out.append(f"profile of the crawl's main thread (discovery, scheduling): {profile} (top by own time below)")
        out += _profile_top(profile)
        out.append("database time by statement, on whichever thread ran it (calls, total s, ms per call):")
        out += [f"  {calls:6d} {total:8.2f} {per:7.2f}  {sql}" for sql, calls, total, per in ours["sql"][:12]]
    return out


def _profile_top(path: str, n: int = 15) -> list[str]:
    """The n functions with the most own time in a cProfile stats file."""
    import io
    import pstats
    buf = io.StringIO()
    pstats.Stats(path, stream=buf).sort_stats("tottime").print_stats(n)
    text = buf.getvalue()
    return text[text.find("   ncalls"):].rstrip().splitlines()


# -- main -------------------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options; --run and --urls-file are internal (the crawler subprocesses)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hosts", type=int, default=20)
    p.add_argument("--pages-per-host", type=int, default=100)
    p.add_argument("--latency", type=float, default=0.05, help="seconds the server waits before each response")
    p.add_argument("--delay", type=float, default=0.25, help="politeness delay per host, seconds between requests")
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--discovery", choices=["seeds", "sitemaps"], default="seeds",
                   help="how both crawlers learn the pages: every page URL given as a seed (default), or each "
                        "host's sitemap")
    p.add_argument("--scrapy-python", help="a Python with scrapy installed (default $SCRAPY_PYTHON, then "
                                           "benchmarks/.venv-scrapy/bin/python)")
    p.add_argument("--no-scrapy", action="store_true", help="run only our crawler")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds for the whole run; children are killed after")
    p.add_argument("--profile", metavar="FILE", help="cProfile our crawl's main thread into FILE (slows it down)")
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    p.add_argument("--db-memory-mb", type=int, help="DuckDB's memory cap for our crawl (default: the crawler's own)")
    p.add_argument("--run", choices=["ours"], help=argparse.SUPPRESS)
    p.add_argument("--urls-file", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--pages", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.hosts < 1 or args.pages_per_host < 1 or args.concurrency < 1 or args.delay < 0 or args.latency < 0:
        p.error("hosts, pages-per-host and concurrency must be positive; delay and latency not negative")
    return args


def benchmark(args: argparse.Namespace) -> int:
    """Serve the site, run both crawlers against it one after the other, print the report."""
    deadline = time.monotonic() + args.timeout
    errors: dict[str, str] = {}
    py_scrapy = None if args.no_scrapy else scrapy_python(args.scrapy_python)
    with Site(args.hosts, args.pages_per_host, args.latency, args.timeout + 30) as site, \
            tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        urls_file = Path(tmp) / "urls.txt"
        given = site.sitemaps() if args.discovery == "sitemaps" else site.urls(args.pages_per_host)
        urls_file.write_text("\n".join(given) + "\n")
        common = ["--delay", str(args.delay), "--concurrency", str(args.concurrency), "--urls-file", str(urls_file),
                  "--discovery", args.discovery, "--pages", str(args.hosts * args.pages_per_host)]
        ours, err = run_child([sys.executable, str(Path(__file__).resolve()), "--run", "ours", *common,
                               *(["--profile", args.profile] if args.profile else []),
                               *(["--db-memory-mb", str(args.db_memory_mb)] if args.db_memory_mb else [])], deadline)
        if err:
            errors["ours"] = err
        scrapy = None
        if py_scrapy:
            scrapy, err = run_child([py_scrapy, str(HERE / "_scrapy_spider.py"), *common], deadline)
            if err:
                errors["scrapy"] = err
        line = report(args, site.mode, ours, scrapy)
        if not args.json:
            print("\n".join(summary_lines(line, site, ours, errors, args.profile)))
            if not py_scrapy and not args.no_scrapy:
                print("scrapy: not run (no Python with scrapy; see benchmarks/README.md)")
    if args.json and errors:
        print("\n".join(f"{k}: FAILED, {v}" for k, v in errors.items()), file=sys.stderr)
    print(json.dumps(line), flush=True)
    return 1 if errors else 0


def _interrupt(signum, frame) -> None:
    """SIGTERM handler: unwind like Ctrl-C."""
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    """Benchmark mode, or one crawler subprocess with --run."""
    args = parse_args(argv)
    if args.run == "ours":
        print(json.dumps(run_ours(args.urls_file, args.discovery, args.pages, args.delay, args.concurrency,
                                  args.profile, args.db_memory_mb)))
        return 0
    # SIGTERM takes the same way out as Ctrl-C, so the servers and children are stopped either way
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return benchmark(args)
    except KeyboardInterrupt:
        print("interrupted; servers and crawlers stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
