"""Backfill throughput: prefilter speed, local pool and Dask (1 and 2 workers) records/s, scaling
efficiency, and peak memory at two numbers of files; one JSON line.

Usage: python benchmarks/backfill_bench.py [--files 20] [--records 1000] [--relevant 0.02] [--repeats 3]
                                           [--dir DIR] [--seed 0] [--json]

Synthetic WARC.gz files are generated (deterministically, from --seed) into a temporary folder,
or into --dir and reused when already there: news pages of 5-50 KB of HTML in English and French,
about 2% of them AI-infrastructure articles built from tests/fixtures/claims_set. Every timed run
loads into a fresh DuckDB file. Nothing touches the network; the Dask cluster listens on 127.0.0.1.
See benchmarks/README.md for what the numbers mean.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backfill import BackfillSettings, run_backfill  # noqa: E402
from backfill.prefilter import is_relevant  # noqa: E402
from backfill.warc_reader import WarcReader  # noqa: E402
from crawler.fetch import Response  # noqa: E402
from crawler.warc_writer import WarcArchive  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "claims_set"
TARGET_PREFILTER = 5000.0  # records/s per core
TARGET_SCALING = 0.8
MEMORY_GROWTH_LIMIT = 1.15  # "flat": 20 files peak within 15% of 10 files peak

# -- the corpus ---------------------------------------------------------------------------------

# Everyday news vocabulary, chosen to say nothing about computing infrastructure.
WORDS = {
    "en": ("the council said on tuesday that the new bridge over the river would open next spring after a long "
           "delay residents welcomed the plan but asked for more parking near the market square the mayor "
           "promised a public meeting in the town hall where families could share their views on traffic noise "
           "schools libraries parks and the summer festival local farmers reported a good harvest of apples pears "
           "and potatoes while the football club celebrated a late victory in front of a loud home crowd weather "
           "forecasters expect rain across the valley during the weekend with bright spells on monday the museum "
           "will host an exhibition of old photographs showing how the harbour looked a century ago").split(),
    "fr": ("le conseil municipal a annoncé mardi que le nouveau pont sur la rivière ouvrira au printemps prochain "
           "après un long retard les habitants saluent le projet mais demandent plus de places de stationnement "
           "près de la place du marché le maire promet une réunion publique à la mairie où les familles pourront "
           "donner leur avis sur la circulation le bruit les écoles les bibliothèques les parcs et le festival "
           "d'été les agriculteurs annoncent une belle récolte de pommes de poires et de pommes de terre tandis "
           "que le club de football fête une victoire tardive devant un public bruyant la météo prévoit de la "
           "pluie sur la vallée ce week-end avec des éclaircies lundi le musée accueillera une exposition de "
           "vieilles photographies du port").split(),
}
SECTIONS = {"en": ["Home", "Local", "Sport", "Culture", "Weather", "Opinion"],
            "fr": ["Accueil", "Local", "Sport", "Culture", "Météo", "Opinions"]}
CSS = ("body{font-family:Georgia,serif;margin:0;color:#222}.nav a{padding:4px 8px;text-decoration:none}"
       ".article p{line-height:1.6;max-width:42em}.footer{font-size:12px;color:#666}.ad{border:1px solid #ddd}")
JS = ("window.dataLayer=window.dataLayer||[];function track(e){dataLayer.push({event:e,ts:Date.now()})}"
      "document.addEventListener('DOMContentLoaded',function(){track('view');var b=document.querySelectorAll"
      "('.share');for(var i=0;i<b.length;i++){b[i].onclick=function(){track('share')}}});")


def paragraph_pool(rng: random.Random, lang: str, count: int) -> list[str]:
    """Sentences of everyday news in LANG, joined into paragraphs of 60-120 words."""
    words = WORDS[lang]
    out = []
    for _ in range(count):
        n = rng.randint(60, 120)
        text = " ".join(rng.choice(words) for _ in range(n))
        out.append(text[0].upper() + text[1:] + ".")
    return out


def read_fixture(path: Path) -> tuple[str, list[str], str]:
    """(title, paragraphs, lang) of a claims_set text: first line is the title, blank lines split paragraphs."""
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return blocks[0], blocks[1:], path.name[:2]


def news_page(rng: random.Random, lang: str, title: str, paragraphs: list[str], filler: list[str], size: int,
              url: str, publisher: str) -> str:
    """A news page around PARAGRAPHS: head, styles, scripts, navigation, related links and footer, padded with
    FILLER paragraphs (comments, related stories) until about SIZE bytes."""
    nav = "".join(f'<a href="/{s.lower()}/">{s}</a>' for s in SECTIONS[lang])
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    head = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<link rel="canonical" href="{url}"><meta property="og:site_name" content="{publisher}">'
            f"<style>{CSS * rng.randint(1, 4)}</style><script>{JS * rng.randint(1, 6)}</script></head>"
            f'<body><div class="nav">{nav}</div><div class="article"><h1>{html.escape(title)}</h1>{body}</div>'
            '<div class="related">')
    parts, total = [head], len(head)
    while total < size:
        p = f'<div class="teaser"><p>{html.escape(rng.choice(filler))}</p></div>'
        parts.append(p)
        total += len(p)
    parts.append(f'</div><div class="footer">© {publisher}</div></body></html>')
    return "".join(parts)


def generate(folder: Path, files: int, records: int, relevant: float, seed: int) -> list[Path]:
    """FILES WARC.gz files of RECORDS page responses each, a RELEVANT share of them from the claims set."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / f"corpus-{files}x{records}-{relevant}-{seed}.done"
    paths = [folder / f"bench-{i:03d}.warc.gz" for i in range(files)]
    if marker.exists() and all(p.exists() for p in paths):
        return paths
    rng = random.Random(seed)
    pools = {lang: paragraph_pool(rng, lang, 400) for lang in WORDS}
    # only the languages this corpus has everyday-news filler and page chrome for
    fixtures = [f for f in (read_fixture(p) for p in sorted(FIXTURES.glob("*.txt"))) if f[2] in WORDS]
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    for i, path in enumerate(paths):
        file_rng = random.Random(seed * 1_000_003 + i)
        tmp = Path(tempfile.mkdtemp(dir=folder))
        with WarcArchive(tmp, "infratrack-bench/1.0", max_bytes=1 << 40) as archive:
            for j in range(records):
                lang = file_rng.choice(("en", "fr"))
                url = f"https://news{j % 50}.example/{i}/{j}.html"
                size = file_rng.randint(5_000, 50_000)
                if file_rng.random() < relevant:
                    title, paras, lang = file_rng.choice(fixtures)
                    page = news_page(file_rng, lang, title, paras, pools[lang], size, url, f"Publisher {j % 50}")
                else:
                    paras = file_rng.sample(pools[lang], 4)
                    page = news_page(file_rng, lang, paras[0][:60], paras, pools[lang], size, url, f"Publisher {j % 50}")
                resp = Response(url, url, 200, {"content-type": "text/html; charset=utf-8"}, page.encode("utf-8"))
                archive.record(resp, start + timedelta(days=i, seconds=j))
        os.replace(archive.files[0], path)
        shutil.rmtree(tmp)
    marker.write_text("ok\n")
    return paths


# -- measurements -------------------------------------------------------------------------------

def prefilter_rates(paths: list[Path]) -> tuple[float, float, int, int]:
    """(prefilter records/s per core, read+prefilter records/s per core, records, relevant), CPU time of this process."""
    bodies = []
    started = time.process_time()
    relevant = 0
    for path in paths:
        with WarcReader(path) as reader:
            for resp in reader.responses():
                bodies.append(resp.body)
                relevant += is_relevant(resp.body)
    read_and_filter = time.process_time() - started
    started = time.process_time()
    hits = sum(1 for b in bodies if is_relevant(b))
    filter_only = time.process_time() - started
    assert hits == relevant
    return len(bodies) / filter_only, len(bodies) / read_and_filter, len(bodies), relevant


def timed_backfill(paths: list[Path], settings: BackfillSettings, scratch: Path) -> tuple[float, float]:
    """(records per second, worker CPU seconds) of one backfill of PATHS into a fresh database."""
    db = Path(tempfile.mkdtemp(dir=scratch)) / "bench.duckdb"
    cpu = []
    started = time.perf_counter()
    summary = run_backfill(db, paths, settings, lambda e: cpu.append(e.get("cpu_seconds", 0.0)))
    elapsed = time.perf_counter() - started
    assert summary.files.get("done") == len(paths), summary.files
    shutil.rmtree(db.parent)
    return summary.counts["records"] / elapsed, sum(cpu)


class TreeMemory:
    """Peak of the summed RSS of this process and all its descendants, sampled every 50 ms."""

    def __init__(self):
        import psutil

        self._me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            for p in [self._me, *self._me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def memory_run(paths: list[Path], workers: int) -> float:
    """Peak MB of the process tree (client and local workers) during one backfill; meant for a fresh process."""
    scratch = Path(tempfile.mkdtemp())
    with TreeMemory() as mem:
        run_backfill(scratch / "mem.duckdb", paths, BackfillSettings(workers=workers))
    shutil.rmtree(scratch)
    return mem.peak / 1e6


def peak_in_subprocess(corpus: Path, files: int, args: argparse.Namespace) -> float:
    """memory_run on the first FILES files, in a fresh interpreter so nothing of this one is counted."""
    out = subprocess.run([sys.executable, __file__, "--memory-run", str(files), "--dir", str(corpus),
                          "--files", str(args.files), "--records", str(args.records), "--relevant", str(args.relevant),
                          "--seed", str(args.seed), "--workers", "2"],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def dask_rates(paths: list[Path], repeats: int, scratch: Path) -> tuple[float, float]:
    """Median records/s on local Dask clusters of 1 and 2 single-threaded worker processes.

    Both clusters stay up and their runs alternate (1, 2, then 2, 1, ...), so that a change in what
    else the machine runs weighs on both alike."""
    from distributed import LocalCluster

    def cluster(n):
        return LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None)

    rates = {1: [], 2: []}
    with cluster(1) as one, cluster(2) as two:
        settings = {1: BackfillSettings(scheduler=one.scheduler_address),
                    2: BackfillSettings(scheduler=two.scheduler_address)}
        for n in (1, 2):
            timed_backfill(paths[:2], settings[n], scratch)  # workers load the extractor once
        for r in range(repeats):
            for n in ((1, 2) if r % 2 == 0 else (2, 1)):
                rates[n].append(timed_backfill(paths, settings[n], scratch)[0])
    return statistics.median(rates[1]), statistics.median(rates[2])


def run(args: argparse.Namespace) -> dict:
    """Every measurement; the JSON line's fields."""
    load_before = os.getloadavg()[0]
    corpus = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="backfill-bench-"))
    scratch = Path(tempfile.mkdtemp(prefix="backfill-bench-db-"))
    try:
        paths = generate(corpus, args.files, args.records, args.relevant, args.seed)
        sample = paths[: max(1, len(paths) // 5)]
        rates = [prefilter_rates(sample) for _ in range(args.repeats)]
        prefilter = statistics.median(r[0] for r in rates)
        read_prefilter = statistics.median(r[1] for r in rates)
        half = max(1, len(paths) // 2)
        # memory does not move with the machine's load as time does: one run each
        peak_half = peak_in_subprocess(corpus, half, args)
        peak_all = peak_in_subprocess(corpus, len(paths), args)
        local_settings = BackfillSettings(workers=2)
        timed_backfill(paths[:1], local_settings, scratch)  # the fork server loads the extractor once
        local_runs = [timed_backfill(paths, local_settings, scratch) for _ in range(args.repeats)]
        local = statistics.median(r[0] for r in local_runs)
        cpu_per_record = statistics.median(r[1] for r in local_runs) / (args.files * args.records)
        dask_1, dask_2 = dask_rates(paths, args.repeats, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not args.dir:
            shutil.rmtree(corpus, ignore_errors=True)
    return {
        "files": args.files, "records": args.files * args.records,
        "relevant_share_in_sample": round(rates[0][3] / rates[0][2], 4),
        "prefilter_records_per_s_per_core": round(prefilter),
        "read_prefilter_records_per_s_per_core": round(read_prefilter),
        "local_records_per_s": round(local, 1),
        "records_per_worker_cpu_s": round(1 / cpu_per_record, 1),
        "dask_records_per_s_1": round(dask_1, 1), "dask_records_per_s_2": round(dask_2, 1),
        "scaling_efficiency": round(dask_2 / (2 * dask_1), 3),
        "peak_rss_mb": round(peak_all, 1), f"peak_rss_mb_{half}_files": round(peak_half, 1),
        f"peak_rss_mb_{len(paths)}_files": round(peak_all, 1),
        "peak_rss_growth": round(peak_all / peak_half, 3),
        "repeats": args.repeats, "load_average_1m_at_start": round(load_before, 2),
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
    }


def summary_lines(result: dict) -> list[str]:
    """Human summary with each target marked."""
    growth = result["peak_rss_growth"]
    marks = [
        ("prefilter >= 5,000 records/s per core", result["prefilter_records_per_s_per_core"] >= TARGET_PREFILTER),
        ("scaling efficiency >= 0.8 from 1 to 2 Dask workers", result["scaling_efficiency"] >= TARGET_SCALING),
        (f"memory flat in the number of files (x{growth:.2f} from half the files)", growth <= MEMORY_GROWTH_LIMIT),
    ]
    return [f"{'met   ' if ok else 'MISSED'} {label}" for label, ok in marks]


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=20)
    p.add_argument("--records", type=int, default=1000, help="page responses per file")
    p.add_argument("--relevant", type=float, default=0.02, help="share of AI-infrastructure articles")
    p.add_argument("--repeats", type=int, default=3, help="runs per measurement; medians are reported")
    p.add_argument("--dir", default=None, help="keep the generated files here and reuse them")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    p.add_argument("--memory-run", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    """Run the benchmark and print its JSON line."""
    args = parse_args(argv)
    if args.memory_run is not None:
        paths = generate(Path(args.dir), args.files, args.records, args.relevant, args.seed)
        print(round(memory_run(paths[: args.memory_run], args.workers), 1))
        return 0
    result = run(args)
    if not args.json:
        for line in summary_lines(result):
            print(line)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
