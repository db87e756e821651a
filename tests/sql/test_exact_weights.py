"""Coverage and effective weights are exact on every engine (a tester's finding).

The OECD spec on DuckDB gave an index coverage of 1.0000000000000002 (the scorecard
schema allows at most 1) and, after reweighting, effective weights such as
0.37499999999999994 for 0.3/0.8.  Weights are exact fractions (DESIGN §3), so the
python engine now computes shares in fractions and rounds once, and the SQL adds
whole weight units (``lower.WeightUnits``) and divides once: the same doubles.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest

from chi_lang.pipeline import load_spec
from chi_lang.sql.lower import WeightUnits

from .conftest import CASES, PROJECT_ROOT
from .engines import duckdb_engine_rows, duckdb_sql_rows, postgres_rows, python_rows, sqlite_rows

EXACT = CASES / "exact_weights" / "spec.chi"
HUGE = CASES / "huge_denominators" / "spec.chi"
RUNNERS = {"python": python_rows, "duckdb": duckdb_engine_rows, "duckdb-sql": duckdb_sql_rows, "sqlite": sqlite_rows}


def _index(path: Path):
    loaded = load_spec(str(path))
    assert loaded.index is not None and not loaded.bag.has_errors
    return loaded.index


def _table(rows) -> dict:
    """(period, level, pillar, metric) → (effective_weight, coverage)."""
    return {(r[0], r[2], r[3], r[4]): (r[8], r[10]) for r in rows}


def _check_exact(rows) -> None:
    table = _table(rows)
    # February: `a` (0.2) has no data; b gets 0.3/0.8 = 3/8 of Tenths, which has 1/10.
    assert table[("2025-02", "metric", "Tenths", "b")][0] == 0.0375  # not 0.037499999999999996
    assert table[("2025-02", "metric", "Tenths", "c")][0] == 0.0625
    assert table[("2025-02", "pillar", "Tenths", None)][1] == 0.8
    assert table[("2025-02", "index", None, None)][1] == 0.98  # 0.1·0.8 + 0.2 + 0.7
    # Eleven weights of 1/11, and 0.1 + 0.2 + 0.7: all the weight, exactly 1.
    assert table[("2025-01", "pillar", "Elevenths", None)][1] == 1.0
    assert table[("2025-01", "index", None, None)][1] == 1.0
    assert table[("2025-01", "metric", "Elevenths", "e1")][0] == float(Fraction(1, 55))  # 1/5 · 1/11
    # March: Rest (0.7) has no data; the others share 1/3 and 2/3; coverage 3/10.
    assert table[("2025-03", "index", None, None)][1] == 0.3
    assert table[("2025-03", "pillar", "Tenths", None)][0] == 1 / 3
    assert table[("2025-03", "metric", "Tenths", "b")][0] == 0.1  # 1/3 · 3/10
    # April: Tenths has no data: coverage 9/10, Rest 7/9 of the index.
    assert table[("2025-04", "index", None, None)][1] == 0.9
    assert table[("2025-04", "metric", "Rest", "r")][0] == 7 / 9
    assert all(0.0 <= coverage <= 1.0 for _, coverage in table.values())


@pytest.mark.parametrize("engine", list(RUNNERS))
def test_exact_weights_on_every_engine(engine):
    _check_exact(RUNNERS[engine](_index(EXACT)))


def test_exact_weights_on_postgres(postgres):
    _check_exact(postgres_rows(_index(EXACT), postgres, "chi_exact_weights"))


@pytest.mark.parametrize("engine", list(RUNNERS))
def test_huge_denominators_fall_back_and_coverage_stays_at_most_1(engine):
    index = _index(HUGE)
    assert not WeightUnits.of(index).exact  # 100000007 · 100000037 > 2**53
    assert WeightUnits.of(_index(EXACT)).exact
    rows = RUNNERS[engine](index)
    assert all(0.0 <= r[10] <= 1.0 for r in rows)
    assert _table(rows)[("2025-01", "index", None, None)][1] == pytest.approx(1.0, abs=1e-15)


def test_oecd_coverage_and_weights_on_duckdb(shared_data):
    """The tester's case: every coverage at most 1, effective weights those of python."""
    from chi_lang.diagnostics import DiagnosticBag
    from chi_lang.engines.duckdb_engine import evaluate_duckdb
    from chi_lang.render.document import build_document

    index = _index(PROJECT_ROOT / "specs" / "real" / "oecd-bli.chi")
    bag = DiagnosticBag()
    evaluation = evaluate_duckdb(index, bag)
    assert evaluation is not None, [d.message for d in bag.errors()]
    assert max(r.coverage for r in evaluation.rows) == 1.0
    assert [r.as_tuple() for r in evaluation.rows] == python_rows(index)  # the same doubles
    schema = json.loads((PROJECT_ROOT / "docs" / "scorecard.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(build_document(index, evaluation))
