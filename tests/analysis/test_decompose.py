"""Contributions, shortfall and headroom, checked against hand arithmetic."""

from __future__ import annotations

import math

import pytest

from chi_lang.analysis.cells import metric_scores, read_cell, reaggregate
from chi_lang.analysis.decompose import decompose


def parts_by_name(d):
    return {x.metric: x for x in d.metric_parts()}


def test_arithmetic_contributions_by_hand(arithmetic):
    cell = read_cell(arithmetic.index, arithmetic.rows, "2025-01", None)
    d = decompose(arithmetic.index, cell)
    # P = .75·80 + .25·30 = 67.5;  Q = .5·50 + .5·70 = 60;  index = .6·67.5 + .4·60 = 64.5
    assert d.score == pytest.approx(64.5, abs=1e-12)
    parts = parts_by_name(d)
    # effective weight = pillar weight × metric weight; contribution = that × score
    assert parts["a"].effective_weight == pytest.approx(0.6 * 0.75)
    assert parts["a"].contribution == pytest.approx(0.45 * 80)  # 36
    assert parts["b"].contribution == pytest.approx(0.15 * 30)  # 4.5
    assert parts["c"].contribution == pytest.approx(0.20 * 50)  # 10
    assert parts["e"].contribution == pytest.approx(0.20 * 70)  # 14
    assert d.additive
    assert math.fsum(x.contribution for x in parts.values()) == pytest.approx(64.5, abs=1e-9)
    # Ranked: pillar P (40.5) before Q (24); inside P, a (36) before b (4.5).
    assert [p.name for p in d.pillars] == ["P", "Q"]
    assert [x.metric for x in d.pillars[0].metrics] == ["a", "b"]
    assert [x.metric for x in d.pillars[1].metrics] == ["e", "c"]


def test_arithmetic_headroom_is_effective_weight_times_gap(arithmetic):
    d = decompose(arithmetic.index, read_cell(arithmetic.index, arithmetic.rows, "2025-01", None))
    expected = {"a": 0.45 * (100 - 80), "b": 0.15 * (100 - 30), "c": 0.2 * (100 - 50), "e": 0.2 * (100 - 70)}
    # 9, 10.5, 10, 6 → b, c, a, e
    assert [x.metric for x in d.headroom] == ["b", "c", "a", "e"]
    for x in d.headroom:
        assert x.headroom == pytest.approx(expected[x.metric], abs=1e-12)
        assert x.shortfall == pytest.approx(expected[x.metric], abs=1e-12)
    assert math.fsum(x.shortfall for x in d.metric_parts()) == pytest.approx(100 - 64.5, abs=1e-9)


def test_dropped_metric_has_no_contribution_and_its_weight_moves(arithmetic):
    d = decompose(arithmetic.index, read_cell(arithmetic.index, arithmetic.rows, "2025-02", None))
    parts = parts_by_name(d)
    # February: e has no data; c carries Q alone: .4·50 = 20; P = .75·60 + .25·30 = 52.5
    assert parts["e"].dropped and parts["e"].headroom is None and parts["e"].effective_weight == 0
    assert parts["c"].effective_weight == pytest.approx(0.4)
    assert d.score == pytest.approx(0.6 * 52.5 + 0.4 * 50, abs=1e-12)  # 51.5
    assert d.coverage == pytest.approx(0.6 + 0.4 * 0.5)
    assert math.fsum(x.contribution for x in parts.values() if x.contribution is not None) == pytest.approx(51.5)


def test_geometric_shortfall_and_headroom_by_hand(geometric):
    d = decompose(geometric.index, read_cell(geometric.index, geometric.rows, "2025-01", None))
    h, e, g = 0.80, (0.60 + 0.40) / 2, 0.90
    index = 100 * (h * e * g) ** (1 / 3)
    assert d.score == pytest.approx(index, abs=1e-9)
    assert not d.additive
    # The gap 100 − index is split by w·ln(s): pillar share = ln(s)/ln(h·e·g)
    log_total = math.log(h) + math.log(e) + math.log(g)
    pillars = {p.name: p for p in d.pillars}
    for name, s in (("H", h), ("E", e), ("I", g)):
        assert pillars[name].shortfall == pytest.approx((100 - index) * math.log(s) / log_total, abs=1e-9)
    # inside the arithmetic pillar E the share follows w·(100 − s): x 0.5·40, y 0.5·60
    parts = parts_by_name(d)
    assert parts["x"].shortfall == pytest.approx(pillars["E"].shortfall * 20 / 50, abs=1e-9)
    assert parts["y"].shortfall == pytest.approx(pillars["E"].shortfall * 30 / 50, abs=1e-9)
    assert math.fsum(x.shortfall for x in d.metric_parts()) == pytest.approx(100 - index, abs=1e-9)
    # Headroom under geometric aggregation: the exact gain of scoring 100.
    raised_y = 100 * (h * ((0.60 + 1.0) / 2) * g) ** (1 / 3)
    assert parts["y"].headroom == pytest.approx(raised_y - index, abs=1e-9)
    raised_h = 100 * (1.0 * e * g) ** (1 / 3)
    assert parts["h"].headroom == pytest.approx(raised_h - index, abs=1e-9)
    # y: 100·(.8·.8·.9)^⅓ − 71.14 = +12.06; x: +8.44; h: +5.49; g: +2.40
    assert [x.metric for x in d.headroom] == ["y", "x", "h", "g"]


def test_reaggregate_reproduces_the_evaluation_exactly(arithmetic, geometric):
    for case in (arithmetic, geometric):
        for period in case.rows.periods:
            cell = read_cell(case.index, case.rows, period, None)
            assert reaggregate(case.index, metric_scores(cell)).score == cell.score


def test_missing_zero_counts_as_zero(build):
    spec = """
    index "Z" {
      source d = "d.csv"
      pillar "P" {
        metric a weight 1/2 from d scale 0..100
        metric b weight 1/2 from d scale 0..100 missing zero
      }
    }
    """
    case = build(spec, d="a,b\n80,\n")
    d = decompose(case.index, read_cell(case.index, case.rows, None, None))
    parts = parts_by_name(d)
    # b has no data but enters with 0 and keeps its weight: index = .5·80 + .5·0 = 40
    assert d.score == pytest.approx(40)
    assert parts["b"].score is None and parts["b"].used == 0 and parts["b"].contribution == 0
    assert parts["b"].headroom == pytest.approx(50)  # .5 × (100 − 0)
