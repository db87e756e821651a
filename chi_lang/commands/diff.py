"""``chi-lang diff OLD NEW``: what changed in meaning between two specs, and its effect.

Each side is a file or a git revision ``REV:path`` (read with ``git show``).
"""

from __future__ import annotations

import sys
from typing import Optional

import typer

from .common import print_diagnostics, refuse_overwriting_inputs, write_output

FORMATS = ("text", "md", "json")


def register(app: typer.Typer) -> None:
    @app.command("diff")
    def diff_command(
        old: str = typer.Argument(..., help="The old spec: a file, or REV:path from git (e.g. HEAD~1:specs/chi.chi)."),
        new: str = typer.Argument(..., help="The new spec: a file, or REV:path."),
        data: bool = typer.Option(False, "--data", help="Evaluate both and show the effect on each unit's index and rank."),
        period: Optional[str] = typer.Option(None, "--period", "-p", help="With --data and `by`: the period to compare (default: the last)."),
        format: str = typer.Option("text", "--format", "-f", help="text, md (a pull-request comment) or json."),
        engine: str = typer.Option("auto", "--engine", "-e", help="auto, python or duckdb (with --data)."),
        top: int = typer.Option(20, "--top", help="How many units to list in the effect table."),
        exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when there are semantic changes (like git diff)."),
        output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    ) -> None:
        """Semantic diff of two specs: weights, added/removed/renamed parts, definitions; with --data, the effect."""
        if format not in FORMATS:
            raise typer.BadParameter(f"unknown format {format!r} (text, md, json)", param_hint="--format")
        if top < 1:
            raise typer.BadParameter("must be at least 1", param_hint="--top")
        if period is not None and not data:
            # Without --data nothing is evaluated: a period would be silently ignored.
            raise typer.BadParameter("needs --data: the period chooses which results of the two specs "
                                     "are compared, and without --data nothing is evaluated", param_hint="--period")
        from ..analysis.revisions import load_side
        from ..analysis.specdiff import data_effect, diff_specs

        sides = []
        for argument in (old, new):
            loaded = load_side(argument)
            if loaded.bag.has_errors or loaded.index is None:
                print_diagnostics(loaded)
                raise typer.Exit(1)
            sides.append(loaded)
        old_loaded, new_loaded = sides
        refuse_overwriting_inputs(output, *sides)
        if not data:  # with --data the engine prints them, with its own
            for loaded in sides:
                print_diagnostics(loaded)
        diff = diff_specs(old_loaded.index, new_loaded.index, old, new)
        effect = None
        if data:
            from .eval import ENGINES, run_engine

            if engine not in ENGINES:
                raise typer.BadParameter(f"unknown engine {engine!r} ({', '.join(ENGINES)})", param_hint="--engine")
            progress = sys.stderr.isatty()
            old_eval = run_engine(old_loaded, engine, show_progress=progress)
            new_eval = run_engine(new_loaded, engine, show_progress=progress)
            if period is not None:
                from .common import check_choice

                periods = sorted({r.period for r in new_eval.rows} | {r.period for r in old_eval.rows},
                                 key=lambda p: (p is None, p or ""))
                check_choice("--period", period, periods, "period")
            effect = data_effect(old_loaded.index, old_eval, new_loaded.index, new_eval, period)
        from ..analysis import report_diff as r

        if format == "json":
            text = r.render_json(diff, effect, new_loaded.index)
        elif format == "md":
            text = r.render_markdown(diff, effect, new_loaded.index, top)
        else:
            text = r.render_text(diff, effect, new_loaded.index, top)
        write_output(output, text)
        if exit_code and diff.semantic:
            raise typer.Exit(1)
