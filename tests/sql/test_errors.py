"""Bad data: the DuckDB engine fails exactly where the python engine does, with its diagnostics.

For each case the python engine and ``--engine duckdb`` run on the same files; the
diagnostics (code, message, file:line:col) must be identical, and where both read
the data their tables must be identical too.  Then the standalone SQL itself:
DuckDB's statement stops on a cell the python engine rejects, and every dialect's
statement stops on ``log`` of a value <= 0 and on ``missing error`` without data,
instead of returning a number.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pytest

from chi_lang.diagnostics import DiagnosticBag
from chi_lang.engines.duckdb_engine import evaluate_duckdb
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import load_text

from .engines import compiled, postgres_rows, sqlite_rows

CSV_SPEC = 'index "E" {{ {index} source s = "s.csv" {{ {options} }} pillar "P" {{ {metrics} }} }}'
JSON_SPEC = 'index "E" {{ period month source s = "{file}" {{ date d }} pillar "P" {{ {metrics} }} }}'


def csv_spec(metrics: str, index: str = "period month", options: str = "date d") -> str:
    return CSV_SPEC.format(index=index, options=options, metrics=metrics)


def json_spec(metrics: str, file: str = "s.jsonl") -> str:
    return JSON_SPEC.format(file=file, metrics=metrics)


# name → (spec, files, codes the python engine reports; () = reads fine)
CASES: dict[str, tuple[str, dict[str, str | bytes], tuple[str, ...]]] = {
    "non-numeric": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1\n2025-01-02,abc\n"},
                    ("CHI405",)),
    # A bad cell in a row the metric's `where` skips is never read: no error in either engine.
    "bad cell filtered out": (csv_spec('metric x from s where k = "a" column x mean scale 0..10'),
                              {"s.csv": "d,k,x\n2025-01-01,a,1\n2025-01-02,b,abc\n"}, ()),
    # `a > 1 and b > 2` never reads b when a > 1 is false ...
    "short circuit and": (csv_spec("metric x from s where a > 1 and b > 2 count target 3"),
                          {"s.csv": "d,a,b\n2025-01-01,0,zzz\n2025-01-02,5,3\n"}, ()),
    # ... but does when it is true.
    "short circuit and, read": (csv_spec("metric x from s where a > 1 and b > 2 count target 3"),
                                {"s.csv": "d,a,b\n2025-01-01,0,3\n2025-01-02,5,zzz\n"}, ("CHI405",)),
    # `a > b` never reads b when a is missing.
    "comparison with missing": (csv_spec("metric x from s where a > b count target 3"),
                                {"s.csv": "d,a,b\n2025-01-01,,zzz\n2025-01-02,5,3\n"}, ()),
    "bad date": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1\n2025-13-45,2\n"},
                 ("CHI406",)),
    # DuckDB's own cast would read 2025-1-5; the python engine does not, so neither does the SQL.
    "unpadded date": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1\n2025-1-5,2\n"},
                      ("CHI406",)),
    "bad boolean": (csv_spec("metric x from s where ok count target 3"),
                    {"s.csv": "d,ok\n2025-01-01,true\n2025-01-02,maybe\n"}, ("CHI414",)),
    "log of zero": (csv_spec("metric x from s sum log scale 1..100"), {"s.csv": "d,x\n2025-01-01,0\n"}, ("CHI409",)),
    "missing error": (csv_spec("metric x from s mean scale 0..10 missing error"), {"s.csv": "d,x\n2025-01-01,\n"},
                      ("CHI408",)),
    "unknown column": (csv_spec("metric x from s column y mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1\n"},
                       ("CHI404",)),
    "unknown JSON path": (json_spec("metric x from s column a.b mean scale 0..10"),
                          {"s.jsonl": '{"d": "2025-01-01", "a": {"c": 1}}\n'}, ("CHI404",)),
    "too many fields": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1,3\n"}, ("CHI407",)),
    "no file": (csv_spec("metric x from s mean scale 0..10"), {}, ("CHI401",)),
    "not utf-8": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": b"d,x\n2025-01-01,\xff\n"}, ("CHI402",)),
    # Python skips a whitespace-only line; DuckDB's strict reader does not, so the
    # engine reads the file again from the python reader's copy.
    "whitespace line": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1\n   \n2025-01-02,3\n"},
                        ()),
    "skip_footer": (csv_spec("metric x from s mean scale 0..10", options="date d skip_footer 1"),
                    {"s.csv": "d,x\n2025-01-01,1\n2025-01-02,3\nsource: somewhere\n"}, ()),
    "latin-1": (csv_spec('metric x from s where k = "é" count target 3', options='date d encoding "latin-1"'),
                {"s.csv": "d,k\n2025-01-01,é\n".encode("latin-1")}, ()),
    "cp1252": (csv_spec('metric x from s where k = "€" count target 3', options='date d encoding "cp1252"'),
               {"s.csv": "d,k\n2025-01-01,€\n".encode("cp1252")}, ()),
    # A raw value that is NaN or infinite is an error, never dropped.
    "NaN in JSON": (json_spec("metric x from s mean scale 0..10"),
                    {"s.jsonl": '{"d": "2025-01-01", "x": NaN}\n{"d": "2025-02-01", "x": 2}\n'}, ("CHI415",)),
    "overflowing sum": (csv_spec("metric x from s sum scale 0..10"), {"s.csv": "d,x\n2025-01-01,1e308\n2025-01-02,1e308\n"},
                        ("CHI415",)),
    "JSON lists": (json_spec('metric x from s where tags contains "b" count target 3 '
                             'metric y from s where labels.name contains "bug" count target 3'),
                   {"s.jsonl": '{"d": "2025-01-01", "tags": ["a", "b"], "labels": [{"name": "bug"}]}\n'
                               '{"d": "2025-01-01", "tags": "abc", "labels": []}\n'
                               '{"d": "2025-01-01", "tags": ["bb"], "labels": [{"name": "x"}, {"name": "bug"}]}\n'}, ()),
    "JSON array": (json_spec("metric x from s mean scale 0..10", "s.json"),
                   {"s.json": '[{"d": "2025-01-01", "x": 1}, {"d": "2025-02-01", "x": 2}]'}, ()),
    "JSON wrapped array": (json_spec("metric x from s mean scale 0..10", "s.json"),
                           {"s.json": '{"data": [{"d": "2025-01-01", "x": 1}]}'}, ()),
    "date_format with offset": (csv_spec("metric x from s mean scale 0..10", options='date d date_format "%d/%m/%Y %H:%M %z"'),
                                {"s.csv": "d,x\n31/01/2025 23:30 -0200,1\n01/02/2025 10:00 +0000,2\n"}, ()),
    # Warnings are the same too.
    "no date, no unit": (csv_spec("metric x from s mean scale 0..10", index="period month by u"),
                         {"s.csv": "d,u,x\n,a,1\n2025-01-01,,2\n2025-01-01,b,3\n"}, ()),
    "all units equal": (csv_spec("metric x from s mean minmax", index="period month by u"),
                        {"s.csv": "d,u,x\n2025-01-01,a,1\n2025-01-01,b,1\n"}, ()),
    "raw value beyond 0-100": (csv_spec("metric x from s mean"), {"s.csv": "d,x\n2025-01-01,150\n"}, ()),
}
EXPECTED_WARNINGS = {"no date, no unit": {"CHI412", "CHI413"}, "all units equal": {"CHI410"},
                     "raw value beyond 0-100": {"CHI411"}}


def write(tmp_path: Path, spec: str, files: dict[str, str | bytes]):
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "spec.chi"
    path.write_text(spec, encoding="utf-8")
    loaded = load_text(spec, str(path))
    assert loaded.index is not None, [d.message for d in loaded.bag.items]
    return loaded.index


def diagnostics(bag: DiagnosticBag) -> list[tuple[str, str, str]]:
    return [(d.code, d.message, str(d.span)) for d in bag.items]


@pytest.mark.parametrize("name", list(CASES))
def test_duckdb_engine_reports_what_the_python_engine_reports(name: str, tmp_path: Path) -> None:
    spec, files, codes = CASES[name]
    index = write(tmp_path, spec, files)
    python_bag, duckdb_bag = DiagnosticBag(), DiagnosticBag()
    python_result = evaluate(index, python_bag)
    duckdb_result = evaluate_duckdb(index, duckdb_bag)
    assert tuple(d.code for d in python_bag.errors()) == codes
    assert diagnostics(duckdb_bag) == diagnostics(python_bag)
    assert {d.code for d in python_bag.items if d.severity.value == "warning"} == EXPECTED_WARNINGS.get(name, set())
    if codes:
        assert python_result is None and duckdb_result is None
    else:
        assert [r.as_tuple() for r in duckdb_result.rows] == [r.as_tuple() for r in python_result.rows]
        assert duckdb_result.engine == "duckdb"
        assert [(s.name, s.rows, s.first_date, s.last_date) for s in duckdb_result.sources] == \
            [(s.name, s.rows, s.first_date, s.last_date) for s in python_result.sources]


def test_json_lists_are_matched_by_item(tmp_path: Path) -> None:
    # Row 1: tags ["a", "b"] holds "b"; row 2: "abc" is text and contains "b";
    # row 3: ["bb"] holds no item "b" → 2.  labels.name: ["bug"], [], ["x", "bug"] → 2.
    spec, files, _ = CASES["JSON lists"]
    result = evaluate_duckdb(write(tmp_path, spec, files), DiagnosticBag())
    assert [(r.metric, r.raw_value) for r in result.rows if r.level == "metric"] == [("x", 2.0), ("y", 2.0)]


@pytest.mark.parametrize("name, message", [
    ("non-numeric", "chi-lang CHI405: source `s`: non-numeric value 'abc' in column `x`"),
    ("bad date", "chi-lang CHI406: source `s`: value '2025-13-45' in column `d` is not a date"),
    ("unpadded date", "chi-lang CHI406: source `s`: value '2025-1-5' in column `d` is not a date"),
    ("bad boolean", "chi-lang CHI414: source `s`: value 'maybe' in column `ok` is not true/false"),
    ("short circuit and, read", "chi-lang CHI405: source `s`: non-numeric value 'zzz' in column `b`"),
    ("log of zero", "chi-lang CHI409: metric `x` has raw value 0 for 2025-01: log needs values above 0"),
    ("missing error", "chi-lang CHI408: metric `x` has no data for 2025-01, and its policy is `missing error`"),
    ("overflowing sum", "chi-lang CHI415: metric `x` overflows for 2025-01: its value is inf"),
])
def test_the_standalone_duckdb_sql_fails_instead_of_answering(name: str, message: str, tmp_path: Path) -> None:
    spec, files, _ = CASES[name]
    sql = compiled(write(tmp_path, spec, files), "duckdb", absolute_paths=True)
    with duckdb.connect(":memory:") as connection, pytest.raises(duckdb.Error, match="chi-lang CHI4"):
        try:
            connection.execute(sql).fetchall()
        except duckdb.Error as error:
            assert message in str(error)
            raise


# The failures the SQL raises itself, in the python engine's words: the value as python
# writes it (0, not 0.0) and the period and unit.
SQL_RAISES = {
    "log of zero": CASES["log of zero"][:2],
    "log of a negative fraction, by unit": (
        csv_spec("metric x from s sum log scale 1..100", index="period month by u"),
        {"s.csv": "d,u,x\n2025-01-01,a,5\n2025-01-01,b,-0.25\n"}),
    "log of a negative whole number, no period": (
        csv_spec("metric x from s sum log scale 1..100", index="", options=""), {"s.csv": "d,x\n2025-01-01,-3\n"}),
    "missing error": CASES["missing error"][:2],
    "missing error, by unit": (csv_spec("metric x from s mean scale 0..10 missing error", index="period month by u"),
                               {"s.csv": "d,u,x\n2025-01-01,a,1\n2025-01-01,b,\n"}),
}


@pytest.mark.parametrize("name", list(SQL_RAISES))
def test_the_sql_fails_in_the_python_engines_words(name: str, tmp_path: Path, postgres) -> None:
    spec, files = SQL_RAISES[name]
    index = write(tmp_path, spec, files)
    bag = DiagnosticBag()
    assert evaluate(index, bag) is None
    (error,) = bag.errors()
    words = f"chi-lang {error.code}: {error.message}"
    with duckdb.connect(":memory:") as connection, pytest.raises(duckdb.Error) as raised:
        connection.execute(compiled(index, "duckdb", absolute_paths=True)).fetchall()
    assert words in str(raised.value)
    with pytest.raises(sqlite3.OperationalError) as raised:
        sqlite_rows(index)
    assert words in str(raised.value)
    import psycopg

    with pytest.raises(psycopg.Error) as raised:
        postgres_rows(index, postgres, "chi_words")
    postgres.rollback()
    assert words in str(raised.value)


@pytest.mark.parametrize("name", ["bad cell filtered out", "short circuit and", "comparison with missing"])
def test_the_standalone_duckdb_sql_reads_what_python_reads(name: str, tmp_path: Path) -> None:
    spec, files, _ = CASES[name]
    index = write(tmp_path, spec, files)
    with duckdb.connect(":memory:") as connection:
        rows = connection.execute(compiled(index, "duckdb", absolute_paths=True)).fetchall()
    assert [tuple(r) for r in rows] == [r.as_tuple() for r in evaluate(index, DiagnosticBag()).rows]


@pytest.mark.parametrize("name, code", [("log of zero", "CHI409"), ("missing error", "CHI408")])
def test_table_dialects_fail_too(name: str, code: str, tmp_path: Path, postgres) -> None:
    spec, files, _ = CASES[name]
    index = write(tmp_path, spec, files)
    with pytest.raises(sqlite3.OperationalError, match=f"chi-lang {code}"):
        sqlite_rows(index)
    import psycopg

    with pytest.raises(psycopg.Error, match=f"chi-lang {code}"):
        postgres_rows(index, postgres, "chi_errors")
    postgres.rollback()


def test_data_duckdb_cannot_read_like_python_is_chi506(tmp_path: Path) -> None:
    # Python reads the hour-only ISO time "2025-01-01T08"; chi-lang's DuckDB date
    # reading accepts the common ISO forms only (docs/sql.md), so the engine says so.
    index = write(tmp_path, csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01T08,1\n"})
    assert evaluate(index, DiagnosticBag()) is not None
    bag = DiagnosticBag()
    assert evaluate_duckdb(index, bag) is None
    assert [d.code for d in bag.errors()] == ["CHI506"]
    assert "chi-lang CHI406" in bag.errors()[0].message and "2025-01-01T08" in bag.errors()[0].message


@pytest.mark.parametrize("index", ["", "period month"])
def test_a_raise_that_is_never_reached_does_not_fire(index: str, tmp_path: Path, postgres) -> None:
    # Without a period the cell key is a constant NULL: the error message must still
    # not be a constant, or PostgreSQL and SQLite evaluate it while planning.
    spec = csv_spec("metric x from s sum log scale 1..100 missing error", index=index, options="date d" if index else "")
    idx = write(tmp_path, spec, {"s.csv": "d,x\n2025-01-01,5\n"})
    expected = [r.as_tuple() for r in evaluate(idx, DiagnosticBag()).rows]
    assert sqlite_rows(idx) == expected
    assert postgres_rows(idx, postgres, "chi_unreached") == expected
