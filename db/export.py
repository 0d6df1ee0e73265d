"""Exports of the database for researchers: every table and view as Parquet or CSV files."""
from __future__ import annotations

from pathlib import Path

from db.reader import read_connection

EXPORTED = ("sources", "runs", "fetches", "frontier", "articles", "entities", "aliases", "claims", "triage",
            "settings", "claim_facts", "contradictions", "open_contradictions", "updates", "corroboration", "promises")
FORMATS = ("parquet", "csv")


def export(db_path: str | Path, out_dir: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write each table and view to OUT_DIR/<name>.<fmt>; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    options = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
    written = []
    with read_connection(db_path) as con:
        for name in EXPORTED:
            target = out / f"{name}.{fmt}"
            # pages are left out: raw HTML belongs in the database, not in an analysis export
            con.execute(f"COPY (SELECT * FROM {name}) TO '{_quote(target)}' {options}")
            written.append(target)
    return written


def _quote(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
