"""Raw value → score (normalisation), and scores → pillar and index (aggregation).

These functions are the definition of DESIGN §3; the SQL back-end mirrors them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from .model import Normalisation


def clamp(score: float) -> float:
    return 0.0 if score < 0 else 100.0 if score > 100 else score


def absolute_score(raw: float, norm: Normalisation) -> float:
    """The score of an absolute normalisation (everything but minmax/percentile_rank).

    Raises ValueError for ``log`` of a value <= 0 (a data error, CHI409).
    """
    kind = norm.kind
    if kind == "none":
        return clamp(raw)
    if kind == "percent":
        return clamp(100.0 * raw)
    if kind == "scale":
        low, high, x = norm.low, norm.high, raw
        if norm.log:
            if x <= 0:
                raise ValueError("log of a value <= 0")
            low, high, x = math.log(low), math.log(high), math.log(x)
        if norm.lower_is_better:
            return clamp(100.0 * (high - x) / (high - low))
        return clamp(100.0 * (x - low) / (high - low))
    if kind == "target":
        target = norm.target
        if norm.lower_is_better:
            if raw <= target:
                return 100.0
            return clamp(100.0 * target / raw)
        return clamp(100.0 * min(raw / target, 1.0))
    if kind == "bands":
        for band in norm.bands:
            if band.op is None or _band_matches(raw, band.op, band.threshold):
                return band.score
        return 0.0  # unreachable: bands end with else (CHI310)
    raise ValueError(kind)


def _band_matches(raw: float, op: str, threshold: float) -> bool:
    return {
        ">=": raw >= threshold,
        ">": raw > threshold,
        "<=": raw <= threshold,
        "<": raw < threshold,
    }[op]


def relative_scores(raws: dict[str, float], norm: Normalisation) -> tuple[dict[str, float], bool]:
    """Scores of the units of one period for minmax / percentile_rank.

    Returns the scores and whether all values were equal (every unit scores 50).
    """
    if not raws:
        return {}, False
    values = list(raws.values())
    low, high = min(values), max(values)
    if low == high:
        return {unit: 50.0 for unit in raws}, len(raws) > 1
    scores: dict[str, float] = {}
    if norm.kind == "minmax":
        for unit, x in raws.items():
            score = 100.0 * (x - low) / (high - low)
            scores[unit] = 100.0 - score if norm.lower_is_better else score
        return scores, False
    # percentile_rank: share of the other units strictly below, ties counted half.
    n = len(values)
    for unit, x in raws.items():
        below = sum(1 for v in values if v < x)
        equal = sum(1 for v in values if v == x) - 1
        score = 100.0 * (below + 0.5 * equal) / (n - 1)
        scores[unit] = 100.0 - score if norm.lower_is_better else score
    return scores, False


@dataclass(frozen=True, slots=True)
class Member:
    """One item of a group being aggregated: its weight and score (None = no data).

    The spec's weights are exact ``Fraction``s; the sensitivity analysis passes
    perturbed floats.
    """

    weight: Fraction | float
    score: float | None
    policy: str  # what to do when score is None: reweight | zero | error


@dataclass(frozen=True, slots=True)
class GroupResult:
    score: float | None
    effective_weights: tuple[float, ...]  # weight actually applied to each member
    coverage: float  # share of the group's weight that had data
    used_scores: tuple[float | None, ...]  # the score each member entered with
    # The same two exactly, when every weight is a Fraction (else None): a weight
    # one level up times these gives an exact overall weight, rounded once.
    exact_weights: tuple[Fraction, ...] | None = None
    exact_coverage: Fraction | None = None


@lru_cache(maxsize=4096)
def _exact_shares(weights: tuple[Fraction, ...], has_data: tuple[bool, ...], used: tuple[bool, ...]
                  ) -> tuple[Fraction, Fraction, tuple[Fraction, ...]]:
    """Coverage, the weight entering the mean, and the renormalised weights in exact
    arithmetic, for one pattern of members with data (cached: a spec has few
    patterns, an evaluation many cells)."""
    coverage = sum((w for w, h in zip(weights, has_data) if h), Fraction(0))
    total = sum((w for w, u in zip(weights, used) if u), Fraction(0))
    if total <= 0:
        return coverage, total, tuple(Fraction(0) for _ in weights)
    return coverage, total, tuple(w / total if u else Fraction(0) for w, u in zip(weights, used))


def aggregate(members: list[Member], geometric: bool) -> GroupResult:
    """Weighted arithmetic or geometric mean with the missing-data policies.

    * reweight: a member with no data is dropped and the others renormalised;
    * zero: it enters with score 0 and its weight;
    * error: the caller has already reported it; it is treated as reweight.
    A group where no member has data has no data, whatever the policies.

    With exact (``Fraction``) weights, coverage and the renormalised weights are
    computed exactly and rounded once: weights 0.2, 0.3, 0.5 without the first give
    0.3/0.8 = 0.375, where binary floats give 0.37499999999999994, and eleven
    weights of 1/11 cover exactly 1, never 1.0000000000000002.
    """
    exact = all(isinstance(m.weight, Fraction) for m in members)
    if not any(m.score is not None for m in members):
        zeros = tuple(Fraction(0) for _ in members) if exact else None
        return GroupResult(None, tuple(0.0 for _ in members), 0.0, tuple(None for _ in members),
                           zeros, Fraction(0) if exact else None)
    used: list[float | None] = []
    for member in members:
        if member.score is not None:
            used.append(member.score)
        elif member.policy == "zero":
            used.append(0.0)
        else:
            used.append(None)
    exact_weights = exact_coverage = None
    if exact:
        exact_coverage, exact_total, exact_weights = _exact_shares(
            tuple(m.weight for m in members), tuple(m.score is not None for m in members),
            tuple(s is not None for s in used))
        coverage = float(exact_coverage)
        if exact_total <= 0:
            return GroupResult(None, tuple(0.0 for _ in members), coverage, tuple(used),
                               exact_weights, exact_coverage)
        effective = tuple(float(w) for w in exact_weights)
    else:
        # fsum: eleven weights of 1/11 add up to exactly 1, where sum() gives 1.0000000000000002.
        coverage = math.fsum(m.weight for m in members if m.score is not None)
        total = math.fsum(m.weight for m, s in zip(members, used) if s is not None)
        if total <= 0:
            return GroupResult(None, tuple(0.0 for _ in members), coverage, tuple(used))
        effective = tuple((m.weight / total) if s is not None else 0.0 for m, s in zip(members, used))
    if geometric:
        if any(s == 0.0 and w > 0 for s, w in zip(used, effective)):
            score = 0.0
        else:
            log_sum = sum(w * math.log(s / 100.0) for s, w in zip(used, effective) if s is not None and w > 0)
            score = 100.0 * math.exp(log_sum)
    else:
        score = sum(s * w for s, w in zip(used, effective) if s is not None)
    return GroupResult(score, effective, coverage, tuple(used), exact_weights, exact_coverage)
