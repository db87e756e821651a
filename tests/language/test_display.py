"""Display (DESIGN §3): one rounding rule on the decimal value, output scale, status."""

from __future__ import annotations

import pytest

from chi_lang.display import round_display, status_for, to_output_scale
from chi_lang.model import Rounding, StatusBand

AWAY = Rounding(1, "half_away_from_zero")
EVEN = Rounding(1, "half_even")


def test_72_45_rounds_up_on_the_decimal_value():
    # The double nearest 72.45 is 72.4500000000000028421709..., but the rule is
    # about the decimal as people read it; the double nearest 0.15 lies *below*
    # 0.15 (0.1499999999999999944...), where binary rounding would give 0.1.
    assert f"{0.15:.1f}" == "0.1"
    assert round_display(72.45, AWAY) == "72.5"
    assert round_display(0.15, AWAY) == "0.2"
    assert round_display(2.675, Rounding(2)) == "2.68"  # float formatting gives 2.67


@pytest.mark.parametrize(
    ("value", "away", "even"),
    [
        (72.45, "72.5", "72.4"),  # half: away vs to the even digit 4
        (72.35, "72.4", "72.4"),  # half: 3 → 4 both ways (4 is even)
        (72.25, "72.3", "72.2"),
        (-72.45, "-72.5", "-72.4"),  # away from zero on the negative side
        (72.449, "72.4", "72.4"),
        (72.451, "72.5", "72.5"),
        (-0.04, "0.0", "0.0"),  # never "-0.0"
        (100.0, "100.0", "100.0"),
    ],
)
def test_rounding_modes(value, away, even):
    assert round_display(value, AWAY) == away
    assert round_display(value, EVEN) == even


def test_round_digits_and_no_data():
    assert round_display(72.4567, Rounding(0)) == "72"
    assert round_display(72.5, Rounding(0)) == "73"
    assert round_display(72.4567, Rounding(3)) == "72.457"
    assert round_display(None, AWAY) == "–"


def test_output_scale():
    assert to_output_scale(72.5, (0.0, 100.0)) == 72.5
    assert to_output_scale(72.5, (0.0, 10.0)) == pytest.approx(7.25)
    assert to_output_scale(72.5, (0.0, 1.0)) == pytest.approx(0.725)
    assert to_output_scale(None, (0.0, 10.0)) is None


BANDS = (StatusBand(">=", 75.0, "healthy"), StatusBand(">=", 50.0, "watch"), StatusBand(None, None, "at risk"))


@pytest.mark.parametrize(
    ("value", "label"),
    [(80.0, "healthy"), (75.0, "healthy"), (74.99, "watch"), (50.0, "watch"), (49.9, "at risk"), (0.0, "at risk"), (None, None)],
)
def test_status_bands(value, label):
    assert status_for(value, BANDS) == label


SPEC = """
index "X" {{
  {clauses}
  status {{ >= {healthy} "healthy", >= {watch} "watch", else "at risk" }}
  pillar "A" weight 1/2 {{ metric a from "d.csv" mean scale 0..100 }}
  pillar "B" weight 1/2 status {{ >= 90 "great", else "meh" }} {{ metric b from "d.csv" mean scale 0..100 }}
}}
"""


def test_status_applies_to_index_and_pillars(lab):
    outcome = lab.evaluate(SPEC.format(clauses="", healthy=75, watch=50), {"d.csv": "a,b\n40,70\n"})
    # index = (40 + 70) / 2 = 55 → watch; A = 40 → at risk; B has its own bands: 70 → meh
    assert outcome.row().status == "watch"
    assert outcome.row(pillar="A").status == "at risk"
    assert outcome.row(pillar="B").status == "meh"
    assert outcome.row(pillar="A", metric="a").status is None  # metrics carry no status


def test_status_thresholds_are_on_the_output_scale(lab):
    outcome = lab.evaluate(SPEC.format(clauses="output scale 0..10", healthy=7.5, watch=5), {"d.csv": "a,b\n40,70\n"})
    # 55 on 0-100 is 5.5 on 0-10 → watch
    assert outcome.row().status == "watch"
    assert outcome.row().score == pytest.approx(55.0)  # the long table stays 0-100


def test_table_output_uses_output_scale_and_rounding(lab):
    lab.spec(
        'index "X" { output scale 0..10  round 2 half_even\n'
        ' pillar "P" { metric a from "d.csv" mean scale 0..100 } }',
        {"d.csv": "a\n72.45\n"},
    )
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 0, result.stderr
    # 72.45 on 0-10 is 7.245 → half_even at 2 decimals gives 7.24
    assert "7.24" in result.stdout and "7.25" not in result.stdout


def test_round_1_half_away_from_zero_in_the_table(lab):
    lab.spec('index "X" { round 1\n pillar "P" { metric a from "d.csv" mean scale 0..100 } }', {"d.csv": "a\n72.45\n"})
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert "72.5" in result.stdout and "72.4 " not in result.stdout


def test_defaults(lab):
    outcome = lab.load('index "X" { pillar "P" { metric a from "d.csv" mean scale 0..100 } }')
    index = outcome.index
    assert index.rounding == Rounding(1, "half_away_from_zero")
    assert index.output_scale == (0.0, 100.0)
    assert index.missing == "reweight" and index.aggregation == "arithmetic"
    assert index.period is None and index.by is None


@pytest.mark.parametrize("mode", ["half_up", "half_away_from_zero"])
def test_half_up_is_an_alias_of_half_away_from_zero(lab, mode):
    outcome = lab.load(f'index "X" {{ round 2 {mode}\n pillar "P" {{ metric a from "d.csv" mean scale 0..100 }} }}')
    assert outcome.index.rounding == Rounding(2, "half_away_from_zero")


# ---- any finite double has a text (a tester's `output scale 0..1e28` crashed) ----------------


@pytest.mark.parametrize("digits", [0, 1, 2, 12])
@pytest.mark.parametrize("value", [
    1e20, 99999999999999999999.0, 1e21, 1e27, 1e28, 3e30, -3e30, 1.7976931348623157e308,
    -1.7976931348623157e308, 5e-324, -5e-324, 2.2250738585072014e-308, 123456789012345678.9,
])
def test_every_finite_double_has_a_display(value, digits):
    for mode in ("half_away_from_zero", "half_even"):
        text = round_display(value, Rounding(digits, mode))  # raised decimal.InvalidOperation
        assert float(text) == pytest.approx(value, rel=1e-14, abs=10.0 ** -digits)
        assert not text.startswith("-0") or "e" in text


def test_huge_numbers_in_exponent_notation_with_15_significant_digits():
    assert round_display(1e20, AWAY) == "100000000000000000000.0"  # below 1e21: plain
    assert round_display(1e20, Rounding(12)) == "100000000000000000000.000000000000"
    assert round_display(1e21, AWAY) == "1e+21"
    assert round_display(3e30, AWAY) == "3e+30"
    assert round_display(-3e30, AWAY) == "-3e+30"
    assert round_display(6.999999999999999e27, AWAY) == "7e+27"  # 7e27 after float arithmetic
    assert round_display(1.7976931348623157e308, AWAY) == "1.7976931348623157e+308"  # 1.79769313486232e+308 overflows
    assert round_display(1.2345678901234565e28, EVEN) == "1.23456789012346e+28"
    assert round_display(float("inf"), AWAY) == "inf"
