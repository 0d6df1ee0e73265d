"""Text decoding as the WHATWG Encoding Standard says browsers do it, for the crawler and the backfill
alike (one function, crawler.fetch.decode_body): iso-8859-1, latin1 and us-ascii labels mean
windows-1252, in the header and in <meta>, and byte order marks (UTF-32 too) outrank any label."""
from __future__ import annotations

import pytest

from backfill import BackfillSettings, run_backfill
from crawler.fetch import Fetcher, FetchSettings, Response, decode_body
from db import writer
from httpserver import Route
from test_backfill import rows
from test_crawler import UA
from warc_fixtures import day, write_warc

# curly quotes, the euro sign and œ are bytes 0x80-0x9f in windows-1252: C1 controls in real latin-1
COST = ("<p>« Le chantier du centre de données coûtera 1,2 milliard d’euros », a déclaré la "
        "présidente du syndicat mixte, qui évoque un “cœur numérique” de 40 € le mégawattheure.</p>")
PAGE = f"<html><head><title>Le cœur du projet</title></head><body><article>{COST * 3}</article></body></html>"


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "latin1", "l1", "us-ascii", "ascii", "ibm819", "csisolatin1"])
def test_a_western_label_on_windows_1252_bytes_reads_as_windows_1252(label):
    assert decode_body(PAGE.encode("cp1252"), f"text/html; charset={label}") == PAGE


@pytest.mark.parametrize("meta", ['<meta charset="iso-8859-1">', "<meta charset=us-ascii>",
                                  '<meta http-equiv="Content-Type" content="text/html; charset=latin1">'])
def test_the_same_labels_in_a_meta_tag(meta):
    page = PAGE.replace("<head>", f"<head>{meta}")
    assert decode_body(page.encode("cp1252"), "text/html") == page


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_a_utf32_byte_order_mark_wins(encoding):
    bom = "\ufeff".encode(encoding)
    assert decode_body(bom + PAGE.encode(encoding), "text/html; charset=iso-8859-1") == PAGE


def test_a_crawled_page_labelled_latin1_keeps_its_euros(route_server):
    url = route_server.route("/cout.html", Route(PAGE.encode("cp1252"), content_type="text/html; charset=ISO-8859-1"))
    with Fetcher(FetchSettings(UA, allow_private_hosts=True)) as fetcher:
        text = fetcher.get(url).text()
    assert "1,2 milliard d’euros" in text and "“cœur numérique”" in text and "40 €" in text


def test_a_backfilled_page_labelled_latin1_keeps_its_euros(tmp_path):
    url = "https://www.lefilducalcul.example/2025/03/cout.html"
    page = PAGE.replace("<title>", "<meta charset='iso-8859-1'><title>").replace(
        "centre de données", "centre de données pour supercalculateur et GPU")
    resp = Response(url, url, 200, {"content-type": "text/html; charset=iso-8859-1"}, page.encode("cp1252"))
    warc = write_warc(tmp_path, "latin1.warc.gz", [(resp, day("2025-03-04"))])
    db_path = tmp_path / "db.duckdb"
    run_backfill(db_path, [warc], BackfillSettings(workers=1))
    [(text,)] = rows(db_path, f"SELECT text FROM articles WHERE article_id = '{writer.page_id(url)}'")
    assert "1,2 milliard d’euros" in text and "40 €" in text
