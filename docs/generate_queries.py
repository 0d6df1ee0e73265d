"""Regenerate docs/queries.md: run each example query on a fresh demo database and record its output.

usage: python docs/generate_queries.py   (builds the demo database in a temp folder; needs no network)
"""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = [
    ("Every contradiction, most severe first",
     "SELECT subject, attribute, hardware, value_a, value_b, severity, publisher_a, publisher_b\n"
     "FROM contradictions ORDER BY severity DESC"),
    ("Both quotes of each open contradiction",
     "SELECT subject, attribute, publisher_a, quote_a, publisher_b, quote_b\nFROM open_contradictions"),
    ("Claims per attribute and modality",
     "SELECT attribute, modality, count(*) AS claims\nFROM claims GROUP BY ALL ORDER BY attribute, modality"),
    ("The GPU-count timeline of xAI Colossus (each point a claim)",
     "SELECT as_of_effective AS as_of, value, hardware, modality, publisher\nFROM claim_facts\n"
     "WHERE subject_key = 'xai-colossus' AND attribute = 'gpu_count'\nORDER BY as_of, value"),
    ("Updates: figures that changed over time (not contradictions)",
     "SELECT subject, attribute, earlier_value, earlier_as_of, later_value, later_as_of, change\nFROM updates"),
    ("Promises: what was planned and what came of it",
     "SELECT subject, attribute, planned_value, planned_as_of, actual_value, actual_as_of, kept\nFROM promises"),
    ("How many independent publishers back each claim",
     "SELECT subject, attribute, value, publisher, corroborating_publishers\nFROM corroboration\n"
     "WHERE attribute IN ('gpu_count', 'power') ORDER BY corroborating_publishers DESC, subject"),
    ("Power figures of every cluster, largest first",
     "SELECT subject, value AS mw, modality, as_of_effective AS as_of, publisher\nFROM claim_facts\n"
     "WHERE attribute = 'power' ORDER BY value DESC"),
    ("Where the clusters are",
     "SELECT DISTINCT subject, value_text AS location\nFROM claims WHERE attribute = 'location' ORDER BY subject"),
    ("Planned online dates",
     "SELECT subject, value_text AS online_from, modality, quote\nFROM claims\n"
     "WHERE attribute = 'online_date' ORDER BY value_text"),
    ("Accelerator models named in the news",
     "SELECT hardware, count(*) AS claims, sum(value) FILTER (WHERE modality = 'actual') AS actual_units\n"
     "FROM claims WHERE hardware IS NOT NULL GROUP BY hardware ORDER BY claims DESC"),
    ("Articles per publisher and language",
     "SELECT publisher, lang, count(*) AS articles, min(published_at)::DATE AS first, max(published_at)::DATE AS last\n"
     "FROM articles GROUP BY ALL ORDER BY publisher"),
    ("The crawl log: outcomes by kind",
     "SELECT kind, outcome, coalesce(reason, '') AS reason, count(*) AS fetches\nFROM fetches GROUP BY ALL ORDER BY kind, outcome"),
    ("What every column means",
     "SELECT table_name, column_name, comment\nFROM duckdb_columns()\n"
     "WHERE table_name = 'claims' ORDER BY column_index LIMIT 8"),
    ("One subject's updates and promises, computed for that subject alone",
     "SELECT 'promise' AS kind, attribute, planned_value AS earlier, actual_value AS later, kept\n"
     "FROM promises_of('xai-colossus')\nUNION ALL\n"
     "SELECT 'update', attribute, earlier_value, later_value, NULL\nFROM updates_of('xai-colossus')\n"
     "ORDER BY kind, attribute, earlier, later"),
    ("Widen the time window to 90 days without changing the settings",
     "SELECT subject, attribute, value_a, value_b, severity\nFROM contradictions_within(90) ORDER BY severity DESC"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    """Build the demo database, run every query, write docs/queries.md."""
    exe = [sys.executable, "-m", "infratrack"]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.duckdb")
        subprocess.run(exe + ["demo", "--db", db, "--port", str(_free_port())], check=True, capture_output=True)
        out = ["# Example queries", "",
               "Worked examples on the demo database (`infratrack demo`), run with `infratrack sql \"...\"`.",
               "The views and macros live in `db/views.sql`; every column is described in [schema.md](schema.md).",
               "Regenerate this page with `python docs/generate_queries.py`.", ""]
        for i, (title, sql) in enumerate(QUERIES, 1):
            res = subprocess.run(exe + ["sql", sql, "--db", db], check=True, capture_output=True, text=True)
            out += [f"## {i}. {title}", "", "```sql", sql + ";", "```", "", "```", res.stdout.rstrip(), "```", ""]
    (HERE / "queries.md").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
