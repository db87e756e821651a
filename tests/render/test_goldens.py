"""Golden HTML, Markdown and JSON scorecards (regenerate with ``pytest --force-regen``
and review the diff).  The outputs are deterministic, so they compare byte for byte."""

from __future__ import annotations

import pytest

from chi_lang.render.document import build_document, to_json_text
from chi_lang.render.html import render_html
from chi_lang.render.markdown import render_markdown
from chi_lang.render.viewmodel import Options


def _options(case) -> Options:
    return Options(spec_file=case.path.name)


@pytest.mark.parametrize("name", ["example", "regions"])
def test_html_golden(name, request, file_regression):
    case = request.getfixturevalue(name)
    text = render_html(case.index, case.evaluation, _options(case))
    file_regression.check(text, extension=".html", basename=f"{name}_scorecard", newline="\n")


@pytest.mark.parametrize("name", ["example", "regions"])
def test_markdown_golden(name, request, file_regression):
    case = request.getfixturevalue(name)
    text = render_markdown(case.index, case.evaluation, _options(case))
    file_regression.check(text, extension=".md", basename=f"{name}_scorecard", newline="\n")


@pytest.mark.parametrize("name", ["example", "regions"])
def test_json_golden(name, request, file_regression):
    case = request.getfixturevalue(name)
    text = to_json_text(build_document(case.index, case.evaluation, spec_file=case.path.name)) + "\n"
    file_regression.check(text, extension=".json", basename=f"{name}_scorecard", newline="\n")


def test_regions_selected_unit_and_period_golden(regions, file_regression):
    """--unit and --period: one unit in full, the ranking of that period for all."""
    options = Options(period="2025-Q2", unit="West", spec_file=regions.path.name)
    text = render_markdown(regions.index, regions.evaluation, options)
    file_regression.check(text, extension=".md", basename="regions_west_q2", newline="\n")
