"""The sqlglot tree → SQL text for one dialect, under a fixed header comment.

The header names the chi-lang version, the spec and the dialect, and for table
dialects the tables and typed columns the statement reads; it has no timestamp, so
the same spec always compiles to the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from sqlglot import exp
from sqlglot.errors import ErrorLevel, UnsupportedError

from .. import __version__
from .. import model as m
from .build import ident
from .dialects import Dialect
from .lower import Lowered, sanitize_comment
from .reading import FileAccess, TableAccess


class Unsupported(Exception):
    """sqlglot cannot write a construct of the tree in the dialect."""


def header_lines(index: m.Index, dialect: Dialect, lowered: Lowered, accesses) -> list[str]:
    spec = Path(index.spec_path).name if index.spec_path not in ("-", "<stdin>") else "<stdin>"
    lines = [
        f'chi-lang {__version__} · spec "{index.name}" ({spec}) · dialect {dialect.name}',
        "Returns the long table of `chi-lang eval --format csv`: one row per period, unit, level,",
        "pillar and metric, in that order, with raw value, score (0-100, unrounded), weight,",
        "effective weight, contribution, coverage and status.",
    ]
    if dialect.note:
        lines.append(dialect.note)
    tables = []
    files = []
    for name, source, _, _ in lowered.scans:
        access = accesses[source.name]
        columns = lowered.columns[source.name]
        if isinstance(access, TableAccess):
            typed = []
            for dotted, kind, _ in columns.table_columns():
                name = ident(dotted).sql(dialect=dialect.sqlglot)
                typed.append(f"{name} {dialect.table_type(kind) if kind else '?'}")
            tables.append(f"  {access.table.sql(dialect=dialect.sqlglot)} (source {source.name}): "
                          + (", ".join(typed) or "any columns"))
        elif isinstance(access, FileAccess):
            files.append(f"  {access.path} (source {source.name}, {access.format})")
    if tables:
        lines.append("Reads these tables (dates as UTC timestamps; see docs/sql.md):")
        lines += tables
    if files:
        lines.append("Reads these files (paths as the spec gives them, relative to its folder):")
        lines += files
    return [sanitize_comment(line).strip() for line in lines]


def emit(index: m.Index, dialect: Dialect, lowered: Lowered, accesses) -> str:
    statement = lowered.statement()
    try:
        body = statement.sql(dialect=dialect.sqlglot, pretty=True, unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as error:
        raise Unsupported(str(error)) from None
    header = "\n".join(" * " + line if line else " *" for line in header_lines(index, dialect, lowered, accesses))
    return f"/*\n{header}\n */\n{body};\n"


def render(expression: exp.Expression, dialect: Dialect) -> str:
    """One expression as SQL in the dialect (no header)."""
    return expression.sql(dialect=dialect.sqlglot, pretty=False)
