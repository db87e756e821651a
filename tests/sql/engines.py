"""Running one spec on every engine, and comparing long tables.

Each runner returns the long result table as a list of tuples in ``COLUMNS``
order.  The python engine is the reference; the others are DuckDB (the engine
``--engine duckdb`` and the standalone compiled statement), SQLite and PostgreSQL
(tables loaded with chi_lang.sql.tables, then the compiled SQL run on them).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from chi_lang import model as m
from chi_lang.diagnostics import DiagnosticBag
from chi_lang.evaluate import evaluate
from chi_lang.sql import CompileOptions, compile_index
from chi_lang.sql.dialects import DIALECTS
from chi_lang.sql.tables import column_names_sql, create_table_sql, sqlite_value, table_name_sql, typed_rows

RELATIVE = 1e-9
# engine → (specs, numbers compared, largest relative difference), for the summary.
STATS: dict[str, tuple[int, int, float]] = {}


class EngineError(Exception):
    def __init__(self, bag: DiagnosticBag) -> None:
        super().__init__("; ".join(f"{d.code} {d.message}" for d in bag.errors()))
        self.bag = bag
        self.codes = [d.code for d in bag.errors()]


def python_rows(index: m.Index) -> list[tuple]:
    bag = DiagnosticBag()
    result = evaluate(index, bag)
    if result is None or bag.has_errors:
        raise EngineError(bag)
    return [row.as_tuple() for row in result.rows]


def duckdb_engine_rows(index: m.Index) -> list[tuple]:
    from chi_lang.engines.duckdb_engine import evaluate_duckdb

    bag = DiagnosticBag()
    result = evaluate_duckdb(index, bag)
    if result is None or bag.has_errors:
        raise EngineError(bag)
    return [row.as_tuple() for row in result.rows]


def compiled(index: m.Index, dialect: str, **options) -> str:
    bag = DiagnosticBag()
    result = compile_index(index, dialect, bag, CompileOptions(**options))
    if result is None:
        raise EngineError(bag)
    return result.sql


def duckdb_sql_rows(index: m.Index) -> list[tuple]:
    """The standalone statement of `chi-lang compile --dialect duckdb`, run as one query."""
    import duckdb

    sql = compiled(index, "duckdb", absolute_paths=True)
    with duckdb.connect(":memory:") as connection:
        return [tuple(r) for r in connection.execute(sql).fetchall()]


def sqlite_rows(index: m.Index) -> list[tuple]:
    dialect = DIALECTS["sqlite"]
    connection = sqlite3.connect(":memory:")
    try:
        for source in index.used_sources():
            connection.execute(create_table_sql(index, source, dialect))
            marks = ", ".join("?" * len(column_names_sql(index, source, dialect)))
            rows = [tuple(sqlite_value(v) for v in row) for row in typed_rows(index, source)]
            connection.executemany(f"INSERT INTO {table_name_sql(source, dialect)} VALUES ({marks})", rows)
        return [tuple(r) for r in connection.execute(compiled(index, "sqlite")).fetchall()]
    finally:
        connection.close()


def postgres_rows(index: m.Index, connection, schema: str) -> list[tuple]:
    """Load the tables into a fresh schema of the throwaway server and run the compiled SQL."""
    dialect = DIALECTS["postgres"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema}")
        cursor.execute(f"SET search_path TO {schema}")
        for source in index.used_sources():
            cursor.execute(create_table_sql(index, source, dialect))
            column_list = ", ".join(column_names_sql(index, source, dialect))
            with cursor.copy(f"COPY {table_name_sql(source, dialect)} ({column_list}) FROM STDIN") as copy:
                for row in typed_rows(index, source):
                    copy.write_row(row)
        cursor.execute(compiled(index, "postgres"))
        rows = [tuple(r) for r in cursor.fetchall()]
        cursor.execute(f"DROP SCHEMA {schema} CASCADE")
    connection.commit()
    return rows


@dataclass
class Comparison:
    cells: int = 0  # numbers compared
    max_relative: float = 0.0


def record(engine: str, comparison: Comparison) -> None:
    specs, cells, worst = STATS.get(engine, (0, 0, 0.0))
    STATS[engine] = (specs + 1, cells + comparison.cells, max(worst, comparison.max_relative))


def compare(expected: list[tuple], actual: list[tuple], what: str) -> Comparison:
    """Same rows, same order; text equal, numbers equal to 1e-9 relative, NULL where NULL."""
    assert len(actual) == len(expected), f"{what}: {len(actual)} rows, expected {len(expected)}"
    result = Comparison()
    for number, (want, got) in enumerate(zip(expected, actual)):
        assert len(got) == len(want), f"{what}: row {number} has {len(got)} columns"
        for column, (a, b) in enumerate(zip(want, got)):
            where = f"{what}: row {number} {want[:5]} column {column}"
            if a is None or b is None:
                assert a is None and b is None, f"{where}: {a!r} != {b!r}"
            elif isinstance(a, float):
                assert isinstance(b, (int, float)) and not isinstance(b, bool), f"{where}: {b!r} is not a number"
                b = float(b)
                result.cells += 1
                if a != b:
                    relative = abs(a - b) / max(abs(a), abs(b))
                    result.max_relative = max(result.max_relative, relative)
                    assert relative <= RELATIVE, f"{where}: {a!r} != {b!r} (relative {relative:.3g})"
            else:
                assert a == b, f"{where}: {a!r} != {b!r}"
    return result


__all__ = ["python_rows", "duckdb_engine_rows", "duckdb_sql_rows", "sqlite_rows", "postgres_rows", "compare",
           "record", "EngineError", "STATS"]
