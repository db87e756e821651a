"""``chi-lang eval SPEC``: evaluate a spec on its data and print the results."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import csv_or_exit, load_or_exit, print_diagnostics, refuse_overwriting_inputs, write_output

ENGINES = ("auto", "python", "duckdb")


def run_engine(loaded, engine: str, show_progress: bool):
    """Evaluate with the chosen engine; returns the Evaluation or exits 1."""
    from ..evaluate import evaluate

    index = loaded.index
    auto = engine == "auto"
    if engine == "auto":
        engine = "python"
        try:
            import duckdb  # noqa: F401

            from ..engines import duckdb_engine  # noqa: F401

            engine = "duckdb"
        except ImportError:
            engine = "python"
    if engine == "duckdb":
        from ..engines.duckdb_engine import evaluate_duckdb

        # auto: data DuckDB cannot read like the python engine is evaluated by python (no CHI506).
        evaluation = evaluate_duckdb(index, loaded.bag, python_fallback=auto)
    else:
        evaluation = evaluate(index, loaded.bag, show_progress=show_progress)
    print_diagnostics(loaded)
    if evaluation is None or loaded.bag.has_errors:
        raise typer.Exit(1)
    return evaluation


def _format_from_extension(output: str | None) -> str:
    """``-o results.csv`` means CSV; an unknown extension is a usage error."""
    if output in (None, "-"):
        return "table"
    suffix = Path(output).suffix.lower()
    known = {".csv": "csv", ".json": "json", ".txt": "table", "": "table"}
    if suffix not in known:
        raise typer.BadParameter(
            f"cannot tell the format from {suffix!r}; use .csv, .json or .txt, or give --format",
            param_hint="--output",
        )
    return known[suffix]


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        spec: str = typer.Argument(..., metavar="SPEC", help="The spec file (- reads stdin)."),
        format: str = typer.Option(None, "--format", "-f",
                                   help="table, json or csv (default: from the -o extension, else table)."),
        engine: str = typer.Option("auto", "--engine", "-e", help="auto, python or duckdb."),
        output: str = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    ) -> None:
        """Evaluate SPEC on its data: index, pillar and metric scores per period and unit."""
        if format is None:
            format = _format_from_extension(output)
        format = format.lower()
        if format not in ("table", "json", "csv"):
            raise typer.BadParameter(f"unknown format {format!r} (table, json, csv)", param_hint="--format")
        if engine not in ENGINES:
            raise typer.BadParameter(f"unknown engine {engine!r} ({', '.join(ENGINES)})", param_hint="--engine")
        loaded = load_or_exit(spec)
        refuse_overwriting_inputs(output, loaded)
        evaluation = run_engine(loaded, engine, show_progress=sys.stderr.isatty())
        from ..output.tabular import to_json, to_table

        if format == "csv":
            text = csv_or_exit(loaded, evaluation)
        elif format == "json":
            text = to_json(loaded.index, evaluation)
        else:
            text = to_table(loaded.index, evaluation)
        write_output(output, text)
