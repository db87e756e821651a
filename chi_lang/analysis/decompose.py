"""The index of one (period, unit) decomposed: contributions, shortfall and headroom.

* **contribution** = effective weight × score.  Under arithmetic aggregation at both
  levels the contributions of the metrics sum to the index (DESIGN §3).
* **shortfall** = the points between the score and 100 that a part accounts for;
  the shortfalls of the metrics always sum to ``100 − index``.  Arithmetic:
  ``effective weight × (100 − score)``.  Geometric: the gap is split in proportion to
  each part's ``w · ln(s/100)`` (its share of the log of the geometric mean), which is
  the only split that adds up for a product.
* **headroom** = how many index points a metric could still add: arithmetic
  ``effective weight × (100 − score)``; under geometric aggregation the exact gain of
  raising the metric to 100, computed by re-aggregation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import model as m
from .cells import Cell, MetricCell, PillarCell, metric_scores, reaggregate


@dataclass(frozen=True, slots=True)
class MetricPart:
    pillar: str
    metric: str
    raw: float | None
    score: float | None  # None = no data
    used: float | None  # score entered with (0 under `missing zero`); None = dropped
    weight: float  # declared, normalised within the pillar
    effective_weight: float  # overall, after missing-data reweighting
    contribution: float | None
    shortfall: float
    headroom: float | None  # None for a metric that does not count (dropped)

    @property
    def dropped(self) -> bool:
        return self.used is None


@dataclass(frozen=True, slots=True)
class PillarPart:
    name: str
    score: float | None
    weight: float
    effective_weight: float
    contribution: float | None
    shortfall: float
    coverage: float
    aggregation: str
    metrics: tuple[MetricPart, ...]  # ranked


@dataclass(frozen=True, slots=True)
class Decomposition:
    period: str | None
    unit: str | None
    score: float | None
    coverage: float
    status: str | None
    aggregation: str
    additive: bool  # contributions sum to the index (arithmetic at every level)
    pillars: tuple[PillarPart, ...]  # ranked
    headroom: tuple[MetricPart, ...]  # metrics that count, most headroom first

    def metric_parts(self) -> list[MetricPart]:
        return [x for p in self.pillars for x in p.metrics]


def is_additive(index: m.Index) -> bool:
    return index.aggregation == "arithmetic" and all(p.aggregation == "arithmetic" for p in index.pillars)


def _split_gap(gap: float, group_score: float, members: list[tuple[float, float | None]], geometric: bool) -> list[float]:
    """Split ``gap`` points among members (effective weight, used score) of a group.

    Arithmetic: in proportion to w·(100 − s), which sums to 100 − group score.
    Geometric: in proportion to w·ln(s/100), which sums to ln(group/100); a group at 0
    owes all of it to its members at 0 (by weight).
    """
    if gap == 0 or not members:
        return [0.0] * len(members)
    if not geometric:
        parts = [w * (100.0 - s) if s is not None and w > 0 else 0.0 for w, s in members]
    elif group_score <= 0:
        parts = [w if s is not None and s <= 0 and w > 0 else 0.0 for w, s in members]
    else:
        parts = [w * math.log(s / 100.0) if s is not None and w > 0 else 0.0 for w, s in members]
    total = math.fsum(parts)
    if total == 0:
        return [0.0] * len(members)
    return [gap * p / total for p in parts]


def decompose(index: m.Index, cell: Cell) -> Decomposition:
    """Contributions, shortfall and headroom of one evaluated cell."""
    additive = is_additive(index)
    score = cell.score
    gap = 0.0 if score is None else 100.0 - score
    pillar_gaps = _split_gap(gap, score or 0.0, [(p.effective_weight, p.score) for p in cell.pillars],
                             cell.aggregation == "geometric")
    gains = _headroom_gains(index, cell) if not additive else {}
    pillars: list[PillarPart] = []
    for pillar, pillar_gap in zip(cell.pillars, pillar_gaps):
        within = [(_within(x, pillar), x.used) for x in pillar.metrics]
        metric_gaps = _split_gap(pillar_gap, pillar.score or 0.0, within, pillar.aggregation == "geometric")
        parts = []
        for x, x_gap in zip(pillar.metrics, metric_gaps):
            counts = x.used is not None and x.effective_weight > 0
            if not counts:
                headroom = None
            elif additive:
                headroom = x.effective_weight * (100.0 - x.used)
            else:
                headroom = gains[(x.pillar, x.metric)]
            parts.append(MetricPart(x.pillar, x.metric, x.raw, x.score, x.used, x.weight, x.effective_weight,
                                    x.contribution, x_gap, headroom))
        parts.sort(key=lambda part: _rank_key(part.contribution, part.shortfall, additive))
        pillars.append(PillarPart(pillar.name, pillar.score, pillar.weight, pillar.effective_weight,
                                  pillar.contribution, pillar_gap, pillar.coverage, pillar.aggregation, tuple(parts)))
    pillars.sort(key=lambda part: _rank_key(part.contribution, part.shortfall, additive))
    counted = [x for p in pillars for x in p.metrics if x.headroom is not None]
    counted.sort(key=lambda x: -x.headroom)
    return Decomposition(cell.period, cell.unit, score, cell.coverage, cell.status, cell.aggregation, additive,
                         tuple(pillars), tuple(counted))


def _rank_key(contribution: float | None, shortfall: float, additive: bool) -> tuple:
    # Arithmetic: largest contribution first.  Geometric: contributions do not add
    # up, so rank by what holds the index back the least, i.e. smallest shortfall.
    if additive:
        return (contribution is None, -(contribution or 0.0))
    return (contribution is None, shortfall)


def _within(x: MetricCell, pillar: PillarCell) -> float:
    """A metric's effective weight within its pillar."""
    if pillar.effective_weight <= 0:
        return 0.0
    return x.effective_weight / pillar.effective_weight


def _headroom_gains(index: m.Index, cell: Cell) -> dict[tuple[str, str], float]:
    """Index gain of raising each counting metric to 100 (re-aggregated exactly)."""
    base_scores = metric_scores(cell)
    base = reaggregate(index, base_scores).score
    gains: dict[tuple[str, str], float] = {}
    for x in cell.metric_cells():
        if x.used is None:
            continue
        scores = dict(base_scores)
        scores[(x.pillar, x.metric)] = 100.0
        raised = reaggregate(index, scores).score
        gains[(x.pillar, x.metric)] = 0.0 if raised is None or base is None else raised - base
    return gains
