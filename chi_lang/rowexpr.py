"""Compiling typed row expressions into Python closures for the reference evaluator.

Semantics follow SQL's three-valued logic so the python and SQL engines agree:
an operation on a missing value is missing; ``and``/``or`` use Kleene logic; a
``where`` keeps a row only when its condition is true; division by zero is missing.
"""

from __future__ import annotations

import math
import operator
import string
from typing import Any, Callable

from . import model as m
from .sources import CellError, CellReader, json_path_getter

Getter = Callable[[Any], Any]

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)

_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class UnknownColumn(Exception):
    def __init__(self, column: m.ColumnRef) -> None:
        super().__init__(column.dotted)
        self.column = column


def compile_row(expr: m.RowExpr, header: list[str] | None, cells: CellReader,
                shared: dict | None = None) -> Getter:
    """A function row → value. ``header`` is the CSV header (None for JSON rows).

    Pass the same ``shared`` dict for all expressions over one source: equal
    sub-expressions (the date column, a repeated ``where``) then share one getter
    and its memo, so a cell is converted once however many metrics use it.
    """
    return _Compiler(header, cells, shared).compile(expr)


# Entries kept per memoised sub-expression: low-cardinality columns (status,
# team, counts, flags) fit; unique ones (timestamps) just cycle through it.
_MEMO_LIMIT = 1 << 14
_MISS = object()


def _single_column(expr: m.RowExpr) -> m.ColumnRef | None:
    """The one column an expression reads (None when it reads none or several)."""
    if isinstance(expr, m.ColumnRef):
        return expr
    if isinstance(expr, m.RowOp):
        found = None
        for arg in expr.args:
            if isinstance(arg, m.Const):
                continue
            column = _single_column(arg)
            if column is None or (found is not None and found.path != column.path):
                return None
            found = column
        return found
    return None


def _memoised(getter: Getter, index: int) -> Getter:
    """``getter`` remembered per raw cell text (``getter`` depends on row[index] only).

    Row expressions are pure functions of the cells they read, so caching by the
    cell's text cannot change a result; a conversion that fails raises before
    anything is stored, so the error is raised again for the next such cell.
    """
    cache: dict = {}
    get = cache.get

    def memo(row):
        cell = row[index]
        value = get(cell, _MISS)
        if value is _MISS:
            value = getter(row)
            if len(cache) >= _MEMO_LIMIT:
                cache.clear()
            cache[cell] = value
        return value

    return memo


def _remember_last(getter: Getter, index: int) -> Getter:
    """``getter`` remembered for the last cell only: for columns of unique values
    (timestamps) read by several metrics, so each row parses its cell once."""
    last_cell: Any = _MISS
    last_value: Any = None

    def memo(row):
        nonlocal last_cell, last_value
        cell = row[index]
        if cell == last_cell:
            return last_value
        value = getter(row)
        last_cell, last_value = cell, value
        return value

    return memo


class _Compiler:
    def __init__(self, header: list[str] | None, cells: CellReader, shared: dict | None = None) -> None:
        self.header = header
        self.cells = cells
        self.shared = {} if shared is None else shared

    def raw_getter(self, column: m.ColumnRef) -> Getter:
        if self.header is None:
            return json_path_getter(column.path)
        name = column.dotted
        try:
            index = self.header.index(name)
        except ValueError:
            raise UnknownColumn(column) from None
        return operator.itemgetter(index)

    def compile(self, expr: m.RowExpr) -> Getter:
        if isinstance(expr, m.Const):
            value = expr.value
            return lambda row: value
        try:
            return self.shared[expr]
        except KeyError:
            pass
        except TypeError:  # an unhashable constant: compile it on its own
            return self._compile(expr)
        getter = self._compile(expr)
        column = _single_column(expr) if self.header is not None else None
        # CSV cells are strings, so a one-column expression can be memoised on the
        # cell text; a bare text column is already as cheap as the lookup.
        if column is not None and not (isinstance(expr, m.ColumnRef) and expr.cast in ("string", "any")):
            memo = _remember_last if column.cast == "date" else _memoised
            getter = memo(getter, self.header.index(column.dotted))
        self.shared[expr] = getter
        return getter

    def _compile(self, expr: m.RowExpr) -> Getter:
        if isinstance(expr, m.ColumnRef):
            return self.column(expr)
        return getattr(self, "op_" + expr.op.replace("==", "eq"), self.op_compare)(expr)

    def column(self, column: m.ColumnRef) -> Getter:
        raw = self.raw_getter(column)
        cells, name = self.cells, column.dotted
        if self.header is not None and column.cast in ("number", "date", "bool"):
            # CSV rows are lists: index them directly rather than through a getter.
            position = self.header.index(name)
            convert = {"number": cells.number, "date": cells.date, "bool": cells.boolean}[column.cast]
            return lambda row: convert(row[position], name)
        if column.cast == "number":
            number = cells.number
            return lambda row: number(raw(row), name)
        if column.cast == "date":
            date = cells.date
            return lambda row: date(raw(row), name)
        if column.cast == "bool":
            boolean = cells.boolean
            return lambda row: boolean(raw(row), name)
        if self.header is not None and column.cast in ("string", "any"):
            # A CSV cell is always a str: text() and the "any" view both reduce
            # to "empty is missing".
            position = self.header.index(name)
            return lambda row: row[position] or None
        if column.cast == "string":
            text = cells.text
            return lambda row: text(raw(row))
        # "any": keep lists (for contains / count) but treat "" and null as missing.
        def any_value(row):
            value = raw(row)
            return None if value == "" else value

        return any_value

    # -- operators -------------------------------------------------------------

    def _args(self, expr: m.RowOp) -> list[Getter]:
        return [self.compile(a) for a in expr.args]

    def op_compare(self, expr: m.RowOp) -> Getter:
        left, right = self._args(expr)
        fn = _COMPARE[expr.op]

        def compare(row):
            a = left(row)
            if a is None:
                return None
            b = right(row)
            if b is None:
                return None
            return fn(a, b)

        return compare

    def _arith(self, expr: m.RowOp, fn) -> Getter:
        left, right = self._args(expr)

        def arith(row):
            a = left(row)
            if a is None:
                return None
            b = right(row)
            if b is None:
                return None
            return fn(a, b)

        return arith

    def op_and(self, expr: m.RowOp) -> Getter:
        left, right = self._args(expr)

        def both(row):
            a = left(row)
            if a is False:
                return False
            b = right(row)
            if b is False:
                return False
            if a is None or b is None:
                return None
            return True

        return both

    def op_or(self, expr: m.RowOp) -> Getter:
        left, right = self._args(expr)

        def either(row):
            a = left(row)
            if a is True:
                return True
            b = right(row)
            if b is True:
                return True
            if a is None or b is None:
                return None
            return False

        return either

    def op_not(self, expr: m.RowOp) -> Getter:
        (operand,) = self._args(expr)

        def negation(row):
            a = operand(row)
            return None if a is None else not a

        return negation

    def op_neg(self, expr: m.RowOp) -> Getter:
        (operand,) = self._args(expr)

        def neg(row):
            a = operand(row)
            return None if a is None else -a

        return neg

    def op_is_missing(self, expr: m.RowOp) -> Getter:
        (operand,) = self._args(expr)
        return lambda row: operand(row) is None

    def op_is_not_missing(self, expr: m.RowOp) -> Getter:
        (operand,) = self._args(expr)
        return lambda row: operand(row) is not None

    def op_in(self, expr: m.RowOp, negate: bool = False) -> Getter:
        operand, *items = self._args(expr)
        values = frozenset(item(None) for item in items)

        def member(row):
            a = operand(row)
            if a is None:
                return None
            return (a in values) != negate

        return member

    def op_not_in(self, expr: m.RowOp) -> Getter:
        return self.op_in(expr, negate=True)

    def op_contains(self, expr: m.RowOp) -> Getter:
        left, right = self._args(expr)
        text = self.cells.text

        def contains(row):
            haystack = left(row)
            needle = right(row)
            if haystack is None or needle is None:
                return None
            if isinstance(haystack, list):
                return any(text(item) == needle for item in haystack)
            return needle in text(haystack)

        return contains

    def op_date_diff(self, expr: m.RowOp) -> Getter:
        return self._arith(expr, lambda a, b: (a - b).total_seconds())

    def _unary(self, expr: m.RowOp, fn) -> Getter:
        (operand,) = self._args(expr)

        def apply(row):
            a = operand(row)
            return None if a is None else fn(a)

        return apply

    def op_hours(self, expr):
        return self._unary(expr, lambda seconds: seconds / 3600.0)

    def op_days(self, expr):
        return self._unary(expr, lambda seconds: seconds / 86400.0)

    def op_abs(self, expr):
        return self._unary(expr, abs)

    def op_ln(self, expr):
        return self._unary(expr, lambda x: math.log(x) if x > 0 else None)

    # lower/upper fold ASCII letters only: Unicode case mapping differs between
    # Python (ß → SS), DuckDB (ß → ẞ) and database locales, and the engines must agree.
    def op_lower(self, expr):
        return self._unary(expr, lambda s: str(s).translate(_ASCII_LOWER))

    def op_upper(self, expr):
        return self._unary(expr, lambda s: str(s).translate(_ASCII_UPPER))

    def op_length(self, expr):
        return self._unary(expr, lambda s: float(len(str(s))))


def _bind_arithmetic() -> None:
    def divide(a, b):
        return None if b == 0 else a / b

    table = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": divide}
    for symbol, fn in table.items():
        setattr(_Compiler, "op_" + symbol, lambda self, expr, fn=fn: self._arith(expr, fn))


_bind_arithmetic()
for _symbol in ("eq", "!=", "<", "<=", ">", ">="):
    setattr(_Compiler, "op_" + _symbol, _Compiler.op_compare)

__all__ = ["compile_row", "UnknownColumn", "CellError"]
