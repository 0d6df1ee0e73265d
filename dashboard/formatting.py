"""Numbers with their units, and guards for showing untrusted article text."""
from __future__ import annotations

import html
import json
import math
import string
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

# Unit of claims.value for each attribute (see the comment on claims.attribute); the
# contradictions view carries the attribute but not the unit.
ATTRIBUTE_UNITS = {
    "gpu_count": "count",
    "power": "MW",
    "compute": "FLOP/s",
    "build_time": "days",
    "cost": "USD",
    "water": "gal/day",
    "online_date": "date",
    "location": "place",
}

ATTRIBUTE_LABELS = {
    "gpu_count": "GPU count",
    "power": "power",
    "compute": "compute",
    "build_time": "build time",
    "cost": "cost",
    "water": "water use",
    "online_date": "online date",
    "location": "location",
}

_SI_PREFIXES = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"]
_USD_SCALES = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]
_MISSING = "n/a"
_MARKDOWN_SPECIALS = frozenset(string.punctuation)


def attribute_label(attribute: str) -> str:
    """Human name of a claim attribute."""
    return ATTRIBUTE_LABELS.get(attribute, attribute)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float) -> str:
    """A plain number with thousands separators and at most two decimals: 100,000 or 1.5."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_count(value: float | None) -> str:
    """A count: 100,000."""
    return _MISSING if _missing(value) else format_number(round(value))


def format_mw(value: float | None) -> str:
    """Power in megawatts: 150 MW."""
    return _MISSING if _missing(value) else f"{format_number(value)} MW"


def scientific(value: float) -> str:
    """A number in compact scientific notation with three significant digits: 1.06e19."""
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


def format_flops(value: float | None) -> str:
    """Compute with an SI prefix: 10.6 EFLOP/s (scientific notation outside 1 to 1e27)."""
    if _missing(value):
        return _MISSING
    if value == 0:
        return "0 FLOP/s"
    exponent = math.floor(math.log10(abs(value)) / 3)
    scaled = float(f"{value / 1000**exponent:.3g}") if 0 <= exponent < len(_SI_PREFIXES) else None
    # rounding can carry into the next prefix: 999.96e15 is 1 EFLOP/s, not 1000 PFLOP/s
    if scaled is not None and abs(scaled) >= 1000:
        exponent += 1
        scaled = float(f"{value / 1000**exponent:.3g}") if exponent < len(_SI_PREFIXES) else None
    if scaled is None:
        return f"{scientific(value)} FLOP/s"
    return f"{scaled:g} {_SI_PREFIXES[exponent]}FLOP/s"


def format_usd(value: float | None) -> str:
    """An amount in US dollars: $5.0 billion, $750.0 million, $250,000."""
    if _missing(value):
        return _MISSING
    sign = "-" if value < 0 else ""
    amount = abs(value)
    for scale, word in _USD_SCALES:
        if amount >= scale:
            return f"{sign}${amount / scale:,.1f} {word}"
    return f"{sign}${format_number(amount)}"


def format_days(value: float | None) -> str:
    """A duration in days: 122 days."""
    if _missing(value):
        return _MISSING
    return f"{format_number(value)} {'day' if value == 1 else 'days'}"


def format_value(attribute: str, value: float | None) -> str:
    """A claim's normalised value with the unit of its attribute."""
    unit = ATTRIBUTE_UNITS.get(attribute)
    if unit == "count":
        return format_count(value)
    if unit == "MW":
        return format_mw(value)
    if unit == "FLOP/s":
        return format_flops(value)
    if unit == "USD":
        return format_usd(value)
    if unit == "days":
        return format_days(value)
    if _missing(value):
        return _MISSING
    return f"{format_number(value)} {unit}" if unit else format_number(value)


def format_date(value: date | None) -> str:
    """An ISO date, or n/a."""
    return value.isoformat() if value is not None else _MISSING


def format_timestamp(value: datetime | None) -> str:
    """A timestamp in UTC to the minute: 2024-09-03 13:10 UTC, or n/a."""
    if value is None:
        return _MISSING
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def format_severity(value: float | None) -> str:
    """Severity (relative gap between the two values) with two decimals."""
    return _MISSING if _missing(value) else f"{value:.2f}"


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link a browser may open, else None."""
    if not url:
        return None
    # Browsers drop whitespace and control characters inside a scheme ("java\tscript:"),
    # so any of them makes the URL suspect rather than something to normalise.
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character, so text shows literally in a markdown element."""
    # CommonMark lets any ASCII punctuation be escaped, which also disarms links, HTML, emphasis
    # and Streamlit's :color[...] directives; escaping a fixed set would miss new syntax.
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)


def highlight_html(text: str, spans: list[tuple[int, int, str]]) -> str:
    """TEXT as escaped HTML with each (start, end, label) span wrapped in <mark title="label">."""
    # Every piece of text and every label goes through html.escape, so the result holds no markup
    # but our own <mark> tags. Overlapping spans (several claims in one sentence) are merged.
    valid = sorted((s, e, label) for s, e, label in spans if 0 <= s < e <= len(text))
    merged: list[list] = []
    for start, end, label in valid:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if label not in merged[-1][2]:
                merged[-1][2].append(label)
        else:
            merged.append([start, end, [label]])
    out, pos = [], 0
    for start, end, labels in merged:
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark title="{html.escape(", ".join(labels), quote=True)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def plural(count: int, word: str, many: str | None = None) -> str:
    """A count with its noun agreeing: 1 claim, 2 claims, 1,200 sources."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def format_run_counts(counts: str | dict | None) -> str:
    """A run's counters (JSON) in words: "14 articles, 42 claims, 0 failed"; nested counters in brackets."""
    if counts is None:
        return ""
    try:
        values = json.loads(counts) if isinstance(counts, str) else counts
    except ValueError:
        return str(counts)
    if not isinstance(values, dict):
        return str(values)
    parts = []
    for name, value in values.items():
        label = str(name).replace("_", " ")
        if isinstance(value, dict):
            if value:  # an empty breakdown (no failures) says nothing the total does not
                parts.append(f"{label} ({format_run_counts(value)})")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(f"{format_number(value)} {label}")
        else:
            parts.append(f"{label}: {value}")
    return ", ".join(parts)


def snippet_html(text: str, spans: list[tuple[int, int]], width: int = 320) -> str:
    """Escaped HTML of the part of TEXT around its first spans (about WIDTH characters), each span in <mark>."""
    if not spans:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    spans = sorted(spans)
    # start a little before the first hit, on a word boundary, and keep the hits that fit
    start = max(0, spans[0][0] - width // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(spans[0][1], start), end)
        end = space if space > spans[0][1] else max(end, spans[0][1])
    shown = [(s - start, e - start, "") for s, e in spans if s >= start and e <= end]
    return ("…" if start else "") + highlight_html(text[start:end], shown) + ("…" if end < len(text) else "")

