"""Mistakes and accidents around the CLI, on real files: a clear message naming the problem, the
documented exit code, no traceback, and the data left as it was. What needs a process of its own (a
file size limit, dropped privileges) runs as users run it, a subprocess; option and file mistakes go
through the same click command in this process (tests/cli_inprocess.py)."""
from __future__ import annotations

import hashlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cli_inprocess import invoke
from crawler import Source
from db import SCHEMA_VERSION, connection, open_db, writer
from httpserver import Route
from test_crawler import ARTICLE, crawl

ROOT = Path(__file__).resolve().parent.parent
NO_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]  # root without its read-anything power


def run(*args: str, prefix: list[str] | None = None, file_limit: int | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess:
    def limit_file_size() -> None:
        # ignored SIGXFSZ: a write past the limit fails with EFBIG, as on a full disk, instead of killing us
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([*(prefix or []), sys.executable, "-m", "infratrack", *args], capture_output=True,
                          text=True, timeout=240, cwd=cwd, preexec_fn=limit_file_size if file_limit else None,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_clean_failure(r, code: int, *words: str) -> None:
    assert r.returncode == code, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    for word in words:
        assert word in r.stderr, (word, r.stderr)


@pytest.fixture
def stored_db(route_server, tmp_path) -> Path:
    """A database holding two crawled pages: the data every failure below must leave alone."""
    path = tmp_path / "kept.duckdb"
    urls = [route_server.route(f"/kept{i}.html", Route(ARTICLE.replace("100,000", f"{i + 1}00,000"))) for i in range(2)]
    crawl(path, [Source(u, "seed", u) for u in urls])
    return path


# -- sources file and options ---------------------------------------------------------------------

@pytest.mark.parametrize("body, words", [
    ('[[source]]\nurl = "https://feeds.example/ai.xml\n', ["line 2"]),  # unclosed string
    ('[[source]]\nurl = "https://feeds.example/ai.xml"\nkind = "newsletter"\n', ["line 1", "'kind' must be one of"]),
    ('[[source]]\nurl = "https://feeds.example/ai.xml"\n\n[[source]]\nname = "No URL"\n', ["line 4", "'url' must be"]),
    ('[[source]]\nurl = "https://feeds.example/ai.xml"\nmax_age_days = "a week"\n', ["line 1", "'max_age_days'"]),
    ("\ufeff\x00\x01binary junk".encode("utf-16"), ["cannot read"]),
    ('defaults = 3\n[[source]]\nurl = "https://feeds.example/ai.xml"\n', ["line 1", "'defaults' must be a table"]),
    ("source = [1]\n", ["line 1", "'source' must be an array of tables"]),
    ('[defaults]\nmax_agedays = 3\n\n[[source]]\nurl = "https://feeds.example/ai.xml"\n', ["line 1", "max_agedays"]),
    ('[[source]]\nname = 5\nurl = "https://feeds.example/ai.xml"\n', ["line 1", "'name' must be"]),
    ('[[source]]\nurl = "https://feeds.example:99999/ai.xml"\n', ["line 1", "https://feeds.example:99999/ai.xml",
                                                                   "port '99999'"]),
])
def test_a_malformed_sources_file_is_named_and_nothing_is_crawled(stored_db, tmp_path, body, words):
    bad = tmp_path / "sources.toml"
    bad.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    before = digest(stored_db)
    r = invoke("crawl", "--sources", str(bad), "--db", str(stored_db))
    assert_clean_failure(r, 2, str(bad), *words)
    assert digest(stored_db) == before


def test_sources_add_leaves_a_malformed_file_as_it_was(tmp_path, monkeypatch):
    broken = '[[source]]\nurl = "https://feeds.example/ai.xml"\nenabled = "maybe"\n'
    (tmp_path / "sources.toml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = invoke("sources", "add", "https://other.example/rss")
    assert_clean_failure(r, 2, "sources.toml, line 1", "'enabled' must be true or false")
    assert (tmp_path / "sources.toml").read_text(encoding="utf-8") == broken


@pytest.mark.parametrize("option, url, problem", [
    ("--seed", "http://example.com:99999/a", "port '99999' is not a number from 1 to 65535"),
    ("--feed", "http://[::1/feed.xml", "cannot be parsed"),
    ("--sitemap", "ftp://example.com/sitemap.xml", "not http or https"),
])
def test_an_unusable_url_option_is_named_and_nothing_is_crawled(tmp_path, option, url, problem):
    db = tmp_path / "new.duckdb"
    r = invoke("crawl", "--db", str(db), "--seed", "https://fine.example/a", option, url)
    assert_clean_failure(r, 2, f"{option} {url}", problem)
    assert not db.exists()  # refused before the database is even created


def test_sources_add_refuses_an_unusable_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke("sources", "add", "http://example.com:99999/a")
    assert_clean_failure(r, 2, "http://example.com:99999/a", "port '99999' is not a number from 1 to 65535")
    assert not (tmp_path / "sources.toml").exists()


@pytest.mark.parametrize("args", [["--verbose-mode"], ["sql", "SELECT 1", "--fromat", "csv"]])
def test_an_unknown_option_is_named_with_exit_2(args):
    r = invoke(*args)
    bogus = next(a for a in args if a.startswith("--"))
    assert_clean_failure(r, 2, "No such option", bogus)


def test_a_bad_option_value_is_named_with_exit_2(stored_db):
    r = invoke("crawl", "--db", str(stored_db), "--max-pages", "many")
    assert_clean_failure(r, 2, "'many' is not a valid integer")


# -- the database file -----------------------------------------------------------------------------

def _no_read_prefix() -> list[str]:
    """How to run a command that chmod 000 really stops; skips when this machine offers none."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") and subprocess.run([*NO_DAC, "true"], capture_output=True).returncode == 0:
        return NO_DAC
    pytest.skip("running as root, which reads files whatever their mode, and setpriv cannot drop that here")


@pytest.mark.parametrize("command", [["status"], ["extract"], ["sql", "SELECT count(*) FROM pages"],
                                     ["crawl", "--seed", "http://127.0.0.1:9/x.html", "--allow-private-hosts"]])
def test_an_unreadable_database_is_reported_and_left_alone(stored_db, command):
    prefix = _no_read_prefix()
    before = digest(stored_db)
    stored_db.chmod(0)
    try:
        r = run(*command, "--db", str(stored_db), prefix=prefix)
        assert_clean_failure(r, 3, str(stored_db), "Permission denied")
    finally:
        stored_db.chmod(0o644)
    assert digest(stored_db) == before


@pytest.mark.parametrize("content, command", [
    (b"Notes on GPU clusters, not a database.\n" * 200, ["status"]),
    (b"SQLite format 3\x00" + bytes(4080), ["extract"]),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, ["sql", "SELECT 1"]),
    (b"DUCK" + os.urandom(8000), ["crawl", "--seed", "http://127.0.0.1:9/x.html", "--allow-private-hosts"]),
])
def test_a_file_that_is_not_a_duckdb_database_is_refused_and_kept(tmp_path, content, command):
    path = tmp_path / "infratrack.duckdb"
    path.write_bytes(content)
    r = invoke(*command, "--db", str(path))
    assert_clean_failure(r, 3, str(path))
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["infratrack.duckdb"], "no WAL or side file left"


@pytest.mark.parametrize("command", [["status"], ["extract"], ["check"],
                                     ["crawl", "--seed", "http://127.0.0.1:9/x.html", "--allow-private-hosts"]])
def test_a_database_from_a_newer_infratrack_is_refused_and_kept(stored_db, command):
    con = duckdb.connect(str(stored_db))
    con.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION + 1])
    con.close()
    before = digest(stored_db)
    r = invoke(*command, "--db", str(stored_db))
    assert_clean_failure(r, 3, str(stored_db), f"schema version {SCHEMA_VERSION + 1}", "newer")
    assert digest(stored_db) == before


# -- a full disk ---------------------------------------------------------------------------------------

def _pages(route_server, n: int) -> list[str]:
    # random hex, which gzip cannot shrink much: storing these pages makes the database grow
    rng = random.Random(6)
    urls = []
    for i in range(n):
        words = " ".join(f"{rng.getrandbits(96):024x}" for _ in range(8_000))
        html = f"<html><head><title>Site {i}</title></head><body><article><p>{words}.</p></article></body></html>"
        urls.append(route_server.route(f"/site{i}.html", Route(html)))
    return urls


@pytest.mark.slow  # a drill: two crawls of 60 large pages in real processes, one under a file size limit
def test_a_full_disk_stops_the_crawl_with_a_message_and_loses_nothing(route_server, stored_db):
    def stored_pages(con) -> list[tuple]:
        return sorted((p.url, p.content_hash, p.html) for p in writer.pages_to_extract(con, everything=True))

    with connection(stored_db) as con:
        kept = stored_pages(con)
    urls = _pages(route_server, 60)
    seeds = [arg for u in urls for arg in ("--seed", u)]
    room = stored_db.stat().st_size + 256 * 1024
    r = run("crawl", *seeds, "--db", str(stored_db), "--allow-private-hosts", "--delay", "0", file_limit=room)
    assert_clean_failure(r, 3, "the disk is full or a file size limit was reached", "File too large")

    with connection(stored_db, read_only=False) as con:  # opens: the file is sound
        after = [p for p in stored_pages(con) if p[0] in {k[0] for k in kept}]
        stored = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    assert sorted(after) == kept, "every page committed before the disk filled is intact"
    # with room again, the next run fetches what the failed one could not store
    again = run("crawl", *seeds, "--db", str(stored_db), "--allow-private-hosts", "--delay", "0")
    assert again.returncode == 0, again.stderr
    with connection(stored_db) as con:
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == len(kept) + len(urls) > stored


FILL = """
import sys
from datetime import date
from db import connection, writer
from db.errors import disk_full
from db.records import ArticleRecord, ClaimRecord

n = 0
try:
    with connection(sys.argv[1]) as con:
        while True:
            text = " ".join(f"Site {n} word {i} of a long report on power and cooling." for i in range(400))
            article = ArticleRecord(f"fill-{n}", f"https://fill.example/{n}", text, "Filler", f"h{n}", "test",
                                    title=f"Report {n}")
            claims = [ClaimRecord(f"Site {n}", "power", "MW", "actual", text[:40], 0, 40, "test",
                                  value=float(n + k), low=float(n + k), high=float(n + k), as_of=date(2025, 1, 1))
                      for k in range(3)]
            writer.save_extraction(con, article, claims)
            n += 1
            print(f"committed {n}", flush=True)
except Exception as exc:
    print(f"failed: {disk_full(exc)}", flush=True)
    sys.exit(3)
"""


def test_writes_that_hit_the_size_limit_keep_every_committed_article_whole(tmp_path):
    path = tmp_path / "fill.duckdb"
    open_db(path).close()
    room = path.stat().st_size + 1024 * 1024

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    r = subprocess.run([sys.executable, "-c", FILL, str(path)], capture_output=True, text=True, timeout=240,
                       preexec_fn=limit_file_size, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)})
    lines = r.stdout.splitlines()
    assert r.returncode == 3, r.stdout[-500:] + r.stderr
    assert lines[-1].startswith("failed: ") and "File too large" in lines[-1], lines[-1]
    committed = int(lines[-2].split()[1])
    assert committed >= 1
    with connection(path) as con:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        per_article = con.execute("SELECT article_id, count(*) FROM claims GROUP BY ALL HAVING count(*) <> 3").fetchall()
    assert articles == committed, "every commit that returned is there, and nothing else"
    assert per_article == [], "no article without all of its claims"
