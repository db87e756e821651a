"""``chi-lang check --format``: the same diagnostics as text, concise lines, JSON,
SARIF 2.1.0 (code scanning) or GitHub workflow annotations.

Every renderer takes diagnostics in file order and returns a string; none reads
the clock or the environment, so output is byte-identical for the same input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .codes import CODES
from .diagnostics import Diagnostic, Severity, render_text, summary_line
from .shown import escape_controls, safe_json

FORMATS = ("text", "concise", "json", "sarif", "github")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _location(d: Diagnostic) -> str:
    if d.span is None:
        return "<unknown>"
    return escape_controls(f"{d.span.file}:{d.span.line}:{d.span.column}")


def render_concise(diagnostics: Iterable[Diagnostic]) -> str:
    """One line per diagnostic: ``file:line:col: CODE message`` (control characters escaped)."""
    return "".join(f"{_location(d)}: {d.code} {escape_controls(d.message)}\n" for d in diagnostics)


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON array of diagnostics (code, name, severity, message, span, hint, labels)."""
    items = []
    for d in diagnostics:
        item = d.to_dict()
        code = CODES.get(d.code)
        item = {"code": item["code"], "name": code.name if code else None, **{k: v for k, v in item.items() if k != "code"}}
        items.append(item)
    return safe_json(items) + "\n"


# ---- SARIF 2.1.0 ------------------------------------------------------------------

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact_uri(file: str) -> str:
    """Repository-relative POSIX paths (what code scanning expects), else a file URI."""
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_uri()


def _region(span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column,
            "endLine": span.end_line, "endColumn": max(span.end_column, span.column + 1)
            if span.end_line == span.line else span.end_column}


def _sarif_rule(code: str) -> dict[str, object]:
    entry = CODES[code]
    help_lines = [entry.why]
    if entry.example:
        help_lines.append(f"Example: {entry.example}")
    if entry.fix:
        help_lines.append(f"Fix: {entry.fix}")
    return {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": entry.why or entry.summary},
        "help": {"text": "\n".join(help_lines)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[entry.severity]},
    }


def render_sarif(diagnostics: Iterable[Diagnostic]) -> str:
    diagnostics = list(diagnostics)
    codes = sorted({d.code for d in diagnostics if d.code in CODES})
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        text = d.message + (f"\nhelp: {d.hint}" if d.hint else "")
        result: dict[str, object] = {"ruleId": d.code, "level": _SARIF_LEVEL[d.severity], "message": {"text": text}}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.span is not None:
            result["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": _artifact_uri(d.span.file)}, "region": _region(d.span)}}]
        related = [{"id": i, "message": {"text": label.message or "related"},
                    "physicalLocation": {"artifactLocation": {"uri": _artifact_uri(label.span.file)},
                                         "region": _region(label.span)}}
                   for i, label in enumerate(d.labels)]
        if related:
            result["relatedLocations"] = related
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "chi-lang", "version": __version__, "semanticVersion": __version__,
                                "rules": [_sarif_rule(c) for c in codes]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return safe_json(log) + "\n"


# ---- GitHub Actions workflow commands ------------------------------------------------

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return escape_controls(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Iterable[Diagnostic]) -> str:
    """``::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE::message`` per diagnostic."""
    out = []
    for d in diagnostics:
        props = []
        if d.span is not None:
            s = d.span
            props += [f"file={_escape_property(s.file)}", f"line={s.line}", f"col={s.column}",
                      f"endLine={s.end_line}", f"endColumn={s.end_column}"]
        props.append(f"title={_escape_property(d.code + ' ' + (CODES[d.code].name if d.code in CODES else ''))}")
        message = d.message + (f"\nhelp: {d.hint}" if d.hint else "")
        out.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_escape_data(message)}\n")
    return "".join(out)


# ---- text -------------------------------------------------------------------------------


def render_text_report(diagnostics: list[Diagnostic], sources: dict[str, str], files: int, color: bool = False) -> str:
    """Compiler-style diagnostics and a summary line (``2 files checked: 0 errors, 1 warning``)."""
    body = render_text(diagnostics, sources, color=color) + "\n" if diagnostics else ""
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    return body + f"{checked}: {summary_line(diagnostics)}\n"


RENDERERS: dict[str, Callable[[list[Diagnostic]], str]] = {
    "concise": render_concise,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}
