"""Plain-text summaries printed by the CLI."""
from __future__ import annotations

from pathlib import Path

from db import reader

_UNITS = {"power": "MW", "compute": "FLOP/s", "build_time": "days", "cost": "USD", "water": "gal/day"}


def format_value(attribute: str, value: float | None) -> str:
    """A normalised value with its unit, for people."""
    if value is None:
        return "?"
    if attribute == "gpu_count":
        return f"{value:,.0f}"
    if attribute == "cost":
        return f"${value / 1e9:,.1f} billion" if value >= 1e9 else f"${value / 1e6:,.1f} million"
    if attribute == "compute":
        return f"{value:.3g} FLOP/s"
    return f"{value:,.4g} {_UNITS.get(attribute, '')}".strip()


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_lines(db_path: Path) -> list[str]:
    """Articles, claims per attribute and every contradiction with both quotes and sources."""
    counts = reader.counts(db_path)
    lines = [f"Articles: {counts['articles']} from {counts['publishers']} publishers ({counts['pages']} pages stored)",
             f"Claims: {counts['claims']}"]
    for attribute, n in reader.claims_per_attribute(db_path).items():
        lines.append(f"  {attribute:<12} {n}")
    conflicts = reader.contradictions(db_path).records()
    lines.append(f"Contradictions: {len(conflicts)}")
    for i, c in enumerate(conflicts, 1):
        hw = f" ({c['hardware']})" if c["hardware"] else ""
        lines.append(f"  [{i}] {c['subject']} · {c['attribute']}{hw} · {c['modality']} · severity {c['severity']:.2f}")
        for side in ("a", "b"):
            lines.append(f"      {format_value(c['attribute'], c['value_' + side]):>16}  {c['publisher_' + side]}, "
                         f"{c['as_of_' + side]}  {c['url_' + side]}")
            lines.append(f"      {'':>16}  “{_short(c['quote_' + side])}”")
    return lines
