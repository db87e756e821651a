"""What-if: re-score the changed raw value with the metric's normalisation, re-aggregate."""

from __future__ import annotations

import pytest

from chi_lang.analysis.whatif import WhatIfError, parse_change, what_if


def test_parse_forms(arithmetic):
    index = arithmetic.index
    assert (parse_change("a=+10%", index).mode, parse_change("a=+10%", index).amount) == ("relative", pytest.approx(1.1))
    assert (parse_change("a=-25%", index).mode, parse_change("a=-25%", index).amount) == ("relative", 0.75)
    assert (parse_change("a=-5", index).mode, parse_change("a=-5", index).amount) == ("delta", -5)
    assert (parse_change("a=42", index).mode, parse_change("a=42", index).amount) == ("set", 42)
    assert (parse_change("a=90%", index).mode, parse_change("a=90%", index).amount) == ("set", 0.9)
    assert (parse_change("a==-3", index).mode, parse_change("a==-3", index).amount) == ("set", -3)
    assert parse_change("Q/c=1", index).key == ("Q", "c")
    assert parse_change("a=\u221210%", index).amount == pytest.approx(0.9)  # a typographic minus


@pytest.mark.parametrize("text, code", [
    ("zzz=+1", "CHI702"),
    ("P/c=+1", "CHI702"),
    ("a=ten", "CHI703"),
    ("a", "CHI703"),
    ("=5", "CHI703"),
])
def test_bad_what_ifs(arithmetic, text, code):
    with pytest.raises(WhatIfError) as caught:
        parse_change(text, arithmetic.index)
    assert caught.value.code == code


def test_what_if_by_hand(arithmetic):
    change = parse_change("b=+50%", arithmetic.index)
    result = what_if(arithmetic.index, arithmetic.rows, [change], "2025-01")
    (effect,) = result.effects
    # b: raw 30 → 45, scale 0..100 → score 45
    assert (effect.raw_before, effect.raw_after, effect.score_after) == (30, pytest.approx(45), pytest.approx(45))
    (outcome,) = result.outcomes
    # index 64.5 + effective weight .15 × (45 − 30) = 66.75
    assert outcome.index_before == pytest.approx(64.5)
    assert outcome.index_after == pytest.approx(64.5 + 0.15 * 15, abs=1e-12)
    assert outcome.pillars_after["P"] == pytest.approx(0.75 * 80 + 0.25 * 45)


def test_setting_a_missing_value_restores_coverage(arithmetic):
    result = what_if(arithmetic.index, arithmetic.rows, [parse_change("e=70", arithmetic.index)], "2025-02")
    # February with e = 70: Q = (50 + 70)/2 = 60; index .6·52.5 + .4·60 = 55.5
    assert result.outcomes[0].index_after == pytest.approx(55.5)
    # a relative change of a missing value is still missing
    result = what_if(arithmetic.index, arithmetic.rows, [parse_change("e=+10%", arithmetic.index)], "2025-02")
    assert result.outcomes[0].index_after == pytest.approx(51.5)


def test_normalisation_is_applied_not_bypassed(build):
    spec = """
    index "N" {
      source d = "d.csv"
      pillar "P" {
        metric wait weight 1/2 from d lower_is_better target 2
        metric reach weight 1/2 from d log scale 10..1000
      }
    }
    """
    case = build(spec, d="wait,reach\n4,100\n")
    index, rows = case.index, case.rows
    # wait 4 → target 2, lower is better: 100·2/4 = 50; reach ln: 100·(ln100 − ln10)/(ln1000 − ln10) = 50
    assert rows.index_score(None, None) == pytest.approx(50)
    result = what_if(index, rows, [parse_change("wait=-50%", index)], None)
    # wait 4 → 2 meets the target: 100; index (100 + 50)/2 = 75
    assert result.outcomes[0].index_after == pytest.approx(75)
    result = what_if(index, rows, [parse_change("reach=1000", index)], None)
    assert result.outcomes[0].index_after == pytest.approx(75)
    with pytest.raises(WhatIfError) as caught:
        what_if(index, rows, [parse_change("reach==-1", index)], None)
    assert caught.value.code == "CHI704"


def test_relative_normalisation_rescores_the_other_units(build):
    spec = """
    index "R" {
      by team
      source d = "d.csv"
      pillar "P" { metric speed from d minmax }
    }
    """
    case = build(spec, d="team,speed\nx,10\ny,20\nz,30\n")
    index, rows = case.index, case.rows
    # minmax over 10, 20, 30: x 0, y 50, z 100.  Raise x to 40: y (20) is now
    # (20 − 20)/(40 − 20) = 0, z 50, x 100 — every unit moves.
    result = what_if(index, rows, [parse_change("speed=40", index)], None, "x")
    after = {o.unit: o.index_after for o in result.outcomes}
    assert after == {"x": pytest.approx(100), "y": pytest.approx(0), "z": pytest.approx(50)}
    ranks = {o.unit: (o.rank_before, o.rank_after) for o in result.outcomes}
    assert ranks == {"x": (3, 1), "y": (2, 3), "z": (1, 2)}


def test_without_a_unit_every_unit_changes(build):
    spec = """
    index "U" {
      by team
      source d = "d.csv"
      pillar "P" { metric speed from d scale 0..100 }
    }
    """
    case = build(spec, d="team,speed\nx,10\ny,20\n")
    result = what_if(case.index, case.rows, [parse_change("speed=+5", case.index)], None)
    assert {o.unit: o.delta for o in result.outcomes} == {"x": pytest.approx(5), "y": pytest.approx(5)}
