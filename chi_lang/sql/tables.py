"""Loading a source into a table the table dialects read, typed as the python engine types it.

The compiled SQL for SQLite, PostgreSQL, BigQuery ... reads one table per source
with one typed column per column the spec uses (schema.py).  This module makes
such a table from a source file with the python reader and the python engine's
cell conversion, so a table holds exactly what the python engine would see:
numbers as floats, dates as naive UTC timestamps, conditions as booleans, text
as text, empty cells and (for numbers, dates, booleans) missing tokens as NULL.

A cell that does not convert is loaded as NULL (``strict=False``) or raises the
python engine's diagnostic (``strict=True``).  The differential tests load with
``strict=False`` only after the python engine has read the same data without
error: a cell it never looked at (a row its ``where`` skipped) then cannot change
a result in either engine.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable, Iterator

from .. import model as m
from ..sources import CellError, cell_reader, data_error, json_path_getter, open_source
from .dialects import Dialect
from .schema import source_columns


def table_columns(index: m.Index, source: m.Source) -> list[tuple[str, str]]:
    """(column name, kind) of the table for ``source``: kind is number/date/bool/string."""
    out = []
    for dotted, kind, _ in source_columns(index, source).table_columns():
        out.append((dotted, kind or "string"))
    return out


def create_table_sql(index: m.Index, source: m.Source, dialect: Dialect, table: str | None = None) -> str:
    """CREATE TABLE for the source's table in the dialect (built with sqlglot)."""
    from sqlglot import exp

    from .build import ident

    columns = [exp.ColumnDef(this=ident(name), kind=exp.DataType.build(dialect.table_type(kind), dialect=dialect.sqlglot))
               for name, kind in table_columns(index, source)]
    if not columns:
        columns = [exp.ColumnDef(this=ident("row_marker"), kind=exp.DataType.build("INT"))]
    schema = exp.Schema(this=exp.Table(this=ident(table or source.name)), expressions=columns)
    return exp.Create(this=schema, kind="TABLE").sql(dialect=dialect.sqlglot)


def column_names_sql(index: m.Index, source: m.Source, dialect: Dialect) -> list[str]:
    """The table's column names as the compiled SQL writes them (quoted only where needed)."""
    from .build import ident

    names = [name for name, _ in table_columns(index, source)] or ["row_marker"]
    return [ident(name).sql(dialect=dialect.sqlglot) for name in names]


def table_name_sql(source: m.Source, dialect: Dialect, table: str | None = None) -> str:
    from .build import ident

    return ident(table or source.name).sql(dialect=dialect.sqlglot)


def typed_rows(index: m.Index, source: m.Source, strict: bool = False) -> Iterator[tuple]:
    """The source's rows as tuples in ``table_columns`` order, converted as python does."""
    columns = table_columns(index, source)
    table = open_source(source)
    cells = cell_reader(source)
    getters: list[Callable[[Any], Any]] = []
    for name, kind in columns:
        raw = _raw_getter(table.header, tuple(name.split(".")) if table.header is None else (name,))
        getters.append(_converter(raw, kind, name, cells, strict))
    line = 0
    try:
        for line, row in table.rows:
            yield tuple(get(row) for get in getters) if getters else (1,)
    except CellError as error:
        raise data_error(source, line, error.code, f"source `{source.name}`: {error.message}", error.hint) from None


def _raw_getter(header: list[str] | None, path: tuple[str, ...]) -> Callable[[Any], Any]:
    if header is None:
        return json_path_getter(path)
    position = header.index(".".join(path))
    return lambda row: row[position]


def _converter(raw, kind: str, name: str, cells, strict: bool) -> Callable[[Any], Any]:
    if kind == "string":
        def text(row):
            value = raw(row)
            if isinstance(value, list):
                return json.dumps(value, ensure_ascii=False)
            return None if value == "" else cells.text(value)

        return text
    convert = {"number": cells.number, "date": cells.date, "bool": cells.boolean}[kind]

    def typed(row):
        try:
            return convert(raw(row), name)
        except CellError:
            if strict:
                raise
            return None

    return typed


def sqlite_value(value: Any) -> Any:
    """SQLite has no timestamp type: dates are ISO text, which its date functions read."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value
