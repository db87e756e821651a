"""Numbers and definitions in words, for people.

Every rounding goes through ``display.round_display`` (one rule everywhere, DESIGN
§3 "Display"); this module only chooses how many digits a kind of number deserves
and adds thousands separators, units and signs.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import model as m
from ..display import round_display, to_output_scale
from ..model import Index, Rounding

MINUS = "\u2212"  # a real minus sign: "−0.4" reads better than "-0.4"
NO_DATA = "no data"


def group_thousands(text: str) -> str:
    """``"1234567.5"`` → ``"1,234,567.5"`` (the text is already rounded);
    exponent notation (``"3e+30"``) stays as it is."""
    if "e" in text or "n" in text:  # 3e+30, inf, nan
        return text
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, dot, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ",".join(groups) + dot + fraction


def raw_digits(value: float) -> int:
    """Decimals worth showing for a raw value: fewer as numbers grow.

    Integers show none; 88,114.2 shows none; 9.408 shows 2; 0.2649 shows 3.
    """
    magnitude = abs(value)
    if value == int(value) or magnitude >= 1000:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    # below 1: two or three significant digits (0.2649 → 0.265, 0.0123 → 0.0123)
    return min(6, max(3, 1 - math.floor(math.log10(magnitude)) + 1)) if magnitude > 0 else 0


def number(value: float, digits: int | None = None, mode: str = "half_away_from_zero") -> str:
    """A plain number with thousands separators; ``digits`` None picks by magnitude."""
    if digits is None:
        digits = raw_digits(value)
    text = round_display(float(value), Rounding(digits, mode))
    return group_thousands(text).replace("-", MINUS)


def percent(fraction: float, digits: int = 1, mode: str = "half_away_from_zero") -> str:
    """0.8447 → ``84.4%``; trailing ``.0`` dropped (``100%``, ``30%``)."""
    text = number(100.0 * fraction, digits, mode)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def weight_percent(weight: Fraction | float) -> str:
    """A weight as a share: 3/10 → ``30%``, 1/3 → ``33.3%``."""
    return percent(float(weight), 1)


def with_unit(text: str, unit: str | None) -> str:
    return f"{text} {unit}" if unit else text


# ---- metric values -------------------------------------------------------------


def _is_count(expr: m.ValueExpr) -> bool:
    return isinstance(expr, m.Aggregate) and expr.func == "count"


def is_fraction_metric(metric: m.Metric) -> bool:
    """Whether the raw value is a 0–1 share, best shown as a percentage.

    True for ``share(...)``, a ratio of two counts (``count(where …) / count()``)
    and a ``percent`` normalisation; other ratios keep their own units.
    """
    if metric.unit:
        return False
    value = metric.value
    if metric.normalisation.kind == "percent":
        return True
    if isinstance(value, m.Aggregate):
        return value.func == "share"
    return (isinstance(value, m.ValueOp) and value.op == "/"
            and _is_count(value.args[0]) and _is_count(value.args[1]))


def raw_value(metric: m.Metric, value: float | None) -> str:
    """The raw value as people read it: ``300 mentions``, ``84.5%``, ``9.41 h``."""
    if value is None:
        return NO_DATA
    if is_fraction_metric(metric):
        return percent(value, 1)
    return with_unit(number(value), metric.unit)


def _goalpost(metric: m.Metric, value: float) -> str:
    if is_fraction_metric(metric):
        return percent(value, 2)
    return number(value)


def normalisation_words(metric: m.Metric) -> str:
    """How the raw value becomes a score, in words: ``target 500 mentions``,
    ``lower is better, 0–48 h``, ``log, 10,000–1,000,000 downloads``."""
    norm = metric.normalisation
    unit = None if is_fraction_metric(metric) else metric.unit
    lower = "lower is better, " if norm.lower_is_better else ""
    if norm.kind == "scale":
        # "0–48 h", but "−1 to 1": a dash beside a minus sign reads as arithmetic.
        dash = " to " if norm.low < 0 else "–"
        span = f"{_goalpost(metric, norm.low)}{dash}{_goalpost(metric, norm.high)}"
        log = "log, " if norm.log else ""
        return f"{lower}{log}{with_unit(span, unit)}"
    if norm.kind == "target":
        return f"{lower}target {with_unit(_goalpost(metric, norm.target), unit)}"
    if norm.kind == "bands":
        parts = []
        for band in norm.bands:
            score = number(band.score)
            if band.op is None:
                parts.append(f"else {score}")
            else:
                op = {">=": "≥", "<=": "≤"}.get(band.op, band.op)
                parts.append(f"{op} {_goalpost(metric, band.threshold)} → {score}")
        return "bands: " + ", ".join(parts)
    if norm.kind == "minmax":
        return f"{lower}min–max across units"
    if norm.kind == "percentile_rank":
        return f"{lower}percentile rank across units"
    if norm.kind == "percent":
        return "as a percentage (0–1 → 0–100)"
    return "used as the score (0–100)"


# ---- scores, points and changes --------------------------------------------------------


def score(index: Index, value: float | None) -> str:
    """A 0–100 score on the index's output scale, rounded by the spec's rule."""
    return round_display(to_output_scale(value, index.output_scale), index.rounding)


def scaled(index: Index, value: float | None) -> float | None:
    return to_output_scale(value, index.output_scale)


def points(index: Index, contribution: float | None) -> str:
    """A contribution (0–100 points of the index) on the output scale's span."""
    if contribution is None:
        return "–"
    low, high = index.output_scale
    return round_display((high - low) * contribution / 100.0, index.rounding)


def delta(index: Index, current: float | None, previous: float | None) -> tuple[str, str] | None:
    """The change between two scores on the output scale: (text, direction).

    Computed on the unrounded scores, rounded once; a change that rounds to zero
    is ``±0.0`` and ``flat`` so a tiny drift never shows a misleading arrow.
    """
    if current is None or previous is None:
        return None
    change = scaled(index, current) - scaled(index, previous)
    text = round_display(abs(change), index.rounding)
    if float(text) == 0:
        return f"±{text}", "flat"
    return (f"+{text}", "up") if change > 0 else (f"{MINUS}{text}", "down")


def displayed_delta(index: Index, current: float | None, other: float | None) -> tuple[str, str] | None:
    """As ``delta``, but the difference of the two scores as displayed (rounded), so
    "64.2 vs median 41.9" reads "22.3 above", not the 22.2 of the unrounded scores."""
    if current is None or other is None:
        return None
    from decimal import Decimal, InvalidOperation

    try:
        a, b = (Decimal(score(index, v).replace(MINUS, "-").replace(",", "")) for v in (current, other))
    except (InvalidOperation, ValueError):
        return delta(index, current, other)
    if not (a.is_finite() and b.is_finite()):
        return delta(index, current, other)
    change = a - b
    text = str(abs(change))
    if change == 0:
        return f"±{text}", "flat"
    return (f"+{text}", "up") if change > 0 else (f"{MINUS}{text}", "down")


def scale_label(index: Index) -> str:
    """``0–100``, ``0–10``, ``0–1``: the output scale for "out of" texts."""
    low, high = index.output_scale
    return f"{number(low)}–{number(high)}"


def date_range(first: str | None, last: str | None) -> str:
    """Source date ranges by day: ``2025-01-01 – 2025-12-31``."""
    if first is None or last is None:
        return "–"
    first_day, last_day = first[:10], last[:10]
    return first_day if first_day == last_day else f"{first_day} – {last_day}"
