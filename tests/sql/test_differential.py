"""Every spec gives the same long table on every engine (to 1e-9 relative).

The python engine is the reference.  The others: the DuckDB engine
(``--engine duckdb``), the standalone DuckDB statement of ``chi-lang compile``,
SQLite and a real PostgreSQL server (tables loaded with the python engine's typing,
then the compiled SQL).  Specs: everything in specs/ (specs/real/ reads
../shared/data and skips without it) and the trap cases in tests/sql/cases/.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from chi_lang.pipeline import load_spec

from .conftest import spec_files, spec_id
from .engines import (EngineError, compare, duckdb_engine_rows, duckdb_sql_rows, postgres_rows, python_rows, record,
                      sqlite_rows)

SPECS = spec_files()
# Cases whose meaning a typed table cannot hold; compile warns about them (CHI507).
TABLE_ENGINES_SKIP = {
    "tokens_as_text": "count(x) of a column also read as a number counts missing-value tokens as text; "
                      "a typed table holds them as NULL (CHI507 says so at compile time)",
}


@functools.lru_cache(maxsize=None)
def _loaded(path: Path):
    loaded = load_spec(str(path))
    assert loaded.index is not None and not loaded.bag.has_errors, [d.message for d in loaded.bag.errors()]
    return loaded.index


@functools.lru_cache(maxsize=None)
def _reference(path: Path):
    """The python engine's table, or the error codes it reports."""
    try:
        return python_rows(_loaded(path)), None
    except EngineError as error:
        return None, error.codes


@pytest.fixture(params=SPECS, ids=[spec_id(p) for p in SPECS])
def spec(request) -> Path:
    path: Path = request.param
    if "real" in path.parent.parts[-1:]:
        request.getfixturevalue("shared_data")  # skips when ../shared/data is absent
    return path


def _check(spec: Path, engine: str, run) -> None:
    if engine in ("sqlite", "postgres") and spec.parent.name in TABLE_ENGINES_SKIP:
        pytest.skip(TABLE_ENGINES_SKIP[spec.parent.name])
    expected, error_codes = _reference(spec)
    index = _loaded(spec)
    if expected is None:
        # The python engine rejects the data: so must the engine (tables cannot hold bad cells).
        if engine in ("sqlite", "postgres"):
            pytest.skip("the python engine rejects this data; tables are loaded only from data it reads")
        with pytest.raises(Exception):
            run(index)
        return
    record(engine, compare(expected, run(index), f"{spec_id(spec)} on {engine}"))


def test_duckdb_engine(spec: Path) -> None:
    _check(spec, "duckdb", duckdb_engine_rows)


def test_duckdb_standalone_sql(spec: Path) -> None:
    _check(spec, "duckdb-sql", duckdb_sql_rows)


def test_sqlite(spec: Path) -> None:
    _check(spec, "sqlite", sqlite_rows)


def test_postgres(spec: Path, postgres) -> None:
    schema = "chi_" + "".join(c if c.isalnum() else "_" for c in spec_id(spec).lower())
    _check(spec, "postgres", lambda index: postgres_rows(index, postgres, schema))


def test_every_trap_case_is_run() -> None:
    names = {p.parent.name for p in SPECS if p.name == "spec.chi"}
    assert {"arithmetic", "blanks_and_tokens", "percentiles", "periods_week", "periods_quarter",
            "periods_day_offsets", "relative", "missing_policies", "names_and_quoting", "geometric",
            "no_period_units", "decimal_comma", "json_values", "empty_source", "tokens_as_text",
            "exact_weights", "huge_denominators", "integer_literals", "microsecond_dates"} <= names
