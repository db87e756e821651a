"""Fixtures for the language tests: write a spec and its data into a temporary
folder, then parse/resolve/evaluate it in-process or run the real CLI on it.

In-process runs test the pipeline functions directly (fast, precise); the CLI is
run as a subprocess where exit codes, streams and "no traceback" are the point.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from chi_lang.diagnostics import Diagnostic, render_text
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import Loaded, load_spec
from chi_lang.results import Evaluation, ResultRow

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Outcome:
    """What the front end (and, if asked, the reference evaluator) produced."""

    loaded: Loaded
    evaluation: Evaluation | None = None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self.loaded.bag.items)

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.loaded.bag.items]

    @property
    def errors(self) -> list[Diagnostic]:
        return self.loaded.bag.errors()

    @property
    def index(self):
        return self.loaded.index

    def one(self, code: str) -> Diagnostic:
        found = [d for d in self.loaded.bag.items if d.code == code]
        assert len(found) == 1, f"expected one {code}, got {self.codes}\n{self.rendered}"
        return found[0]

    @property
    def rendered(self) -> str:
        return render_text(self.loaded.bag.items, self.loaded.sources)

    # Shortcuts into the long table (no period, no unit unless given).
    def index_score(self, period=None, unit=None) -> float | None:
        return self.row(period=period, unit=unit).score

    def row(self, period=None, unit=None, pillar=None, metric=None) -> ResultRow:
        assert self.evaluation is not None, self.rendered
        row = self.evaluation.lookup(period=period, unit=unit, pillar=pillar, metric=metric)
        assert row is not None, (period, unit, pillar, metric)
        return row


@dataclass
class Lab:
    """A scratch folder holding one spec and its data files."""

    root: Path

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            # newline="" keeps "\r\n" in test data exactly as written.
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        return path

    def spec(self, text: str, files: dict[str, str | bytes] | None = None, name: str = "spec.chi") -> Path:
        for file_name, content in (files or {}).items():
            self.write(file_name, content)
        return self.write(name, textwrap.dedent(text).lstrip("\n"))

    def load(self, text: str, files: dict[str, str | bytes] | None = None, name: str = "spec.chi") -> Outcome:
        path = self.spec(text, files, name)
        return Outcome(load_spec(str(path)))

    def evaluate(self, text: str, files: dict[str, str | bytes] | None = None) -> Outcome:
        outcome = self.load(text, files)
        assert outcome.index is not None and not outcome.loaded.bag.has_errors, outcome.rendered
        outcome.evaluation = evaluate(outcome.index, outcome.loaded.bag)
        return outcome

    def evaluate_failing(self, text: str, files: dict[str, str | bytes] | None = None) -> Outcome:
        """Evaluate a spec that is valid but whose data must fail."""
        outcome = self.load(text, files)
        assert outcome.index is not None and not outcome.loaded.bag.has_errors, outcome.rendered
        outcome.evaluation = evaluate(outcome.index, outcome.loaded.bag)
        assert outcome.evaluation is None, "the evaluation should have failed"
        return outcome

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return run_cli(*args, cwd=self.root, stdin=stdin)


def run_cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m chi_lang`` for real, with the streams captured separately."""
    env = dict(os.environ)
    env.pop("CHI_DEBUG", None)
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "chi_lang", *args],
        cwd=cwd,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.fixture
def lab(tmp_path: Path) -> Lab:
    return Lab(tmp_path)
