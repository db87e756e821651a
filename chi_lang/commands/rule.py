"""``chi-lang rule CODE``: what a diagnostic code means (``--list`` lists every code)."""

from __future__ import annotations

import difflib
import re
import sys
from typing import Optional

import typer


def _suggestion(given: str, codes: list[str], names: list[str]) -> str:
    """'; did you mean ...?' naming only codes that exist: those a prefix such as CHI6
    starts (not the nearest string, CHI706), else the closest code or rule name."""
    key = given.strip().upper()
    if re.fullmatch(r"CHI\d{1,2}", key):
        family = [c for c in codes if c.startswith(key)]
        if not family:
            return f"; no code starts with {key}"
        shown = ", ".join(family[:12]) + (", ..." if len(family) > 12 else "")
        return f"; {len(family)} code{'s' if len(family) != 1 else ''} start with {key}: {shown}"
    close = difflib.get_close_matches(key.replace("O", "0"), codes, 1) \
        or difflib.get_close_matches(given.strip(), names, 1)
    return f"; did you mean {close[0]}?" if close else ""


def register(app: typer.Typer) -> None:
    @app.command()
    def rule(
        code: Optional[str] = typer.Argument(None, metavar="CODE", help="A code (CHI601) or rule name (pillar-metric-count)."),
        list_all: bool = typer.Option(False, "--list", help="List every code with its severity and summary."),
    ) -> None:
        """Explain a diagnostic code: what it does, why it matters, an example and the fix."""
        from ..codes import CODES
        from ..docs_gen import code_doc

        if list_all or code is None:
            if code is None and not list_all:
                sys.stderr.write("error: give a CODE, or --list\n")
                raise typer.Exit(2)
            for entry in CODES.values():
                sys.stdout.write(f"{entry.code}  {entry.severity.value:<7}  {entry.name:<32}  {entry.summary}\n")
            return
        by_name = {c.name: c for c in CODES.values()}
        entry = CODES.get(code.strip().upper()) or by_name.get(code.strip())
        if entry is None:
            sys.stderr.write(f"error: unknown code {code!r}{_suggestion(code, list(CODES), list(by_name))}"
                             " (chi-lang rule --list shows them all)\n")
            raise typer.Exit(2)
        sys.stdout.write(code_doc(entry))
