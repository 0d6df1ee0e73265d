"""docs/schema.md is what db/schema_doc.py generates from a migrated database's comments."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from db import schema_doc

SCHEMA_MD = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


@pytest.mark.fresh_schema
def test_docs_schema_md_is_current():
    assert SCHEMA_MD.read_text(encoding="utf-8") == schema_doc.generate(), \
        "docs/schema.md is stale: run `python -m db.schema_doc > docs/schema.md`"


def test_the_reference_follows_the_comments(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE gauges (reading DOUBLE NOT NULL, taken DATE)")
    con.execute("COMMENT ON TABLE gauges IS 'Readings | of a gauge'")
    con.execute("COMMENT ON COLUMN gauges.reading IS 'In <unit>s'")
    con.execute("CREATE VIEW recent AS SELECT taken FROM gauges")
    con.execute("COMMENT ON VIEW recent IS 'The latest readings'")
    con.execute("CREATE MACRO doubled(x) AS 2 * x")
    con.execute("COMMENT ON MACRO doubled IS 'Twice x'")
    text = schema_doc.render(con)
    assert "### gauges\n\nReadings \\| of a gauge\n" in text
    assert "| `reading` | DOUBLE NOT NULL | In &lt;unit>s |" in text
    assert "| `taken` | DATE |  |" in text
    assert "### recent\n\nThe latest readings\n" in text
    assert "`doubled(x)` | scalar | Twice x |" in text
