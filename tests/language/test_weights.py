"""Weights (DESIGN §3): exact fractions from the literal text, sums of exactly 1,
relative and omitted weights, negative and zero weights."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from chi_lang import syntax as st
from chi_lang.weights import describe_shortfall, format_percent, weight_fraction


def pillar_of(weights: list[str | None], header: str = "") -> str:
    metrics = "\n".join(
        f'    metric m{i} {"" if w is None else "weight " + w} from "d.csv" column v scale 0..10'
        for i, w in enumerate(weights)
    )
    return f'index "X" {{\n  pillar "A" {header} {{\n{metrics}\n  }}\n}}\n'


def metric_weights(outcome) -> list[Fraction]:
    return [m.weight for m in outcome.index.pillars[0].metrics]


# ---------------------------------------------------------------------------
# Exact sums


def test_point_seven_point_two_point_one_sums_to_exactly_one(lab):
    # In binary floats 0.7 + 0.2 + 0.1 == 0.9999999999999999; as fractions it is 1.
    assert 0.7 + 0.2 + 0.1 != 1.0
    outcome = lab.load(pillar_of(["0.7", "0.2", "0.1"]))
    assert not outcome.codes, outcome.rendered
    assert metric_weights(outcome) == [Fraction(7, 10), Fraction(2, 10), Fraction(1, 10)]
    assert sum(metric_weights(outcome)) == 1


def test_ten_times_point_one_passes(lab):
    # sum([0.1] * 10) == 0.9999999999999999 in floats; exactly 10/10 here.
    assert sum([0.1] * 10) != 1.0
    outcome = lab.load(pillar_of(["0.1"] * 10))
    assert not outcome.codes, outcome.rendered
    assert metric_weights(outcome) == [Fraction(1, 10)] * 10


def test_three_times_33_3_percent_fails_with_the_sum(lab):
    # 33.3% + 33.3% + 33.3% = 99.9%: 0.1% short.
    outcome = lab.load(pillar_of(["33.3%"] * 3))
    diagnostic = outcome.one("CHI301")
    assert diagnostic.severity.value == "error"
    assert diagnostic.message == "metric weights sum to 99.9%, 0.1% short of 100%"
    assert "99.9%, 0.1% short" in outcome.rendered


def test_33_3_plus_33_5_plus_33_6_percent_fails_with_the_sum(lab):
    # 33.3 + 33.5 + 33.6 = 100.4: 0.4% over.
    outcome = lab.load(pillar_of(["33.3%", "33.5%", "33.6%"]))
    assert outcome.one("CHI301").message == "metric weights sum to 100.4%, 0.4% over 100%"


def test_thirds_written_as_fractions_pass(lab):
    outcome = lab.load(pillar_of(["1/3", "1/3", "1/3"]))
    assert not outcome.codes and metric_weights(outcome) == [Fraction(1, 3)] * 3


def test_sum_error_points_at_every_weight_with_its_value(lab):
    outcome = lab.load(pillar_of(["50%", "0.3", "1/10"]))
    diagnostic = outcome.one("CHI301")
    # 50% + 30% + 10% = 90%
    assert diagnostic.message == "metric weights sum to 90%, 10% short of 100%"
    # Every weight is listed with its value, the first one (also the primary span) included.
    assert [label.message for label in diagnostic.labels] == ["50%", "30%", "10%"]
    assert diagnostic.labels[0].span == diagnostic.span
    text = outcome.rendered
    assert "^^^ 50%" in text and "^^^ 30%" in text and "^^^^ 10%" in text


def test_mixed_forms_25_percent_point_25_and_quarter_are_equal(lab):
    values = [weight_fraction(st.WeightLit(t, n, d, p, None)) for t, n, d, p in [
        ("25%", Decimal(25), None, True),
        ("0.25", Decimal("0.25"), None, False),
        ("1/4", Decimal(1), Decimal(4), False),
    ]]
    assert values == [Fraction(1, 4)] * 3
    # ... and the three mixed in one group, plus 25% more, make exactly 100%.
    outcome = lab.load(pillar_of(["25%", "0.25", "1/4", "25%"]))
    assert not outcome.codes and metric_weights(outcome) == [Fraction(1, 4)] * 4


def test_pillar_weights_sum_too(lab):
    outcome = lab.load(
        'index "X" {\n  pillar "A" weight 50% { metric a from "d.csv" scale 0..1 }\n'
        '  pillar "B" weight 40% { metric b from "d.csv" scale 0..1 }\n}\n'
    )
    assert outcome.one("CHI301").message == "pillar weights sum to 90%, 10% short of 100%"


# ---------------------------------------------------------------------------
# Relative and omitted weights


def test_relative_weights_are_normalised_by_their_sum(lab):
    # Risk weights 10 / 7.5 / 5 / 2.5 sum to 25: shares 10/25, 7.5/25, 5/25, 2.5/25.
    outcome = lab.load(pillar_of(["10", "7.5", "5", "2.5"], "weights relative"))
    assert not outcome.codes, outcome.rendered
    assert metric_weights(outcome) == [Fraction(2, 5), Fraction(3, 10), Fraction(1, 5), Fraction(1, 10)]
    # The weights as written are kept for display.
    assert [m.declared_weight for m in outcome.index.pillars[0].metrics] == ["10", "7.5", "5", "2.5"]


def test_relative_weights_without_the_declaration_fail(lab):
    outcome = lab.load(pillar_of(["10", "7.5", "5", "2.5"]))
    # 10 + 7.5 + 5 + 2.5 = 25 = 2500%.
    assert outcome.one("CHI301").message == "metric weights sum to 2500%, 2400% over 100%"
    assert "weights relative" in outcome.one("CHI301").hint


def test_relative_pillar_weights(lab):
    outcome = lab.load(
        'index "X" { weights relative\n pillar "A" weight 3 { metric a from "d.csv" scale 0..1 }\n'
        ' pillar "B" weight 1 { metric b from "d.csv" scale 0..1 } }'
    )
    assert not outcome.codes
    assert [p.weight for p in outcome.index.pillars] == [Fraction(3, 4), Fraction(1, 4)]


def test_relative_weights_all_zero_is_an_error(lab):
    outcome = lab.load(pillar_of(["0", "0"], "weights relative"))
    assert "all zero" in outcome.one("CHI301").message


def test_omitted_weights_are_exact_equal_shares(lab):
    # 14 metrics with no weights: exactly 1/14 each, not 0.0714...
    outcome = lab.load(pillar_of([None] * 14))
    assert not outcome.codes, outcome.rendered
    assert metric_weights(outcome) == [Fraction(1, 14)] * 14
    assert sum(metric_weights(outcome)) == 1
    assert [m.declared_weight for m in outcome.index.pillars[0].metrics] == [None] * 14


def test_some_weights_given_and_some_omitted_is_an_error(lab):
    outcome = lab.load(pillar_of(["0.5", None, None]))
    diagnostic = outcome.one("CHI304")
    assert diagnostic.message == "1 of 3 metrics have a weight; 'm1', 'm2' have none"


# ---------------------------------------------------------------------------
# Negative and zero weights


def test_negative_weight_is_an_error(lab):
    outcome = lab.load(pillar_of(["-0.2", "1.2"]))
    diagnostic = outcome.one("CHI302")
    assert diagnostic.severity.value == "error" and diagnostic.message == "weight -0.2 is negative"
    assert "lower_is_better" in diagnostic.hint


def test_zero_denominator_is_an_error(lab):
    outcome = lab.load(pillar_of(["1/0", "1"]))
    diagnostic = outcome.one("CHI302")
    assert diagnostic.message == "weight 1/0 divides by zero"
    assert "non-zero denominator" in diagnostic.hint


def test_zero_weight_is_a_warning_only(lab):
    outcome = lab.load(pillar_of(["0", "1"]))
    diagnostic = outcome.one("CHI303")
    assert diagnostic.severity.value == "warning"
    assert not outcome.errors
    assert metric_weights(outcome) == [Fraction(0), Fraction(1)]


# ---------------------------------------------------------------------------
# How sums are shown


@pytest.mark.parametrize(
    ("total", "text"),
    [
        (Fraction(999, 1000), "99.9%, 0.1% short of 100%"),
        (Fraction(1004, 1000), "100.4%, 0.4% over 100%"),
        (Fraction(9, 10), "90%, 10% short of 100%"),
        (Fraction(2, 3), "≈66.6667%, ≈33.3333% short of 100%"),
    ],
)
def test_describe_shortfall(total, text):
    assert describe_shortfall(total) == text


def test_format_percent_is_exact_for_terminating_decimals():
    assert format_percent(Fraction(1, 8)) == "12.5%"
    assert format_percent(Fraction(1, 3)).startswith("≈33.333")
