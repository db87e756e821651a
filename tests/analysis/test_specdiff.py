"""Semantic diff: reordered, renamed, reweighted and redefined parts."""

from __future__ import annotations

import textwrap

import pytest

from chi_lang.analysis.specdiff import data_effect, diff_specs
from chi_lang.pipeline import load_text

BASE = """
index "Health" {
  period month
  source survey = "survey.csv" { date at }
  source tickets = "tickets.csv" { date at }
  pillar "Brand" weight 60% {
    metric satisfaction weight 0.5 from survey mean scale 1..5
    metric sentiment weight 0.25 from survey column tone mean scale -1..1
    metric mentions weight 1/4 from survey count target 500
  }
  pillar "Internal" weight 40% {
    metric first_reply from tickets value median(hours(replied - at)) lower_is_better scale 0..48
    metric resolved from tickets share(where status = "resolved") target 90%
  }
}
"""


def resolve(text: str, name: str = "spec.chi"):
    loaded = load_text(textwrap.dedent(text), name)
    assert not loaded.bag.has_errors, [d.message for d in loaded.bag.items]
    return loaded.index


def kinds(diff):
    return [(c.kind, c.pillar, c.metric, c.old, c.new) for c in diff.semantic]


def test_identical_specs_have_no_changes():
    assert diff_specs(resolve(BASE), resolve(BASE)).changes == ()


def test_reordered_and_rewritten_weights_are_not_semantic():
    new = """
    index "Health" {
      source tickets = "tickets.csv" { date at }
      source survey = "survey.csv" { date at }
      period month
      pillar "Internal" weight 0.4 {
        metric resolved from tickets share(where status = "resolved") target 90%
        metric first_reply from tickets value median(hours(replied - at)) scale 0..48 lower_is_better
      }
      pillar "Brand" weight 3/5 {
        metric mentions weight 25% from survey count target 500
        metric satisfaction weight 50% from survey column satisfaction mean scale 1..5
        metric sentiment weight 1/4 from survey column tone mean scale -1..1 higher_is_better
      }
    }
    """
    diff = diff_specs(resolve(BASE), resolve(new))
    assert diff.semantic == ()
    orders = [(c.pillar, c.old, c.new) for c in diff.notes if c.kind == "order"]
    assert orders == [
        (None, "pillars: Brand, Internal", "pillars: Internal, Brand"),
        ("Internal", "metrics: first_reply, resolved", "metrics: resolved, first_reply"),
        ("Brand", "metrics: satisfaction, sentiment, mentions", "metrics: mentions, satisfaction, sentiment"),
    ]


def test_reweighted_parts_are_exact():
    new = BASE.replace('"Brand" weight 60%', '"Brand" weight 2/3').replace('"Internal" weight 40%', '"Internal" weight 1/3')
    new = new.replace("satisfaction weight 0.5", "satisfaction weight 1/3") \
             .replace("sentiment weight 0.25", "sentiment weight 1/3") \
             .replace("mentions weight 1/4", "mentions weight 1/3")
    diff = diff_specs(resolve(BASE), resolve(new))
    assert kinds(diff) == [
        ("pillar-weight", "Brand", None, "60%", "2/3 (≈66.6667%)"),
        # metric weights: within the pillar, and of the index (pillar × metric, exact)
        ("metric-weight", "Brand", "satisfaction", "50% of the pillar (30% of the index)",
         "1/3 (≈33.3333%) of the pillar (2/9 (≈22.2222%) of the index)"),
        ("metric-weight", "Brand", "sentiment", "25% of the pillar (15% of the index)",
         "1/3 (≈33.3333%) of the pillar (2/9 (≈22.2222%) of the index)"),
        ("metric-weight", "Brand", "mentions", "25% of the pillar (15% of the index)",
         "1/3 (≈33.3333%) of the pillar (2/9 (≈22.2222%) of the index)"),
        ("pillar-weight", "Internal", None, "40%", "1/3 (≈33.3333%)"),
    ]


def test_renamed_metric_and_pillar_are_matched_by_definition():
    new = BASE.replace('metric sentiment weight 0.25 from survey column tone', 'metric tone weight 0.25 from survey column tone')
    new = new.replace('pillar "Internal"', 'pillar "Support"')
    diff = diff_specs(resolve(BASE), resolve(new))
    assert kinds(diff) == [
        ("metric-renamed", "Brand", "tone", "sentiment", "tone"),
        ("pillar-renamed", "Support", None, "Internal", "Support"),
    ]


def test_adding_a_metric_moves_equal_shares():
    new = BASE.replace(
        '    metric resolved from tickets share(where status = "resolved") target 90%\n',
        '    metric resolved from tickets share(where status = "resolved") target 90%\n'
        '    metric reopened from tickets share(where reopened) lower_is_better target 5%\n')
    diff = diff_specs(resolve(BASE), resolve(new))
    assert kinds(diff) == [
        ("metric-weight", "Internal", "first_reply", "50% of the pillar (20% of the index)",
         "1/3 (≈33.3333%) of the pillar (2/15 (≈13.3333%) of the index)"),
        ("metric-weight", "Internal", "resolved", "50% of the pillar (20% of the index)",
         "1/3 (≈33.3333%) of the pillar (2/15 (≈13.3333%) of the index)"),
        ("metric-added", "Internal", "reopened", None,
         "weight 1/3 (≈33.3333%) of the pillar, from tickets.csv, value share(where reopened), target 0.05 lower_is_better"),
    ]


def test_definition_changes():
    new = BASE.replace("mean scale 1..5", "mean scale 0..5") \
              .replace('share(where status = "resolved")', 'share(where status in ["resolved", "closed"])') \
              .replace("median(hours(replied - at))", "percentile(hours(replied - at), 90)") \
              .replace('source survey = "survey.csv" { date at }', 'source survey = "survey.csv" { date at  delimiter ";" }') \
              .replace("metric mentions weight 1/4 from survey count", "metric mentions weight 1/4 from tickets count")
    diff = diff_specs(resolve(BASE), resolve(new))
    assert kinds(diff) == [
        ("source", None, None, 'survey = "survey.csv" { date at }', 'survey = "survey.csv" { date at  delimiter ";" }'),
        ("normalisation", "Brand", "satisfaction", "scale 1..5", "scale 0..5"),
        ("metric-source", "Brand", "mentions", '"survey.csv" { date at }', '"tickets.csv" { date at }'),
        ("value", "Internal", "first_reply", "median(hours(replied - at))", "percentile(hours(replied - at), 90)"),
        ("value", "Internal", "resolved", 'share(where status = "resolved")',
         'share(where status in ["resolved", "closed"])'),
    ]


def test_moved_added_and_removed():
    new = BASE.replace('    metric mentions weight 1/4 from survey count target 500\n', '') \
              .replace("satisfaction weight 0.5", "satisfaction weight 2/3").replace("sentiment weight 0.25", "sentiment weight 1/3")
    new = new.replace('  pillar "Internal" weight 40% {', '  pillar "Internal" weight 40% {\n'
                      '    metric mentions from survey count target 500')
    new = new.replace('    metric resolved from tickets share(where status = "resolved") target 90%\n', '')
    new = new.replace('  }\n}', '  }\n  pillar "Growth" weight 0% { metric signups from signups count target 10 }\n}')
    new = new.replace('source tickets = "tickets.csv" { date at }',
                      'source tickets = "tickets.csv" { date at }\n  source signups = "signups.csv" { date at }')
    diff = diff_specs(resolve(BASE), resolve(new))
    got = kinds(diff)
    assert ("metric-moved", "Internal", "mentions", "Brand", "Internal") in got
    assert ("metric-weight", "Internal", "mentions", "25% of the pillar (15% of the index)",
            "50% of the pillar (20% of the index)") in got
    assert ("metric-removed", "Internal", "resolved") == got[-1][:3]
    assert any(c[0] == "pillar-added" and c[1] == "Growth" for c in got)
    assert any(c[0] == "source-added" and "signups.csv" in c[4] for c in got)


def test_index_settings():
    new = BASE.replace("period month", "period quarter\n  geometric\n  round 2")
    diff = diff_specs(resolve(BASE), resolve(new))
    assert kinds(diff) == [
        ("index", None, None, "period month", "period quarter"),
        ("index", None, None, "aggregation arithmetic", "aggregation geometric"),
        ("index", None, None, "round 1 half_away_from_zero", "round 2 half_away_from_zero"),
    ]


def test_data_effect_by_hand(build, tmp_path):
    spec = """
    index "Teams" {
      by team
      source d = "d.csv"
      pillar "P" weight 1/2 { metric a from d scale 0..100 }
      pillar "Q" weight 1/2 { metric b from d scale 0..100 }
    }
    """
    old = build(spec, "old.chi", d="team,a,b\nx,80,20\ny,40,70\n")
    new = build(spec.replace("weight 1/2 { metric a", "weight 3/4 { metric a").replace("weight 1/2 { metric b", "weight 1/4 { metric b"),
                "new.chi")
    effect = data_effect(old.index, old.evaluation, new.index, new.evaluation)
    rows = {r.unit: r for r in effect.rows}
    # old: x (80 + 20)/2 = 50, y (40 + 70)/2 = 55 → y first
    # new: x .75·80 + .25·20 = 65, y .75·40 + .25·70 = 47.5 → x first
    assert (rows["x"].old, rows["x"].new) == (pytest.approx(50), pytest.approx(65))
    assert (rows["y"].old, rows["y"].new) == (pytest.approx(55), pytest.approx(47.5))
    assert (rows["x"].old_rank, rows["x"].new_rank, rows["y"].old_rank, rows["y"].new_rank) == (2, 1, 1, 2)
    assert [r.unit for r in effect.rows] == ["x", "y"]  # largest change first: 15 > 7.5
