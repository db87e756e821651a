"""CHI605: two metrics that compute the same raw value from the same rows.

Compared on the resolved model (spans excluded), so `metric a from s mean` and
`metric b from s column a mean`, or `count` and `value count()`, are the same.
"""

from __future__ import annotations

from ...diagnostics import Label
from .. import LintContext, rule


@rule(
    "CHI605",
    fail='source s = "s.csv"\npillar "A" {\n  metric a from s mean scale 1..5\n  metric b from s column a mean scale 1..5\n}',
    ok='source s = "s.csv"\npillar "A" {\n  metric a from s mean scale 1..5\n  metric b from s where x > 1 column a mean scale 1..5\n}',
)
def duplicate_metric(ctx: LintContext):
    if ctx.index is None:
        return
    seen: dict[object, tuple[str, object]] = {}
    for pillar, metric in ctx.index.metrics():
        key = (metric.source.name, metric.where, metric.value)
        if key in seen:
            first_name, first_span = seen[key]
            yield ctx.diagnostic(
                "CHI605",
                f"metric `{metric.name}` computes the same value as `{first_name}`",
                metric.span,
                "remove one of them, or make them differ; counting one measurement twice doubles its weight",
                [Label(first_span, f"`{first_name}` computes it here")],
            )
        else:
            seen[key] = (metric.name, metric.span)
