"""Monte Carlo over the weights: deterministic, exact at zero spread, checked by hand."""

from __future__ import annotations

import importlib.util
import random

import pytest

from chi_lang.analysis.sensitivity import SensitivityError, parse_alternative, run_sensitivity

TEAMS = """
index "Teams" {
  by team
  source d = "d.csv"
  pillar "Speed" weight 50% {
    metric fast weight 1/2 from d scale 0..100
    metric steady weight 1/2 from d scale 0..100
  }
  pillar "Care" weight 50% {
    metric kind from d scale 0..100
  }
}
"""
# Scores equal raw values.  Index = .25·fast + .25·steady + .5·kind:
#   a 25 + 25 + 45 = 95,  b 20 + 10 + 25 = 55,  c 10 + 20 + 25 = 55,  d 2.5 + 2.5 + 5 = 10
TEAMS_DATA = """
team,fast,steady,kind
a,100,100,90
b,80,40,50
c,40,80,50
d,10,10,10
"""


@pytest.fixture
def teams(build):
    return build(TEAMS, d=TEAMS_DATA)


def test_zero_spread_gives_the_evaluated_index_and_rank(teams):
    s = run_sensitivity(teams.index, teams.rows, samples=50, seed=3, spread=0.0)
    for row in s.rows:
        assert row.low == row.median == row.high == row.index
        assert row.rank_low == row.rank_high == row.rank
    # a: .25·100 + .25·100 + .5·90 = 95; b and c tie at 55; d 10
    assert [(r.unit, r.rank) for r in s.rows] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]
    assert s.rows[1].index == pytest.approx(0.25 * 80 + 0.25 * 40 + 0.5 * 50)


def test_one_sample_by_hand(teams):
    """The draw order is the contract: per sample, pillar factors, then metric factors."""
    s = run_sensitivity(teams.index, teams.rows, samples=1, seed=11, spread=0.2)
    rng = random.Random(11)
    speed, care = (rng.uniform(0.8, 1.2) for _ in range(2))
    fast, steady, kind = (rng.uniform(0.8, 1.2) for _ in range(3))
    w_speed, w_care = 0.5 * speed / (0.5 * speed + 0.5 * care), 0.5 * care / (0.5 * speed + 0.5 * care)
    w_fast, w_steady = fast / (fast + steady), steady / (fast + steady)
    expected_b = w_speed * (w_fast * 80 + w_steady * 40) + w_care * 50
    expected_c = w_speed * (w_fast * 40 + w_steady * 80) + w_care * 50
    rows = {r.unit: r for r in s.rows}
    assert rows["b"].low == pytest.approx(expected_b, abs=1e-9)
    assert rows["c"].median == pytest.approx(expected_c, abs=1e-9)
    # b beats c exactly when `fast` drew a larger factor than `steady`
    assert (rows["b"].rank_low, rows["c"].rank_low) == ((2, 3) if fast > steady else (3, 2))


def test_rank_intervals(teams):
    s = run_sensitivity(teams.index, teams.rows, samples=400, seed=1)
    rows = {r.unit: r for r in s.rows}
    # a and d are far from the rest: their rank never moves.  b and c tie at 55 and
    # swap with the balance of fast and steady: both range over ranks 2-3.
    assert (rows["a"].rank_low, rows["a"].rank_high) == (1, 1)
    assert (rows["d"].rank_low, rows["d"].rank_high) == (4, 4)
    assert (rows["b"].rank_low, rows["b"].rank_high) == (2, 3)
    assert (rows["c"].rank_low, rows["c"].rank_high) == (2, 3)
    for r in s.rows:
        assert r.low <= r.median <= r.high
        assert r.low <= r.index <= r.high


def test_deterministic_for_a_seed(teams):
    one = run_sensitivity(teams.index, teams.rows, samples=200, seed=5)
    two = run_sensitivity(teams.index, teams.rows, samples=200, seed=5)
    other = run_sensitivity(teams.index, teams.rows, samples=200, seed=6)
    assert one == two
    assert one.rows != other.rows


def test_numpy_and_python_agree(teams):
    pytest.importorskip("numpy")
    vectorised = run_sensitivity(teams.index, teams.rows, samples=300, seed=2, use_numpy=True)
    plain = run_sensitivity(teams.index, teams.rows, samples=300, seed=2, use_numpy=False)
    assert vectorised.backend == "numpy" and plain.backend == "python"
    for v, p in zip(vectorised.rows, plain.rows):
        assert (v.unit, v.rank_low, v.rank_high) == (p.unit, p.rank_low, p.rank_high)
        for a, b in ((v.low, p.low), (v.median, p.median), (v.high, p.high)):
            assert a == pytest.approx(b, abs=1e-9)


def test_geometric_and_missing_policies_match_the_evaluator(build):
    spec = """
    index "G" {
      by team
      geometric
      source d = "d.csv"
      pillar "A" { metric x weight 1/2 from d scale 0..100
                   metric y weight 1/2 from d scale 0..100 missing zero }
      pillar "B" geometric { metric z weight 1/3 from d scale 0..100
                             metric w weight 2/3 from d scale 0..100 }
    }
    """
    case = build(spec, d="team,x,y,z,w\na,80,,50,90\nb,60,70,,40\nc,90,95,99,97\n")
    backends = (True, False) if importlib.util.find_spec("numpy") else (False,)
    for use_numpy in backends:
        s = run_sensitivity(case.index, case.rows, samples=20, seed=4, spread=0.0, use_numpy=use_numpy)
        for row in s.rows:
            assert row.low == pytest.approx(row.index, abs=1e-9)


def test_alternative_normalisations(build):
    spec = """
    index "Alt" {
      by team
      source d = "d.csv"
      pillar "P" { metric speed from d scale 0..200 }
    }
    """
    case = build(spec, d="team,speed\nx,50\ny,150\nz,100\n")
    alternative = parse_alternative("speed=minmax", case.index)
    assert alternative.normalisation.kind == "minmax"
    s = run_sensitivity(case.index, case.rows, samples=200, seed=9, spread=0.0, alternatives=[alternative])
    rows = {r.unit: r for r in s.rows}
    # declared: x 25, y 75, z 50; minmax: x 0, y 100, z 50 — each about half the samples
    assert (rows["x"].low, rows["x"].high) == (pytest.approx(0), pytest.approx(25))
    assert (rows["y"].low, rows["y"].high) == (pytest.approx(75), pytest.approx(100))
    assert (rows["z"].low, rows["z"].high) == (pytest.approx(50), pytest.approx(50))


def test_alternative_inherits_the_direction(build):
    spec = """
    index "D" {
      source d = "d.csv"
      pillar "P" { metric wait from d lower_is_better scale 0..48 }
    }
    """
    case = build(spec, d="wait\n12\n")
    assert parse_alternative("wait=target 24", case.index).normalisation.lower_is_better
    assert not parse_alternative("wait=target 24 higher_is_better", case.index).normalisation.lower_is_better


@pytest.mark.parametrize("text, code", [
    ("speed=scale 5..1", "CHI707"),
    ("speed=sideways", "CHI707"),
    ("speed", "CHI707"),
    ("sped=minmax", "CHI702"),
])
def test_bad_alternatives(build, text, code):
    case = build('index "B" { by team  source d = "d.csv"  pillar "P" { metric speed from d scale 0..1 } }',
                 d="team,speed\nx,0.5\n")
    with pytest.raises(SensitivityError) as caught:
        parse_alternative(text, case.index)
    assert caught.value.code == code


def test_alternative_that_cannot_score_a_value(build):
    case = build('index "L" { source d = "d.csv"  pillar "P" { metric v from d scale -10..10 } }', d="v\n-5\n")
    alternative = parse_alternative("v=log scale 1..10", case.index)
    with pytest.raises(SensitivityError) as caught:
        run_sensitivity(case.index, case.rows, samples=3, seed=1, alternatives=[alternative])
    assert caught.value.code == "CHI707"
