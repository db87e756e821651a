"""Period over period: the change of the index attributed exactly to its metrics.

Arithmetic at both levels, the index is ``Σ Eᵢ·sᵢ`` over metrics (``E`` the
effective weight after missing-data reweighting), so its change is exactly the sum
of the changes of the metrics' contributions ``Δ(E·s)``.  Each is split further,
symmetrically and without residual, into

* a **score effect**    ``Ē·Δs``  (the metric's score moved), and
* a **coverage effect** ``s̄·ΔE``  (its effective weight moved because other data came
  or went);  a metric with data in one period only is all coverage effect.

(``Ē·Δs + s̄·ΔE = E_b·s_b − E_a·s_a`` with ``Ē``, ``s̄`` the means of the two periods.)

Under geometric aggregation the index is a product, so the change is attributed in
log space with the log-mean Divisia method (LMDI): ``Δ ln I = Σ Δ(w·ln s)``, each term
turned back into index points by the logarithmic mean ``L(I_a, I_b) = ΔI / Δ ln I``.
This is exact too.  An arithmetic pillar inside a geometric index passes its log
change on to its metrics in proportion to their contribution changes.  A geometric
group with a score of 0 in either period has no logarithm; its change is then
reported as one unattributed part of that group (and still sums exactly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import model as m
from ..results import Evaluation
from .cells import Cell, MetricCell, PillarCell, RowIndex, read_cell
from .decompose import is_additive


@dataclass(frozen=True, slots=True)
class Part:
    """One line of the attribution, in index points; ``metric`` None for a pillar-level part."""

    pillar: str
    metric: str | None
    score_effect: float
    coverage_effect: float
    score_a: float | None
    score_b: float | None
    note: str = ""

    @property
    def total(self) -> float:
        return self.score_effect + self.coverage_effect


@dataclass(frozen=True, slots=True)
class CoverageChange:
    pillar: str
    metric: str | None
    had_data_a: bool
    had_data_b: bool


@dataclass(frozen=True, slots=True)
class Attribution:
    """Why the index moved from ``period_a`` to ``period_b`` (for one unit)."""

    period_a: str | None
    period_b: str | None
    unit: str | None
    index_a: float
    index_b: float
    method: str  # "contributions" | "log-mean divisia"
    parts: tuple[Part, ...]  # largest absolute effect first
    coverage_a: float
    coverage_b: float
    coverage_changes: tuple[CoverageChange, ...]

    @property
    def delta(self) -> float:
        return self.index_b - self.index_a

    @property
    def explained(self) -> float:
        return math.fsum(p.total for p in self.parts)

    @property
    def coverage_effect(self) -> float:
        return math.fsum(p.coverage_effect for p in self.parts)

    def pillar_totals(self) -> dict[str, float]:
        totals: dict[str, list[float]] = {}
        for part in self.parts:
            totals.setdefault(part.pillar, []).append(part.total)
        return {name: math.fsum(values) for name, values in totals.items()}


class NotAttributable(ValueError):
    """The index has no data in one of the periods."""


def explain_changes(index: m.Index, evaluation: Evaluation, period_a: str | None, period_b: str | None,
                    unit: str | None = None, rows: RowIndex | None = None) -> Attribution:
    """The attribution of the index change from ``period_a`` to ``period_b``.

    Meant for renderers (the scorecard): a plain dataclass, no formatting.  Raises
    ``NotAttributable`` when either period has no index value for ``unit``.
    ``rows``: the evaluation already indexed, for callers that attribute many units
    (indexing the long table is the costly part).
    """
    if rows is None:
        rows = RowIndex(evaluation)
    a = read_cell(index, rows, period_a, unit)
    b = read_cell(index, rows, period_b, unit)
    if a is None or b is None or a.score is None or b.score is None:
        missing = period_a if a is None or a.score is None else period_b
        raise NotAttributable(f"the index has no data for {missing}")
    return attribute(index, a, b)


def attribute(index: m.Index, a: Cell, b: Cell) -> Attribution:
    if a.score is None or b.score is None:
        raise NotAttributable("the index has no data in one of the periods")
    if is_additive(index):
        parts = _arithmetic_flat(a, b)
        method = "contributions"
    else:
        parts = _general(index, a, b)
        method = "log-mean divisia"
    parts.sort(key=lambda p: (-abs(p.total), p.pillar, p.metric or ""))
    changes = []
    for pa, pb in zip(a.pillars, b.pillars):
        pillar_a, pillar_b = pa.score is not None, pb.score is not None
        if pillar_a != pillar_b:
            changes.append(CoverageChange(pa.name, None, pillar_a, pillar_b))
        for xa, xb in zip(pa.metrics, pb.metrics):
            if xa.has_data != xb.has_data:
                changes.append(CoverageChange(pa.name, xa.metric, xa.has_data, xb.has_data))
    return Attribution(a.period, b.period, a.unit, a.score, b.score, method, tuple(parts),
                       a.coverage, b.coverage, tuple(changes))


# ---- arithmetic everywhere: contribution deltas ------------------------------------


def _counts(x: MetricCell) -> bool:
    return x.used is not None and x.effective_weight > 0


def _split_product(w_a: float, s_a: float | None, w_b: float, s_b: float | None,
                   present_a: bool, present_b: bool) -> tuple[float, float]:
    """Δ(w·s) as (score effect, weight effect), exact; absent on a side = all weight effect."""
    c_a = w_a * s_a if present_a else 0.0
    c_b = w_b * s_b if present_b else 0.0
    if present_a and present_b:
        if w_a == w_b:  # the usual case: no coverage change, so no float noise in it
            return c_b - c_a, 0.0
        score = 0.5 * (w_a + w_b) * (s_b - s_a)
        return score, (c_b - c_a) - score
    return 0.0, c_b - c_a


def _arithmetic_flat(a: Cell, b: Cell) -> list[Part]:
    parts = []
    for pa, pb in zip(a.pillars, b.pillars):
        for xa, xb in zip(pa.metrics, pb.metrics):
            score, cover = _split_product(xa.effective_weight, xa.used, xb.effective_weight, xb.used,
                                          _counts(xa), _counts(xb))
            parts.append(Part(pa.name, xa.metric, score, cover, xa.score, xb.score))
    return parts


# ---- with geometric aggregation somewhere: log-mean Divisia -------------------------


def log_mean(x: float, y: float) -> float:
    """The logarithmic mean (y − x)/(ln y − ln x), x = y → x; both must be > 0."""
    if x == y:
        return x
    ratio = (y - x) / x
    if abs(ratio) < 1e-12:  # ln would lose every digit; the mean is the limit
        return 0.5 * (x + y)
    return (y - x) / math.log1p(ratio)


def _within(x: MetricCell, pillar: PillarCell) -> float:
    return x.effective_weight / pillar.effective_weight if pillar.effective_weight > 0 else 0.0


def _group_parts(members_a, members_b, score_a, score_b, geometric: bool):
    """Attribute Δ(group score) to members, in group points.

    ``members_*``: (weight within group, used score or None).  Returns per member
    (score part, weight part) and whether the split worked (False: a log of 0).
    """
    out = []
    if not geometric:
        for (w_a, s_a), (w_b, s_b) in zip(members_a, members_b):
            out.append(_split_product(w_a, s_a, w_b, s_b, s_a is not None and w_a > 0, s_b is not None and w_b > 0))
        return out, True
    if score_a <= 0 or score_b <= 0:
        return None, False
    scale = log_mean(score_a, score_b)
    for (w_a, s_a), (w_b, s_b) in zip(members_a, members_b):
        present_a = s_a is not None and w_a > 0
        present_b = s_b is not None and w_b > 0
        if (present_a and s_a <= 0) or (present_b and s_b <= 0):
            return None, False
        ln_a = math.log(s_a / 100.0) if present_a else 0.0
        ln_b = math.log(s_b / 100.0) if present_b else 0.0
        score, weight = _split_product(w_a, ln_a, w_b, ln_b, present_a, present_b)
        out.append((scale * score, scale * weight))
    return out, True


def _general(index: m.Index, a: Cell, b: Cell) -> list[Part]:
    top_geometric = index.aggregation == "geometric"
    pillars_a = [(p.effective_weight, p.score) for p in a.pillars]
    pillars_b = [(p.effective_weight, p.score) for p in b.pillars]
    top, ok = _group_parts(pillars_a, pillars_b, a.score, b.score, top_geometric)
    if not ok:
        return [Part("(index)", None, b.score - a.score, 0.0, a.score, b.score,
                     "a score of 0 under geometric aggregation: not attributable in log space")]
    parts: list[Part] = []
    for (pa, pb), (pillar_score_part, pillar_weight_part) in zip(zip(a.pillars, b.pillars), top):
        if pillar_weight_part:
            both = pa.score is not None and pb.score is not None
            parts.append(Part(pa.name, None, 0.0, pillar_weight_part, pa.score, pb.score,
                              "the pillar's effective weight changed" if both else "the pillar has data in one period only"))
        metric_pairs = list(zip(pa.metrics, pb.metrics))
        if pillar_score_part == 0.0:
            # Absent in a period, or an unchanged pillar score (metric moves cancel).
            parts.extend(Part(pa.name, xa.metric, 0.0, 0.0, xa.score, xb.score) for xa, xb in metric_pairs)
            continue
        # The pillar's score part is ``k·ΔP`` (arithmetic index, k its mean weight) or
        # ``L(I)·k·Δ ln P`` (geometric index); pass it down to the metrics in
        # proportion to their own exact parts of ΔP.
        members_a = [(_within(x, pa), x.used) for x in pa.metrics]
        members_b = [(_within(x, pb), x.used) for x in pb.metrics]
        inner, ok = _group_parts(members_a, members_b, pa.score, pb.score, pa.aggregation == "geometric")
        if not ok:
            parts.append(Part(pa.name, None, pillar_score_part, 0.0, pa.score, pb.score,
                              "a score of 0 under geometric aggregation: not attributable in log space"))
            parts.extend(Part(pa.name, xa.metric, 0.0, 0.0, xa.score, xb.score) for xa, xb in metric_pairs)
            continue
        factor = pillar_score_part / (pb.score - pa.score)  # index points per pillar point
        for (xa, xb), (score_part, weight_part) in zip(metric_pairs, inner):
            parts.append(Part(pa.name, xa.metric, factor * score_part, factor * weight_part, xa.score, xb.score))
    return parts
