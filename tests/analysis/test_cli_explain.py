"""`chi-lang explain` end to end: formats, defaults, and every diagnostic it can give."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chi_lang.cli import app

EXAMPLE = str(Path(__file__).resolve().parents[2] / "specs" / "community-health.chi")


def explain(*args: str):
    return CliRunner().invoke(app, ["explain", *args])


def test_text_names_the_change_between_the_last_two_months():
    result = explain(EXAMPLE, "--engine", "python")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("Lumen Community Health, 2025-12: 81.2 (healthy)")
    assert "Contributions (effective weight × score; they add up to the index)" in text
    assert "Headroom (effective weight × (100 − score))" in text
    assert "Change 2025-11 → 2025-12: the index fell 1.14 points (82.3 → 81.2): events −1.50" in text
    assert "sum of the parts −1.14 = index change −1.14" in text


def test_json_parts_sum_exactly():
    result = explain(EXAMPLE, "--engine", "python", "--format", "json", "--compare", "2025-06", "2025-07")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    change = doc["change"]
    assert (change["period_a"], change["period_b"]) == ("2025-06", "2025-07")
    assert abs(math.fsum(p["total"] for p in change["parts"]) - change["delta"]) < 1e-9
    assert change["delta"] == pytest.approx(change["index_b"] - change["index_a"])
    decomposition = doc["decomposition"]
    contributions = [x["contribution"] for p in decomposition["pillars"] for x in p["metrics"]]
    assert math.fsum(contributions) == pytest.approx(decomposition["score"], abs=1e-9)


def test_markdown_and_deterministic_output():
    args = (EXAMPLE, "--engine", "python", "--format", "md", "--what-if", "first_reply=+10%", "--sensitivity", "50")
    first, second = explain(*args), explain(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    assert first.stdout.startswith("### Lumen Community Health, 2025-12")
    assert "| **Internal engagement** |" in first.stdout
    assert "first_reply: raw 10.0833 → 11.0917, score 79.0 → 76.9" in first.stdout
    assert "**Sensitivity** (50 samples, seed 1" in first.stdout


def test_period_and_what_if(tmp_path):
    out = tmp_path / "explain.json"
    result = explain(EXAMPLE, "--engine", "python", "--period", "2025-03", "--what-if", "events=+2",
                     "--format", "json", "--output", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["period"] == "2025-03"
    assert doc["change"]["period_a"] == "2025-02"
    (unit,) = doc["what_if"]["units"]
    (effect,) = doc["what_if"]["effects"]
    # events 12 → 14 with target 10: still 100; the index does not move
    assert (effect["raw_before"], effect["raw_after"], effect["score_after"]) == (12, 14, 100)
    assert unit["delta"] == 0


def test_units_without_unit_and_with_unit(build):
    spec = """
    index "Teams" {
      by team
      period month
      source d = "d.csv" { date day }
      pillar "P" { metric a from d scale 0..100 }
      pillar "Q" { metric b from d scale 0..100 }
    }
    """
    case = build(spec, d="day,team,a,b\n2025-01-02,x,80,20\n2025-01-02,y,40,70\n2025-02-02,x,90,20\n2025-02-02,y,40,60\n")
    result = explain(str(case.path), "--engine", "python", "--sensitivity", "20")
    assert result.exit_code == 0, result.output
    assert "Teams, 2025-02: 2 units" in result.stdout and "choose a unit with --unit" in result.stdout
    assert "rank 5%–95%" in result.stdout
    result = explain(str(case.path), "--engine", "python", "--unit", "x", "--format", "json")
    doc = json.loads(result.stdout)
    # x: January (80 + 20)/2 = 50, February (90 + 20)/2 = 55: a +5
    assert doc["change"]["delta"] == pytest.approx(5)
    assert [(p["metric"], p["total"]) for p in doc["change"]["parts"]] == [("a", pytest.approx(5)), ("b", 0.0)]


@pytest.mark.parametrize("args, code", [
    (["--period", "2025-13"], "CHI705"),
    (["--unit", "north"], "CHI705"),
    (["--compare", "2025-01", "2024-12"], "CHI705"),
    (["--what-if", "first_reploy=+10%"], "CHI702"),
    (["--what-if", "first_reply=ten"], "CHI703"),
    (["--what-if", "downloads==-5"], "CHI704"),
    (["--sensitivity", "5", "--alternative", "downloads=scale 5..1"], "CHI707"),
])
def test_diagnostics(args, code):
    result = explain(EXAMPLE, "--engine", "python", *args)
    assert result.exit_code == 1
    assert f"error[{code}]" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_nothing_to_explain(build):
    spec = """
    index "Empty" {
      period month
      source d = "d.csv" { date day }
      pillar "P" { metric a from d scale 0..100 }
    }
    """
    case = build(spec, d="day,a\n2025-01-02,50\n2025-02-02,\n")
    result = explain(str(case.path), "--engine", "python", "--period", "2025-02")
    assert result.exit_code == 1 and "error[CHI706]" in result.stderr
    result = explain(str(case.path), "--engine", "python", "--period", "2025-01", "--compare", "2025-01", "2025-02")
    assert result.exit_code == 1 and "error[CHI706]" in result.stderr


def test_usage_errors_exit_2():
    assert explain(EXAMPLE, "--format", "html").exit_code == 2
    assert explain(EXAMPLE, "--sensitivity", "0").exit_code == 2
    assert explain(EXAMPLE, "--spread", "1.5").exit_code == 2


def test_explain_a_code():
    result = explain("CHI301")
    assert result.exit_code == 0
    assert result.stdout == CliRunner().invoke(app, ["rule", "CHI301"]).stdout
    assert "weights-do-not-sum" in result.stdout
    result = explain("CHI799")
    assert result.exit_code == 1 and "error[CHI705]" in result.stderr


def test_period_options_need_a_period(build):
    case = build('index "One" { source d = "d.csv"  pillar "P" { metric a from d scale 0..100 } }', d="a\n40\n")
    result = explain(str(case.path), "--engine", "python", "--period", "2025-01")
    assert result.exit_code == 1 and "error[CHI705]" in result.stderr and "no `period`" in result.stderr
    result = explain(str(case.path), "--engine", "python")
    assert result.exit_code == 0 and result.stdout.startswith("One: 40.0")
    assert "Change" not in result.stdout  # one evaluation, nothing to compare


def test_unknown_choices_suggest_the_same_name_up_to_case_and_leading_zeros():
    from chi_lang.commands.common import close_names

    units = ["NER", "NOR", "NRU", "AFG"]
    assert close_names("nor", units)[0] == "NOR"
    periods = [f"2025-{m:02d}" for m in range(1, 13)]
    assert close_names("2025-1", periods)[0] == "2025-01"
    assert close_names("zzz", units) == []
