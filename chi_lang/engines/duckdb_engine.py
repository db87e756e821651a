"""``--engine duckdb``: the compiled DuckDB SQL, run in-process.

The statement ``chi-lang compile --dialect duckdb`` prints is run as it is, with
one difference of form: its per-source scan CTEs are first materialised as
temporary tables of the same names, so the engine can also read the row counts,
date ranges and skipped rows the python engine reports (``SourceStats``,
CHI412/CHI413) without scanning a file twice.

Honesty about failures: the SQL itself fails on a cell the python engine rejects
(see lower.py, checks), on a ``log`` of a value <= 0 and on a ``missing error``
metric without data.  When DuckDB fails for any reason, the python engine is run
to produce the diagnostics the user would get from it (with file and line).  If
the python engine reads the data without error, DuckDB reads every source again
from a normalised copy written by the python reader; if that still fails the
result is CHI506, never a number.  Sources DuckDB cannot read as declared
(``skip_footer``, encodings other than utf-8/latin-1/utf-16) are read from such a
copy from the start.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from .. import model as m
from ..diagnostics import DataError, DiagnosticBag
from ..results import Evaluation, ResultRow, SourceStats
from ..span import file_span
from ..sources import data_error, data_file_label, json_literal, open_source


class _Failed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def evaluate_duckdb(index: m.Index, bag: DiagnosticBag, python_fallback: bool = False) -> Evaluation | None:
    """Evaluate with DuckDB; None when an error was reported (as the python engine does).

    ``python_fallback`` (``--engine auto``): where DuckDB cannot read the data as the
    python engine does (CHI506), return the python engine's result instead.
    """
    with tempfile.TemporaryDirectory(prefix="chi-duckdb-") as workdir:
        return _Engine(index, bag, Path(workdir), python_fallback).run()


class _Engine:
    def __init__(self, index: m.Index, bag: DiagnosticBag, workdir: Path, python_fallback: bool = False) -> None:
        self.index = index
        self.bag = bag
        self.workdir = workdir
        self.python_fallback = python_fallback

    def run(self) -> Evaluation | None:
        from ..sql.reading import DUCKDB_ENCODINGS

        # A missing file or column: the python engine says it best (same words, file:line).
        if not self._precheck() and self._python_fails():
            return None
        must_stage = [s for s in self.index.used_sources()
                      if s.skip_footer or s.encoding not in DUCKDB_ENCODINGS]
        try:
            staged = {s.name: self._stage(s) for s in must_stage}
            return self._evaluate(staged)
        except (_Failed, DataError):
            pass
        # DuckDB stopped: the python engine tells what is wrong with the data, if anything.
        if self._python_fails():
            return None
        try:
            staged = {s.name: self._stage(s) for s in self.index.used_sources()}
            return self._evaluate(staged)
        except (_Failed, DataError) as failure:
            message = failure.message if isinstance(failure, _Failed) else failure.diagnostic.message
            if self.python_fallback:
                from ..evaluate import evaluate

                return evaluate(self.index, self.bag)
            refused = self._refused_cell(message)
            if refused is not None:
                self.bag.extend([refused])
                return None
            self.bag.add("CHI506", f"the DuckDB engine failed where the python engine did not: {message}",
                         self.index.span, "use --engine python for this spec, and please report it")
            return None

    # ------------------------------------------------------------------ checks

    def _precheck(self) -> bool:
        """Cheap checks before DuckDB runs: every file opens and has the columns named."""
        for source in self.index.used_sources():
            try:
                table = open_source(source)
            except DataError:
                return False
            try:
                if not self._has_columns(source, table):
                    return False
            except DataError:
                return False
            finally:
                close = getattr(table.rows, "close", None)
                if close:
                    close()
        return True

    def _has_columns(self, source: m.Source, table) -> bool:
        from ..sql.schema import row_columns

        refs: list[m.ColumnRef] = []
        if self.index.period and source.date_column:
            refs.append(m.ColumnRef(source.date_column, "date"))
        if self.index.by and source.unit_column:
            refs.append(m.ColumnRef(source.unit_column, "string"))
        for _, metric in self.index.metrics():
            if metric.source.name == source.name:
                refs += row_columns(metric.where) + row_columns(metric.value)
        if table.header is not None:
            return all(ref.dotted in table.header for ref in refs)
        # JSON: python reports a path it never saw in the first 2000 rows (CHI404).
        seen: set[str] = set()
        count = 0
        for _, row in table.rows:
            count += 1
            _collect_paths(row, "", seen, 0)
            if count >= 2000:
                break
        return not count or all(ref.dotted in seen for ref in refs)

    def _python_fails(self) -> bool:
        """Run the reference engine; its diagnostics join the bag only when it reports errors."""
        from ..evaluate import evaluate

        scratch = DiagnosticBag()
        result = evaluate(self.index, scratch)
        if scratch.has_errors or result is None:
            self.bag.extend(scratch.items)
            return True
        return False

    def _refused_cell(self, message: str):
        """A cell the SQL refused (``chi-lang CHI405/406/414: ...``) as a data diagnostic at its line.

        Reached only when the python engine reads the same data without error: the
        engines differ on that cell.  The user still gets the data code, the file,
        the line and the cell, not an internal-looking failure.
        """
        from ..sql.lower import _MESSAGES

        found = re.search(r"chi-lang (CHI4\d\d): source `(.*?)`: (.*)$", message, re.S)
        if found is None:
            return None
        code, name, rest = found.groups()
        source = next((s for s in self.index.used_sources() if s.name == name), None)
        for cast, (cast_code, template) in _MESSAGES.items():
            before, after = template.split("{}", 1)
            marker = after.split("{}", 1)[0]  # "' in column `"
            if cast_code != code or not rest.startswith(before) or marker not in rest or source is None:
                continue
            at = rest.rindex(marker)
            value, column = rest[len(before):at], rest[at + len(marker):].split("`", 1)[0]
            line, header = _line_of_cell(source, column, value)
            return data_error(source, line, code, f"source `{name}`: {rest}",
                              "the python engine reads this cell, DuckDB does not: run with --engine python "
                              "(or auto), or write the cell in a form both read (docs/language.md, Reading cells)",
                              column=column, header=header).diagnostic
        return None

    # ----------------------------------------------------------------- staging

    def _stage(self, source: m.Source):
        """Copy a source through the python reader into a file DuckDB reads plainly."""
        from ..sql.reading import FileAccess

        table = open_source(source)
        target = self.workdir / f"source{len(os.listdir(self.workdir))}"
        if table.header is not None:
            target = target.with_suffix(".csv")
            with open(target, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(table.header)
                for _, row in table.rows:
                    writer.writerow(row)
            return FileAccess(str(target), "csv", ",", "utf-8", tuple(table.header))
        target = target.with_suffix(".jsonl")
        with open(target, "w", encoding="utf-8") as handle:
            for _, row in table.rows:
                # An integer too long for Python's int (JsonNumber) is written as its digits in a string.
                handle.write(json.dumps(row, ensure_ascii=False, default=json_literal) + "\n")
        return FileAccess(str(target), "jsonl", ",", "utf-8", ())

    # --------------------------------------------------------------- evaluate

    def _evaluate(self, staged: dict) -> Evaluation | None:
        import duckdb

        from ..sql import CompileOptions, source_accesses
        from ..sql.dialects import DIALECTS
        from ..sql.lower import lower_index

        dialect = DIALECTS["duckdb"]
        scratch = DiagnosticBag()
        accesses = source_accesses(self.index, dialect, CompileOptions(absolute_paths=True), scratch, staged)
        if accesses is None or scratch.has_errors:
            raise _Failed("; ".join(d.message for d in scratch.errors()))
        lowered = lower_index(self.index, dialect, accesses)
        connection = duckdb.connect(":memory:")
        try:
            for name, _, select, _ in lowered.scans:
                connection.execute(f"CREATE TEMP TABLE {_quote(name)} AS " + select.sql(dialect="duckdb"))
            final = lowered.final.copy()
            for name, select, _ in lowered.ctes:
                final = final.with_(name, as_=select.copy(), copy=False)
            rows = connection.execute(final.sql(dialect="duckdb")).fetchall()
            stats = self._stats(connection, lowered)
        except duckdb.Error as error:
            raise _Failed(_first_line(str(error))) from None
        finally:
            connection.close()
        results = [_result_row(row) for row in rows]
        self._warnings(results, stats)
        if self.bag.has_errors:
            return None
        return Evaluation(results, [s for s, _, _ in stats], "duckdb")

    def _stats(self, connection, lowered) -> list[tuple[SourceStats, int, int]]:
        """Per source: its statistics, and rows left out for no date / no unit."""
        out = []
        for name, source, _, _ in lowered.scans:
            has_date = lowered.columns[source.name].date is not None
            dates = "MIN(first_date), MAX(last_date)" if has_date else "NULL, NULL"
            no_date = "COALESCE(SUM(CASE WHEN cell_period IS NULL THEN rows_read END), 0)" if self.index.period else "0"
            no_unit_where = "cell_unit IS NULL" + (" AND cell_period IS NOT NULL" if self.index.period else "")
            no_unit = f"COALESCE(SUM(CASE WHEN {no_unit_where} THEN rows_read END), 0)" if self.index.by else "0"
            total, first, last, skipped_dates, skipped_units = connection.execute(
                f"SELECT COALESCE(SUM(rows_read), 0), {dates}, {no_date}, {no_unit} FROM {_quote(name)}").fetchone()
            out.append((SourceStats(source.name, source.display_path, int(total),
                                    first.isoformat(sep=" ") if first is not None else None,
                                    last.isoformat(sep=" ") if last is not None else None),
                        int(skipped_dates), int(skipped_units)))
        return out

    # --------------------------------------------------------------- warnings

    def _warnings(self, rows: list[ResultRow], stats) -> None:
        """The warnings the python engine gives, from the results (same words, same places)."""
        index = self.index
        by_name = {s.name: s for s in index.used_sources()}
        for stat, skipped_dates, skipped_units in stats:
            source = by_name[stat.name]
            label = data_file_label(source)
            if skipped_dates:
                self.bag.add("CHI412", f"{skipped_dates} row(s) of source `{source.name}` have no date and were left out",
                             file_span(label, 1, 1), f"the date column is `{'.'.join(source.date_column)}`")
            if skipped_units:
                self.bag.add("CHI413", f"{skipped_units} row(s) of source `{source.name}` have no "
                             f"`{'.'.join(source.unit_column)}` and were left out", file_span(label, 1, 1),
                             f"fill the `{'.'.join(source.unit_column)}` cells in the source")
        metric_rows: dict[tuple[str, str], list[ResultRow]] = defaultdict(list)
        for row in rows:
            if row.level == "metric":
                metric_rows[(row.pillar, row.metric)].append(row)
        for pillar, metric in index.metrics():
            cells = metric_rows.get((pillar.name, metric.name), [])
            norm = metric.normalisation
            if norm.is_relative:
                by_period: dict[str | None, list[float]] = defaultdict(list)
                for row in cells:
                    if row.raw_value is not None:
                        by_period[row.period].append(row.raw_value)
                equal = [p for p, values in by_period.items() if len(values) > 1 and min(values) == max(values)]
                if equal:
                    where = f" in {equal[0]}" if equal[0] else ""
                    self.bag.add("CHI410", f"all units have the same value for `{metric.name}`{where}: every unit scores 50",
                                 metric.span,
                                 "use an absolute normalisation (scale LO..HI or a target) when units may tie")
            elif norm.kind == "none":
                for row in cells:
                    if row.raw_value is not None and not 0 <= row.raw_value <= 100:
                        parts = [x for x in (row.period, row.unit) if x is not None]
                        where = f" for {' / '.join(parts)}" if parts else ""
                        self.bag.add("CHI411", f"metric `{metric.name}` has no normalisation and raw value "
                                     f"{row.raw_value:g}{where}; it is clamped to 0-100",
                                     metric.span, "add a normalisation (scale, target, percent ...)")
                        break


def _line_of_cell(source: m.Source, column: str, value: str) -> tuple[int, list[str] | None]:
    """The first line whose cell in ``column`` reads as ``value`` in the SQL's error, and the header."""
    from ..sources import json_path_getter

    try:
        table = open_source(source)
    except DataError:
        return 1, None
    try:
        if table.header is not None:
            if column not in table.header:
                return 1, table.header
            position = table.header.index(column)
            for line, row in table.rows:
                if row[position] == value:
                    return line, table.header
            return 1, table.header
        get = json_path_getter(tuple(column.split(".")))
        for line, row in table.rows:
            cell = get(row)
            if cell == value or (cell is not None and json.dumps(cell, ensure_ascii=False) == value):
                return line, None
        return 1, None
    except DataError:
        return 1, table.header
    finally:
        close = getattr(table.rows, "close", None)
        if close:
            close()


def _result_row(row: tuple) -> ResultRow:
    period, unit, level, pillar, metric, raw, score, weight, effective, contribution, coverage, status = row

    def number(value):
        return None if value is None else float(value)

    return ResultRow(period, unit, level, pillar, metric, number(raw), number(score), float(weight),
                     float(effective), number(contribution), float(coverage), status)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "unknown error"


def _collect_paths(value, prefix: str, out: set[str], depth: int) -> None:
    """The dotted paths of a JSON row, as evaluate._collect_paths walks them."""
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
