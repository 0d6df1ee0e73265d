"""The infratrack command line: parses options, calls a stage, maps the outcome to an exit code."""
from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import click

from crawler import SourcesError, default_sources_path, load_sources, source_for_url
from crawler.redact import redact_url
from crawler.sources import KINDS
from crawler.sources_file import add_source, set_enabled, sources_to_crawl
from db import DatabaseError, connection, reader, watches
from db.connection import require_database
from db.errors import QueryRefused, QueryTimedOut, disk_full
from db.records import EntityRecord
from db.writer import add_alias, set_setting, upsert_entities
from infratrack import settings
from infratrack.announce import write_watch_feed
from infratrack.config import Config, ConfigError, load_config
from infratrack.documents import DocumentError, claims_for, read_document
from infratrack.report import summary_lines
from infratrack import exit_codes
from infratrack.interrupts import MESSAGE as INTERRUPTED, received_signal, signal_name, signals_as_exceptions
from infratrack.run_lock import RunLock, RunLocked

EXIT_OK = exit_codes.OK
EXIT_FAILURES = exit_codes.FAILURES
EXIT_USAGE = exit_codes.USAGE
EXIT_DATABASE = exit_codes.DATABASE
EXIT_DEMO_PORT = exit_codes.DEMO_PORT
EXIT_LOCKED = exit_codes.LOCKED
EXIT_SCHEDULER = exit_codes.SCHEDULER


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(func):
    """Turn expected errors into one clear line on stderr and a documented exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            if received_signal() is not None:
                raise  # it failed because Ctrl-C or SIGTERM stopped it: _Main reports the interruption
            _explain(exc)
            raise

    return wrapper


def _explain(exc: Exception) -> None:
    """Exit with EXC's one line and documented code if it is a foreseen error; return if it is not."""
    if isinstance(exc, DatabaseError):
        _fail(str(exc), EXIT_DATABASE)
    if isinstance(exc, (ConfigError, SourcesError, DocumentError, QueryRefused, QueryTimedOut)):
        _fail(str(exc), EXIT_USAGE)
    if isinstance(exc, RunLocked):
        _fail(str(exc), EXIT_LOCKED)
    reason = disk_full(exc)
    if reason is not None:
        _fail(f"cannot write: the disk is full or a file size limit was reached ({reason}); everything "
              "committed before this point is kept: free some space and run the command again", EXIT_DATABASE)


def db_option(func):
    """--db PATH, shared by every command that touches the database."""
    # readable=False: an unreadable file is the database layer's to report (exit 3), as when it comes from $INFRATRACK_DB
    return click.option("--db", "db", type=click.Path(dir_okay=False, readable=False), default=None,
                        help=f"Database file (default: ${settings.DB_ENV} or ./{settings.DEFAULT_DB}).")(func)


def config_option(func):
    """--config FILE, shared by every command that reads the configuration."""
    return click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                        help=f"TOML configuration file (default: ${settings.CONFIG_ENV} or ./{settings.DEFAULT_CONFIG_FILE} if present).")(func)


def format_option(func):
    """--format table|json: a table for people, one JSON document for scripts."""
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
                        help="table for people, json: one JSON document on stdout for scripts.")(func)


def _echo_json(document) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, default=str, indent=2))


def _config(config_file: str | None, **flags) -> Config:
    return load_config(config_file, **{k: v for k, v in flags.items() if v is not None})


def _crash_report(exc: BaseException) -> str:
    """Write EXC's traceback to a log file of its own and return its path (the terminal gets one line)."""
    import tempfile
    import traceback
    from datetime import datetime, timezone

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = Path(tempfile.gettempdir()) / f"infratrack-error-{stamp}-{os.getpid()}.log"
    try:
        path.write_text(f"infratrack {' '.join(sys.argv[1:])}\n" + "".join(traceback.format_exception(exc)),
                        encoding="utf-8")
    except OSError:
        return "no log: the temporary folder is not writable"
    return str(path)


def _interrupted_code() -> int:
    return exit_codes.SIGTERM if received_signal() == signal.SIGTERM else exit_codes.SIGINT


class _Main(click.Group):
    """The command group that turns signals and unforeseen errors into documented exit codes."""

    def invoke(self, ctx: click.Context):
        """Run the subcommand; Ctrl-C exits 130, SIGTERM 143, an unexpected error 70 with its log's path."""
        try:
            with signals_as_exceptions():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            _fail(INTERRUPTED, _interrupted_code())
        except click.UsageError as exc:
            # one line, as every other mistake: the message and where help is, without the usage block
            if exc.ctx is not None:
                exc.message = f"{exc.message} (see `{exc.ctx.command_path} --help`)"
                exc.ctx = None
            raise
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug: one line, the traceback in a file, never exit 1
            if received_signal() is not None:  # a library's own error for the signal (DuckDB: "Query interrupted")
                _fail(INTERRUPTED, _interrupted_code())
            first = (str(exc).splitlines() or [""])[0]
            _fail(f"unexpected {type(exc).__name__}: {first} (details in {_crash_report(exc)}); please report it",
                  exit_codes.SOFTWARE)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="infratrack")
def main() -> None:
    """infratrack: track and fact-check AI-infrastructure news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["auto", "en", "fr", "de", "es"]), default="auto", show_default=True,
              help="Language of the documents; auto uses the declared or detected language.")
def claims(paths: tuple[str, ...], lang: str) -> None:
    """Print the claims of local .html/.txt files (or - for stdin) as JSON lines."""
    failed = 0
    for path in paths:
        try:
            name, content = read_document(path)
        except DocumentError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        for row in claims_for(name, content, lang, on_skip=lambda reason, name=name: click.echo(
                f"skipped {name}: {reason}", err=True)):
            click.echo(json.dumps(row, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_USAGE)


def _sources_path(cfg: Config) -> Path:
    """The sources file in effect: the configured one, else ./sources.toml if present, else the bundled one."""
    if cfg.sources_file:
        return Path(cfg.sources_file)
    local = Path(settings.SOURCES_FILE)
    return local if local.exists() else default_sources_path()


@main.command()
@db_option
@config_option
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), default=None,
              help="sources.toml to read (default: the bundled one, unless URLs are given).")
@click.option("--feed", "feeds", multiple=True, help="Crawl this RSS/Atom feed (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, help="Crawl this sitemap or sitemap index (repeatable).")
@click.option("--seed", "seeds", multiple=True, help="Fetch this article URL (repeatable).")
@click.option("--allow-private-hosts", is_flag=True, default=None, help="Allow loopback and private addresses (tests, intranets).")
@click.option("--delay", type=click.FloatRange(min=0), default=None, help=f"Minimum seconds between requests to one host (default {settings.CRAWL_DELAY_S}).")
@click.option("--max-pages", type=click.IntRange(min=0), default=None, help=f"Stop after this many page fetches (default {settings.MAX_PAGES_PER_RUN}).")
@click.option("--log-json", is_flag=True, help="One JSON log line per event on stderr.")
@click.option("--warc-dir", type=click.Path(file_okay=False), default=None,
              help="Also archive every page response as WARC/1.1 (gzip per record) in rotating files in this folder.")
@handle_errors
def crawl(db, config_file, sources_file, feeds, sitemaps, seeds, allow_private_hosts, delay, max_pages, log_json,
          warc_dir) -> None:
    """Fetch new articles from feeds, sitemaps and seed URLs into the database."""
    cfg = _config(config_file, db_path=db, sources_file=sources_file, allow_private_hosts=allow_private_hosts,
                  delay_s=delay, max_pages=max_pages)
    # checked here, so a bad URL is refused before the database is opened rather than deep in the crawl
    sources = [source_for_url(kind, u, f"--{kind}") for kind, urls in (("feed", feeds), ("sitemap", sitemaps),
                                                                       ("seed", seeds)) for u in urls]
    if cfg.sources_file or not sources:
        sources = sources_to_crawl(_sources_path(cfg)) + sources
    from infratrack.pipeline import run_crawl
    from infratrack.progress import CrawlReporter

    with RunLock(cfg.db_path, "crawl"), CrawlReporter(log_json) as reporter:
        summary = run_crawl(cfg, sources, reporter, Path(warc_dir) if warc_dir else None)
    result = summary.as_dict()
    if log_json:
        click.echo(json.dumps({"event": "summary", **result}), err=True)
    else:
        fails = ", ".join(f"{k} {v}" for k, v in sorted(summary.failures.items())) or "none"
        c = summary.counts
        click.echo(f"fetched {c['fetched']} (new {c['new']}, changed {c['changed']}, duplicate {c['duplicate']}, "
                   f"near-duplicate {c['near_duplicate']}), unchanged {c['unchanged']}, already known {c['known']}, "
                   f"skipped {c['robots_disallowed'] + c['content_type'] + c['consent_wall'] + c['paywall']}, "
                   f"left for next run {c['left_queued']}, failed {summary.failed} ({fails})")
    sys.exit(EXIT_FAILURES if summary.failed else EXIT_OK)


@main.command("run")
@db_option
@config_option
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), default=None,
              help="sources.toml to read (default: the configured one, else ./sources.toml, else the bundled one).")
@click.option("--allow-private-hosts", is_flag=True, default=None, help="Allow loopback and private addresses (tests, intranets).")
@click.option("--delay", type=click.FloatRange(min=0), default=None, help=f"Minimum seconds between requests to one host (default {settings.CRAWL_DELAY_S}).")
@click.option("--max-pages", type=click.IntRange(min=0), default=None, help=f"Stop after this many page fetches (default {settings.MAX_PAGES_PER_RUN}).")
@click.option("--log-json", is_flag=True, help="JSON log lines on stderr even on a terminal (the default elsewhere, e.g. under cron).")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None,
              help="Write the JSON log lines to this file instead, rotated at 10 MB (5 kept).")
@click.option("--atom", "feed_file", type=click.Path(dir_okay=False), default=None,
              help="Atom feed of new contradictions (default: <db name>-contradictions.atom beside the database).")
@click.option("--webhook", "webhook_url", default=None,
              help=f"POST new contradictions as JSON to this URL (better: ${settings.WEBHOOK_ENV}, kept out of `ps`).")
@handle_errors
def run_cmd(db, config_file, sources_file, allow_private_hosts, delay, max_pages, log_json, log_file, feed_file,
            webhook_url) -> None:
    """Crawl, extract and check in one job (for cron): one instance at a time per database."""
    from infratrack.progress import CrawlReporter
    from infratrack.runlog import EventLog
    from infratrack.runner import run_job

    cfg = _config(config_file, db_path=db, sources_file=sources_file, allow_private_hosts=allow_private_hosts,
                  delay_s=delay, max_pages=max_pages, feed_file=feed_file, webhook_url=webhook_url)
    sources = sources_to_crawl(_sources_path(cfg))
    human = not (log_json or log_file) and sys.stderr.isatty()
    log = CrawlReporter(False) if human else EventLog(log_file)
    try:
        with RunLock(cfg.db_path, "run"):
            if human:
                with log:
                    outcome = run_job(cfg, sources, log)
            else:
                outcome = run_job(cfg, sources, log)
        if not human:
            log({"event": "run_finished", "run_id": outcome.run_id, "status": "partial" if outcome.partial else "ok",
                 **outcome.as_dict()})
    except BaseException as exc:
        if not human and (isinstance(exc, KeyboardInterrupt) or received_signal() is not None):
            log({"event": "run_interrupted", "signal": signal_name()})  # why the run has no run_finished line
        raise
    finally:
        if not human:
            log.close()
    c, e, a = outcome.crawl, outcome.extract, outcome.announced
    click.echo(f"run {outcome.run_id}: fetched {c.counts['fetched']} (new {c.counts['new']}), failed {c.failed}; "
               f"extracted {e.articles} articles, {e.claims} claims, failed {e.failed}; "
               f"new contradictions {a.new}" + (f", webhook delivered {a.delivered}" if cfg.webhook_url else "")
               + (f"; error: {a.error}" if a.error else ""))
    sys.exit(EXIT_FAILURES if outcome.partial else EXIT_OK)


# -- backfill -----------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--since", default=None, help="Only records archived on or after this date (WARC-Date, YYYY-MM-DD, UTC).")
@click.option("--until", default=None, help="Only records archived up to this date, inclusive (YYYY-MM-DD, UTC).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool on this machine; dask: a Dask distributed cluster.")
@click.option("--scheduler", default=None,
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --engine dask; without it, "
                   "--engine dask starts a local cluster).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes for the local pool or local cluster (default: the number of cores).")
@db_option
@config_option
@handle_errors
def backfill(paths, since, until, engine, scheduler, workers, db, config_file) -> None:
    """Load history from WARC / WARC.gz files (Common Crawl News, or crawl --warc-dir) into the database."""
    from backfill import BackfillSettings, InputError, SchedulerUnreachable, parse_window, resolve_files, run_backfill
    from infratrack.backfill_progress import BackfillReporter

    cfg = _config(config_file, db_path=db)
    try:
        files = resolve_files(list(paths))
        start, end = parse_window(since, until)
    except InputError as exc:
        _fail(str(exc), EXIT_USAGE)
    settings = BackfillSettings(since=start, until=end, engine=engine, scheduler=scheduler,
                                **({"workers": workers} if workers else {}))
    try:
        with RunLock(cfg.db_path, "backfill"), BackfillReporter() as reporter:
            summary = run_backfill(Path(cfg.db_path), files, settings, reporter)
    except SchedulerUnreachable as exc:
        _fail(str(exc), EXIT_SCHEDULER)
    f, c = summary.files, summary.counts
    click.echo(f"files: done {f['done']}, already loaded {f['already_done']}, skipped {f['skipped']}, "
               f"failed {f['failed']}; records {c['records']:,}, HTML {c['html']:,}, relevant {c['relevant']:,}, "
               f"articles {c['articles']:,}, claims {c['claims']:,}; pages new {c['pages_new']:,}, "
               f"changed {c['pages_changed']:,}")
    sys.exit(EXIT_FAILURES if summary.failed else EXIT_OK)


@main.group()
def sources() -> None:
    """List and edit the sources file (infratrack sources list|add|disable|enable)."""


def sources_file_option(func):
    """--sources FILE for the sources commands."""
    return click.option("--sources", "sources_file", type=click.Path(dir_okay=False), default=None,
                        help=f"Sources file (default: the configured one, else ./{settings.SOURCES_FILE}; "
                             "edits create it from the bundled defaults).")(func)


@sources.command("list")
@sources_file_option
@config_option
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None, help="Also show each source's last fetch from this database.")
@format_option
@handle_errors
def sources_list(sources_file, config_file, db, fmt) -> None:
    """List the sources with their settings (and last fetch status with --db)."""
    cfg = _config(config_file, sources_file=sources_file, db_path=db)
    path = _sources_path(cfg)
    status: dict[str, tuple] = {}
    if db or Path(cfg.db_path).exists():
        try:
            res = reader.query(cfg.db_path, "SELECT url, last_fetched_at, last_status FROM sources")
            status = {r[0]: r[1:] for r in res.rows}
        except DatabaseError:
            status = {}
    rows = []
    for s in load_sources(path):
        shown = redact_url(s.url)  # as the database keeps it: no password or token on screen or in a log
        last = status.get(shown, (None, None))
        if fmt == "json":
            rows.append({"name": s.name, "kind": s.kind, "lang": s.lang, "enabled": s.enabled,
                         "keywords": list(s.keywords or ()), "last_fetch": last[0], "last_status": last[1],
                         "url": shown})
            continue
        rows.append((s.name, s.kind, s.lang or "", "yes" if s.enabled else "no", ",".join(s.keywords or ()),
                     str(last[0] or ""), last[1] or "", shown))
    if fmt == "json":
        _echo_json(rows)
        return
    click.echo(f"{path}:")
    click.echo(_render(["name", "kind", "lang", "enabled", "keywords", "last_fetch", "last_status", "url"], rows, "table"))


@sources.command("add")
@click.argument("url")
@click.option("--kind", type=click.Choice(KINDS), default="feed", show_default=True)
@click.option("--name", default=None, help="Human name (default: the host).")
@click.option("--lang", default=None, help="Language hint, e.g. en or fr.")
@click.option("--keyword", "keywords", multiple=True, help="Relevance keyword (repeatable).")
@click.option("--entity", "entities", multiple=True,
              help="Keep entries naming this registry entity under any of its names, e.g. 'xAI Colossus' (repeatable).")
@click.option("--max-age-days", type=float, default=None, help="Skip entries older than this.")
@click.option("--delay", type=click.FloatRange(min=0), default=None, help="Seconds between requests to this host.")
@sources_file_option
@config_option
@handle_errors
def sources_add(url, kind, name, lang, keywords, entities, max_age_days, delay, sources_file, config_file) -> None:
    """Add a source to the sources file."""
    from crawler.sources import parse_sources
    cfg = _config(config_file, sources_file=sources_file)
    path = Path(cfg.sources_file or settings.SOURCES_FILE)
    entry = {"url": url, "kind": kind, "name": name, "lang": lang, "keywords": list(keywords) or None,
             "entities": list(entities) or None, "max_age_days": max_age_days, "delay": delay}
    body = "[[source]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in entry.items() if v is not None)
    [source] = parse_sources(body, "the new source")  # same validation as the file
    add_source(path, source)
    click.echo(f"added {source.name} ({source.kind}) to {path}")


def _switch_source(url: str, enabled: bool, sources_file, config_file) -> None:
    cfg = _config(config_file, sources_file=sources_file)
    path = Path(cfg.sources_file or settings.SOURCES_FILE)
    set_enabled(path, url, enabled)
    click.echo(f"{'enabled' if enabled else 'disabled'} {url} in {path}")


@sources.command("disable")
@click.argument("url")
@sources_file_option
@config_option
@handle_errors
def sources_disable(url, sources_file, config_file) -> None:
    """Disable the source with this URL (kept in the file, skipped by crawls)."""
    _switch_source(url, False, sources_file, config_file)


@sources.command("enable")
@click.argument("url")
@sources_file_option
@config_option
@handle_errors
def sources_enable(url, sources_file, config_file) -> None:
    """Enable the source with this URL again."""
    _switch_source(url, True, sources_file, config_file)


@main.group()
def reference() -> None:
    """Load curated reference data that news claims are checked against."""


@reference.command("import-epoch")
@click.argument("csv_file", type=click.Path(dir_okay=False))
@db_option
@config_option
@handle_errors
def reference_import_epoch(csv_file, db, config_file) -> None:
    """Import a downloaded copy of Epoch AI's GPU-cluster CSV (CC-BY) as claims of a reference source."""
    from extract.reference_epoch import ReferenceError
    from infratrack.pipeline import import_epoch

    cfg = _config(config_file, db_path=db)
    name, content = read_document(csv_file)
    try:
        with RunLock(cfg.db_path, "reference import-epoch"):
            counts = import_epoch(cfg.db_path, content, name)
    except ReferenceError as exc:
        _fail(str(exc), EXIT_USAGE)
    click.echo(f"imported {counts['records']} clusters, {counts['claims']} reference claims "
               "(source: Epoch AI, 'Data on GPU Clusters', CC-BY)")


@main.group()
def entities() -> None:
    """List and edit the clusters, sites and companies claims are about."""


@entities.command("list")
@db_option
@config_option
@click.option("--origin", type=click.Choice(["registry", "discovered", "user"]), default=None,
              help="Only entities of this origin.")
@format_option
@handle_errors
def entities_list(db, config_file, origin, fmt) -> None:
    """List entities with their aliases and claim counts."""
    cfg = _config(config_file, db_path=db)
    res = reader.entity_rows(cfg.db_path)
    rows = [r for r in res.rows if origin is None or r[3] == origin]
    if fmt == "json":
        _echo_json([dict(zip(res.columns, r)) for r in rows])
    else:
        click.echo(_render(res.columns, rows, "table"))


@entities.command("add")
@click.argument("name")
@click.option("--id", "entity_id", default=None, help="Stable id (default: a slug of the name).")
@click.option("--kind", type=click.Choice(["cluster", "site", "system", "programme", "company", "phase"]), default="cluster",
              show_default=True)
@click.option("--parent", default=None, help="Id of the owner, or of the whole this is a phase of.")
@click.option("--alias", "aliases", multiple=True, help="Another name it goes by (repeatable).")
@db_option
@config_option
@handle_errors
def entities_add(name, entity_id, kind, parent, aliases, db, config_file) -> None:
    """Add (or update) an entity of your own."""
    cfg = _config(config_file, db_path=db)
    eid = entity_id or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    with RunLock(cfg.db_path, "entities add"), connection(cfg.db_path) as con:
        upsert_entities(con, [EntityRecord(eid, name, kind, parent, "user", tuple(aliases))])
    click.echo(f"entity {eid}: {name} ({kind})")


@entities.command("alias")
@click.argument("alias")
@click.argument("entity_id")
@db_option
@config_option
@handle_errors
def entities_alias(alias, entity_id, db, config_file) -> None:
    """Map a name to an entity: its claims are then grouped with that entity's (e.g. merge a discovered name)."""
    cfg = _config(config_file, db_path=db)
    with RunLock(cfg.db_path, "entities alias"), connection(cfg.db_path) as con:
        try:
            add_alias(con, alias, entity_id)
        except KeyError:
            _fail(f"no entity with id {entity_id}; see `infratrack entities list`", EXIT_USAGE)
    click.echo(f"{alias!r} now names {entity_id}")


@main.group()
def watch() -> None:
    """Follow one subject: its own Atom feed and webhook posts of the contradictions about it."""


@watch.command("add")
@click.argument("entity")
@click.option("--attribute", type=click.Choice(watches.ATTRIBUTES), default=None,
              help="Only contradictions of this attribute (default: every attribute).")
@db_option
@config_option
@handle_errors
def watch_add(entity, attribute, db, config_file) -> None:
    """Watch ENTITY (an id, a name or an alias; its sites and phases too) and write its feed."""
    cfg = _config(config_file, db_path=db)
    with RunLock(cfg.db_path, "watch add"), connection(cfg.db_path) as con:
        try:
            entity_id, name = watches.resolve_entity(con, entity)
        except watches.UnknownEntity as exc:
            _fail(str(exc), EXIT_USAGE)
        added = watches.add(con, watches.Watch(entity_id, attribute))
        feed = write_watch_feed(con, cfg, added)
    about = f"{name} ({entity_id})" + (f", {attribute}" if attribute else "")
    click.echo(f"watch {added.watch_id}: {about}\nfeed: {feed}")


@watch.command("list")
@db_option
@config_option
@format_option
@handle_errors
def watch_list(db, config_file, fmt) -> None:
    """List the watches, with their feed files and the contradictions announced about each."""
    cfg = _config(config_file, db_path=db)
    with reader.read_connection(cfg.db_path) as con:
        rows = [{"watch": w.watch_id, "entity": w.entity_id, "attribute": w.attribute or "every",
                 "origin": w.origin, "contradictions": len(watches.latest(con, w, 1_000_000)),
                 "feed": str(cfg.watch_feed_path(w.slug))} for w in watches.all_watches(con)]
        # watches of the configuration file the database does not hold yet (the next run adds them)
        pending = []
        for name, attribute in cfg.watches:
            try:
                wanted = watches.Watch(watches.resolve_entity(con, name)[0], attribute).watch_id
            except watches.UnknownEntity:
                wanted = None
            if wanted not in {r["watch"] for r in rows}:
                pending.append(name + (f" ({attribute})" if attribute else ""))
    if fmt == "json":
        _echo_json(rows)
        return
    if not rows:
        click.echo("no watches; add one with `infratrack watch add ENTITY [--attribute A]`")
    else:
        columns = list(rows[0])
        click.echo(_render(columns, [tuple(r[c] for c in columns) for r in rows], "table"))
    if pending:
        click.echo(f"in the configuration, taken up by the next run: {', '.join(pending)}")


@watch.command("remove")
@click.argument("watch_id")
@db_option
@config_option
@handle_errors
def watch_remove(watch_id, db, config_file) -> None:
    """Stop watching WATCH_ID (as `watch list` shows it); its feed file is left as it was."""
    cfg = _config(config_file, db_path=db)
    with RunLock(cfg.db_path, "watch remove"), connection(cfg.db_path) as con:
        found = {w.watch_id: w for w in watches.all_watches(con)}.get(watch_id)
        if found is None:
            _fail(f"no watch {watch_id!r}; see `infratrack watch list`", EXIT_USAGE)
        if found.origin == "config":
            _fail(f"watch {watch_id!r} comes from the configuration file: remove its [[watch]] table there",
                  EXIT_USAGE)
        watches.remove(con, watch_id)
    click.echo(f"watch {watch_id} removed")


@main.group("settings", invoke_without_command=True)
@db_option
@config_option
@format_option
@click.pass_context
@handle_errors
def settings_cmd(ctx, db, config_file, fmt) -> None:
    """Show the contradiction check's numbers (window, tolerances); `settings set` changes one."""
    # the group's --db and --config hold for `settings set` too, unless it is given its own
    ctx.obj = {"db": db, "config_file": config_file}
    if ctx.invoked_subcommand is None:
        cfg = _config(config_file, db_path=db)
        res = reader.query(cfg.db_path, "SELECT key, value, note FROM settings ORDER BY key")
        if fmt == "json":
            _echo_json({k: {"value": v, "note": n} for k, v, n in res.rows})
        else:
            click.echo(_render(res.columns, res.rows, "table"))


# ignore_unknown_options: "window_days -3" is a value to refuse with its reason, not an unknown option "-3"
@settings_cmd.command("set", context_settings={"ignore_unknown_options": True})
@click.argument("key")
@click.argument("value", type=float)
@db_option
@config_option
@click.pass_context
@handle_errors
def settings_set(ctx, key, value, db, config_file) -> None:
    """Change one number of the contradiction check; the contradictions are recomputed at once."""
    from infratrack.config import check_setting

    parent = ctx.obj or {}
    cfg = _config(config_file or parent.get("config_file"), db_path=db or parent.get("db"))
    check_setting(key, value)
    # a setting written to a database made by a mistyped path would be lost to the real one
    require_database(cfg.db_path)
    with RunLock(cfg.db_path, "settings set"), connection(cfg.db_path) as con:
        try:
            set_setting(con, key, value)
        except KeyError:
            _fail(f"no setting {key!r}; see `infratrack settings`", EXIT_USAGE)
    click.echo(f"{key} = {value:g}")


@main.command()
@db_option
@config_option
@click.option("--all", "everything", is_flag=True, help="Re-extract every stored page (after an upgrade).")
@handle_errors
def extract(db, config_file, everything) -> None:
    """Extract articles and claims from stored pages that are new or changed."""
    cfg = _config(config_file, db_path=db)
    from infratrack.pipeline import run_extract

    with RunLock(cfg.db_path, "extract"):
        s = run_extract(cfg.db_path, everything)
    click.echo(f"pages {s.pages}, articles {s.articles}, claims {s.claims}, without article {s.empty}, "
               f"not read (unsupported language) {s.unsupported_language}, failed {s.failed}")
    for err in s.errors[:10]:
        click.echo(f"  failed {err}", err=True)
    sys.exit(EXIT_FAILURES if s.failed else EXIT_OK)


@main.command()
@db_option
@config_option
@click.option("--all", "show_all", is_flag=True, help="Also list resolved and dismissed contradictions.")
@format_option
@handle_errors
def check(db, config_file, show_all, fmt) -> None:
    """Print the contradictions between sources, with both quotes and why they conflict."""
    cfg = _config(config_file, db_path=db)
    if fmt == "json":
        from infratrack.report import SETTLED

        _echo_json([c for c in reader.contradictions(cfg.db_path).records() if show_all or c["status"] not in SETTLED])
        return
    for line in summary_lines(cfg.db_path, show_all):
        click.echo(line)


@main.command()
@click.argument("claim_id")
@click.argument("verdict", type=click.Choice(["wrong", "right", "clear"]))
@click.option("--note", help="Why, in your words.")
@db_option
@config_option
@handle_errors
def verdict(claim_id, verdict, note, db, config_file) -> None:
    """Judge one claim wrong or right (or clear it): settles every contradiction it is in."""
    from db import triage

    cfg = _config(config_file, db_path=db)
    if verdict == "clear":
        found = triage.clear_claim_verdict(cfg.db_path, claim_id)
        click.echo(f"{claim_id}: verdict cleared" if found else f"{claim_id}: had no verdict")
        return
    try:
        triage.set_claim_verdict(cfg.db_path, claim_id, verdict, note)
    except triage.TriageError as exc:
        _fail(str(exc), EXIT_USAGE)
    click.echo(f"{claim_id}: judged {verdict}")


def _render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    from infratrack.tables import render

    return render(columns, rows, fmt)


@main.command()
@click.argument("query")
@db_option
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "parquet"]), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of the terminal (required for parquet).")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop the query after this many seconds (default: no limit).")
@handle_errors
def sql(query, db, config_file, fmt, output, timeout_s) -> None:
    """Run a read-only SQL query on the database."""
    import duckdb

    cfg = _config(config_file, db_path=db)
    if fmt == "parquet" and not output:
        _fail("--format parquet writes a binary file: give --output FILE.parquet", EXIT_USAGE)
    from infratrack.tables import count_of

    try:
        res = reader.user_query(cfg.db_path, query, timeout_s=timeout_s, arrow=fmt == "parquet")
    except duckdb.Error as exc:
        _fail(f"query failed: {str(exc).splitlines()[0]}", EXIT_USAGE)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        # DuckDB's own Arrow conversion: every column keeps its type (INTEGER stays int32, an empty or
        # all-NULL column its declared type), which rows of Python values would lose
        pq.write_table(res.arrow, output)
        click.echo(f"{count_of(res.arrow.num_rows)} written to {output}", err=True)
        return
    text = _render(res.columns, res.rows, fmt)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"{count_of(len(res.rows))} written to {output}", err=True)
    else:
        click.echo(text)


@main.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@db_option
@config_option
@handle_errors
def export_cmd(out_dir, fmt, db, config_file) -> None:
    """Export every table and view (claims, contradictions, updates ...) as Parquet or CSV files into OUT_DIR."""
    from db.export import export

    cfg = _config(config_file, db_path=db)
    files = export(cfg.db_path, out_dir, fmt)
    click.echo(f"{len(files)} files written to {out_dir}")


def _run_record(run: dict) -> dict:
    """A runs row for JSON output: its counters as an object, not a string of JSON."""
    counts = run.get("counts")
    if isinstance(counts, str):
        try:
            run = {**run, "counts": json.loads(counts)}
        except ValueError:
            pass
    return run


@main.command()
@db_option
@config_option
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True, help="How many runs to show.")
@click.option("--all", "show_all", is_flag=True, help="Also count resolved and dismissed contradictions.")
@format_option
@handle_errors
def status(db, config_file, limit, show_all, fmt) -> None:
    """Show the database's contents, its open contradictions and the latest runs."""
    from infratrack.report import SETTLED, contradiction_counts

    cfg = _config(config_file, db_path=db)
    counts = reader.counts(cfg.db_path)
    if fmt == "json":
        by_status = contradiction_counts(cfg.db_path)
        runs = reader.recent_runs(cfg.db_path, limit)
        _echo_json({"db": str(cfg.db_path), "counts": counts,
                    "contradictions": {k: v for k, v in by_status.items() if show_all or k not in SETTLED},
                    "runs": [_run_record(r) for r in runs.records()]})
        return
    click.echo(f"{cfg.db_path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    by_status = contradiction_counts(cfg.db_path)
    shown = {k: v for k, v in by_status.items() if show_all or k not in SETTLED}
    click.echo(f"contradictions: {sum(shown.values())}" + "".join(f", {k} {v}" for k, v in shown.items())
               + ("" if show_all or not set(by_status) & set(SETTLED) else " (resolved and dismissed: --all)"))
    runs = reader.recent_runs(cfg.db_path, limit)
    click.echo(_render(runs.columns, runs.rows, "table"))


@main.command()
@db_option
@config_option
@click.option("--host", default=settings.DASHBOARD_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=settings.DASHBOARD_PORT, show_default=True, help="Port to listen on.")
@handle_errors
def dashboard(db, config_file, host, port) -> None:
    """Open the Streamlit dashboard on the database."""
    cfg = _config(config_file, db_path=db)
    if not Path(cfg.db_path).exists():
        _fail(f"{cfg.db_path}: no such database; run `infratrack demo` or `infratrack crawl` first", EXIT_DATABASE)
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    env = {**os.environ, settings.DB_ENV: str(Path(cfg.db_path).resolve())}
    cmd = [sys.executable, "-m", "dashboard.serve", "run", str(app), f"--server.address={host}", f"--server.port={port}",
           *settings.DASHBOARD_FLAGS]
    click.echo(f"dashboard on http://{host}:{port} (Ctrl-C to stop)", err=True)
    child = subprocess.Popen(cmd, env=env)
    try:
        sys.exit(child.wait())
    except KeyboardInterrupt:
        # the server must stop with us: a dashboard left serving on its port after `kill` is a leak
        child.send_signal(signal.SIGTERM if received_signal() == signal.SIGTERM else signal.SIGINT)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        sys.exit(EXIT_OK)


@main.command()
@db_option
@config_option
@click.option("--port", type=int, default=settings.DEMO_PORT, show_default=True, help="Port of the local demo site.")
@click.option("--delay", type=click.FloatRange(min=0), default=0.05, show_default=True, help="Seconds between requests to the demo host.")
@handle_errors
def demo(db, config_file, port, delay) -> None:
    """Serve the bundled demo news site locally, crawl and extract it, and print what it found."""
    cfg = _config(config_file, db_path=db, delay_s=delay)
    from infratrack.demo import run_demo

    try:
        with RunLock(cfg.db_path, "demo"):
            crawl_counts, extract_counts = run_demo(cfg, port)
    except OSError as exc:
        _fail(f"cannot serve the demo site on 127.0.0.1:{port} ({exc.strerror}); try --port N", EXIT_DEMO_PORT)
    click.echo(f"Crawled the demo site: {crawl_counts.get('fetched', 0)} pages fetched, "
               f"{crawl_counts.get('known', 0)} already known, {crawl_counts.get('failed', 0)} failed, "
               f"{crawl_counts.get('robots_disallowed', 0)} refused by robots.txt")
    click.echo(f"Extracted {extract_counts['articles']} articles, {extract_counts['claims']} claims")
    for line in summary_lines(cfg.db_path):
        click.echo(line)
    db_arg = "" if str(cfg.db_path) == settings.DEFAULT_DB else f" --db {cfg.db_path}"
    click.echo(f"\nOpen the dashboard: infratrack dashboard{db_arg}   (or: make dashboard)")
