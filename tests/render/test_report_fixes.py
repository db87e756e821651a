"""Regressions from fresh-user testing of render and explain.

* huge values (``output scale 0..1e28``, a raw value of 3e30) crashed every format
  with ``decimal.InvalidOperation``;
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from chi_lang.cli import app

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
