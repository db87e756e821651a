"""Helpers shared by commands: loading specs, printing diagnostics, safe writes."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable

import typer

from ..diagnostics import Diagnostic, DiagnosticBag, Severity, render_json, render_text, summary_line
from ..pipeline import Loaded, load_spec


def visible(diagnostics: Iterable[Diagnostic], show_info: bool = False) -> list[Diagnostic]:
    return [d for d in diagnostics if show_info or d.severity is not Severity.INFO]


def _without_suppressed(loaded: Loaded) -> list[Diagnostic]:
    """The spec's own ``# chi: ignore[...]`` comments silence warnings here too.

    Only ``check`` reports problems with the suppressions themselves (unknown
    codes, unused ones), so here they only remove what they name.
    """
    items = list(loaded.bag.items)
    if loaded.text is None:
        return items
    from ..suppress import read_suppressions

    suppressions, _ = read_suppressions(loaded.text, loaded.path)
    silenced = {(s.line, code) for s in suppressions for code, _ in s.codes}
    return [
        d for d in items
        if d.severity is Severity.ERROR or d.span is None or d.span.file != loaded.path
        or (d.span.line, d.code) not in silenced
    ]


def print_diagnostics(loaded: Loaded, stream=None, fmt: str = "text") -> None:
    """Diagnostics go to stderr (results own stdout)."""
    stream = stream or sys.stderr
    items = visible(DiagnosticBag(_without_suppressed(loaded)).sorted())
    if not items:
        return
    if fmt == "json":
        stream.write(render_json(items) + "\n")
        return
    color = stream.isatty() and os.environ.get("NO_COLOR") is None
    stream.write(render_text(items, loaded.sources, color=color))
    stream.write(summary_line(items) + "\n")


def load_or_exit(spec: str) -> Loaded:
    """Load and validate a spec; print diagnostics; exit 1 on errors."""
    loaded = load_spec(spec)
    if loaded.bag.has_errors or loaded.index is None:
        print_diagnostics(loaded)
        raise typer.Exit(1)
    return loaded


def write_output(path: str | None, content: str | bytes, loaded: Loaded | None = None) -> None:
    """Write to a file atomically (temp file + rename), or to stdout for None / '-'."""
    if path in (None, "-"):
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        sys.stdout.flush()
        return
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        directory = target.parent if str(target.parent) else Path(".")
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        _write_failed(path, error)
        return
    try:
        # mkstemp creates the file 0600; give it the mode an ordinary write would
        # (0666 less the umask), so a published scorecard is readable by others.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        _write_failed(path, error)


def _write_failed(path: str, error: OSError) -> None:
    bag = DiagnosticBag()
    bag.add("CHI501", f"cannot write {path}: {error.strerror or error}", None,
            "check that the directory exists and is writable")
    sys.stderr.write(render_text(bag.items, {}))
    raise typer.Exit(1)
