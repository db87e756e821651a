"""Chart geometry for inline SVG: a gauge, a trend chart and sparklines.

All coordinates are computed here and written as fixed-decimal text, so the
templates only place ready strings (no arithmetic in templates) and the output is
byte-identical from run to run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .status import Segment


def _f(value: float) -> str:
    """Coordinates with one decimal: plenty for a chart, stable as text."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


# ---- gauge -------------------------------------------------------------------------

GAUGE_CX, GAUGE_CY = 100.0, 100.0
GAUGE_BAND_R, GAUGE_VALUE_R = 90.0, 72.0


@dataclass(frozen=True, slots=True)
class Arc:
    path: str
    tone: str


@dataclass(frozen=True, slots=True)
class Gauge:
    bands: tuple[Arc, ...]  # the status bands along the outer rim
    track: str  # the full half circle behind the value
    value: Arc | None  # from the low end of the scale to the score
    needle: tuple[str, str, str, str] | None  # x1 y1 x2 y2 of the tick at the score
    low_label: str
    high_label: str


def _point(fraction: float, radius: float) -> tuple[float, float]:
    angle = math.pi * (1.0 - fraction)  # low end on the left, high on the right
    return GAUGE_CX + radius * math.cos(angle), GAUGE_CY - radius * math.sin(angle)


def _arc(start: float, end: float, radius: float) -> str:
    x0, y0 = _point(start, radius)
    x1, y1 = _point(end, radius)
    # sweep 1 draws clockwise on screen: left → over the top → right.
    return f"M{_f(x0)} {_f(y0)}A{_f(radius)} {_f(radius)} 0 0 1 {_f(x1)} {_f(y1)}"


def gauge(value: float | None, tone: str, segments: tuple[Segment, ...],
          scale: tuple[float, float], low_label: str, high_label: str) -> Gauge:
    low, high = scale
    span = high - low

    def fraction(v: float) -> float:
        return min(1.0, max(0.0, (v - low) / span))

    bands = tuple(Arc(_arc(fraction(s.low), fraction(s.high), GAUGE_BAND_R), s.tone) for s in segments)
    track = _arc(0.0, 1.0, GAUGE_VALUE_R)
    if value is None:
        return Gauge(bands, track, None, None, low_label, high_label)
    at = fraction(value)
    value_arc = Arc(_arc(0.0, at, GAUGE_VALUE_R), tone) if at > 0.002 else None
    inner_x, inner_y = _point(at, GAUGE_VALUE_R - 12)
    outer_x, outer_y = _point(at, GAUGE_BAND_R + 5)
    return Gauge(bands, track, value_arc, (_f(inner_x), _f(inner_y), _f(outer_x), _f(outer_y)),
                 low_label, high_label)


# ---- trend chart --------------------------------------------------------------------

TREND_H = 210.0
MAX_MARKERS = 24
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 30.0, 42.0, 10.0, 26.0  # the least room on each side
LAST_LABEL_GAP = 9.0  # from the last point to its value label
LAST_LABEL_SIZE, AXIS_SIZE = 13.0, 11.0  # font sizes in the stylesheet (.last-label, .axis)
GRID_LABEL_GAP = 5.0  # from the plot's left edge to the right end of a y label
EDGE_PAD = 3.0  # between a label and the edge of the viewBox


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of the width of ``text`` in the page's sans-serif font.

    SVG text is not measured at render time (no scripts), so the chart reserves room
    from the characters, sized for the widest common fallback (DejaVu Sans, whose
    digits are 0.64 em, 0.7 em in bold; Segoe UI, Roboto and Helvetica are narrower):
    digits and signs that wide, narrow punctuation 0.4 em, anything else a wide
    0.8 em so an unexpected label is never clipped.
    """
    digit = 0.7 if bold else 0.64
    width = 0.0
    for char in text:
        if char.isdigit() or char in "+-−–":
            width += digit
        elif char in ".,: ":
            width += 0.4
        else:
            width += 0.8
    return width * size


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: str
    y: str
    title: str  # "2025-03: 72.1", the tooltip and the accessible name
    tone: str


@dataclass(frozen=True, slots=True)
class Label:
    x: str
    y: str
    text: str
    anchor: str = "start"  # SVG text-anchor: start | middle | end


@dataclass(frozen=True, slots=True)
class BandRect:
    y: str
    height: str
    tone: str


@dataclass(frozen=True, slots=True)
class Trend:
    width: str
    height: str
    plot_left: str
    plot_right: str
    plot_width: str
    bands: tuple[BandRect, ...]
    grid: tuple[Label, ...]  # y gridlines with their value labels
    x_labels: tuple[Label, ...]
    lines: tuple[str, ...]  # polyline point lists; a period with no data breaks the line
    points: tuple[ChartPoint, ...]
    last: ChartPoint | None  # the period shown (by default the last with data), highlighted
    last_label: Label | None  # its value, beside the point (above it when other points follow)


def _x_positions(count: int, left: float, right: float) -> list[float]:
    if count == 1:
        return [(left + right) / 2]
    step = (right - left) / (count - 1)
    return [left + i * step for i in range(count)]


def _lines(xs: list[float], ys: list[float | None]) -> tuple[str, ...]:
    lines: list[list[str]] = [[]]
    for x, y in zip(xs, ys):
        if y is None:
            if lines[-1]:
                lines.append([])
            continue
        lines[-1].append(f"{_f(x)},{_f(y)}")
    return tuple(" ".join(line) for line in lines if len(line) >= 2)


def label_positions(count: int, most: int) -> list[int]:
    """Which of ``count`` category labels to write: evenly spread, always the last."""
    if count <= most:
        return list(range(count))
    step = math.ceil((count - 1) / (most - 1))
    chosen = list(range(0, count - 1, step))
    if count - 1 - chosen[-1] < step * 0.6:
        chosen.pop()  # too close to the last label to fit beside it
    return chosen + [count - 1]


def trend_floor(values: list[float | None], scale: tuple[float, float]) -> float:
    """Where the y axis starts: the scale's bottom, unless every value sits high
    above it; then a round tenth of the scale below the lowest value, so a line
    between 69 and 82 is not squeezed into the top fifth of the chart."""
    low, high = scale
    known = [v for v in values if v is not None]
    if not known:
        return low
    step = (high - low) / 10
    floor = low + step * math.floor((min(known) - low) / step - 1)
    return low if floor - low < 3 * step else floor


def trend(periods: list[str], values: list[float | None], texts: list[str], tones: list[str],
          domain: tuple[float, float], segments: tuple[Segment, ...], grid_values: list[tuple[float, str]],
          width: float, max_labels: int, selected: int | None = None) -> Trend:
    """A line over all periods, the status bands behind it.

    ``selected`` is the position of the period the page shows (``--period``); its
    point is highlighted with its value.  None highlights the last period with data.
    Exact values are in the tooltips and in the table beside the chart.
    """
    low, high = domain
    # Room for the labels outside the plot: the last value on the right (``89.72``
    # with `round 2` did not fit in a fixed margin), the gridline values on the left.
    last_text = next((t for v, t in zip(reversed(values), reversed(texts)) if v is not None), "")
    right_margin = max(TREND_RIGHT, LAST_LABEL_GAP + text_width(last_text, LAST_LABEL_SIZE, bold=True) + EDGE_PAD)
    grid_texts = [text for v, text in grid_values if low <= v <= high]
    widest_grid = max((text_width(t, AXIS_SIZE) for t in grid_texts), default=0.0)
    left = max(TREND_LEFT, GRID_LABEL_GAP + widest_grid + EDGE_PAD)
    right = width - right_margin
    top, bottom = TREND_TOP, TREND_H - TREND_BOTTOM

    def y_of(v: float) -> float:
        v = min(high, max(low, v))
        return bottom - (bottom - top) * (v - low) / (high - low)

    bands = tuple(
        BandRect(_f(y_of(s.high)), _f(y_of(s.low) - y_of(s.high)), s.tone)
        for s in segments if s.high > low
    )
    grid = tuple(Label(_f(left - GRID_LABEL_GAP), _f(y_of(v)), text) for v, text in grid_values if low <= v <= high)
    xs = _x_positions(len(periods), left, right)
    ys = [None if v is None else y_of(v) for v in values]
    x_labels = tuple(Label(_f(xs[i]), _f(TREND_H - 8), periods[i]) for i in label_positions(len(periods), max_labels))
    points = tuple(
        ChartPoint(_f(x), _f(y), f"{p}: {t}", tone)
        for x, y, p, t, tone in zip(xs, ys, periods, texts, tones) if y is not None
    )
    with_data = [i for i, y in enumerate(ys) if y is not None]
    at = with_data[-1] if selected is None and with_data else selected
    last = last_label = None
    if at is not None and ys[at] is not None:  # a period without data has no point to mark
        last = ChartPoint(_f(xs[at]), _f(ys[at]), f"{periods[at]}: {texts[at]}", tones[at])
        if at == with_data[-1]:
            last_label = Label(_f(xs[at] + LAST_LABEL_GAP), _f(ys[at] + 4), texts[at])
        else:
            # Points follow on the right: the value goes above the point (below it
            # near the top), centred but kept inside the chart.
            half = text_width(texts[at], LAST_LABEL_SIZE, bold=True) / 2
            x = min(max(xs[at], half + EDGE_PAD), width - half - EDGE_PAD)
            above = ys[at] - LAST_LABEL_GAP
            y = above if above - LAST_LABEL_SIZE >= 0 else ys[at] + LAST_LABEL_GAP + LAST_LABEL_SIZE
            last_label = Label(_f(x), _f(y), texts[at], "middle")
    if len(periods) > MAX_MARKERS:
        points = ()  # a marker per period would hide the line; the table has the values
    return Trend(_f(width), _f(TREND_H), _f(left), _f(right), _f(right - left), bands, grid, x_labels,
                 _lines(xs, ys), points, last, last_label)


# ---- sparkline -------------------------------------------------------------------------

SPARK_W, SPARK_H, SPARK_PAD = 120.0, 32.0, 4.0


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: str
    height: str
    lines: tuple[str, ...]
    last_x: str | None
    last_y: str | None


def _zoom(known: list[float], scale: tuple[float, float]) -> tuple[float, float]:
    """The y range of a sparkline: the series' own range, at least a fifth of the
    scale tall, so noise of a tenth of a point does not look like a cliff."""
    low, high = scale
    minimum_span = (high - low) / 5
    lo, hi = min(known), max(known)
    if hi - lo < minimum_span:
        middle = (hi + lo) / 2
        lo, hi = middle - minimum_span / 2, middle + minimum_span / 2
        if lo < low:
            lo, hi = low, low + minimum_span
        if hi > high:
            lo, hi = high - minimum_span, high
    return lo, hi


BLOCKS = "▁▂▃▄▅▆▇█"


def blocks(values: list[float | None], scale: tuple[float, float]) -> str:
    """A series as block characters (a space for no data), zoomed like a sparkline."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    lo, hi = _zoom(known, scale)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        else:
            level = int((min(hi, max(lo, v)) - lo) / (hi - lo) * (len(BLOCKS) - 1) + 0.5)
            out.append(BLOCKS[level])
    return "".join(out)


def sparkline(values: list[float | None], scale: tuple[float, float], selected: int | None = None) -> Sparkline | None:
    """A small line of one series, zoomed to its own range (see ``_zoom``), with a
    dot on the period shown (``selected``; None: the last with data)."""
    known = [v for v in values if v is not None]
    if len(values) < 2 or not known:
        return None
    lo, hi = _zoom(known, scale)
    top, bottom = SPARK_PAD, SPARK_H - SPARK_PAD
    xs = _x_positions(len(values), SPARK_PAD, SPARK_W - SPARK_PAD)
    ys = [None if v is None else bottom - (bottom - top) * (v - lo) / (hi - lo) for v in values]
    last_x = last_y = None
    for i, (x, y) in enumerate(zip(xs, ys)):
        if y is not None and (selected is None or i == selected):
            last_x, last_y = _f(x), _f(y)
    return Sparkline(_f(SPARK_W), _f(SPARK_H), _lines(xs, ys), last_x, last_y)
