"""Epoch AI's GPU-cluster data (a CSV the user downloads; CC-BY) as claims of a reference source,
so news claims are checked against curated values too."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from extract.claims import Claim, Period, resolve_subject
from extract.hardware import find_hardware

PUBLISHER = "Epoch AI (reference)"
REQUIRED_COLUMNS = ("Name", "Status")
_MODALITY_BY_STATUS = {"planned": "planned"}
_MODALITY_BY_CERTAINTY = {"confirmed": "actual", "likely": "reported", "unlikely": "hypothetical"}


class ReferenceError(Exception):
    """The file is not an Epoch AI GPU-cluster CSV."""


@dataclass(frozen=True)
class ReferenceRecord:
    """One row of the dataset: a pseudo-article (its text is the row) and its claims."""

    key: str
    name: str
    url: str
    text: str
    published: date | None
    claims: list[Claim]


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    v = value.strip().replace(",", "").replace("$", "")
    if not v:
        return None
    try:
        return float(v)
    except ValueError:
        return None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10]) if value and value.strip() else None
    except ValueError:
        return None


def _modality(row: dict) -> str:
    status = (row.get("Status") or "").strip().lower()
    if status in _MODALITY_BY_STATUS:
        return _MODALITY_BY_STATUS[status]
    return _MODALITY_BY_CERTAINTY.get((row.get("Certainty") or "").strip().lower(), "actual")


def _hardware(chip_type: str | None) -> str | None:
    hits = find_hardware(chip_type or "")
    return hits[0].name if hits else None


def _row_record(row: dict) -> ReferenceRecord | None:
    name = (row.get("Name") or "").strip()
    if not name:
        return None
    entity = resolve_subject(name)
    when = _date(row.get("First Operational Date"))
    mode = _modality(row)
    facts: list[tuple[str, str, float | None, str | None, str]] = []  # attribute, unit, value, hardware, label
    for qty, kind in (("Chip quantity (primary)", "Chip type (primary)"), ("Chip quantity (secondary)", "Chip type (secondary)")):
        n = _number(row.get(qty))
        if n:
            facts.append(("gpu_count", "count", n, _hardware(row.get(kind)), f"{qty}: {n:,.0f} {row.get(kind) or ''}".strip()))
    total = _number(row.get("Total number of AI chips"))
    if total and not any(f[2] == total for f in facts):
        facts.append(("gpu_count", "count", total, None, f"Total number of AI chips: {total:,.0f}"))
    power = _number(row.get("Reported Power Capacity (MW)")) or _number(row.get("Power Capacity (MW)"))
    if power:
        facts.append(("power", "MW", power, None, f"Power capacity: {power:g} MW"))
    cost = _number(row.get("Reported Cost")) or _number(row.get("Hardware Cost"))
    if cost:
        facts.append(("cost", "USD", cost, None, f"Cost: ${cost:,.0f}"))
    if when:
        facts.append(("online_date", "date", None, None, f"First operational: {when.isoformat()}"))
    place = ", ".join(p for p in ((row.get("Location") or "").strip(), (row.get("Country") or "").strip()) if p)
    if place:
        facts.append(("location", "place", None, None, f"Location: {place}"))
    # the record's text lists its facts, one per line, so each claim quotes the line it comes from
    lines = [f"{name} ({row.get('Status') or 'unknown status'}, {row.get('Certainty') or 'unknown certainty'})"]
    claims = []
    offset = len(lines[0]) + 1
    for attribute, unit, value, hw, label in facts:
        claims.append(Claim(subject=entity.name, entity_id=entity.id, attribute=attribute, hardware=hw,
                            value=value, low=value, high=value, unit=unit, modality=mode,
                            as_of=Period.of_day(when) if when else None, lang="en", quote=label,
                            start=offset, end=offset + len(label), speaker="Epoch AI",
                            entity_kind=entity.kind, entity_parent=entity.parent,
                            place=place if attribute == "location" else None,
                            period=Period.of_day(when) if attribute == "online_date" and when else None))
        lines.append(label)
        offset += len(label) + 1
    if row.get("Quote"):
        lines.append(row["Quote"].strip())
    source = next((row.get(f"Source {i}") for i in range(1, 6) if (row.get(f"Source {i}") or "").startswith("http")), None)
    url = source or f"https://epoch.ai/data/gpu-clusters#{re.sub(r'[^a-z0-9]+', '-', name.lower())}"
    return ReferenceRecord(f"epoch:{name}", name, url, "\n".join(lines), when, claims)


def read_epoch_csv(data: str, origin: str = "the CSV") -> list[ReferenceRecord]:
    """Parse the CSV text into reference records; raises ReferenceError naming what is wrong."""
    reader = csv.DictReader(io.StringIO(data))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceError(f"{origin}: not an Epoch AI GPU-cluster CSV (missing column(s): {', '.join(missing)})")
    out = []
    for row in reader:
        rec = _row_record(row)
        if rec is not None:
            out.append(rec)
    return out
