"""`infratrack backfill` and `infratrack crawl --warc-dir` as users run them: real files, real exit codes; a
crawl's own archive backfilled gives what the crawl extracted; a killed backfill resumes. A whole backfill, the
Dask connect timeout (read from the environment when Dask is imported) and the kill run as real subprocesses;
the other calls go through the same click command in process (tests/cli_inprocess.py)."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from cli_inprocess import invoke
from warc_fixtures import EL_CAPITAN, JEAN_ZAY, JUPITER, Story, day, html_response, standard_files, write_warc

SHARD = re.compile(r"\.[0-9a-f]{12}$")


def run(*args: str, env: dict | None = None, timeout: int = 240):
    return subprocess.run([sys.executable, "-m", "infratrack", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def rows(db_path, sql):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_user_mistakes_are_one_line_and_exit_2(tmp_path):
    db = str(tmp_path / "db.duckdb")
    r = invoke("backfill", str(tmp_path / "nothing-*.warc.gz"), "--db", db)
    assert (r.returncode, r.stderr.strip()) == (2, f"error: no files matched: {tmp_path / 'nothing-*.warc.gz'}")
    files = standard_files(tmp_path / "warc")
    r = invoke("backfill", str(files["a"]), "--db", db, "--since", "2024-02-30")
    assert r.returncode == 2 and "--since '2024-02-30' is not a date" in r.stderr and "Traceback" not in r.stderr
    r = invoke("backfill", str(files["a"]), "--db", db, "--since", "2024-05-01", "--until", "2024-04-01")
    assert r.returncode == 2 and "is not before --until" in r.stderr


@pytest.mark.slow  # a real process: Dask reads its connect timeout from the environment when imported
def test_an_unreachable_scheduler_exits_6(tmp_path):
    files = standard_files(tmp_path / "warc")
    r = run("backfill", str(files["a"]), "--db", str(tmp_path / "db.duckdb"), "--scheduler", "tcp://127.0.0.1:9",
            env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert r.returncode == 6
    assert r.stderr.strip().splitlines()[-1].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "Traceback" not in r.stderr


def test_a_run_reports_each_file_and_exits_1_when_some_failed(tmp_path):
    folder = tmp_path / "warc"
    standard_files(folder)
    db = tmp_path / "db.duckdb"
    r = invoke("backfill", str(folder), "--db", str(db), "--workers", "1")
    assert r.returncode == 1, r.stderr
    lines = r.stderr.splitlines()
    assert any(line.startswith("done    news-a.warc.gz: 4 records, 2 HTML, 1 relevant, 1 articles") for line in lines)
    assert any(line.startswith("FAILED  news-truncated.warc.gz: truncated") for line in lines)
    assert any(line.startswith("FAILED  news-corrupt.warc.gz: corrupt") for line in lines)
    # the cut file's one whole record counts (and is loaded), the corrupt file's none
    assert r.stdout.startswith("files: done 3, already loaded 0, skipped 0, failed 2; records 12, HTML 8, relevant 6")
    assert sorted(p.name[:-13] for p in Path(f"{db}.shards").iterdir()) == ["news-a.warc.gz", "news-b.warc.gz",
                                                                             "news-c.warc.gz", "news-truncated.warc.gz"]
    again = invoke("backfill", str(folder / "news-a.warc.gz"), str(folder / "news-b.warc.gz"), "--db", str(db))
    assert again.returncode == 0
    assert again.stdout.startswith("files: done 0, already loaded 2,")


def test_the_crawls_own_archive_backfills_to_what_the_crawl_extracted(demo_site, tmp_path):
    crawled, backfilled, archive = tmp_path / "crawl.duckdb", tmp_path / "backfill.duckdb", tmp_path / "warc"
    r = invoke("crawl", "--sitemap", f"{demo_site.base_url}/sitemap.xml", "--allow-private-hosts", "--delay", "0",
               "--db", str(crawled), "--warc-dir", str(archive), "--log-json")
    assert r.returncode == 0, r.stderr
    assert invoke("extract", "--db", str(crawled)).returncode == 0
    warcs = sorted(archive.glob("*.warc.gz"))
    assert warcs and not list(archive.glob("*.open"))
    r = invoke("backfill", *map(str, warcs), "--db", str(backfilled), "--workers", "1")
    assert r.returncode == 0, r.stderr
    sql = ("SELECT a.url, a.title, a.publisher, a.lang, a.text, a.published_at FROM articles a ORDER BY a.url")
    articles = rows(crawled, sql)
    assert len(articles) >= 10
    assert rows(backfilled, sql) == articles
    claims_sql = ("SELECT a.url, c.attribute, c.hardware, c.value, c.low, c.high, c.value_text, c.modality, c.as_of, "
                  "c.quote, c.start_offset FROM claims c JOIN articles a USING (article_id) ORDER BY ALL")
    assert rows(backfilled, claims_sql) == rows(crawled, claims_sql)
    assert rows(backfilled, "SELECT count(*) FROM pages WHERE warc_date IS NULL OR warc_file IS NULL") == [(0,)]


def _many_files(folder: Path, count: int) -> list[Path]:
    out = []
    for i in range(count):
        stories = [Story(f"{s.key}-{i}", s.lang, s.publisher, s.published, s.title, s.paragraphs)
                   for s in (JEAN_ZAY, EL_CAPITAN, JUPITER)]
        out.append(write_warc(folder, f"many-{i:02d}.warc.gz", [(html_response(s), day("2024-10-01")) for s in stories]))
    return out


@pytest.mark.slow  # a drill: a real backfill of twelve files killed with SIGKILL, then run again
def test_a_killed_backfill_resumes_where_it_stopped(tmp_path):
    files = _many_files(tmp_path / "warc", 12)
    db = tmp_path / "db.duckdb"
    shards = Path(f"{db}.shards")
    proc = subprocess.Popen([sys.executable, "-m", "infratrack", "backfill", str(tmp_path / "warc"), "--db", str(db),
                             "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 180
    # two complete shards: the first was loaded before the second was written
    while time.monotonic() < deadline and proc.poll() is None:
        if shards.exists() and sum(1 for p in shards.iterdir() if SHARD.search(p.name)) >= 2:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the backfill ended before it could be killed"
    done_before = rows(db, "SELECT count(*) FROM warc_files WHERE status = 'done'")[0][0]
    assert 1 <= done_before < len(files)
    r = run("backfill", str(tmp_path / "warc"), "--db", str(db), "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"files: done {len(files) - done_before}, already loaded {done_before},")
    assert rows(db, "SELECT count(*), count(DISTINCT name) FROM warc_files WHERE status = 'done'") == [(12, 12)]
    assert rows(db, "SELECT count(*) FROM pages") == [(36,)]
    assert rows(db, "SELECT sum(claims) FROM warc_files")[0][0] == rows(db, "SELECT count(*) FROM claims")[0][0] > 0
