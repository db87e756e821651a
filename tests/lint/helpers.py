"""Running the lint pipeline in-process on spec text (as `chi-lang check` does)."""

from __future__ import annotations

from chi_lang.commands.check import lint_loaded
from chi_lang.config import Config
from chi_lang.diagnostics import Diagnostic
from chi_lang.pipeline import load_text


def lint(text: str, config: Config | None = None, path: str = "spec.chi", data: bool = False) -> list[Diagnostic]:
    return lint_loaded(load_text(text, path), config or Config(), data)


def codes(text: str, config: Config | None = None, path: str = "spec.chi", data: bool = False) -> list[str]:
    return [d.code for d in lint(text, config, path, data)]
