"""How numbers are shown to people: output scale, one rounding rule, status labels.

Scores are computed unrounded; rounding happens only here (DESIGN §3 "Display").
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

from .model import Index, Rounding, StatusBand


def to_output_scale(score: float | None, output_scale: tuple[float, float]) -> float | None:
    if score is None:
        return None
    low, high = output_scale
    if (low, high) == (0.0, 100.0):
        return score
    return low + (high - low) * score / 100.0


# From this magnitude on a number is written in exponent notation (``3e+30``), as
# JavaScript and spreadsheets do: 22 or more digits before the point say nothing a
# double can hold, and decimals there would be noise.  Those numbers keep 15
# significant digits (as spreadsheets show them: every 15-digit decimal survives a
# trip through a double), so 7e27 computed as 6.999999999999999e27 reads 7e+27.
EXPONENT_FROM = 1e21
EXPONENT_DIGITS = 15


def round_display(value: float | None, rounding: Rounding) -> str:
    """Round the decimal value as written (repr), half away from zero by default.

    ``Decimal(repr(x))`` rounds what people see: 72.45 → 72.5, where binary
    rounding of the float 72.4499999... would give 72.4.

    Any double has a text: from ``EXPONENT_FROM`` on, exponent notation with
    ``EXPONENT_DIGITS`` significant digits by the same rounding mode (``3e+30``,
    ``1.23456789012346e+28``: there are no decimals to round at that size);
    ``inf``/``nan`` as Python writes them.
    """
    if value is None:
        return "–"
    value = float(value)
    if not math.isfinite(value):
        return repr(value)
    mode = ROUND_HALF_EVEN if rounding.mode == "half_even" else ROUND_HALF_UP  # HALF_UP is away from zero
    exact = Decimal(repr(value))
    if abs(value) >= EXPONENT_FROM:
        with localcontext() as context:
            context.prec, context.rounding = EXPONENT_DIGITS, mode
            significant = (+exact).normalize()
        text = f"{significant:e}"
        # Rounding the largest doubles up would read back as infinity: keep them whole.
        return text if math.isfinite(float(text)) else repr(value)
    quantum = Decimal(1).scaleb(-rounding.digits)
    # quantize needs every digit of the result within the context's precision (28
    # by default: 1e20 with 12 decimals has 33); give it what this value needs.
    with localcontext() as context:
        context.prec = max(context.prec, exact.adjusted() + rounding.digits + 3)
        rounded = exact.quantize(quantum, rounding=mode)
    if rounded == 0:
        rounded = abs(rounded)  # never show -0.0
    return f"{rounded:f}"


def status_for(value: float | None, bands: tuple[StatusBand, ...]) -> str | None:
    """The label of the first band the value (on the output scale) falls in."""
    if value is None or not bands:
        return None
    for band in bands:
        if band.op is None:
            return band.label
        if {
            ">=": value >= band.threshold,
            ">": value > band.threshold,
            "<=": value <= band.threshold,
            "<": value < band.threshold,
        }[band.op]:
            return band.label
    return None


def display_score(index: Index, score: float | None) -> str:
    return round_display(to_output_scale(score, index.output_scale), index.rounding)
