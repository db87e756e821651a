"""The resolved model → one SQL statement (a sqlglot tree) returning the long table.

The statement is a chain of CTEs, each one step of the python engine:

1. ``<source>_scan``: one per used source, one pass over it.  Rows are typed
   (reading.py), keyed by period and unit, and every aggregate of every metric
   reading that source is computed in the same GROUP BY.  It also counts rows and
   the first/last date (the engine's source statistics) and, in DuckDB's file mode,
   fails the query on a cell the python engine would reject.
2. ``cells``: every (period, unit) some source has rows for.
3. ``metric_values``: each metric's raw value per cell (empty sum/count → 0,
   division by zero → NULL).
4. ``metric_scores``: normalisation; minmax and percentile_rank are window
   functions across the units of a period.
5. ``metric_used`` … ``index_scores``: the weighted aggregation with the missing
   data policies and coverage, exactly as scoring.aggregate.
6. The final SELECT unions one branch per output row kind (index, each pillar,
   each metric) and orders them as the python engine does.

Column names inside the CTEs are generated (``m3_raw`` is metric 3); comments
name the pillar and metric.  Nothing is rounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from sqlglot import exp

from .. import model as m
from ..evaluate import value_leaves
from . import build as b
from .dialects import Dialect
from .reading import FileAccess, TableAccess, bad_name, typed_select
from .rows import RowLowering
from .schema import SourceColumns, source_columns

PERIOD, UNIT = "cell_period", "cell_unit"
OUTPUT = ("period", "unit", "level", "pillar", "metric", "raw_value", "score", "weight",
          "effective_weight", "contribution", "coverage", "status")
_MESSAGES = {
    "number": ("CHI405", "non-numeric value '{}' in column `{}`"),
    "date": ("CHI406", "value '{}' in column `{}` is not a date"),
    "bool": ("CHI414", "value '{}' in column `{}` is not true/false"),
}


@dataclass
class Lowered:
    """The statement in parts: the engine runs the scans first (see engines/)."""

    scans: list[tuple[str, m.Source, exp.Select, str]]  # (cte name, source, query, comment)
    ctes: list[tuple[str, exp.Select, str]]  # the rest, in order
    final: exp.Select
    columns: dict[str, SourceColumns] = field(default_factory=dict)

    def statement(self) -> exp.Select:
        query = self.final.copy()
        for name, select, comment in [(n, s, c) for n, _, s, c in self.scans] + self.ctes:
            query = query.with_(b.ident(name), as_=select.copy(), copy=False)
            query.args["with_"].expressions[-1].add_comments([comment])
        return query


def sanitize_comment(text: str) -> str:
    """A comment body that cannot end the comment or start a nested one."""
    cleaned = "".join(" " if (ord(c) < 32 or c in "\x7f\x85\u2028\u2029") else c for c in text)
    while "*/" in cleaned or "/*" in cleaned:
        cleaned = cleaned.replace("*/", "* /").replace("/*", "/ *")
    return " " + " ".join(cleaned.split()) + " "


def lower_index(index: m.Index, dialect: Dialect, accesses: dict[str, TableAccess | FileAccess]) -> Lowered:
    return _Lowerer(index, dialect, accesses).run()


@dataclass(frozen=True)
class _MetricRef:
    k: int  # 1-based over the whole index
    j: int  # pillar, 1-based
    pillar: m.Pillar
    metric: m.Metric

    @property
    def label(self) -> str:
        return f"{self.pillar.name} / {self.metric.name}"


class _Lowerer:
    def __init__(self, index: m.Index, dialect: Dialect, accesses) -> None:
        self.index = index
        self.dialect = dialect
        self.accesses = accesses
        self.refs: list[_MetricRef] = []
        k = 0
        for j, pillar in enumerate(index.pillars, 1):
            for metric in pillar.metrics:
                k += 1
                self.refs.append(_MetricRef(k, j, pillar, metric))
        self.keys = ([PERIOD] if index.period else []) + ([UNIT] if index.by else [])
        self.weights = WeightUnits.of(index)
        self.scan_of = scan_names(index.used_sources())

    def run(self) -> Lowered:
        scans = []
        columns = {}
        for source in self.index.used_sources():
            cols = source_columns(self.index, source)
            columns[source.name] = cols
            name = self.scan_of[source.name]
            refs = [r for r in self.refs if r.metric.source.name == source.name]
            comment = sanitize_comment(
                f"source {source.name} ({source.display_path}): "
                f"{len(refs)} metric{'s' if len(refs) != 1 else ''} in one pass")
            scans.append((name, source, self._scan(cols, refs), comment))
        ctes = [
            ("cells", self._cells(scans), sanitize_comment("every period and unit some source has rows for")),
            ("metric_values", self._values(scans), sanitize_comment("raw values: aggregates combined per metric")),
        ]
        ctes += self._scores()
        ctes += self._aggregation()
        return Lowered(scans, ctes, self._final(), columns)

    # ================================================================= scans

    def _scan(self, cols: SourceColumns, refs: list[_MetricRef]) -> exp.Select:
        source = cols.source
        access = self.accesses[source.name]
        typed, checked = typed_select(cols, access)
        json_values = isinstance(access, FileAccess) and access.format in ("json", "jsonl")
        rows = RowLowering(self.dialect, lambda ref: b.col(cols.use(ref.path, ref.cast).name), json_values)

        # Rows the python engine feeds to metrics: those with a date and a unit.
        base = b.and_(*([b.not_null(b.col(cols.date.name))] if cols.date else []),
                      *([b.not_null(b.col(cols.unit.name))] if cols.unit else []))
        projections = [b.col(PERIOD), b.col(UNIT), b.alias(exp.Count(this=exp.Star()), "rows_read")]
        if cols.date:
            projections += [b.alias(exp.Min(this=b.col(cols.date.name)), "first_date"),
                            b.alias(exp.Max(this=b.col(cols.date.name)), "last_date")]
        window_columns: list[exp.Expression] = []
        checks: list[tuple[exp.Expression | None, m.ColumnRef]] = []
        if cols.date:
            checks.append((None, m.ColumnRef(cols.date.path, "date")))
        for ref in refs:
            metric = ref.metric
            where = rows.lower(metric.where) if metric.where is not None else None
            checks += rows.evaluated(metric.where, base)
            metric_guard = b.and_(base.copy() if base is not None else None, where.copy() if where is not None else None)
            for i, leaf in enumerate(value_leaves(metric.value), 1):
                name = f"m{ref.k}_{i}"
                comment = sanitize_comment(f"{ref.label}: {_describe_leaf(leaf)}")
                expression, windows = self._aggregate(leaf, where, rows, name)
                window_columns += windows
                projections.append(b.alias(expression, name, comment=comment))
                checks += rows.evaluated(leaf.where, metric_guard)
                if leaf.func != "share":
                    leaf_where = rows.lower(leaf.where) if leaf.where is not None else None
                    checks += rows.evaluated(leaf.arg, b.and_(metric_guard.copy() if metric_guard else None, leaf_where))

        # The keyed level: period and unit per row.  In DuckDB's file mode the period
        # key also fails the query on a cell the python engine rejects: every row's key
        # is computed, so the check cannot be optimised away.
        period = self.dialect.period_key(b.col(cols.date.name), self.index.period) if cols.date else b.null(b.TEXT)
        period_comment = None
        if checked:
            check = self._checks(cols, checks)
            if check is not None:
                period = b.case(check, period)
                period_comment = sanitize_comment("fails on a cell the python engine rejects, else the period")
        unit = b.col(cols.unit.name) if cols.unit else b.null(b.TEXT)
        keyed = exp.select(exp.Column(this=exp.Star(), table=b.ident("typed")),
                           b.alias(period, PERIOD, comment=period_comment), b.alias(unit, UNIT)).from_(
            exp.Subquery(this=typed, alias=exp.TableAlias(this=b.ident("typed"))), copy=False)
        inner: exp.Expression = exp.Subquery(this=keyed, alias=exp.TableAlias(this=b.ident("keyed")))
        if window_columns:
            windowed = exp.select(exp.Column(this=exp.Star(), table=b.ident("keyed")), *window_columns).from_(inner, copy=False)
            inner = exp.Subquery(this=windowed, alias=exp.TableAlias(this=b.ident("windowed")))
        scan = exp.select(*projections).from_(inner, copy=False)
        return scan.group_by(b.col(PERIOD), b.col(UNIT), copy=False)

    def _aggregate(self, leaf: m.Aggregate, where: exp.Expression | None, rows: RowLowering,
                   name: str) -> tuple[exp.Expression, list[exp.Expression]]:
        """The SQL aggregate of one leaf over the scan's group, and any window columns it needs."""
        func = leaf.func
        if func == "share":
            hits_when = b.and_(where.copy() if where is not None else None, rows.lower(leaf.where))
            hits = exp.Count(this=b.when(hits_when, b.number(1)))
            total = exp.Count(this=b.when(where.copy(), b.number(1))) if where is not None else exp.Count(this=exp.Star())
            return b.safe_div(b.cast(hits, b.DOUBLE), b.cast(total, b.DOUBLE)), []
        condition = b.and_(where.copy() if where is not None else None,
                           rows.lower(leaf.where) if leaf.where is not None else None)
        if func == "count" and leaf.arg is None:
            if condition is None:
                return exp.Count(this=exp.Star()), []
            return exp.Count(this=b.when(condition, b.number(1))), []
        value = rows.distinct_key(leaf.arg) if func == "count_distinct" else rows.lower(leaf.arg)
        filtered = b.when(condition, value) if condition is not None else value
        if func == "count":
            return exp.Count(this=filtered), []
        if func == "count_distinct":
            return exp.Count(this=exp.Distinct(expressions=[filtered])), []
        if func == "mean":
            return exp.Avg(this=filtered), []
        if func == "sum":
            return exp.Sum(this=filtered), []
        if func == "min":
            return exp.Min(this=filtered), []
        if func == "max":
            return exp.Max(this=filtered), []
        q = 0.5 if func == "median" else float(leaf.q)
        if self.dialect.percentile_kind == "aggregate":
            return self.dialect.percentile(filtered, q), []
        return self._window_percentile(filtered, q, name)

    def _window_percentile(self, value: exp.Expression, q: float, name: str):
        """PERCENTILE_CONT by hand: number the values, interpolate between two ranks.

        position = q * (n - 1); the result is v[floor] + (v[ceil] - v[floor]) * frac,
        ranks counted from 1 — as aggregates.percentile_cont.
        """
        value_col, rank_col, n_col = f"{name}_v", f"{name}_rank", f"{name}_n"
        included = b.not_null(value.copy())
        windows = [
            b.alias(value, value_col),
            b.alias(b.window(exp.RowNumber(), [b.col(PERIOD), b.col(UNIT), included], [value.copy()],
                             nulls_first=self.dialect.nulls_first()), rank_col),
            b.alias(b.window(exp.Count(this=value.copy()), [b.col(PERIOD), b.col(UNIT)]), n_col),
        ]
        position = b.mul(b.number(q), b.cast(b.sub(b.col(n_col), b.number(1)), b.DOUBLE))
        low_rank = b.add(exp.Floor(this=position.copy()), b.number(1))
        high_rank = b.add(exp.Ceil(this=position.copy()), b.number(1))
        present = b.not_null(b.col(value_col))
        low = exp.Max(this=b.when(b.and_(present, b.eq(b.col(rank_col), low_rank)), b.col(value_col)))
        high = exp.Max(this=b.when(b.and_(present.copy(), b.eq(b.col(rank_col), high_rank)), b.col(value_col)))
        fraction = exp.Max(this=b.when(present.copy(), b.sub(position.copy(), exp.Floor(this=position.copy()))))
        return b.add(low, b.mul(b.sub(high, low.copy()), fraction)), windows

    def _checks(self, cols: SourceColumns, checks) -> list[tuple[exp.Expression, exp.Expression]] | None:
        """WHEN <a cell the python engine reads is bad> THEN error(...), per column and type."""
        by_use: dict[str, list[exp.Expression | None]] = {}
        order: list[m.ColumnRef] = []
        for guard, ref in checks:
            key = cols.use(ref.path, ref.cast).name
            if key not in by_use:
                by_use[key] = []
                order.append(ref)
            by_use[key].append(guard)
        whens = []
        for ref in order:
            use = cols.use(ref.path, ref.cast)
            guards = by_use[use.name]
            unique = list({g.sql(): g for g in guards if g is not None}.values())
            condition = None if any(g is None for g in guards) else b.or_(*[g.copy() for g in unique])
            bad = b.col(bad_name(use))
            code, template = _MESSAGES[ref.cast]
            before, after = template.split("{}", 1)
            after = after.format(use.dotted)
            message = b.concat(b.string(f"chi-lang {code}: source `{cols.source.name}`: {before}"), bad.copy(),
                               b.string(after))
            whens.append((b.and_(b.not_null(bad), condition), self.dialect.raise_error(message)))
        return whens or None

    # ================================================================ cells

    def _cells(self, scans) -> exp.Expression:
        if not self.keys:
            return exp.select(b.alias(b.null(b.TEXT), PERIOD), b.alias(b.null(b.TEXT), UNIT))
        selects = []
        for name, _, _, _ in scans:
            present = b.and_(*[b.not_null(b.col(k)) for k in self.keys])
            selects.append(exp.select(b.col(PERIOD), b.col(UNIT)).from_(_table(name), copy=False).where(present, copy=False))
        query = selects[0]
        for other in selects[1:]:
            query = exp.union(query, other, distinct=True, copy=False)
        return query

    # =============================================================== values

    def _values(self, scans) -> exp.Select:
        query = exp.select(exp.Column(this=b.ident(PERIOD), table=b.ident("cells")),
                           exp.Column(this=b.ident(UNIT), table=b.ident("cells"))).from_(_table("cells"), copy=False)
        for name, _, _, _ in scans:
            if self.keys:
                on = b.and_(*[b.eq(exp.Column(this=b.ident(k), table=b.ident(name)),
                                   exp.Column(this=b.ident(k), table=b.ident("cells"))) for k in self.keys])
            else:
                on = b.boolean(True)
            query = query.join(_table(name), on=on, join_type="LEFT", copy=False)
        for ref in self.refs:
            scan = self.scan_of[ref.metric.source.name]
            position = [0]
            raw = self._finite(self._combine(ref.metric.value, ref.k, scan, position), ref)
            query = query.select(b.alias(raw, f"m{ref.k}_raw", comment=sanitize_comment(ref.label)), copy=False)
        return query

    def _finite(self, raw: exp.Expression, ref: _MetricRef) -> exp.Expression:
        """A raw value that is inf or NaN (an overflowing sum, NaN in JSON) fails, as
        the python engine reports it (CHI415)."""
        message = _message(f"chi-lang CHI415: metric `{ref.metric.name}` overflows", self._where("cells"), ": its value is ",
                           b.cast(raw.copy(), b.TEXT))
        return b.case([(b.not_(self.dialect.is_finite(raw)), self.dialect.raise_error(message))], raw.copy())

    def _where(self, table: str | None = None) -> str | exp.Expression:
        """Where a failure happened, in the python engine's words: the cell's period and unit."""
        def key(name: str) -> exp.Column:
            return exp.Column(this=b.ident(name), table=b.ident(table) if table else None)

        return _where(key(PERIOD) if self.index.period else None, key(UNIT) if self.index.by else None)

    def _combine(self, expr: m.ValueExpr, k: int, scan: str, position: list[int]) -> exp.Expression:
        if isinstance(expr, m.Aggregate):
            position[0] += 1
            leaf = exp.Column(this=b.ident(f"m{k}_{position[0]}"), table=b.ident(scan))
            if expr.func in ("count", "count_distinct"):
                # Counts are integers: cast before any division, and 0 over no rows.
                return b.cast(b.coalesce(leaf, b.number(0)), b.DOUBLE)
            if expr.func == "sum":
                return b.coalesce(leaf, b.double(0))  # a DOUBLE 0: SQLite divides integers as integers
            return leaf
        if isinstance(expr, m.ValueConst):
            return b.double(expr.value)
        args = [self._combine(a, k, scan, position) for a in expr.args]
        if expr.op == "neg":
            return b.neg(args[0])
        if expr.op == "+":
            return b.add(*args)
        if expr.op == "-":
            return b.sub(*args)
        if expr.op == "*":
            return b.mul(*args)
        return b.safe_div(*args)

    # =============================================================== scores

    def _scores(self) -> list[tuple[str, exp.Select, str]]:
        normalised = exp.select(exp.Star()).from_(_table("metric_values"), copy=False)
        scores = exp.select(exp.Star()).from_(_table("metric_normalised"), copy=False)
        for ref in self.refs:
            raw = b.col(f"m{ref.k}_raw")
            norm = ref.metric.normalisation
            value = self._relative(raw, norm) if norm.is_relative else self._absolute(raw, ref)
            comment = sanitize_comment(f"{ref.label}: {_describe_norm(norm)}")
            normalised = normalised.select(b.alias(value, f"m{ref.k}_norm", comment=comment), copy=False)
            score = b.col(f"m{ref.k}_norm")
            if norm.kind in ("none", "percent", "scale", "target"):
                score = _clamp(score)  # scores are kept within 0..100
            scores = scores.select(b.alias(score, f"m{ref.k}_score"), copy=False)
        return [
            ("metric_normalised", normalised, sanitize_comment("normalisation: raw value to score")),
            ("metric_scores", scores, sanitize_comment("scores clamped to 0-100")),
        ]

    def _absolute(self, raw: exp.Expression, ref: _MetricRef) -> exp.Expression:
        norm = ref.metric.normalisation
        kind = norm.kind
        # Every number here is a DOUBLE: SQLite keeps a whole-number literal an INTEGER
        # and divides integers as integers (100 * 2 / 9 is 22 there).
        hundred = b.double(100)
        if kind == "none":
            return raw
        if kind == "percent":
            return b.mul(hundred, raw)
        if kind == "scale":
            low, high = norm.low, norm.high
            x = raw
            if norm.log:
                low, high = math.log(low), math.log(high)
                x = exp.Ln(this=raw.copy())
            span = high - low  # computed here in python, as the python engine does
            if norm.lower_is_better:
                score = b.div(b.mul(hundred, b.sub(b.double(high), x)), b.double(span))
            else:
                score = b.div(b.mul(hundred, b.sub(x, b.double(low))), b.double(span))
            if norm.log:
                message = _message(f"chi-lang CHI409: metric `{ref.metric.name}` has raw value ", _number_text(raw),
                                   self._where(), ": log needs values above 0")
                return b.case([(b.lte(raw.copy(), b.number(0)), self.dialect.raise_error(message))], score)
            return score
        if kind == "target":
            target = b.double(norm.target)
            if norm.lower_is_better:
                # 100·T/x, with 100·T computed in floating point as in python.
                return b.case([(b.lte(raw, target), hundred)],
                              b.div(b.double(100.0 * norm.target), raw.copy()))
            ratio = b.div(raw, target)
            return b.case([(b.gt(ratio, b.number(1)), hundred.copy())], b.mul(hundred.copy(), ratio.copy()))
        if kind == "bands":
            whens = [(b.is_null(raw.copy()), b.null(b.DOUBLE))]
            default = None
            for band in norm.bands:
                if band.op is None:
                    default = b.double(band.score)
                    break
                comparison = {">=": exp.GTE, ">": exp.GT, "<=": exp.LTE, "<": exp.LT}[band.op]
                whens.append((b.compare(comparison, raw.copy(), b.number(band.threshold)), b.double(band.score)))
            return b.case(whens, default if default is not None else b.double(0))
        raise ValueError(kind)  # pragma: no cover

    def _relative(self, raw: exp.Expression, norm: m.Normalisation) -> exp.Expression:
        partition = [b.col(PERIOD)]
        low = b.window(exp.Min(this=raw.copy()), partition)
        high = b.window(exp.Max(this=raw.copy()), [p.copy() for p in partition])
        if norm.kind == "minmax":
            score = b.div(b.mul(b.double(100), b.sub(raw.copy(), low.copy())), b.sub(high.copy(), low.copy()))
        else:
            # Share of the other units below, ties counted half (scoring.relative_scores).
            n = b.window(exp.Count(this=raw.copy()), [p.copy() for p in partition])
            first = self.dialect.nulls_first()
            at_most = b.window(exp.Count(this=raw.copy()), [p.copy() for p in partition], [raw.copy()],
                               ("RANGE", "UNBOUNDED", "PRECEDING", "CURRENT ROW", None), first)
            equal = b.window(exp.Count(this=raw.copy()), [p.copy() for p in partition], [raw.copy()],
                             ("RANGE", "CURRENT ROW", None, "CURRENT ROW", None), first)
            below = b.cast(b.sub(at_most, equal), b.DOUBLE)
            ties = b.cast(b.sub(equal.copy(), b.number(1)), b.DOUBLE)
            others = b.cast(b.sub(n, b.number(1)), b.DOUBLE)
            score = b.div(b.mul(b.number(100), b.add(below, b.mul(b.number(0.5), ties))), others)
        if norm.lower_is_better:
            score = b.sub(b.number(100), score)
        # All equal: 50 as a DOUBLE (an INTEGER 50 in SQLite makes LN(50 / 100) of a geometric mean LN(0)).
        return b.case([(b.is_null(raw.copy()), b.null(b.DOUBLE)), (b.eq(high, low), b.double(50))], score)

    # ========================================================== aggregation

    def _aggregation(self) -> list[tuple[str, exp.Select, str]]:
        index = self.index
        by_pillar: dict[int, list[_MetricRef]] = {}
        for ref in self.refs:
            by_pillar.setdefault(ref.j, []).append(ref)
        pillars = list(enumerate(index.pillars, 1))

        # metric_used: the score each metric enters its pillar with.
        used = exp.select(exp.Star()).from_(_table("metric_scores"), copy=False)
        for j, pillar in pillars:
            refs = by_pillar.get(j, [])
            any_data = b.or_(*[b.not_null(b.col(f"m{r.k}_score")) for r in refs]) if refs else b.boolean(False)
            for r in refs:
                score = b.col(f"m{r.k}_score")
                if r.metric.missing == "zero":
                    value = b.case([(any_data.copy(), b.coalesce(score, b.double(0)))])
                elif r.metric.missing == "error":
                    message = _message(f"chi-lang CHI408: metric `{r.metric.name}` has no data",
                                       b.cast(score.copy(), b.TEXT), self._where(),
                                       ", and its policy is `missing error`")
                    value = b.case([(b.is_null(score), self.dialect.raise_error(message))], score.copy())
                else:
                    value = score
                used = used.select(b.alias(value, f"m{r.k}_used", comment=sanitize_comment(r.label)), copy=False)

        # pillar_totals: the weight with a score (renormalising) and coverage, in
        # whole weight units (WeightUnits: exact sums, ratios rounded once).
        units = self.weights
        totals = exp.select(exp.Star()).from_(_table("metric_used"), copy=False)
        for j, pillar in pillars:
            refs = by_pillar.get(j, [])
            total = b.sum_all([b.case([(b.not_null(b.col(f"m{r.k}_used")), b.double(units.metric[r.k]))],
                                      b.number(0)) for r in refs]) if refs else b.double(0)
            covered = b.sum_all([b.case([(b.not_null(b.col(f"m{r.k}_score")), b.double(units.metric[r.k]))],
                                        b.number(0)) for r in refs]) if refs else b.double(0)
            in_units = f", weights in units of 1/{units.pillar_unit[j]}" if units.pillar_unit[j] != 1 else ""
            label = sanitize_comment(f"pillar {pillar.name}{in_units}")
            totals = totals.select(b.alias(total, f"p{j}_total", comment=label),
                                   b.alias(covered, f"p{j}_covered"), copy=False)
            coverage = covered.copy()  # not the alias: not every dialect sees an alias of its own SELECT
            if units.pillar_unit[j] != 1:
                coverage = b.div(coverage, b.double(units.pillar_unit[j]))
            if not units.exact:
                coverage = _at_most_1(coverage)
            totals = totals.select(b.alias(coverage, f"p{j}_coverage"), copy=False)

        effective = exp.select(exp.Star()).from_(_table("pillar_totals"), copy=False)
        for j, _ in pillars:
            for r in by_pillar.get(j, []):
                weight = b.case([(b.and_(b.not_null(b.col(f"m{r.k}_used")), b.gt(b.col(f"p{j}_total"), b.number(0))),
                                  b.div(b.double(units.metric[r.k]), b.col(f"p{j}_total")))], b.double(0))
                effective = effective.select(b.alias(weight, f"m{r.k}_eff"), copy=False)

        scores = exp.select(exp.Star()).from_(_table("metric_effective"), copy=False)
        for j, pillar in pillars:
            members = [(f"m{r.k}_used", f"m{r.k}_eff") for r in by_pillar.get(j, [])]
            score = _group_score(members, f"p{j}_total", pillar.aggregation == "geometric")
            scores = scores.select(b.alias(score, f"p{j}_score", comment=sanitize_comment(
                f"pillar {pillar.name}: {pillar.aggregation}")), copy=False)

        # The same one level up: pillars into the index.
        pillar_used = exp.select(exp.Star()).from_(_table("pillar_scores"), copy=False)
        any_pillar = b.or_(*[b.not_null(b.col(f"p{j}_score")) for j, _ in pillars]) if pillars else b.boolean(False)
        for j, pillar in pillars:
            score = b.col(f"p{j}_score")
            if pillar.missing == "zero":
                value = b.case([(any_pillar.copy(), b.coalesce(score, b.double(0)))])
            elif pillar.missing == "error":
                message = _message(f"chi-lang CHI408: pillar {pillar.name!r} has no data",
                                   b.cast(score.copy(), b.TEXT), self._where(),
                                   ", and its policy is `missing error`")
                value = b.case([(b.is_null(score), self.dialect.raise_error(message))], score.copy())
            else:
                value = score
            pillar_used = pillar_used.select(b.alias(value, f"p{j}_used"), copy=False)

        index_totals = exp.select(exp.Star()).from_(_table("pillar_used"), copy=False)
        total = b.sum_all([b.case([(b.not_null(b.col(f"p{j}_used")), b.double(units.pillar[j]))], b.number(0))
                           for j, p in pillars]) if pillars else b.double(0)
        coverage = b.sum_all([
            b.mul(b.double(units.pillar[j] * (units.common // units.pillar_unit[j] if units.exact else 1)),
                  b.col(f"p{j}_covered")) for j, p in pillars]) if pillars else b.double(0)
        if units.index_unit * units.common != 1:
            coverage = b.div(coverage, b.double(units.index_unit * units.common))
        if not units.exact:
            coverage = _at_most_1(coverage)
        in_units = sanitize_comment(f"pillar weights in units of 1/{units.index_unit}") if units.index_unit != 1 else None
        index_totals = index_totals.select(b.alias(total, "index_total", comment=in_units),
                                           b.alias(coverage, "index_coverage"), copy=False)

        pillar_effective = exp.select(exp.Star()).from_(_table("index_totals"), copy=False)
        for j, p in pillars:
            weight = b.case([(b.and_(b.not_null(b.col(f"p{j}_used")), b.gt(b.col("index_total"), b.number(0))),
                              b.div(b.double(units.pillar[j]), b.col("index_total")))], b.double(0))
            pillar_effective = pillar_effective.select(b.alias(weight, f"p{j}_eff"), copy=False)

        index_scores = exp.select(exp.Star()).from_(_table("pillar_effective"), copy=False)
        members = [(f"p{j}_used", f"p{j}_eff") for j, _ in pillars]
        index_scores = index_scores.select(b.alias(
            _group_score(members, "index_total", index.aggregation == "geometric"), "index_score",
            comment=sanitize_comment(f"index {index.name}: {index.aggregation}")), copy=False)

        return [
            ("metric_used", used, sanitize_comment("the score each metric enters its pillar with (missing policy)")),
            ("pillar_totals", totals, sanitize_comment("weight with data, and coverage, per pillar")),
            ("metric_effective", effective, sanitize_comment("metric weights renormalised within the pillar")),
            ("pillar_scores", scores, sanitize_comment("pillar scores")),
            ("pillar_used", pillar_used, sanitize_comment("the score each pillar enters the index with")),
            ("index_totals", index_totals, sanitize_comment("weight with data, and coverage, of the index")),
            ("pillar_effective", pillar_effective, sanitize_comment("pillar weights renormalised within the index")),
            ("index_scores", index_scores, sanitize_comment("the index")),
        ]

    def _overall_weight(self, j: int, k: int) -> exp.Expression:
        """A metric's share of the index: pillar weight × metric weight, both
        renormalised, as one exact ratio of whole weight units (see WeightUnits)."""
        units = self.weights
        if not units.exact:
            return b.mul(b.col(f"p{j}_eff"), b.col(f"m{k}_eff"))
        both = b.and_(b.gt(b.col(f"p{j}_eff"), b.number(0)), b.gt(b.col(f"m{k}_eff"), b.number(0)))
        ratio = b.div(b.double(units.pillar[j] * units.metric[k]), b.mul(b.col("index_total"), b.col(f"p{j}_total")))
        return b.case([(both, ratio)], b.double(0))

    # ================================================================= final

    def _final(self) -> exp.Select:
        index = self.index
        branches = []

        def branch(order: int, level: str, pillar: str | None, metric: str | None, raw, score, weight,
                   effective, contribution, coverage, status, comment: str) -> exp.Select:
            select = exp.select(
                b.alias(b.col(PERIOD), "period", quote=True),
                b.alias(b.col(UNIT), "unit", quote=True),
                b.alias(b.string(level), "level", quote=True),
                b.alias(b.string(pillar) if pillar is not None else b.null(b.TEXT), "pillar", quote=True),
                b.alias(b.string(metric) if metric is not None else b.null(b.TEXT), "metric", quote=True),
                b.alias(raw, "raw_value", quote=True),
                b.alias(score, "score", quote=True),
                b.alias(weight, "weight", quote=True),
                b.alias(effective, "effective_weight", quote=True),
                b.alias(contribution, "contribution", quote=True),
                b.alias(coverage, "coverage", quote=True),
                b.alias(status, "status", quote=True),
                b.alias(b.number(order), "row_order"),
            ).from_(_table("index_scores"), copy=False)
            select.add_comments([sanitize_comment(comment)])
            return select

        order = 0
        branches.append(branch(
            order, "index", None, None, b.null(b.DOUBLE), b.col("index_score"), b.double(1), b.double(1),
            b.col("index_score"), b.col("index_coverage"),
            self._status(b.col("index_score"), index.status), f"index {index.name}"))
        for j, pillar in enumerate(index.pillars, 1):
            order += 1
            branches.append(branch(
                order, "pillar", pillar.name, None, b.null(b.DOUBLE), b.col(f"p{j}_used"), b.double(float(pillar.weight)),
                b.col(f"p{j}_eff"), b.mul(b.col(f"p{j}_eff"), b.col(f"p{j}_used")), b.col(f"p{j}_coverage"),
                self._status(b.col(f"p{j}_used"), pillar.status), f"pillar {pillar.name}"))
            for ref in [r for r in self.refs if r.j == j]:
                order += 1
                overall = self._overall_weight(j, ref.k)
                branches.append(branch(
                    order, "metric", pillar.name, ref.metric.name, b.col(f"m{ref.k}_raw"), b.col(f"m{ref.k}_used"),
                    b.double(float(ref.metric.weight)), overall, b.mul(overall.copy(), b.col(f"m{ref.k}_used")),
                    b.case([(b.not_null(b.col(f"m{ref.k}_score")), b.double(1))], b.double(0)),
                    b.null(b.TEXT), ref.label))
        rows = branches[0]
        for other in branches[1:]:
            rows = exp.union(rows, other, distinct=False, copy=False)
        outer = exp.select(*[exp.Column(this=b.ident(c, force_quote=True)) for c in OUTPUT]).from_(
            exp.Subquery(this=rows, alias=exp.TableAlias(this=b.ident("result_rows"))), copy=False)
        sort_period = self.dialect.sort_text(b.coalesce(exp.Column(this=b.ident("period", force_quote=True)), b.string("")))
        sort_unit = self.dialect.sort_text(b.coalesce(exp.Column(this=b.ident("unit", force_quote=True)), b.string("")))
        return outer.order_by(sort_period, sort_unit, b.col("row_order"), copy=False)

    def _status(self, score: exp.Expression, bands: tuple[m.StatusBand, ...]) -> exp.Expression:
        if not bands:
            return b.null(b.TEXT)
        low, high = self.index.output_scale
        value = score
        if (low, high) != (0.0, 100.0):
            value = b.add(b.double(low), b.div(b.mul(b.double(high - low), score.copy()), b.double(100)))
        whens = [(b.is_null(score.copy()), b.null(b.TEXT))]
        default = b.null(b.TEXT)
        for band in bands:
            if band.op is None:
                default = b.string(band.label)
                break
            comparison = {">=": exp.GTE, ">": exp.GT, "<=": exp.LTE, "<": exp.LT}[band.op]
            whens.append((b.compare(comparison, value.copy(), b.number(band.threshold)), b.string(band.label)))
        return b.case(whens, default)


def scan_names(sources: list[m.Source]) -> dict[str, str]:
    """A CTE name per source: its name made an identifier, plus ``_scan``; unique."""
    import re

    names: dict[str, str] = {}
    taken: set[str] = set()
    for source in sources:
        stem = re.sub(r"[^0-9a-z]+", "_", source.name.lower()).strip("_")[:40] or "source"
        name, n = f"{stem}_scan", 2
        while name in taken:
            name, n = f"{stem}_{n}_scan", n + 1
        taken.add(name)
        names[source.name] = name
    return names


def _message(*parts: str | exp.Expression) -> exp.Expression:
    """An error message in the python engine's words: text, and text expressions
    (a NULL one is left out).

    Each message holds the value it is about (a column, NULL for "no data") so that
    it is never a constant: PostgreSQL and SQLite evaluate constant expressions
    while planning, even in a CASE branch that is never taken.
    """
    return b.concat(*[b.string(p) if isinstance(p, str) else p if isinstance(p, exp.Coalesce)
                      else b.coalesce(p, b.string("")) for p in parts])


def _where(period: exp.Expression | None, unit: exp.Expression | None) -> str | exp.Expression:
    """' for PERIOD / UNIT', ' for PERIOD', ' for UNIT' or '', as evaluate._where
    (None for a key the index does not have)."""
    if period is None and unit is None:
        return ""
    if period is None or unit is None:
        return b.coalesce(b.concat(b.string(" for "), period if period is not None else unit), b.string(""))
    both = b.concat(b.string(" for "), period, b.coalesce(b.concat(b.string(" / "), unit), b.string("")))
    return b.coalesce(both, b.concat(b.string(" for "), unit.copy()), b.string(""))


def _number_text(value: exp.Expression) -> exp.Expression:
    """A number as the python engine writes it in a message (evaluate.number_text):
    whole numbers without a fraction (0, not 0.0), others as the database writes them."""
    whole = b.and_(b.eq(value, exp.Floor(this=value.copy())), b.compare(exp.LT, exp.Abs(this=value.copy()),
                                                                          b.number(1e15)))
    return b.case([(whole, b.cast(b.cast(value.copy(), "BIGINT"), b.TEXT))], b.cast(value.copy(), b.TEXT))


def _table(name: str) -> exp.Table:
    return exp.Table(this=b.ident(name))


def _clamp(value: exp.Expression) -> exp.Expression:
    """The score within 0..100; the bounds are DOUBLEs, as every score is (see _absolute)."""
    return b.case([(b.compare(exp.LT, value, b.number(0)), b.double(0)),
                   (b.gt(value.copy(), b.number(100)), b.double(100))], value.copy())


@dataclass(frozen=True)
class WeightUnits:
    """The spec's weights as whole numbers of a common unit per group, so SQL
    computes coverage and renormalised weights as python's exact fractions do.

    With ``w = n / D`` (``D`` the least common denominator of the group), a sum of
    weights is a sum of whole numbers, exact in a DOUBLE; a renormalised weight is
    one division ``n / Σn``, rounded once: exactly ``float(Fraction(n, Σn))``
    (0.3/0.8 in doubles is 0.37499999999999994; 3/8 is 0.375).  A pillar's coverage
    is ``Σn / D``; the index's ``Σ N·(L/D)·Σn / (D_index·L)`` with ``L`` the least
    common multiple of the pillars' units: whole numbers again, one division, so
    neither can exceed 1.  The overall weight of a metric, ``(N·n) / (ΣN·Σn)``, is
    exact too.  All this holds while ``D_index·L`` stays below 2**53; beyond
    (weights with huge denominators) ``exact`` is False: the weights are plain
    doubles with unit 1, within 1e-9 of python, and the coverage is capped at 1.
    """

    metric: dict[int, float | int]  # metric ref k → n
    pillar: dict[int, float | int]  # pillar j → N
    pillar_unit: dict[int, float | int]  # pillar j → D of its metrics
    index_unit: float | int  # D of the pillars
    common: int  # L: a multiple of every pillar's unit
    exact: bool

    @classmethod
    def of(cls, index: m.Index) -> "WeightUnits":
        def units(weights: list[Fraction]) -> tuple[list[int], int]:
            unit = math.lcm(*(w.denominator for w in weights)) if weights else 1
            return [int(w * unit) for w in weights], unit

        metric: dict[int, float | int] = {}
        pillar_unit: dict[int, float | int] = {}
        k = 0
        for j, p in enumerate(index.pillars, 1):
            numbers, pillar_unit[j] = units([x.weight for x in p.metrics])
            for n in numbers:
                k += 1
                metric[k] = n
        numbers, index_unit = units([p.weight for p in index.pillars])
        pillar = dict(enumerate(numbers, 1))
        common = math.lcm(*pillar_unit.values()) if pillar_unit else 1
        if index_unit * common <= 2 ** 53:
            return cls(metric, pillar, pillar_unit, index_unit, common, True)
        weights = [x.weight for p in index.pillars for x in p.metrics]
        return cls({k: float(w) for k, w in enumerate(weights, 1)},
                   {j: float(p.weight) for j, p in enumerate(index.pillars, 1)},
                   {j: 1 for j in pillar_unit}, 1, 1, False)


def _at_most_1(share: exp.Expression) -> exp.Expression:
    """Doubles that add up to a hair over 1 would claim more than all the weight."""
    return b.case([(b.gt(share, b.number(1)), b.double(1))], share.copy())


def _group_score(members: list[tuple[str, str]], total: str, geometric: bool) -> exp.Expression:
    """scoring.aggregate's score: NULL without weight; arithmetic Σ s·w or geometric Π s^w."""
    if not members:
        return b.null(b.DOUBLE)
    has_weight = b.gt(b.col(total), b.number(0))
    if not geometric:
        terms = [b.coalesce(b.mul(b.col(s), b.col(w)), b.number(0)) for s, w in members]
        return b.case([(has_weight, b.sum_all(terms))])
    any_zero = b.or_(*[b.and_(b.eq(b.col(s), b.number(0)), b.gt(b.col(w), b.number(0))) for s, w in members])
    terms = [b.case([(b.and_(b.not_null(b.col(s)), b.gt(b.col(w), b.number(0))),
                      b.mul(b.col(w), exp.Ln(this=b.div(b.col(s), b.double(100)))))], b.number(0))
             for s, w in members]
    return b.case([(b.not_(has_weight), b.null(b.DOUBLE)), (any_zero, b.double(0))],
                  b.mul(b.double(100), exp.Exp(this=b.sum_all(terms))))


def _describe_leaf(leaf: m.Aggregate) -> str:
    if leaf.func == "percentile":
        return f"percentile {float(leaf.q) * 100:g}"
    return leaf.func + (" (filtered)" if leaf.where is not None and leaf.func != "share" else "")


def _describe_norm(norm: m.Normalisation) -> str:
    kind = norm.kind
    direction = " lower_is_better" if norm.lower_is_better else ""
    if kind == "scale":
        return f"{'log ' if norm.log else ''}scale {norm.low:g}..{norm.high:g}{direction}"
    if kind == "target":
        return f"target {norm.target:g}{direction}"
    if kind == "bands":
        return "bands"
    return kind + direction
