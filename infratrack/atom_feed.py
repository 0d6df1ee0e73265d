"""The Atom feed of newly found contradictions, written atomically so a feed reader never sees half a file."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ATOM_NS = "http://www.w3.org/2005/Atom"
ATTRIBUTE_UNITS = {"gpu_count": "GPUs", "power": "MW", "compute": "FLOP/s", "build_time": "days", "cost": "USD",
                   "water": "litres/day"}


def _iso(value: datetime | None) -> str:
    value = value or datetime.now(timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}"


def entry_title(a: dict[str, Any]) -> str:
    """One line naming what disagrees: subject, attribute, the two values and publishers."""
    unit = ATTRIBUTE_UNITS.get(a["attribute"], "")
    hw = f" {a['hardware']}" if a.get("hardware") else ""
    return (f"{a.get('subject') or '?'}: {a['attribute']}{hw} {_number(a.get('value_a'))} ({a.get('publisher_a')}) "
            f"vs {_number(a.get('value_b'))} ({a.get('publisher_b')}) {unit}").strip()


def entry_text(a: dict[str, Any]) -> str:
    """Both quotes with their sources, as plain text (feed readers show it as text, never as HTML)."""
    return (f"Severity {a.get('severity')}; modality {a.get('modality')}.\n\n"
            f"{a.get('publisher_a')} ({a.get('url_a')}):\n\"{a.get('quote_a')}\"\n\n"
            f"{a.get('publisher_b')} ({a.get('url_b')}):\n\"{a.get('quote_b')}\"")


def write_feed(path: str | Path, announcements: list[dict[str, Any]], title: str, feed_id: str) -> Path:
    """Write the feed of ANNOUNCEMENTS (newest first) to PATH, replacing it atomically."""
    path = Path(path)
    ET.register_namespace("", ATOM_NS)
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731
    feed = ET.Element(q("feed"))
    ET.SubElement(feed, q("title")).text = title
    ET.SubElement(feed, q("id")).text = feed_id
    ET.SubElement(feed, q("updated")).text = _iso(announcements[0]["announced_at"] if announcements else None)
    author = ET.SubElement(feed, q("author"))
    ET.SubElement(author, q("name")).text = "infratrack"
    ET.SubElement(feed, q("generator")).text = "infratrack"
    for a in announcements:
        entry = ET.SubElement(feed, q("entry"))
        ET.SubElement(entry, q("id")).text = f"urn:infratrack:contradiction:{a['conflict_id']}"
        ET.SubElement(entry, q("title")).text = entry_title(a)
        ET.SubElement(entry, q("updated")).text = _iso(a["announced_at"])
        for url in (a.get("url_a"), a.get("url_b")):
            # only web links: a javascript: or file: URL from a crawled page never becomes a link
            if url and str(url).lower().startswith(("http://", "https://")):
                ET.SubElement(entry, q("link"), {"rel": "related", "href": str(url)})
        ET.SubElement(entry, q("content"), {"type": "text"}).text = entry_text(a)
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
