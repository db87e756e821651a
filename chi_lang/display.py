"""How numbers are shown to people: output scale, one rounding rule, status labels.

Scores are computed unrounded; rounding happens only here (DESIGN §3 "Display").
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from .model import Index, Rounding, StatusBand


def to_output_scale(score: float | None, output_scale: tuple[float, float]) -> float | None:
    if score is None:
        return None
    low, high = output_scale
    if (low, high) == (0.0, 100.0):
        return score
    return low + (high - low) * score / 100.0


def round_display(value: float | None, rounding: Rounding) -> str:
    """Round the decimal value as written (repr), half away from zero by default.

    ``Decimal(repr(x))`` rounds what people see: 72.45 → 72.5, where binary
    rounding of the float 72.4499999... would give 72.4.
    """
    if value is None:
        return "–"
    mode = ROUND_HALF_EVEN if rounding.mode == "half_even" else ROUND_HALF_UP  # HALF_UP is away from zero
    quantum = Decimal(1).scaleb(-rounding.digits)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=mode)
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
