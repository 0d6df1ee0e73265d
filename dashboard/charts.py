"""Charts shared by the pages: one colour per publisher across the whole app, claims in time with
years on the axis, the consensus band and outliers, and attention over time."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable

import altair as alt
import pandas as pd

from dashboard.formatting import ATTRIBUTE_UNITS, attribute_label, format_value

# Tableau's 20 colours: told apart by most readers, and the same publisher gets the same one in
# every chart of every page, whatever other publishers share the chart (no per-chart ordering).
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)
MODALITY_SHAPES = {"actual": "circle", "planned": "triangle-up", "reported": "diamond", "hypothetical": "square"}
OUTLIER_COLOUR = "#d62728"
BAND_COLOUR = "#59a14f"
LEGEND_PUBLISHERS = 20  # publishers listed in a legend; the tooltip names every point's
LABELLED_POINTS = 40  # up to this many points carry their hardware as a label beside them
# Figures whose largest is this many times the smallest are drawn on a log scale.
LOG_SPAN = 100
# Dates with years on every label: "Sep 2024" a tick a month (or every few months), "2024" a tick a
# year when the dates span more than three years; never a bare month name, never one month twice.
MONTHLY_UP_TO_DAYS = 3 * 365
SELECTION = "claim"  # name of the chart's point selection: the claim_id of the clicked point


def publisher_colour(publisher: str) -> str:
    """The colour of PUBLISHER, the same in every chart (a stable hash of the name into PALETTE)."""
    digest = hashlib.md5(publisher.encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def publisher_scale(publishers: Iterable[str]) -> alt.Scale:
    """A colour scale that gives each of PUBLISHERS its app-wide colour."""
    names = sorted(set(publishers))
    return alt.Scale(domain=names, range=[publisher_colour(p) for p in names])


def needs_log(values: Iterable[float | None]) -> bool:
    """Whether positive VALUES span LOG_SPAN times or more, so a linear axis would crush the small ones."""
    positive = [v for v in values if v is not None and v > 0]
    return bool(positive) and len(positive) == len([v for v in values if v is not None]) \
        and max(positive) / min(positive) >= LOG_SPAN


def _stamp(day: date | None) -> datetime | None:
    # Vega-Lite reads temporal values as timestamps; a date becomes midnight
    return datetime.combine(day, time()) if day else None


def time_x(field: str, days: list[datetime]) -> alt.X:
    """A time axis for DAYS: a label per month (or year) with its year, and a margin so that no mark at
    either end is cut."""
    days = [d for d in days if d is not None and not pd.isna(d)]
    if not days:
        return alt.X(f"{field}:T", title=None)
    first, last = min(days), max(days)
    span = (last - first).days
    pad = timedelta(days=max(15, span // 20))
    if span > MONTHLY_UP_TO_DAYS:
        axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": max(1, span // 3650 + 1)},
                        labelAngle=0, title=None)
    else:
        axis = alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": max(1, span // 240 + 1)},
                        labelAngle=0, labelOverlap=True, title=None)
    return alt.X(f"{field}:T", axis=axis, scale=alt.Scale(domain=[(first - pad).isoformat(), (last + pad).isoformat()]))


def _value_scale(values: list[float], log: bool) -> alt.Scale:
    # an explicit, padded domain: Vega's own can end at a tick below the highest point
    low, high = min(values), max(values)
    if log:
        return alt.Scale(type="log", domain=[low / 1.5, high * 1.5], nice=False)
    return alt.Scale(domain=[0, high * 1.12 if high > 0 else 1], nice=False, zero=True)


def claims_frame(points: list[dict[str, Any]], attribute: str) -> pd.DataFrame:
    """Claims (claim_id, as_of, value, publisher, modality, hardware, title ...) as the timeline draws them."""
    return pd.DataFrame({
        "claim_id": [p["claim_id"] for p in points],
        "as_of": [_stamp(p["as_of"]) for p in points],
        "value": [p["value"] if p.get("value") is not None else p.get("point") for p in points],
        "figure": [format_value(attribute, p["value"] if p.get("value") is not None else p.get("point")) for p in points],
        "publisher": [p["publisher"] for p in points],
        "modality": [p["modality"] for p in points],
        "hardware": [p.get("hardware") or "unspecified" for p in points],
        "title": [p.get("title") or "" for p in points],
        "standing": [_standing(p) for p in points],
    })


def _standing(point: dict[str, Any]) -> str:
    if point.get("verdict"):
        return f"judged {point['verdict']}"
    if point.get("outlier"):
        return "outlier: disputes the consensus"
    if point.get("in_band"):
        return "agrees with the consensus"
    return "disputed" if point.get("rivals") else "undisputed"


def claim_timeline(points: list[dict[str, Any]], attribute: str, band: Any = None,
                   focus: str | None = None, height: int = 320) -> alt.LayerChart:
    """Every claim of one attribute on a time axis: coloured by publisher, shaped by modality, hardware
    beside each point; BAND (low, high, median, start, end) shaded, outliers ringed, FOCUS ringed thicker.
    Clicking a point selects its claim_id (selection SELECTION)."""
    frame = claims_frame(points, attribute)
    frame = frame[frame["value"].notna() & frame["as_of"].notna()]
    label = attribute_label(attribute)
    unit = ATTRIBUTE_UNITS.get(attribute, "")
    values = list(frame["value"])
    if band is not None:
        values += [band.low, band.high]
    log = needs_log(values)
    y_title = f"{label[:1].upper()}{label[1:]} ({unit}{', log scale' if log else ''})" if unit else label
    y = alt.Y("value:Q", title=y_title, scale=_value_scale([v for v in values if v], log) if values else alt.Undefined,
              axis=alt.Axis(format="~s"))
    x = time_x("as_of", list(frame["as_of"]) + ([_stamp(band.start), _stamp(band.end)] if band is not None and band.start else []))
    pick = alt.selection_point(name=SELECTION, fields=["claim_id"], on="click", clear="dblclick")
    points_layer = (
        alt.Chart(frame)
        .mark_point(filled=True, size=120, opacity=0.9)
        .encode(
            x=x, y=y,
            color=alt.Color("publisher:N", title="Publisher", scale=publisher_scale(frame["publisher"]),
                            legend=alt.Legend(symbolLimit=LEGEND_PUBLISHERS, orient="bottom", columns=4)),
            shape=alt.Shape("modality:N", title="Modality",
                            scale=alt.Scale(domain=list(MODALITY_SHAPES), range=list(MODALITY_SHAPES.values())),
                            legend=alt.Legend(orient="bottom")),
            # Publisher, hardware and titles come from articles; Vega draws them as text and its tooltip
            # escapes HTML, so they never become markup.
            tooltip=[
                alt.Tooltip("as_of:T", title="As of", format="%Y-%m-%d"),
                alt.Tooltip("figure:N", title=label[:1].upper() + label[1:]),
                alt.Tooltip("publisher:N", title="Publisher"),
                alt.Tooltip("modality:N", title="Modality"),
                alt.Tooltip("hardware:N", title="Hardware"),
                alt.Tooltip("standing:N", title="Standing"),
                alt.Tooltip("title:N", title="Article"),
            ],
        )
        .add_params(pick)
    )
    layers: list[alt.Chart] = []
    if band is not None and band.start is not None:
        # a band of one day would be invisible: it spans at least a fortnight around its claims
        start, end = band.start - timedelta(days=7), (band.end or band.start) + timedelta(days=7)
        band_frame = pd.DataFrame({"start": [_stamp(start)], "end": [_stamp(end)], "low": [band.low], "high": [band.high],
                                   "median": [band.median],
                                   "consensus": [f"{format_value(attribute, band.median)} "
                                                 f"({band.publishers} publishers agree)"]})
        base = alt.Chart(band_frame)
        layers.append(base.mark_rect(opacity=0.18, color=BAND_COLOUR).encode(
            x="start:T", x2="end:T", y="low:Q", y2="high:Q", tooltip=[alt.Tooltip("consensus:N", title="Consensus")]))
        layers.append(base.mark_rule(color=BAND_COLOUR, strokeDash=[4, 3]).encode(x="start:T", x2="end:T", y="median:Q"))
    layers.append(points_layer)
    outliers = frame[frame["standing"].str.startswith("outlier")]
    if len(outliers):
        layers.append(alt.Chart(outliers).mark_point(shape="circle", size=420, strokeWidth=2, color=OUTLIER_COLOUR,
                                                     filled=False).encode(x=x, y=y))
    if focus is not None and (frame["claim_id"] == focus).any():
        layers.append(alt.Chart(frame[frame["claim_id"] == focus]).mark_point(
            shape="circle", size=700, strokeWidth=3, color="#222222", filled=False).encode(x=x, y=y))
    named = frame[frame["hardware"] != "unspecified"]
    if 0 < len(named) <= LABELLED_POINTS:
        layers.append(alt.Chart(named).mark_text(align="left", dx=9, dy=-9, fontSize=11, color="#444444").encode(
            x=x, y=y, text="hardware:N"))
    return alt.layer(*layers).properties(height=height).resolve_scale(color="independent")


def attention_chart(weeks: list[dict[str, Any]], height: int = 160) -> alt.Chart:
    """Articles per week as bars, with years on the date axis."""
    frame = pd.DataFrame({"week": [_stamp(w["week"]) for w in weeks], "articles": [w["articles"] for w in weeks]})
    return (
        alt.Chart(frame)
        .mark_bar(color=PALETTE[0], width={"band": 0.9} if len(frame) > 60 else 8)
        .encode(
            x=time_x("week", list(frame["week"])),
            y=alt.Y("articles:Q", title="Articles per week", axis=alt.Axis(format="d", tickMinStep=1)),
            tooltip=[alt.Tooltip("week:T", title="Week of", format="%Y-%m-%d"),
                     alt.Tooltip("articles:Q", title="Articles", format=",")],
        )
        .properties(height=height)
    )
