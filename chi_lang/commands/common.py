"""Helpers shared by commands: loading specs, printing diagnostics, safe writes."""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
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
        # A spec path that does not exist is a usage error (2), as for `check`;
        # a spec that exists but is wrong is a diagnostic (1).
        missing = spec != "-" and not Path(spec).exists()
        raise typer.Exit(2 if missing else 1)
    return loaded


def _inputs_of(loaded: Loaded) -> list[tuple[str, str]]:
    """The files a spec reads, as (what, path): the spec itself and each source's data."""
    inputs = []
    if loaded.path not in ("-", "<stdin>"):
        inputs.append(("the spec", loaded.path))
    if loaded.index is not None:
        for source in loaded.index.sources:
            inputs.append((f"the data of source `{source.name}`", str(source.path)))
    return inputs


def refuse_overwriting_inputs(output: str | None, *loaded: Loaded) -> None:
    """CHI501 and exit 1, before anything is written, when ``-o`` names a file the
    command reads: the spec or a source's data would be replaced by the result.

    Only an existing output can be an input; ``os.path.samefile`` sees through
    relative paths, symbolic links and hard links.
    """
    if output in (None, "-") or not os.path.exists(output):
        return
    for each in loaded:
        for what, path in _inputs_of(each):
            try:
                same = os.path.exists(path) and os.path.samefile(output, path)
            except OSError:
                same = False
            if same:
                bag = DiagnosticBag()
                bag.add("CHI501", f"refusing to write {output}: it is {what} ({path}), which this command reads",
                        None, "writing the result there would destroy the input; pick another output path")
                sys.stderr.write(render_text(bag.items, {}))
                raise typer.Exit(1)


def write_output(path: str | None, content: str | bytes, loaded: Loaded | None = None) -> None:
    """Write the result: to stdout for None or '-', else to a file without ever leaving it half-written.

    A regular file (or a new one) is written to a temporary file beside it and
    renamed over it, so a failed run leaves the old file intact.  A symbolic link
    is followed and its target replaced the same way.  Special files (a named
    pipe, /dev/stdout, a device) cannot be renamed over: they are written directly.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path in (None, "-"):
        _write_stdout(data)
        return
    target = Path(path)
    try:
        if target.exists() and not target.resolve().is_file():
            with open(target, "wb") as handle:
                handle.write(data)
            return
        target = target.resolve() if target.is_symlink() else target
        if target.exists() and not os.access(target, os.W_OK):
            # Renaming over it would succeed wherever the folder is writable; a file
            # its owner made read-only is not ours to replace (as `>` would refuse).
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        directory = target.parent if str(target.parent) else Path(".")
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        _write_failed(path, error)
        return
    try:
        # mkstemp creates the file 0600.  Replacing a file keeps its permissions (a
        # private 0600 result stays private); a new file gets the mode an ordinary
        # write would (0666 less the umask), so a published scorecard is readable.
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        _write_failed(path, error)


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): cli.main ends quietly
    except OSError as error:
        _write_failed("standard output", error)


def _write_failed(path: str, error: OSError) -> None:
    bag = DiagnosticBag()
    hint = {
        errno.ENOSPC: "the disk is full",
        errno.EACCES: "you may not write there; pick another path",
        errno.EROFS: "that file system is read-only",
    }.get(error.errno, "check that the directory exists and is writable")
    bag.add("CHI501", f"cannot write {path}: {error.strerror or error}", None, hint)
    sys.stderr.write(render_text(bag.items, {}))
    raise typer.Exit(1)


def csv_or_exit(loaded: Loaded, evaluation) -> str:
    """The long table as CSV, or CHI508 and exit 1 when a name or unit holds a NUL."""
    from ..output.tabular import UnwritableCsv, to_csv

    try:
        return to_csv(evaluation)
    except UnwritableCsv as error:
        index = loaded.index
        span = index.span
        if error.column == "pillar":
            span = next((p.span for p in index.pillars if p.name == error.value), span)
        elif error.column == "metric":
            span = next((x.span for p, x in index.metrics()
                         if x.name == error.value and p.name == error.row.pillar), span)
        where = {"unit": f"the unit {error.value!r} (read from the data)",
                 "pillar": f"the pillar name {error.value!r}",
                 "metric": f"the metric name {error.value!r}"}.get(error.column, f"{error.column} {error.value!r}")
        bag = DiagnosticBag()
        bag.add("CHI508", f"cannot write CSV: {where} holds a NUL character",
                span, "CSV has no escape for NUL and many readers stop at it; use --format json (which "
                "escapes it as \\u0000), or remove the character")
        sys.stderr.write(render_text(bag.items, loaded.sources))
        raise typer.Exit(1) from None


def fail(code: str, message: str, hint: str | None = None) -> None:
    """Report one diagnostic about the command's arguments and exit 1."""
    bag = DiagnosticBag()
    bag.add(code, message, None, hint)
    sys.stderr.write(render_text(bag.items, {}))
    raise typer.Exit(1)


def close_names(value: str, names: list[str], most: int = 3) -> list[str]:
    """The names a mistyped value most likely meant: the same up to case or leading
    zeros first (``nor`` → NOR, ``2025-1`` → 2025-01), then the closest spellings."""

    def folded(text: str) -> str:
        return re.sub(r"\d+", lambda digits: digits.group().lstrip("0") or "0", text.casefold())

    same = [n for n in names if folded(n) == folded(value)]
    by_fold = {}
    for n in names:
        by_fold.setdefault(n.casefold(), n)
    spelled = [by_fold[m] for m in difflib.get_close_matches(value.casefold(), list(by_fold), most)]
    return list(dict.fromkeys(same + spelled))[:most]


def check_choice(label: str, value: str | None, available: list, what: str) -> None:
    if value in available:
        return
    names = [a for a in available if a is not None]
    close = close_names(value or "", [str(n) for n in names])
    listing = ", ".join(names[:8]) + (f", … {names[-1]}" if len(names) > 8 else "")
    hint = (f"did you mean {', '.join(close)}? " if close else "") + (f"{what}s: {listing}" if names else "")
    fail("CHI705", f"the evaluation has no {what} {value!r} ({label})", hint or None)
