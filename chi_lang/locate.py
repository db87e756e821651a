"""Finding a bad cell in its data file, so a data diagnostic can show the line with a caret.

Only used on the error path: the line is read again from the file, which costs
nothing while evaluating and keeps the readers streaming.
"""

from __future__ import annotations

import json

from .model import Source

_MAX_LINE = 10_000  # longer lines are not shown (a minified JSON file, say)


def read_line(source: Source, line_no: int) -> str | None:
    """Physical line ``line_no`` (1-based) of the source file, decoded leniently."""
    encoding = "utf-8-sig" if source.encoding == "utf-8" else source.encoding
    try:
        with open(source.path, encoding=encoding, errors="replace", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                if number == line_no:
                    line = line.rstrip("\r\n")
                    return line if len(line) <= _MAX_LINE else None
    except OSError:
        return None
    return None


def csv_field_start(line: str, delimiter: str, index: int) -> tuple[int, int] | None:
    """0-based start and width of field ``index`` in a CSV line (quotes respected)."""
    field = 0
    start = 0
    in_quotes = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == delimiter and not in_quotes:
            if field == index:
                return start, i - start
            field += 1
            start = i + 1
        i += 1
    if field == index:
        return start, len(line) - start
    return None


def json_key_start(line: str, key: str) -> tuple[int, int] | None:
    """Start and width of the value of the last part of a dotted key in a JSON line."""
    needle = json.dumps(key.split(".")[-1]) + ":"
    at = line.find(needle)
    if at < 0:
        return None
    value_start = at + len(needle)
    while value_start < len(line) and line[value_start] == " ":
        value_start += 1
    end = value_start
    depth = 0
    in_string = False
    while end < len(line):
        ch = line[end]
        if in_string:
            if ch == "\\":
                end += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            break
        end += 1
    return value_start, max(1, end - value_start)


def locate_cell(source: Source, line_no: int, column: str | None, header: list[str] | None,
                field: int | None = None) -> tuple[int, str, int, int] | None:
    """The line number, text, 1-based column and width of the cell, or None.

    CSV cells are found by position (``field``, or the column's place in the
    header); JSON cells by key.  A JSON array item may span lines: its key is looked
    for from the line the item starts on, a few lines on.
    """
    if source.format not in ("csv", "tsv", "jsonl", "json"):
        return None
    text = read_line(source, line_no)
    if text is None:
        return None
    position: tuple[int, int] | None = None
    if field is None and column is not None and header is not None and column in header:
        field = header.index(column)
    if field is not None and source.format in ("csv", "tsv"):
        position = csv_field_start(text, source.delimiter, field)
    elif column is not None and source.format == "jsonl":
        position = json_key_start(text, column)
    elif column is not None and source.format == "json":
        for number, candidate in enumerate(_lines_from(source, line_no, _JSON_LOOKAHEAD), start=line_no):
            position = json_key_start(candidate, column)
            if position is not None:
                line_no, text = number, candidate
                break
    if position is None:
        return line_no, text, 1, len(text) or 1
    start, width = position
    return line_no, text, start + 1, width


_JSON_LOOKAHEAD = 50  # lines of a pretty-printed JSON item searched for a key


def _lines_from(source: Source, line_no: int, count: int) -> list[str]:
    encoding = "utf-8-sig" if source.encoding == "utf-8" else source.encoding
    found: list[str] = []
    try:
        with open(source.path, encoding=encoding, errors="replace", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                if number >= line_no + count:
                    break
                if number >= line_no:
                    line = line.rstrip("\r\n")
                    found.append(line if len(line) <= _MAX_LINE else "")
    except OSError:
        return []
    return found
