"""``chi-lang compile SPEC --dialect D``: the spec as one standalone SQL statement."""

from __future__ import annotations

import typer

from .common import load_or_exit, print_diagnostics, write_output


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
            help="Read SOURCE from TABLE (schema.table allowed); repeatable. Default: a table named after the source."),
        absolute_paths: bool = typer.Option(
            False, "--absolute-paths", help="duckdb: write absolute file paths (default: as the spec writes them)."),
    ) -> None:
        """Compile SPEC to SQL returning the same long table as `chi-lang eval --format csv`.

        DuckDB reads the source files itself; the other dialects read one table per
        source (docs/sql.md lists the columns and types they expect).
        """
        from ..sql import CompileOptions, compile_index

        loaded = load_or_exit(spec)
        tables: dict[str, str] = {}
        for item in table:
            name, sep, target = item.partition("=")
            if not sep:
                raise typer.BadParameter(f"{item!r}: expected SOURCE=TABLE", param_hint="--table")
            tables[name.strip()] = target.strip()
        compiled = compile_index(loaded.index, dialect, loaded.bag, CompileOptions(tables, absolute_paths))
        print_diagnostics(loaded)
        if compiled is None or loaded.bag.has_errors:
            raise typer.Exit(1)
        write_output(output, compiled.sql)
