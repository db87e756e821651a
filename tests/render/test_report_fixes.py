"""Regressions from fresh-user testing of render and explain.

* huge values (``output scale 0..1e28``, a raw value of 3e30) crashed every format
  with ``decimal.InvalidOperation``;
* ``render --period P`` highlighted the last period on the trend and sparklines;
* render showed the last period even when it had no data (explain the last with
  data), and then said "Every metric with data is at its best score" and "– of 0.0 pts";
* points rounded one by one did not add up to the index shown, without a word;
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from chi_lang.cli import app
from chi_lang.render import charts
from chi_lang.render.html import render_html
from chi_lang.render.viewmodel import Options, build_scorecard

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "scorecard.schema.json").read_text())


def write(folder: Path, spec: str, data: str) -> str:
    (folder / "d.csv").write_text(textwrap.dedent(data).lstrip(), encoding="utf-8")
    path = folder / "spec.chi"
    path.write_text(textwrap.dedent(spec), encoding="utf-8")
    return str(path)


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


# ---- 1. any finite double can be shown -----------------------------------------------------

HUGE = """
index "Huge" {
  period month
  output scale 0..1e28
  source d = "d.csv" { date date }
  pillar "A" { metric v from d scale 0..10  metric w from d sum }
}
"""
HUGE_DATA = """
date,v,w
2025-01-05,5,40
2025-02-05,7,3e30
"""


@pytest.mark.parametrize("format", ["html", "md", "json", "csv"])
def test_render_huge_values_in_every_format(tmp_path, format):
    spec = write(tmp_path, HUGE, HUGE_DATA)
    result = cli("render", spec, "--engine", "python", "--format", format)
    assert result.exit_code == 0, result.output
    if format == "json":
        document = json.loads(result.stdout)
        jsonschema.Draft202012Validator(SCHEMA).validate(document)
        # February: (7/10·100 + 100)/2 = 85 on 0–100 (3e30 scores 100) → 8.5e27 on the output scale
        assert document["results"][-1]["index"]["display"] == "8.5e+27"
    elif format != "csv":
        assert "8.5e+27" in result.stdout and "3e+30" in result.stdout  # the score, the raw value
        assert "e,+" not in result.stdout  # no thousands separator inside an exponent


@pytest.mark.parametrize("format", ["text", "md", "json"])
def test_explain_and_eval_huge_values(tmp_path, format):
    spec = write(tmp_path, HUGE, HUGE_DATA)
    result = cli("explain", spec, "--engine", "python", "--format", format)
    assert result.exit_code == 0, result.output
    result = cli("eval", spec, "--engine", "python")
    assert result.exit_code == 0, result.output
    assert "8.5e+27" in result.stdout


# ---- 3. --period P highlights P -------------------------------------------------------------


def test_trend_and_sparklines_highlight_the_period_shown(example):
    card = build_scorecard(example.index, example.evaluation, Options(period="2025-06"))
    report = card.reports[0]
    for chart in (report.trend.wide, report.trend.narrow):
        assert chart.last.title.startswith("2025-06: ")  # was 2025-12, the last period
        assert chart.last_label.text == report.trend.rows[5].score == report.score
        assert chart.last_label.anchor == "middle"  # above the point: later points follow
        half = charts.text_width(chart.last_label.text, 13.0, bold=True) / 2
        assert half <= float(chart.last_label.x) <= float(chart.width) - half
    # The sparkline's dot sits on the 6th of 12 periods: x = 4 + 5·(120 − 8)/11.
    for pillar in report.pillars:
        assert float(pillar.spark.last_x) == pytest.approx(4 + 5 * 112 / 11, abs=0.05)
    html = render_html(example.index, example.evaluation, Options(period="2025-06"))
    assert 'text-anchor="middle">' + report.score + "</text>" in html


def test_default_highlight_is_still_the_last_period(example):
    report = build_scorecard(example.index, example.evaluation).reports[0]
    assert report.trend.wide.last.title.startswith("2025-12: ")
    assert report.trend.wide.last_label.anchor == "start"
    assert all(float(p.spark.last_x) == pytest.approx(116.0) for p in report.pillars)


def test_a_period_without_data_has_no_highlighted_point():
    chart = charts.trend(["a", "b", "c"], [60.0, None, 80.0], ["60", "–", "80"], ["ok"] * 3, (0.0, 100.0), (),
                         [(0.0, "0"), (100.0, "100")], 560.0, 7, selected=1)
    assert chart.last is None and chart.last_label is None
    spark = charts.sparkline([60.0, None, 80.0], (0.0, 100.0), selected=1)
    assert spark.last_x is None


# ---- 4. render and explain show the same period; true words without data ---------------------

LAST_EMPTY = """
index "D" {
  period month
  source d = "d.csv" { date date }
  pillar "A" { metric v from d scale 0..10  metric w from d scale 0..10 }
  pillar "B" { metric u from d scale 0..10 }
}
"""
LAST_EMPTY_DATA = """
date,v,w,u
2025-01-05,5,6,7
2025-02-05,6,7,8
2025-03-05,,,
"""


def test_render_and_explain_default_to_the_last_period_with_data(tmp_path):
    spec = write(tmp_path, LAST_EMPTY, LAST_EMPTY_DATA)
    explained = json.loads(cli("explain", spec, "--engine", "python", "--format", "json").stdout)
    assert explained["period"] == "2025-02"
    page = cli("render", spec, "--engine", "python", "--format", "md")
    assert page.exit_code == 0, page.output
    assert page.stdout.startswith("## D · February 2025")  # was March 2025, with no data
    assert "**72.5** / 100" in page.stdout  # (6+7)/2·10 = 65, 80: (65+80)/2
    html = cli("render", spec, "--engine", "python").stdout
    assert '"selection":{"period":"2025-02"' in html


def test_by_spec_defaults_to_the_last_period_any_unit_has_data(tmp_path):
    spec = """
    index "U" {
      period month
      by team
      source d = "d.csv" { date date }
      pillar "A" { metric v from d scale 0..10 }
    }
    """
    path = write(tmp_path, spec, "date,team,v\n2025-01-05,x,5\n2025-02-05,y,6\n2025-03-05,x,\n")
    explained = json.loads(cli("explain", path, "--engine", "python", "--format", "json").stdout)
    page = cli("render", path, "--engine", "python", "--format", "md").stdout
    assert explained["period"] == "2025-02" and page.startswith("## U · February 2025")
    # With --unit, the unit's own last period with data, for both.
    explained = json.loads(cli("explain", path, "--engine", "python", "--unit", "x", "--format", "json").stdout)
    page = cli("render", path, "--engine", "python", "--unit", "x", "--format", "md").stdout
    assert explained["period"] == "2025-01" and page.startswith("## U · January 2025")


def test_a_period_without_data_says_so(tmp_path):
    spec = write(tmp_path, LAST_EMPTY, LAST_EMPTY_DATA)
    for format in ("html", "md"):
        page = cli("render", spec, "--engine", "python", "--period", "2025-03", "--format", format).stdout
        assert "best score" not in page
        assert "of 0.0" not in page and "– of" not in page  # "– of 0.0 pts": no points of no points
    html = cli("render", spec, "--engine", "python", "--period", "2025-03").stdout
    assert "No metric has data in 2025-03." in html
    assert html.count("no data · weight 50%") == 2  # both pillar cards
    md = cli("render", spec, "--engine", "python", "--period", "2025-03", "--format", "md").stdout
    assert "| A | **–** |  | 50% | – | 0% |" in md


def test_nothing_left_to_gain_words(tmp_path):
    spec = write(tmp_path, LAST_EMPTY, "date,v,w,u\n2025-01-05,10,10,10\n")
    report = build_scorecard(*_evaluated(spec)).reports[0]
    assert report.gaps == () and report.gaps_empty == "Every metric with data scores 100."
    spec = write(tmp_path, LAST_EMPTY, "date,v,w,u\n2025-01-05,10,9.9999999,10\n")
    report = build_scorecard(*_evaluated(spec)).reports[0]
    # 0.25 · 0.000001 points left: not visible at one decimal, and not "at its best"
    assert report.gaps == ()
    assert report.gaps_empty == "No metric with data has a visible number of points left to gain."


def _evaluated(path: str):
    from .conftest import evaluated

    case = evaluated(Path(path))
    return case.index, case.evaluation


# ---- 9. rounded points that do not add up say so ------------------------------------------


def test_rounding_note_when_the_points_shown_miss_the_index(example):
    # December: 22.2 + 15.9 + 16.1 + 27.1 = 81.3, the index 81.2.
    report = build_scorecard(example.index, example.evaluation).reports[0]
    assert [p.contribution for p in report.pillars] == ["22.2", "15.9", "16.1", "27.1"] and report.score == "81.2"
    assert report.rounding_note == "Points are rounded, so they may not add up exactly to the scores shown."
    html = render_html(example.index, example.evaluation, Options())
    assert '<p class="card-note">Points are rounded, so they may not add up exactly' in html
    md = cli("render", str(ROOT / "specs" / "community-health.chi"), "--engine", "python", "-f", "md").stdout
    assert "_Points are rounded, so they may not add up exactly to the scores shown._" in md


def test_no_rounding_note_when_the_points_add_up(tmp_path):
    spec = write(tmp_path, LAST_EMPTY, "date,v,w,u\n2025-01-05,5,6,7\n")
    report = build_scorecard(*_evaluated(spec)).reports[0]
    # A: 27.5 (v 12.5 + w 15.0) + B: 35.0 = 62.5
    assert [p.contribution for p in report.pillars] == ["27.5", "35.0"] and report.score == "62.5"
    assert report.rounding_note is None


def test_explain_says_when_the_contributions_shown_do_not_add_up():
    spec = str(ROOT / "specs" / "community-health.chi")
    text = cli("explain", spec, "--engine", "python").stdout
    # 27.10 + 22.16 + 16.08 + 15.86 = 81.20, the index 81.19 at that precision
    assert "  (figures are rounded; they may not add up exactly)\n" in text
    md = cli("explain", spec, "--engine", "python", "-f", "md").stdout
    assert "_Figures are rounded; they may not add up exactly._" in md
    text = cli("explain", spec, "--engine", "python", "--period", "2025-02").stdout
    assert "they may not add up" not in text  # its parts add up as shown


def test_markdown_footer_is_escaped_like_the_heading(tmp_path):
    # The <sub> footer printed the name, version and owner raw (Markdown syntax
    # passed through) and wrote `"` as `&#34;` where the heading writes it plain.
    spec = write(tmp_path, '''
        index "X|Y *b* `c` [x](http://e.vil) \\"q\\"" {
          version "1_0 *v*"
          owner "[me](http://e.vil) | ~z~"
          pillar "P" { metric m from "d.csv" mean scale 0..10 }
        }
        ''', "m\n5\n")
    result = cli("render", spec, "-f", "md", "--engine", "python")
    assert result.exit_code == 0, result.output
    heading = next(line for line in result.output.splitlines() if line.startswith("## "))
    footer = next(line for line in result.output.splitlines() if line.startswith("<sub>X"))
    title = heading[3:]
    assert title.startswith(r"X\|Y \*b\* \`c\` \[x\]")
    assert footer.startswith(f"<sub>{title} 1\\_0 \\*v\\* · owner \\[me\\](http://e.vil) \\| \\~z\\~ · ")
    assert "&#34;" not in result.output and '\\"q\\"' not in footer and '"q"' in footer
    assert "[x](" not in footer and "*b*" not in footer and "`c`" not in footer


def test_difference_to_the_median_is_that_of_the_values_shown():
    # "64.2 vs median 41.9 ▲ 22.2 above the median": the difference of the unrounded
    # scores; the text subtracts what it shows.
    from types import SimpleNamespace

    from chi_lang.model import Rounding
    from chi_lang.render import formatting as fmt

    index = SimpleNamespace(output_scale=(0, 100), rounding=Rounding())
    assert (fmt.score(index, 64.24), fmt.score(index, 41.86)) == ("64.2", "41.9")
    assert fmt.delta(index, 64.24, 41.86) == ("+22.4", "up")  # unrounded: 22.38
    assert fmt.displayed_delta(index, 64.24, 41.86) == ("+22.3", "up")
    assert fmt.displayed_delta(index, 41.86, 64.24) == (f"{fmt.MINUS}22.3", "down")
    assert fmt.displayed_delta(index, 50.04, 49.96) == ("±0.0", "flat")
    assert fmt.displayed_delta(index, None, 1.0) is None
