"""The syntax tree: what the user wrote, with a span on every node.

Nodes are frozen, slotted dataclasses.  Spans are excluded from equality so two
trees parsed from differently laid-out text compare equal (used by the formatter's
property test).  Clauses are kept in source order as tuples; the resolver checks
that each appears at most once and turns them into the resolved model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .shown import shorten_literal
from .span import Span

def _span_field():
    """Spans never take part in equality, so trees compare by meaning."""
    return field(compare=False, repr=False)


# ---- literals -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberLit:
    """A number as written. ``is_percent`` literals are fractions: 90% is 0.9."""

    text: str
    value: Decimal
    is_percent: bool
    span: Span = _span_field()

    @property
    def shown(self) -> str:
        """The text for messages: a literal of thousands of digits is cut short."""
        return shorten_literal(self.text)


@dataclass(frozen=True, slots=True)
class RangeLit:
    low: NumberLit
    high: NumberLit
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class WeightLit:
    """A weight as written: ``25%``, ``0.25``, ``1/4`` (``denominator`` set), signed."""

    text: str
    numerator: Decimal
    denominator: Decimal | None
    is_percent: bool
    span: Span = _span_field()

    @property
    def shown(self) -> str:
        """The text for messages: a literal of thousands of digits is cut short."""
        return shorten_literal(self.text)


# ---- expressions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    path: tuple[str, ...]
    span: Span = _span_field()

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class Literal:
    """A number, percentage, string, boolean or ``missing`` (value None)."""

    value: Decimal | str | bool | None
    kind: str  # "number" | "percent" | "string" | "bool" | "missing"
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    where: Expr | None
    span: Span = _span_field()
    name_span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic (+ - * /), comparison (= != < <= > >=), ``and``, ``or``, ``contains``."""

    op: str
    left: Expr
    right: Expr
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" | "not"
    operand: Expr
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class IsMissing:
    operand: Expr
    negated: bool
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class InList:
    operand: Expr
    items: tuple[Expr, ...]
    negated: bool
    span: Span = _span_field()


Expr = Column | Literal | Call | Binary | Unary | IsMissing | InList


# ---- clauses --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clause:
    """A keyword clause. ``kind`` names it (``weight``, ``scale``, ``period``...).

    ``value`` holds the clause's payload; its type depends on the kind:
    a ``WeightLit``, ``RangeLit``, ``NumberLit``, ``Column``, expression, string,
    tuple of bands, and so on (see ``parser.py``).
    """

    kind: str
    value: object
    span: Span = _span_field()
    keyword_span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class Band:
    """One threshold of ``bands``/``status``; ``op`` None is the ``else`` band."""

    op: str | None
    threshold: NumberLit | None
    result: NumberLit | str
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class SourceOption:
    key: str
    value: object
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class SourceDecl:
    name: str
    path: str
    options: tuple[SourceOption, ...]
    span: Span = _span_field()
    name_span: Span = _span_field()
    path_span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class MetricDecl:
    name: str
    clauses: tuple[Clause, ...]
    span: Span = _span_field()
    name_span: Span = _span_field()
    name_quoted: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class PillarDecl:
    name: str
    clauses: tuple[Clause, ...]
    metrics: tuple[MetricDecl, ...]
    span: Span = _span_field()
    name_span: Span = _span_field()
    name_quoted: bool = field(default=True, compare=False)


@dataclass(frozen=True, slots=True)
class IndexDecl:
    """The whole spec. ``implicit`` when the file holds bare items (no ``index``)."""

    name: str
    implicit: bool
    clauses: tuple[Clause, ...]
    sources: tuple[SourceDecl, ...]
    pillars: tuple[PillarDecl, ...]
    span: Span = _span_field()
    name_span: Span = _span_field()
