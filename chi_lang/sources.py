"""Reading sources row by row, and converting cells by the type they are used as.

Readers stream: a CSV/TSV/JSON Lines file is never held in memory (a JSON array
file is, since JSON has no streaming form in the standard library).  Each row is
handed to the evaluator as a list (CSV) or a dict (JSON) with its line number.

Cells are kept as read and converted where they are used (``CellReader``):
empty cells and JSON nulls are missing everywhere; the declared missing-value
tokens are missing only where a number, date or boolean is expected, so a text
value such as the region code ``"NA"`` is never rewritten (DESIGN §3).
"""

from __future__ import annotations

import csv
import io
import os
import json
import re
import sys
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from .diagnostics import DataError, Diagnostic, Severity
from .model import Source
from .span import Span, file_span

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


class CellError(Exception):
    """A cell that cannot be read as the type its use needs; positioned by the caller."""

    def __init__(self, code: str, message: str, hint: str | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.column = column  # the column's name, to point at the cell in the data line


def _cell_error(column: str, code: str, message: str, hint: str | None = None) -> CellError:
    return CellError(code, message, hint, column)


def data_error(source: Source, line: int, code: str, message: str, hint: str | None = None,
               column: str | None = None, header: list[str] | None = None) -> DataError:
    """A data diagnostic at ``line`` of the source, showing that line with a caret under the cell."""
    from .codes import CODES
    from .locate import locate_cell

    label = data_file_label(source)
    found = locate_cell(source, line, column, header)
    if found is None:
        span, text = file_span(label, line), None
    else:
        text, start, width = found
        span = Span(label, line, start, line, start + max(1, width))
    return DataError(Diagnostic(code, CODES[code].severity, message, span, hint, line_text=text))


def missing_file_error(source: Source, message: str, hint: str | None = None) -> DataError:
    """CHI401 at the file name in the spec (the `source` declaration or the metric's
    `from`): the data file does not exist, so editors, SARIF and GitHub annotations
    must point at a line that does."""
    from .codes import CODES

    span = source.path_span or source.span or file_span(data_file_label(source))
    return DataError(Diagnostic("CHI401", CODES["CHI401"].severity, message, span, hint))


def data_file_label(source: Source) -> str:
    """The data file as the user can open it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(source.path)
    except ValueError:  # another drive on Windows
        return str(source.path)


# ---------------------------------------------------------------------------
# Cell conversion


@dataclass(frozen=True)
class CellReader:
    """Typed views of raw cells for one source (decimal mark, tokens, date format)."""

    decimal: str
    thousands: str | None
    missing_values: frozenset[str]
    date_format: str | None

    def number(self, cell: Any, column: str) -> float | None:
        if cell is None:
            return None
        if isinstance(cell, bool):
            raise _cell_error(column, "CHI405", f"column `{column}` holds the boolean {json.dumps(cell)}, not a number")
        if isinstance(cell, (int, float)):
            return float(cell)
        if not isinstance(cell, str):
            raise _cell_error(column, "CHI405", f"column `{column}` holds {json.dumps(cell)[:60]}, not a number")
        text = cell.strip()
        if text == "" or text in self.missing_values:
            return None
        cleaned = text
        if self.thousands:
            cleaned = cleaned.replace(self.thousands, "")
        if self.decimal != ".":
            if "." in cleaned and self.thousands != ".":
                raise _cell_error(column, "CHI405", f"non-numeric value {cell!r} in column `{column}`",
                                f'the source declares decimal {self.decimal!r}; a "." here is ambiguous')
            cleaned = cleaned.replace(self.decimal, ".")
        if not _NUMBER.fullmatch(cleaned):
            hint = f"declare it missing: missing_values [{json.dumps(text)}]"
            if "," in text and self.decimal == ".":
                hint = 'for decimal commas set decimal ","; for thousands separators set thousands ","'
            raise _cell_error(column, "CHI405", f"non-numeric value {cell!r} in column `{column}`", hint)
        value = float(cleaned)
        if value in (float("inf"), float("-inf")):
            raise _cell_error(column, "CHI405", f"value {cell!r} in column `{column}` is too large for a number")
        return value

    def text(self, cell: Any) -> str | None:
        if cell is None:
            return None
        if isinstance(cell, str):
            return None if cell == "" else cell
        if isinstance(cell, bool):
            return "true" if cell else "false"
        if isinstance(cell, int):
            return str(cell)
        if isinstance(cell, float):
            return repr(cell) if not cell.is_integer() else str(int(cell))
        return json.dumps(cell, sort_keys=True, ensure_ascii=False)

    def boolean(self, cell: Any, column: str) -> bool | None:
        if cell is None:
            return None
        if isinstance(cell, bool):
            return cell
        if isinstance(cell, (int, float)):
            if cell in (0, 1):
                return bool(cell)
        elif isinstance(cell, str):
            text = cell.strip()
            if text == "" or text in self.missing_values:
                return None
            lowered = text.lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
        raise _cell_error(column, "CHI414", f"value {cell!r} in column `{column}` is not true/false",
                        "conditions read true/false, yes/no, 1/0; compare text explicitly: where col = \"x\"")

    def date(self, cell: Any, column: str) -> datetime | None:
        if cell and type(cell) is str and self.date_format is None:
            # Fast path for a well-formed ISO cell (the full path below gives the
            # same value): fromisoformat rejects surrounding blanks, so the cell
            # is its own stripped text.  UTC values are made naive by combine(),
            # several times cheaper than astimezone().replace().
            try:
                value = datetime.fromisoformat(cell)
            except ValueError:
                pass
            else:
                if cell in self.missing_values:
                    return None
                zone = value.tzinfo
                if zone is None:
                    return value
                if zone is timezone.utc:
                    return datetime.combine(value.date(), value.time())
                return value.astimezone(timezone.utc).replace(tzinfo=None)
        if cell is None:
            return None
        if not isinstance(cell, str):
            raise _cell_error(column, "CHI406", f"value {json.dumps(cell)} in column `{column}` is not a date")
        text = cell.strip()
        if text == "" or text in self.missing_values:
            return None
        try:
            if self.date_format:
                value = datetime.strptime(text, self.date_format)
            else:
                value = _parse_iso(text)
        except ValueError:
            expected = f"the format {self.date_format!r}" if self.date_format else "ISO 8601 (2025-03-14 or 2025-03-14T09:12:00Z)"
            hint = ("the cell does not match the declared date_format; fix the cell or the format"
                    if self.date_format else 'set date_format on the source, e.g. date_format "%d/%m/%Y"')
            raise _cell_error(column, "CHI406", f"value {cell!r} in column `{column}` is not a date in {expected}",
                            hint) from None
        if value.tzinfo is not None:
            # Instants with an offset are compared and bucketed in UTC.
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value


def _parse_iso(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        # "2015-02-24 11:35:52 -0800": ISO date and time with a spaced offset.
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")


def cell_reader(source: Source) -> CellReader:
    return CellReader(source.decimal, source.thousands, frozenset(source.missing_values), source.date_format)


# ---------------------------------------------------------------------------
# Row readers


@dataclass
class SourceTable:
    """An opened source: its columns (CSV header, or None for JSON) and its rows."""

    source: Source
    header: list[str] | None
    rows: Iterator[tuple[int, Any]]
    progress: Callable[[], float] | None = None  # fraction of the file read


class _CountingReader(io.RawIOBase):
    """Counts bytes handed to the text layer, for a progress bar."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        self.count += n or 0
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def open_source(source: Source) -> SourceTable:
    """Open a source for reading; raises DataError for missing, empty or undecodable files."""
    path = source.path
    try:
        size = path.stat().st_size
        raw = open(path, "rb")
    except FileNotFoundError:
        raise missing_file_error(source, f"source `{source.name}`: file not found: {source.display_path}",
                                 f"paths are relative to the spec file; looked for {path}") from None
    except IsADirectoryError:
        raise missing_file_error(source, f"source `{source.name}`: {source.display_path} is a directory") from None
    except OSError as error:
        raise missing_file_error(source, f"source `{source.name}`: cannot open {source.display_path}: "
                                 f"{error.strerror}") from None
    if size == 0:
        raw.close()
        raise data_error(source, 1, "CHI403", f"source `{source.name}`: {source.display_path} is empty (0 bytes)",
                         "an empty file is usually a failed export")
    counter = _CountingReader(raw)
    encoding = "utf-8-sig" if source.encoding == "utf-8" else source.encoding
    text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding=encoding, newline="")

    def progress() -> float:
        return min(1.0, counter.count / size)

    if source.format in ("csv", "tsv"):
        return _open_csv(source, text, progress)
    if source.format == "jsonl":
        return SourceTable(source, None, _jsonl_rows(source, text), progress)
    return SourceTable(source, None, _json_rows(source, text), progress)


def _decode_guard(source: Source, rows: Iterator, lines: Callable[[], int]) -> Iterator:
    try:
        yield from rows
    except UnicodeDecodeError as error:
        # The text layer decodes 64 KiB blocks ahead of the parser, so the parser's
        # line is not where the bad byte is; find it with a second, streaming pass.
        line = _undecodable_line(source) or max(1, lines())
        raise data_error(
            source, line, "CHI402",
            f"source `{source.name}` is not valid {source.encoding}: byte 0x{error.object[error.start]:02x} cannot be decoded",
            'declare the encoding: { encoding "latin-1" } (or "cp1252")',
        ) from None


def _undecodable_line(source: Source) -> int | None:
    """The 1-based line holding the first byte that does not decode, or None."""
    import codecs

    decoder = codecs.getincrementaldecoder(source.encoding)()
    try:
        with open(source.path, "rb") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    decoder.decode(line)
                except UnicodeDecodeError:
                    return number
    except OSError:
        return None
    return None


def _ends_in_bare_cr(source: Source, number: int) -> bool:
    """Whether line ``number`` (counted as the csv reader counts) ends in a lone \\r.

    Only called on the error path: it reads the file again up to that line.
    """
    try:
        encoding = "utf-8-sig" if source.encoding == "utf-8" else source.encoding
        with open(source.path, encoding=encoding, errors="replace", newline="") as handle:
            for current, line in enumerate(handle, 1):
                if current == number:
                    return line.endswith("\r")
    except OSError:
        return False
    return False


def _open_csv(source: Source, text: io.TextIOWrapper, progress) -> SourceTable:
    reader = csv.reader(text, delimiter=source.delimiter, strict=True)
    guarded = _decode_guard(source, reader, lambda: reader.line_num)
    try:
        header = next(guarded)
    except StopIteration:
        raise data_error(source, 1, "CHI403", f"source `{source.name}`: {source.display_path} has no header line") from None
    except csv.Error as error:
        raise data_error(source, reader.line_num or 1, "CHI407", f"source `{source.name}`: {error}") from None
    header = [h.strip() for h in header]
    if not any(header):
        raise data_error(source, 1, "CHI403", f"source `{source.name}`: the header line of {source.display_path} is blank")
    width = len(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        pending: deque[tuple[int, list[str]]] = deque()
        while True:
            # An unclosed quote runs to the end of the file: report the line the
            # record started on, where the stray quote is, not where reading stopped.
            start = reader.line_num + 1
            try:
                row = next(guarded)
            except StopIteration:
                break
            except csv.Error as error:
                raise data_error(source, start, "CHI407", f"source `{source.name}`: {error} (in the record starting on line {start})",
                                 "a quote may be unbalanced on this line") from None
            line = reader.line_num
            if not row or (len(row) == 1 and row[0].strip() == "" and width > 1):
                continue  # blank line
            if source.skip_footer:
                pending.append((line, row))
                if len(pending) <= source.skip_footer:
                    continue
                line, row = pending.popleft()
            if len(row) != width:
                message = f"source `{source.name}`: line has {len(row)} fields, the header has {width}"
                hint = f"check the delimiter (now {source.delimiter!r}) and quoting on this line"
                if _ends_in_bare_cr(source, line):
                    # csv ends a record at a lone \r as at \n, so a stray \r in an
                    # unquoted field cuts the row in two: say so, it is invisible.
                    message += "; it ends in a bare carriage return (\\r) inside an unquoted field, which cuts the row"
                    hint = "quote the field that holds the \\r, or remove stray \\r characters from the file"
                raise data_error(source, line, "CHI407", message, hint)
            yield line, row

    return SourceTable(source, header, rows(), progress)


def _jsonl_rows(source: Source, text: io.TextIOWrapper) -> Iterator[tuple[int, dict]]:
    line_no = 0
    lines = _decode_guard(source, iter(text), lambda: line_no + 1)
    saw_any = False
    for line in lines:
        line_no += 1
        stripped = line.strip()
        if not stripped:
            continue
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise data_error(source, line_no, "CHI407", f"source `{source.name}`: invalid JSON: {error.msg} (column {error.colno})") from None
        if not isinstance(value, dict):
            raise data_error(source, line_no, "CHI407", f"source `{source.name}`: each JSON line must be an object, not {type(value).__name__}")
        saw_any = True
        yield line_no, value
    if not saw_any and line_no == 0:
        raise data_error(source, 1, "CHI403", f"source `{source.name}`: {source.display_path} has no lines")


def _json_rows(source: Source, text: io.TextIOWrapper) -> Iterator[tuple[int, dict]]:
    try:
        content = "".join(_decode_guard(source, iter(text), lambda: 1))
        value = json.loads(content)
    except json.JSONDecodeError as error:
        raise data_error(source, error.lineno, "CHI407", f"source `{source.name}`: invalid JSON: {error.msg}") from None
    if isinstance(value, dict):
        # {"data": [...]} or {"items": [...]}: take the single list-valued member.
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise data_error(source, 1, "CHI407", f"source `{source.name}`: expected a JSON array of objects")
        value = lists[0]
    if not isinstance(value, list):
        raise data_error(source, 1, "CHI407", f"source `{source.name}`: expected a JSON array of objects")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise data_error(source, 1, "CHI407", f"source `{source.name}`: item {i} is not an object")
        # JSON arrays carry no line numbers per row; the item number stands in.
        yield i + 1, item


# ---------------------------------------------------------------------------
# Column access


MISSING_KEY = object()


def json_path_getter(path: tuple[str, ...]) -> Callable[[dict], Any]:
    """Read a dotted path from a JSON object; through lists it maps (labels.name → [names])."""
    if len(path) == 1:
        key = path[0]
        return lambda row: row.get(key)

    def get(row: Any) -> Any:
        value = row
        for i, key in enumerate(path):
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list):
                rest = path[i:]
                return [json_path_getter(rest)(v) for v in value if isinstance(v, dict)]
            else:
                return None
            if value is None:
                return None
        return value

    return get
