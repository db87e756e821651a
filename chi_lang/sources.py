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
import dataclasses
import functools
import io
import os
import json
import math
import re
import sys
import unicodedata
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from .diagnostics import DataError, Diagnostic
from .model import Source
from .span import Span, file_span

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# Numbers and dates are read in ASCII digits only (str.isdigit, float() and
# datetime.fromisoformat would also take "１２" or "١٢"; DuckDB and warehouses do not).
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
# The ISO 8601 forms read without a date_format (docs/language.md, "Reading cells").
# The same patterns gate DuckDB's casts (sql/reading.py), so both engines accept
# exactly these: no basic form (20250314), no week dates, no offsets with seconds.
_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?"
NAIVE_DATE = rf"{_DATE}([T ]{_TIME}Z?)?"  # Z is UTC: the wall time is the UTC time
ZONED_DATE = rf"{_DATE}[T ]{_TIME} ?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)"
_ISO_DATE = re.compile(rf"{NAIVE_DATE}|{ZONED_DATE}", re.ASCII)
_SPACED_OFFSET = re.compile(r" ([Z+-])")
# What a date_format ending in %z reads as the offset, in both engines: Z, +01:00
# or +0100 (strptime also reads offsets with seconds, DuckDB also +01).
ZONE_SUFFIX = r"(Z|[+-][0-9]{2}:?[0-9]{2})$"
_ZONE_SUFFIX = re.compile(ZONE_SUFFIX)
# A digit other than 0-9 (strptime's \d and int() accept any Unicode digit).
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
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
               column: str | None = None, header: list[str] | None = None, field: int | None = None) -> DataError:
    """A data diagnostic at ``line`` of the source, showing that line with a caret under the cell.

    ``field`` (0-based) picks a CSV field by position rather than by ``column``'s name.
    In a JSON array file the cell may be on a later line of the item that starts at
    ``line``; the diagnostic then points there.
    """
    from .codes import CODES
    from .locate import locate_cell

    label = data_file_label(source)
    found = locate_cell(source, line, column, header, field)
    if found is None:
        span, text = file_span(label, line), None
    else:
        line, text, start, width = found
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


def _char_class(char: str) -> str:
    """One character as a regex class, read alike by Python's re and RE2 (DuckDB)."""
    return "[" + ("\\" + char if char in "\\]^-[" else char) + "]"


def grouped_number(thousands: str, decimal: str) -> str:
    """A number whose integer digits are grouped by three with the thousands separator.

    ``1,234`` and ``12,345,678.5`` are; ``1,5`` and ``12,34,5`` are not.  Used by both
    engines on a cell holding the separator, so they refuse the same cells.
    """
    sep, mark = _char_class(thousands), _char_class(decimal)
    return rf"[+-]?[0-9]{{1,3}}({sep}[0-9]{{3}})+({mark}[0-9]*)?([eE][+-]?[0-9]+)?"


class JsonNumber:
    """A JSON number literal too long for Python's int (over 4300 digits), kept as text.

    It is far beyond a double: read as a number it is an error (CHI405); as text it
    is its digits, as DuckDB reads it.
    """

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsonNumber) and other.literal == self.literal

    def __hash__(self) -> int:
        return hash(self.literal)

    def __repr__(self) -> str:
        return self.literal if len(self.literal) <= 40 else self.literal[:20] + "..." + self.literal[-10:]


def _shown(cell: Any) -> str:
    """A JSON cell as it appears in a message (long ones cut)."""
    if isinstance(cell, float) and not math.isfinite(cell):
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[repr(cell)]
    if isinstance(cell, JsonNumber):
        return repr(cell)
    text = json.dumps(cell, ensure_ascii=False) if not isinstance(cell, int) or abs(cell) < 10**40 else None
    if text is None:
        digits = str(cell)
        text = digits[:20] + "..." + digits[-10:]
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class CellReader:
    """Typed views of raw cells for one source (decimal mark, tokens, date format)."""

    decimal: str
    thousands: str | None
    missing_values: frozenset[str]
    date_format: str | None

    @functools.cached_property
    def _grouped(self) -> re.Pattern | None:
        return re.compile(grouped_number(self.thousands, self.decimal)) if self.thousands else None

    def number(self, cell: Any, column: str) -> float | None:
        if cell is None:
            return None
        if isinstance(cell, bool):
            raise _cell_error(column, "CHI405", f"column `{column}` holds the boolean {json.dumps(cell)}, not a number")
        if isinstance(cell, (int, float, JsonNumber)):
            return self._json_number(cell, column)
        if not isinstance(cell, str):
            raise _cell_error(column, "CHI405", f"column `{column}` holds {_shown(cell)}, not a number")
        text = cell.strip()
        if text == "" or text in self.missing_values:
            return None
        cleaned = text
        if self.thousands and self.thousands in text:
            if not self._grouped.fullmatch(text):
                raise _cell_error(column, "CHI405", f"non-numeric value {cell!r} in column `{column}`",
                                  f"the thousands separator {self.thousands!r} must separate groups of three "
                                  f"digits (1{self.thousands}234{self.thousands}567)")
            cleaned = cleaned.replace(self.thousands, "")
        if self.decimal != ".":
            if "." in cleaned and self.thousands != ".":
                raise _cell_error(column, "CHI405", f"non-numeric value {cell!r} in column `{column}`",
                                f'the source declares decimal {self.decimal!r}; a "." here is ambiguous')
            cleaned = cleaned.replace(self.decimal, ".")
        if not _NUMBER.fullmatch(cleaned):
            hint = f"declare it missing: missing_values [{json.dumps(text, ensure_ascii=False)}]"
            if "," in text and self.decimal == ".":
                hint = 'for decimal commas set decimal ","; for thousands separators set thousands ","'
            elif _OTHER_DIGIT.search(text):
                hint = "numbers are read in the ASCII digits 0-9; convert the other digits in the export"
            raise _cell_error(column, "CHI405", f"non-numeric value {cell!r} in column `{column}`", hint)
        value = float(cleaned)
        if value in (float("inf"), float("-inf")):
            raise _cell_error(column, "CHI405", f"value {cell!r} in column `{column}` is too large for a number",
                              "numbers must be within about ±1.8e308 (double precision); check the export, "
                              "or declare the value missing: missing_values [" + json.dumps(text, ensure_ascii=False)
                              + "]")
        return value

    @staticmethod
    def _json_number(cell: int | float | JsonNumber, column: str) -> float:
        """A JSON number as a double: NaN, Infinity and out-of-range literals are errors."""
        if isinstance(cell, float):
            if math.isfinite(cell):
                return cell
            if cell != cell:
                raise _cell_error(column, "CHI405", f"column `{column}` holds NaN, not a number",
                                  "NaN is not JSON; write null for a missing value")
            # Infinity, or a literal such as 1e999 that Python's parser read as infinity.
            raise _cell_error(column, "CHI405", f"column `{column}` holds an infinite number (or one too large "
                              "for double precision)", "Infinity is not JSON, and numbers must be within about "
                              "±1.8e308; write null for a missing value")
        else:
            try:
                return float(cell)  # type: ignore[arg-type]
            except (OverflowError, TypeError):
                pass
        raise _cell_error(column, "CHI405", f"value {_shown(cell)} in column `{column}` is too large for a number",
                          "numbers must be within about ±1.8e308 (double precision); check the export")

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
        if isinstance(cell, JsonNumber):
            return cell.literal
        return json.dumps(cell, sort_keys=True, ensure_ascii=False, default=json_literal)

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
        shown = repr(cell) if isinstance(cell, str) else _shown(cell)
        raise _cell_error(column, "CHI414", f"value {shown} in column `{column}` is not true/false",
                        "conditions read true/false, yes/no, 1/0; compare text explicitly: where col = \"x\"")

    def date(self, cell: Any, column: str) -> datetime | None:
        if cell and type(cell) is str and self.date_format is None:
            # Fast path for a well-formed ISO cell (the full path below gives the
            # same value): fromisoformat rejects surrounding blanks, so the cell
            # is its own stripped text.  UTC values are made naive by combine(),
            # several times cheaper than astimezone().replace().  fromisoformat
            # reads more forms than chi-lang does (20250314, 2025-W11-5): the
            # pattern decides.
            try:
                value = datetime.fromisoformat(cell)
            except ValueError:
                pass
            else:
                shape = cell[4::3]
                if shape == "--T::Z" or _PLAIN_SHAPES.get(shape) == len(cell) or _in_iso_subset(cell):
                    if cell in self.missing_values:
                        return None
                    zone = value.tzinfo
                    if zone is None:
                        return value
                    if zone is timezone.utc:
                        return datetime.combine(value.date(), value.time())
                    return self._to_utc(value, cell, column)
        if cell is None:
            return None
        if not isinstance(cell, str):
            raise _cell_error(column, "CHI406", f"value {_shown(cell)} in column `{column}` is not a date")
        text = cell.strip()
        if text == "" or text in self.missing_values:
            return None
        try:
            if self.date_format:
                if _OTHER_DIGIT.search(text):
                    raise ValueError("digits other than 0-9")
                if self.date_format.endswith("%z") and not _ZONE_SUFFIX.search(text):
                    raise ValueError("an offset other than Z, +HH:MM or +HHMM")
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
            value = self._to_utc(value, cell, column)
        return value

    @staticmethod
    def _to_utc(value: datetime, cell: str, column: str) -> datetime:
        try:
            return value.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:
            raise _cell_error(column, "CHI406", f"value {cell!r} in column `{column}` is outside the years "
                              "1-9999 once converted to UTC",
                              "dates are read as UTC instants; check the year and the offset") from None


# The commonest ISO shapes by their separators (every third character from the
# fifth: "2025-03-14T09:12:00Z"[4::3] is "--T::Z") and length.  fromisoformat has
# checked the digits (ASCII only) and ranges, so a cell it reads with one of these
# shapes is one of chi-lang's forms; any other goes through the pattern.
_PLAIN_SHAPES = {"--": 10, "--T:": 16, "-- :": 16, "--T::": 19, "-- ::": 19, "--T::Z": 20, "-- ::Z": 20}


def _in_iso_subset(cell: str) -> bool:
    """Whether a cell datetime.fromisoformat has read is one of chi-lang's ISO forms."""
    return _ISO_DATE.fullmatch(cell) is not None


def json_literal(value: Any) -> str:
    """json.dumps fallback: a JsonNumber inside a list or object, as its digits."""
    if isinstance(value, JsonNumber):
        return value.literal
    raise TypeError(type(value).__name__)


def _parse_iso(text: str) -> datetime:
    """The ISO 8601 forms of docs/language.md: the pattern first, then fromisoformat."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    # "2015-02-24 11:35:52 -0800": an offset after a space.
    return datetime.fromisoformat(_SPACED_OFFSET.sub(r"\1", text, count=1))


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
    # Names are matched after NFC normalisation, as names in the spec are: a header
    # written in decomposed form (e + U+0301) still names the column `café`.
    header = [unicodedata.normalize("NFC", h.strip()) for h in header]
    if not any(header):
        raise data_error(source, 1, "CHI403", f"source `{source.name}`: the header line of {source.display_path} is blank")
    first_field: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in first_field:
            # Which of the two would the spec mean?  (Unnamed columns cannot be named.)
            raise data_error(source, reader.line_num, "CHI407",
                             f"source `{source.name}`: the header names the column {name!r} twice "
                             f"(fields {first_field[name] + 1} and {position + 1})",
                             "rename one of the two columns; chi-lang cannot tell which one is meant",
                             header=header, field=position)
        if name:
            first_field[name] = position
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


# JSON is read strictly: NaN/Infinity are kept as floats (they are not JSON, and
# are an error where a number is read, at their line), a key given twice in one
# object is an error (which value would count?), integer literals too long for
# Python's int become a JsonNumber.
class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return value


def _int(literal: str) -> int | JsonNumber:
    try:
        return int(literal)
    except ValueError:  # longer than sys.get_int_max_str_digits()
        return JsonNumber(literal)


_DECODER = json.JSONDecoder(object_pairs_hook=_object)
_LONG_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_int=_int)
_JSON_HINT = "fix the JSON at the column shown (a trailing comma, a missing quote or bracket?)"


def _decode(text: str, start: int = 0) -> tuple[Any, int]:
    """One JSON value from ``text[start:]``: (value, end)."""
    try:
        return _DECODER.raw_decode(text, start)
    except _DuplicateKey:
        raise
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer over 4300 digits: read again, keeping it as text
        return _LONG_DECODER.raw_decode(text, start)


def _duplicate_key(source: Source, line: int, error: _DuplicateKey) -> DataError:
    name = json.dumps(error.key, ensure_ascii=False)
    diagnostic = data_error(source, line, "CHI407",
                            f"source `{source.name}`: the key {name} appears twice in one JSON object",
                            "keep one of them; chi-lang cannot tell which value is meant", column=error.key).diagnostic
    # The caret goes under the second occurrence, when the line shows two.
    text = diagnostic.line_text or ""
    first = text.find(name + ":")
    second = text.find(name + ":", first + 1) if first >= 0 else -1
    if second < 0:
        first = text.find(name)
        second = text.find(name, first + 1) if first >= 0 else -1
    if second >= 0:
        span = diagnostic.span
        diagnostic = dataclasses.replace(diagnostic, span=Span(span.file, span.line, second + 1, span.line,
                                                               second + 1 + len(name)))
    return DataError(diagnostic)


def _syntax(source: Source, line: int, error: json.JSONDecodeError, column: int | None = None) -> DataError:
    diagnostic = data_error(source, line, "CHI407", f"source `{source.name}`: invalid JSON: {error.msg}",
                            _JSON_HINT).diagnostic
    col = error.colno if column is None else column
    if diagnostic.line_text is not None and col <= len(diagnostic.line_text) + 1:
        diagnostic = dataclasses.replace(diagnostic, span=Span(diagnostic.span.file, line, col, line, col + 1))
    return DataError(diagnostic)


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
            value, end = _decode(stripped)
            if end != len(stripped):
                raise json.JSONDecodeError("Extra data", stripped, end)
        except json.JSONDecodeError as error:
            # Columns count in the line as written, before the strip.
            offset = len(line) - len(line.lstrip())
            raise _syntax(source, line_no, error, error.colno + offset) from None
        except _DuplicateKey as error:
            raise _duplicate_key(source, line_no, error) from None
        if not isinstance(value, dict):
            raise data_error(source, line_no, "CHI407", f"source `{source.name}`: each JSON line must be an object, not {type(value).__name__}")
        saw_any = True
        yield line_no, value
    if not saw_any and line_no == 0:
        raise data_error(source, 1, "CHI403", f"source `{source.name}`: {source.display_path} has no lines")


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class _JsonWalk:
    """A JSON document read value by value, so each array item knows its line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.counted = 0  # newlines counted up to this offset

    def line_of(self, offset: int) -> int:
        self.line += self.text.count("\n", self.counted, offset)
        self.counted = offset
        return self.line

    def space(self) -> str:
        self.at = _JSON_SPACE.match(self.text, self.at).end()
        return self.text[self.at:self.at + 1]

    def expect(self, chars: str, what: str) -> str:
        char = self.space()
        if not char or char not in chars:
            raise json.JSONDecodeError(f"Expecting {what}", self.text, self.at)
        self.at += 1
        return char

    def value(self) -> Any:
        self.space()
        value, self.at = _decode(self.text, self.at)
        return value

    def array(self) -> list[tuple[int, Any]]:
        """The items of the array starting here, each with the line it starts on."""
        self.expect("[", "'['")
        items: list[tuple[int, Any]] = []
        if self.space() == "]":
            self.at += 1
            return items
        while True:
            self.space()
            line = self.line_of(self.at)
            try:
                items.append((line, self.value()))
            except _DuplicateKey as error:
                error.line = line  # type: ignore[attr-defined]
                raise
            if self.expect(",]", "',' delimiter") == "]":
                return items

    def wrapper(self) -> dict[str, Any]:
        """{"data": [...]}: the object's members, arrays as (line, item) lists."""
        self.expect("{", "'{'")
        members: dict[str, Any] = {}
        if self.space() == "}":
            self.at += 1
            return members
        while True:
            if self.space() != '"':
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", self.text, self.at)
            key = self.value()
            line = self.line_of(self.at)
            if key in members:
                error = _DuplicateKey(key)
                error.line = line  # type: ignore[attr-defined]
                raise error
            self.expect(":", "':' delimiter")
            members[key] = _Items(self.array()) if self.space() == "[" else self.value()
            if self.expect(",}", "',' delimiter") == "}":
                return members


class _Items(list):
    """An array member of a wrapper object, as (line, item) pairs."""


def _json_rows(source: Source, text: io.TextIOWrapper) -> Iterator[tuple[int, dict]]:
    content = "".join(_decode_guard(source, iter(text), lambda: 1))
    walk = _JsonWalk(content)
    try:
        first = walk.space()
        if first == "[":
            items = walk.array()
        elif first == "{":
            members = walk.wrapper()
            # {"data": [...]} or {"items": [...]}: take the single list-valued member.
            lists = [v for v in members.values() if isinstance(v, _Items)]
            if len(lists) != 1:
                raise data_error(source, 1, "CHI407", f"source `{source.name}`: expected a JSON array of objects",
                                 "the file holds an object; chi-lang reads an array, or an object with one array member")
            items = lists[0]
        else:
            walk.value()  # a syntax error, or a lone number/string
            items = None
        if walk.space():
            raise json.JSONDecodeError("Extra data", content, walk.at)
    except json.JSONDecodeError as error:
        raise _syntax(source, error.lineno, error) from None
    except _DuplicateKey as error:
        raise _duplicate_key(source, getattr(error, "line", walk.line_of(walk.at)), error) from None
    if items is None:
        raise data_error(source, 1, "CHI407", f"source `{source.name}`: expected a JSON array of objects")
    for i, (line, item) in enumerate(items):
        if not isinstance(item, dict):
            raise data_error(source, line, "CHI407", f"source `{source.name}`: item {i + 1} of the array is "
                             f"{type(item).__name__}, not an object")
        yield line, item


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
