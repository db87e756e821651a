"""Robustness: whatever the input, `check` and `fmt` answer with diagnostics and an
exit code, never a traceback or a hang.

Inputs: random text and bytes, generated specs (see specgen.py), the bundled specs
mutated at random (cut, duplicated, spliced with tokens), and pathological nesting
(10,000-term expressions, 10,000 parentheses, 10,000 `not`s).  Each example runs the
whole in-process check (parse, resolve, lint, config, suppressions) and every output
format; the deep cases also go through the real CLI in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as s

from chi_lang.codes import CODES
from chi_lang.commands.check import check_files
from chi_lang.diagnostic_formats import RENDERERS, render_text_report
from chi_lang.format import FormatError, format_text

from .specgen import spec_texts

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = [p.read_text() for p in sorted((PROJECT_ROOT / "specs").rglob("*.chi"))]
VOCABULARY = ["{", "}", "<", ">", "(", ")", "[", "]", ",", "..", "->", "=", "%", "/", "-", '"', "`", "#", "\n",
              "metric", "pillar", "index", "source", "weight", "from", "where", "value", "scale", "target",
              "bands", "else", "status", "not", "and", "or", "in", "is", "missing", "count", "share", "percentile",
              "log", "lower_is_better", "period", "by", "round", "1e999", "0", "-0", "99999999999999999999%",
              "1/0", "0/0", "\\", "\x00", "\x1b", "\u202e", "\t", "满", "\ufeff", "é", "𝔘", "# chi: ignore[", "]"]
# Hang guard, not a timing test: a single example taking this long means a loop.
FUZZ = settings(max_examples=150, deadline=timedelta(seconds=20), suppress_health_check=list(HealthCheck))


def check_everything(tmp_path: Path, content: str | bytes) -> None:
    spec = tmp_path / "fuzz.chi"
    if isinstance(content, bytes):
        spec.write_bytes(content)
    else:
        spec.write_text(content, encoding="utf-8", errors="surrogatepass")
    run = check_files([str(spec)])
    for d in run.diagnostics:
        assert d.code in CODES and d.span is not None
    for render in RENDERERS.values():
        assert isinstance(render(run.diagnostics), str)
    assert isinstance(render_text_report(run.diagnostics, run.sources, 1), str)
    if isinstance(content, str):
        try:
            formatted = format_text(content)
        except FormatError:
            return
        assert format_text(formatted) == formatted


@s.composite
def mutated_specs(draw) -> str:
    text = draw(s.sampled_from(SEEDS))
    for _ in range(draw(s.integers(1, 4))):
        i = draw(s.integers(0, len(text)))
        j = draw(s.integers(i, min(len(text), i + 40)))
        action = draw(s.sampled_from(["cut", "duplicate", "insert", "replace"]))
        if action == "cut":
            text = text[:i] + text[j:]
        elif action == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            token = draw(s.sampled_from(VOCABULARY))
            text = text[:i] + " " + token + " " + text[(j if action == "replace" else i):]
    return text


@FUZZ
@given(s.text(max_size=300))
def test_random_text(tmp_path_factory, text: str) -> None:
    check_everything(tmp_path_factory.mktemp("fuzz"), text.replace("\x00", "\x01"))


@FUZZ
@given(s.binary(max_size=300))
def test_random_bytes(tmp_path_factory, data: bytes) -> None:
    check_everything(tmp_path_factory.mktemp("fuzz"), data)


@FUZZ
@given(mutated_specs())
def test_mutated_specs(tmp_path_factory, text: str) -> None:
    check_everything(tmp_path_factory.mktemp("fuzz"), text)


@FUZZ
@given(spec_texts())
def test_generated_specs(tmp_path_factory, text: str) -> None:
    check_everything(tmp_path_factory.mktemp("fuzz"), text)


N = 10_000
DEEP = {
    "sum": " + ".join(["sum(x)"] * N),
    "product": " * ".join(["max(x)"] * N),
    "and-chain": "count(where " + " and ".join(f"x > {i}" for i in range(N)) + ")",
    "parentheses": "(" * N + "sum(x)" + ")" * N,
    "not": "count(where " + "not " * N + "ok)",
    "negation": "-" * N + "sum(x)",
    "unclosed": "(" * N + "sum(x)",
    "list": "count(where x in [" + ", ".join(str(i) for i in range(N)) + "])",
}


@pytest.mark.parametrize("kind", list(DEEP))
def test_pathological_nesting_in_process(tmp_path: Path, kind: str) -> None:
    text = f'pillar "A" {{ metric m from "s.csv" value {DEEP[kind]} scale 0..1 }}'
    check_everything(tmp_path, text)


@pytest.mark.parametrize("kind", ["sum", "and-chain", "negation"])
def test_pathological_nesting_through_the_cli(tmp_path: Path, kind: str) -> None:
    spec = tmp_path / "deep.chi"
    spec.write_text(f'pillar "A" {{ metric m from "s.csv" value {DEEP[kind]} scale 0..1 }}')
    for command in (["check", str(spec)], ["fmt", "--check", str(spec)]):
        result = subprocess.run([sys.executable, "-m", "chi_lang", *command], capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 1, result.stderr[-2000:]
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert "CHI698" in result.stderr


def test_a_deep_but_reasonable_expression_is_accepted(tmp_path: Path) -> None:
    # 150 terms stays under the nesting limit: checked, formatted, unchanged in meaning.
    text = f'pillar "A" {{ metric m from "s.csv" value {" + ".join(["sum(x)"] * 150)} scale 0..1 }}'
    spec = tmp_path / "ok.chi"
    spec.write_text(text)
    assert not [d for d in check_files([str(spec)]).diagnostics if d.severity.value == "error"]
    assert format_text(format_text(text)) == format_text(text)
