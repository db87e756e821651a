"""The resolved model: what a spec means, ready to evaluate or compile.

Produced by ``resolve.py`` from the syntax tree.  Names are resolved, weights are
exact ``Fraction``s normalised within their group, defaults are filled in, and
every row expression carries the type its columns are read as.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .span import Span


def _span_field():
    return field(default=None, compare=False, repr=False)


# ---- typed row expressions -------------------------------------------------------
# Column values are read as text (CSV) or JSON values and converted where they are
# used: ``cast`` says how ("number", "string", "bool", "date", "any").


@dataclass(frozen=True, slots=True)
class ColumnRef:
    path: tuple[str, ...]
    cast: str
    span: Span = _span_field()

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class Const:
    value: float | str | bool | None
    kind: str  # "number" | "string" | "bool" | "missing"
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class RowOp:
    """A row-level operation.

    ``op`` is one of: ``+ - * /`` (numbers), ``date_diff`` (date - date, seconds),
    ``== != < <= > >=`` with ``compare_as`` in ``args`` typing, ``and``, ``or``,
    ``not``, ``neg``, ``is_missing``, ``is_not_missing``, ``in``, ``not_in``,
    ``contains``, ``hours``, ``days``, ``abs``, ``ln``, ``lower``, ``upper``, ``length``.
    """

    op: str
    args: tuple[RowExpr, ...]
    compare_as: str | None = None
    span: Span = _span_field()


RowExpr = ColumnRef | Const | RowOp


# ---- metric value expressions ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Aggregate:
    """One aggregate over the metric's rows.

    ``func``: mean, sum, count, count_distinct, median, min, max, percentile, share.
    ``arg`` is None for ``count()`` (rows) and ``share``; ``where`` is the aggregate's
    own filter (on top of the metric's); ``q`` is the percentile as a fraction 0..1.
    """

    func: str
    arg: RowExpr | None
    where: RowExpr | None
    q: Fraction | None = None
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class ValueOp:
    op: str  # + - * / neg
    args: tuple[ValueExpr, ...]
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class ValueConst:
    value: float
    span: Span = _span_field()


ValueExpr = Aggregate | ValueOp | ValueConst


def is_fraction_value(value: ValueExpr) -> bool:
    """Whether a metric's raw value is surely a 0-1 fraction.

    ``share(where ...)`` is, and so is a ratio of two counts (``count(where ok) /
    count()``).  Other ratios are not: ``sum(x) / count()`` is a mean of ``x`` in
    its own units, and ``100 * count(where ok) / count()`` is already 0-100.
    """
    if isinstance(value, Aggregate):
        return value.func == "share"
    return (isinstance(value, ValueOp) and value.op == "/"
            and all(isinstance(a, Aggregate) and a.func == "count" for a in value.args))


# ---- normalisation -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Band:
    op: str | None  # None for else
    threshold: float | None
    score: float


@dataclass(frozen=True, slots=True)
class Normalisation:
    """How a raw value becomes a 0..100 score.

    kind: none | scale | target | bands | minmax | percentile_rank | percent
    """

    kind: str
    lower_is_better: bool = False
    low: float | None = None
    high: float | None = None
    log: bool = False
    target: float | None = None
    bands: tuple[Band, ...] = ()
    direction_stated: bool = False

    @property
    def is_relative(self) -> bool:
        return self.kind in ("minmax", "percentile_rank")


@dataclass(frozen=True, slots=True)
class StatusBand:
    op: str | None
    threshold: float | None
    label: str


# ---- sources, metrics, pillars, index ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    path: Path
    display_path: str
    format: str  # csv | tsv | json | jsonl
    delimiter: str
    decimal: str
    thousands: str | None
    encoding: str
    missing_values: tuple[str, ...]
    date_column: tuple[str, ...] | None
    date_format: str | None
    unit_column: tuple[str, ...] | None
    skip_footer: int
    span: Span = _span_field()
    path_span: Span = _span_field()  # the file name in the spec (a file that is missing is reported there)


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    weight: Fraction  # normalised within the pillar
    declared_weight: str | None  # as written, for display
    source: Source
    where: RowExpr | None
    value: ValueExpr
    normalisation: Normalisation
    missing: str  # reweight | zero | error
    unit: str | None
    description: str | None
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class Pillar:
    name: str
    weight: Fraction  # normalised within the index
    declared_weight: str | None
    metrics: tuple[Metric, ...]
    aggregation: str  # arithmetic | geometric
    missing: str
    status: tuple[StatusBand, ...]
    description: str | None
    span: Span = _span_field()


@dataclass(frozen=True, slots=True)
class Rounding:
    digits: int = 1
    mode: str = "half_away_from_zero"  # or half_even


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    title: str | None
    version: str | None
    owner: str | None
    description: str | None
    period: str | None  # day | week | month | quarter | year
    by: tuple[str, ...] | None
    rounding: Rounding
    output_scale: tuple[float, float]
    status: tuple[StatusBand, ...]
    aggregation: str
    missing: str
    pillars: tuple[Pillar, ...]
    sources: tuple[Source, ...]
    is_card: bool
    spec_path: str
    span: Span = _span_field()

    def metrics(self) -> list[tuple[Pillar, Metric]]:
        return [(p, m) for p in self.pillars for m in p.metrics]

    def used_sources(self) -> list[Source]:
        """Sources read by at least one metric, in declaration order."""
        seen: dict[str, Source] = {}
        for _, metric in self.metrics():
            seen.setdefault(metric.source.name, metric.source)
        order = {s.name: i for i, s in enumerate(self.sources)}
        return sorted(seen.values(), key=lambda s: order.get(s.name, len(order)))
