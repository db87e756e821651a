"""CHI612 (off by default): a metric without a `description`.

Enable it with `extend-select = ["CHI612"]` in `[tool.chi-lang]` or
`--select CHI612` for specs whose scorecards are read by people outside the team.
"""

from __future__ import annotations

from .. import LintContext, rule


@rule(
    "CHI612",
    enabled_by_default=False,
    fail='pillar "A" { metric m from "s.csv" mean scale 1..5 }',
    ok='pillar "A" { metric m from "s.csv" mean scale 1..5 description "Mean satisfaction (1-5)" }',
)
def missing_description(ctx: LintContext):
    for _, decl, _ in ctx.metric_pairs():
        if not any(c.kind == "description" for c in decl.clauses):
            yield ctx.diagnostic("CHI612", f"metric `{decl.name}` has no description", decl.name_span,
                                 'add description "what it measures, in words"')
