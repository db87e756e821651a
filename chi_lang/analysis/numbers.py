"""How the analysis shows numbers: the spec's output scale and rounding rule.

Scores use the spec's rounding; contributions, deltas and headroom are points of the
index on the output scale with one more decimal, so small parts stay visible.
"""

from __future__ import annotations

from ..display import display_score, round_display
from ..model import Index, Rounding

MINUS = "\u2212"


class Numbers:
    def __init__(self, index: Index) -> None:
        self.index = index
        low, high = index.output_scale
        self.factor = (high - low) / 100.0
        self.fine = Rounding(index.rounding.digits + 1, index.rounding.mode)

    def score(self, value: float | None) -> str:
        return display_score(self.index, value)

    def points(self, value: float | None) -> str:
        """A contribution or headroom in index points (output scale)."""
        if value is None:
            return "–"
        return round_display(value * self.factor, self.fine).replace("-", MINUS)

    def delta(self, value: float | None) -> str:
        """A signed change in index points: +0.35, −1.50, 0.00."""
        if value is None:
            return "–"
        text = round_display(value * self.factor, self.fine)
        if text.startswith("-"):
            return MINUS + text[1:]
        if text.strip("0.") == "":
            return text  # zero after rounding: no sign
        return "+" + text

    def scale(self, value: float | None) -> float | None:
        """Points on the output scale, unrounded (for JSON)."""
        return None if value is None else value * self.factor

    def on_output_scale(self, score: float | None) -> float | None:
        if score is None:
            return None
        low, _ = self.index.output_scale
        return low + score * self.factor


ROUNDING_NOTE = "figures are rounded; they may not add up exactly"


def adds_up(parts: list[str], total: str) -> bool:
    """Whether numbers as displayed (``"27.10"``, ``"−1.50"``, ``"1,234.5"``) add up
    to the total as displayed; texts that are not numbers (``"–"``) count as 0."""
    from decimal import Decimal, InvalidOperation

    def value(text: str) -> Decimal:
        try:
            return Decimal(text.replace(MINUS, "-").replace(",", "").lstrip("+"))
        except InvalidOperation:
            return Decimal(0)

    return sum((value(p) for p in parts), Decimal(0)) == value(total)


def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}%"
