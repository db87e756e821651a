"""Fixtures for the real-data specs under specs/real/.

The specs name their data relative to themselves (``../../../shared/data/...``),
which is where CI and every checkout keep the shared folder.  When the folder is
elsewhere (``CHI_SHARED_DATA``), the loader points the spec at it instead, so the
same test runs on both layouts.  Evaluation uses the reference engine directly:
these tests pin the meaning of the specs, not an engine choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from chi_lang.diagnostics import DiagnosticBag
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import load_text
from chi_lang.results import Evaluation

REAL_SPECS = Path(__file__).resolve().parents[2] / "specs" / "real"
DATA_PREFIX = '"../../../shared/data/'
_EVALUATIONS: dict[str, tuple[object, Evaluation]] = {}


def load_real(name: str, shared_data: Path):
    """Parse and resolve specs/real/<name>, reading data from ``shared_data``."""
    path = REAL_SPECS / name
    text = path.read_text(encoding="utf-8")
    default = (REAL_SPECS / "../../../shared/data").resolve()
    if shared_data.resolve() != default:
        text = text.replace(DATA_PREFIX, '"' + shared_data.resolve().as_posix() + "/")
    loaded = load_text(text, str(path))
    errors = [d for d in loaded.bag.items if d.severity.value == "error"]
    assert not errors, [d.message for d in errors]
    return loaded


@pytest.fixture
def evaluate_real(shared_data: Path) -> Callable[[str], tuple[object, Evaluation]]:
    """Load and evaluate a real spec; returns (resolved index, evaluation).

    Results are cached for the session: several tests read the same evaluation.
    """
    cache = _EVALUATIONS

    def run(name: str):
        if name not in cache:
            loaded = load_real(name, shared_data)
            bag = DiagnosticBag()
            evaluation = evaluate(loaded.index, bag)
            assert evaluation is not None, [d.message for d in bag.items]
            cache[name] = (loaded.index, evaluation)
        return cache[name]

    return run
