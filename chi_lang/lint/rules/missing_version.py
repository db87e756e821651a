"""CHI606: the index should state its `version` (cards, being fragments, are exempt)."""

from __future__ import annotations

from .. import LintContext, rule


@rule(
    "CHI606",
    fail='index "X" {\n  owner "team"\n  pillar "A" { metric m from "s.csv" mean scale 0..1 }\n}',
    ok='index "X" {\n  version "1"\n  owner "team"\n  pillar "A" { metric m from "s.csv" mean scale 0..1 }\n}',
)
def missing_version(ctx: LintContext):
    if ctx.is_card or any(c.kind == "version" for c in ctx.tree.clauses):
        return
    yield ctx.diagnostic("CHI606", "the index does not state its version", ctx.tree.name_span,
                         'add version "2026.1" and bump it when the definition changes')
