"""`chi-lang check` and `chi-lang eval` as users run them (real subprocesses):
exit codes, streams, formats, folders, stdin, and output files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

MISSION = 'pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >\n'

GOOD = """\
index "Good" {
  pillar "A" weight 60% { metric a from "d.csv" mean scale 0..10 }
  pillar "B" weight 40% { metric b from "d.csv" mean scale 0..10 }
}
"""
GOOD_DATA = {"d.csv": "a,b\n8,5\n6,5\n"}  # a = 7 → 70, b = 5 → 50; index 0.6 * 70 + 0.4 * 50 = 62

NINETY = """\
index "Ninety" {
  pillar "A" weight 50% { metric a from "d.csv" mean scale 0..10 }
  pillar "B" weight 40% { metric b from "d.csv" mean scale 0..10 }
}
"""


# ---------------------------------------------------------------------------
# check


def test_the_mission_line_checks_clean(lab):
    lab.write("internal.chi", MISSION)
    result = lab.cli("check", "internal.chi")
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == "1 file checked: 0 errors, 0 warnings\n"  # nothing besides the summary


def test_weights_summing_to_90_percent_exit_1_with_a_caret_and_the_sum(lab):
    lab.write("ninety.chi", NINETY)
    result = lab.cli("check", "ninety.chi")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    start = lines.index("error[CHI301]: pillar weights sum to 90%, 10% short of 100%")
    assert lines[start + 1] == "  --> ninety.chi:2:21"
    # The source line, then carets exactly under `50%`, labelled with its value.
    source_line = next(i for i, l in enumerate(lines) if i > start and l.endswith('pillar "A" weight 50% { metric a from "d.csv" mean scale 0..10 }'))
    caret_line = lines[source_line + 1]
    column = lines[source_line].index("50%")
    assert caret_line[column:column + 3] == "^^^" and caret_line[column - 1] == " " and caret_line[column + 3] == " "
    assert caret_line.endswith("^^^ 50%")
    assert lines[source_line + 2].endswith('pillar "B" weight 40% { metric b from "d.csv" mean scale 0..10 }')
    assert lines[source_line + 3].endswith("^^^ 40%")
    assert lines[-1].startswith("1 file checked: 1 error, ")  # (lint warnings may come too)


def test_check_exit_codes(lab):
    lab.write("good.chi", GOOD)
    lab.write("warn.chi", 'index "W" { pillar "P" { metric m from "d.csv" count } }\n')  # CHI318 warning
    lab.write("bad.chi", NINETY)
    assert lab.cli("check", "good.chi").returncode == 0
    warned = lab.cli("check", "warn.chi")
    assert warned.returncode == 0 and "warning[CHI318]" in warned.stderr  # warnings do not fail
    assert lab.cli("check", "bad.chi").returncode == 1
    assert lab.cli("check", "good.chi", "bad.chi").returncode == 1
    # Usage errors: 2
    assert lab.cli("check", "no-such-file.chi").returncode == 2
    assert lab.cli("check").returncode == 2
    assert lab.cli("check", "good.chi", "--format", "xml").returncode == 2
    assert lab.cli("check", "--no-such-option", "good.chi").returncode == 2


def test_check_a_folder_recursively(lab):
    lab.write("specs/a.chi", GOOD)
    lab.write("specs/nested/b.chi", NINETY)
    lab.write("specs/notes.txt", "not a spec")
    result = lab.cli("check", "specs")
    assert result.returncode == 1
    assert "2 files checked: 1 error, " in result.stderr
    assert "specs/nested/b.chi:2:21" in result.stderr
    lab.write("empty/readme.md", "")
    empty = lab.cli("check", "empty")
    assert empty.returncode == 2 and "no .chi files found" in empty.stderr


def test_check_json(lab):
    lab.write("bad.chi", NINETY)
    result = lab.cli("check", "bad.chi", "--format", "json")
    assert result.returncode == 1
    (item,) = [d for d in json.loads(result.stdout) if d["severity"] == "error"]
    assert item["code"] == "CHI301" and item["severity"] == "error"
    assert item["message"] == "pillar weights sum to 90%, 10% short of 100%"
    assert item["span"] == {"file": "bad.chi", "line": 2, "column": 21, "end_line": 2, "end_column": 24}
    # Every weight of the group is a label, the first one (the primary span) included.
    assert [(label["span"]["line"], label["span"]["column"], label["message"]) for label in item["labels"]] == [
        (2, 21, "50%"), (3, 21, "40%")]
    clean = lab.cli("check", "bad.chi", "--format", "json", "--show-info")
    assert clean.returncode == 1
    lab.write("good.chi", GOOD)
    good = lab.cli("check", "good.chi", "--format", "json")
    assert good.returncode == 0
    assert [d for d in json.loads(good.stdout) if d["severity"] == "error"] == []


def test_check_show_info(lab):
    lab.write("card.chi", MISSION)
    result = lab.cli("check", "card.chi", "--show-info")
    assert result.returncode == 0
    assert "info[CHI319]" in result.stderr


def test_check_reads_stdin(lab):
    result = lab.cli("check", "-", stdin=NINETY)
    assert result.returncode == 1
    assert "--> <stdin>:2:21" in result.stderr and "90%, 10% short" in result.stderr
    assert lab.cli("check", "-", stdin=MISSION).returncode == 0


def test_syntax_errors_on_the_cli_are_in_words(lab):
    lab.write("broken.chi", 'index "X" {\n  pillar "A" weight 50% { metric m weight }\n}\n')
    result = lab.cli("check", "broken.chi")
    assert result.returncode == 1
    assert "error[CHI102]: unexpected `}`, expected a number, a percentage or a sign" in result.stderr
    for token_name in ("RBRACE", "LBRACE", "NAME", "NUMBER", "PERCENT", "SIGN", "$END", "__ANON"):
        assert token_name not in result.stderr


def test_check_never_shows_a_traceback_on_odd_input(lab):
    odd = {
        "binary.chi": b"\x00\x01\x02\xff\xfe",
        "latin1.chi": b'index "Caf\xe9" { }',
        "deep.chi": ("(" * 500).encode(),
        "long.chi": ('index "X" { pillar "A" { ' + " ".join(f'metric m{i} from "d.csv" scale 0..1' for i in range(2000)) + " } }").encode(),
        "empty.chi": b"",
        "only-comment.chi": b"# nothing\n",
    }
    for name, content in odd.items():
        lab.write(name, content)
        result = lab.cli("check", name)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (name, result.stderr[-2000:])
        assert result.returncode in (0, 1), (name, result.returncode)


def test_check_does_not_import_heavy_libraries(lab):
    lab.write("good.chi", GOOD)
    probe = (
        "import sys\n"
        "from chi_lang.cli import app\n"
        "try:\n"
        "    app(['check', 'good.chi'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('duckdb', 'sqlglot', 'jinja2') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=lab.root, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "", f"`check` imported {result.stdout.strip()}"


def test_version(lab):
    result = lab.cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("chi-lang ")


# ---------------------------------------------------------------------------
# eval


def test_eval_table(lab):
    lab.spec(GOOD, GOOD_DATA)
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["raw", "score", "weight", "eff.weight", "contrib.", "coverage", "status"]
    assert lines[1].split()[:2] == ["Good", "62.0"]  # 0.6 * 70 + 0.4 * 50
    assert lines[2].split()[:2] == ["A", "70.0"]
    assert lines[3].split()[:3] == ["a", "7", "70.0"]


def test_eval_csv(lab):
    lab.spec(GOOD, GOOD_DATA)
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["period", "unit", "level", "pillar", "metric", "raw_value", "score", "weight",
                             "effective_weight", "contribution", "coverage", "status"]
    assert [(r["level"], r["pillar"], r["metric"]) for r in rows] == [
        ("index", "", ""), ("pillar", "A", ""), ("metric", "A", "a"), ("pillar", "B", ""), ("metric", "B", "b"),
    ]  # spec order
    assert float(rows[0]["score"]) == pytest.approx(62.0)
    assert float(rows[2]["effective_weight"]) == pytest.approx(0.6)
    assert float(rows[2]["contribution"]) == pytest.approx(42.0)  # 0.6 * 70


def test_eval_json(lab):
    lab.spec(GOOD, GOOD_DATA)
    result = lab.cli("eval", "spec.chi", "--format", "json", "--engine", "python")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["index"] == "Good" and document["engine"] == "python"
    assert document["output_scale"] == [0.0, 100.0]
    assert document["rows"][0]["level"] == "index"
    assert document["rows"][0]["score"] == pytest.approx(62.0)
    assert document["rows"][4]["raw_value"] == 5.0


def test_eval_no_data_is_null_in_json_and_empty_in_csv(lab):
    lab.spec('index "X" { pillar "P" { metric a from "d.csv" where k = "z" mean scale 0..10 } }', {"d.csv": "k,a\nq,1\n"})
    document = json.loads(lab.cli("eval", "spec.chi", "--format", "json", "--engine", "python").stdout)
    assert document["rows"][0]["score"] is None
    rows = list(csv.DictReader(io.StringIO(lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python").stdout)))
    assert rows[0]["score"] == ""


def test_eval_is_deterministic(lab):
    lab.spec(GOOD, GOOD_DATA)
    first = lab.cli("eval", "spec.chi", "--format", "json", "--engine", "python").stdout
    second = lab.cli("eval", "spec.chi", "--format", "json", "--engine", "python").stdout
    assert first == second


def test_eval_reads_the_spec_from_stdin(lab):
    lab.spec(GOOD, GOOD_DATA)
    result = lab.cli("eval", "-", "--format", "csv", "--engine", "python", stdin=GOOD)
    assert result.returncode == 0, result.stderr
    assert float(list(csv.DictReader(io.StringIO(result.stdout)))[0]["score"]) == pytest.approx(62.0)


def test_eval_warnings_go_to_stderr_and_results_to_stdout(lab):
    lab.spec('index "X" { pillar "P" { metric a from "d.csv" mean } }', {"d.csv": "a\n150\n"})
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python")
    assert result.returncode == 0
    assert "warning[CHI411]" in result.stderr
    assert "CHI411" not in result.stdout
    assert result.stdout.startswith("period,unit,level")


def test_eval_spec_errors_exit_1_with_nothing_on_stdout(lab):
    lab.spec(NINETY, GOOD_DATA)
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 1 and result.stdout == ""
    assert "CHI301" in result.stderr


def test_eval_usage_errors_exit_2(lab):
    lab.spec(GOOD, GOOD_DATA)
    assert lab.cli("eval", "spec.chi", "--format", "xml").returncode == 2
    assert lab.cli("eval", "spec.chi", "--engine", "spark").returncode == 2
    assert lab.cli("eval").returncode == 2


def test_eval_output_file(lab):
    lab.spec(GOOD, GOOD_DATA)
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python", "-o", "out.csv")
    assert result.returncode == 0 and result.stdout == ""
    assert (lab.root / "out.csv").read_text().startswith("period,unit,level")


def test_eval_output_file_is_not_written_when_evaluation_fails(lab):
    lab.spec(GOOD, {"d.csv": "a,b\n8,x\n"})  # b is not a number
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python", "-o", "out.csv")
    assert result.returncode == 1
    assert not (lab.root / "out.csv").exists()
    assert [p.name for p in lab.root.iterdir() if p.name.startswith(".out.csv")] == []  # no temp file left


def test_eval_failed_run_keeps_the_previous_output_intact(lab):
    lab.spec(GOOD, {"d.csv": "a,b\n8,x\n"})
    lab.write("out.csv", "previous\n")
    assert lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python", "-o", "out.csv").returncode == 1
    assert (lab.root / "out.csv").read_text() == "previous\n"


def test_eval_output_into_a_missing_directory_is_chi501(lab):
    lab.spec(GOOD, GOOD_DATA)
    result = lab.cli("eval", "spec.chi", "--engine", "python", "-o", "no/such/dir/out.txt")
    assert result.returncode == 1
    assert "CHI501" in result.stderr and "Traceback" not in result.stderr
    assert not (lab.root / "no").exists()


def test_eval_a_missing_spec_is_chi101_and_a_usage_error(lab):
    # A path that does not exist is a usage error (exit 2), as for `check`.
    result = lab.cli("eval", "nope.chi", "--engine", "python")
    assert result.returncode == 2 and "CHI101" in result.stderr


def test_eval_output_format_follows_the_extension(lab):
    lab.spec(GOOD, GOOD_DATA)
    assert lab.cli("eval", "spec.chi", "--engine", "python", "-o", "out.csv").returncode == 0
    assert (lab.root / "out.csv").read_text().startswith("period,unit,level,")
    assert lab.cli("eval", "spec.chi", "--engine", "python", "-o", "out.json").returncode == 0
    assert (lab.root / "out.json").read_text().startswith("{")
    unknown = lab.cli("eval", "spec.chi", "--engine", "python", "-o", "out.pdf")
    assert unknown.returncode == 2 and not (lab.root / "out.pdf").exists()


def test_eval_through_a_symlink_writes_the_target(lab):
    lab.spec(GOOD, GOOD_DATA)
    (lab.root / "target.csv").write_text("old")
    (lab.root / "link.csv").symlink_to(lab.root / "target.csv")
    assert lab.cli("eval", "spec.chi", "--engine", "python", "-o", "link.csv").returncode == 0
    assert (lab.root / "link.csv").is_symlink()
    assert (lab.root / "target.csv").read_text().startswith("period,unit,level,")


@pytest.mark.parametrize("command", [("eval", "--engine", "python", "--format", "csv"), ("compile", "-d", "sqlite"),
                                     ("render", "--engine", "python", "--format", "md")])
def test_output_file_keeps_the_mode_of_the_file_it_replaces(lab, command):
    lab.spec(GOOD, GOOD_DATA)
    private = lab.write("out.txt", "old\n")
    os.chmod(private, 0o600)
    result = lab.cli(command[0], "spec.chi", *command[1:], "-o", "out.txt")
    assert result.returncode == 0, result.stderr
    assert private.read_text() != "old\n" and stat.S_IMODE(private.stat().st_mode) == 0o600
    os.chmod(private, 0o640)
    assert lab.cli(command[0], "spec.chi", *command[1:], "-o", "out.txt").returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o640


def test_a_new_output_file_gets_the_mode_the_umask_gives(lab):
    lab.spec(GOOD, GOOD_DATA)
    env = {k: v for k, v in os.environ.items() if k != "CHI_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "chi_lang", "eval", "spec.chi", "--engine", "python", "-o", "new.csv"],
                          cwd=lab.root, env=env, capture_output=True, text=True, preexec_fn=lambda: os.umask(0o027))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((lab.root / "new.csv").stat().st_mode) == 0o640  # 0666 less 027, as open() would


def test_eval_per_period_and_unit(lab):
    lab.spec(
        'index "X" { period month by team\n source s = "d.csv" { date day }\n'
        ' pillar "P" { metric n from s count target 2 } }',
        {"d.csv": "day,team\n2025-01-03,a\n2025-01-04,a\n2025-02-01,a\n2025-02-01,b\n"},
    )
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python")
    rows = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["level"] == "index"]
    # January a: 2 rows → 100; February a: 1 → 50, b: 1 → 50
    assert [(r["period"], r["unit"], float(r["score"])) for r in rows] == [
        ("2025-01", "a", 100.0), ("2025-02", "a", 50.0), ("2025-02", "b", 50.0),
    ]
    table = lab.cli("eval", "spec.chi", "--engine", "python").stdout
    assert "[2025-01 / a]" in table and "[2025-02 / b]" in table


# -o naming the command's own spec or data: refused (CHI501, exit 1), nothing written.

@pytest.mark.parametrize("args, victim", [
    (("render", "spec.chi", "-f", "md", "-o", "spec.chi"), "spec.chi"),
    (("render", "spec.chi", "-f", "csv", "-o", "./d.csv"), "d.csv"),
    (("eval", "spec.chi", "-f", "csv", "-o", "d.csv"), "d.csv"),
    (("eval", "spec.chi", "-f", "json", "-o", "link.chi"), "spec.chi"),  # a symbolic link to the spec
    (("compile", "spec.chi", "-o", "spec.chi"), "spec.chi"),
    (("explain", "spec.chi", "-o", "d.csv"), "d.csv"),
    (("diff", "spec.chi", "other.chi", "-o", "other.chi"), "other.chi"),
    (("diff", "spec.chi", "other.chi", "-o", "d.csv"), "d.csv"),
])
def test_output_over_an_input_is_refused(lab, args, victim):
    lab.spec(GOOD, GOOD_DATA)
    lab.write("other.chi", GOOD)
    os.symlink("spec.chi", lab.root / "link.chi")
    before = (lab.root / victim).read_bytes()
    extra = ("--engine", "python") if args[0] in ("render", "eval", "explain") else ()
    result = lab.cli(*args, *extra)
    assert result.returncode == 1, result.stderr
    assert "CHI501" in result.stderr and "refusing to write" in result.stderr and "Traceback" not in result.stderr
    assert (lab.root / victim).read_bytes() == before
    assert result.stdout == ""


def test_a_read_only_output_file_is_not_replaced():
    # Renaming over a file only needs a writable folder; a file made read-only is
    # refused as `>` would refuse it (CHI501), and left as it was.  Root may write
    # anything, so a forked child drops to `nobody` and writes in a world-writable folder.
    if os.geteuid() != 0:
        pytest.skip("needs root to drop to another user")
    import shutil
    import tempfile

    import typer

    from chi_lang.commands.common import write_output

    folder = Path(tempfile.mkdtemp(prefix="chi-ro-", dir="/tmp"))
    try:
        os.chmod(folder, 0o777)
        locked = folder / "out.csv"
        locked.write_text("old\n")
        os.chmod(locked, 0o444)
        child = os.fork()
        if child == 0:  # the child: never returns into pytest
            code = 0
            try:
                os.setgid(65534)
                os.setuid(65534)
                os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
                write_output(str(locked), "new\n")
            except typer.Exit as stop:
                code = stop.exit_code
            except BaseException:
                code = 99
            os._exit(code)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 1
        assert locked.read_text() == "old\n" and stat.S_IMODE(locked.stat().st_mode) == 0o444
        assert [p.name for p in folder.iterdir()] == ["out.csv"]  # no temporary file left
    finally:
        shutil.rmtree(folder, ignore_errors=True)
