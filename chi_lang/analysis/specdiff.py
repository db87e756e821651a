"""Semantic diff of two resolved specs, and (with data) its effect on the results.

Two specs are compared by meaning, not text: weights as exact normalised fractions,
metrics by their resolved definition (source as read, filter, value, normalisation).
Parts are matched in this order:

1. pillars by name; left-over pillars whose metrics mostly match (by name or
   definition) are a *renamed* pillar;
2. metrics by name within matched pillars; a left-over metric whose name appears
   once on each side moved pillar; left-over metrics with the same definition were
   *renamed* (matched by definition);
3. everything else was added or removed.

Order is not meaning: reordered pillars, metrics or sources are reported as
non-semantic notes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import model as m
from ..results import Evaluation
from . import describe
from .cells import RowIndex, rank_of


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # see KINDS
    pillar: str | None  # the pillar's new name (old name for removals)
    metric: str | None
    old: str | None
    new: str | None
    semantic: bool = True

    @property
    def where(self) -> str:
        if self.metric is not None:
            return f"{self.pillar} / {self.metric}" if self.pillar is not None else self.metric
        return self.pillar or "index"


KINDS = (
    "index", "source", "source-added", "source-removed", "source-renamed",
    "pillar-added", "pillar-removed", "pillar-renamed", "pillar-weight", "pillar",
    "metric-added", "metric-removed", "metric-renamed", "metric-moved", "metric-weight",
    "normalisation", "metric-source", "filter", "value", "metric", "order",
)


@dataclass(frozen=True, slots=True)
class SpecDiff:
    old_label: str
    new_label: str
    changes: tuple[Change, ...]

    @property
    def semantic(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.semantic)

    @property
    def notes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.semantic)


# ---- signatures: what a part means, without names or positions ---------------------


def source_signature(src: m.Source) -> tuple:
    return (src.display_path, src.format, src.delimiter, src.decimal, src.thousands, src.encoding,
            src.missing_values, src.date_column, src.date_format, src.unit_column, src.skip_footer)


def metric_signature(metric: m.Metric) -> tuple:
    # Whether a direction was written out does not change the meaning.
    norm = replace(metric.normalisation, direction_stated=False)
    return (source_signature(metric.source), metric.where, metric.value, norm)


# ---- matching ---------------------------------------------------------------------------


def _match_pillars(old: m.Index, new: m.Index) -> tuple[list[tuple[m.Pillar, m.Pillar]], list[m.Pillar], list[m.Pillar]]:
    new_by_name = {p.name: p for p in new.pillars}
    pairs = [(p, new_by_name[p.name]) for p in old.pillars if p.name in new_by_name]
    matched_new = {q.name for _, q in pairs}
    left_old = [p for p in old.pillars if p.name not in new_by_name]
    left_new = [q for q in new.pillars if q.name not in matched_new]
    # Renamed pillars: the best-overlapping pairs with at least half the metrics shared.
    candidates = []
    for i, p in enumerate(left_old):
        for j, q in enumerate(left_new):
            overlap = _overlap(p, q)
            if overlap >= 0.5:
                candidates.append((-overlap, i, j))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((left_old[i], left_new[j]))
    removed = [p for i, p in enumerate(left_old) if i not in used_old]
    added = [q for j, q in enumerate(left_new) if j not in used_new]
    return pairs, removed, added


def _overlap(p: m.Pillar, q: m.Pillar) -> float:
    names = {x.name for x in q.metrics}
    signatures = {metric_signature(x) for x in q.metrics}
    shared = sum(1 for x in p.metrics if x.name in names or metric_signature(x) in signatures)
    return shared / max(len(p.metrics), len(q.metrics), 1)


@dataclass(frozen=True, slots=True)
class _MetricPair:
    old_pillar: m.Pillar
    old: m.Metric
    new_pillar: m.Pillar
    new: m.Metric
    how: str  # name | moved | renamed


def _match_metrics(pillar_pairs, old: m.Index, new: m.Index):
    pairs: list[_MetricPair] = []
    taken_old: set[tuple[str, str]] = set()
    taken_new: set[tuple[str, str]] = set()
    for p, q in pillar_pairs:
        q_metrics = {x.name: x for x in q.metrics}
        for x in p.metrics:
            if x.name in q_metrics:
                pairs.append(_MetricPair(p, x, q, q_metrics[x.name], "name"))
                taken_old.add((p.name, x.name))
                taken_new.add((q.name, x.name))
    left_old = [(p, x) for p, x in old.metrics() if (p.name, x.name) not in taken_old]
    left_new = [(q, x) for q, x in new.metrics() if (q.name, x.name) not in taken_new]
    # Moved: the same name once on each side, in another pillar.
    old_names = [x.name for _, x in left_old]
    new_names = [x.name for _, x in left_new]
    for p, x in list(left_old):
        if old_names.count(x.name) == 1 and new_names.count(x.name) == 1:
            q, y = next((q, y) for q, y in left_new if y.name == x.name)
            pairs.append(_MetricPair(p, x, q, y, "moved"))
            left_old.remove((p, x))
            left_new.remove((q, y))
    # Renamed: the same definition (first come, first matched, in spec order).
    for p, x in list(left_old):
        signature = metric_signature(x)
        for q, y in left_new:
            if metric_signature(y) == signature:
                pairs.append(_MetricPair(p, x, q, y, "renamed"))
                left_old.remove((p, x))
                left_new.remove((q, y))
                break
    return pairs, left_old, left_new


# ---- the diff --------------------------------------------------------------------------------


def diff_specs(old: m.Index, new: m.Index, old_label: str = "old", new_label: str = "new") -> SpecDiff:
    changes: list[Change] = []
    changes += _index_changes(old, new)
    changes += _source_changes(old, new)
    pillar_pairs, removed_pillars, added_pillars = _match_pillars(old, new)
    metric_pairs, removed_metrics, added_metrics = _match_metrics(pillar_pairs, old, new)
    new_order = {q.name: i for i, q in enumerate(new.pillars)}
    pillar_pairs.sort(key=lambda pq: new_order[pq[1].name])
    renamed_pillar = {p.name: q.name for p, q in pillar_pairs}
    for p, q in pillar_pairs:
        if p.name != q.name:
            changes.append(Change("pillar-renamed", q.name, None, p.name, q.name))
        changes += _pillar_changes(p, q, old, new)
        changes += _metric_changes(q, [mp for mp in metric_pairs if mp.new_pillar.name == q.name])
    for q in added_pillars:
        changes.append(Change("pillar-added", q.name, None, None,
                              f"weight {describe.weight(q.weight)}, {len(q.metrics)} metric(s): "
                              + ", ".join(x.name for x in q.metrics)))
        # Metrics that moved into the new pillar keep their history.
        changes += _metric_changes(q, [mp for mp in metric_pairs if mp.new_pillar.name == q.name])
    for p in removed_pillars:
        changes.append(Change("pillar-removed", p.name, None,
                              f"weight {describe.weight(p.weight)}, {len(p.metrics)} metric(s): "
                              + ", ".join(x.name for x in p.metrics), None))
    for q, y in added_metrics:
        if q.name in {a.name for a in added_pillars}:
            continue  # listed with its pillar
        changes.append(Change("metric-added", q.name, y.name, None, _metric_summary(q, y)))
    for p, x in removed_metrics:
        if p.name in {r.name for r in removed_pillars}:
            continue
        changes.append(Change("metric-removed", renamed_pillar.get(p.name, p.name), x.name, _metric_summary(p, x), None))
    changes += _order_notes(old, new, pillar_pairs, metric_pairs)
    return SpecDiff(old_label, new_label, tuple(changes))


def _text_change(what: str, a: str | None, b: str | None) -> tuple[str | None, str | None]:
    """Old and new of a text setting that may be absent: ``description added: 'x'``,
    ``description removed (was 'x')``, or ``description 'x'`` → ``description 'y'``
    (never "description None")."""
    if a is None:
        return None, f"{what} added: {b!r}"
    if b is None:
        return f"{what} removed (was {a!r})", None
    return f"{what} {a!r}", f"{what} {b!r}"


def _metric_summary(p: m.Pillar, x: m.Metric) -> str:
    return (f"weight {describe.weight(x.weight)} of the pillar, from {x.source.display_path}, "
            f"value {describe.value(x.value)}, {describe.normalisation(x.normalisation)}")


def _index_changes(old: m.Index, new: m.Index) -> list[Change]:
    out = []

    def compare(what: str, a, b, show=lambda v: "none" if v is None else str(v), semantic=True):
        if a != b:
            out.append(Change("index", None, None, f"{what} {show(a)}", f"{what} {show(b)}", semantic))

    def dotted(v):
        return "none" if v is None else ".".join(v)

    compare("name", old.name, new.name, semantic=False)
    for what in ("title", "version", "owner", "description"):
        a, b = getattr(old, what), getattr(new, what)
        if a != b:
            out.append(Change("index", None, None, *_text_change(what, a, b), semantic=False))
    compare("period", old.period, new.period)
    compare("by", old.by, new.by, dotted)
    compare("aggregation", old.aggregation, new.aggregation)
    compare("missing", old.missing, new.missing)
    compare("round", old.rounding, new.rounding, lambda r: f"{r.digits} {r.mode}")
    compare("output scale", old.output_scale, new.output_scale,
            lambda s: f"{describe.number(s[0])}..{describe.number(s[1])}")
    compare("status", old.status, new.status, describe.status)
    return out


def _source_changes(old: m.Index, new: m.Index) -> list[Change]:
    out = []
    old_sources = {s.name: s for s in old.used_sources()}
    new_sources = {s.name: s for s in new.used_sources()}
    left_old = [s for name, s in old_sources.items() if name not in new_sources]
    left_new = [s for name, s in new_sources.items() if name not in old_sources]
    for name, s in old_sources.items():
        if name in new_sources and source_signature(s) != source_signature(new_sources[name]):
            out.append(Change("source", None, None, f"{name} = {describe.source(s)}",
                              f"{name} = {describe.source(new_sources[name])}"))
    for s in list(left_old):
        twin = next((t for t in left_new if source_signature(t) == source_signature(s)), None)
        if twin is not None:
            out.append(Change("source-renamed", None, None, s.name, twin.name, semantic=False))
            left_old.remove(s)
            left_new.remove(twin)
    # Sources appearing or disappearing with their metrics show on the metrics too;
    # listing them here says which files a review must look at.
    for s in left_new:
        out.append(Change("source-added", None, None, None, f"{s.name} = {describe.source(s)}"))
    for s in left_old:
        out.append(Change("source-removed", None, None, f"{s.name} = {describe.source(s)}", None))
    return out


def _pillar_changes(p: m.Pillar, q: m.Pillar, old: m.Index, new: m.Index) -> list[Change]:
    out = []
    if p.weight != q.weight:
        out.append(Change("pillar-weight", q.name, None, describe.weight(p.weight), describe.weight(q.weight)))
    for what, a, b, show in (
        ("aggregation", p.aggregation, q.aggregation, str),
        ("missing", p.missing, q.missing, str),
        ("status", p.status, q.status, describe.status),
    ):
        # A pillar that follows the index's `missing` or `status` on both sides changed
        # only because the index did: that change is reported once, on the index.
        inherited = what != "aggregation" and a == getattr(old, what) and b == getattr(new, what)
        if a != b and not inherited:
            out.append(Change("pillar", q.name, None, f"{what} {show(a)}", f"{what} {show(b)}"))
    if p.description != q.description:
        out.append(Change("pillar", q.name, None, *_text_change("description", p.description, q.description),
                          semantic=False))
    return out


def _metric_changes(q: m.Pillar, pairs: list[_MetricPair]) -> list[Change]:
    out = []
    order = {x.name: i for i, x in enumerate(q.metrics)}
    for pair in sorted(pairs, key=lambda mp: order[mp.new.name]):
        x, y = pair.old, pair.new
        name = y.name
        if pair.how == "renamed":
            moved = "" if pair.old_pillar.name == pair.new_pillar.name else f" (from pillar {pair.old_pillar.name!r})"
            out.append(Change("metric-renamed", q.name, name, x.name, y.name + moved))
        elif pair.how == "moved":
            out.append(Change("metric-moved", q.name, name, pair.old_pillar.name, q.name))
        old_eff = pair.old_pillar.weight * x.weight
        new_eff = pair.new_pillar.weight * y.weight
        # A pillar weight change is reported once, on the pillar; a metric that
        # changed pillar reports its own new share of the index.
        changed_pillar = pair.how != "name" and pair.old_pillar.name != pair.new_pillar.name
        if x.weight != y.weight or (changed_pillar and old_eff != new_eff):
            out.append(Change("metric-weight", q.name, name,
                              f"{describe.weight(x.weight)} of the pillar ({describe.weight(old_eff)} of the index)",
                              f"{describe.weight(y.weight)} of the pillar ({describe.weight(new_eff)} of the index)"))
        old_norm = replace(x.normalisation, direction_stated=False)
        new_norm = replace(y.normalisation, direction_stated=False)
        if old_norm != new_norm:
            out.append(Change("normalisation", q.name, name, describe.normalisation(x.normalisation),
                              describe.normalisation(y.normalisation)))
        if source_signature(x.source) != source_signature(y.source) and x.source.name != y.source.name:
            out.append(Change("metric-source", q.name, name, describe.source(x.source), describe.source(y.source)))
        if x.where != y.where:
            out.append(Change("filter", q.name, name, describe.row(x.where) or "none", describe.row(y.where) or "none"))
        if x.value != y.value:
            out.append(Change("value", q.name, name, describe.value(x.value), describe.value(y.value)))
        # A metric that follows its pillar's `missing` on both sides (in the same
        # pillar) changed with the pillar, or the index: reported where it was declared.
        inherited = (pair.old_pillar.name == pair.new_pillar.name
                     and x.missing == pair.old_pillar.missing and y.missing == pair.new_pillar.missing)
        if x.missing != y.missing and not inherited:
            out.append(Change("metric", q.name, name, f"missing {x.missing}", f"missing {y.missing}"))
        if x.unit != y.unit:
            out.append(Change("metric", q.name, name, *_text_change("unit", x.unit, y.unit), semantic=False))
        if x.description != y.description:
            out.append(Change("metric", q.name, name, *_text_change("description", x.description, y.description),
                              semantic=False))
    return out


def _order_notes(old: m.Index, new: m.Index, pillar_pairs, metric_pairs) -> list[Change]:
    out = []
    renamed = {p.name: q.name for p, q in pillar_pairs}
    old_order = [renamed[p.name] for p in old.pillars if p.name in renamed]
    new_order = [q.name for q in new.pillars if q.name in set(renamed.values())]
    if old_order != new_order:
        out.append(Change("order", None, None, "pillars: " + ", ".join(old_order), "pillars: " + ", ".join(new_order),
                          semantic=False))
    for p, q in pillar_pairs:
        same = {mp.old.name: mp.new.name for mp in metric_pairs
                if mp.old_pillar.name == p.name and mp.new_pillar.name == q.name}
        before = [same[x.name] for x in p.metrics if x.name in same]
        after = [y.name for y in q.metrics if y.name in set(same.values())]
        if before != after:
            out.append(Change("order", q.name, None, "metrics: " + ", ".join(before), "metrics: " + ", ".join(after),
                              semantic=False))
    return out


# ---- the effect on results -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitEffect:
    period: str | None
    unit: str | None
    old: float | None
    new: float | None
    old_rank: int | None
    new_rank: int | None

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def coverage_change(self) -> str | None:
        """``lost`` (a number before, no data now), ``gained`` (the reverse), else None."""
        if (self.old is None) == (self.new is None):
            return None
        return "lost" if self.new is None else "gained"

    @property
    def moved(self) -> bool:
        """The index changed: by a non-zero amount, or between a number and no data
        (no data is never 0, so going to or from it is a change with no delta)."""
        if self.coverage_change is not None:
            return True
        return self.delta is not None and self.delta != 0


@dataclass(frozen=True, slots=True)
class DataEffect:
    period: str | None  # the period compared (by evaluations); None: every period
    ranked: bool
    rows: tuple[UnitEffect, ...]  # largest absolute change first

    @property
    def changed(self) -> int:
        return sum(1 for r in self.rows if r.moved or r.old_rank != r.new_rank)


def data_effect(old: m.Index, old_eval: Evaluation, new: m.Index, new_eval: Evaluation,
                period: str | None = None) -> DataEffect:
    """The index (and rank, for ``by``) of every unit under the old and the new spec.

    For ``by`` evaluations one period is compared (default: the new spec's last);
    without ``by``, every period of the series.
    """
    old_rows, new_rows = RowIndex(old_eval), RowIndex(new_eval)
    ranked = new.by is not None or old.by is not None
    effects: list[UnitEffect] = []
    if ranked:
        if period is None:
            periods = [p for p in new_rows.periods if new_rows.units_with_data(p)] or new_rows.periods
            period = periods[-1] if periods else None
        units = sorted(set(old_rows.units) | set(new_rows.units), key=lambda u: (u is None, u or ""))
        old_scores = {u: old_rows.index_score(period, u) for u in units}
        new_scores = {u: new_rows.index_score(period, u) for u in units}
        old_ranks, new_ranks = rank_of(old_scores), rank_of(new_scores)
        for u in units:
            if old_rows.get(period, u) is None and new_rows.get(period, u) is None:
                continue
            effects.append(UnitEffect(period, u, old_scores[u], new_scores[u], old_ranks.get(u), new_ranks.get(u)))
    else:
        periods = sorted(set(old_rows.periods) | set(new_rows.periods), key=lambda p: (p is None, p or ""))
        for p in periods:
            effects.append(UnitEffect(p, None, old_rows.index_score(p, None), new_rows.index_score(p, None), None, None))
        period = None
    if ranked:
        # Units that gained or lost their index first (no amount, but the biggest
        # news), then by the size of the change, then units with no data either way.
        effects.sort(key=lambda e: (0, 0.0, e.unit or "") if e.coverage_change is not None
                     else (1, -abs(e.delta), e.unit or "") if e.delta is not None else (2, 0.0, e.unit or ""))
    return DataEffect(period, ranked, tuple(effects))

