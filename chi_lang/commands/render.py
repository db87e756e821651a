"""``chi-lang render SPEC``: the scorecard as HTML, Markdown, JSON or CSV."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import typer

from .common import load_or_exit, refuse_overwriting_inputs, write_output
from .eval import ENGINES, run_engine

DEFAULT_TOP = 5  # as render/viewmodel.DEFAULT_TOP, which is not imported here: it pulls in the renderer

FORMATS = ("html", "md", "json", "csv")
# The -o extensions that choose a format when --format is not given.
EXTENSIONS = {"html": "html", "htm": "html", "md": "md", "markdown": "md", "json": "json", "csv": "csv"}


def generation_time(stamp: bool) -> str | None:
    """When the file was made, only if asked: ``SOURCE_DATE_EPOCH`` (reproducible
    builds) wins over ``--timestamp`` (now); neither means no time at all."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip():
        try:
            moment = datetime.fromtimestamp(int(epoch.strip()), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            sys.stderr.write(f"error: SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}\n")
            raise typer.Exit(2) from None
    elif stamp:
        moment = datetime.now(tz=timezone.utc)
    else:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _choose(value: str | None, available: list, what: str, flag: str) -> None:
    """An unknown --period or --unit is CHI705 with did-you-mean, exit 1, as in explain and diff."""
    if value is None:
        return
    from .common import check_choice, fail

    if not available:
        clause = "period" if what == "period" else "by"
        fail("CHI705", f"{flag} {value!r} given, but the evaluation has no {what}s (the spec has no `{clause}`, "
             "or no data)", f"drop {flag}, or add `{clause} ...` to the spec")
    check_choice(flag, value, available, what)


def register(app: typer.Typer) -> None:
    @app.command()
    def render(
        spec: str = typer.Argument(..., help="The spec file (- reads stdin)."),
        output: str = typer.Option(None, "--output", "-o", help="Write to this file (default: stdout)."),
        format: str = typer.Option(None, "--format", "-f",
                                   help="html, md, json or csv (default: from the -o extension; html without one or on stdout)."),
        period: str = typer.Option(None, "--period", "-p", help="The period to show (default: the last with data, as explain)."),
        unit: str = typer.Option(None, "--unit", "-u", help="For `by` indices: the one unit shown in full."),
        top: int = typer.Option(DEFAULT_TOP, "--top", min=0,
                                help="For `by` indices without --unit: full sections for the N best units (0: all)."),
        engine: str = typer.Option("auto", "--engine", "-e", help="auto, python or duckdb."),
        timestamp: bool = typer.Option(False, "--timestamp",
                                       help="Write the generation time (SOURCE_DATE_EPOCH, when set, gives it)."),
    ) -> None:
        """Render SPEC's scorecard: a self-contained HTML page, Markdown, JSON or CSV."""
        if format is None:
            suffix = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
            if suffix and suffix not in EXTENSIONS:
                # `-o out.pdf` must not quietly write HTML into a file named .pdf.
                raise typer.BadParameter(
                    f"cannot tell the format from the extension .{suffix}: render writes "
                    f"{', '.join(FORMATS)} ({', '.join('.' + e for e in EXTENSIONS)}); "
                    "give --format, or name the file with one of those extensions",
                    param_hint="--output")
            format = EXTENSIONS.get(suffix, "html")
        if format not in FORMATS:
            raise typer.BadParameter(f"unknown format {format!r} ({', '.join(FORMATS)})", param_hint="--format")
        if engine not in ENGINES:
            raise typer.BadParameter(f"unknown engine {engine!r} ({', '.join(ENGINES)})", param_hint="--engine")
        generated_at = generation_time(timestamp)
        loaded = load_or_exit(spec)
        refuse_overwriting_inputs(output, loaded)
        evaluation = run_engine(loaded, engine, show_progress=sys.stderr.isatty())
        _choose(period, [p for p in evaluation.periods() if p is not None], "period", "--period")
        _choose(unit, [u for u in evaluation.units() if u is not None], "unit", "--unit")
        index = loaded.index
        spec_file = None if loaded.path in ("-", "<stdin>") else Path(loaded.path).name

        if format == "csv":
            from ..results import Evaluation
            from .common import csv_or_exit

            rows = [r for r in evaluation.rows
                    if (period is None or r.period == period) and (unit is None or r.unit == unit)]
            text = csv_or_exit(loaded, Evaluation(rows, evaluation.sources, evaluation.engine))
        elif format == "json":
            from ..render.document import build_document, to_json_text

            text = to_json_text(build_document(index, evaluation, period=period, unit=unit,
                                               spec_file=spec_file, generated_at=generated_at)) + "\n"
        else:
            from ..render.viewmodel import Options

            options = Options(period=period, unit=unit, top=top, generated_at=generated_at, spec_file=spec_file)
            if format == "md":
                from ..render.markdown import render_markdown

                text = render_markdown(index, evaluation, options)
            else:
                from ..render.html import render_html

                text = render_html(index, evaluation, options)
        write_output(output, text)
