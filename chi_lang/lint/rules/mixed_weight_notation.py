"""CHI609: one group's weights written in more than one notation (25%, 0.25, 1/4)."""

from __future__ import annotations

from ... import syntax as st
from ...diagnostics import Label
from .. import LintContext, rule
from .weight_false_precision import weight_groups


def notation(weight: st.WeightLit) -> str:
    if weight.denominator is not None:
        return "fraction"
    return "percentage" if weight.is_percent else "decimal"


@rule(
    "CHI609",
    fail='pillar "A" {\n  metric a weight 50% from "s.csv" mean scale 0..1\n'
         '  metric b weight 0.5 from "s.csv" column b mean scale 0..1\n}',
    ok='pillar "A" {\n  metric a weight 50% from "s.csv" mean scale 0..1\n'
       '  metric b weight 50% from "s.csv" column b mean scale 0..1\n}',
)
def mixed_weight_notation(ctx: LintContext):
    for _, clauses in weight_groups(ctx.tree):
        if len(clauses) < 2:
            continue
        first = clauses[0].value
        for clause in clauses[1:]:
            if notation(clause.value) != notation(first):
                yield ctx.diagnostic(
                    "CHI609",
                    f"weight {clause.value.shown} is a {notation(clause.value)} but this group's first weight "
                    f"{first.shown} is a {notation(first)}",
                    clause.value.span,
                    f"write every weight of the group as a {notation(first)}",
                    [Label(first.span, "first weight of the group")],
                )
                break  # one report per group is enough to fix it
