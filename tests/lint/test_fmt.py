"""`chi-lang fmt`: one canonical layout, idempotent, comments kept, meaning unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lark import Lark
from typer.testing import CliRunner

from chi_lang.cli import app
from chi_lang.diagnostics import DiagnosticBag
from chi_lang.format import FormatError, format_text
from chi_lang.grammar import grammar_text
from chi_lang.lint.comments import scan_comments
from chi_lang.parser import parse_text

from .specgen import spec_texts

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((PROJECT_ROOT / "specs").rglob("*.chi"))


def parse(text: str):
    bag = DiagnosticBag()
    tree = parse_text(text, "spec.chi", bag)
    return tree, bag


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_texts())
def test_formatting_keeps_meaning_and_comments_and_is_idempotent(text: str) -> None:
    tree, bag = parse(text)
    assert tree is not None and not bag.has_errors, (text, bag.items)
    once = format_text(text)
    again, _ = parse(once)
    assert again == tree  # spans are not part of equality: the same tree means the same spec
    assert format_text(once) == once
    assert [c.text for c in scan_comments(once)] == [c.text for c in scan_comments(text)]


_comments: list = []
_LEXING = Lark(grammar_text(), parser="lalr", lexer="contextual", lexer_callbacks={"COMMENT": _comments.append})


@settings(max_examples=150, deadline=None)
@given(spec_texts())
def test_comment_scanner_agrees_with_the_lexer(text: str) -> None:
    _comments.clear()
    _LEXING.parse(text)
    assert [(c.line, c.column, c.text) for c in scan_comments(text)] == \
        [(t.line, t.column, str(t).rstrip("\r")) for t in _comments]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_bundled_specs_format_to_a_fixed_point(spec: Path) -> None:
    text = spec.read_text()
    once = format_text(text)
    assert format_text(once) == once
    assert parse(once)[0] == parse(text)[0]


# The specs users read first: the bundled ones, the benchmark and the SQL trap cases docs/sql.md points to.
FORMATTED = SPECS + sorted((PROJECT_ROOT / "benchmarks").glob("*.chi")) + sorted(
    (PROJECT_ROOT / "tests" / "sql" / "cases").glob("*/spec.chi"))


def test_bundled_specs_are_formatted() -> None:
    """`chi-lang fmt --check specs/` passes: the examples show the canonical layout."""
    result = CliRunner().invoke(app, ["fmt", "--check", *[str(p) for p in FORMATTED]])
    assert result.exit_code == 0, result.stderr
    assert len(FORMATTED) > 20


def test_the_canonical_layout() -> None:
    source = (
        '# top\nindex "X"{version "1" owner "o"   # who\n'
        'source s="s.csv"{date d}\n\n\n'
        'pillar "A" weight 50% < metric a weight 1/2 from s where (x > 1) and not (y = 2 or z) mean scale 1..5\n'
        '  # about b\n  metric b weight 1/2 from s value count(where ok)/count() target 90%  description "B"\n'
        '  >\npillar "B" weight 50% { metric c from s column `first name` count bands{>=1->100,else 0} } # end\n}'
    )
    assert format_text(source) == (
        "# top\n"
        'index "X" {\n'
        '  version "1"\n'
        '  owner "o"  # who\n'
        '  source s = "s.csv" { date d }\n'
        "\n"
        '  pillar "A" weight 50% {\n'
        "    metric a weight 1/2 from s where x > 1 and not (y = 2 or z) mean scale 1..5\n"
        "    # about b\n"
        "    metric b weight 1/2 from s value count(where ok) / count() target 90%\n"
        '        description "B"\n'
        "  }\n"
        "\n"
        '  pillar "B" weight 50% {\n'
        "    metric c from s column `first name` count bands { >= 1 -> 100, else -> 0 }\n"
        "  }  # end\n"
        "}\n"
    )


def test_parentheses_only_where_precedence_needs_them() -> None:
    spec = 'pillar "A" {{ metric m from "s.csv" value {} scale 0..1 }}'
    for written, canonical in [
        ("(sum(a) - sum(b)) - sum(c)", "sum(a) - sum(b) - sum(c)"),
        ("sum(a) - (sum(b) - sum(c))", "sum(a) - (sum(b) - sum(c))"),
        ("(sum(a) + sum(b)) * sum(c)", "(sum(a) + sum(b)) * sum(c)"),
        ("-(sum(a) * 2)", "-(sum(a) * 2)"),
        ("(-sum(a)) * 2", "-sum(a) * 2"),
        ("((((sum(a)))))", "sum(a)"),
    ]:
        assert f"value {canonical} " in format_text(spec.format(written)), written


def test_unparseable_specs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as error:
        format_text('pillar "A" { metric m weight }')
    assert error.value.diagnostics[0].code == "CHI102"
    bad = tmp_path / "bad.chi"
    bad.write_text('pillar "A" { metric m weight }')
    result = CliRunner().invoke(app, ["fmt", str(bad)])
    assert result.exit_code == 1 and bad.read_text() == 'pillar "A" { metric m weight }'


def test_cli_check_diff_and_write(tmp_path: Path) -> None:
    messy = tmp_path / "a.chi"
    messy.write_text('pillar "A" < metric m from "s.csv" mean scale 0..1 >')
    clean = tmp_path / "b.chi"
    clean.write_text(format_text(messy.read_text()))
    runner = CliRunner()
    check = runner.invoke(app, ["fmt", "--check", str(tmp_path)])
    assert check.exit_code == 1 and f"would reformat {messy}" in check.stderr
    diff = runner.invoke(app, ["fmt", "--diff", str(messy)])
    assert diff.exit_code == 1 and '+pillar "A" {' in diff.stdout
    assert messy.read_text().startswith('pillar "A" <')  # --check and --diff change nothing
    write = runner.invoke(app, ["fmt", str(tmp_path)])
    assert write.exit_code == 0 and "1 file reformatted, 1 file left unchanged" in write.stderr
    assert messy.read_text() == 'pillar "A" {\n  metric m from "s.csv" mean scale 0..1\n}\n'
    assert runner.invoke(app, ["fmt", "--check", str(tmp_path)]).exit_code == 0
    stdin = runner.invoke(app, ["fmt", "-"], input='pillar "A"<metric m from "s.csv">')
    assert stdin.stdout == 'pillar "A" {\n  metric m from "s.csv"\n}\n'


def test_fmt_keeps_crlf_line_endings(tmp_path: Path) -> None:
    runner = CliRunner()
    messy = tmp_path / "windows.chi"
    messy.write_bytes(b'# a comment\r\npillar "A" < metric m from "s.csv" mean scale 0..1 >\r\n')
    assert runner.invoke(app, ["fmt", "--check", str(messy)]).exit_code == 1
    assert runner.invoke(app, ["fmt", str(messy)]).exit_code == 0
    data = messy.read_bytes()
    assert data == b'# a comment\r\npillar "A" {\r\n  metric m from "s.csv" mean scale 0..1\r\n}\r\n'
    # Canonical apart from its CRLF: nothing to do.
    check = runner.invoke(app, ["fmt", "--check", str(messy)])
    assert check.exit_code == 0 and "1 file left unchanged" in check.stderr
    assert messy.read_bytes() == data
    # LF files stay LF.
    unix = tmp_path / "unix.chi"
    unix.write_bytes(b'pillar "A" < metric m from "s.csv" mean scale 0..1 >\n')
    assert runner.invoke(app, ["fmt", str(unix)]).exit_code == 0 and b"\r" not in unix.read_bytes()
