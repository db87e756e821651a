"""CHI604: a declared source that no metric reads."""

from __future__ import annotations

from .. import LintContext, rule


@rule(
    "CHI604",
    fail='source old = "old.csv"\nsource s = "s.csv"\npillar "A" { metric m from s mean scale 0..1 }',
    ok='source s = "s.csv"\npillar "A" { metric m from s mean scale 0..1 }',
)
def unused_source(ctx: LintContext):
    used = {c.value[1] for p in ctx.tree.pillars for x in p.metrics for c in x.clauses
            if c.kind == "from" and c.value[0] == "source"}
    for source in ctx.tree.sources:
        if source.name not in used:
            yield ctx.diagnostic(
                "CHI604", f"source `{source.name}` is declared but no metric reads it", source.name_span,
                f"remove it, or read it in a metric with `from {source.name}`",
            )
