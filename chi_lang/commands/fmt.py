"""``chi-lang fmt [PATH...] [--check] [--diff]``: rewrite specs in the canonical layout.

Exit 0: nothing to do (or files rewritten); 1: ``--check``/``--diff`` found files
that would change, or a file does not parse; 2: usage.  Files are rewritten
atomically and only when their text changes, keeping their line endings: a file
written with CRLF (Windows) stays CRLF.
"""

from __future__ import annotations

import difflib
import os
import sys
from typing import List

import typer

from ..diagnostics import DiagnosticBag, render_text
from ..parser import read_spec_text
from .check import collect_specs
from .common import write_output


def line_ending(text: str) -> str:
    """The file's line ending: CRLF when most of its lines end so, else LF."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def register(app: typer.Typer) -> None:
    @app.command()
    def fmt(
        paths: List[str] = typer.Argument(None, metavar="[PATH]...", help="Spec files or folders (default: the current folder); - reads stdin and writes stdout."),
        check: bool = typer.Option(False, "--check", help="Change nothing; exit 1 if any file would be reformatted."),
        diff: bool = typer.Option(False, "--diff", help="Change nothing; print a unified diff of what would change (exit 1 if any)."),
    ) -> None:
        """Format specs in the one canonical layout, keeping comments."""
        from ..format import FormatError, format_text

        files, missing = collect_specs(paths or ["."])
        if missing:
            for path in missing:
                sys.stderr.write(f"error: no such file or directory: {path}\n")
            raise typer.Exit(2)
        if not files:
            sys.stderr.write("error: no .chi files found\n")
            raise typer.Exit(2)
        changed = unchanged = failed = 0
        color = sys.stderr.isatty() and os.environ.get("NO_COLOR") is None
        for file in files:
            bag = DiagnosticBag()
            if file == "-":
                try:
                    text = sys.stdin.buffer.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    sys.stderr.write("error[CHI101]: standard input is not valid UTF-8\n")
                    failed += 1
                    continue
                shown = "<stdin>"
            else:
                text = read_spec_text(file, bag)
                shown = file
                if text is None:
                    sys.stderr.write(render_text(bag.sorted(), {}, color=color))
                    failed += 1
                    continue
            try:
                result = format_text(text, shown)
                if line_ending(text) == "\r\n":
                    result = result.replace("\n", "\r\n")
            except FormatError as error:
                if error.diagnostics:
                    sys.stderr.write(render_text(error.diagnostics, {shown: text}, color=color))
                else:
                    sys.stderr.write(f"error: {error}\n")
                failed += 1
                continue
            if file == "-" and not (check or diff):
                sys.stdout.write(result)
                continue
            if result == text:
                unchanged += 1
                continue
            changed += 1
            if diff:
                sys.stdout.writelines(difflib.unified_diff(
                    text.splitlines(keepends=True), result.splitlines(keepends=True), shown, shown))
            elif check:
                sys.stderr.write(f"would reformat {shown}\n")
            else:
                write_output(file, result)
        if file != "-" or check or diff:
            verb = "would be reformatted" if check or diff else "reformatted"
            parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}",
                     f"{unchanged} file{'s' if unchanged != 1 else ''} left unchanged"]
            if failed:
                parts.append(f"{failed} file{'s' if failed != 1 else ''} could not be formatted")
            sys.stderr.write(", ".join(parts) + "\n")
        raise typer.Exit(1 if failed or ((check or diff) and changed) else 0)
