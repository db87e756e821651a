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
    # NaN and Infinity are not JSON, and 1e999 or a 400-digit integer is no double:
    # read as a number they are bad cells (at their line), never a NaN or infinite score.
    "NaN in JSON": (json_spec("metric x from s mean scale 0..10"),
                    {"s.jsonl": '{"d": "2025-01-01", "x": NaN}\n{"d": "2025-02-01", "x": 2}\n'}, ("CHI405",)),
    "Infinity in JSON": (json_spec("metric x from s max scale 0..10"),
                         {"s.jsonl": '{"d": "2025-01-01", "x": 2}\n{"d": "2025-02-01", "x": -Infinity}\n'}, ("CHI405",)),
    "1e999 in JSON": (json_spec("metric x from s where x > 0 count target 3"),
                      {"s.jsonl": '{"d": "2025-01-01", "x": 1e999}\n'}, ("CHI405",)),
    "huge JSON integer": (json_spec("metric x from s sum scale 0..10"),
                          {"s.jsonl": '{"d": "2025-01-01", "x": 1}\n{"d": "2025-01-02", "x": 1' + "0" * 400 + '}\n'},
                          ("CHI405",)),
    # Longer than Python's int conversion limit (4300 digits).
    "JSON integer over 4300 digits": (json_spec("metric x from s sum scale 0..10"),
                                      {"s.jsonl": '{"d": "2025-01-01", "x": 1' + "0" * 5000 + '}\n'}, ("CHI405",)),
    # Read as text, such numbers are what the file says: 10^30 exactly, NaN as "nan".
    "JSON numbers as text": (json_spec('metric x from s where k = "1' + "0" * 30 + '" count target 3 '
                                       'metric y from s where k = "nan" count target 3 '
                                       'metric z from s where k = "1' + "0" * 5000 + '" count target 3'),
                             {"s.jsonl": '{"d": "2025-01-01", "k": 1' + "0" * 30 + '}\n{"d": "2025-01-01", "k": NaN}\n'
                                         '{"d": "2025-01-01", "k": 1' + "0" * 5000 + '}\n'}, ()),
    # A source DuckDB reads through the python reader's copy (cp1252): the long integer survives it.
    "JSON long integer, copied": ('index "E" { period month source s = "s.jsonl" { date d encoding "cp1252" } '
                                  'pillar "P" { metric x from s where k = "1' + "0" * 5000 + '" count target 3 } }',
                                  {"s.jsonl": ('{"d": "2025-01-01", "k": 1' + "0" * 5000 + ', "t": "€"}\n'
                                               '{"d": "2025-01-01", "k": 2}\n').encode("cp1252")}, ()),
    "duplicate JSON key": (json_spec("metric x from s mean scale 0..10"),
                           {"s.jsonl": '{"d": "2025-01-01", "x": 1}\n{"d": "2025-01-01", "x": 2, "x": 3}\n'}, ("CHI407",)),
    "duplicate JSON key in an array": (json_spec("metric x from s mean scale 0..10", "s.json"),
                                       {"s.json": '[\n{"d": "2025-01-01", "x": 1},\n{"d": "2025-01-01",\n "x": 2, "x": 3}\n]'},
                                       ("CHI407",)),
    "JSON syntax error": (json_spec("metric x from s mean scale 0..10"),
                          {"s.jsonl": '{"d": "2025-01-01", "x": 1}\n{"d": "2025-01-01", "x": 2,}\n'}, ("CHI407",)),
    "duplicate header": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x,x\n2025-01-01,1,2\n"}, ("CHI407",)),
    # "café" written decomposed (e + U+0301) in the header is the spec's café: (1 + 3) / 2.
    "decomposed header": (csv_spec("metric m from s column café mean scale 0..10"),
                          {"s.csv": "d,cafe\u0301\n2025-01-01,1\n2025-01-02,3\n"}, ()),
    # Dates that leave years 1-9999 once moved to UTC, or start outside them.
    "before year 1 in UTC": (csv_spec("metric x from s mean scale 0..10"),
                             {"s.csv": "d,x\n2025-01-01,1\n0001-01-01T00:00:00+01:00,2\n"}, ("CHI406",)),
    "after year 9999 in UTC": (csv_spec("metric x from s mean scale 0..10"),
                               {"s.csv": "d,x\n9999-12-31T23:00:00-05:00,2\n"}, ("CHI406",)),
    "after year 9999 with date_format": (csv_spec("metric x from s mean scale 0..10",
                                                  options='date d date_format "%d/%m/%Y %H:%M %z"'),
                                         {"s.csv": "d,x\n31/12/9999 23:00 -0500,2\n"}, ("CHI406",)),
    "year 0": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n0000-06-01,2\n"}, ("CHI406",)),
    # Only the ISO forms docs/language.md lists, in ASCII digits.
    "basic ISO date": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n20250314,2\n"}, ("CHI406",)),
    "ISO week date": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-W11-5,2\n"}, ("CHI406",)),
    "offset with seconds": (csv_spec("metric x from s mean scale 0..10"),
                            {"s.csv": "d,x\n2025-03-14T09:12:00+01:00:30,2\n"}, ("CHI406",)),
    "hour-only time": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01T08,2\n"}, ("CHI406",)),
    "spaced offset": (csv_spec("metric x from s mean scale 0..10"),
                      {"s.csv": "d,x\n2015-02-24 11:35:52 -0800,2\n2015-02-28 23:00:00 -0800,4\n"}, ()),
    "full-width digits": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,\uff11\uff12\n"},
                          ("CHI405",)),
    "Arabic-Indic digits": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,\u0661\u0662\n"},
                            ("CHI405",)),
    "Arabic-Indic digits in a date_format date": (csv_spec("metric x from s mean scale 0..10",
                                                           options='date d date_format "%d/%m/%Y"'),
                                                  {"s.csv": "d,x\n\u0661\u0662/12/2025,2\n"}, ("CHI406",)),
    "plus-minus sign": (csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,+-1\n"}, ("CHI405",)),
    # %z reads Z, +01:00 and +0100 in both engines; not +01 (DuckDB would), not seconds (strptime would).
    "date_format %z with Z": (csv_spec("metric x from s mean scale 0..10", options='date d date_format "%Y-%m-%dT%H:%M%z"'),
                              {"s.csv": "d,x\n2025-01-31T23:30Z,1\n2025-01-31T23:30-0100,3\n"}, ()),
    "date_format %z hours only": (csv_spec("metric x from s mean scale 0..10",
                                           options='date d date_format "%Y-%m-%dT%H:%M%z"'),
                                  {"s.csv": "d,x\n2025-01-31T23:30+01,1\n"}, ("CHI406",)),
    # thousands: groups of three only.
    "thousands grouped": (csv_spec("metric x from s sum scale 0..10", options='date d thousands ","'),
                          {"s.csv": 'd,x\n2025-01-01,"1,234"\n2025-01-01,"12,345,678.5"\n2025-01-01,999\n'}, ()),
    "thousands 1,5": (csv_spec("metric x from s sum scale 0..10", options='date d thousands ","'),
                      {"s.csv": 'd,x\n2025-01-01,"1,234"\n2025-01-01,"1,5"\n'}, ("CHI405",)),
    "thousands 12,34,5": (csv_spec("metric x from s sum scale 0..10", options='date d thousands ","'),
                          {"s.csv": 'd,x\n2025-01-01,"12,34,5"\n'}, ("CHI405",)),
    "thousands with decimal comma": (csv_spec("metric x from s sum scale 0..10",
                                              options='date d delimiter ";" thousands "." decimal ","'),
                                     {"s.csv": "d;x\n2025-01-01;1.234,5\n2025-01-01;-12.345\n"}, ()),
    "thousands with decimal comma, badly grouped": (csv_spec("metric x from s sum scale 0..10",
                                                             options='date d delimiter ";" thousands "." decimal ","'),
                                                    {"s.csv": "d;x\n2025-01-01;1.23,5\n"}, ("CHI405",)),
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
    ("NaN in JSON", "chi-lang CHI405: source `s`: non-numeric value 'NaN' in column `x`"),
    ("1e999 in JSON", "chi-lang CHI405: source `s`: non-numeric value '1e999' in column `x`"),
    ("huge JSON integer", "chi-lang CHI405: source `s`: non-numeric value '1000000000"),
    ("before year 1 in UTC", "chi-lang CHI406: source `s`: value '0001-01-01T00:00:00+01:00' in column `d`"),
    ("after year 9999 with date_format", "chi-lang CHI406: source `s`: value '31/12/9999 23:00 -0500' in column `d`"),
    ("year 0", "chi-lang CHI406: source `s`: value '0000-06-01' in column `d`"),
    ("basic ISO date", "chi-lang CHI406: source `s`: value '20250314' in column `d`"),
    ("full-width digits", "chi-lang CHI405: source `s`: non-numeric value '\uff11\uff12' in column `x`"),
    ("plus-minus sign", "chi-lang CHI405: source `s`: non-numeric value '+-1' in column `x`"),
    ("date_format %z hours only", "chi-lang CHI406: source `s`: value '2025-01-31T23:30+01' in column `d`"),
    ("thousands 1,5", "chi-lang CHI405: source `s`: non-numeric value '1,5' in column `x`"),
    ("thousands with decimal comma, badly grouped", "chi-lang CHI405: source `s`: non-numeric value '1.23,5'"),
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


@pytest.mark.parametrize("name", ["bad cell filtered out", "short circuit and", "comparison with missing",
                                  "JSON numbers as text", "decomposed header", "spaced offset", "date_format %z with Z",
                                  "thousands grouped", "thousands with decimal comma"])
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


@pytest.mark.parametrize("name, values", [
    # 1,234 + 12,345,678.5 + 999
    ("thousands grouped", [12347911.5]),
    # 1234.5 - 12345
    ("thousands with decimal comma", [-11110.5]),
    # 2015-02-24 19:35:52 and 2015-03-01 07:00 in UTC: two months, 2 and 4.
    ("spaced offset", [2.0, 4.0]),
    # 2025-01-31T23:30Z stays in January; 23:30-01:00 is 00:30 on 1 February.
    ("date_format %z with Z", [1.0, 3.0]),
    # café read through its decomposed header: (1 + 3) / 2
    ("decomposed header", [2.0]),
    # one k of 10^30, one NaN, one of 10^5000, each matched by its text
    ("JSON numbers as text", [1.0, 1.0, 1.0]),
    ("JSON long integer, copied", [1.0]),
])
def test_values_both_engines_read(name: str, values: list[float], tmp_path: Path) -> None:
    spec, files, _ = CASES[name]
    index = write(tmp_path, spec, files)
    for result in (evaluate(index, DiagnosticBag()), evaluate_duckdb(index, DiagnosticBag())):
        assert [r.raw_value for r in result.rows if r.level == "metric"] == values


@pytest.mark.parametrize("name, line, column", [
    # '{"d": "2025-01-01", ' is 20 characters: the value of "x" starts at column 26.
    ("NaN in JSON", 1, 26), ("huge JSON integer", 2, 26), ("JSON integer over 4300 digits", 1, 26),
    # The second "x", and the '}' where a key was expected.
    ("duplicate JSON key", 2, 29), ("duplicate JSON key in an array", 4, 10), ("JSON syntax error", 2, 28),
    ("duplicate header", 1, 5), ("before year 1 in UTC", 3, 1), ("after year 9999 in UTC", 2, 1),
    ("full-width digits", 2, 12), ("thousands 1,5", 3, 12),
])
def test_data_problems_point_at_the_data_line(name: str, line: int, column: int, tmp_path: Path) -> None:
    spec, files, codes = CASES[name]
    bag = DiagnosticBag()
    evaluate(write(tmp_path, spec, files), bag)
    (error,) = bag.errors()
    assert error.code == codes[0] and error.span.file.endswith(next(iter(files)))
    assert (error.span.line, error.span.column) == (line, column)
    assert error.hint and error.line_text is not None


def test_a_cell_only_duckdb_refuses_is_a_data_diagnostic_not_chi506(tmp_path: Path, monkeypatch) -> None:
    # Were the python engine to read a form the SQL does not (here: made to accept
    # an hour-only time), the DuckDB engine still reports the cell with its data
    # code at its line, never an internal-looking failure.
    import re

    from chi_lang import sources

    monkeypatch.setattr(sources, "_ISO_DATE", re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2})?", re.ASCII))
    index = write(tmp_path, csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1\n2025-01-01T08,1\n"})
    assert evaluate(index, DiagnosticBag()) is not None
    bag = DiagnosticBag()
    assert evaluate_duckdb(index, bag) is None
    (error,) = bag.errors()
    assert error.code == "CHI406" and "'2025-01-01T08' in column `d`" in error.message
    assert (error.span.line, error.span.column) == (3, 1) and "--engine python" in error.hint


def test_other_duckdb_failures_are_chi506(tmp_path: Path, monkeypatch) -> None:
    from chi_lang.engines import duckdb_engine

    def fail(self, staged):
        raise duckdb_engine._Failed("Out of Memory Error: could not allocate")

    monkeypatch.setattr(duckdb_engine._Engine, "_evaluate", fail)
    index = write(tmp_path, csv_spec("metric x from s mean scale 0..10"), {"s.csv": "d,x\n2025-01-01,1\n"})
    bag = DiagnosticBag()
    assert evaluate_duckdb(index, bag) is None
    assert [d.code for d in bag.errors()] == ["CHI506"] and "Out of Memory" in bag.errors()[0].message
    # --engine auto answers with the python engine instead.
    assert evaluate_duckdb(index, DiagnosticBag(), python_fallback=True).engine == "python"


@pytest.mark.parametrize("index", ["", "period month"])
def test_a_raise_that_is_never_reached_does_not_fire(index: str, tmp_path: Path, postgres) -> None:
    # Without a period the cell key is a constant NULL: the error message must still
    # not be a constant, or PostgreSQL and SQLite evaluate it while planning.
    spec = csv_spec("metric x from s sum log scale 1..100 missing error", index=index, options="date d" if index else "")
    idx = write(tmp_path, spec, {"s.csv": "d,x\n2025-01-01,5\n"})
    expected = [r.as_tuple() for r in evaluate(idx, DiagnosticBag()).rows]
    assert sqlite_rows(idx) == expected
    assert postgres_rows(idx, postgres, "chi_unreached") == expected
