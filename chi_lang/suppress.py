"""Per-line suppressions: ``# chi: ignore[CHI601]`` or ``# chi: ignore[CHI601, CHI609]``.

A suppression silences the named warnings whose primary span starts on the same
line.  Errors cannot be suppressed (a broken spec must not pass by a comment).
Suppressions are themselves checked: unknown codes (CHI691), codes that silence
nothing on their line (CHI692), and comments chi-lang cannot read (CHI694).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .codes import CODES
from .diagnostics import Diagnostic, Severity
from .lint.comments import scan_comments
from .span import Span

_MARKER = re.compile(r"#\s*chi\s*:\s*ignore\b", re.IGNORECASE)
_LIST = re.compile(r"\s*\[([^\]]*)\]")
_CODE = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Suppression:
    line: int
    codes: tuple[tuple[str, Span], ...]  # each named code with its own span in the comment


def _diagnostic(code: str, message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, CODES[code].severity, message, span, hint)


def read_suppressions(text: str, path: str) -> tuple[list[Suppression], list[Diagnostic]]:
    """The suppressions of a spec, and diagnostics about malformed ones."""
    found: list[Suppression] = []
    problems: list[Diagnostic] = []
    for comment in scan_comments(text):
        marker = _MARKER.search(comment.text)
        if marker is None:
            continue
        start = comment.column - 1 + marker.start()
        whole = Span(path, comment.line, start + 1, comment.line, comment.column + len(comment.text))
        listed = _LIST.match(comment.text, marker.end())
        if listed is None or not listed.group(1).strip():
            problems.append(_diagnostic("CHI694", "a suppression must name the codes it silences", whole,
                                        "write # chi: ignore[CODE] (several: [CHI601, CHI609])"))
            continue
        codes: list[tuple[str, Span]] = []
        offset = listed.start(1)
        for piece in _CODE.finditer(listed.group(1)):
            code = piece.group(0).upper()
            col = comment.column + offset + piece.start()
            span = Span(path, comment.line, col, comment.line, col + len(piece.group(0)))
            if code not in CODES:
                problems.append(_diagnostic("CHI691", f"suppression names an unknown code {piece.group(0)!r}", span,
                                            "codes are listed by `chi-lang rule --list`"))
            elif CODES[code].severity is Severity.ERROR:
                problems.append(_diagnostic("CHI694", f"{code} is an error and cannot be suppressed", span,
                                            "fix the problem instead"))
            else:
                codes.append((code, span))
        leftover = _CODE.sub("", listed.group(1)).replace(",", "").strip()
        if leftover:
            problems.append(_diagnostic("CHI694", f"cannot read the code list [{listed.group(1)}]", whole,
                                        "separate codes with commas: [CHI601, CHI609]"))
        if codes:
            found.append(Suppression(comment.line, tuple(codes)))
    return found, problems


def apply_suppressions(diagnostics: list[Diagnostic], text: str, path: str,
                       enabled: Callable[[str], bool] | None = None) -> list[Diagnostic]:
    """Drop suppressed diagnostics of ``path``; add CHI691/692/694 about the suppressions.

    ``enabled`` is the configuration's test (select/ignore): a suppression of a code
    that is not enabled silences nothing because the rule is off, and CHI692 says so.
    """
    suppressions, problems = read_suppressions(text, path)
    if not suppressions:
        return diagnostics + problems
    by_line: dict[int, Suppression] = {s.line: s for s in suppressions}
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    for d in diagnostics:
        s = by_line.get(d.span.line) if d.span is not None and d.span.file == path else None
        if s is not None and CODES.get(d.code) is not None and CODES[d.code].severity is not Severity.ERROR \
                and any(code == d.code for code, _ in s.codes):
            used.add((s.line, d.code))
            continue
        kept.append(d)
    for s in suppressions:
        for code, span in s.codes:
            if (s.line, code) in used:
                continue
            if enabled is not None and not enabled(code):
                problems.append(_diagnostic(
                    "CHI692", f"`# chi: ignore[{code}]` suppresses nothing: {code} is not enabled "
                    "(select/ignore in [tool.chi-lang] or on the command line)", span,
                    f"remove it, or enable {code} if it should be checked here"))
            else:
                problems.append(_diagnostic("CHI692", f"`# chi: ignore[{code}]` suppresses nothing on this line",
                                            span, "remove it"))
    return kept + problems
