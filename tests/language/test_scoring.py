"""Normalisation and aggregation (DESIGN §3), with hand-computed scores.

Metric values come from a one-column CSV so the raw value is exactly what the
test writes; the arithmetic of each expected score is in the test.
"""

from __future__ import annotations

import math

import pytest

from chi_lang.model import Band, Normalisation
from chi_lang.scoring import Member, absolute_score, aggregate, relative_scores


def score_of(lab, value: float | str, normalisation: str) -> tuple[float | None, object]:
    """Evaluate one metric whose raw value is `value` (the mean of one cell)."""
    outcome = lab.evaluate(
        f'index "X" {{ pillar "P" {{ metric x from "d.csv" mean {normalisation} }} }}',
        {"d.csv": f"x\n{value}\n"},
    )
    return outcome.row(pillar="P", metric="x").score, outcome


# ---------------------------------------------------------------------------
# Absolute normalisations


@pytest.mark.parametrize(
    ("value", "normalisation", "expected"),
    [
        # scale LO..HI: 100 * (x - LO) / (HI - LO)
        (4, "scale 1..5", 100 * (4 - 1) / (5 - 1)),  # 75
        (0.5, "scale 0..1", 50.0),
        (-0.5, "scale -1..1", 100 * (-0.5 + 1) / 2),  # 25
        (7, "scale 1..5", 100.0),  # 150 clamped to 100
        (0, "scale 1..5", 0.0),  # -25 clamped to 0
        # lower_is_better: 100 * (HI - x) / (HI - LO)
        (12, "lower_is_better scale 0..48", 100 * (48 - 12) / 48),  # 75
        (60, "lower_is_better scale 0..48", 0.0),  # -25 clamped
        (-6, "lower_is_better scale 0..48", 100.0),  # 112.5 clamped
        (12, "scale 0..48 lower_is_better", 75.0),  # clause order does not matter
        (40, "higher_is_better scale 0..80", 50.0),
        # log: ln applied to x, LO and HI; (ln 100 - ln 10) / (ln 1000 - ln 10) = 1/2
        (100, "log scale 10..1000", 50.0),
        (10_000, "log scale 100..1000000", 100 * (math.log(1e4) - math.log(1e2)) / (math.log(1e6) - math.log(1e2))),
        (100, "log lower_is_better scale 10..1000", 50.0),
        (5, "log scale 10..1000", 0.0),  # below the low goalpost: clamped
        # target T, higher is better: 100 * min(x / T, 1)
        (250, "target 500", 50.0),
        (750, "target 500", 100.0),
        (0, "target 500", 0.0),
        (0.45, "target 90%", 100 * 0.45 / 0.9),  # 50: percent literals are fractions
        # target T, lower is better: x <= T → 100, else 100 * T / x
        (1, "lower_is_better target 2", 100.0),
        (2, "lower_is_better target 2", 100.0),
        (4, "lower_is_better target 2", 100 * 2 / 4),  # 50
        (8, "lower_is_better target 2", 25.0),
        # bands, tried in order
        (4.7, "bands { >= 4.5 -> 100, >= 4 -> 80, else 0 }", 100.0),
        (4.5, "bands { >= 4.5 -> 100, >= 4 -> 80, else 0 }", 100.0),
        (4.0, "bands { >= 4.5 -> 100, >= 4 -> 80, else 0 }", 80.0),
        (3.9, "bands { >= 4.5 -> 100, >= 4 -> 80, else 0 }", 0.0),
        (4.5, "bands { > 4.5 -> 100, > 4 -> 80, else 10 }", 80.0),
        (2, "bands { <= 2 -> 100, <= 5 -> 50, else 0 }", 100.0),
        (3, "bands { <= 2 → 100, < 5 → 50, else → 0 }", 50.0),
        (9, "bands { <= 2 -> 100, <= 5 -> 50, else 0 }", 0.0),
        # percent: a 0-1 fraction used directly
        (0.3, "percent", 30.0),
        (1.2, "percent", 100.0),  # clamped
        (-0.1, "percent", 0.0),
        # none: the raw value is the score
        (42.5, "none", 42.5),
        (42.5, "", 42.5),
    ],
)
def test_absolute_normalisations(lab, value, normalisation, expected):
    score, outcome = score_of(lab, value, normalisation)
    assert score == pytest.approx(expected, abs=1e-9)
    assert not outcome.errors


def test_no_normalisation_outside_0_100_is_clamped_with_a_warning(lab):
    score, outcome = score_of(lab, 120, "")
    assert score == 100.0
    diagnostic = outcome.one("CHI411")
    assert diagnostic.severity.value == "warning" and "120" in diagnostic.message


def test_log_of_a_non_positive_value_is_a_data_error(lab):
    outcome = lab.evaluate_failing('index "X" { pillar "P" { metric x from "d.csv" mean log scale 1..100 } }',
                                   {"d.csv": "x\n0\n"})
    assert "log needs values above 0" in outcome.one("CHI409").message


def test_absolute_score_function_directly():
    scale = Normalisation("scale", False, 1.0, 5.0)
    assert absolute_score(3.0, scale) == 50.0
    bands = Normalisation("bands", bands=(Band(">=", 4.5, 100.0), Band(">=", 4.0, 80.0), Band(None, None, 0.0)))
    assert absolute_score(4.2, bands) == 80.0
    with pytest.raises(ValueError):
        absolute_score(0.0, Normalisation("scale", False, 1.0, 10.0, log=True))


# ---------------------------------------------------------------------------
# Relative normalisations, across the units of a `by` evaluation


def unit_scores(lab, data: str, normalisation: str):
    outcome = lab.evaluate(
        f'index "X" {{ by unit\n pillar "P" {{ metric x from "d.csv" mean {normalisation} }} }}',
        {"d.csv": data},
    )
    units = sorted({r.unit for r in outcome.evaluation.rows})
    return {u: outcome.row(unit=u, pillar="P", metric="x").score for u in units}, outcome


def test_minmax(lab):
    # min 10, max 40: a = 0, b = 100 * (20 - 10) / 30 = 33.3..., c = 100
    scores, _ = unit_scores(lab, "unit,x\na,10\nb,20\nc,40\n", "minmax")
    assert scores == pytest.approx({"a": 0.0, "b": 100 / 3, "c": 100.0})


def test_minmax_lower_is_better(lab):
    scores, _ = unit_scores(lab, "unit,x\na,10\nb,20\nc,40\n", "minmax lower_is_better")
    assert scores == pytest.approx({"a": 100.0, "b": 100 - 100 / 3, "c": 0.0})


def test_minmax_with_all_values_equal_scores_50_and_warns(lab):
    scores, outcome = unit_scores(lab, "unit,x\na,7\nb,7\nc,7\n", "minmax")
    assert scores == {"a": 50.0, "b": 50.0, "c": 50.0}
    diagnostic = outcome.one("CHI410")
    assert diagnostic.severity.value == "warning" and "every unit scores 50" in diagnostic.message


def test_percentile_rank(lab):
    # n = 4; score = 100 * (below + 0.5 * ties) / (n - 1)
    # a: 0 below → 0; b, c: 1 below and 1 tie → 100 * 1.5 / 3 = 50; d: 3 below → 100
    scores, _ = unit_scores(lab, "unit,x\na,10\nb,20\nc,20\nd,40\n", "percentile_rank")
    assert scores == pytest.approx({"a": 0.0, "b": 50.0, "c": 50.0, "d": 100.0})


def test_relative_scores_are_per_period(lab):
    outcome = lab.evaluate(
        'index "X" { by unit period month\n source s = "d.csv" { date day }\n'
        ' pillar "P" { metric x from s mean minmax } }',
        {"d.csv": "day,unit,x\n2025-01-05,a,1\n2025-01-09,b,3\n2025-02-01,a,9\n2025-02-02,b,5\n"},
    )
    # January: a is lowest (0), b highest (100); February the other way round.
    assert outcome.row("2025-01", "a", "P", "x").score == 0.0
    assert outcome.row("2025-01", "b", "P", "x").score == 100.0
    assert outcome.row("2025-02", "a", "P", "x").score == 100.0
    assert outcome.row("2025-02", "b", "P", "x").score == 0.0


def test_relative_scores_function_directly():
    scores, equal = relative_scores({"a": 1.0, "b": 3.0}, Normalisation("minmax"))
    assert scores == {"a": 0.0, "b": 100.0} and not equal
    scores, equal = relative_scores({"a": 2.0}, Normalisation("percentile_rank"))
    assert scores == {"a": 50.0} and not equal  # one unit: no ranking, and nothing to warn about


# ---------------------------------------------------------------------------
# Missing-data policies: scores 80, 60 and no data with weights 0.5 / 0.3 / 0.2

POLICY_SPEC = """
index "X" {{
  missing {policy}
  pillar "P" {{
    metric a weight 0.5 from "d.csv" column v where k = "a" mean
    metric b weight 0.3 from "d.csv" column v where k = "b" mean
    metric c weight 0.2 from "d.csv" column v where k = "c" mean
  }}
}}
"""
POLICY_DATA = {"d.csv": "k,v\na,80\nb,60\n"}  # no row for c: its mean has no data


def test_missing_reweight(lab):
    outcome = lab.evaluate(POLICY_SPEC.format(policy="reweight"), POLICY_DATA)
    # (0.5 * 80 + 0.3 * 60) / (0.5 + 0.3) = 58 / 0.8 = 72.5; coverage 0.5 + 0.3 = 80%
    assert outcome.index_score() == pytest.approx(72.5)
    assert outcome.row().coverage == pytest.approx(0.8)
    assert outcome.row(pillar="P").coverage == pytest.approx(0.8)
    # Effective weights renormalised: 0.5 / 0.8 = 0.625, 0.3 / 0.8 = 0.375, c 0
    assert outcome.row(pillar="P", metric="a").effective_weight == pytest.approx(0.625)
    assert outcome.row(pillar="P", metric="b").effective_weight == pytest.approx(0.375)
    c = outcome.row(pillar="P", metric="c")
    assert (c.raw_value, c.score, c.effective_weight, c.contribution, c.coverage) == (None, None, 0.0, None, 0.0)


def test_reweight_is_the_default(lab):
    spec = POLICY_SPEC.format(policy="reweight").replace("  missing reweight\n", "")
    assert "missing" not in spec
    assert lab.evaluate(spec, POLICY_DATA).index_score() == pytest.approx(72.5)


def test_missing_zero(lab):
    outcome = lab.evaluate(POLICY_SPEC.format(policy="zero"), POLICY_DATA)
    # 0.5 * 80 + 0.3 * 60 + 0.2 * 0 = 40 + 18 + 0 = 58.0; coverage is still 80%
    assert outcome.index_score() == pytest.approx(58.0)
    assert outcome.row().coverage == pytest.approx(0.8)
    assert outcome.row(pillar="P", metric="c").score == 0.0


def test_missing_error(lab):
    outcome = lab.evaluate_failing(POLICY_SPEC.format(policy="error"), POLICY_DATA)
    diagnostic = outcome.one("CHI408")
    assert "metric `c` has no data" in diagnostic.message and "missing error" in diagnostic.message
    assert diagnostic.span.line == 6  # points at metric c, not the index


def test_missing_error_exits_1_on_the_cli(lab):
    lab.spec(POLICY_SPEC.format(policy="error"), POLICY_DATA)
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 1
    assert "CHI408" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_policy_per_metric_overrides_the_index(lab):
    spec = POLICY_SPEC.format(policy="reweight").replace('where k = "c" mean', 'where k = "c" mean missing zero')
    assert lab.evaluate(spec, POLICY_DATA).index_score() == pytest.approx(58.0)


def test_a_pillar_without_data_is_missing_one_level_up(lab):
    outcome = lab.evaluate(
        'index "X" {\n pillar "A" weight 75% { metric a from "d.csv" column v where k = "a" mean }\n'
        ' pillar "B" weight 25% { metric b from "d.csv" column v where k = "b" mean } }',
        {"d.csv": "k,v\na,40\n"},
    )
    # B has no data: reweighted away, the index is A's 40 with coverage 75%.
    assert outcome.row(pillar="B").score is None
    assert outcome.index_score() == pytest.approx(40.0)
    assert outcome.row().coverage == pytest.approx(0.75)


def test_all_missing_is_no_data_never_zero(lab):
    outcome = lab.evaluate(
        'index "X" { missing zero\n pillar "A" { metric a from "d.csv" column v where k = "z" mean } }',
        {"d.csv": "k,v\na,40\n"},
    )
    # Even with `missing zero`, a group with no data at all has no data.
    assert outcome.index_score() is None
    assert outcome.row().coverage == 0.0


def test_aggregate_function_directly():
    members = [Member(0.5, 80.0, "reweight"), Member(0.3, 60.0, "reweight"), Member(0.2, None, "reweight")]
    result = aggregate(members, geometric=False)
    assert result.score == pytest.approx(72.5) and result.coverage == pytest.approx(0.8)


# ---------------------------------------------------------------------------
# Aggregation: weighted arithmetic (contributions add up) and geometric


def test_effective_weights_and_contributions_add_up_to_the_index(lab):
    outcome = lab.evaluate(
        'index "X" {\n'
        ' pillar "A" weight 60% { metric a1 weight 3/4 from "d.csv" column a1 scale 0..10\n'
        '                          metric a2 weight 1/4 from "d.csv" column a2 scale 0..10 }\n'
        ' pillar "B" weight 40% { metric b from "d.csv" column b scale 0..10 } }',
        {"d.csv": "a1,a2,b\n8,4,5\n"},
    )
    # Scores 80, 40, 50.  A = 0.75 * 80 + 0.25 * 40 = 70; index = 0.6 * 70 + 0.4 * 50 = 62
    assert outcome.row(pillar="A").score == pytest.approx(70.0)
    assert outcome.index_score() == pytest.approx(62.0)
    # Effective weight = W_pillar * w_metric: 0.6 * 0.75 = 0.45, 0.6 * 0.25 = 0.15, 0.4 * 1
    metrics = [outcome.row(pillar=p, metric=m) for p, m in (("A", "a1"), ("A", "a2"), ("B", "b"))]
    assert [r.effective_weight for r in metrics] == pytest.approx([0.45, 0.15, 0.4])
    # Contributions 0.45 * 80 + 0.15 * 40 + 0.4 * 50 = 36 + 6 + 20 = 62 = the index
    assert [r.contribution for r in metrics] == pytest.approx([36.0, 6.0, 20.0])
    assert sum(r.contribution for r in metrics) == pytest.approx(outcome.index_score())
    assert outcome.row(pillar="A").contribution == pytest.approx(0.6 * 70)


def test_geometric_pillar(lab):
    outcome = lab.evaluate(
        'index "X" { pillar "P" geometric {\n'
        ' metric a from "d.csv" column a scale 0..100\n metric b from "d.csv" column b scale 0..100\n'
        ' metric c from "d.csv" column c scale 0..100 } }',
        {"d.csv": "a,b,c\n8,27,64\n"},
    )
    # On the 0-1 scale: (0.08 * 0.27 * 0.64) ^ (1/3) = 0.013824 ^ (1/3) = 0.24 → 24
    assert outcome.row(pillar="P").score == pytest.approx(24.0)
    # The arithmetic mean would be (8 + 27 + 64) / 3 = 33
    assert outcome.index_score() == pytest.approx(24.0)


def test_geometric_index_with_unequal_weights(lab):
    outcome = lab.evaluate(
        'index "X" { geometric\n'
        ' pillar "A" weight 1/2 { metric a from "d.csv" column a scale 0..100 }\n'
        ' pillar "B" weight 1/2 { metric b from "d.csv" column b scale 0..100 } }',
        {"d.csv": "a,b\n25,100\n"},
    )
    # sqrt(0.25 * 1.0) = 0.5 → 50 (the arithmetic mean would be 62.5)
    assert outcome.index_score() == pytest.approx(50.0)


def test_geometric_with_a_zero_score_is_zero(lab):
    outcome = lab.evaluate(
        'index "X" { pillar "P" geometric { metric a from "d.csv" column a scale 0..100\n'
        ' metric b from "d.csv" column b scale 0..100 } }',
        {"d.csv": "a,b\n0,90\n"},
    )
    assert outcome.index_score() == 0.0
    assert "CHI308" in outcome.codes  # check warned that this could happen


def test_geometric_reweights_missing_members(lab):
    outcome = lab.evaluate(
        'index "X" { pillar "P" geometric { metric a from "d.csv" column a scale 0..100\n'
        ' metric b from "d.csv" column b scale 0..100 } }',
        {"d.csv": "a,b\n36,\n"},
    )
    # b has no data; a takes all the weight: 0.36 ^ 1 → 36, coverage 50%
    assert outcome.index_score() == pytest.approx(36.0)
    assert outcome.row().coverage == pytest.approx(0.5)


def test_a_fraction_without_normalisation_is_not_silently_scaled(lab):
    outcome = lab.evaluate('index "X" { pillar "P" { metric m from "d.csv" share(where ok) } }',
                           {"d.csv": "ok\nyes\nno\nno\n"})
    # share = 1/3 and, with no normalisation, the score is 0.33 out of 100, not 33:
    # check warns about it (CHI311) instead of guessing.
    assert outcome.row(pillar="P", metric="m").score == pytest.approx(1 / 3)
    assert "CHI311" in outcome.codes


def test_pillar_policy_overrides_the_index_and_metrics_inherit_it(lab):
    outcome = lab.evaluate(
        'index "X" { missing reweight\n'
        ' pillar "A" weight 1/2 missing zero { metric a1 from "d.csv" column v where k = "a" mean\n'
        '   metric a2 from "d.csv" column v where k = "none" mean }\n'
        ' pillar "B" weight 1/2 { metric b1 from "d.csv" column v where k = "b" mean\n'
        '   metric b2 from "d.csv" column v where k = "none" mean } }',
        {"d.csv": "k,v\na,80\nb,60\n"},
    )
    # A (zero): (80 + 0) / 2 = 40; B (reweight): 60 alone; index (40 + 60) / 2 = 50
    assert outcome.row(pillar="A").score == pytest.approx(40.0)
    assert outcome.row(pillar="B").score == pytest.approx(60.0)
    assert outcome.index_score() == pytest.approx(50.0)
