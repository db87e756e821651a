"""The SQL of every spec compiles for every dialect and parses back in that dialect.

BigQuery, Snowflake, Spark, Databricks and Trino are not run in the tests (no
servers), so sqlglot reads their SQL back with the dialect's own grammar: one
statement, no error.  The other dialects also run it (test_differential.py).
"""

from __future__ import annotations

import re

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from chi_lang.pipeline import load_spec
from chi_lang.sql.dialects import DIALECTS, MAIN_DIALECTS

from .conftest import spec_files, spec_id
from .engines import compiled

SPECS = spec_files()
# The dialects no test runs; DuckDB, SQLite and PostgreSQL run in test_differential.py.
READ_BACK = ("bigquery", "snowflake", "spark", "databricks", "trino")


@pytest.mark.parametrize("dialect", READ_BACK)
@pytest.mark.parametrize("spec", SPECS, ids=[spec_id(p) for p in SPECS])
def test_compiled_sql_parses_back(spec, dialect: str) -> None:
    # Table dialects need no data, so the real-data specs compile here even without ../shared/data.
    loaded = load_spec(str(spec))
    sql = compiled(loaded.index, dialect)
    statements = [s for s in sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE) if s is not None]
    assert len(statements) == 1
    assert isinstance(statements[0], sqlglot.exp.Select)
    # The statement reads one scan CTE per source and returns the twelve columns.
    names = [cte.alias for cte in statements[0].args["with_"].expressions]
    assert sum(name.endswith("_scan") for name in names) == len(loaded.index.used_sources())
    assert [e.alias_or_name for e in statements[0].expressions] == [
        "period", "unit", "level", "pillar", "metric", "raw_value", "score", "weight", "effective_weight",
        "contribution", "coverage", "status"]


def test_every_main_dialect_is_registered() -> None:
    assert set(MAIN_DIALECTS) <= set(DIALECTS)
    assert set(MAIN_DIALECTS) - {"duckdb", "sqlite", "postgres"} <= set(READ_BACK)


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_names_cannot_break_out_of_comments(dialect: str) -> None:
    """Pillar names hold */, /* and --; in comments they are defused, in literals escaped.

    (Names cannot hold a newline: check refuses control characters, CHI110.  The
    comment sanitiser still defuses them, as test_comments_defuse_control_characters shows.)"""
    from .conftest import CASES

    loaded = load_spec(str(CASES / "names_and_quoting" / "spec.chi"))
    sql = compiled(loaded.index, dialect)
    tokens = sqlglot.tokenize(sql, read=dialect)
    comments = [c for t in tokens for c in t.comments]
    assert any("Pillar * / with -- a line comment" in c for c in comments)
    for comment in comments:
        assert "*/" not in comment and "/*" not in comment
    # Outside comments and literals no word of a name appears: nothing leaked into the SQL.
    words = {t.text for t in tokens if t.token_type.name in ("VAR", "IDENTIFIER")}
    assert not words & {"comment", "quotes", "Brien"}
    # The names reach the output as string literals, exactly.
    literals = {t.text for t in tokens if t.token_type.name == "STRING"}
    assert "Pillar */ with -- a line comment and 'quotes'" in literals
    assert re.search(r"chi-lang \S+ · spec \"Names: St\. Mary's \* / -- \"quoted\"\" \(spec\.chi\)", sql)


def test_comments_defuse_control_characters() -> None:
    from chi_lang.sql.lower import sanitize_comment

    assert sanitize_comment("a */ b\nc\x1b\u2028d /* e") == " a * / b c d / * e "
