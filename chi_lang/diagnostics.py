"""Diagnostics are data: every stage appends to a bag instead of raising.

A diagnostic has a stable code (see ``codes.py``), a severity, a message, a primary
span, optional labelled secondary spans and a hint.  Renderers turn them into text
(the source line with carets, like a compiler) or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable

from .shown import display_cells, escape_controls, safe_json
from .span import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Label:
    """A secondary span with a short message, drawn under its own source line."""

    span: Span
    message: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None
    hint: str | None = None
    labels: tuple[Label, ...] = ()
    label: str = ""  # a short note drawn beside the primary carets
    line_text: str | None = None  # the primary line, for files not in the sources map (data files)

    def to_dict(self) -> dict[str, object]:
        def span_dict(span: Span | None) -> dict[str, object] | None:
            if span is None:
                return None
            return {
                "file": span.file,
                "line": span.line,
                "column": span.column,
                "end_line": span.end_line,
                "end_column": span.end_column,
            }

        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "span": span_dict(self.span),
            "hint": self.hint,
            "labels": [{"span": span_dict(l.span), "message": l.message} for l in self.labels],
        }


class DataError(Exception):
    """Raised inside the evaluator's hot loops only, carrying a ready diagnostic.

    The evaluator catches it at the stage boundary and puts the diagnostic in the
    bag, so no traceback ever reaches the user.
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class DiagnosticBag:
    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        span: Span | None,
        hint: str | None = None,
        labels: Iterable[Label] = (),
        severity: Severity | None = None,
        label: str = "",
    ) -> Diagnostic:
        from .codes import CODES

        if severity is None:
            severity = CODES[code].severity
        diagnostic = Diagnostic(code, severity, message, span, hint, tuple(labels), label)
        self.items.append(diagnostic)
        return diagnostic

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file order (stable for equal positions)."""

        def key(d: Diagnostic) -> tuple[str, int, int]:
            if d.span is None:
                return ("", 0, 0)
            return (d.span.file, d.span.line, d.span.column)

        return sorted(self.items, key=key)


# ---------------------------------------------------------------------------
# Rendering


_MAX_SHOWN = 120  # display columns of a source line shown around the carets


def _caret_columns(cells: list[tuple[str, int]], span: Span, line_no: int) -> tuple[int, int]:
    """Display column (0-based) and width of the carets for ``span`` on ``line_no``.

    Span columns count characters; the terminal counts columns.  A CJK character
    or an emoji takes two, a combining accent none, a tab up to the next stop and
    an escaped control character its escape: the widths come from the cells.
    """
    start = span.column - 1 if span.line == line_no else 0
    end = span.end_column - 1 if span.end_line == line_no else len(cells)
    start = max(0, min(start, len(cells)))
    end = max(start, min(end, len(cells)))
    column = sum(width for _, width in cells[:start])
    width = sum(width for _, width in cells[start:end])
    return column, max(1, width)


def _window(cells: list[tuple[str, int]], column: int, width: int) -> tuple[str, int, int]:
    """The line as shown, cut down to a window around the carets when it is long.

    A generated spec can put thousands of characters on one line; showing all of
    it (and as many carets) buries the message.  Returns the text and the caret
    column and width within it.  The window is measured in display columns and
    never splits a character or an escape.
    """
    total = sum(w for _, w in cells)
    if total <= _MAX_SHOWN:
        return "".join(shown for shown, _ in cells), column, width
    width = min(width, _MAX_SHOWN // 2)
    left = max(0, column - _MAX_SHOWN // 3)
    right = left + _MAX_SHOWN
    parts: list[str] = []
    first = last = None  # display columns where the shown cells start and end
    position = 0
    for shown, w in cells:
        if position >= left and position + w <= right:
            first = position if first is None else first
            last = position + w
            parts.append(shown)
        position += w
    if first is None:
        first = last = left
    prefix = "…" if first > 0 else ""
    suffix = "…" if last < total else ""
    return prefix + "".join(parts) + suffix, column - first + len(prefix), width


def _source_line(text: str, line_no: int) -> str | None:
    """Line ``line_no`` (1-based) as the parser counts lines: only ``\n`` ends one.

    (``str.splitlines`` also splits at form feeds, U+2028 and others, which would
    show the wrong line.)
    """
    lines = text.split("\n")
    if not (1 <= line_no <= len(lines)):
        return None
    return lines[line_no - 1].removesuffix("\r")


def _snippets(d: Diagnostic) -> list[tuple[Span, str]]:
    """The spans to draw: the primary one, then the labels.

    A label on the primary span itself (CHI301 lists every weight, the first one
    included) is drawn as the primary's note rather than as a second caret line.
    """
    label = d.label
    rest: list[tuple[Span, str]] = []
    for extra in d.labels:
        if extra.span == d.span and not label:
            label = extra.message
        else:
            rest.append((extra.span, extra.message))
    return [(d.span, label)] + rest


def render_text(
    diagnostics: Iterable[Diagnostic], sources: dict[str, str], color: bool = False
) -> str:
    """Compiler-style text: header, ``--> file:line:col``, source line, carets, hint."""
    out: list[str] = []
    for d in diagnostics:
        sev = d.severity.value
        # Messages and hints quote names and cells: control characters in them are
        # shown escaped, never sent to the terminal (an ESC would start a sequence).
        message = escape_controls(d.message, keep="\n")
        head = f"{sev}[{d.code}]: {message}"
        if color:
            tint = {"error": "31", "warning": "33", "info": "36"}[sev]
            head = f"\x1b[1;{tint}m{sev}[{d.code}]\x1b[0m\x1b[1m: {message}\x1b[0m"
        out.append(head)
        if d.span is not None:
            out.append(f"  --> {escape_controls(str(d.span))}")
            snippets = _snippets(d)
            gutter = max(len(str(s.line)) for s, _ in snippets)
            out.append(" " * (gutter + 1) + " |")
            shown_line: tuple[str, int] | None = None
            for span, message in snippets:
                text = sources.get(span.file)
                if text is None and span is d.span and d.line_text is not None:
                    text = "\n" * (span.line - 1) + d.line_text
                if text is None:
                    continue
                raw = _source_line(text, span.line)
                if raw is None:
                    continue
                cells = display_cells(raw)
                column, width = _caret_columns(cells, span, span.line)
                line_text, column, width = _window(cells, column, width)
                if shown_line != (span.file, span.line):
                    out.append(f" {span.line:>{gutter}} | {line_text}")
                    shown_line = (span.file, span.line)
                marker = " " * column + "^" * width
                if message:
                    marker += " " + escape_controls(message)
                out.append(" " * (gutter + 1) + " | " + marker)
        if d.hint:
            out.append(f"  = help: {escape_controls(d.hint, keep=chr(10))}")
        out.append("")
    return "\n".join(out)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    return safe_json([d.to_dict() for d in diagnostics])
