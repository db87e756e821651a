"""``chi-lang compile SPEC --dialect D``: the spec as one standalone SQL statement.

The rule of every command: an option that is malformed or not one of its fixed
choices is a usage error (exit 2); an option that does not match the spec (a
source, metric, period or unit it does not have) is a diagnostic (exit 1).  So an
unknown dialect (CHI503) and a ``--table`` that is not SOURCE=TABLE or gives a
source twice (CHI504) exit 2, checked before the spec is read and reported alone;
a ``--table`` naming a source the spec does not declare is CHI504 with exit 1.
"""

from __future__ import annotations

import sys

import typer

from .common import load_or_exit, print_diagnostics, refuse_overwriting_inputs, write_output


def _usage_error(code: str, message: str, hint: str | None = None) -> None:
    from ..diagnostics import DiagnosticBag, render_text

    bag = DiagnosticBag()
    bag.add(code, message, None, hint)
    sys.stderr.write(render_text(bag.items, {}))
    raise typer.Exit(2)


def parse_tables(items: list[str]) -> dict[str, str]:
    """``--table SOURCE=TABLE`` options as {source: table}; a malformed one is a usage error."""
    from ..sql import TABLE_FORMS, table_parts

    tables: dict[str, str] = {}
    for item in items:
        name, sep, target = item.partition("=")
        name, target = name.strip(), target.strip()
        if not sep or not name:
            _usage_error("CHI504", f"--table {item!r}: expected SOURCE=TABLE", f"TABLE is {TABLE_FORMS}")
        try:
            table_parts(target)
        except ValueError as error:
            _usage_error("CHI504", f"--table {item!r}: {error}", f"TABLE is {TABLE_FORMS}")
        if name in tables:
            _usage_error("CHI504", f"--table names source {name!r} twice ({tables[name]} and {target})",
                         "give each source one table")
        tables[name] = target
    return tables


def register(app: typer.Typer) -> None:
    @app.command("compile")
    def compile_command(
        spec: str = typer.Argument(..., help="The spec file (- reads stdin)."),
        dialect: str = typer.Option(
            "duckdb", "--dialect", "-d",
            help="duckdb, sqlite, postgres, bigquery, snowflake, spark, databricks or trino."),
        output: str = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
        table: list[str] = typer.Option(
            [], "--table", "-t", metavar="SOURCE=TABLE",
            help='Read SOURCE from TABLE (schema.table allowed; "x y" quotes a part); repeatable. '
                 "Default: a table named after the source."),
        absolute_paths: bool = typer.Option(
            False, "--absolute-paths", help="duckdb: write absolute file paths (default: as the spec writes them)."),
    ) -> None:
        """Compile SPEC to SQL returning the same long table as `chi-lang eval --format csv`.

        DuckDB reads the source files itself; the other dialects read one table per
        source (docs/sql.md lists the columns and types they expect).
        """
        import difflib

        from ..sql import DIALECTS, CompileOptions, compile_index, get_dialect

        if get_dialect(dialect) is None:
            close = difflib.get_close_matches(dialect.strip().lower(), list(DIALECTS), 1)
            _usage_error("CHI503", f"unknown SQL dialect {dialect!r}",
                         (f"did you mean {close[0]!r}? " if close else "") + "dialects: " + ", ".join(DIALECTS))
        tables = parse_tables(table)
        loaded = load_or_exit(spec)
        refuse_overwriting_inputs(output, loaded)
        compiled = compile_index(loaded.index, dialect, loaded.bag, CompileOptions(tables, absolute_paths))
        print_diagnostics(loaded)
        if compiled is None or loaded.bag.has_errors:
            raise typer.Exit(1)
        write_output(output, compiled.sql)
