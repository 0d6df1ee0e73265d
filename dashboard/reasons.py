"""Why two claims conflict, in words a reader follows, from the contradictions view's columns."""
from __future__ import annotations

from typing import Any

from dashboard.formatting import format_number


def _percent(value: float | None) -> str:
    return "?" if value is None else f"{format_number(value)}%"


def _when(days: int | None) -> str:
    # days_apart is NULL when the attribute is timeless (a date or a place is one fact, whenever told)
    if days is None:
        return "compared whenever reported (it happens once)"
    if days == 0:
        return "reported the same day"
    return f"reported {days:,} {'day' if days == 1 else 'days'} apart"


def _detail(why: str | None) -> str:
    # the view's why ends with "; level X": the level is said apart, so it is cut here
    return (why or "").split("; level ")[0]


def conflict_reason(pair: dict[str, Any], attribute: str) -> str:
    """One sentence: what kind of conflict (gap beyond tolerance, unit slip, dates or places apart) and how far apart in time."""
    when = _when(pair.get("days_apart"))
    if pair.get("kind") == "unit_slip":
        text = f"Unit slip: {_detail(pair.get('why'))}; {when}"
    elif attribute == "online_date":
        text = f"Dates apart: {_detail(pair.get('why'))}; {when}"
    elif attribute == "location":
        text = f"Places apart: {_detail(pair.get('why'))}; {when}"
    else:
        text = (f"The figures are {_percent(pair.get('gap_pct'))} apart where their rounding and the floor allow "
                f"{_percent(pair.get('tolerance_pct'))}; {when}")
    levels = {pair.get("level_a"), pair.get("level_b")} - {None}
    if len(levels) > 1:
        text += f"; levels {' and '.join(sorted(levels))}"
    return text + "."
