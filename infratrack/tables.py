"""Query results as text: an aligned table for people, CSV or JSON lines for programs."""
from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal

_GROUP_FROM = 10_000  # below this a whole number is written bare: years and small counts read better so
_MAX_WIDTH = 60


def cell(value) -> str:
    """One value as a person reads it: whole numbers in full with thousands separators, never 1.742e+18."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, Decimal)):
        return _number(value)
    return str(value).replace("\n", " ")


def _number(value) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value == int(value):
        whole = int(value)
        return f"{whole:,}" if abs(whole) >= _GROUP_FROM else str(whole)
    text = f"{Decimal(repr(value)) if isinstance(value, float) else value:f}"  # positional, never an exponent
    head, _, tail = text.partition(".")
    head = f"{int(head):,}" if abs(int(head)) >= _GROUP_FROM else head
    if head == "0" and text.startswith("-"):
        head = "-0"
    return f"{head}.{tail[:6].rstrip('0') or '0'}" if tail[:6].rstrip("0") else head


def count_of(n: int, noun: str = "row") -> str:
    """'1 row', '2 rows'."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """ROWS under COLUMNS as an aligned table, CSV, or JSON lines (one object per row)."""
    if fmt == "json":
        return "\n".join(json.dumps(dict(zip(columns, r)), ensure_ascii=False, default=str) for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        w.writerows(rows)
        return buf.getvalue().rstrip("\n")
    cells = [[cell(v) for v in r] for r in rows]
    widths = [min(_MAX_WIDTH, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool)
                                  for r in rows if r[i] is not None) for i in range(len(columns))]

    def line(vals: list[str]) -> str:
        return " | ".join(v[:w].rjust(w) if num else v[:w].ljust(w) for v, w, num in zip(vals, widths, numeric))

    out = [line(list(columns)), "-+-".join("-" * w for w in widths)] + [line(r) for r in cells]
    return "\n".join(out + [f"({count_of(len(rows))})"])
