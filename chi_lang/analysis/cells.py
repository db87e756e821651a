"""One (period, unit) of an evaluation as a tree, and re-aggregation of metric scores.

The long table (``results.Evaluation``) is the single source of truth: a ``Cell`` is
read from its rows, never recomputed from data.  ``reaggregate`` runs the same
``scoring.aggregate`` the evaluator runs, so a what-if with unchanged scores gives
back the evaluated index exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .. import model as m
from ..results import Evaluation, ResultRow
from ..scoring import GroupResult, Member, aggregate

MetricKey = tuple[str, str]  # (pillar name, metric name)


@dataclass(frozen=True, slots=True)
class MetricCell:
    pillar: str
    metric: str
    raw: float | None
    score: float | None  # the metric's own score; None = no data
    used: float | None  # the score it entered its pillar with (0 under `missing zero`)
    weight: float  # normalised within the pillar, as declared
    effective_weight: float  # overall: pillar effective weight × metric effective weight
    contribution: float | None  # effective_weight × used

    @property
    def has_data(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class PillarCell:
    name: str
    score: float | None  # the score it entered the index with
    weight: float
    effective_weight: float
    contribution: float | None
    coverage: float
    aggregation: str
    metrics: tuple[MetricCell, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    period: str | None
    unit: str | None
    score: float | None
    coverage: float
    status: str | None
    aggregation: str
    pillars: tuple[PillarCell, ...]

    def metric_cells(self) -> list[MetricCell]:
        return [x for p in self.pillars for x in p.metrics]


class RowIndex:
    """The rows of an evaluation keyed for lookups (``Evaluation.lookup`` is a scan)."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.rows: dict[tuple, ResultRow] = {}
        periods: set[str | None] = set()
        units: set[str | None] = set()
        for row in evaluation.rows:
            self.rows[(row.period, row.unit, row.level, row.pillar, row.metric)] = row
            periods.add(row.period)
            units.add(row.unit)
        self.periods = sorted(periods, key=lambda p: (p is None, p or ""))
        self.units = sorted(units, key=lambda u: (u is None, u or ""))

    def get(self, period, unit, pillar=None, metric=None) -> ResultRow | None:
        level = "metric" if metric is not None else "pillar" if pillar is not None else "index"
        return self.rows.get((period, unit, level, pillar, metric))

    def index_score(self, period, unit) -> float | None:
        row = self.get(period, unit)
        return None if row is None else row.score

    def periods_with_data(self, unit) -> list[str | None]:
        return [p for p in self.periods if self.index_score(p, unit) is not None]

    def units_with_data(self, period) -> list[str | None]:
        return [u for u in self.units if self.index_score(period, u) is not None]

    def last_period_with_data(self, unit=None) -> str | None:
        """The last period in which the index has a value: for ``unit`` when given,
        else for any unit.  None when no period has one."""
        units = [unit] if unit is not None else self.units
        for period in reversed(self.periods):
            if any(self.index_score(period, u) is not None for u in units):
                return period
        return None

    def default_period(self, unit=None) -> str | None:
        """The period ``explain`` and ``render`` show when not told: the last with
        data (``last_period_with_data``), or the last period when none has any."""
        if (period := self.last_period_with_data(unit)) is not None:
            return period
        return self.periods[-1] if self.periods else None


def read_cell(index: m.Index, rows: RowIndex, period: str | None, unit: str | None) -> Cell | None:
    """The cell's tree from the long table; None when the evaluation has no such cell."""
    top = rows.get(period, unit)
    if top is None:
        return None
    pillars = []
    for pillar in index.pillars:
        prow = rows.get(period, unit, pillar.name)
        metrics = []
        for metric in pillar.metrics:
            row = rows.get(period, unit, pillar.name, metric.name)
            # The long table's metric coverage is 1 with data, 0 without; its score
            # is the score used (0 under `missing zero`).
            has_data = row is not None and row.coverage > 0
            metrics.append(MetricCell(
                pillar.name, metric.name,
                None if row is None else row.raw_value,
                row.score if has_data else None,
                None if row is None else row.score,
                float(metric.weight),
                0.0 if row is None else row.effective_weight,
                None if row is None else row.contribution,
            ))
        pillars.append(PillarCell(
            pillar.name,
            None if prow is None else prow.score,
            float(pillar.weight),
            0.0 if prow is None else prow.effective_weight,
            None if prow is None else prow.contribution,
            0.0 if prow is None else prow.coverage,
            pillar.aggregation,
            tuple(metrics),
        ))
    return Cell(period, unit, top.score, top.coverage, top.status, index.aggregation, tuple(pillars))


def metric_scores(cell: Cell) -> dict[MetricKey, float | None]:
    return {(x.pillar, x.metric): x.score for x in cell.metric_cells()}


@dataclass(frozen=True, slots=True)
class Reaggregated:
    score: float | None
    pillar_scores: dict[str, float | None]  # the score each pillar entered the index with
    pillar_weights: dict[str, float]  # effective, within the index
    metric_weights: dict[MetricKey, float]  # effective overall (pillar × metric)


def reaggregate(
    index: m.Index,
    scores: Mapping[MetricKey, float | None],
    pillar_weights: Mapping[str, float] | None = None,
    metric_weights: Mapping[MetricKey, float] | None = None,
) -> Reaggregated:
    """The index from metric scores (None = no data), with the spec's missing policies.

    Weights default to the spec's; the what-if and tests pass other scores, the
    sensitivity analysis (in its plain-Python path) other weights.
    """
    pillar_members: list[Member] = []
    inner: list[tuple[m.Pillar, GroupResult]] = []
    for pillar in index.pillars:
        members = []
        for metric in pillar.metrics:
            key = (pillar.name, metric.name)
            weight = metric.weight if metric_weights is None else metric_weights[key]
            members.append(Member(weight, scores.get(key), metric.missing))
        result = aggregate(members, pillar.aggregation == "geometric")
        inner.append((pillar, result))
        weight = pillar.weight if pillar_weights is None else pillar_weights[pillar.name]
        pillar_members.append(Member(weight, result.score, pillar.missing))
    top = aggregate(pillar_members, index.aggregation == "geometric")
    pillar_scores: dict[str, float | None] = {}
    pillar_effective: dict[str, float] = {}
    metric_effective: dict[MetricKey, float] = {}
    for position, ((pillar, result), p_weight, p_used) in enumerate(
            zip(inner, top.effective_weights, top.used_scores)):
        pillar_scores[pillar.name] = p_used
        pillar_effective[pillar.name] = p_weight
        for at, (metric, w) in enumerate(zip(pillar.metrics, result.effective_weights)):
            if top.exact_weights is not None and result.exact_weights is not None:
                # the spec's own weights: exact, rounded once, as the evaluation does
                w_overall = float(top.exact_weights[position] * result.exact_weights[at])
            else:
                w_overall = p_weight * w
            metric_effective[(pillar.name, metric.name)] = w_overall
    return Reaggregated(top.score, pillar_scores, pillar_effective, metric_effective)


def find_metric(index: m.Index, reference: str) -> tuple[list[MetricKey], str]:
    """Metrics a user reference names: ``metric`` or ``Pillar/metric``.

    Returns the matches and a hint (close names) for when there are none.
    """
    import difflib
    import unicodedata

    reference = unicodedata.normalize("NFC", reference.strip())
    keys = [(p.name, x.name) for p, x in index.metrics()]
    if "/" in reference:
        pillar_name, _, metric_name = reference.rpartition("/")
        found = [k for k in keys if k == (pillar_name.strip(), metric_name.strip())]
    else:
        found = [k for k in keys if k[1] == reference]
    if found:
        return found, ""
    names = sorted({k[1] for k in keys})
    close = difflib.get_close_matches(reference.rpartition("/")[2], names, 1)
    hint = (f"did you mean `{close[0]}`? " if close else "") + "metrics: " + ", ".join(names[:30])
    return [], hint


def rank_of(values: Mapping[str | None, float | None]) -> dict[str | None, int]:
    """Competition ranks (1 = highest; ties share the best rank); no data gets no rank."""
    ordered = sorted((v for v in values.values() if v is not None), reverse=True)
    first: dict[float, int] = {}
    for position, value in enumerate(ordered):
        first.setdefault(value, position + 1)
    return {unit: first[value] for unit, value in values.items() if value is not None}
