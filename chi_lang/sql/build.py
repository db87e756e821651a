"""Small constructors for sqlglot expression trees.

Everything the SQL back-end emits is built from these (never by pasting strings),
so identifiers and literals are quoted by sqlglot for each dialect.  Numbers that
take part in arithmetic are cast to DOUBLE: a bare ``0.35`` is a DECIMAL in
Trino and PostgreSQL, and DECIMAL division rounds to the literal's scale.
"""

from __future__ import annotations

import re
from typing import Iterable

from sqlglot import exp

DOUBLE = "DOUBLE"
TEXT = "VARCHAR"

_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Words reserved in at least one of the target dialects (SQL:2016, PostgreSQL,
# SQLite, BigQuery, Snowflake, Spark, Trino, DuckDB).  A source column or table
# with one of these names is quoted; sqlglot does that only for some dialects.
RESERVED = frozenset("""
all alter analyse analyze and any array as asc assert_rows_modified asymmetric at
authorization between binary both by case cast check collate collation column
concurrently constraint create cross cube current current_catalog current_date
current_role current_schema current_time current_timestamp current_user default
deferrable define delete desc describe distinct do drop else end enum escape except
exclude exists extract false fetch filter following for foreign freeze from full
function grant group grouping groups hash having if ignore ilike in increment inner
insert intersect interval into is isnull join lateral leading left like limit
listagg localtime localtimestamp lookup match_recognize merge natural new no not
notnull null nulls of offset on only or order outer over overlaps partition pivot
placing preceding primary proto qualify range recursive references regexp respect
returning right rlike rollup row rows sample select semi session_user set similar
some start struct symmetric table tablesample then to trailing treat true try_cast
uescape unbounded union unique unknown unnest unpivot update user using values
variadic verbose when where window with within
""".split())


def ident(name: str, force_quote: bool = False) -> exp.Identifier:
    """An identifier quoted only where needed (unsafe characters or a reserved word).

    Quoting only when needed keeps Snowflake's case folding working for plain names
    (an unquoted ``satisfaction`` finds the column SATISFACTION).
    """
    quoted = force_quote or not _SAFE.match(name) or name.lower() in RESERVED
    return exp.Identifier(this=name, quoted=quoted)


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.Column(this=ident(name), table=ident(table) if table else None)


def alias(expression: exp.Expression, name: str, quote: bool = False, comment: str | None = None) -> exp.Alias:
    node = exp.Alias(this=expression, alias=ident(name, force_quote=quote))
    if comment:
        node.add_comments([comment])
    return node


def string(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def number(value: float | int) -> exp.Expression:
    """A numeric literal in shortest round-trip form; negative numbers as negation."""
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers here")
    text = repr(int(value)) if isinstance(value, int) else _float_text(value)
    if text.startswith("-"):
        return exp.Neg(this=exp.Literal.number(text[1:]))
    return exp.Literal.number(text)


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text


def double(value: float | int) -> exp.Expression:
    """A number typed DOUBLE, for arithmetic (see the module note)."""
    return cast(number(value), DOUBLE)


def cast(expression: exp.Expression, to: str) -> exp.Cast:
    return exp.Cast(this=expression, to=exp.DataType.build(to))


def null(to: str | None = None) -> exp.Expression:
    return cast(exp.Null(), to) if to else exp.Null()


def boolean(value: bool) -> exp.Boolean:
    return exp.Boolean(this=value)


def func(name: str, *args: exp.Expression) -> exp.Anonymous:
    """A function call emitted by name as written (dialect-specific functions)."""
    return exp.Anonymous(this=name, expressions=list(args))


def precedence(expression: exp.Expression) -> int:
    """How tightly an operator binds (higher binds tighter); atoms are 9."""
    if isinstance(expression, exp.Paren):
        return 9
    if isinstance(expression, exp.Or):
        return 1
    if isinstance(expression, exp.And):
        return 2
    if isinstance(expression, exp.Not):
        return 3
    if isinstance(expression, (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Is, exp.In, exp.Like)):
        return 4
    if isinstance(expression, exp.DPipe):
        return 5
    if isinstance(expression, (exp.Add, exp.Sub)):
        return 6
    if isinstance(expression, (exp.Mul, exp.Div, exp.Mod)):
        return 7
    if isinstance(expression, exp.Neg):
        return 8
    return 9


def wrap(expression: exp.Expression, at_least: int) -> exp.Expression:
    """Parenthesise an operand that binds less tightly than its place needs.

    Right operands of + and * are held to a higher level so a sum keeps the
    left-to-right grouping of the python engine (floating point is not associative).
    """
    return exp.Paren(this=expression) if precedence(expression) < at_least else expression


def paren(expression: exp.Expression) -> exp.Expression:
    """Parenthesise anything that is not an atom."""
    return wrap(expression, 9)


def add(a: exp.Expression, b: exp.Expression) -> exp.Add:
    return exp.Add(this=wrap(a, 6), expression=wrap(b, 9 if isinstance(b, exp.Neg) else 7))


def sub(a: exp.Expression, b: exp.Expression) -> exp.Sub:
    # "x - -1" would read as a comment start in some tools; write "x - (-1)".
    return exp.Sub(this=wrap(a, 6), expression=wrap(b, 9 if isinstance(b, exp.Neg) else 7))


def mul(a: exp.Expression, b: exp.Expression) -> exp.Mul:
    return exp.Mul(this=wrap(a, 7), expression=wrap(b, 8))


def div(a: exp.Expression, b: exp.Expression) -> exp.Div:
    """Plain division of DOUBLE operands (``typed`` stops sqlglot adding casts)."""
    return exp.Div(this=wrap(a, 7), expression=wrap(b, 8), typed=True, safe=False)


def safe_div(a: exp.Expression, b: exp.Expression) -> exp.Div:
    """a / b, or NULL when b is 0: a zero denominator is no data, never inf or an error."""
    return div(a, exp.Nullif(this=b, expression=number(0)))


def neg(a: exp.Expression) -> exp.Neg:
    return exp.Neg(this=wrap(a, 8))


def compare(kind: type, a: exp.Expression, b: exp.Expression) -> exp.Expression:
    """a <op> b for a comparison class (exp.EQ, exp.GT, ...)."""
    return kind(this=wrap(a, 5), expression=wrap(b, 5))


def coalesce(*args: exp.Expression) -> exp.Coalesce:
    return exp.Coalesce(this=args[0], expressions=list(args[1:]))


def case(whens: Iterable[tuple[exp.Expression, exp.Expression]], default: exp.Expression | None = None) -> exp.Case:
    node = exp.Case()
    for condition, value in whens:
        node = node.when(condition, value)
    if default is not None:
        node = node.else_(default)
    return node


def when(condition: exp.Expression, value: exp.Expression) -> exp.Case:
    """CASE WHEN condition THEN value END (NULL otherwise)."""
    return case([(condition, value)])


def and_(*parts: exp.Expression | None) -> exp.Expression | None:
    items = [p for p in parts if p is not None]
    if not items:
        return None
    node = wrap(items[0], 2)
    for item in items[1:]:
        node = exp.And(this=node, expression=wrap(item, 3))
    return node


def or_(*parts: exp.Expression) -> exp.Expression:
    node = parts[0]
    for item in parts[1:]:
        node = exp.Or(this=node, expression=wrap(item, 2))
    return node


def not_(a: exp.Expression) -> exp.Not:
    return exp.Not(this=wrap(a, 3))


def is_null(a: exp.Expression) -> exp.Is:
    return exp.Is(this=wrap(a, 9), expression=exp.Null())


def not_null(a: exp.Expression) -> exp.Not:
    return exp.Not(this=is_null(a))


def eq(a: exp.Expression, b: exp.Expression) -> exp.Expression:
    return compare(exp.EQ, a, b)


def gt(a: exp.Expression, b: exp.Expression) -> exp.Expression:
    return compare(exp.GT, a, b)


def lte(a: exp.Expression, b: exp.Expression) -> exp.Expression:
    return compare(exp.LTE, a, b)


def in_(a: exp.Expression, items: list[exp.Expression]) -> exp.In:
    return exp.In(this=wrap(a, 9), expressions=items)


def concat(*parts: exp.Expression) -> exp.Expression:
    """a || b || ...  (sqlglot writes CONCAT where a dialect lacks ||)."""
    node = wrap(parts[0], 5)
    for part in parts[1:]:
        node = exp.DPipe(this=node, expression=wrap(part, 6), safe=True)
    return node


def sum_all(terms: list[exp.Expression]) -> exp.Expression:
    """t1 + t2 + ... left to right, the order the python engine adds in."""
    node = terms[0]
    for term in terms[1:]:
        node = add(node, term)
    return node


def window(function: exp.Expression, partition: list[exp.Expression], order: list[exp.Expression] | None = None,
           frame: tuple[str, str, str | None, str, str | None] | None = None,
           nulls_first: bool | None = None) -> exp.Window:
    """function OVER (PARTITION BY ... ORDER BY ... [frame]).

    Where NULLs sort does not matter to chi-lang's windows; ``nulls_first`` is the
    dialect's own default, so no NULLS FIRST/LAST is written (BigQuery rejects it
    in some window functions).
    """
    spec = None
    if frame is not None:
        kind, start, start_side, end, end_side = frame
        spec = exp.WindowSpec(kind=kind, start=start, start_side=start_side, end=end, end_side=end_side)
    return exp.Window(
        this=function,
        partition_by=partition,
        order=exp.Order(expressions=[exp.Ordered(this=o, nulls_first=nulls_first) for o in order]) if order else None,
        spec=spec,
    )
