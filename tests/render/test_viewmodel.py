"""The view model's numbers against hand computation, and its words."""

from __future__ import annotations

import pytest

from chi_lang.display import display_score
from chi_lang.model import StatusBand
from chi_lang.render import formatting as fmt
from chi_lang.render.charts import label_positions, trend_floor
from chi_lang.render.status import palette
from chi_lang.render.viewmodel import Options, build_scorecard, period_words, slug


def _metric(index, name):
    for _, metric in index.metrics():
        if metric.name == name:
            return metric
    raise KeyError(name)


def test_west_q2_hand_computed(regions):
    """West, 2025-Q2 (rows of 2025-05-05 and 2025-05-07; no ratings in that quarter).

    Reach: visitors 300+310 = 610 → target 1000 → 61.0; signups mean (20+21)/2 = 20.5
      → scale 0..50 → 41.0; peak max 310 → target 500 → 62.0;
      pillar = 0.5·61 + 0.3·41 + 0.2·62 = 30.5 + 12.3 + 12.4 = 55.2
    Tom & "Jerry": rating has no data (reweight: its third goes to the other two);
      wait median(14, 13) = 13.5 → lower is better 0..48 → 100·(48−13.5)/48 = 71.875;
      rank = minmax of max(signups) over the six units in Q2:
      North 28, South 16, <img…> 38, Tom 46, West 21, East 5 → (21−5)/(46−5)·100 = 39.0244;
      pillar = (71.875 + 39.0244)/2 = 55.4497
    Index = 0.5·55.2 + 0.5·55.4497 = 55.3249 → "55.3"; coverage = 0.5·1 + 0.5·(2/3) = 83%.
    """
    card = build_scorecard(regions.index, regions.evaluation, Options(period="2025-Q2", unit="West"))
    (report,) = card.reports
    rank = (21 - 5) / (46 - 5) * 100
    tom = (100 * (48 - 13.5) / 48 + rank) / 2
    index = 0.5 * 55.2 + 0.5 * tom
    assert report.score == "55.3" == display_score(regions.index, index / 100 * 100)
    assert report.coverage == "83%"
    reach, jerry = report.pillars
    assert reach.score == "55.2" and jerry.score == "55.4"
    assert [m.raw for m in reach.metrics] == ["610 people", "20.5", "310 people"]
    assert [m.score for m in jerry.metrics] == ["–", "71.9", "39.0"]
    rating = jerry.metrics[0]
    assert not rating.has_data and rating.raw == "no data" and rating.effective_weight == "0%"
    # the other two carry the pillar's half of the index: 25% each
    assert [m.effective_weight for m in jerry.metrics[1:]] == ["25%", "25%"]
    assert jerry.notes == ("No data for rating in 2025-Q2: its weight (33.3% of the pillar) "
                           "was shared out among the pillar's other metrics.",)
    assert not jerry.complete and jerry.coverage == "67%"
    # change since Q1: West had one row (2025-03-07): index 42.6 → 55.3
    assert report.change is not None and report.change.direction == "up"
    assert report.previous == "2025-Q1"


def test_ranking_orders_and_marks_no_data(regions):
    card = build_scorecard(regions.index, regions.evaluation, Options(period="2025-Q1"))
    rows = card.ranking.rows
    # East has no rows in Q1: no data, ranked last, with no rank number
    assert rows[-1].unit == "East" and rows[-1].rank == "–" and rows[-1].status.label == "no data"
    scores = [float(r.score) for r in rows[:-1]]
    assert scores == sorted(scores, reverse=True)
    assert card.ranking.no_data == "1 unit"
    # top 5 get sections; East is not among them
    assert len(card.reports) == 5 and all(r.unit != "East" for r in card.reports)
    assert card.ranking.sections_note.startswith("Full sections are shown for the top 5 of 6 units")


def test_index_and_pillar_numbers_match_the_engine(example):
    """Every number on the page comes from display.py applied to the engine's rows."""
    card = build_scorecard(example.index, example.evaluation)
    period = example.evaluation.periods()[-1]
    (report,) = card.reports
    assert report.score == display_score(example.index, example.evaluation.lookup(period).score)
    for view in report.pillars:
        assert view.score == display_score(example.index, example.evaluation.lookup(period, pillar=view.name).score)


def test_contributions_add_up_to_the_index(example):
    """Arithmetic aggregation: the pillar points add up to the index (± rounding)."""
    card = build_scorecard(example.index, example.evaluation)
    (report,) = card.reports
    total = sum(float(p.contribution) for p in report.pillars)
    assert abs(total - float(report.score)) <= 0.05 * len(report.pillars) + 1e-9


@pytest.mark.parametrize(("name", "words"), [
    ("mention_volume", "target 500 mentions"),
    ("first_reply", "lower is better, 0–48 h"),
    ("downloads", "log, 10,000–1,000,000 downloads"),
    ("resolution_rate", "target 90%"),
    ("sentiment", "−1 to 1"),
    ("time_to_resolve", "lower is better, target 2 days"),
])
def test_normalisation_in_words(example, name, words):
    assert fmt.normalisation_words(_metric(example.index, name)) == words


def test_raw_values_for_people(example):
    assert fmt.raw_value(_metric(example.index, "resolution_rate"), 0.844749) == "84.5%"
    assert fmt.raw_value(_metric(example.index, "downloads"), 88114.0) == "88,114 downloads"
    assert fmt.raw_value(_metric(example.index, "first_reply"), 9.40833) == "9.41 h"
    assert fmt.raw_value(_metric(example.index, "sentiment"), 0.264933) == "0.265"
    assert fmt.raw_value(_metric(example.index, "sentiment"), None) == "no data"


def test_number_rounding_is_display_rule():
    # half away from zero on the decimal value as written: 2.675 → 2.68 (binary would give 2.67)
    assert fmt.number(2.675, 2) == "2.68"
    assert fmt.number(-1234567.5, 0) == "−1,234,568"
    assert fmt.percent(0.3) == "30%" and fmt.percent(1 / 3) == "33.3%"


def test_delta_rounds_once_and_says_flat(example):
    assert fmt.delta(example.index, 73.25, 72.0) == ("+1.3", "up")  # 1.25 exactly: half away from zero
    assert fmt.delta(example.index, 70.0, 70.04) == ("±0.0", "flat")  # −0.04 rounds to 0
    assert fmt.delta(example.index, 60.0, 61.25) == ("−1.3", "down")
    assert fmt.delta(example.index, None, 61.25) is None


def test_status_tones_follow_the_scale_not_the_order():
    down = (StatusBand(">=", 75, "healthy"), StatusBand(">=", 50, "watch"), StatusBand(None, None, "at risk"))
    up = (StatusBand("<", 50, "at risk"), StatusBand("<", 75, "watch"), StatusBand(None, None, "healthy"))
    for bands in (down, up):
        pal = palette(bands, (0.0, 100.0))
        assert dict(pal.tones) == {"healthy": "good", "watch": "ok", "at risk": "bad"}
        assert [(s.low, s.high, s.label) for s in pal.segments] == [
            (0.0, 50.0, "at risk"), (50.0, 75.0, "watch"), (75.0, 100.0, "healthy")]
    five = tuple(StatusBand(">=", t, str(t)) for t in (80, 60, 40, 20)) + (StatusBand(None, None, "0"),)
    assert [t for _, t in palette(five, (0.0, 100.0)).tones] == ["good", "ok", "ok", "warn", "bad"]


def test_chart_helpers():
    assert label_positions(5, 7) == [0, 1, 2, 3, 4]
    assert label_positions(59, 7)[-1] == 58 and len(label_positions(59, 7)) <= 7
    assert trend_floor([69.0, 82.0], (0.0, 100.0)) == 50.0  # a tenth below the lowest, rounded down
    assert trend_floor([12.0, 82.0], (0.0, 100.0)) == 0.0


def test_words():
    assert period_words("2025-12") == "December 2025"
    assert period_words("2025-Q3") == "Q3 2025"
    assert period_words("2025-W07") == "week 7 of 2025"
    assert slug('<img src=x onerror=alert(1)>') == "img-src-x-onerror-alert-1"
    assert slug("Ünïcödé") == "n-c-d" and slug("&&&") == "x"
