"""CHI608: a weight whose digits only approximate a simple fraction (33.333% for 1/3).

A weight with d decimals (counted as a fraction of 1: 33.333% has 5) is flagged
when it lies within 10^-d of p/q for some q <= 12 that no decimal can write
exactly (q has a prime factor other than 2 and 5).  Exact decimals such as 12.5%
(1/8) are never flagged; `weights relative` groups are left alone, since their
numbers are not shares.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import gcd

from ... import syntax as st
from .. import LintContext, rule

MAX_DENOMINATOR = 12


def _inexact(q: int) -> bool:
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    return q > 1


FRACTIONS = sorted(
    {Fraction(p, q) for q in range(3, MAX_DENOMINATOR + 1) if _inexact(q) for p in range(1, q) if gcd(p, q) == 1},
    key=lambda f: (f.denominator, f.numerator),
)


def approximated_fraction(weight: st.WeightLit) -> Fraction | None:
    """The simple fraction this weight's digits approximate, or None."""
    if weight.denominator is not None:
        return None
    digits = weight.text.lstrip("+-").rstrip("%")
    if "e" in digits.lower() or "." not in digits:
        return None
    decimals = len(digits.split(".", 1)[1]) + (2 if weight.is_percent else 0)
    if decimals < 3:
        return None
    value = Fraction(weight.numerator) / (100 if weight.is_percent else 1)
    tolerance = Fraction(Decimal(1).scaleb(-decimals))
    for fraction in FRACTIONS:
        if abs(value - fraction) <= tolerance:
            return fraction
    return None


def weight_groups(tree: st.IndexDecl):
    """The weight clauses of each fixed-weight group (pillars of the index; metrics of a pillar)."""

    def mode(clauses) -> str:
        return next((c.value for c in clauses if c.kind == "weights"), "fixed")

    def weights(items) -> list[st.Clause]:
        return [c for item in items for c in item.clauses if c.kind == "weight"]

    yield mode(tree.clauses), weights(tree.pillars)
    for pillar in tree.pillars:
        yield mode(pillar.clauses), weights(pillar.metrics)


@rule(
    "CHI608",
    fail='pillar "A" {\n  metric a weight 33.333% from "s.csv" mean scale 0..1\n'
         '  metric b weight 33.333% from "s.csv" column b mean scale 0..1\n'
         '  metric c weight 33.334% from "s.csv" column c mean scale 0..1\n}',
    ok='pillar "A" {\n  metric a weight 1/3 from "s.csv" mean scale 0..1\n'
       '  metric b weight 1/3 from "s.csv" column b mean scale 0..1\n'
       '  metric c weight 1/3 from "s.csv" column c mean scale 0..1\n}\n'
       'pillar "B" {\n  metric a weight 12.5% from "s.csv" mean scale 0..1\n'
       '  metric b weight 87.5% from "s.csv" column b mean scale 0..1\n}',
)
def weight_false_precision(ctx: LintContext):
    for mode, clauses in weight_groups(ctx.tree):
        if mode == "relative":
            continue
        for clause in clauses:
            fraction = approximated_fraction(clause.value)
            if fraction is not None:
                yield ctx.diagnostic(
                    "CHI608",
                    f"weight {clause.value.shown} approximates {fraction.numerator}/{fraction.denominator} "
                    f"with digits that mean nothing",
                    clause.value.span,
                    f"write it exactly: weight {fraction.numerator}/{fraction.denominator}",
                )
