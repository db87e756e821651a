"""Row expressions (``where`` conditions, aggregate arguments) as SQL.

The python engine's row semantics are SQL's three-valued logic already (rowexpr.py),
so most operators map one to one.  The care is in the rest: division by zero is
NULL, numbers are DOUBLE before any division, date differences are seconds, and a
JSON value read "as is" (DuckDB file mode) is checked for lists and types.

``evaluated`` answers a second question for DuckDB's file mode: which cells the
python engine would actually convert for a row, and under which condition.  It
short-circuits (``a and b`` never looks at ``b`` when ``a`` is false; ``x > 1``
never looks at 1 when ``x`` is missing), and a bad cell is an error only where it
is looked at, so both engines fail on exactly the same data.
"""

from __future__ import annotations

import string

from typing import Callable

from sqlglot import exp

from .. import model as m
from . import build as b
from .dialects import Dialect

_COMPARE = {"==": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}
CHECKED_CASTS = ("number", "date", "bool")


class RowLowering:
    def __init__(self, dialect: Dialect, value_of: Callable[[m.ColumnRef], exp.Expression], json_values: bool) -> None:
        self.dialect = dialect
        self.value_of = value_of
        self.json_values = json_values  # "any" columns are JSON values (DuckDB reading JSON)

    # ------------------------------------------------------------------ values

    def lower(self, expr: m.RowExpr) -> exp.Expression:
        if isinstance(expr, m.Const):
            return self._const(expr)
        if isinstance(expr, m.ColumnRef):
            return self.value_of(expr)
        op = expr.op
        args = expr.args
        if op in _COMPARE:
            return b.compare(_COMPARE[op], self.lower(args[0]), self.lower(args[1]))
        if op in ("+", "-", "*", "/"):
            left, right = self._operands(args)
            if op == "+":
                return b.add(left, right)
            if op == "-":
                return b.sub(left, right)
            if op == "*":
                return b.mul(left, right)
            return b.safe_div(left, right)
        if op == "and":
            return b.and_(self.lower(args[0]), self.lower(args[1]))
        if op == "or":
            return b.or_(self.lower(args[0]), self.lower(args[1]))
        if op == "not":
            return b.not_(self.lower(args[0]))
        if op == "neg":
            return b.neg(self.lower(args[0]))
        if op == "is_missing":
            return b.is_null(self.lower(args[0]))
        if op == "is_not_missing":
            return b.not_null(self.lower(args[0]))
        if op in ("in", "not_in"):
            node = b.in_(self.lower(args[0]), [self.lower(a) for a in args[1:]])
            return b.not_(node) if op == "not_in" else node
        if op == "contains":
            return self._contains(args[0], self.lower(args[1]))
        if op == "date_diff":
            return self.dialect.seconds_between(self.lower(args[0]), self.lower(args[1]))
        if op == "hours":
            return b.div(self.lower(args[0]), b.double(3600))
        if op == "days":
            return b.div(self.lower(args[0]), b.double(86400))
        if op == "abs":
            return exp.Abs(this=self.lower(args[0]))
        if op == "ln":
            value = self.lower(args[0])
            return b.when(b.gt(value, b.number(0)), exp.Ln(this=value.copy()))
        if op in ("lower", "upper"):
            return self._ascii_case(op, self.lower(args[0]))
        if op == "length":
            return b.cast(exp.Length(this=self.lower(args[0])), b.DOUBLE)
        raise ValueError(f"row operator {op!r}")  # pragma: no cover - the resolver knows them all

    def _ascii_case(self, op: str, value: exp.Expression) -> exp.Expression:
        """ASCII-only case folding, as the python engine does (see rowexpr.op_lower).

        SQLite's LOWER/UPPER are ASCII-only already; elsewhere TRANSLATE maps
        just the 26 letters, whatever the database's Unicode rules or locale.
        """
        if self.dialect.lower_upper_ascii_only:
            return exp.Lower(this=value) if op == "lower" else exp.Upper(this=value)
        upper, lower = string.ascii_uppercase, string.ascii_lowercase
        source, target = (upper, lower) if op == "lower" else (lower, upper)
        return exp.func("TRANSLATE", value, b.string(source), b.string(target))

    def _const(self, const: m.Const) -> exp.Expression:
        if const.kind == "number":
            return b.number(const.value)
        if const.kind == "string":
            return b.string(const.value)
        if const.kind == "bool":
            return b.boolean(bool(const.value))
        return exp.Null()

    def _operands(self, args) -> tuple[exp.Expression, exp.Expression]:
        left, right = self.lower(args[0]), self.lower(args[1])
        if isinstance(args[0], m.Const) and isinstance(args[1], m.Const):
            # Two literals: 1 / 2 is integer division in several dialects.
            left, right = b.cast(left, b.DOUBLE), b.cast(right, b.DOUBLE)
        return left, right

    def _contains(self, haystack_expr: m.RowExpr, needle: exp.Expression) -> exp.Expression:
        haystack = self.lower(haystack_expr)
        if self.json_values and isinstance(haystack_expr, m.ColumnRef) and haystack_expr.cast == "any":
            # A JSON list holds the needle as an item; any other value contains it as text.
            items = b.func("json_extract_string", haystack, b.string("$[*]"))
            as_text = b.func("json_extract_string", haystack.copy(), b.string("$"))
            return b.case(
                [(b.eq(b.func("json_type", haystack.copy()), b.string("ARRAY")), b.func("list_contains", items, needle))],
                b.gt(exp.StrPosition(this=as_text, substr=needle.copy()), b.number(0)),
            )
        return b.gt(exp.StrPosition(this=haystack, substr=needle), b.number(0))

    def distinct_key(self, expr: m.RowExpr) -> exp.Expression:
        """The value count_distinct counts: JSON values by the python engine's key."""
        value = self.lower(expr)
        if not (self.json_values and isinstance(expr, m.ColumnRef) and expr.cast == "any"):
            return value
        kind = b.func("json_type", value)
        as_double = b.cast(value.copy(), "DOUBLE")
        # python: 3, 3.0 and "3" are one value; true is "True"; text is itself.
        return b.case([
            (b.eq(kind.copy(), b.string("VARCHAR")), b.func("json_extract_string", value.copy(), b.string("$"))),
            (b.eq(kind.copy(), b.string("BOOLEAN")),
             b.case([(b.cast(value.copy(), "BOOLEAN"), b.string("True"))], b.string("False"))),
            (b.and_(b.in_(kind.copy(), [b.string("DOUBLE")]), b.eq(as_double, b.func("trunc", as_double.copy()))),
             b.cast(b.cast(as_double.copy(), "HUGEINT"), b.TEXT)),
        ], b.cast(value.copy(), b.TEXT))

    # ------------------------------------------------------------- evaluation

    def evaluated(self, expr: m.RowExpr | None, guard: exp.Expression | None) -> list[tuple[exp.Expression | None, m.ColumnRef]]:
        """(condition, column) for each typed cell the python engine converts for a row."""
        if expr is None or isinstance(expr, m.Const):
            return []
        if isinstance(expr, m.ColumnRef):
            return [(guard, expr)] if expr.cast in CHECKED_CASTS else []
        op, args = expr.op, expr.args
        if op == "and":
            first = self.lower(args[0])
            rest = b.not_(exp.Is(this=b.paren(first), expression=b.boolean(False)))
            return self.evaluated(args[0], guard) + self.evaluated(args[1], b.and_(guard, rest))
        if op == "or":
            first = self.lower(args[0])
            rest = b.not_(exp.Is(this=b.paren(first), expression=b.boolean(True)))
            return self.evaluated(args[0], guard) + self.evaluated(args[1], b.and_(guard, rest))
        if op in _COMPARE or op in ("+", "-", "*", "/", "date_diff"):
            left_present = b.not_null(self.lower(args[0]))
            return self.evaluated(args[0], guard) + self.evaluated(args[1], b.and_(guard, left_present))
        if op in ("in", "not_in"):
            return self.evaluated(args[0], guard)
        found = []
        for arg in args:
            found += self.evaluated(arg, guard)
        return found
