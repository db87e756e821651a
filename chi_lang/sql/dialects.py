"""The SQL dialects chi-lang compiles to, and what differs between them.

One expression tree is built for every dialect (``lower.py``); the few constructs
SQL dialects spell differently go through a ``Dialect`` object: period keys,
date differences, continuous percentiles, raising an error from a query, and
text ordering.  Everything else is written once with sqlglot expressions and
rendered per dialect by sqlglot (quoting, literal escaping, function names).

Assumptions every dialect shares (docs/sql.md): date columns hold UTC instants as
naive timestamps (TIMESTAMP / TIMESTAMP_NTZ / BigQuery TIMESTAMP); numbers are
DOUBLE; conditions are BOOLEAN (0/1 in SQLite).
"""

from __future__ import annotations

from sqlglot import exp

from . import build as b

PERIOD_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


class Dialect:
    """The defaults; subclasses override what their SQL spells differently."""

    name = ""
    sqlglot = ""
    summary = ""
    note = ""  # a line for the header comment of the compiled SQL
    reads_files = False  # DuckDB reads the source files itself; others read tables
    # How a continuous percentile is written: "aggregate" (the dialect has one) or
    # "window" (portable ROW_NUMBER interpolation, see lower.py).
    percentile_kind = "aggregate"
    # Caveats worth a CHI507 warning when a spec uses the construct.
    lower_upper_ascii_only = False
    date_diff_precision: str | None = None  # e.g. "milliseconds"
    table_types = {"number": "DOUBLE", "date": "TIMESTAMP", "bool": "BOOLEAN", "string": "VARCHAR"}

    # -- period keys ------------------------------------------------------------
    def period_key(self, moment: exp.Expression, period: str) -> exp.Expression:
        """The text key of a period: 'YYYY-MM-DD', 'YYYY-Www' (ISO), 'YYYY-MM', 'YYYY-Qn', 'YYYY'."""
        if period == "week":
            return self.week_key(moment)
        if period == "quarter":
            return b.concat(self.format_time(moment, "%Y"), b.string("-Q"), b.cast(self.quarter(moment), b.TEXT))
        return self.format_time(moment, PERIOD_FORMATS[period])

    def format_time(self, moment: exp.Expression, fmt: str) -> exp.Expression:
        return b.func("strftime", moment, b.string(fmt))

    def quarter(self, moment: exp.Expression) -> exp.Expression:
        return b.func("quarter", moment)

    def week_key(self, moment: exp.Expression) -> exp.Expression:
        return self.format_time(moment, "%G-W%V")

    # -- the rest -----------------------------------------------------------------
    def seconds_between(self, later: exp.Expression, earlier: exp.Expression) -> exp.Expression:
        """later - earlier in seconds, as DOUBLE."""
        raise NotImplementedError

    def raise_error(self, message: exp.Expression) -> exp.Expression:
        """An expression that fails the query with ``message`` when evaluated.

        ``message`` must not be a constant: some planners fold constant
        expressions even in CASE branches that are never taken.
        """
        raise NotImplementedError

    def percentile(self, value: exp.Expression, q: float) -> exp.Expression:
        """The continuous percentile (linear interpolation) aggregate."""
        return exp.WithinGroup(
            this=exp.PercentileCont(this=b.number(q)),
            expression=exp.Order(expressions=[exp.Ordered(this=value)]),
        )

    def sort_text(self, value: exp.Expression) -> exp.Expression:
        """Text ordered by code point, as the python engine sorts."""
        return value

    def is_finite(self, value: exp.Expression) -> exp.Expression:
        """True unless the value is infinite or NaN (NULL stays NULL)."""
        # Portable: NaN is not equal to itself; infinities are beyond the largest double.
        return b.and_(b.eq(value, value.copy()), b.lte(b.func("abs", value.copy()), b.number(1.7976931348623157e308)))

    def table_type(self, kind: str) -> str:
        return self.table_types[kind]

    def nulls_first(self) -> bool:
        """Whether the dialect sorts NULLs first in an ascending ORDER BY."""
        from sqlglot.dialects.dialect import Dialect as SqlglotDialect

        return SqlglotDialect.get_or_raise(self.sqlglot).NULL_ORDERING == "nulls_are_small"


class DuckDB(Dialect):
    name = sqlglot = "duckdb"
    summary = "DuckDB: reads the source files itself (read_csv / read_json); chi-lang's fast engine"
    reads_files = True

    def seconds_between(self, later, earlier):
        # Whole microseconds (BIGINT), then seconds: exact, as python's total_seconds().
        # epoch() would give seconds since 1970 as a DOUBLE (~1.7e9), which keeps only
        # about 0.2 µs: 4e-8 of a 3-second difference.
        micros = b.sub(b.func("epoch_us", later), b.func("epoch_us", earlier))
        return b.div(b.cast(micros, b.DOUBLE), b.double(1_000_000))

    def raise_error(self, message):
        return b.func("error", message)

    def is_finite(self, value):
        return b.func("isfinite", value)

    def percentile(self, value, q):
        return b.func("quantile_cont", value, b.number(q))


class SQLite(Dialect):
    name = sqlglot = "sqlite"
    summary = "SQLite 3.25+ (window functions); dates are ISO text, booleans 0/1"
    percentile_kind = "window"
    lower_upper_ascii_only = True
    table_types = {"number": "REAL", "date": "TEXT", "bool": "INTEGER", "string": "TEXT"}

    def quarter(self, moment):
        month = b.cast(b.func("strftime", b.string("%m"), moment), "INTEGER")
        # Integer division is wanted here: months 1-3 → 1, ...
        return exp.Div(this=b.paren(b.add(month, b.number(2))), expression=b.number(3), typed=True)

    def format_time(self, moment, fmt):
        return b.func("strftime", b.string(fmt), moment)

    def week_key(self, moment):
        # The ISO week is the week of the Thursday in the same Monday-to-Sunday week
        # (SQLite before 3.46 has no %G/%V).
        weekday = b.cast(b.func("strftime", b.string("%w"), moment), "INTEGER")  # 0 = Sunday
        back = exp.Mod(this=b.paren(b.add(weekday, b.number(6))), expression=b.number(7))  # days since Monday
        thursday = b.func("date", moment, b.concat(b.string("-"), b.paren(back), b.string(" days")), b.string("+3 days"))
        day_of_year = b.cast(b.func("strftime", b.string("%j"), thursday), "INTEGER")
        week = b.add(exp.Div(this=b.paren(b.sub(day_of_year, b.number(1))), expression=b.number(7), typed=True), b.number(1))
        return b.concat(b.func("strftime", b.string("%Y"), thursday.copy()), b.string("-W"),
                        b.func("printf", b.string("%02d"), week))

    def seconds_between(self, later, earlier):
        # Whole microseconds as an INTEGER, then seconds: exact, as python's
        # total_seconds().  SQLite's own date functions keep milliseconds only
        # (julianday() even less: a day number near 2.46e6 keeps ~40 µs), so the
        # whole seconds come from strftime('%s') and the microseconds from the text.
        micros = b.add(b.mul(b.paren(b.sub(self._whole_seconds(later), self._whole_seconds(earlier))),
                             b.number(1_000_000)),
                       b.paren(b.sub(self._microseconds(later.copy()), self._microseconds(earlier.copy()))))
        return b.div(b.cast(micros, "REAL"), b.double(1_000_000))

    @staticmethod
    def _has_fraction(moment):
        """The text writes a fraction of a second: 'YYYY-MM-DD HH:MM:SS.f...' ('.' at 20)."""
        return b.and_(b.eq(_substr(moment, 17, 1), b.string(":")),
                      b.eq(_substr(moment.copy(), 20, 1), b.string(".")))

    def _whole_seconds(self, moment):
        """Seconds since 1970 of the text without its fraction (an offset after it is kept).

        strftime('%s') of the whole text would round it to the millisecond first
        (09:59:59.999999 reads as 10:00:00)."""
        after = _substr(moment.copy(), 21)
        without = b.concat(_substr(moment.copy(), 1, 19),
                           b.func("ltrim", after, b.string("0123456789")))
        text = b.case([(self._has_fraction(moment.copy()), without)], moment.copy())
        return b.cast(b.func("strftime", b.string("%s"), text), "INTEGER")

    def _microseconds(self, moment):
        """The fraction of the second the text writes ('.5', '.123456', then maybe an
        offset), in whole microseconds; 0 without one."""
        digits = b.concat(b.string("0."), _substr(moment.copy(), 21, 6))
        fraction = b.cast(digits, "REAL")  # SQLite reads the number at the start: '0.5Z' is 0.5
        micros = b.cast(exp.Round(this=b.mul(fraction, b.number(1_000_000))), "INTEGER")
        return b.case([(self._has_fraction(moment), micros)], b.number(0))

    def raise_error(self, message):
        # SQLite cannot raise from a SELECT; an invalid JSON path fails the query and
        # the error text quotes the path: "JSON path error near 'chi-lang ...'".
        return b.func("json_extract", b.string("{}"), message)

    def percentile(self, value, q):  # pragma: no cover - window fallback used
        raise NotImplementedError


class PostgreSQL(Dialect):
    name = "postgres"
    sqlglot = "postgres"
    summary = "PostgreSQL 12+"
    note = "PostgreSQL: run with SET jit = off; compiling this long statement costs more than running it."
    table_types = {"number": "DOUBLE PRECISION", "date": "TIMESTAMP", "bool": "BOOLEAN", "string": "TEXT"}

    def format_time(self, moment, fmt):
        pattern = {"%Y-%m-%d": "YYYY-MM-DD", "%Y-%m": "YYYY-MM", "%Y": "YYYY"}[fmt]
        return b.func("to_char", moment, b.string(pattern))

    def week_key(self, moment):
        return b.func("to_char", moment, b.string('IYYY-"W"IW'))

    def period_key(self, moment, period):
        if period == "quarter":
            return b.func("to_char", moment, b.string('YYYY-"Q"Q'))
        return super().period_key(moment, period)

    def seconds_between(self, later, earlier):
        return b.cast(exp.Extract(this=exp.Var(this="EPOCH"), expression=b.sub(later, earlier)), b.DOUBLE)

    def raise_error(self, message):
        # No RAISE in a query: a failed cast stops it and quotes the text.
        return b.cast(message, "INTEGER")

    def is_finite(self, value):
        # PostgreSQL's NaN equals itself; compare with the special values instead.
        specials = [b.cast(b.string(v), b.DOUBLE) for v in ("NaN", "Infinity", "-Infinity")]
        return b.not_(b.in_(value, specials))

    def sort_text(self, value):
        return exp.Collate(this=value, expression=exp.Identifier(this="C", quoted=True))


class BigQuery(Dialect):
    name = sqlglot = "bigquery"
    summary = "Google BigQuery (GoogleSQL); dates are TIMESTAMP (UTC)"
    percentile_kind = "window"  # PERCENTILE_CONT is analytic-only in BigQuery
    table_types = {"number": "FLOAT64", "date": "TIMESTAMP", "bool": "BOOL", "string": "STRING"}

    def format_time(self, moment, fmt):
        return b.func("FORMAT_TIMESTAMP", b.string(fmt), moment)

    def period_key(self, moment, period):
        if period == "quarter":
            return b.func("FORMAT_TIMESTAMP", b.string("%Y-Q%Q"), moment)
        return super().period_key(moment, period)

    def seconds_between(self, later, earlier):
        micros = b.func("TIMESTAMP_DIFF", later, earlier, exp.Var(this="MICROSECOND"))
        return b.div(b.cast(micros, b.DOUBLE), b.double(1_000_000))

    def raise_error(self, message):
        return b.func("ERROR", message)

    def is_finite(self, value):
        return b.not_(b.or_(b.func("IS_NAN", value), b.func("IS_INF", value.copy())))


class Snowflake(Dialect):
    name = sqlglot = "snowflake"
    summary = "Snowflake; dates are TIMESTAMP_NTZ holding UTC"
    table_types = {"number": "DOUBLE", "date": "TIMESTAMP_NTZ", "bool": "BOOLEAN", "string": "VARCHAR"}

    def format_time(self, moment, fmt):
        pattern = {"%Y-%m-%d": "YYYY-MM-DD", "%Y-%m": "YYYY-MM", "%Y": "YYYY"}[fmt]
        return b.func("TO_CHAR", moment, b.string(pattern))

    def quarter(self, moment):
        return b.func("QUARTER", moment)

    def week_key(self, moment):
        week = b.func("LPAD", b.cast(b.func("WEEKISO", moment), b.TEXT), b.number(2), b.string("0"))
        return b.concat(b.cast(b.func("YEAROFWEEKISO", moment.copy()), b.TEXT), b.string("-W"), week)

    def seconds_between(self, later, earlier):
        micros = b.func("DATEDIFF", exp.Var(this="microsecond"), earlier, later)
        return b.div(b.cast(micros, b.DOUBLE), b.double(1_000_000))

    def raise_error(self, message):
        # No RAISE in a query: a failed cast stops it ("Numeric value '...' is not recognized").
        return b.cast(message, "INTEGER")

    def is_finite(self, value):
        # Snowflake's NaN equals itself; compare with the special values instead.
        specials = [b.cast(b.string(v), b.DOUBLE) for v in ("NaN", "inf", "-inf")]
        return b.not_(b.in_(value, specials))


class Spark(Dialect):
    name = sqlglot = "spark"
    summary = "Spark SQL 3.1+ (Databricks); run with spark.sql.session.timeZone=UTC"
    note = "Spark: run with spark.sql.session.timeZone=UTC so periods are UTC periods."
    table_types = {"number": "DOUBLE", "date": "TIMESTAMP", "bool": "BOOLEAN", "string": "STRING"}

    def format_time(self, moment, fmt):
        pattern = {"%Y-%m-%d": "yyyy-MM-dd", "%Y-%m": "yyyy-MM", "%Y": "yyyy"}[fmt]
        return b.func("date_format", moment, b.string(pattern))

    def week_key(self, moment):
        year = exp.Extract(this=exp.Var(this="YEAROFWEEK"), expression=moment)
        week = exp.Extract(this=exp.Var(this="WEEK"), expression=moment.copy())
        return b.concat(b.cast(year, b.TEXT), b.string("-W"),
                        b.func("lpad", b.cast(week, b.TEXT), b.number(2), b.string("0")))

    def seconds_between(self, later, earlier):
        micros = b.sub(b.func("unix_micros", later), b.func("unix_micros", earlier))
        return b.div(b.cast(micros, b.DOUBLE), b.double(1_000_000))

    def raise_error(self, message):
        return b.func("raise_error", message)

    def is_finite(self, value):
        # Spark's NaN equals itself: isnan() it is.
        return b.and_(b.not_(b.func("isnan", value)),
                      b.lte(b.func("abs", value.copy()), b.number(1.7976931348623157e308)))

    def percentile(self, value, q):
        # Spark's percentile() is exact, with linear interpolation like PERCENTILE_CONT.
        return b.func("percentile", value, b.number(q))


class Databricks(Spark):
    name = sqlglot = "databricks"
    summary = "Databricks SQL (Spark semantics)"


class Trino(Dialect):
    name = sqlglot = "trino"
    summary = "Trino / Presto; timestamps at millisecond precision"
    percentile_kind = "window"  # Trino has only approx_percentile
    date_diff_precision = "milliseconds"

    def format_time(self, moment, fmt):
        return b.func("date_format", moment, b.string(fmt))

    def week_key(self, moment):
        week = b.func("lpad", b.cast(b.func("week", moment), b.TEXT), b.number(2), b.string("0"))
        return b.concat(b.cast(b.func("year_of_week", moment.copy()), b.TEXT), b.string("-W"), week)

    def seconds_between(self, later, earlier):
        millis = b.func("date_diff", b.string("millisecond"), earlier, later)
        return b.div(b.cast(millis, b.DOUBLE), b.double(1000))

    def raise_error(self, message):
        return b.func("fail", message)

    def is_finite(self, value):
        return b.func("is_finite", value)


def _substr(text: exp.Expression, start: int, length: int | None = None) -> exp.Expression:
    """substr() as SQLite spells it (SUBSTRING needs SQLite 3.34)."""
    return b.func("substr", text, b.number(start), *([b.number(length)] if length is not None else []))


DIALECTS: dict[str, Dialect] = {
    d.name: d for d in (DuckDB(), SQLite(), PostgreSQL(), BigQuery(), Snowflake(), Spark(), Databricks(), Trino())
}
ALIASES = {"postgresql": "postgres", "pg": "postgres", "presto": "trino", "sparksql": "spark"}
# The dialects the issue names; every spec must compile for all of them.
MAIN_DIALECTS = ("duckdb", "sqlite", "postgres", "bigquery", "snowflake", "spark", "trino")


def get_dialect(name: str) -> Dialect | None:
    key = name.strip().lower()
    return DIALECTS.get(ALIASES.get(key, key))
