"""The bad-data corpus (tests/language/data/): each file gives the right value or a
clear diagnostic naming the file and line, exit 1, and never a traceback.

Every case runs the real CLI as a subprocess on a copy of the file, so what is
checked is exactly what a user sees.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Case:
    file: str
    options: str = ""  # the source's { ... } options
    metric: str = "column score mean scale 0..10"
    value: float | None = None  # expected raw value when the file is fine
    no_data: bool = False  # fine, but the metric has no data
    code: str | None = None  # expected diagnostic when it is not
    line: int | None = None
    words: str = ""
    index_clauses: str = ""  # e.g. "period month", so that dates are read


CORPUS = [
    # A UTF-8 byte-order mark is not part of the first column's name: (1 + 2 + 3) / 3 = 2
    Case("bom.csv", value=2.0),
    # ';' with decimal commas, declared: (1.5 + 2.5) / 2 = 2
    Case("semicolon_decimal_comma.csv", '{ delimiter ";" decimal "," }', value=2.0),
    # ... and undeclared: the whole line is one field whose name is not `score`.
    Case("semicolon_decimal_comma.csv", metric="column score mean scale 0..10", code="CHI404",
         words="'score;name'"),
    # Quoted newlines and doubled quotes inside a field: (1 + 3) / 2 = 2
    Case("quoted_newlines.csv", value=2.0),
    Case("quoted_newlines.csv", metric='where comment contains "second line" count target 10', value=1.0),
    # After a two-line record the bad cell is on physical line 4.
    Case("quoted_newlines_then_bad.csv", code="CHI405", line=4, words="non-numeric value 'abc' in column `score`"),
    # Header only: zero rows. count is 0, mean has no data; not an error.
    Case("header_only.csv", metric="count target 10", value=0.0),
    Case("header_only.csv", no_data=True),
    # 0 bytes: a failed export, not an empty period.
    Case("empty.csv", code="CHI403", line=1, words="is empty (0 bytes)"),
    Case("blank_lines.csv", code="CHI403", line=1, words="header line"),
    Case("non_numeric.csv", code="CHI405", line=3, words="non-numeric value 'abc' in column `score`"),
    Case("non_numeric.csv", '{ missing_values ["abc"] }', value=2.0),  # (1 + 3) / 2
    Case("decimal_point.csv", metric="column scor mean scale 0..10", code="CHI404",
         words="did you mean 'score'? available columns: 'score', 'name'"),
    # Latin-1 bytes read as UTF-8: the line of the first bad byte (0xe9, é).
    Case("latin1.csv", code="CHI402", line=2, words="byte 0xe9 cannot be decoded"),
    Case("latin1.csv", '{ encoding "latin-1" }', value=3.0),  # (4 + 2) / 2
    Case("latin1.csv", '{ encoding "latin-1" }', metric='where name = "Café" column score sum scale 0..10', value=4.0),
    Case("utf16.csv", code="CHI402", line=1, words="byte 0xff"),
    Case("ragged.csv", code="CHI407", line=3, words="line has 1 fields, the header has 2"),
    Case("unbalanced_quote.csv", code="CHI407", line=3, words="record starting on line 3"),
    Case("crlf.csv", value=2.0),  # "\r\n" line ends: (1 + 3) / 2
    Case("bad_date.csv", '{ date when }', code="CHI406", line=3, words="'31/12/2025' in column `when` is not a date",
         index_clauses="period month"),
    Case("bad_date.csv", '{ date when date_format "%d/%m/%Y" }', code="CHI406", line=2,
         words="'2025-01-01' in column `when` is not a date in the format '%d/%m/%Y'", index_clauses="period month"),
    Case("bad_bool.csv", metric="where ok count target 10", code="CHI414", line=3,
         words="value 'maybe' in column `ok` is not true/false"),
    # A footer line ("Total,4") is dropped with skip_footer: (1 + 3) / 2
    Case("footer.csv", "{ skip_footer 1 }", value=2.0),
    Case("footer.csv", code="CHI405", line=4, words="non-numeric value 'Total'"),
    Case("decimal_point.csv", value=2.0),
    # A decimal comma file read with the default '.' gives a hint about `decimal`.
    Case("semicolon_decimal_comma.csv", '{ delimiter ";" }', code="CHI405", line=2, words='decimal ","'),
    Case("broken.jsonl", code="CHI407", line=3, words="invalid JSON"),
    Case("broken.json", code="CHI407", line=4, words="invalid JSON"),
    Case("not_object.jsonl", code="CHI407", line=2, words="must be an object, not list"),
    Case("bool_number.jsonl", code="CHI405", line=1, words="holds the boolean true, not a number"),
    Case("wrapped.json", value=2.0),  # {"data": [...]}; "3" as a JSON string is still 3
    Case("missing.csv", code="CHI401", words="file not found: missing.csv"),  # located in the spec: below
]


def run_case(lab, case: Case):
    if (DATA / case.file).exists():
        shutil.copy(DATA / case.file, lab.root / case.file)
    lab.spec(f'index "Bad" {{ {case.index_clauses}\n  source s = "{case.file}" {case.options}\n  pillar "P" {{ metric m from s {case.metric} }}\n}}\n')
    return lab.cli("eval", "spec.chi", "--format", "csv", "--engine", "python")


@pytest.mark.parametrize("case", CORPUS, ids=[f"{c.file}{'+' + c.options if c.options else ''}|{c.metric}" for c in CORPUS])
def test_bad_data_corpus(lab, case):
    result = run_case(lab, case)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    if case.code is None:
        assert result.returncode == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        (metric,) = [r for r in rows if r["level"] == "metric"]
        if case.no_data:
            assert metric["raw_value"] == "" and metric["score"] == ""
        else:
            assert float(metric["raw_value"]) == pytest.approx(case.value)
        return
    assert result.returncode == 1
    assert result.stdout == ""  # no half result on stdout
    assert f"[{case.code}]" in result.stderr, result.stderr
    assert case.words in result.stderr, result.stderr
    if case.line is not None:
        # The data file and line, relative to where the user runs chi-lang.
        assert f"--> {case.file}:{case.line}:" in result.stderr, result.stderr


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_a_missing_file_is_located_in_the_spec_not_in_the_file(lab, engine):
    # The data file does not exist, so an annotation there would point nowhere: CHI401
    # points at the file name in the `source` declaration, or in the metric's `from`.
    lab.spec('index "Bad" {\n  source s = "nope.jsonl"\n  pillar "P" {\n    metric m from s mean scale 0..10\n'
             '    metric k from "gone.csv" mean scale 0..10\n  }\n}\n')
    result = lab.cli("eval", "spec.chi", "--engine", engine)
    assert result.returncode == 1
    assert "file not found: nope.jsonl\n  --> spec.chi:2:14\n" in result.stderr
    assert 'source s = "nope.jsonl"' in result.stderr  # the spec's line under the message
    assert "nope.jsonl:1:1" not in result.stderr
    github = lab.cli("check", "--data", "--format", "github", "spec.chi")
    lines = [line for line in github.stdout.splitlines() if "CHI401" in line]
    assert [line.split("::")[1].split(",title")[0] for line in lines] == [
        "error file=spec.chi,line=2,col=14,endLine=2,endColumn=26", "error file=spec.chi,line=5,col=14,endLine=5,endColumn=29"]


def test_unknown_column_points_at_the_spec_and_the_file(lab):
    shutil.copy(DATA / "decimal_point.csv", lab.root / "d.csv")
    lab.spec('index "Bad" {\n  pillar "P" { metric scor from "d.csv" mean scale 0..10 }\n}\n')
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 1
    assert "source `d.csv` has no column 'scor'" in result.stderr
    assert "--> spec.chi:2:23" in result.stderr  # the metric name, which names the column
    assert "did you mean 'score'?" in result.stderr


def test_unknown_json_path_lists_the_paths_seen(lab):
    lab.write("d.jsonl", '{"a": {"b": 3}}\n{"a": {"b": 5}}\n')
    lab.spec('index "Bad" {\n  pillar "P" { metric m from "d.jsonl" column a.c mean scale 0..10 }\n}\n')
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 1
    assert "has no column 'a.c'" in result.stderr and "available columns: 'a', 'a.b'" in result.stderr


def test_nested_json_path_reads_the_value(lab):
    outcome = lab.evaluate('index "X" { pillar "P" { metric m from "d.jsonl" column a.b mean scale 0..10 } }',
                           {"d.jsonl": '{"a": {"b": 3}}\n{"a": {"b": 5}}\n{"a": null}\n'})
    assert outcome.row(pillar="P", metric="m").raw_value == 4.0  # (3 + 5) / 2, the null skipped


def test_a_broken_source_is_an_error_not_missing_data(lab):
    # One good metric and one whose file is broken: the index must not be computed
    # from the good one alone (broken data must never raise a score).
    shutil.copy(DATA / "decimal_point.csv", lab.root / "good.csv")
    shutil.copy(DATA / "non_numeric.csv", lab.root / "bad.csv")
    lab.spec('index "X" { pillar "P" { metric a from "good.csv" column score mean scale 0..10\n'
             ' metric b from "bad.csv" column score mean scale 0..10 } }')
    result = lab.cli("eval", "spec.chi", "--engine", "python", "--format", "csv")
    assert result.returncode == 1 and result.stdout == ""
    assert "CHI405" in result.stderr
