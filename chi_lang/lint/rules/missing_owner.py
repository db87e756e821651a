"""CHI607: the index should state its `owner` (cards, being fragments, are exempt)."""

from __future__ import annotations

from .. import LintContext, rule


@rule(
    "CHI607",
    fail='index "X" {\n  version "1"\n  pillar "A" { metric m from "s.csv" mean scale 0..1 }\n}',
    ok='index "X" {\n  version "1"\n  owner "team"\n  pillar "A" { metric m from "s.csv" mean scale 0..1 }\n}',
)
def missing_owner(ctx: LintContext):
    if ctx.is_card or any(c.kind == "owner" for c in ctx.tree.clauses):
        return
    yield ctx.diagnostic("CHI607", "the index does not state its owner", ctx.tree.name_span,
                         'add owner "team-name": who answers for the definition')
