"""Charts shared by the pages: one colour per publisher across the whole app, claims in time with
years on the axis, the consensus band and outliers, and attention over time."""
from __future__ import annotations

import hashlib
import json
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
SELECTION = "claim"
VEGA_LITE_SCHEMA = alt.SCHEMA_URL  # the Vega-Lite version the Altair charts of Streamlit use  # name of the chart's point selection: the claim_id of the clicked point


def publisher_colour(publisher: str) -> str:
    """The colour of PUBLISHER, the same in every chart (a stable hash of the name into PALETTE)."""
    digest = hashlib.md5(publisher.encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def publisher_scale_spec(publishers: Iterable[str]) -> dict[str, list[str]]:
    """A Vega-Lite colour scale that gives each of PUBLISHERS its app-wide colour."""
    names = sorted(set(publishers))
    return {"domain": names, "range": [publisher_colour(p) for p in names]}


def publisher_scale(publishers: Iterable[str]) -> alt.Scale:
    """publisher_scale_spec as an Altair scale, for charts drawn with Altair."""
    return alt.Scale(**publisher_scale_spec(publishers))


def needs_log(values: Iterable[float | None]) -> bool:
    """Whether positive VALUES span LOG_SPAN times or more, so a linear axis would crush the small ones."""
    positive = [v for v in values if v is not None and v > 0]
    return bool(positive) and len(positive) == len([v for v in values if v is not None]) \
        and max(positive) / min(positive) >= LOG_SPAN


def _stamp(day: date | None) -> datetime | None:
    # Vega-Lite reads temporal values as timestamps; a date becomes midnight
    return datetime.combine(day, time()) if day else None


def time_x(field: str, days: list[datetime]) -> dict[str, Any]:
    """A time axis for DAYS: a label per month (or year) with its year, and a margin so that no mark at
    either end is cut."""
    days = [d for d in days if d is not None and not pd.isna(d)]
    if not days:
        return {"field": field, "type": "temporal", "title": None}
    first, last = min(days), max(days)
    span = (last - first).days
    pad = timedelta(days=max(15, span // 20))
    if span > MONTHLY_UP_TO_DAYS:
        axis = {"format": "%Y", "tickCount": {"interval": "year", "step": max(1, span // 3650 + 1)},
                "labelAngle": 0, "title": None}
    else:
        axis = {"format": "%b %Y", "tickCount": {"interval": "month", "step": max(1, span // 240 + 1)},
                "labelAngle": 0, "labelOverlap": True, "title": None}
    return {"field": field, "type": "temporal", "axis": axis,
            "scale": {"domain": [(first - pad).isoformat(), (last + pad).isoformat()]}}


def _value_scale(values: list[float], log: bool) -> dict[str, Any]:
    # an explicit, padded domain: Vega's own can end at a tick below the highest point
    low, high = min(values), max(values)
    if log:
        return {"type": "log", "domain": [low / 1.5, high * 1.5], "nice": False}
    return {"domain": [0, high * 1.12 if high > 0 else 1], "nice": False, "zero": True}


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


def _tooltip(field: str, title: str, kind: str = "nominal", fmt: str | None = None) -> dict[str, Any]:
    tip = {"field": field, "title": title, "type": kind}
    if fmt:
        tip["format"] = fmt
    return tip


def _only(test: str) -> list[dict[str, str]]:
    # a layer drawing some of the points filters the one dataset rather than carrying a copy of them
    return [{"filter": test}]


def claim_timeline(points: list[dict[str, Any]], attribute: str, band: Any = None,
                   focus: str | None = None, height: int = 320) -> dict[str, Any]:
    """Every claim of one attribute on a time axis, as a Vega-Lite spec for st.vega_lite_chart: coloured by
    publisher, shaped by modality, hardware beside each point; BAND (low, high, median, start, end) shaded,
    outliers ringed, FOCUS ringed thicker. Clicking a point selects its claim_id (selection SELECTION).

    Written as a plain dict, not through Altair: Altair validated and copied every object of the six
    charts of a busy entity's page (about a second of the page's run at a million claims)."""
    frame = claims_frame(points, attribute)
    frame = frame[frame["value"].notna() & frame["as_of"].notna()].reset_index(drop=True)
    label = attribute_label(attribute)
    capital = label[:1].upper() + label[1:]
    unit = ATTRIBUTE_UNITS.get(attribute, "")
    values = list(frame["value"])
    if band is not None:
        values += [band.low, band.high]
    log = needs_log(values)
    y_title = f"{capital} ({unit}{', log scale' if log else ''})" if unit else label
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": y_title, "axis": {"format": "~s"}}
    nonzero = [v for v in values if v]
    if nonzero:
        y["scale"] = _value_scale(nonzero, log)
    x = time_x("as_of", list(frame["as_of"]) + ([_stamp(band.start), _stamp(band.end)]
                                                 if band is not None and band.start else []))
    position = {"x": x, "y": y}
    points_layer = {
        "name": "claim_points",
        "data": {"name": "claims"},
        "mark": {"type": "point", "filled": True, "size": 120, "opacity": 0.9},
        "encoding": {
            **position,
            "color": {"field": "publisher", "type": "nominal", "title": "Publisher",
                      "scale": publisher_scale_spec(frame["publisher"]),
                      "legend": {"symbolLimit": LEGEND_PUBLISHERS, "orient": "bottom", "columns": 4}},
            "shape": {"field": "modality", "type": "nominal", "title": "Modality",
                      "scale": {"domain": list(MODALITY_SHAPES), "range": list(MODALITY_SHAPES.values())},
                      "legend": {"orient": "bottom"}},
            # Publisher, hardware and titles come from articles; Vega draws them as text and its tooltip
            # escapes HTML, so they never become markup.
            "tooltip": [
                _tooltip("as_of", "As of", "temporal", "%Y-%m-%d"),
                _tooltip("figure", capital),
                _tooltip("publisher", "Publisher"),
                _tooltip("modality", "Modality"),
                _tooltip("hardware", "Hardware"),
                _tooltip("standing", "Standing"),
                _tooltip("title", "Article"),
            ],
        },
    }
    layers: list[dict[str, Any]] = []
    datasets: dict[str, pd.DataFrame] = {"claims": frame}
    if band is not None and band.start is not None:
        # a band of one day would be invisible: it spans at least a fortnight around its claims
        start, end = band.start - timedelta(days=7), (band.end or band.start) + timedelta(days=7)
        datasets["band"] = pd.DataFrame({"start": [_stamp(start)], "end": [_stamp(end)], "low": [band.low],
                                         "high": [band.high], "median": [band.median],
                                         "consensus": [f"{format_value(attribute, band.median)} "
                                                       f"({band.publishers} publishers agree)"]})
        layers.append({"data": {"name": "band"}, "mark": {"type": "rect", "opacity": 0.18, "color": BAND_COLOUR},
                       "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"},
                                    "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"},
                                    "tooltip": [_tooltip("consensus", "Consensus")]}})
        layers.append({"data": {"name": "band"}, "mark": {"type": "rule", "color": BAND_COLOUR, "strokeDash": [4, 3]},
                       "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"},
                                    "y": {"field": "median", "type": "quantitative"}}})
    layers.append(points_layer)
    if frame["standing"].str.startswith("outlier").any():
        layers.append({"data": {"name": "claims"}, "transform": _only("indexof(datum.standing, 'outlier') === 0"),
                       "mark": {"type": "point", "shape": "circle", "size": 420, "strokeWidth": 2,
                                "color": OUTLIER_COLOUR, "filled": False},
                       "encoding": position})
    if focus is not None and (frame["claim_id"] == focus).any():
        layers.append({"data": {"name": "claims"}, "transform": _only(f"datum.claim_id === {json.dumps(focus)}"),
                       "mark": {"type": "point", "shape": "circle", "size": 700, "strokeWidth": 3,
                                "color": "#222222", "filled": False},
                       "encoding": position})
    named = int((frame["hardware"] != "unspecified").sum())
    if 0 < named <= LABELLED_POINTS:
        layers.append({"data": {"name": "claims"}, "transform": _only("datum.hardware !== 'unspecified'"),
                       "mark": {"type": "text", "align": "left", "dx": 9, "dy": -9, "fontSize": 11, "color": "#444444"},
                       "encoding": {**position, "text": {"field": "hardware", "type": "nominal"}}})
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "layer": layers,
        "height": height,
        "params": [{"name": SELECTION, "views": ["claim_points"],
                    "select": {"type": "point", "fields": ["claim_id"], "on": "click", "clear": "dblclick"}}],
        "resolve": {"scale": {"color": "independent"}},
        "datasets": datasets,
    }


def attention_chart(weeks: list[dict[str, Any]], height: int = 160) -> dict[str, Any]:
    """Articles per week as bars, with years on the date axis, as a Vega-Lite spec."""
    frame = pd.DataFrame({"week": [_stamp(w["week"]) for w in weeks], "articles": [w["articles"] for w in weeks]})
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "data": {"name": "weeks"},
        "mark": {"type": "bar", "color": PALETTE[0], "width": {"band": 0.9} if len(frame) > 60 else 8},
        "encoding": {
            "x": time_x("week", list(frame["week"])),
            "y": {"field": "articles", "type": "quantitative", "title": "Articles per week",
                  "axis": {"format": "d", "tickMinStep": 1}},
            "tooltip": [_tooltip("week", "Week of", "temporal", "%Y-%m-%d"),
                        _tooltip("articles", "Articles", "quantitative", ",")],
        },
        "height": height,
        "datasets": {"weeks": frame},
    }
