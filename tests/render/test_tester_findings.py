"""Regressions from testing the renderer.

* the trend chart's last value label was clipped with `round 2` (``89.72`` at x=527 of 560);
* "shared out among the other pillars" when no pillar had data;
* "Biggest changes" left out a metric that lost its data, disagreed with ``explain``,
  and under geometric aggregation showed contribution points that did not add up;
* ``render -o out.pdf`` wrote HTML into a .pdf file.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chi_lang.analysis import explain_changes
from chi_lang.cli import app
from chi_lang.render import charts
from chi_lang.render.markdown import render_markdown
from chi_lang.render.viewmodel import Options, build_scorecard

from .conftest import evaluated


def write_case(folder: Path, spec: str, data: str, name: str = "spec.chi"):
    (folder / "d.csv").write_text(textwrap.dedent(data).lstrip(), encoding="utf-8")
    path = folder / name
    path.write_text(textwrap.dedent(spec), encoding="utf-8")
    return evaluated(path)


# ---- 4. the last value label fits in the chart ------------------------------------------------


def _trend(last_text: str, width: float) -> charts.Trend:
    values = [60.0, 75.0, 89.72]
    texts = ["60.00", "75.00", last_text]
    return charts.trend(["2025-01", "2025-02", "2025-03"], values, texts, ["good"] * 3, (50.0, 100.0), (),
                        [(50.0, "50"), (100.0, "100")], width, 7)


@pytest.mark.parametrize("text", ["89.72", "100.00", "1,000.000", "−12.345"])
@pytest.mark.parametrize("width", [560.0, 330.0])
def test_last_label_has_room_for_its_text(text, width):
    chart = _trend(text, width)
    # DejaVu Sans Bold (the widest common fallback) at 13 px: digits 0.7 em = 9.1 px,
    # "." 0.4 em = 5.2 px; "89.72" = 4 × 9.1 + 5.2 = 41.6 px.  The label starts 9 px
    # right of the last point; before the fix the point sat at width − 42, so the
    # label ran to width − 42 + 9 + 41.6 = width + 8.6: clipped.
    assert float(chart.last_label.x) + charts.text_width(text, 13.0, bold=True) <= width
    assert float(chart.last_label.x) == pytest.approx(float(chart.plot_right) + 9.0, abs=0.051)


def test_text_width_of_the_clipped_label():
    assert charts.text_width("89.72", 13.0, bold=True) == pytest.approx(4 * 0.7 * 13 + 0.4 * 13)


def test_last_label_inside_the_svg_in_chromium(tmp_path):
    """Measured where it matters: the label's box in a real browser, inside the viewBox."""
    from chi_lang.render.browser import CHROMIUM, Browser
    from chi_lang.render.html import render_html

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    case = write_case(tmp_path, ROUND2, ROUND2_DATA)
    page_file = tmp_path / "card.html"
    page_file.write_text(render_html(case.index, case.evaluation, Options()), encoding="utf-8")
    with Browser() as browser:
        boxes = []
        for width in (1280, 375):  # the wide chart, then the narrow one on a phone
            page = browser.new_page(width, 900)
            try:
                page.open(page_file.as_uri())
                boxes += page.evaluate("""Array.from(document.querySelectorAll('svg.chart')).filter(
                    s => s.getBoundingClientRect().width > 0).map(s => {
                    const t = s.querySelector('.last-label'), b = t.getBBox();
                    return [t.textContent, b.x + b.width, s.viewBox.baseVal.width]; })""")
            finally:
                browser.close_page(page)
    assert len(boxes) == 2, boxes
    for text, right, width in boxes:
        assert text == "89.72"
        assert right <= width, (text, right, width)


# ---- 5. the scorecard's words about missing data and changes --------------------------------

ROUND2 = """
index "M" {
  period month
  round 2
  source d = "d.csv" { date date }
  pillar "Mood" weight 60% {
    metric a weight 40% from d scale 0..100
    metric b weight 30% from d scale 0..100
    metric c weight 30% from d scale 0..100
  }
  pillar "Speed" weight 40% { metric s from d scale 0..100 }
}
"""
# January: Mood = .4·95 + .3·50 + .3·100 = 83; index = .6·83 + .4·90 = 85.8.
# February: `a` has no data, its 40% goes to b and c (1/2 each of Mood):
# Mood = .5·100 + .5·100 = 100; index = .6·100 + .4·74.3 = 89.72, the label that
# was clipped in the tester's chart.
ROUND2_DATA = """
date,a,b,c,s
2025-01-10,95,50,100,90
2025-02-10,,100,100,74.3
"""


def test_biggest_changes_are_explains_attribution(tmp_path):
    case = write_case(tmp_path, ROUND2, ROUND2_DATA)
    card = build_scorecard(case.index, case.evaluation)
    report = card.reports[0]
    # Index: January 85.8; February .6·100 + .4·74.3 = 60 + 29.72 = 89.72.
    assert report.score == "89.72"
    # Parts (effective weight × score, January → February):
    #   a  .24·95 = 22.8 → no data            −22.80 (lost its data)
    #   b  .18·50 =  9   → .30·100 = 30        +21.00 (score effect .24·50 = 12, weight +9)
    #   c  .18·100 = 18  → .30·100 = 30        +12.00 (all from its weight)
    #   s  .40·90 = 36   → .40·74.3 = 29.72    −6.28
    # −22.8 + 21 + 12 − 6.28 = 3.92 = 89.72 − 85.8.
    movers = [(h.metric, h.value, h.detail) for h in report.movers]
    assert movers == [
        ("a", "−22.80 pts", "lost its data (score 95.00 → no data); its weight went to the others"),
        ("b", "+21.00 pts", "score 50.00 → 100.00; +9.00 pts of it from its weight changing (other data came or went)"),
        ("c", "+12.00 pts", "score 100.00 → 100.00; +12.00 pts of it from its weight changing (other data came or went)"),
    ]
    assert report.movers_note is None  # arithmetic: plain contributions
    attribution = explain_changes(case.index, case.evaluation, "2025-01", "2025-02")
    assert [(p.metric, round(p.total, 2)) for p in attribution.parts] == [
        ("a", -22.8), ("b", 21.0), ("c", 12.0), ("s", -6.28)]
    assert math.fsum(p.total for p in attribution.parts) == pytest.approx(89.72 - 85.8)
    text = render_markdown(case.index, case.evaluation, Options())
    assert "- a (Mood) −22.80 pts — lost its data (score 95.00 → no data)" in text


GEOMETRIC = """
index "G" {
  period month
  geometric  # chi: ignore[CHI308]
  round 3
  source d = "d.csv" { date date }
  pillar "H" { metric h from d scale 0..100 }
  pillar "E" {
    metric x from d scale 0..100
    metric y from d scale 0..100
  }
  pillar "I" { metric g from d scale 0..100 }
}
"""
GEOMETRIC_DATA = """
date,h,x,y,g
2025-01-10,80,60,40,90
2025-02-10,90,70,40,90
"""


def test_geometric_changes_are_log_space_index_points(tmp_path):
    case = write_case(tmp_path, GEOMETRIC, GEOMETRIC_DATA)
    report = build_scorecard(case.index, case.evaluation).reports[0]
    # I_a = (80·50·90)^(1/3), I_b = (90·55·90)^(1/3) (E = mean of x and y: 50 → 55).
    i_a, i_b = (80 * 50 * 90) ** (1 / 3), (90 * 55 * 90) ** (1 / 3)
    mean = (i_b - i_a) / math.log(i_b / i_a)  # the logarithmic mean L(I_a, I_b)
    h_part = mean * math.log(90 / 80) / 3  # ≈ 2.895
    x_part = mean * math.log(55 / 50) / 3  # ≈ 2.342 (all of E's change is x's)
    assert h_part + x_part == pytest.approx(i_b - i_a)  # the parts add up
    assert [(h.metric, h.value) for h in report.movers] == [
        ("h", f"+{h_part:.3f} pts"), ("x", f"+{x_part:.3f} pts")]
    # Not the arithmetic contribution points (.333·(90−80) = 3.333, .167·(70−60) = 1.667),
    # which add up to 5.0 while the index moved 5.237.
    assert "+3.333 pts" not in [h.value for h in report.movers]
    assert report.movers_note is not None and "log space" in report.movers_note


NO_DATA = """
index "D" {
  period month
  source d = "d.csv" { date date }
  pillar "A" { metric v from d scale 0..10  metric w from d scale 0..10 }
  pillar "B" { metric u from d scale 0..10 }
}
"""


def test_no_pillar_with_data_says_so(tmp_path):
    case = write_case(tmp_path, NO_DATA, "date,v,w,u\n2025-01-05,,,\n")
    report = build_scorecard(case.index, case.evaluation).reports[0]
    assert report.notes == ("No data for any pillar in 2025-01: the index has no value.",)
    assert [p.notes for p in report.pillars] == [
        ("No data for any metric of A in 2025-01: the pillar has no score.",),
        ("No data for any metric of B in 2025-01: the pillar has no score.",),
    ]
    assert "shared out" not in render_markdown(case.index, case.evaluation, Options())


def test_header_only_data_has_no_shared_out_note(tmp_path):
    case = write_case(tmp_path, NO_DATA, "date,v,w,u\n")
    text = render_markdown(case.index, case.evaluation, Options())
    assert "shared out" not in text and "No data for any pillar: the index has no value." in text


def test_one_pillar_without_data_still_shares_its_weight(tmp_path):
    case = write_case(tmp_path, NO_DATA, "date,v,w,u\n2025-01-05,5,,\n")
    report = build_scorecard(case.index, case.evaluation).reports[0]
    assert report.notes == ("No data for pillar B in 2025-01: its weight (50% of the index) "
                            "was shared out among the other pillars.",)
    assert report.pillars[0].notes == ("No data for w in 2025-01: its weight (50% of the pillar) "
                                       "was shared out among the pillar's other metrics.",)


# ---- 6. an output extension render cannot write ----------------------------------------------


def test_unknown_output_extension_is_a_usage_error(tmp_path):
    spec = str(Path(__file__).resolve().parents[2] / "specs" / "community-health.chi")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(app, ["render", spec, "--engine", "python", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert ".pdf" in result.output and "html, md, json, csv" in result.output
    assert not out.exists()
    # With --format the name is the user's choice.
    result = CliRunner().invoke(app, ["render", spec, "--engine", "python", "-o", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = CliRunner().invoke(app, ["render", spec, "--engine", "python", "-o", str(tmp_path / "card.htm")])
    assert result.exit_code == 0 and (tmp_path / "card.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
