"""CHI601: a pillar should hold 3 to 5 metrics (the method's recommended range)."""

from __future__ import annotations

from .. import LintContext, rule

LOW, HIGH = 3, 5


@rule(
    "CHI601",
    fail='pillar "Reach" { metric downloads from "d.csv" sum target 1000 }',
    ok='pillar "Reach" {\n  metric a from "d.csv" sum target 1\n  metric b from "d.csv" count target 1\n'
       '  metric c from "d.csv" column c max target 1\n}',
)
def pillar_metric_count(ctx: LintContext):
    if ctx.is_fragment:  # a card such as the mission's line: part of an index defined elsewhere
        return
    for pillar in ctx.tree.pillars:
        n = len(pillar.metrics)
        if n == 0:  # CHI108 already says so
            continue
        if n < LOW or n > HIGH:
            few = n < LOW
            yield ctx.diagnostic(
                "CHI601",
                f"pillar {pillar.name!r} has {n} metric{'s' if n != 1 else ''}; the method recommends {LOW} to {HIGH}",
                pillar.name_span,
                "add metrics that measure this pillar from other angles" if few
                else "split the pillar in two, or drop the metrics that say the least",
            )
