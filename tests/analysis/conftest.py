"""Fixtures for the analysis tests: small specs over hand-made data, evaluated in-process.

The data is chosen so that scores equal the raw values (``scale 0..100``) and every
expected number can be worked out by hand in the test.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from chi_lang.analysis.cells import RowIndex
from chi_lang.diagnostics import DiagnosticBag
from chi_lang.evaluate import evaluate
from chi_lang.model import Index
from chi_lang.pipeline import load_spec
from chi_lang.results import Evaluation


@dataclass
class Evaluated:
    index: Index
    evaluation: Evaluation
    path: Path

    @property
    def rows(self) -> RowIndex:
        return RowIndex(self.evaluation)


def write_csv(path: Path, header: str, rows: list[str]) -> None:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture
def build(tmp_path: Path):
    """build(spec_text, name="spec.chi", **csv_files) → Evaluated (python engine)."""

    def run(spec: str, name: str = "spec.chi", **files: str) -> Evaluated:
        for file_name, content in files.items():
            (tmp_path / f"{file_name}.csv").write_text(textwrap.dedent(content).lstrip(), encoding="utf-8")
        path = tmp_path / name
        path.write_text(textwrap.dedent(spec), encoding="utf-8")
        loaded = load_spec(str(path))
        assert not loaded.bag.has_errors, [d.message for d in loaded.bag.items]
        bag = DiagnosticBag()
        evaluation = evaluate(loaded.index, bag)
        assert evaluation is not None, [d.message for d in bag.items]
        return Evaluated(loaded.index, evaluation, path)

    return run


# Two pillars, four metrics; scores equal raw values.  `e` has no data in February,
# so its pillar's weight moves to `c` (missing reweight, the default).
ARITHMETIC = """
index "T" {
  period month
  source d = "d.csv" { date date }
  pillar "P" weight 60% {
    metric a weight 75% from d scale 0..100
    metric b weight 25% from d scale 0..100
  }
  pillar "Q" weight 40% {
    metric c weight 1/2 from d scale 0..100
    metric e weight 1/2 from d scale 0..100
  }
}
"""
ARITHMETIC_DATA = """
date,a,b,c,e
2025-01-10,80,30,50,70
2025-02-10,60,30,50,
"""

# The HDI's shape: a geometric index over three pillars, one of them the
# arithmetic mean of two metrics.
GEOMETRIC = """
index "G" {
  period month
  geometric
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


@pytest.fixture
def arithmetic(build) -> Evaluated:
    return build(ARITHMETIC, d=ARITHMETIC_DATA)


@pytest.fixture
def geometric(build) -> Evaluated:
    return build(GEOMETRIC, d=GEOMETRIC_DATA)


@pytest.fixture
def geometric_spec() -> str:
    return GEOMETRIC
