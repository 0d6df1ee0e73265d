"""WARC and ARC files in the shapes real archivers write them, for the backfill reader's tests.

Heritrix 3: a warcinfo record, then per URI a `response` (a `dns:` lookup is a response whose block
is the DNS answer in text, with no HTTP part at all), its `request` and a `metadata` record of
outlinks; a URI fetched again unchanged is a `revisit` with HTTP headers and no body. wget
(--warc-file): WARC/1.0, warcinfo, request/response pairs, then `metadata` and `resource` records
of its manifest, arguments and log. Both compress each record as its own gzip member. ARC v1 (the
Internet Archive's format before WARC): a `filedesc://` version block, then one header line per
record, each record its own gzip member in `.arc.gz`. Pages are our own text.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WHEN = "2024-09-03T12:00:00Z"


def news_html(title: str, sentence: str) -> bytes:
    """A small news page about AI infrastructure."""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1><p>{sentence}</p><p>{sentence}</p></article></body></html>").encode()


PAGE_ONE = ("https://www.gridwatch.example/2024/09/cluster.html",
            news_html("A new GPU cluster in Ohio", "The data center in Columbus will run 20,000 Nvidia H100 GPUs "
                      "and draw 40 MW when it opens next spring."))
PAGE_TWO = ("https://www.gridwatch.example/2024/09/campus.html",
            news_html("Campus gets its power line", "The campus near Reno will draw 300 MW for its AI "
                      "supercomputer of 50,000 GPUs, the utility said."))


def pages(host: str = "www.gridwatch.example") -> tuple[tuple[str, bytes], tuple[str, bytes]]:
    """Two relevant news pages on HOST: (url, body) each."""
    return ((f"https://{host}/2024/09/cluster.html", PAGE_ONE[1]), (f"https://{host}/2024/09/campus.html", PAGE_TWO[1]))


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _response(writer: WARCWriter, url: str, body: bytes, version: str = "WARC/1.0"):
    http = _http("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": WHEN})


def _request(writer: WARCWriter, url: str, agent: str):
    host = url.split("/")[2]
    http = StatusAndHeaders(f"GET /{url.split('/', 3)[3]} HTTP/1.1", [("User-Agent", agent), ("Host", host)],
                            is_http_request=True)
    return writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http,
                                     warc_headers_dict={"WARC-Date": WHEN})


def heritrix_warc(path: Path, host: str = "www.gridwatch.example") -> Path:
    """A Heritrix-style WARC.gz: warcinfo, dns: response, responses with requests and metadata, a revisit."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True, warc_version="1.0")
        w.write_record(w.create_warcinfo_record(path.name, {
            "software": "Heritrix/3.4.0-20220727 http://crawler.archive.org", "format": "WARC File Format 1.0",
            "isPartOf": "gridwatch-news", "http-header-user-agent": "Mozilla/5.0 (compatible; heritrix/3.4.0)"}))
        dns = b"20240903115959\nwww.gridwatch.example.\t300\tIN\tA\t192.0.2.10\n"
        w.write_record(w.create_warc_record("dns:www.gridwatch.example", "response", payload=io.BytesIO(dns),
                                            warc_content_type="text/dns", warc_headers_dict={"WARC-Date": WHEN}))
        for url, body in pages(host):
            w.write_record(_response(w, url, body))
            w.write_record(_request(w, url, "Mozilla/5.0 (compatible; heritrix/3.4.0)"))
            w.write_record(w.create_warc_record(url, "metadata", payload=io.BytesIO(
                b"via: https://www.gridwatch.example/\nhopsFromSeed: L\noutlink: https://www.gridwatch.example/ L a/@href\n"),
                warc_content_type="application/warc-fields", warc_headers_dict={"WARC-Date": WHEN}))
        first = pages(host)[0][0]
        revisit_http = _http("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                        ("Content-Length", str(len(PAGE_ONE[1])))])
        w.write_record(w.create_revisit_record(first, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
                                               first, WHEN, http_headers=revisit_http))
    return path


def wget_warc(path: Path, host: str = "www.gridwatch.example") -> Path:
    """A wget-style WARC.gz: WARC/1.0, warcinfo, request/response pairs, then its metadata and resource records."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True, warc_version="1.0")
        w.write_record(w.create_warcinfo_record(path.name, {
            "software": "Wget/1.21.3 (linux-gnu)", "format": "WARC File Format 1.0",
            "robots": "classic", "wget-arguments": "\"--warc-file=news\" \"https://www.gridwatch.example/\""}))
        for url, body in pages(host):
            w.write_record(_request(w, url, "Wget/1.21.3"))
            w.write_record(_response(w, url, body))
        w.write_record(w.create_warc_record("metadata://gnu.org/software/wget/warc/MANIFEST.txt", "metadata",
                                            payload=io.BytesIO(b"<urn:uuid:00000000-0000-0000-0000-000000000001>\n"),
                                            warc_content_type="text/plain", warc_headers_dict={"WARC-Date": WHEN}))
        for name, text in (("wget_arguments.txt", b"\"--warc-file=news\" \"https://www.gridwatch.example/\"\n"),
                           ("wget.log", b"Saving to: 'index.html'\n2 files downloaded\n")):
            w.write_record(w.create_warc_record(f"metadata://gnu.org/software/wget/warc/{name}", "resource",
                                                payload=io.BytesIO(text), warc_content_type="text/plain",
                                                warc_headers_dict={"WARC-Date": WHEN}))
    return path


def odd_records_warc(path: Path) -> Path:
    """A WARC.gz whose middle response has a block that is no HTTP message at all, between two good pages."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True, warc_version="1.0")
        w.write_record(_response(w, *PAGE_ONE))
    # written by hand: warcio's writer would refuse a block that is no HTTP message
    junk = b"\x00\x01 this is not an HTTP response \xff\xfe\r\n\r\n"
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://www.gridwatch.example/odd\r\n"
            f"WARC-Date: {WHEN}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000a>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(junk)}\r\n\r\n")
    with open(path, "ab") as f:
        f.write(gzip.compress(head.encode() + junk + b"\r\n\r\n"))
        w = WARCWriter(f, gzip=True, warc_version="1.0")
        w.write_record(_response(w, *PAGE_TWO))
    return path


def arc_file(path: Path, host: str = "www.gridwatch.example") -> Path:
    """An ARC v1 file (.arc.gz: one gzip member per record) holding the two pages, as the Internet Archive wrote them."""
    def member(header: str, block: bytes) -> bytes:
        return gzip.compress(header.encode() + b"\n" + block + b"\n")

    org = b"1 0 Gridwatch Archive\nURL IP-address Archive-date Content-type Archive-length\n"
    parts = [member(f"filedesc://{path.name} 0.0.0.0 20240903120000 text/plain {len(org)}", org)]
    for url, body in pages(host):
        block = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                 + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        parts.append(member(f"{url} 192.0.2.10 20240903120000 text/html {len(block)}", block))
    path.write_bytes(b"".join(parts))
    return path


def cut_inside_last_member(path: Path, out: Path) -> Path:
    """A copy of PATH cut in the middle of its last gzip member, as an interrupted download leaves it."""
    data = path.read_bytes()
    last = data.rfind(b"\x1f\x8b\x08")
    out.write_bytes(data[: last + (len(data) - last) // 2])
    return out
