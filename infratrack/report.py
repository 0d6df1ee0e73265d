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


SETTLED = ("resolved", "dismissed")


def _shown_value(c: dict, side: str) -> str:
    """The figure of one side of a contradiction: a date or place as written, else the number."""
    text = c.get("text_" + side)
    return text if c["value_" + side] is None and text else format_value(c["attribute"], c["value_" + side])


def contradiction_counts(db_path: Path) -> dict[str, int]:
    """How many contradictions are in each status (open, confirmed, resolved, dismissed)."""
    return dict(reader.query(db_path, "SELECT status, count(*) FROM contradictions GROUP BY status ORDER BY status").rows)


def summary_lines(db_path: Path, show_all: bool = False) -> list[str]:
    """Articles, claims per attribute and each contradiction with both quotes, sources and why it
    conflicts; resolved and dismissed ones only with SHOW_ALL."""
    counts = reader.counts(db_path)
    lines = [f"Articles: {counts['articles']} from {counts['publishers']} publishers ({counts['pages']} pages stored)"
             + (f"; {counts['reference_records']} reference records" if counts.get("reference_records") else ""),
             f"Claims: {counts['claims']}"]
    for attribute, n in reader.claims_per_attribute(db_path).items():
        lines.append(f"  {attribute:<12} {n}")
    conflicts = reader.contradictions(db_path).records()
    shown = conflicts if show_all else [c for c in conflicts if c["status"] not in SETTLED]
    hidden = len(conflicts) - len(shown)
    lines.append(f"Contradictions: {len(shown)}" + (f" ({hidden} resolved or dismissed not shown; --all shows them)"
                                                    if hidden else ""))
    for i, c in enumerate(shown, 1):
        hw = f" ({c['hardware']})" if c["hardware"] else ""
        kind = " · unit slip" if c.get("kind") == "unit_slip" else ""
        severity = f" · severity {c['severity']:.2f}" if c["severity"] is not None else ""
        lines.append(f"  [{i}] {c['subject']} · {c['attribute']}{hw} · {c['modality']}{kind}{severity} · {c['status']}")
        days = f", {c['days_apart']} days apart" if c.get("days_apart") is not None else ""
        lines.append(f"      why: {c.get('why') or '?'}{days}")
        if c.get("note"):
            lines.append(f"      verdict: {c['note']}")
        for side in ("a", "b"):
            lines.append(f"      {_shown_value(c, side):>16}  {c['publisher_' + side]}, "
                         f"{c['as_of_' + side] or 'undated'}  {c['url_' + side]}")
            lines.append(f"      {'':>16}  “{_short(c['quote_' + side])}”")
    return lines
