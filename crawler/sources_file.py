"""Reading a sources.toml for a crawl, and editing one in place keeping the user's comments and layout (tomlkit)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import tomlkit

from crawler.sources import Source, SourcesError, default_sources_path, load_sources, parse_sources


def sources_to_crawl(path: str | Path) -> list[Source]:
    """The sources PATH lists, for a crawl; SourcesError when it lists none."""
    sources = load_sources(path)
    if not sources:
        # an empty file is a mistake (a wrong path, a file not yet filled), not a crawl that fetches nothing
        raise SourcesError(f"no sources in {path}: add [[source]] tables, e.g. with `infratrack sources add URL`")
    return sources


def _read(path: Path) -> tomlkit.TOMLDocument:
    text = path.read_text(encoding="utf-8") if path.exists() else default_sources_path().read_text(encoding="utf-8")
    parse_sources(text, str(path))  # refuse to edit a file that is already broken
    return tomlkit.parse(text)


def _write(path: Path, doc: tomlkit.TOMLDocument) -> None:
    text = tomlkit.dumps(doc)
    parse_sources(text, str(path))
    # write beside and rename, so a crash never leaves a half-written sources file
    fd, tmp = tempfile.mkstemp(prefix=".sources-", suffix=".toml", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_source(path: Path, source: Source) -> None:
    """Append a source (the bundled defaults are copied first when the file does not exist)."""
    doc = _read(path)
    if any(t.get("url") == source.url for t in doc.get("source", [])):
        raise SourcesError(f"{path}: {source.url} is already listed")
    table = tomlkit.table()
    table.add("name", source.name)
    table.add("kind", source.kind)
    table.add("url", source.url)
    if source.lang:
        table.add("lang", source.lang)
    if source.keywords:
        table.add("keywords", list(source.keywords))
    if source.entities:
        table.add("entities", list(source.entities))
    if source.max_age_days is not None:
        table.add("max_age_days", source.max_age_days)
    if source.delay is not None:
        table.add("delay", source.delay)
    if "source" not in doc:
        doc.add("source", tomlkit.aot())
    doc["source"].append(table)
    _write(path, doc)


def set_enabled(path: Path, url: str, enabled: bool) -> None:
    """Enable or disable the source with this URL."""
    doc = _read(path)
    for table in doc.get("source", []):
        if table.get("url") == url:
            table["enabled"] = enabled
            _write(path, doc)
            return
    raise SourcesError(f"{path}: no source with url {url}")
