"""[tool.chi-lang] in pyproject.toml: select, extend-select, ignore, severity; bad entries reported."""

from __future__ import annotations

from pathlib import Path

from chi_lang.commands.check import check_files
from chi_lang.config import Config, config_for, load_config
from chi_lang.diagnostics import DiagnosticBag, Severity

from .helpers import codes

# Fires CHI601 (one metric), CHI606/CHI607 (no version/owner) and CHI602 (no normalisation).
SPEC = 'index "X" {\n  pillar "A" { metric m from "s.csv" mean }\n}\n'


def write(tmp_path: Path, toml: str, spec: str = SPEC) -> Path:
    (tmp_path / "pyproject.toml").write_text(toml)
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / "x.chi").write_text(spec)
    return specs / "x.chi"


def run(path: Path, **kwargs) -> list[tuple[str, str]]:
    return [(d.code, d.severity.value) for d in check_files([str(path)], **kwargs).diagnostics]


def test_default_set(tmp_path: Path) -> None:
    spec = write(tmp_path, "[project]\nname = 'x'\n")
    assert sorted(c for c, _ in run(spec)) == ["CHI601", "CHI602", "CHI606", "CHI607"]


def test_select_ignore_and_severity_from_the_nearest_pyproject(tmp_path: Path) -> None:
    spec = write(tmp_path, '[tool.chi-lang]\nselect = ["CHI60"]\nignore = ["CHI606", "missing-owner"]\n'
                           'severity = { CHI601 = "error" }\n')
    assert run(spec) == [("CHI601", "error"), ("CHI602", "warning")]


def test_a_prefix_ignores_a_range_but_errors_stay(tmp_path: Path) -> None:
    spec = write(tmp_path, '[tool.chi-lang]\nignore = ["CHI6"]\n',
                 'index "X" {\n  pillar "A" { metric m weight 2 from "s.csv" mean }\n}\n')
    assert run(spec) == [("CHI301", "error")]


def test_command_line_select_replaces_and_ignore_adds(tmp_path: Path) -> None:
    spec = write(tmp_path, '[tool.chi-lang]\nextend-select = ["CHI612"]\n')
    assert "CHI612" in [c for c, _ in run(spec)]
    assert run(spec, select=["CHI606"]) == [("CHI606", "warning")]
    assert "CHI606" not in [c for c, _ in run(spec, ignore=["CHI606"])]


def test_unknown_codes_and_keys_are_reported_at_their_line(tmp_path: Path) -> None:
    spec = write(tmp_path, '[project]\nname = "x"\n\n[tool.chi-lang]\nignore = ["CHI6O1"]\nignores = []\n'
                           'severity = { CHI999 = "error" }\n')
    found = check_files([str(spec)]).diagnostics
    config = [(d.code, d.span.line, d.span.column) for d in found if d.span.file.endswith("pyproject.toml")]
    assert config == [("CHI690", 5, 12), ("CHI693", 6, 1), ("CHI690", 7, 14)]
    # A broken config is an error: the check fails even though the spec only warns.
    assert any(d.severity is Severity.ERROR for d in found)


def test_errors_cannot_be_ignored_or_lowered(tmp_path: Path) -> None:
    bag = DiagnosticBag()
    (tmp_path / "pyproject.toml").write_text('[tool.chi-lang]\nignore = ["CHI301"]\nseverity = { CHI302 = "warning" }\n')
    config = load_config(tmp_path / "pyproject.toml", bag)
    assert [d.code for d in bag.items] == ["CHI693", "CHI693"]
    assert "cannot be ignored" in bag.items[0].message and "cannot be lowered" in bag.items[1].message
    assert config.enabled("CHI301") and config.severity == ()


def test_bad_types_and_bad_toml(tmp_path: Path) -> None:
    bag = DiagnosticBag()
    (tmp_path / "pyproject.toml").write_text('[tool.chi-lang]\nselect = "CHI6"\nseverity = { CHI601 = "loud" }\n')
    load_config(tmp_path / "pyproject.toml", bag)
    assert [d.code for d in bag.items] == ["CHI693", "CHI693"]
    bag = DiagnosticBag()
    (tmp_path / "pyproject.toml").write_text('[tool.chi-lang\nselect = [')
    load_config(tmp_path / "pyproject.toml", bag)
    assert [d.code for d in bag.items] == ["CHI693"]


def test_config_for_walks_up_and_an_explicit_path_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.chi-lang]\nignore = ["CHI601"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert config_for(str(deep / "x.chi"), DiagnosticBag()).ignore == ("CHI601",)
    other = tmp_path / "other.toml"
    other.write_text('[tool.chi-lang]\nignore = ["CHI602"]\n')
    assert config_for(str(deep / "x.chi"), DiagnosticBag(), str(other)).ignore == ("CHI602",)


def test_name_selectors() -> None:
    assert codes(SPEC, Config(select=("pillar-metric-count",))) == ["CHI601"]


def test_a_pyproject_that_is_not_utf8_is_chi693_whether_found_or_named(tmp_path: Path) -> None:
    # Latin-1 bytes (é is 0xe9): TOML must be UTF-8.  Found by the search it used to be skipped
    # silently (the check ran without its settings); named with --config it was CHI693.
    spec = write(tmp_path, "")
    (tmp_path / "pyproject.toml").write_bytes('# Equipe Sécurité\n[tool.chi-lang]\nignore = ["CHI606"]\n'.encode("latin-1"))
    for found in (check_files([str(spec)]).diagnostics,
                  check_files([str(spec)], config_path=str(tmp_path / "pyproject.toml")).diagnostics):
        (problem,) = [d for d in found if d.code == "CHI693"]
        assert problem.span.file.endswith("pyproject.toml") and "is not UTF-8: byte 0xe9" in problem.message
        assert problem.severity is Severity.ERROR
    # UTF-16 with a byte-order mark is found too.
    (tmp_path / "pyproject.toml").write_bytes('[tool.chi-lang]\nignore = ["CHI606"]\n'.encode("utf-16"))
    assert "CHI693" in [d.code for d in check_files([str(spec)]).diagnostics]
    # A non-UTF-8 pyproject.toml that does not mention chi-lang is not ours: the search goes on.
    (tmp_path / "pyproject.toml").write_bytes("[project]\nname = 'Sécurité'\n".encode("latin-1"))
    assert "CHI693" not in [d.code for d in check_files([str(spec)]).diagnostics]
