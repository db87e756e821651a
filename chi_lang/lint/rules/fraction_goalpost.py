"""CHI610: a 0-1 fraction with a target or scale above 1 (`target 90` meant `target 90%`).

Only values that are surely fractions are checked: `share(where ...)`, and a
count divided by a count (`count(where ok) / count()`).
"""

from __future__ import annotations

from ... import model as m
from .. import LintContext, rule


@rule(
    "CHI610",
    fail='pillar "A" { metric resolved from "t.csv" share(where status = "resolved") target 90 }',
    ok='pillar "A" {\n  metric resolved from "t.csv" share(where status = "resolved") target 90%\n'
       '  metric rate from "t.csv" value count(where ok) / count() scale 0..1\n}',
)
def fraction_goalpost(ctx: LintContext):
    for _, decl, metric in ctx.metric_pairs():
        if metric is None or not m.is_fraction_value(metric.value):  # CHI311's test
            continue
        norm = metric.normalisation
        clause = next((c for c in decl.clauses if c.kind == "normalisation"), None)
        if clause is None:
            continue
        if norm.kind == "target" and norm.target is not None and norm.target > 1:
            written = clause.value[1].shown
            yield ctx.diagnostic(
                "CHI610",
                f"metric `{decl.name}` is a 0-1 fraction but its target is {written}: "
                f"it can never reach it", clause.span, f"write the target as a percentage: target {written}%",
            )
        elif norm.kind == "scale" and norm.high is not None and norm.high > 1:
            rng = clause.value[1]
            yield ctx.diagnostic(
                "CHI610",
                f"metric `{decl.name}` is a 0-1 fraction but its scale goes up to {rng.high.shown}",
                clause.span, f"write the goalposts as percentages: scale {rng.low.shown}%..{rng.high.shown}%"
                if not rng.low.is_percent else "use goalposts between 0 and 1 (or 0%..100%)",
            )
