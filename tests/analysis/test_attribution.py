"""Period over period: the parts add up to the index change, exactly."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chi_lang.analysis.attribution import NotAttributable, attribute, explain_changes, log_mean
from chi_lang.analysis.cells import read_cell


def by_metric(attribution):
    return {(p.pillar, p.metric): p for p in attribution.parts}


def test_arithmetic_attribution_by_hand(arithmetic):
    a = explain_changes(arithmetic.index, arithmetic.evaluation, "2025-01", "2025-02")
    # January 64.5 (see test_decompose); February .6·(.75·60 + .25·30) + .4·50 = 51.5
    assert a.index_a == pytest.approx(64.5) and a.index_b == pytest.approx(51.5)
    parts = by_metric(a)
    # Δ contribution per metric: a .45·60 − .45·80 = −9; b unchanged; c .4·50 − .2·50 = +10;
    # e 0 − .2·70 = −14.  −9 + 0 + 10 − 14 = −13 = 51.5 − 64.5
    assert parts[("P", "a")].total == pytest.approx(-9)
    assert parts[("P", "b")].total == 0
    assert parts[("Q", "c")].total == pytest.approx(10)
    assert parts[("Q", "e")].total == pytest.approx(-14)
    assert abs(a.explained - a.delta) < 1e-9
    # a moved by its score only; c by coverage only (its weight doubled when e lost
    # data: s̄·ΔE = 50·.2); e by coverage only (no data in February).
    assert parts[("P", "a")].coverage_effect == 0 and parts[("P", "a")].score_effect == pytest.approx(-9)
    assert parts[("Q", "c")].score_effect == 0 and parts[("Q", "c")].coverage_effect == pytest.approx(10)
    assert parts[("Q", "e")].score_effect == 0 and parts[("Q", "e")].coverage_effect == pytest.approx(-14)
    assert a.coverage_effect == pytest.approx(-4)
    assert [(c.metric, c.had_data_a, c.had_data_b) for c in a.coverage_changes] == [("e", True, False)]
    assert a.coverage_a == pytest.approx(1.0) and a.coverage_b == pytest.approx(0.8)
    # largest first
    assert [p.metric for p in a.parts][:3] == ["e", "c", "a"]
    assert a.method == "contributions"


def test_geometric_attribution_is_log_mean_divisia(geometric):
    a = explain_changes(geometric.index, geometric.evaluation, "2025-01", "2025-02")
    i1 = 100 * (0.80 * 0.50 * 0.90) ** (1 / 3)
    i2 = 100 * (0.90 * 0.55 * 0.90) ** (1 / 3)
    assert a.index_a == pytest.approx(i1) and a.index_b == pytest.approx(i2)
    assert a.method == "log-mean divisia"
    # Δ ln I = ⅓ ln(.9/.8) + ⅓ ln(.55/.5) + 0; each term × L(I1, I2) = (I2 − I1)/ln(I2/I1)
    scale = (i2 - i1) / math.log(i2 / i1)
    parts = by_metric(a)
    assert parts[("H", "h")].total == pytest.approx(scale * math.log(0.9 / 0.8) / 3, abs=1e-9)
    # E moved only through x (y stayed 40): x carries all of E's part
    assert parts[("E", "x")].total == pytest.approx(scale * math.log(0.55 / 0.5) / 3, abs=1e-9)
    assert parts[("E", "y")].total == 0
    assert parts[("I", "g")].total == 0
    assert abs(a.explained - a.delta) < 1e-9


def test_geometric_zero_is_reported_not_attributed(build, geometric_spec):
    case = build(geometric_spec, d="date,h,x,y,g\n2025-01-10,80,60,40,90\n2025-02-10,90,70,40,0\n")
    a = explain_changes(case.index, case.evaluation, "2025-01", "2025-02")
    assert a.index_b == 0.0
    assert len(a.parts) == 1 and a.parts[0].pillar == "(index)" and "log space" in a.parts[0].note
    assert abs(a.explained - a.delta) < 1e-9


def test_no_data_is_not_attributable(arithmetic):
    with pytest.raises(NotAttributable):
        explain_changes(arithmetic.index, arithmetic.evaluation, "2024-12", "2025-02")


def test_log_mean():
    assert log_mean(2.0, 2.0) == 2.0
    assert log_mean(1.0, math.e) == pytest.approx((math.e - 1) / 1)
    assert log_mean(5.0, 5.0 * (1 + 1e-15)) == pytest.approx(5.0)


# ---- property: any data, any mix of aggregations, the parts sum exactly ----------------


def _spec(geometric_index: bool, pillars: list[tuple[bool, list[int]]], pillar_weights: list[int]) -> str:
    lines = ['index "Prop" {', "  period month", '  source d = "d.csv" { date date }']
    if geometric_index:
        lines.append("  geometric")
    lines.append("  weights relative")
    for j, ((geometric, metric_weights), weight) in enumerate(zip(pillars, pillar_weights)):
        aggregation = " geometric" if geometric else ""
        lines.append(f'  pillar "p{j}" weight {weight}{aggregation} weights relative {{')
        for k, w in enumerate(metric_weights):
            lines.append(f"    metric m{j}_{k} weight {w} from d scale 0..100")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


raw = st.one_of(st.none(), st.integers(min_value=0, max_value=100))  # 0: no log


@settings(max_examples=120, deadline=None)
@given(
    geometric_index=st.booleans(),
    pillars=st.lists(st.tuples(st.booleans(), st.lists(st.integers(1, 9), min_size=1, max_size=3)),
                     min_size=1, max_size=3),
    data=st.data(),
)
def test_parts_always_sum_to_the_change(geometric_index, pillars, data):
    """Real specs and data (relative weights, gaps in the data): Σ parts = Δ index."""
    import tempfile
    from pathlib import Path

    from chi_lang.analysis.cells import RowIndex
    from chi_lang.diagnostics import DiagnosticBag
    from chi_lang.evaluate import evaluate
    from chi_lang.pipeline import load_spec

    pillar_weights = [data.draw(st.integers(1, 9)) for _ in pillars]
    names = [f"m{j}_{k}" for j, (_, ws) in enumerate(pillars) for k in range(len(ws))]
    months = [[data.draw(raw) for _ in names] for _ in range(2)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "spec.chi").write_text(_spec(geometric_index, pillars, pillar_weights), encoding="utf-8")
        body = ["date," + ",".join(names)]
        for month, values in zip(("2025-01-15", "2025-02-15"), months):
            body.append(month + "," + ",".join("" if v is None else str(v) for v in values))
        (root / "d.csv").write_text("\n".join(body) + "\n", encoding="utf-8")
        loaded = load_spec(str(root / "spec.chi"))
        assert not loaded.bag.has_errors, [d.message for d in loaded.bag.items]
        evaluation = evaluate(loaded.index, DiagnosticBag())
    rows = RowIndex(evaluation)
    a = read_cell(loaded.index, rows, "2025-01", None)
    b = read_cell(loaded.index, rows, "2025-02", None)
    if a is None or b is None or a.score is None or b.score is None:
        return
    result = attribute(loaded.index, a, b)
    assert abs(result.explained - result.delta) < 1e-9
