"""The reference evaluator (``--engine python``): the definition of the semantics.

Each used source is read once, streaming; every metric of that source is fed from
the same pass.  Per (period, unit) cell the aggregates are accumulated, then the
raw values are normalised into scores and aggregated into pillars and the index
with the missing-data policies (DESIGN §3).  Problems are diagnostics, never
tracebacks: a source that fails to read is an error, not missing data.
"""

from __future__ import annotations

import math
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any, Callable

from . import model as m
from .aggregates import Accumulator, empty_result, make_accumulator
from .diagnostics import DataError, DiagnosticBag, Label
from .display import status_for, to_output_scale
from .results import Evaluation, ResultRow, SourceStats
from .rowexpr import UnknownColumn, compile_row
from .scoring import Member, absolute_score, aggregate, relative_scores
from .sources import CellError, cell_reader, data_error, data_file_label, open_source

Cell = tuple[str | None, str | None]  # (period, unit)


def period_key(moment: datetime, period: str) -> str:
    if period == "day":
        return moment.strftime("%Y-%m-%d")
    if period == "week":
        year, week, _ = moment.isocalendar()  # ISO weeks start on Monday
        return f"{year:04d}-W{week:02d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if period == "quarter":
        return f"{moment.year:04d}-Q{(moment.month - 1) // 3 + 1}"
    return f"{moment.year:04d}"


def value_leaves(expr: m.ValueExpr) -> list[m.Aggregate]:
    """The aggregates of a metric value, left to right."""
    if isinstance(expr, m.Aggregate):
        return [expr]
    if isinstance(expr, m.ValueOp):
        return [leaf for arg in expr.args for leaf in value_leaves(arg)]
    return []


def combine_value(expr: m.ValueExpr, leaves: list[float | None], position: list[int]) -> float | None:
    """Evaluate a value expression over its leaves' results (None propagates, x/0 is None)."""
    if isinstance(expr, m.Aggregate):
        value = leaves[position[0]]
        position[0] += 1
        return value
    if isinstance(expr, m.ValueConst):
        return expr.value
    args = [combine_value(a, leaves, position) for a in expr.args]
    if any(a is None for a in args):
        return None
    if expr.op == "neg":
        return -args[0]
    a, b = args
    if expr.op == "+":
        return a + b
    if expr.op == "-":
        return a - b
    if expr.op == "*":
        return a * b
    return None if b == 0 else a / b


@dataclass
class _Leaf:
    func: str
    q: float | None
    where: Callable | None
    arg: Callable | None


@dataclass
class _Feeder:
    """One metric's row filter and aggregates, compiled for one source."""

    key: tuple[str, str]
    where: Callable | None
    leaves: list[_Leaf]
    cells: dict[Cell, list[Accumulator]] = field(default_factory=dict)


def _feed(feeder: _Feeder, cell: Cell) -> Callable[[Any], None]:
    """A function row → None that adds one row to ``feeder``'s aggregates of ``cell``.

    Built once per cell, so the per-row work is the filter and the ``add`` calls,
    with no look-ups; the common one-aggregate shapes get their own closures.
    The semantics are those of the loop they replace: the metric's ``where``
    keeps a row only when true; ``share`` sees every row's condition; an
    aggregate's own ``where`` filters it; ``count()`` adds 1 per row.
    """
    accumulators = feeder.cells[cell] = [make_accumulator(l.func, l.q) for l in feeder.leaves]
    steps = []
    for leaf, accumulator in zip(feeder.leaves, accumulators):
        steps.append(_step(leaf, accumulator.add))
    where = feeder.where
    if len(steps) == 1:
        if where is None:
            return steps[0]
        # One aggregate under a filter, the commonest shape: inline it.
        (leaf,), add = feeder.leaves, accumulators[0].add
        if leaf.func == "share":
            condition = leaf.where

            def share(row):
                if where(row) is True:
                    add(condition(row))

            return share
        if leaf.where is None:
            arg = leaf.arg
            if arg is None:
                def count(row):
                    if where(row) is True:
                        add(1)

                return count

            def value(row):
                if where(row) is True:
                    add(arg(row))

            return value
        step = steps[0]

        def filtered(row):
            if where(row) is True:
                step(row)

        return filtered

    def each(row):
        if where is None or where(row) is True:
            for step in steps:
                step(row)

    return each


def _step(leaf: _Leaf, add: Callable[[Any], None]) -> Callable[[Any], None]:
    if leaf.func == "share":
        condition = leaf.where
        return lambda row: add(condition(row))
    arg, where = leaf.arg, leaf.where
    if where is None:
        if arg is None:
            return lambda row: add(1)
        return lambda row: add(arg(row))

    def filtered(row):
        if where(row) is True:
            add(arg(row) if arg is not None else 1)

    return filtered


def _columns_of(expr: Any) -> list[m.ColumnRef]:
    if expr is None:
        return []
    if isinstance(expr, m.ColumnRef):
        return [expr]
    if isinstance(expr, m.RowOp):
        return [c for a in expr.args for c in _columns_of(a)]
    if isinstance(expr, m.Aggregate):
        return _columns_of(expr.arg) + _columns_of(expr.where)
    if isinstance(expr, m.ValueOp):
        return [c for a in expr.args for c in _columns_of(a)]
    return []


class _Evaluator:
    def __init__(self, index: m.Index, bag: DiagnosticBag, show_progress: bool) -> None:
        self.index = index
        self.bag = bag
        self.show_progress = show_progress
        self.cells: set[Cell] = set()
        self.leaf_values: dict[tuple[str, str], dict[Cell, list[Accumulator]]] = {}
        self.stats: list[SourceStats] = []

    # ------------------------------------------------------------------ scan

    def scan(self, source: m.Source) -> None:
        metrics = [(p, x) for p, x in self.index.metrics() if x.source.name == source.name]
        table = open_source(source)
        cells = cell_reader(source)
        header = table.header
        label = data_file_label(source)

        shared: dict = {}  # one getter per distinct expression of this source

        def compile_or_report(expr):
            try:
                return compile_row(expr, header, cells, shared)
            except UnknownColumn as error:
                self._unknown_column(source, error.column, header or [])
                return None

        feeders: list[_Feeder] = []
        for pillar, metric in metrics:
            where = compile_or_report(metric.where) if metric.where is not None else None
            leaves = []
            for aggregate_node in value_leaves(metric.value):
                leaves.append(_Leaf(
                    aggregate_node.func,
                    None if aggregate_node.q is None else float(aggregate_node.q),
                    compile_or_report(aggregate_node.where) if aggregate_node.where is not None else None,
                    compile_or_report(aggregate_node.arg) if aggregate_node.arg is not None else None,
                ))
            feeders.append(_Feeder((pillar.name, metric.name), where, leaves))
        date_of = unit_of = None
        if self.index.period and source.date_column:
            date_of = compile_or_report(m.ColumnRef(source.date_column, "date"))
        if self.index.by and source.unit_column:
            unit_of = compile_or_report(m.ColumnRef(source.unit_column, "string"))
        elif self.index.by:
            self._unknown_column(source, m.ColumnRef(self.index.by, "string"), header or [])
        if self.bag.has_errors:
            return

        period = self.index.period
        rows_read = skipped_dates = skipped_units = 0
        first = last = None
        seen_keys: set[str] = set()
        check_json = header is None
        next_progress = time.monotonic() + 0.5
        line = 0
        # Per (period, unit) cell, the feed functions of every metric of this
        # source (see _feed); per calendar day, its period key.
        cell_feeds: dict[Cell, list[Callable]] = {}
        period_of_day: dict[int, str] = {}
        all_cells = self.cells
        show_progress = self.show_progress
        try:
            for line, row in table.rows:
                rows_read += 1
                if check_json and rows_read <= 2000:
                    _collect_paths(row, "", seen_keys, 0)
                p = u = None
                if date_of is not None:
                    moment = date_of(row)
                    if moment is None:
                        skipped_dates += 1
                        continue
                    if first is None:
                        first = last = moment
                    elif moment < first:
                        first = moment
                    elif moment > last:
                        last = moment
                    # Every period (day .. year) is a function of the calendar day.
                    day = moment.toordinal()
                    p = period_of_day.get(day)
                    if p is None:
                        p = period_of_day[day] = period_key(moment, period)
                if unit_of is not None:
                    u = unit_of(row)
                    if u is None:
                        skipped_units += 1
                        continue
                cell = (p, u)
                feeds = cell_feeds.get(cell)
                if feeds is None:
                    all_cells.add(cell)
                    feeds = cell_feeds[cell] = [_feed(feeder, cell) for feeder in feeders]
                for feed in feeds:
                    feed(row)
                if show_progress and rows_read % 20000 == 0 and time.monotonic() > next_progress:
                    next_progress = time.monotonic() + 0.5
                    fraction = table.progress() if table.progress else 0
                    sys.stderr.write(f"\rreading {source.display_path}: {fraction:5.1%} ({rows_read:,} rows)")
                    sys.stderr.flush()
        except CellError as error:
            raise data_error(source, line, error.code, f"source `{source.name}`: {error.message}", error.hint,
                             column=error.column, header=header) from None
        finally:
            if self.show_progress and rows_read >= 20000:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
        if check_json and rows_read:
            self._check_json_columns(source, metrics, seen_keys)
        if skipped_dates:
            self.bag.add("CHI412", f"{skipped_dates} row(s) of source `{source.name}` have no date and were left out",
                         _span(label), f"the date column is `{'.'.join(source.date_column)}`")
        if skipped_units:
            self.bag.add("CHI413", f"{skipped_units} row(s) of source `{source.name}` have no `{'.'.join(source.unit_column)}` and were left out",
                         _span(label), f"fill the `{'.'.join(source.unit_column)}` cells in the source")
        for feeder in feeders:
            self.leaf_values[feeder.key] = feeder.cells
        self.stats.append(SourceStats(
            source.name, source.display_path, rows_read,
            first.isoformat(sep=" ") if first else None, last.isoformat(sep=" ") if last else None,
        ))

    def _unknown_column(self, source: m.Source, column: m.ColumnRef, available: list[str]) -> None:
        import difflib

        close = difflib.get_close_matches(column.dotted, available, 1)
        listing = ", ".join(repr(c) for c in available[:30]) + (" ..." if len(available) > 30 else "")
        hint = (f"did you mean {close[0]!r}? " if close else "") + (f"available columns: {listing}" if available else "")
        if len(available) == 1:
            for mark, name in ((";", '";"'), ("\t", '"\\t"'), ("|", '"|"')):
                if mark in available[0] and mark != source.delimiter:
                    hint = f"the header reads as one column {available[0]!r}: declare the delimiter, {{ delimiter {name} }}"
                    break
        self.bag.add("CHI404", f"source `{source.name}` has no column {column.dotted!r}",
                     column.span, hint or None, [Label(_span(data_file_label(source)), "read from here")])

    def _check_json_columns(self, source, metrics, seen: set[str]) -> None:
        refs: list[m.ColumnRef] = []
        for _, metric in metrics:
            refs += _columns_of(metric.where) + _columns_of(metric.value)
        reported: set[str] = set()
        for ref in refs:
            if ref.dotted not in seen and ref.dotted not in reported:
                reported.add(ref.dotted)
                self._unknown_column(source, ref, sorted(seen))

    # --------------------------------------------------------------- scoring

    def run(self) -> Evaluation | None:
        index = self.index
        for source in index.used_sources():
            try:
                self.scan(source)
            except DataError as error:
                self.bag.extend([error.diagnostic])
        if self.bag.has_errors:
            return None
        if not index.period and not index.by:
            self.cells.add((None, None))
        cells = sorted(self.cells, key=lambda c: (c[0] or "", c[1] or ""))
        raws: dict[tuple[str, str], dict[Cell, float | None]] = {}
        for pillar, metric in index.metrics():
            per_cell = self.leaf_values.get((pillar.name, metric.name), {})
            leaves = value_leaves(metric.value)
            values: dict[Cell, float | None] = {}
            for cell in cells:
                accumulators = per_cell.get(cell)
                if accumulators is None:
                    results = [empty_result(l.func) for l in leaves]
                else:
                    results = [a.result() for a in accumulators]
                value = combine_value(metric.value, results, [0])
                if value is not None and not math.isfinite(value):
                    self.bag.add("CHI415", f"metric `{metric.name}` overflows{_where(cell)}: its value is {value}",
                                 metric.span, "check the data for absurd values (near 1e308), or rescale the column")
                    return None
                values[cell] = value
            raws[(pillar.name, metric.name)] = values
        scores = {key: self._scores(index, key, raws[key], cells) for key in raws}
        if self.bag.has_errors:
            return None
        rows = self._aggregate(cells, raws, scores)
        if self.bag.has_errors:
            return None
        return Evaluation(rows, self.stats, "python")

    def _metric(self, key) -> m.Metric:
        for pillar, metric in self.index.metrics():
            if (pillar.name, metric.name) == key:
                return metric
        raise KeyError(key)

    def _scores(self, index, key, raws: dict[Cell, float | None], cells) -> dict[Cell, float | None]:
        metric = self._metric(key)
        norm = metric.normalisation
        scores: dict[Cell, float | None] = {}
        if norm.is_relative:
            by_period: dict[str | None, dict[str, float]] = defaultdict(dict)
            for (period, unit), raw in raws.items():
                if raw is not None:
                    by_period[period][unit] = raw
            all_equal_periods = []
            for period, unit_raws in by_period.items():
                unit_scores, all_equal = relative_scores(unit_raws, norm)
                if all_equal:
                    all_equal_periods.append(period)
                for unit, score in unit_scores.items():
                    scores[(period, unit)] = score
            if all_equal_periods:
                where = f" in {all_equal_periods[0]}" if all_equal_periods[0] else ""
                self.bag.add("CHI410", f"all units have the same value for `{metric.name}`{where}: every unit scores 50",
                             metric.span, "use an absolute normalisation (scale LO..HI or a target) when units may tie")
            return {cell: scores.get(cell) for cell in cells}
        out_of_range = None
        for cell, raw in raws.items():
            if raw is None:
                scores[cell] = None
                continue
            try:
                scores[cell] = absolute_score(raw, norm)
            except ValueError:
                self.bag.add("CHI409", f"metric `{metric.name}` has raw value {number_text(raw)}{_where(cell)}: "
                             "log needs values above 0",
                             metric.span, "filter out rows that make it <= 0, or drop `log`")
                return {}
            if norm.kind == "none" and not 0 <= raw <= 100 and out_of_range is None:
                out_of_range = (cell, raw)
        if out_of_range is not None:
            cell, raw = out_of_range
            self.bag.add("CHI411", f"metric `{metric.name}` has no normalisation and raw value {raw:g}{_where(cell)}; it is clamped to 0-100",
                         metric.span, "add a normalisation (scale, target, percent ...)")
        return scores

    def _aggregate(self, cells, raws, scores) -> list[ResultRow]:
        index = self.index
        rows: list[ResultRow] = []
        missing_errors: dict[str, list[Cell]] = defaultdict(list)
        missing_spans: dict[str, object] = {}  # point at the metric or pillar, not the index
        for cell in cells:
            period, unit = cell
            pillar_rows: list[tuple[ResultRow, list[ResultRow]]] = []
            pillar_members: list[Member] = []
            pillar_coverages: list[Fraction] = []
            for pillar in index.pillars:
                members = []
                for metric in pillar.metrics:
                    score = scores[(pillar.name, metric.name)].get(cell)
                    if score is None and metric.missing == "error":
                        missing_errors[f"metric `{metric.name}`"].append(cell)
                        missing_spans[f"metric `{metric.name}`"] = metric.span
                    members.append(Member(metric.weight, score, metric.missing))
                result = aggregate(members, pillar.aggregation == "geometric")
                if result.score is None and pillar.missing == "error":
                    missing_errors[f"pillar {pillar.name!r}"].append(cell)
                    missing_spans[f"pillar {pillar.name!r}"] = pillar.span
                pillar_members.append(Member(pillar.weight, result.score, pillar.missing))
                pillar_coverages.append(result.exact_coverage)
                metric_rows = []
                for metric, effective, used in zip(pillar.metrics, result.exact_weights, result.used_scores):
                    metric_rows.append((metric, effective, used))
                pillar_rows.append((pillar, result, metric_rows))
            index_result = aggregate(pillar_members, index.aggregation == "geometric")
            # Exact, rounded once: a share of the weight, never above 1 (DESIGN §3).
            index_coverage = float(sum((p.weight * c for p, c in zip(index.pillars, pillar_coverages)), Fraction(0)))
            rows.append(ResultRow(period, unit, "index", None, None, None, index_result.score, 1.0, 1.0,
                                  index_result.score, index_coverage,
                                  status_for(to_output_scale(index_result.score, index.output_scale), index.status)))
            for (pillar, result, metric_rows), pillar_effective, pillar_exact, pillar_used in zip(
                    pillar_rows, index_result.effective_weights, index_result.exact_weights,
                    index_result.used_scores):
                rows.append(ResultRow(
                    period, unit, "pillar", pillar.name, None, None, pillar_used, float(pillar.weight),
                    pillar_effective, None if pillar_used is None else pillar_effective * pillar_used,
                    result.coverage,
                    status_for(to_output_scale(pillar_used, index.output_scale), pillar.status),
                ))
                for metric, effective, used in metric_rows:
                    overall = float(pillar_exact * effective)  # exact, rounded once
                    raw = raws[(pillar.name, metric.name)].get(cell)
                    has_data = scores[(pillar.name, metric.name)].get(cell) is not None
                    rows.append(ResultRow(
                        period, unit, "metric", pillar.name, metric.name, raw, used, float(metric.weight),
                        overall, None if used is None else overall * used, 1.0 if has_data else 0.0, None,
                    ))
        for what, bad_cells in missing_errors.items():
            first = bad_cells[0]
            more = f" (and {len(bad_cells) - 1} more)" if len(bad_cells) > 1 else ""
            span = missing_spans.get(what) or index.span
            self.bag.add("CHI408", f"{what} has no data{_where(first)}{more}, and its policy is `missing error`",
                         span, "provide the data, or use `missing reweight` / `missing zero`")
        return rows


def number_text(value: float) -> str:
    """A number in a message: whole numbers without a fraction (0, -3), others in
    full (-0.25, 1e-07), as the compiled SQL writes them too (sql.lower._number_text)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _where(cell: Cell) -> str:
    period, unit = cell
    parts = [x for x in (period, unit) if x is not None]
    return f" for {' / '.join(parts)}" if parts else ""


def _span(label: str):
    from .span import file_span

    return file_span(label, 1, 1)


def _collect_paths(value: Any, prefix: str, out: set[str], depth: int) -> None:
    if depth > 4:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            _collect_paths(item, path, out, depth + 1)
    elif isinstance(value, list):
        for item in value[:5]:
            _collect_paths(item, prefix, out, depth + 1)


def evaluate(index: m.Index, bag: DiagnosticBag, show_progress: bool = False) -> Evaluation | None:
    """Evaluate with the reference engine; None when a data error was reported."""
    return _Evaluator(index, bag, show_progress).run()
