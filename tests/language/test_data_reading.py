"""Data a fresh user fed chi-lang: what each engine's CLI says about it.

Every bad input is a diagnostic at the data file's line and column, with the line
shown under a caret and a hint, exit 1 and nothing on stdout, never a traceback
or an internal error, and the same from ``--engine python`` and ``--engine duckdb``.
(The engines' diagnostics are compared field by field in tests/sql/test_errors.py;
here is what the user sees.)
"""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest

ENGINES = ["python", "duckdb"]
JSONL_SPEC = 'index "X" {\n  pillar "P" { metric m from "d.jsonl" column x mean scale 0..10 }\n}\n'
DATED_SPEC = ('index "X" { period month\n  source s = "d.csv" { date d }\n'
              '  pillar "P" { metric m from s column x mean scale 0..10 }\n}\n')


def number_spec(options: str) -> str:
    return f'index "X" {{\n  source s = "d.csv" {{ {options} }}\n  pillar "P" {{ metric m from s column x sum scale 0..10 }}\n}}\n'


# name → (spec, file, content, code, line, column, words)
CASES = {
    # 400 digits overflow a double; 5000 pass Python's int-conversion limit.
    "huge integer": (JSONL_SPEC, "d.jsonl", '{"x": 1}\n{"x": 1' + "0" * 400 + "}\n", "CHI405", 2, 7,
                     "is too large for a number"),
    "over 4300 digits": (JSONL_SPEC, "d.jsonl", '{"x": 1' + "0" * 5000 + "}\n", "CHI405", 1, 7,
                         "is too large for a number"),
    "NaN": (JSONL_SPEC, "d.jsonl", '{"x": 1}\n{"x": NaN}\n', "CHI405", 2, 7, "holds NaN, not a number"),
    "-Infinity": (JSONL_SPEC, "d.jsonl", '{"x": -Infinity}\n', "CHI405", 1, 7, "column `x` holds an infinite number"),
    "1e999": (JSONL_SPEC, "d.jsonl", '{"x": 1e999}\n', "CHI405", 1, 7, "column `x` holds an infinite number"),
    "duplicate key": (JSONL_SPEC, "d.jsonl", '{"x": 1}\n{"x": 2, "x": 3}\n', "CHI407", 2, 10,
                      'the key "x" appears twice in one JSON object'),
    "trailing comma": (JSONL_SPEC, "d.jsonl", '{"x": 1,}\n', "CHI407", 1, 9, "invalid JSON"),
    "before year 1": (DATED_SPEC, "d.csv", "d,x\n2025-01-01,1\n0001-01-01T00:00:00+01:00,2\n", "CHI406", 3, 1,
                      "is outside the years 1-9999 once converted to UTC"),
    "after year 9999": (DATED_SPEC, "d.csv", "d,x\n9999-12-31T23:00:00-05:00,2\n", "CHI406", 2, 1,
                        "is outside the years 1-9999 once converted to UTC"),
    "week date": (DATED_SPEC, "d.csv", "d,x\n2025-W11-5,2\n", "CHI406", 2, 1, "'2025-W11-5' in column `d` is not a date"),
    "full-width digits": (number_spec(""), "d.csv", "x\n\uff11\uff12\n", "CHI405", 2, 1,
                          "non-numeric value '\uff11\uff12' in column `x`"),
    "1,5 with thousands": (number_spec('thousands ","'), "d.csv", 'x\n"1,234"\n"1,5"\n', "CHI405", 3, 1,
                           "non-numeric value '1,5' in column `x`"),
    "12,34,5 with thousands": (number_spec('thousands ","'), "d.csv", 'x\n"12,34,5"\n', "CHI405", 2, 1,
                               "non-numeric value '12,34,5' in column `x`"),
    "1e999 in a CSV": (number_spec(""), "d.csv", "x\n1\n1e999\n", "CHI405", 3, 1,
                       "value '1e999' in column `x` is too large for a number"),
    "duplicate header": (number_spec(""), "d.csv", "x,y,x\n1,2,3\n", "CHI407", 1, 5,
                         "the header names the column 'x' twice (fields 1 and 3)"),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(CASES))
def test_bad_data_is_a_diagnostic_at_the_data_line(lab, name: str, engine: str) -> None:
    spec, file, content, code, line, column, words = CASES[name]
    lab.write(file, content)
    lab.spec(spec)
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", engine)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert "CHI506" not in result.stderr, result.stderr
    assert result.returncode == 1 and result.stdout == "", result.stderr
    assert f"error[{code}]" in result.stderr and words in result.stderr, result.stderr
    assert f"--> {file}:{line}:{column}" in result.stderr, result.stderr
    assert "^" in result.stderr and "= help:" in result.stderr, result.stderr


def _metric_value(stdout: str) -> float:
    (row,) = [r for r in csv.DictReader(io.StringIO(stdout)) if r["level"] == "metric"]
    return float(row["raw_value"])


@pytest.mark.parametrize("engine", ENGINES)
def test_grouped_thousands_are_read(lab, engine: str) -> None:
    # 1,234 + 12,345,678.5 + 7 = 12,346,919.5
    lab.write("d.csv", 'x\n"1,234"\n"12,345,678.5"\n7\n')
    lab.spec(number_spec('thousands ","'))
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", engine)
    assert result.returncode == 0, result.stderr
    assert _metric_value(result.stdout) == 12346919.5


@pytest.mark.parametrize("engine", ENGINES)
def test_a_decomposed_header_names_the_composed_column(lab, engine: str) -> None:
    # The header spells café as "cafe" + U+0301; the spec as the single "é": (2 + 4) / 2
    decomposed = unicodedata.normalize("NFD", "café")
    assert decomposed != "café"
    lab.write("d.csv", f"{decomposed},n\n2,1\n4,1\n")
    lab.spec('index "X" {\n  pillar "P" { metric m from "d.csv" column café mean scale 0..10 }\n}\n')
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", engine)
    assert result.returncode == 0, result.stderr
    assert _metric_value(result.stdout) == 3.0


def test_check_data_reports_a_duplicate_header(lab) -> None:
    lab.write("d.csv", "x,y,x\n1,2,3\n")
    lab.spec(number_spec(""))
    result = lab.cli("check", "--data", "spec.chi")
    assert result.returncode == 1, result.stderr
    assert "error[CHI407]" in result.stderr and "--> d.csv:1:5" in result.stderr


def test_check_data_matches_a_decomposed_header(lab) -> None:
    lab.write("d.csv", unicodedata.normalize("NFD", "café") + ",n\n2,1\n")
    lab.spec('index "X" {\n  pillar "P" { metric m from "d.csv" column café mean scale 0..10 }\n}\n')
    result = lab.cli("check", "--data", "spec.chi")
    assert "CHI404" not in result.stderr, result.stderr


@pytest.mark.parametrize("command", [("eval", "--format", "csv"), ("render", "--format", "csv")])
def test_csv_output_refuses_a_nul_in_a_unit(lab, command) -> None:
    # A NUL read from the data as a unit: CSV cannot carry it; JSON escapes it.
    lab.write("d.csv", 'u,x\n"a\x00b",1\nc,3\n')
    lab.spec('index "X" { by u\n  pillar "P" { metric m from "d.csv" column x mean scale 0..10 }\n}\n')
    result = lab.cli(*command[:1], "spec.chi", *command[1:], "--engine", "python")
    assert result.returncode == 1 and result.stdout == "", result.stderr
    assert "error[CHI508]" in result.stderr and "the unit 'a\\x00b'" in result.stderr
    assert "--> spec.chi:1:" in result.stderr and "--format json" in result.stderr
    as_json = lab.cli("eval", "spec.chi", "--format", "json", "--engine", "python")
    assert as_json.returncode == 0 and '"a\\u0000b"' in as_json.stdout


def test_a_nul_in_a_pillar_name_stops_at_check_before_any_output(lab) -> None:
    # A NUL in the spec itself never reaches the CSV writer: the spec is refused (CHI110).
    lab.write("d.csv", "x\n1\n")
    lab.write("spec.chi", b'index "X" {\n  pillar "A\x00B" { metric m from "d.csv" column x mean scale 0..10 }\n}\n')
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python")
    assert result.returncode == 1 and result.stdout == ""
    assert "error[CHI110]" in result.stderr and "--> spec.chi:2:12" in result.stderr
    assert "\x00" not in result.stderr


def test_csv_output_quotes_commas_quotes_and_line_breaks(lab) -> None:
    lab.write("d.csv", 'u,x\n"a,""b""\nc",1\n')
    lab.spec('index "X" { by u\n  pillar "P" { metric m from "d.csv" column x mean scale 0..10 }\n}\n')
    result = lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python")
    assert result.returncode == 0, result.stderr
    units = {r["unit"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert units == {'a,"b"\nc'}


def test_the_table_shows_control_characters_as_escapes(lab) -> None:
    # An escape sequence read from the data must not reach the terminal raw.
    lab.write("d.csv", 'u,x\n"a\x1b[31mb",1\n')
    lab.spec('index "X" { by u\n  pillar "P" { metric m from "d.csv" column x mean scale 0..10 }\n}\n')
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "[a\\x1b[31mb]" in result.stdout
