"""Which columns of each source a spec reads, and how.

Both halves of the SQL back-end need this list: DuckDB converts each raw cell to
the type its use needs (as the python engine does), and the table dialects expect a
table with one typed column per used column (docs/sql.md, "Tables").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import model as m

# What a column's table type is when it is only ever read "as is" (count(x), is missing ...).
_SUFFIX = {"number": "num", "string": "text", "bool": "bool", "date": "date", "any": "val"}


@dataclass(frozen=True, slots=True)
class ColumnUse:
    """One column of a source read as one type; ``name`` is its SQL column inside the scan."""

    path: tuple[str, ...]
    cast: str  # number | string | bool | date | any
    name: str

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class SourceColumns:
    source: m.Source
    uses: tuple[ColumnUse, ...]
    date: ColumnUse | None  # the date column, when the index has a period
    unit: ColumnUse | None  # the unit column, when the index has `by`

    def use(self, path: tuple[str, ...], cast: str) -> ColumnUse:
        for use in self.uses:
            if use.path == path and use.cast == cast:
                return use
        raise KeyError((path, cast))

    def table_columns(self) -> list[tuple[str, str | None, list[str]]]:
        """(dotted name, table type kind or None on conflict, casts) per column, first use first."""
        by_path: dict[tuple[str, ...], list[str]] = {}
        for use in self.uses:
            by_path.setdefault(use.path, []).append(use.cast)
        out = []
        for path, casts in by_path.items():
            typed = sorted({c for c in casts if c != "any"})
            kind = typed[0] if len(typed) == 1 else ("string" if not typed else None)
            out.append((".".join(path), kind, casts))
        return out


def row_columns(expr) -> list[m.ColumnRef]:
    """Column references of a row or value expression, left to right."""
    if expr is None:
        return []
    if isinstance(expr, m.ColumnRef):
        return [expr]
    if isinstance(expr, m.RowOp):
        return [c for a in expr.args for c in row_columns(a)]
    if isinstance(expr, m.Aggregate):
        return row_columns(expr.where) + row_columns(expr.arg)
    if isinstance(expr, m.ValueOp):
        return [c for a in expr.args for c in row_columns(a)]
    return []


def _sql_name(path: tuple[str, ...], cast: str, taken: set[str]) -> str:
    stem = re.sub(r"[^0-9a-z]+", "_", "_".join(path).lower()).strip("_") or "col"
    if stem[0].isdigit():
        stem = "c" + stem
    base = f"{stem[:40]}_{_SUFFIX[cast]}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def source_columns(index: m.Index, source: m.Source) -> SourceColumns:
    refs: list[tuple[tuple[str, ...], str]] = []
    date = unit = None
    if index.period and source.date_column:
        refs.append((source.date_column, "date"))
    if index.by and source.unit_column:
        refs.append((source.unit_column, "string"))
    for _, metric in index.metrics():
        if metric.source.name != source.name:
            continue
        for ref in row_columns(metric.where) + row_columns(metric.value):
            refs.append((ref.path, ref.cast))
    taken: set[str] = set()
    uses: list[ColumnUse] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    for path, cast in refs:
        if (path, cast) in seen:
            continue
        seen.add((path, cast))
        uses.append(ColumnUse(path, cast, _sql_name(path, cast, taken)))
    result = SourceColumns(source, tuple(uses), None, None)
    if index.period and source.date_column:
        date = result.use(source.date_column, "date")
    if index.by and source.unit_column:
        unit = result.use(source.unit_column, "string")
    return SourceColumns(source, tuple(uses), date, unit)
