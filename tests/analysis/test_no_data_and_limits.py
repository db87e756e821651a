"""Regressions from testing: no data at all, changes to and from no data, non-finite what-ifs.

* `explain` on a period spec whose CSV is header-only crashed with an IndexError.
* `diff --data` counted `25.0 → –` and `– → 0.0` as no change.
* `--what-if hours=1e400` became inf (while `hours=inf` was rejected).
"""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from chi_lang.analysis.specdiff import data_effect
from chi_lang.analysis.whatif import WhatIfError, parse_change, what_if
from chi_lang.cli import app


def run(*args: str):
    return CliRunner().invoke(app, list(args))


# ---- 1. explain with no periods with data ---------------------------------------------------

PERIODS = """
index "D" {
  period month
  source s = "d.csv" { date date }
  pillar "A" {
    metric v from s mean scale 0..10
    metric n from s count target 5
  }
}
"""


@pytest.mark.parametrize("extra", [(), ("--period", "2025-01"), ("--what-if", "v=5")])
def test_explain_header_only_data_is_a_diagnostic_not_a_crash(build, extra):
    case = build(PERIODS, d="date,v\n")
    result = run("explain", str(case.path), "--engine", "python", *extra)
    assert result.exit_code == 1, result.output
    assert "error[CHI706]" in result.stderr
    assert "no periods with data" in result.stderr
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert result.stdout == ""


def test_explain_by_spec_with_header_only_data(build):
    spec = PERIODS.replace("period month", "period month\n  by team")
    case = build(spec, d="date,team,v\n")
    for extra in ((), ("--unit", "x")):
        result = run("explain", str(case.path), "--engine", "python", *extra)
        assert result.exit_code == 1 and "error[CHI706]" in result.stderr, result.output


def test_explain_periods_without_an_index_value(build):
    # Rows exist (two months), but `v` is empty in both and `n` is not in the spec:
    # every pillar is no data, so no period has an index value.
    spec = PERIODS.replace("    metric n from s count target 5\n", "")
    case = build(spec, d="date,v\n2025-01-05,\n2025-02-05,\n")
    result = run("explain", str(case.path), "--engine", "python")
    assert result.exit_code == 1 and "error[CHI706]" in result.stderr
    assert "no period has an index value" in result.stderr


# ---- 2. diff --data: a change to or from no data is a change --------------------------------

DIFF = """
index "D" {
  period month
  source s = "d.csv" { date date }
  pillar "A" { metric v from s FILTER mean scale 0..10 }
}
"""
DIFF_DATA = "date,v\n2025-01-05,2.5\n2025-02-05,0\n"


def test_diff_counts_lost_and_gained_data(build):
    # January v = 2.5 → 25.0; February v = 0 → 0.0.  `where v < 1` drops January,
    # `where v > 1` drops February.
    old = build(DIFF.replace("FILTER ", "where v > 1 "), "old.chi", d=DIFF_DATA)
    new = build(DIFF.replace("FILTER ", "where v < 1 "), "new.chi")
    effect = data_effect(old.index, old.evaluation, new.index, new.evaluation)
    rows = {r.period: r for r in effect.rows}
    assert (rows["2025-01"].old, rows["2025-01"].new) == (pytest.approx(25.0), None)
    assert (rows["2025-02"].old, rows["2025-02"].new) == (None, 0.0)
    assert rows["2025-01"].coverage_change == "lost" and rows["2025-02"].coverage_change == "gained"
    assert rows["2025-01"].moved and rows["2025-02"].moved and effect.changed == 2

    result = run("diff", str(old.path), str(new.path), "--data", "--engine", "python")
    assert result.exit_code == 0, result.output
    assert "Effect on the index: 2 of 2 periods change; 1 lost data; 1 gained data" in result.stdout
    assert "lost data" in result.stdout.splitlines()[-2] and "gained data" in result.stdout.splitlines()[-1]

    doc = json.loads(run("diff", str(old.path), str(new.path), "--data", "--engine", "python",
                         "--format", "json").stdout)
    assert doc["effect"]["changed"] == 2
    assert [(r["period"], r["changed"], r["coverage_change"], r["delta"]) for r in doc["effect"]["rows"]] == [
        ("2025-01", True, "lost", None), ("2025-02", True, "gained", None)]


def test_diff_unchanged_periods_still_count_as_unchanged(build):
    old = build(DIFF.replace("FILTER ", ""), "old.chi", d=DIFF_DATA)
    new = build(DIFF.replace("FILTER ", "where v < 1 "), "new.chi")
    result = run("diff", str(old.path), str(new.path), "--data", "--engine", "python")
    # January 25.0 → no data (a change); February 0.0 → 0.0 (none).
    assert "Effect on the index: 1 of 2 periods change; 1 lost data" in result.stdout


def test_diff_ranked_unit_that_loses_its_index_comes_first(build):
    spec = """
    index "T" {
      by team
      source d = "d.csv"
      pillar "P" { metric a from d FILTER scale 0..100 }
    }
    """
    old = build(spec.replace("FILTER ", ""), "old.chi", d="team,a\nx,80\ny,40\nz,10\n")
    new = build(spec.replace("FILTER ", "where a > 20 "), "new.chi")
    effect = data_effect(old.index, old.evaluation, new.index, new.evaluation)
    # z (10) is filtered out: it loses its index and its rank; x and y are unchanged.
    assert [(r.unit, r.coverage_change, r.moved) for r in effect.rows] == [
        ("z", "lost", True), ("x", None, False), ("y", None, False)]
    result = run("diff", str(old.path), str(new.path), "--data", "--engine", "python")
    assert "1 of 3 units change; 1 lost data; 1 change rank" in result.stdout


# ---- 3. what-if values must be finite --------------------------------------------------------


@pytest.mark.parametrize("text", ["a=1e400", "a=+1e400", "a=-1e400", "a=1e400%", "a=+1e400%", "a==-1e400"])
def test_non_finite_what_if_is_rejected(arithmetic, text):
    with pytest.raises(WhatIfError) as caught:
        parse_change(text, arithmetic.index)
    assert caught.value.code == "CHI703" and "not a finite number" in caught.value.message


def test_large_but_finite_what_if_is_accepted(arithmetic):
    change = parse_change("a=1e308", arithmetic.index)
    assert change.amount == 1e308 and math.isfinite(change.amount)


def test_what_if_that_overflows_is_rejected(arithmetic):
    # 1e308 is finite; adding 1e308 again is 2e308 > the largest double (≈1.798e308): inf.
    changes = [parse_change("a=1e308", arithmetic.index), parse_change("a=+1e308", arithmetic.index)]
    with pytest.raises(WhatIfError) as caught:
        what_if(arithmetic.index, arithmetic.rows, changes, "2025-01")
    assert caught.value.code == "CHI703" and "overflow" in caught.value.message


def test_what_if_cli_rejects_1e400_like_inf(arithmetic):
    for value in ("1e400", "inf"):
        result = run("explain", str(arithmetic.path), "--engine", "python", "--what-if", f"a={value}")
        assert result.exit_code == 1 and "error[CHI703]" in result.stderr, result.output
        assert result.stdout == ""
