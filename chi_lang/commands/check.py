"""``chi-lang check PATH...``: parse, resolve and validate specs without data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List

import typer

from ..diagnostics import DiagnosticBag, render_json, render_text, summary_line
from ..pipeline import load_spec
from .common import visible


def collect_specs(paths: list[str]) -> tuple[list[str], list[str]]:
    """Spec files named or found (recursively, ``*.chi``) under folders; and paths that do not exist."""
    found: list[str] = []
    missing: list[str] = []
    for path in paths:
        if path == "-":
            found.append(path)
            continue
        p = Path(path)
        if p.is_dir():
            found.extend(sorted(str(f) for f in p.rglob("*.chi") if f.is_file()))
        elif p.exists():
            found.append(path)
        else:
            missing.append(path)
    return found, missing


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        paths: List[str] = typer.Argument(..., metavar="PATH", help="Spec files or folders (searched for *.chi); - reads stdin."),
        format: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
        show_info: bool = typer.Option(False, "--show-info", help="Also show info-level notes."),
    ) -> None:
        """Check specs for errors and warnings without reading data. Exit 0 clean, 1 errors, 2 usage."""
        if format not in ("text", "json"):
            raise typer.BadParameter(f"unknown format {format!r} (text, json)", param_hint="--format")
        files, missing = collect_specs(paths)
        if missing:
            for path in missing:
                sys.stderr.write(f"error: no such file or directory: {path}\n")
            raise typer.Exit(2)
        if not files:
            sys.stderr.write("error: no .chi files found\n")
            raise typer.Exit(2)
        everything = []
        sources: dict[str, str] = {}
        for file in files:
            loaded = load_spec(file)
            everything.extend(DiagnosticBag(loaded.bag.items).sorted())
            sources.update(loaded.sources)
        shown = visible(everything, show_info)
        errors = any(d.severity.value == "error" for d in everything)
        if format == "json":
            sys.stdout.write(render_json(shown) + "\n")
        else:
            if shown:
                sys.stderr.write(render_text(shown, sources, color=sys.stderr.isatty()))
            checked = f"{len(files)} file{'s' if len(files) != 1 else ''} checked"
            sys.stderr.write(f"{checked}: {summary_line(shown)}\n")
        raise typer.Exit(1 if errors else 0)
