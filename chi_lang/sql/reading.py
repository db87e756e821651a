"""How a source's rows reach the SQL: the innermost SELECT of a source scan.

It yields one column per ``ColumnUse`` (see schema.py), already of the type the use
needs: DOUBLE, TIMESTAMP, BOOLEAN or text.

* Table dialects read a table named after the source whose columns are already
  typed (``TableAccess``): the load did the conversion.
* DuckDB reads the file itself (``FileAccess``).  Every cell arrives as raw text
  (CSV) or as a JSON value, and is converted here by the python engine's rules:
  empty cells are missing everywhere; the declared missing-value tokens only where a
  number, date or boolean is read; a decimal comma and a thousands separator per
  source; ISO 8601 dates, instants with an offset moved to UTC.  A cell that is
  present but does not convert gives NULL plus a ``_bad`` column holding the raw
  text, which the scan turns into an error (lower.py: checks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

from ..sources import NAIVE_DATE, ZONE_SUFFIX, ZONED_DATE, grouped_number
from . import build as b
from .schema import ColumnUse, SourceColumns

# Characters stripped around numbers, dates and booleans: what python's str.strip()
# strips (str.isspace), by code point.
_WHITESPACE = (32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239, 8287,
               12288)
_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")
# Dates are first matched against the python reader's ISO patterns (RE2's \d is
# ASCII, like Python's with re.ASCII); a cast that lands outside years 1-9999 (year
# 0 or 10000 after a move to UTC) is refused, as Python's datetime cannot hold it.
_FIRST_MOMENT = "0001-01-01 00:00:00"
_LAST_MOMENT = "9999-12-31 23:59:59.999999"
# DuckDB's encodings without extensions, by Python codec name.
DUCKDB_ENCODINGS = {"utf-8": "utf-8", "iso8859-1": "latin-1", "utf-16": "utf-16"}


@dataclass(frozen=True, slots=True)
class TableAccess:
    table: exp.Table


@dataclass(frozen=True, slots=True)
class FileAccess:
    """A file DuckDB reads: the path as written into the SQL and how to parse it."""

    path: str
    format: str  # csv | json | jsonl
    delimiter: str = ","
    encoding: str = "utf-8"  # DuckDB's name
    header: tuple[str, ...] = ()  # CSV column names as the python reader sees them


def bad_name(use: ColumnUse) -> str:
    return use.name + "_bad"


def typed_select(columns: SourceColumns, access: TableAccess | FileAccess) -> tuple[exp.Select, bool]:
    """The innermost SELECT of a scan, and whether it has ``_bad`` columns."""
    if isinstance(access, TableAccess):
        projections = [b.alias(exp.Column(this=b.ident(use.dotted), table=b.ident("t")), use.name)
                       for use in columns.uses]
        if not projections:
            projections = [b.alias(b.number(1), "row_marker")]
        table = access.table.copy()
        table.set("alias", exp.TableAlias(this=b.ident("t")))
        return exp.select(*projections).from_(table, copy=False), False
    reader = _FileReader(columns, access)
    return _layered(reader.projections(), reader.read_call()), True


def _layered(projections: list[exp.Expression], read_call: exp.Expression) -> exp.Select:
    """The projections as nested SELECTs, each computing what the one inside it made.

    A projection may use an alias defined to its left (the trimmed text, the parsed
    moment), but DuckDB expands such a reference into the expression itself at every
    use: the bench's forum scan trimmed each cell four times.  Stacking the
    projections by how deep their alias references go computes every helper once.
    """
    depth: dict[str, int] = {}
    layers: list[list[exp.Expression]] = []
    for projection in projections:
        used = {c.name.lower() for c in projection.find_all(exp.Column) if not c.table}
        level = max((depth[name] for name in used if name in depth), default=-1) + 1
        depth[projection.alias.lower()] = level
        while len(layers) <= level:
            layers.append([])
        layers[level].append(projection)
    inner: exp.Expression = read_call
    for layer in layers:
        select = exp.select(exp.Column(this=exp.Star(), table=b.ident("src")), *layer).from_(inner, copy=False)
        inner = exp.Subquery(this=select, alias=exp.TableAlias(this=b.ident("src")))
    outputs = [exp.Column(this=b.ident(p.alias), table=b.ident("src")) for p in projections]
    return exp.select(*outputs).from_(inner, copy=False)


class _FileReader:
    """DuckDB's file mode over read_csv/read_json: per cell its trimmed text, per use
    its converted value, then a flag when it does not convert.  Projections name
    helpers defined before them; ``_layered`` nests them so each is computed once."""

    def __init__(self, columns: SourceColumns, access: FileAccess) -> None:
        self.columns = columns
        self.source = source = columns.source
        self.access = access
        self.tokens = [b.string(t) for t in source.missing_values]
        self.json = access.format in ("json", "jsonl")
        # CSV columns are named in the read_csv call; duplicates (DuckDB names are
        # case-insensitive) get a placeholder name, since python reads the first.
        self.csv_names: list[str] = []
        seen: set[str] = set()
        for i, name in enumerate(access.header):
            if name.lower() in seen or not name:
                name = f"chi_column_{i + 1}"
            seen.add(name.lower())
            self.csv_names.append(name)
        self.first_position: dict[str, int] = {}
        for i, name in enumerate(access.header):
            self.first_position.setdefault(name, i)
        # Helper columns must not shadow a column of the file (DuckDB resolves a
        # name to the file's column before an alias).
        self.taken = {n.lower() for n in self.csv_names} | {u.name.lower() for u in columns.uses}
        self.taken |= {bad_name(u).lower() for u in columns.uses}
        self.taken |= {u.path[0].lower() for u in columns.uses}
        self.helpers: dict[tuple[str, ...], dict[str, str]] = {}

    def _helper(self, path: tuple[str, ...], role: str) -> str:
        names = self.helpers.setdefault(path, {})
        if role not in names:
            stem = re.sub(r"[^0-9a-z]+", "_", "_".join(path).lower()).strip("_")[:40] or "col"
            name, n = f"{stem}_{role}", 2
            while name.lower() in self.taken:
                name, n = f"{stem}_{role}{n}", n + 1
            self.taken.add(name.lower())
            names[role] = name
        return names[role]

    # -- the read call -------------------------------------------------------------

    def read_call(self) -> exp.Expression:
        access = self.access
        if self.json:
            keys: list[str] = []
            for use in self.columns.uses:
                if use.path[0] not in keys:
                    keys.append(use.path[0])
            options = [
                ("format", b.string("newline_delimited" if access.format == "jsonl" else "array")),
                ("records", b.boolean(True)),
                ("columns", _struct([(k, "JSON") for k in keys] or [("chi_unused", "JSON")])),
            ]
            call = b.func("read_json", b.string(access.path), *(_option(k, v) for k, v in options))
        else:
            options = [
                ("header", b.boolean(True)),
                ("delim", b.string(access.delimiter)),
                ("quote", b.string('"')),
                ("escape", b.string('"')),
                # Nothing is guessed: every column is listed as text, and a malformed
                # line is an error, as in the python reader.
                ("auto_detect", b.boolean(False)),
                ("strict_mode", b.boolean(True)),
                ("nullstr", b.string("")),
                ("encoding", b.string(access.encoding)),
                ("columns", _struct([(name, "VARCHAR") for name in self.csv_names])),
            ]
            call = b.func("read_csv", b.string(access.path), *(_option(k, v) for k, v in options))
        return exp.Table(this=call, alias=exp.TableAlias(this=b.ident("src")))

    # -- projections -------------------------------------------------------------------

    def projections(self) -> list[exp.Expression]:
        out: list[exp.Expression] = []
        done: set[tuple[str, ...]] = set()
        for use in self.columns.uses:
            if use.path not in done:
                done.add(use.path)
                out += self._cell_helpers(use.path)
            value, bad = self._convert(use)
            out.append(b.alias(value, use.name))
            if bad is not None:
                out.append(b.alias(bad, bad_name(use)))
        return out or [b.alias(b.number(1), "row_marker")]

    def _cell_helpers(self, path: tuple[str, ...]) -> list[exp.Expression]:
        """Per column: the JSON value, its type and text; the text trimmed (once)."""
        out = []
        if self.json:
            value = b.col(self._helper(path, "json"))
            out += [
                b.alias(self._json_value(path), self._helper(path, "json")),
                b.alias(b.func("json_type", value), self._helper(path, "kind")),
                b.alias(b.func("json_extract_string", value.copy(), b.string("$")), self._helper(path, "str")),
            ]
            text = b.col(self._helper(path, "str"))
        else:
            text = self._csv_cell(path)
        if any(u.path == path and u.cast in ("number", "bool", "date") for u in self.columns.uses):
            out.append(b.alias(_trimmed(text), self._helper(path, "trim")))
        if any(u.path == path and u.cast == "date" for u in self.columns.uses):
            # The moment the text reads as, before the range check refers to it twice.
            out.append(b.alias(self._date(b.col(self._helper(path, "trim"))), self._helper(path, "moment")))
        return out

    def _csv_cell(self, path: tuple[str, ...]) -> exp.Expression:
        position = self.first_position[".".join(path)]
        return exp.Column(this=b.ident(self.csv_names[position]), table=b.ident("src"))

    def _json_value(self, path: tuple[str, ...]) -> exp.Expression:
        top = exp.Column(this=b.ident(path[0]), table=b.ident("src"))
        if len(path) == 1:
            return top
        # Python maps a dotted path through the first list it meets (labels.name → the
        # names of the labels); so does a JSONPath wildcard.
        branches = []
        for i in range(len(path) - 1):
            prefix, rest = path[1:i + 1], path[i + 1:]
            at = top.copy() if not prefix else b.func("json_extract", top.copy(), b.string(_json_path(prefix)))
            mapped = b.func("to_json", b.func("json_extract", top.copy(),
                                              b.string(_json_path(prefix) + "[*]" + _json_path(rest)[1:])))
            branches.append((b.eq(b.func("json_type", at), b.string("ARRAY")), mapped))
        return b.case(branches, b.func("json_extract", top.copy(), b.string(_json_path(path[1:]))))

    # -- conversions -------------------------------------------------------------------

    def _convert(self, use: ColumnUse) -> tuple[exp.Expression, exp.Expression | None]:
        """(typed value, raw text when present but not convertible) for one use."""
        path, cast = use.path, use.cast
        converted = b.col(use.name)  # a helper of an inner layer (see _layered)
        if not self.json:
            raw = self._csv_cell(path)
            if cast in ("string", "any"):
                return raw, None
            trimmed = b.col(self._helper(path, "trim"))
            bad = b.when(b.and_(b.is_null(converted), b.not_null(raw.copy()), b.not_(self._blank(trimmed))), raw.copy())
            return self._from_text(trimmed.copy(), cast, path), bad
        value = b.col(self._helper(path, "json"))
        kind = b.col(self._helper(path, "kind"))
        text = b.col(self._helper(path, "str"))
        is_null = b.or_(b.is_null(kind), b.eq(kind.copy(), b.string("NULL")))
        if cast == "any":
            empty = b.and_(b.eq(kind.copy(), b.string("VARCHAR")), b.eq(text.copy(), b.string("")))
            return b.case([(b.or_(is_null, empty), b.null())], value.copy()), None
        if cast == "string":
            # A JSON number as python's text(): an integer literal as written (DuckDB
            # types one beyond HUGEINT as DOUBLE), NaN and infinities as python's
            # repr, any other double as an integer when it is one.
            as_double = b.cast(value.copy(), "DOUBLE")
            double_text = b.case(
                [(b.func("regexp_full_match", text.copy(), b.string(r"-?[0-9]+")), text.copy()),
                 (b.func("isnan", as_double), b.string("nan")),
                 (b.not_(b.func("isfinite", as_double.copy())),
                  b.case([(b.gt(as_double.copy(), b.number(0)), b.string("inf"))], b.string("-inf"))),
                 (b.eq(as_double.copy(), b.func("trunc", as_double.copy())), b.cast(b.cast(as_double.copy(), "HUGEINT"), b.TEXT))],
                b.cast(as_double.copy(), b.TEXT))
            return b.case([
                (b.eq(kind.copy(), b.string("VARCHAR")), exp.Nullif(this=text.copy(), expression=b.string(""))),
                (b.in_(kind.copy(), [b.string(k) for k in ("BIGINT", "UBIGINT", "HUGEINT", "BOOLEAN")]), text.copy()),
                (b.eq(kind.copy(), b.string("DOUBLE")), double_text),
                (b.in_(kind.copy(), [b.string("ARRAY"), b.string("OBJECT")]), b.cast(value.copy(), b.TEXT)),
            ]), None
        trimmed = b.col(self._helper(path, "trim"))
        numeric = b.in_(kind.copy(), [b.string(k) for k in ("BIGINT", "UBIGINT", "HUGEINT", "DOUBLE")])
        from_text = (b.eq(kind.copy(), b.string("VARCHAR")), self._from_text(trimmed, cast, path))
        if cast == "number":
            # NaN, Infinity and literals beyond a double are not numbers (CHI405).
            as_double = b.cast(value.copy(), "DOUBLE")
            whens = [(numeric, b.when(b.func("isfinite", as_double), as_double.copy())), from_text]
        elif cast == "bool":
            as_double = b.cast(value.copy(), "DOUBLE")
            whens = [(b.eq(kind.copy(), b.string("BOOLEAN")), b.cast(value.copy(), "BOOLEAN")),
                     (b.and_(numeric, b.eq(as_double, b.number(0))), b.boolean(False)),
                     (b.and_(numeric.copy(), b.eq(as_double.copy(), b.number(1))), b.boolean(True)),
                     from_text]
        else:
            whens = [from_text]
        blank_text = b.and_(b.eq(kind.copy(), b.string("VARCHAR")), self._blank(trimmed.copy()))
        bad = b.when(b.and_(b.is_null(converted), b.not_(is_null.copy()), b.not_(blank_text)), b.cast(value.copy(), b.TEXT))
        return b.case(whens), bad

    def _blank(self, trimmed: exp.Expression) -> exp.Expression:
        """Empty after trimming, or a missing-value token: missing, not bad."""
        return b.or_(b.eq(trimmed, b.string("")), *([self._is_token(trimmed.copy())] if self.tokens else []))

    def _is_token(self, trimmed: exp.Expression) -> exp.Expression:
        return b.in_(trimmed, [t.copy() for t in self.tokens])

    def _from_text(self, trimmed: exp.Expression, cast: str, path: tuple[str, ...]) -> exp.Expression:
        """Trimmed text as a number, date or boolean, by the python engine's rules."""
        if cast == "number":
            converted = self._number(trimmed.copy())
        elif cast == "bool":
            converted = self._boolean(trimmed.copy())
        else:
            converted = _within_years(b.col(self._helper(path, "moment")))
        if not self.tokens:
            return converted
        # A declared missing-value token is missing here, even if it looks like a value.
        return b.case([(self._is_token(trimmed.copy()), b.null())], converted)

    def _boolean(self, text: exp.Expression) -> exp.Expression:
        lowered = b.func("lower", text)
        return b.case([(b.in_(lowered, [b.string(x) for x in _TRUE]), b.boolean(True)),
                       (b.in_(lowered.copy(), [b.string(x) for x in _FALSE]), b.boolean(False))])

    def _number(self, text: exp.Expression) -> exp.Expression:
        source = self.source
        cleaned = text
        if source.thousands:
            cleaned = b.func("replace", cleaned, b.string(source.thousands), b.string(""))
        dotted = cleaned
        if source.decimal != ".":
            dotted = b.func("replace", cleaned.copy(), b.string(source.decimal), b.string("."))
        parsed = exp.TryCast(this=dotted, to=exp.DataType.build("DOUBLE"))
        # DuckDB also reads 'inf', 'nan', '1_000' and '+-1'; python's number syntax does not.
        checks = [b.func("isfinite", parsed), b.eq(b.func("strpos", dotted.copy(), b.string("_")), b.number(0)),
                  b.eq(b.func("strpos", dotted.copy(), b.string("+-")), b.number(0))]
        if source.decimal != "." and source.thousands != ".":
            checks.append(b.eq(b.func("strpos", cleaned.copy(), b.string(".")), b.number(0)))
        if source.thousands:
            # A separator must group the integer digits by three (1,234 not 1,5).
            checks.append(b.or_(b.eq(b.func("strpos", text.copy(), b.string(source.thousands)), b.number(0)),
                                b.func("regexp_full_match", text.copy(),
                                       b.string(grouped_number(source.thousands, source.decimal)))))
        return b.when(b.and_(*checks), parsed.copy())

    def _date(self, text: exp.Expression) -> exp.Expression:
        """Trimmed text as a timestamp (UTC for an offset), before the years 1-9999 check."""
        fmt = self.source.date_format
        if fmt:
            if fmt.endswith("%z"):
                # The python engine's offsets: Z, +01:00, +0100 (DuckDB's %z reads no Z).
                utc = b.func("regexp_replace", text.copy(), b.string("Z$"), b.string("+00:00"))
                parsed = b.when(b.func("regexp_matches", text.copy(), b.string(ZONE_SUFFIX)),
                                b.func("try_strptime", utc, b.string(fmt)))
            else:
                parsed = b.func("try_strptime", text, b.string(fmt))
            if "%z" in fmt:
                parsed = b.func("timezone", b.string("UTC"), parsed)
            return parsed
        naive = (b.func("regexp_full_match", text.copy(), b.string(NAIVE_DATE)),
                 exp.TryCast(this=text.copy(), to=exp.DataType.build("TIMESTAMP")))
        without_space = b.func("regexp_replace", text.copy(), b.string(r" ([Z+-])"), b.string(r"\1"))
        zoned = b.func("timezone", b.string("UTC"), exp.TryCast(this=without_space, to=exp.DataType.build("TIMESTAMPTZ")))
        return b.case([naive, (b.func("regexp_full_match", text.copy(), b.string(ZONED_DATE)), zoned)])


def _within_years(moment: exp.Expression) -> exp.Expression:
    """The timestamp when it falls in years 1-9999, else NULL (a bad date)."""
    first = exp.Cast(this=b.string(_FIRST_MOMENT), to=exp.DataType.build("TIMESTAMP"))
    last = exp.Cast(this=b.string(_LAST_MOMENT), to=exp.DataType.build("TIMESTAMP"))
    return b.when(exp.Between(this=moment, low=first, high=last), moment.copy())


def _trimmed(text: exp.Expression) -> exp.Expression:
    """The text without the whitespace python's str.strip() removes.

    The trim runs only when an end character could be whitespace (an ASCII control
    or space, or not ASCII): trimming every cell would cost more than reading it.
    """
    chars = b.concat(*(b.func("chr", b.number(c)) for c in _WHITESPACE))
    last = b.func("array_extract", text.copy(), b.number(-1))
    # Strings compare by code point: x < '!' iff x starts with a space or control
    # character; x >= chr(128) iff it starts with a non-ASCII character.
    maybe_space = b.or_(b.compare(exp.LT, text.copy(), b.string("!")),
                        b.compare(exp.GTE, text.copy(), b.func("chr", b.number(128))),
                        b.compare(exp.LT, last, b.string("!")),
                        b.compare(exp.GTE, last.copy(), b.func("chr", b.number(128))))
    return b.case([(maybe_space, b.func("trim", text.copy(), chars))], text.copy())


def _json_path(keys) -> str:
    path = "$"
    for key in keys:
        if key.replace("_", "a").isalnum() and key.isascii():
            path += "." + key
        else:
            path += '."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return path


def _option(name: str, value: exp.Expression) -> exp.Expression:
    return exp.EQ(this=exp.Column(this=exp.Identifier(this=name, quoted=False)), expression=value)


def _struct(pairs: list[tuple[str, str]]) -> exp.Struct:
    return exp.Struct(expressions=[
        exp.PropertyEQ(this=exp.Identifier(this=name, quoted=True), expression=b.string(kind)) for name, kind in pairs
    ])
