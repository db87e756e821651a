"""Sensitivity of the index to its weights and normalisations, by seeded Monte Carlo.

After the composite-indicator literature (OECD/JRC Handbook on Constructing Composite
Indicators, 2008, uncertainty analysis): each sample multiplies every pillar weight
and every metric weight by an independent factor drawn uniformly from
``[1 − spread, 1 + spread]`` (±20% by default) and renormalises within the group;
a metric with alternative normalisations uses one of them (the declared one
included) chosen uniformly.  The metric scores come from the evaluation (or, for an
alternative, from its raw values re-scored) and are re-aggregated with the spec's
aggregation and missing-data policies.  Per unit the report gives the index interval
(5th–95th percentile) and, for ``by`` evaluations, the rank interval.

Random numbers come from Python's ``random.Random(seed)`` in a fixed order, so a
seed gives the same samples with or without numpy; numpy (when installed) only
vectorises the arithmetic.  Results may differ from the plain-Python path in the
last bits of a float (summation order), never in the samples.
"""

from __future__ import annotations

import math
import random
from array import array
from dataclasses import dataclass, replace
from typing import Sequence

from .. import model as m
from ..scoring import absolute_score, relative_scores
from .cells import MetricKey, RowIndex, find_metric, rank_of

LOW_PERCENTILE = 5.0
HIGH_PERCENTILE = 95.0


class SensitivityError(ValueError):
    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another normalisation a metric could reasonably have had."""

    key: MetricKey
    text: str
    normalisation: m.Normalisation


@dataclass(frozen=True, slots=True)
class UnitInterval:
    period: str | None
    unit: str | None
    index: float  # as evaluated
    low: float  # 5th percentile over the samples
    median: float
    high: float  # 95th percentile
    rank: int | None  # as evaluated (by evaluations)
    rank_low: int | None  # best rank at the 5th percentile
    rank_high: int | None  # worst rank at the 95th percentile


@dataclass(frozen=True, slots=True)
class Sensitivity:
    samples: int
    seed: int
    spread: float
    period: str | None  # the period analysed (None: every period of a spec without `by`)
    ranked: bool
    backend: str  # numpy | python
    alternatives: tuple[Alternative, ...]
    rows: tuple[UnitInterval, ...]  # best evaluated first (by), else in period order
    no_data: tuple[str | None, ...]  # units (or periods) with no index value


def parse_alternative(text: str, index: m.Index) -> Alternative:
    """``downloads=minmax`` or ``first_reply=target 24 lower_is_better`` → Alternative.

    The normalisation is read by the real parser and resolver (a one-metric spec), so
    it means exactly what it would mean in a spec.  Without a stated direction it
    inherits the metric's.
    """
    from ..diagnostics import DiagnosticBag, Severity
    from ..pipeline import load_text

    name, equals, clause = text.partition("=")
    if not equals or not clause.strip():
        raise SensitivityError("CHI707", f"cannot read the alternative {text!r}",
                               "write METRIC=NORMALISATION, e.g. downloads=minmax or first_reply=target 24")
    keys, hint = find_metric(index, name)
    if not keys:
        raise SensitivityError("CHI702", f"the spec has no metric `{name.strip()}`", hint)
    if len(keys) > 1:
        raise SensitivityError("CHI702", f"`{name.strip()}` is a metric of more than one pillar",
                               "name it with its pillar: " + ", ".join(f"{p}/{x}" for p, x in keys))
    probe = f'index "alternative" {{ by unit\n pillar "p" {{ metric m from "alternative.csv" {clause.strip()} }} }}'
    bag = DiagnosticBag()
    loaded = load_text(probe, "<alternative>", bag)
    errors = [d for d in bag.items if d.severity is Severity.ERROR]
    if errors or loaded.index is None:
        reason = errors[0].message if errors else "not a normalisation"
        raise SensitivityError("CHI707", f"cannot read the alternative normalisation {clause.strip()!r}: {reason}",
                               "use a normalisation as written in a spec: scale 0..48 lower_is_better, "
                               "target 24, minmax, percentile_rank, percent, bands { ... }")
    normalisation = loaded.index.pillars[0].metrics[0].normalisation
    declared = dict(((p.name, x.name), x) for p, x in index.metrics())[keys[0]]
    if not normalisation.direction_stated:
        normalisation = replace(normalisation, lower_is_better=declared.normalisation.lower_is_better)
    return Alternative(keys[0], clause.strip(), normalisation)


@dataclass
class _Problem:
    """Everything the sampler needs, as plain lists (cells × metrics)."""

    cells: list[tuple[str | None, str | None]]
    keys: list[MetricKey]
    pillar_of: list[int]  # metric → pillar position
    metric_weights: list[float]
    metric_zero: list[bool]  # `missing zero`: no data enters as 0
    pillar_weights: list[float]
    pillar_zero: list[bool]
    pillar_geometric: list[bool]
    index_geometric: bool
    options: list[list[list[float | None]]]  # metric → option → cell → score


def _build(index: m.Index, rows: RowIndex, cells, alternatives: Sequence[Alternative]) -> _Problem:
    keys = [(p.name, x.name) for p, x in index.metrics()]
    position = {p.name: i for i, p in enumerate(index.pillars)}
    by_key = {(p.name, x.name): (p, x) for p, x in index.metrics()}
    options: list[list[list[float | None]]] = []
    for key in keys:
        declared = []
        raws = []
        for period, unit in cells:
            row = rows.get(period, unit, key[0], key[1])
            has = row is not None and row.coverage > 0
            declared.append(row.score if has else None)
            raws.append(None if row is None else row.raw_value)
        metric_options = [declared]
        for alternative in alternatives:
            if alternative.key == key:
                metric_options.append(_rescore(alternative, cells, raws))
        options.append(metric_options)
    return _Problem(
        cells=list(cells),
        keys=keys,
        pillar_of=[position[k[0]] for k in keys],
        metric_weights=[float(by_key[k][1].weight) for k in keys],
        metric_zero=[by_key[k][1].missing == "zero" for k in keys],
        pillar_weights=[float(p.weight) for p in index.pillars],
        pillar_zero=[p.missing == "zero" for p in index.pillars],
        pillar_geometric=[p.aggregation == "geometric" for p in index.pillars],
        index_geometric=index.aggregation == "geometric",
        options=options,
    )


def _rescore(alternative: Alternative, cells, raws: list[float | None]) -> list[float | None]:
    norm = alternative.normalisation
    if norm.is_relative:
        scores: list[float | None] = [None] * len(cells)
        by_period: dict[str | None, dict[int, float]] = {}
        for i, ((period, _), raw) in enumerate(zip(cells, raws)):
            if raw is not None:
                by_period.setdefault(period, {})[i] = raw
        for members in by_period.values():
            relative, _ = relative_scores(members, norm)
            for i, score in relative.items():
                scores[i] = score
        return scores
    out: list[float | None] = []
    for raw in raws:
        if raw is None:
            out.append(None)
            continue
        try:
            out.append(absolute_score(raw, norm))
        except ValueError:
            raise SensitivityError("CHI707", f"the alternative `{alternative.text}` of `{alternative.key[1]}` "
                                   f"cannot score the raw value {raw:g} (log of a value <= 0)") from None
    return out


# Samples are drawn and evaluated this many at a time: memory holds one batch of
# intermediate arrays, whatever the number of samples.
BATCH = 1024


def _draw(problem: _Problem, samples: int, seed: int, spread: float, batch: int | None = None):
    """Weight factors and normalisation choices, in one fixed order per sample,
    yielded ``batch`` samples at a time (one stream: batching changes no sample)."""
    batch = batch or BATCH
    rng = random.Random(seed)
    low, high = 1.0 - spread, 1.0 + spread
    for start in range(0, samples, batch):
        pillar_factors, metric_factors, choices = [], [], []
        for _ in range(min(batch, samples - start)):
            pillar_factors.append([rng.uniform(low, high) for _ in problem.pillar_weights])
            metric_factors.append([rng.uniform(low, high) for _ in problem.metric_weights])
            choices.append([rng.randrange(len(o)) if len(o) > 1 else 0 for o in problem.options])
        yield pillar_factors, metric_factors, choices


def run_sensitivity(index: m.Index, rows: RowIndex, samples: int, seed: int, spread: float = 0.2,
                    period: str | None = None, alternatives: Sequence[Alternative] = (),
                    use_numpy: bool | None = None) -> Sensitivity:
    """Monte Carlo over weights (and alternative normalisations) for one period's units.

    A spec without ``by`` has one unit; its periods are analysed side by side instead.
    """
    ranked = index.by is not None
    if ranked:
        cells = [(period, u) for u in rows.units if rows.get(period, u) is not None]
    else:
        cells = [(p, None) for p in rows.periods if rows.get(p, None) is not None]
    scope = {c: rows.index_score(*c) for c in cells}
    no_data = tuple(c[1] if ranked else c[0] for c in cells if scope[c] is None)
    cells = [c for c in cells if scope[c] is not None]
    problem = _build(index, rows, cells, alternatives)
    backend = "python"
    if use_numpy is not False:
        try:
            import numpy  # noqa: F401

            backend = "numpy"
        except ImportError:
            if use_numpy:
                raise
    # Per cell, its index in every sample as 8-byte doubles (not Python floats), and
    # how often it took each rank: the samples themselves are evaluated a batch at a
    # time and then dropped.  The same samples and order statistics as evaluating
    # them all at once, so a seed gives the same report.
    values = [array("d", bytes(8 * samples)) for _ in cells]
    rank_counts = [[0] * (len(cells) + 1) for _ in cells] if ranked else None
    start = 0
    for draws in _draw(problem, samples, seed, spread):
        if backend == "numpy":
            from ._sensitivity_numpy import rank_batch, sample_indices

            matrix = sample_indices(problem, *draws)  # batch × cells (NaN = no data)
            columns = matrix.T.tolist()
            batch_ranks = rank_batch(matrix).T.tolist() if ranked else None
        else:
            columns = _sample_python(problem, *draws)
            batch_ranks = _rank_columns(columns) if ranked else None
        for i, column in enumerate(columns):
            values[i][start:start + len(column)] = array("d", column)
            if batch_ranks is not None:
                counts = rank_counts[i]
                for rank in batch_ranks[i]:
                    counts[rank] += 1
        start += len(draws[0])
        del draws, columns, batch_ranks  # before the next batch is drawn, not after
    evaluated = {c: scope[c] for c in cells}
    ranks = rank_of({c: v for c, v in evaluated.items()}) if ranked else {}
    out = []
    for i, cell in enumerate(cells):
        known = sorted(v for v in values[i] if v == v)
        values[i] = array("d")  # free as we go
        lo, mid, hi = (_percentile(known, q) for q in (LOW_PERCENTILE, 50.0, HIGH_PERCENTILE))
        rank_low = rank_high = None
        if rank_counts is not None:
            rank_low = _nearest_rank_of_counts(rank_counts[i], LOW_PERCENTILE)
            rank_high = _nearest_rank_of_counts(rank_counts[i], HIGH_PERCENTILE)
        out.append(UnitInterval(cell[0], cell[1], evaluated[cell], lo, mid, hi, ranks.get(cell), rank_low, rank_high))
    if ranked:
        out.sort(key=lambda r: (r.rank, r.unit or ""))
    return Sensitivity(samples, seed, spread, period if ranked else None, ranked, backend, tuple(alternatives),
                       tuple(out), no_data)


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default method)."""
    if not values:
        return math.nan
    position = (len(values) - 1) * q / 100.0
    below = math.floor(position)
    above = min(below + 1, len(values) - 1)
    fraction = position - below
    return values[below] + (values[above] - values[below]) * fraction


def _nearest_rank_of_counts(counts: list[int], q: float) -> int:
    """The nearest-rank percentile (an observed rank, never an interpolated one) of
    the ranks that ``counts[r]`` times took the value r."""
    position = max(1, math.ceil(q / 100.0 * sum(counts)))
    seen = 0
    for rank, count in enumerate(counts):
        seen += count
        if seen >= position:
            return rank
    raise ValueError("no ranks")  # pragma: no cover - there is one per sample


def _rank_columns(columns: list[list[float]]) -> list[list[int]]:
    """Per cell, its competition rank (1 = highest) in every sample."""
    import bisect

    samples = len(columns[0]) if columns else 0
    ranks = [[0] * samples for _ in columns]
    for n in range(samples):
        values = [column[n] for column in columns]
        ascending = sorted(v for v in values if v == v)
        total = len(ascending)
        for i, value in enumerate(values):
            # rank = 1 + how many are strictly greater
            ranks[i][n] = 1 + total - bisect.bisect_right(ascending, value) if value == value else total
    return ranks


def _sample_python(problem: _Problem, pillar_factors, metric_factors, choices) -> list[list[float]]:
    """The plain-Python sampler: per sample and cell, the same arithmetic as scoring.aggregate."""
    n_cells = len(problem.cells)
    groups: list[list[int]] = [[] for _ in problem.pillar_weights]
    for k, j in enumerate(problem.pillar_of):
        groups[j].append(k)
    columns = [[0.0] * len(choices) for _ in range(n_cells)]
    nan = math.nan
    for n, (fp, fm, choice) in enumerate(zip(pillar_factors, metric_factors, choices)):
        weights = [w * f for w, f in zip(problem.metric_weights, fm)]
        pillar_weights = [w * f for w, f in zip(problem.pillar_weights, fp)]
        chosen = [problem.options[k][choice[k]] for k in range(len(problem.keys))]
        for c in range(n_cells):
            pillar_scores: list[float | None] = []
            pillar_data: list[bool] = []
            for j, members in enumerate(groups):
                score, has_data = _group(
                    [(weights[k], chosen[k][c], problem.metric_zero[k]) for k in members],
                    problem.pillar_geometric[j])
                pillar_scores.append(score)
                pillar_data.append(has_data)
            index_score, _ = _group(
                [(pillar_weights[j], pillar_scores[j], problem.pillar_zero[j]) for j in range(len(groups))],
                problem.index_geometric)
            columns[c][n] = nan if index_score is None else index_score
    return columns


def _group(members: list[tuple[float, float | None, bool]], geometric: bool) -> tuple[float | None, bool]:
    """scoring.aggregate, trimmed to the score: (weight, score or None, zero policy)."""
    if not any(s is not None for _, s, _ in members):
        return None, False
    total = 0.0
    used = []
    for weight, score, zero in members:
        if score is None:
            if not zero:
                continue
            score = 0.0
        used.append((weight, score))
        total += weight
    if total <= 0:
        return None, True
    if geometric:
        if any(s == 0.0 and w > 0 for w, s in used):
            return 0.0, True
        return 100.0 * math.exp(sum((w / total) * math.log(s / 100.0) for w, s in used if w > 0)), True
    return sum(s * (w / total) for w, s in used), True
