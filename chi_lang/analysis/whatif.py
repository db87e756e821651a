"""What-if: change a metric's raw value, re-score it, re-aggregate the index.

No data is re-read.  The changed raw value goes through the metric's own
normalisation (``scoring.absolute_score``; for ``minmax``/``percentile_rank`` the
period's units are re-scored together with ``scoring.relative_scores``), and the
index is re-aggregated from the metric scores with the spec's weights and missing
policies (``cells.reaggregate``).

A what-if is written ``METRIC=CHANGE`` (``METRIC`` may be ``Pillar/metric``):

* ``+10%`` / ``-10%``   the raw value times 1.10 / 0.90 (a signed percentage is relative)
* ``+5`` / ``-5``       the raw value plus / minus 5
* ``42`` / ``90%``      the raw value set to 42 / 0.9 (percent literals are fractions,
  as in the language);  ``==-3`` sets a negative value
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from .. import model as m
from ..scoring import absolute_score, relative_scores
from .cells import MetricKey, RowIndex, find_metric, rank_of, read_cell, reaggregate

_NUMBER = r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?"
_CHANGE = re.compile(rf"^(?P<sign>[+-])?(?P<number>{_NUMBER})(?P<percent>%)?$")


class WhatIfError(ValueError):
    """A what-if that cannot be applied; ``code`` is its diagnostic code."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Change:
    text: str  # as the user wrote it
    key: MetricKey
    mode: str  # relative | delta | set
    amount: float  # factor for relative, addend for delta, value for set

    def apply(self, raw: float | None) -> float | None:
        if self.mode == "set":
            return self.amount
        if raw is None:
            return None  # a change of nothing is still nothing
        return raw * self.amount if self.mode == "relative" else raw + self.amount


def parse_change(text: str, index: m.Index) -> Change:
    """``first_reply=+10%`` → Change; WhatIfError (CHI702/CHI703) when it cannot be read."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise WhatIfError("CHI703", f"cannot read the what-if {text!r}",
                          "write METRIC=CHANGE: first_reply=+10%, downloads=-500, resolution_rate=90%")
    keys, hint = find_metric(index, name)
    if not keys:
        raise WhatIfError("CHI702", f"the spec has no metric `{name.strip()}`", hint)
    if len(keys) > 1:
        pillars = ", ".join(f"{p}/{x}" for p, x in keys)
        raise WhatIfError("CHI702", f"`{name.strip()}` is a metric of more than one pillar",
                          f"name it with its pillar: {pillars}")
    value = value.strip().replace("\u2212", "-")
    forced_set = value.startswith("=")  # `==-3`: the value itself, sign and all
    body = value[1:].strip() if forced_set else value
    match = _CHANGE.match(body)
    if match is None:
        raise WhatIfError("CHI703", f"cannot read the change {value!r} in the what-if {text!r}",
                          "a signed percentage (+10%) is relative, a signed number (-5) is added, "
                          "an unsigned number (42, 90%) is the new value; ==-3 sets a negative value")
    sign = match.group("sign")
    number = float(match.group("number")) * (-1.0 if sign == "-" else 1.0)
    percent = match.group("percent") is not None
    if forced_set or sign is None:
        change = Change(text, keys[0], "set", number / 100.0 if percent else number)
    elif percent:
        change = Change(text, keys[0], "relative", 1.0 + number / 100.0)
    else:
        change = Change(text, keys[0], "delta", number)
    # `1e400` reads as inf (the regex only rules out the words inf and nan); a
    # raw value must be a finite number, as everywhere else in chi-lang.
    if not math.isfinite(change.amount):
        raise WhatIfError("CHI703", f"the change {value!r} in the what-if {text!r} is not a finite number",
                          "what-if values must be finite and below about 1.8e308 (the largest double)")
    return change


@dataclass(frozen=True, slots=True)
class MetricEffect:
    key: MetricKey
    unit: str | None
    raw_before: float | None
    raw_after: float | None
    score_before: float | None
    score_after: float | None


@dataclass(frozen=True, slots=True)
class UnitOutcome:
    unit: str | None
    index_before: float | None
    index_after: float | None
    rank_before: int | None
    rank_after: int | None
    pillars_before: dict[str, float | None]
    pillars_after: dict[str, float | None]

    @property
    def delta(self) -> float | None:
        if self.index_before is None or self.index_after is None:
            return None
        return self.index_after - self.index_before


@dataclass(frozen=True, slots=True)
class WhatIfResult:
    period: str | None
    unit: str | None  # the unit the changes were applied to (None: every unit)
    changes: tuple[Change, ...]
    effects: tuple[MetricEffect, ...]  # per changed metric and unit in scope
    outcomes: tuple[UnitOutcome, ...]  # every unit of the period, in unit order


def what_if(index: m.Index, rows: RowIndex, changes: Sequence[Change], period: str | None,
            unit: str | None = None) -> WhatIfResult:
    """Apply ``changes`` to ``unit`` (or every unit) in ``period`` and re-aggregate."""
    units = [u for u in rows.units if rows.get(period, u) is not None]
    in_scope = units if unit is None else [unit]
    cells = {u: read_cell(index, rows, period, u) for u in units}
    before = {u: {(x.pillar, x.metric): x.score for x in cells[u].metric_cells()} for u in units}
    raws = {u: {(x.pillar, x.metric): x.raw for x in cells[u].metric_cells()} for u in units}
    after = {u: dict(before[u]) for u in units}
    new_raws = {u: dict(raws[u]) for u in units}
    metrics = {(p.name, x.name): x for p, x in index.metrics()}
    changed_keys: list[MetricKey] = []
    for change in changes:
        for u in in_scope:
            raw = change.apply(new_raws[u][change.key])
            if raw is not None and not math.isfinite(raw):
                # A finite change can still overflow: 1e300 × +1e10% is inf.
                raise WhatIfError("CHI703", f"the what-if {change.text!r} makes `{change.key[1]}` overflow: "
                                  f"{new_raws[u][change.key]:g} becomes {raw:g}",
                                  "choose a smaller change; raw values must stay finite numbers")
            new_raws[u][change.key] = raw
        if change.key not in changed_keys:
            changed_keys.append(change.key)
    for key in changed_keys:
        metric = metrics[key]
        norm = metric.normalisation
        if norm.is_relative:
            period_raws = {u: new_raws[u][key] for u in units if new_raws[u][key] is not None}
            scores, _ = relative_scores(period_raws, norm)
            for u in units:
                after[u][key] = scores.get(u)
            continue
        for u in in_scope:
            raw = new_raws[u][key]
            if raw is None:
                after[u][key] = None
                continue
            try:
                after[u][key] = absolute_score(raw, norm)
            except ValueError:
                raise WhatIfError("CHI704", f"`{key[1]}` would have raw value {raw:g}, and its `log` scale needs values above 0",
                                  "choose a change that keeps the raw value positive") from None
    effects = tuple(
        MetricEffect(key, u, raws[u][key], new_raws[u][key], before[u][key], after[u][key])
        for key in changed_keys for u in in_scope
    )
    results_before = {u: reaggregate(index, before[u]) for u in units}
    results_after = {u: reaggregate(index, after[u]) for u in units}
    # Both sides re-aggregated by the same code, so an untouched unit moves by exactly
    # 0 whatever engine produced the long table (the python engine's index is
    # reproduced bit for bit; tests/analysis checks it).
    index_before = {u: results_before[u].score for u in units}
    index_after = {u: results_after[u].score for u in units}
    ranked = index.by is not None and len(units) > 1
    ranks_before = rank_of(index_before) if ranked else {}
    ranks_after = rank_of(index_after) if ranked else {}
    outcomes = tuple(
        UnitOutcome(u, index_before[u], index_after[u], ranks_before.get(u), ranks_after.get(u),
                    results_before[u].pillar_scores, results_after[u].pillar_scores)
        for u in units
    )
    return WhatIfResult(period, unit, tuple(changes), effects, outcomes)
