"""Regressions from fresh-user testing of render and explain.

* huge values (``output scale 0..1e28``, a raw value of 3e30) crashed every format
  with ``decimal.InvalidOperation``;
* ``render --period P`` highlighted the last period on the trend and sparklines;
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
