"""Exports of the database for researchers: every table and view as Parquet or CSV files."""
from __future__ import annotations

from pathlib import Path

from db.reader import read_connection

# name -> what is written; pages without their raw HTML, which belongs in the database and its bodies folder
EXPORTED = {
    "sources": "SELECT * FROM sources",
    "runs": "SELECT * FROM runs",
    "fetches": "SELECT * FROM fetches",
    "frontier": "SELECT * FROM frontier",
    "robots": "SELECT * FROM robots",
    "pages": "SELECT * EXCLUDE (html_gz) FROM pages",
    "warc_files": "SELECT * FROM warc_files",
    "articles": "SELECT * FROM articles",
    "entities": "SELECT * FROM entities",
    "aliases": "SELECT * FROM aliases",
    "claims": "SELECT * FROM claims",
    "triage": "SELECT * FROM triage",
    "claim_verdicts": "SELECT * FROM claim_verdicts",
    "announcements": "SELECT * FROM announcements",
    "settings": "SELECT * FROM settings",
    "claim_facts": "SELECT * FROM claim_facts",
    "contradictions": "SELECT * FROM contradictions",
    "open_contradictions": "SELECT * FROM open_contradictions",
    "updates": "SELECT * FROM updates",
    "corroboration": "SELECT * FROM corroboration",
    "promises": "SELECT * FROM promises",
}
FORMATS = ("parquet", "csv")


def export(db_path: str | Path, out_dir: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write each table and view to OUT_DIR/<name>.<fmt>; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    options = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
    written = []
    # the folder is made only once the database is open: a wrong --db leaves no empty folder behind
    with read_connection(db_path) as con:
        out.mkdir(parents=True, exist_ok=True)
        for name, query in EXPORTED.items():
            target = out / f"{name}.{fmt}"
            con.execute(f"COPY ({query}) TO '{_quote(target)}' {options}")
            written.append(target)
    return written


def _quote(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
