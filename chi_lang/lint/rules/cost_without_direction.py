"""CHI603: a metric that reads like a cost should say which way is better.

The words are matched whole, after splitting names on ``_``, ``-``, ``.``,
spaces and camelCase: ``uptime`` is not a time and ``on_time`` is not a delay.
Durations computed with ``hours()``/``days()`` count as costs too.
"""

from __future__ import annotations

import re

from ... import syntax as st
from .. import LintContext, rule

COST_WORDS = frozenset({
    "time", "times", "latency", "backlog", "churn", "churned", "wait", "waiting", "delay", "delays",
    "duration", "lag", "downtime", "outage", "outages", "bug", "bugs", "defect", "defects",
    "incident", "incidents", "complaint", "complaints", "attrition", "turnover", "spam", "toxicity",
    "abandoned", "unanswered", "unresolved", "stale", "hours", "days", "minutes", "seconds",
    "mttr", "ttr", "ttfr", "cost", "costs", "errors", "error", "failures", "failed", "bounce",
})
# Words that are a cost only when measured as a time: `response_time`, `reply` in hours.
TIMED_WORDS = frozenset({"response", "reply", "resolution", "resolve", "first"})
TIME_UNITS = frozenset({"h", "hr", "hrs", "hour", "hours", "d", "day", "days", "min", "mins", "minutes",
                        "s", "sec", "secs", "seconds", "ms", "weeks"})
GOOD_PHRASES = (("on", "time"), ("real", "time"), ("up", "time"))
DIRECTED = ("scale", "target", "minmax", "percentile_rank")


def words(text: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
    return [w for w in re.split(r"[^0-9A-Za-z]+", spaced.lower()) if w]


def _duration_call(expr: object) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, st.Call):
            if node.name in ("hours", "days"):
                return True
            stack.extend(node.args)
            if node.where is not None:
                stack.append(node.where)
        elif isinstance(node, st.Binary):
            stack += [node.left, node.right]
        elif isinstance(node, (st.Unary, st.IsMissing)):
            stack.append(node.operand)
    return False


def cost_reason(decl: st.MetricDecl) -> str | None:
    """Why this metric looks like a cost, or None."""
    clauses = {c.kind: c for c in decl.clauses}
    names = [decl.name]
    if "column" in clauses:
        names.append(clauses["column"].value.dotted)
    for name in names:
        ws = words(name)
        for i, w in enumerate(ws):
            if w in COST_WORDS and not (i > 0 and (ws[i - 1], w) in GOOD_PHRASES):
                return f"its name mentions `{w}`"
    unit = clauses.get("unit")
    timed_unit = unit is not None and any(u in TIME_UNITS for u in words(str(unit.value)))
    if timed_unit:
        return f"it is measured in {unit.value!r}"
    value = clauses.get("value")
    if value is not None and _duration_call(value.value):
        return "it measures a duration (hours()/days())"
    return None


@rule(
    "CHI603",
    fail='pillar "A" { metric response_time from "tickets.csv" median scale 0..48 }',
    ok='pillar "A" {\n  metric response_time from "tickets.csv" median lower_is_better scale 0..48\n'
       '  metric on_time_delivery from "tickets.csv" mean percent\n  metric uptime from "s.csv" mean scale 90..100\n}',
)
def cost_without_direction(ctx: LintContext):
    for _, decl, _ in ctx.metric_pairs():
        kinds = {c.kind: c for c in decl.clauses}
        if "direction" in kinds:
            continue
        norm = kinds.get("normalisation")
        if norm is None or norm.value[0] not in DIRECTED:
            continue
        reason = cost_reason(decl)
        if reason is None:
            continue
        yield ctx.diagnostic(
            "CHI603",
            f"metric `{decl.name}` looks like a cost ({reason}) but does not state its direction; "
            f"`{norm.value[0]}` will treat higher as better",
            decl.name_span,
            "add `lower_is_better`, or `higher_is_better` if more really is better",
        )
