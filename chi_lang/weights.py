"""Exact weights: literals to fractions, group sums, and how to show them."""

from __future__ import annotations

from fractions import Fraction

from . import syntax as st


def weight_fraction(literal: st.WeightLit) -> Fraction | None:
    """The exact value of a weight literal; None for a zero denominator."""
    value = Fraction(literal.numerator)
    if literal.is_percent:
        value /= 100
    if literal.denominator is not None:
        if literal.denominator == 0:
            return None
        value /= Fraction(literal.denominator)
    return value


def _is_finite_decimal(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def format_percent(value: Fraction) -> str:
    """``Fraction(999, 1000)`` → ``99.9%``; non-terminating values get ``≈`` and 4 decimals."""
    percent = value * 100
    if abs(percent) >= 10**6:
        digits = len(str(abs(percent.numerator // percent.denominator)))
        return f"≈1e{digits - 1}%" if digits > 300 else f"{float(percent):.6g}%"
    if _is_finite_decimal(percent) and len(str(percent.denominator)) <= 12:
        text = _exact_decimal(percent)
        return f"{text}%"
    return f"≈{float(percent):.4f}".rstrip("0").rstrip(".") + "%"


def _exact_decimal(value: Fraction) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, remainder = divmod(value.numerator, value.denominator)
    digits = []
    while remainder:
        remainder *= 10
        digit, remainder = divmod(remainder, value.denominator)
        digits.append(str(digit))
    return sign + str(whole) + ("." + "".join(digits) if digits else "")


def describe_shortfall(total: Fraction) -> str:
    """``99.9%, 0.1% short`` or ``110%, 10% over``."""
    if total < 1:
        return f"{format_percent(total)}, {format_percent(1 - total)} short of 100%"
    return f"{format_percent(total)}, {format_percent(total - 1)} over 100%"
