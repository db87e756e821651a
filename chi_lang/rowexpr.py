"""Compiling typed row expressions into Python closures for the reference evaluator.

Semantics follow SQL's three-valued logic so the python and SQL engines agree:
an operation on a missing value is missing; ``and``/``or`` use Kleene logic; a
``where`` keeps a row only when its condition is true; division by zero is missing.
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable

from . import model as m
from .sources import CellError, CellReader, json_path_getter

Getter = Callable[[Any], Any]

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


def compile_row(expr: m.RowExpr, header: list[str] | None, cells: CellReader) -> Getter:
    """A function row → value. ``header`` is the CSV header (None for JSON rows)."""
    return _Compiler(header, cells).compile(expr)


class _Compiler:
    def __init__(self, header: list[str] | None, cells: CellReader) -> None:
        self.header = header
        self.cells = cells

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
        if isinstance(expr, m.ColumnRef):
            return self.column(expr)
        return getattr(self, "op_" + expr.op.replace("==", "eq"), self.op_compare)(expr)

    def column(self, column: m.ColumnRef) -> Getter:
        raw = self.raw_getter(column)
        cells, name = self.cells, column.dotted
        if column.cast == "number":
            number = cells.number
            return lambda row: number(raw(row), name)
        if column.cast == "date":
            date = cells.date
            return lambda row: date(raw(row), name)
        if column.cast == "bool":
            boolean = cells.boolean
            return lambda row: boolean(raw(row), name)
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

    def op_lower(self, expr):
        return self._unary(expr, lambda s: str(s).lower())

    def op_upper(self, expr):
        return self._unary(expr, lambda s: str(s).upper())

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
