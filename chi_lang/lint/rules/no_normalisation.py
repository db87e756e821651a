"""CHI602: a metric that states no normalisation uses its raw value as the score.

Counts, sums (CHI318) and 0-1 fractions (CHI311) already get their own warnings
from the resolver; this rule covers the rest (means, medians, expressions), and
is silenced by writing ``none``, which says the raw value already is 0-100.
"""

from __future__ import annotations

from ... import model as m
from .. import LintContext, rule


def _covered_by_resolver(value: m.ValueExpr) -> bool:
    if isinstance(value, m.Aggregate):
        return value.func in ("share", "count", "sum", "count_distinct")
    return isinstance(value, m.ValueOp) and value.op == "/"


@rule(
    "CHI602",
    fail='pillar "A" { metric satisfaction from "survey.csv" mean }',
    ok='pillar "A" {\n  metric satisfaction from "survey.csv" mean scale 1..5\n'
       '  metric health_score from "survey.csv" mean none\n}',
)
def no_normalisation(ctx: LintContext):
    if ctx.is_fragment:  # a card such as the mission's line: part of an index defined elsewhere
        return
    for _, decl, metric in ctx.metric_pairs():
        if metric is None or any(c.kind == "normalisation" for c in decl.clauses):
            continue
        if metric.normalisation.kind != "none" or _covered_by_resolver(metric.value):
            continue
        yield ctx.diagnostic(
            "CHI602",
            f"metric `{decl.name}` has no normalisation: its raw value is used as a 0-100 score",
            decl.name_span,
            "add `scale LO..HI`, `target T`, `bands {...}` or `percent`; write `none` if it already is 0-100",
        )
