"""`chi-lang compile` and `chi-lang eval --engine duckdb` from the command line.

The diagnostics of the SQL back-end (CHI501-CHI507), determinism, the header,
table overrides, and that `chi-lang check` never loads sqlglot or DuckDB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chi_lang.cli import app

from .conftest import PROJECT_ROOT

runner = CliRunner()
EXAMPLE = PROJECT_ROOT / "specs" / "community-health.chi"


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def write_spec(tmp_path: Path, text: str, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    path = tmp_path / "spec.chi"
    path.write_text(text, encoding="utf-8")
    return path


def test_compile_writes_a_fixed_header_and_one_statement() -> None:
    result = run("compile", EXAMPLE, "--dialect", "postgres")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == ' * chi-lang 0.1.0 · spec "Lumen Community Health" (community-health.chi) · dialect postgres'
    assert " * survey (source survey): submitted_at TIMESTAMP, satisfaction DOUBLE PRECISION, nps DOUBLE PRECISION" in lines
    import sqlglot

    assert len([s for s in sqlglot.parse(result.stdout, read="postgres") if s is not None]) == 1
    assert result.stdout.rstrip().endswith("row_order;")
    # No clock in the output: the same spec compiles to the same bytes.
    assert run("compile", EXAMPLE, "--dialect", "postgres").stdout == result.stdout


def test_compile_is_deterministic_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        target = tmp_path / f"out{seed}.sql"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-m", "chi_lang", "compile", str(EXAMPLE), "-d", "bigquery", "-o", str(target)],
                              env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_output_file_and_absolute_paths(tmp_path: Path) -> None:
    target = tmp_path / "index.sql"
    result = run("compile", EXAMPLE, "-d", "duckdb", "--absolute-paths", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    sql = target.read_text(encoding="utf-8")
    assert f"'{EXAMPLE.parent / 'data' / 'survey.csv'}'" in sql
    assert "'data/survey.csv'" in run("compile", EXAMPLE, "-d", "duckdb").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["index.sql"]  # no temporary file left


def test_unwritable_output_is_chi501(tmp_path: Path) -> None:
    result = run("compile", EXAMPLE, "-o", tmp_path / "missing" / "x.sql")
    assert result.exit_code == 1 and "CHI501" in result.stderr and "Traceback" not in result.stderr


def test_unknown_dialect_is_chi503_and_a_usage_error(tmp_path: Path) -> None:
    result = run("compile", EXAMPLE, "--dialect", "postgress")
    assert result.exit_code == 2  # a usage error, like `eval --engine sqlite`
    assert "error[CHI503]: unknown SQL dialect 'postgress'" in result.stderr
    assert "did you mean 'postgres'?" in result.stderr
    # Reported alone: not beside the spec's own warnings.
    spec = write_spec(tmp_path, 'index "T" { by u pillar "P" geometric { metric m from "s.csv" mean percentile_rank } }',
                      {"s.csv": "u,m\nX,1\n"})
    assert "warning[CHI308]" in run("compile", spec).stderr
    alone = run("compile", spec, "-d", "mysql")
    assert alone.exit_code == 2 and "CHI503" in alone.stderr and "CHI308" not in alone.stderr
    assert run("compile", EXAMPLE, "--dialect", "PostgreSQL").exit_code == 0  # an alias


def test_table_overrides() -> None:
    result = run("compile", EXAMPLE, "-d", "snowflake", "--table", "survey=RAW.SURVEY_2025", "-t", "forum=lake.web.posts")
    assert result.exit_code == 0, result.stderr
    assert "FROM RAW.SURVEY_2025 AS t" in result.stdout and "FROM lake.web.posts AS t" in result.stdout
    assert "FROM tickets AS t" in result.stdout
    # A source the spec does not have is a diagnostic (exit 1); a malformed option
    # a usage error (exit 2), CHI504, reported alone.
    unknown = run("compile", EXAMPLE, "-d", "postgres", "--table", "survy=raw.survey")
    assert unknown.exit_code == 1
    assert "CHI504" in unknown.stderr and "did you mean 'survey'?" in unknown.stderr
    for bad in ("survey=a..b", "survey=", "survey=a.b.c.d", "survey", "=t", 'survey="x', 'survey=a"b', 'survey=""'):
        result = run("compile", EXAMPLE, "-d", "postgres", "--table", bad)
        assert result.exit_code == 2 and "error[CHI504]" in result.stderr, (bad, result.stderr)
        assert "warning" not in result.stderr
    twice = run("compile", EXAMPLE, "-d", "postgres", "-t", "survey=a", "-t", "survey=b")
    assert twice.exit_code == 2 and "--table names source 'survey' twice" in twice.stderr


def test_table_names_in_double_quotes_are_taken_as_written() -> None:
    result = run("compile", EXAMPLE, "-d", "snowflake", "-t", 'survey="x y"', "-t", 'forum=lake."My.Schema"."t""q"',
                 "-t", 'tickets=raw."Tickets"')
    assert result.exit_code == 0, result.stderr
    assert 'FROM "x y" AS t' in result.stdout and '"""' not in result.stdout
    assert 'FROM lake."My.Schema"."t""q" AS t' in result.stdout
    assert 'FROM raw."Tickets" AS t' in result.stdout  # quoted: Snowflake keeps the case
    postgres = run("compile", EXAMPLE, "-d", "postgres", "-t", 'survey=analytics."survey 2025"')
    assert 'FROM analytics."survey 2025" AS t' in postgres.stdout
    assert ' * analytics."survey 2025" (source survey):' in postgres.stdout


def test_column_read_as_two_types_is_chi505_for_tables(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, 'index "T" { source s = "s.csv" pillar "P" { '
                                'metric m from s where code = "10" column code mean scale 0..100 } }',
                      {"s.csv": "code\n10\n"})
    result = run("compile", spec, "-d", "postgres")
    assert result.exit_code == 1
    assert "CHI505" in result.stderr and "column `code` of source `s` is read as number and as string" in result.stderr
    assert run("compile", spec, "-d", "duckdb").exit_code == 0  # DuckDB converts each use


def test_what_duckdb_cannot_read_is_chi502(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, 'index "T" { source s = "s.csv" { skip_footer 1 } pillar "P" { '
                                'metric m from s mean scale 0..100 } }', {"s.csv": "m\n10\nfooter\n"})
    result = run("compile", spec, "-d", "duckdb")
    assert result.exit_code == 1
    assert "CHI502" in result.stderr and "skip_footer" in result.stderr and "`m`" in result.stderr
    assert run("compile", spec, "-d", "duckdb", "--table", "s=staging.s").exit_code == 0
    assert run("compile", spec, "-d", "postgres").exit_code == 0
    # The engine reads such a source through the python reader instead.
    evaluated = run("eval", spec, "--engine", "duckdb", "--format", "csv")
    assert evaluated.exit_code == 0 and ",metric,P,m,10.0," in evaluated.stdout


def test_caveats_are_chi507_warnings(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, 'index "T" { source s = "s.csv" { missing_values ["NA"] } pillar "P" { '
                                'metric a from s where lower(k) = "x" count target 2 '
                                'metric b from s column v count target 2 '
                                'metric c from s column v mean scale 0..10 } }', {"s.csv": "k,v\nX,1\n"})
    sqlite = run("compile", spec, "-d", "sqlite")
    # lower()/upper() fold ASCII only in every engine now: no caveat to warn about.
    assert sqlite.exit_code == 0 and "lower()/upper()" not in sqlite.stderr
    postgres = run("compile", spec, "-d", "postgres")
    assert postgres.exit_code == 0
    assert "warning[CHI507]: column `v` of source `s` is read as number and also as is" in postgres.stderr
    assert "CHI507" not in run("compile", spec, "-d", "duckdb").stderr
    trino = run("compile", EXAMPLE, "-d", "trino")
    assert "warning[CHI507]: trino measures date differences to the millisecond" in trino.stderr
    # SQLite measures them to the microsecond, from the text (the microsecond_dates case).
    assert "date differences" not in run("compile", EXAMPLE, "-d", "sqlite").stderr


def test_bad_data_for_the_duckdb_compile_is_reported(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, 'index "T" { source s = "s.csv" pillar "P" { metric m from s mean scale 0..100 } }',
                      {"s.csv": "x\n1\n"})
    result = run("compile", spec, "-d", "duckdb")
    assert result.exit_code == 1 and "error[CHI404]: source `s` has no column 'm'" in result.stderr
    assert run("compile", spec, "-d", "postgres").exit_code == 0  # table dialects do not read the file


def test_eval_duckdb_prints_the_python_engine_csv_byte_for_byte() -> None:
    python = run("eval", EXAMPLE, "--engine", "python", "--format", "csv")
    duckdb = run("eval", EXAMPLE, "--engine", "duckdb", "--format", "csv")
    assert python.exit_code == duckdb.exit_code == 0
    assert duckdb.stdout == python.stdout
    auto = run("eval", EXAMPLE, "--format", "json")
    assert '"engine": "duckdb"' in auto.stdout


def test_check_does_not_import_sqlglot_or_duckdb() -> None:
    code = ("import sys\n"
            "from chi_lang.cli import app\n"
            "try:\n"
            f"    app(['check', {str(EXAMPLE)!r}])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(sorted(m for m in ('sqlglot', 'duckdb') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite", "postgres", "bigquery", "snowflake", "spark", "trino"])
def test_every_dialect_compiles_the_example(dialect: str) -> None:
    result = run("compile", EXAMPLE, "-d", dialect)
    assert result.exit_code == 0, result.stderr
    assert f"· dialect {dialect}" in result.stdout.splitlines()[1]


def test_auto_falls_back_to_python_where_duckdb_cannot_read(tmp_path: Path, monkeypatch) -> None:
    # The engines read the same cells (tests/sql/test_errors.py); should DuckDB still
    # fail where the python engine does not, --engine duckdb says so and auto answers.
    from chi_lang.engines import duckdb_engine

    def fail(self, staged):
        raise duckdb_engine._Failed("Out of Memory Error: could not allocate")

    monkeypatch.setattr(duckdb_engine._Engine, "_evaluate", fail)
    spec = write_spec(tmp_path, 'index "T" { period month source s = "s.csv" { date d } pillar "P" { '
                                'metric m from s mean scale 0..100 } }', {"s.csv": "d,m\n2025-01-01T08:00,50\n"})
    strict = run("eval", spec, "--engine", "duckdb", "--format", "csv")
    assert strict.exit_code == 1 and "CHI506" in strict.stderr
    auto = run("eval", spec, "--format", "json")
    assert auto.exit_code == 0 and '"engine": "python"' in auto.stdout and "CHI506" not in auto.stderr
