"""Fixtures for the scorecard tests: specs evaluated once per session with the
reference engine (the goldens must not depend on which engine `auto` picks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from chi_lang.evaluate import evaluate
from chi_lang.model import Index
from chi_lang.pipeline import load_spec
from chi_lang.results import Evaluation

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "specs" / "community-health.chi"
REGIONS = HERE / "cases" / "regions" / "spec.chi"


@dataclass(frozen=True)
class Evaluated:
    path: Path
    index: Index
    evaluation: Evaluation


def evaluated(path: Path) -> Evaluated:
    loaded = load_spec(str(path))
    assert loaded.index is not None and not loaded.bag.has_errors, [d.message for d in loaded.bag.items]
    evaluation = evaluate(loaded.index, loaded.bag)
    assert evaluation is not None, [d.message for d in loaded.bag.items]
    return Evaluated(path, loaded.index, evaluation)


@pytest.fixture(scope="session")
def example() -> Evaluated:
    return evaluated(EXAMPLE)


@pytest.fixture(scope="session")
def regions() -> Evaluated:
    return evaluated(REGIONS)
