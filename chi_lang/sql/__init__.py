"""The SQL back-end: a resolved spec → one standalone SQL statement per dialect.

``compile_index`` is the entry point (``chi-lang compile`` and the DuckDB engine
use it).  The pipeline is: decide how each source is read (``accesses``: DuckDB
reads files, other dialects read tables) → ``lower.lower_index`` builds the sqlglot
tree → ``emit.emit`` writes it for the dialect.  Problems are diagnostics
(CHI502-CHI507), never SQL that fails when run.

sqlglot is imported here and below only: ``chi-lang check`` never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import DataError, DiagnosticBag
from .dialects import DIALECTS, MAIN_DIALECTS, Dialect, get_dialect


@dataclass(frozen=True)
class CompileOptions:
    tables: dict[str, str] = field(default_factory=dict)  # source name → "schema.table" (see table_parts)
    absolute_paths: bool = False


TABLE_FORMS = 'table, schema.table or catalog.schema.table, each part plain or in double quotes ("x y")'


def table_parts(text: str) -> list[tuple[str, bool]]:
    """``[catalog.][schema.]table`` as (name, quoted) parts; ValueError says what is wrong.

    A part in double quotes is a name exactly as written: it may hold dots and
    spaces, and ``""`` inside is one ``"`` (``"My.Schema"."say ""hi"" here"``).  Plain
    parts are quoted in the SQL only where needed, as every name chi-lang writes.
    """
    parts: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':
            name, i = [], i + 1
            while True:
                if i >= n:
                    raise ValueError(f"a double quote is not closed in {text!r}")
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        name.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                name.append(text[i])
                i += 1
            if not name:
                raise ValueError(f'an empty quoted name "" in {text!r}')
            if i < n and text[i] != ".":
                raise ValueError(f"unexpected {text[i]!r} after a quoted name in {text!r}")
            parts.append(("".join(name), True))
        else:
            end = text.find(".", i)
            end = n if end < 0 else end
            name = text[i:end].strip()
            if not name:
                raise ValueError(f"an empty name in {text!r}" if text.strip() else "no table named")
            if '"' in name:
                raise ValueError(f"a double quote inside the name {name!r}; quote the whole part: \"...\"")
            parts.append((name, False))
            i = end
        if i >= n:
            break
        i += 1  # the dot
        if i >= n:
            raise ValueError(f"an empty name after the last dot in {text!r}")
    if len(parts) > 3:
        raise ValueError(f"{len(parts)} parts in {text!r}; at most catalog.schema.table")
    return parts


@dataclass(frozen=True)
class Compiled:
    sql: str
    dialect: Dialect
    lowered: object  # lower.Lowered
    accesses: dict


def compile_index(index: m.Index, dialect_name: str, bag: DiagnosticBag,
                  options: CompileOptions | None = None) -> Compiled | None:
    """Compile for one dialect; None (with diagnostics in ``bag``) when it cannot."""
    from .emit import Unsupported, emit
    from .lower import lower_index

    options = options or CompileOptions()
    dialect = get_dialect(dialect_name)
    if dialect is None:
        import difflib

        close = difflib.get_close_matches(dialect_name.lower(), list(DIALECTS), 1)
        bag.add("CHI503", f"unknown SQL dialect {dialect_name!r}", None,
                (f"did you mean {close[0]!r}? " if close else "") + "dialects: " + ", ".join(DIALECTS))
        return None
    accesses = source_accesses(index, dialect, options, bag)
    if accesses is None or bag.has_errors:
        return None
    if not check_dialect(index, dialect, accesses, bag):
        return None
    lowered = lower_index(index, dialect, accesses)
    try:
        text = emit(index, dialect, lowered, accesses)
    except Unsupported as error:
        bag.add("CHI502", f"the {dialect.name} dialect cannot express this spec: {error}", index.span,
                "use another dialect, or report the construct so chi-lang can write it another way")
        return None
    return Compiled(text, dialect, lowered, accesses)


def source_accesses(index: m.Index, dialect: Dialect, options: CompileOptions, bag: DiagnosticBag,
                    staged: dict | None = None) -> dict | None:
    """How each used source is read: a table (with --table overrides) or, in DuckDB, its file."""
    from sqlglot import exp

    from .build import ident
    from .reading import DUCKDB_ENCODINGS, FileAccess, TableAccess

    used = {s.name: s for s in index.used_sources()}
    declared = {s.name for s in index.sources}
    for name, target in options.tables.items():
        if name not in declared:
            import difflib

            close = difflib.get_close_matches(name, sorted(declared), 1)
            bag.add("CHI504", f"--table names source {name!r}, which the spec does not declare", None,
                    (f"did you mean {close[0]!r}? " if close else "") + "sources: " + ", ".join(sorted(declared)))
        else:
            try:
                table_parts(target)
            except ValueError as error:
                bag.add("CHI504", f"--table {name}={target}: {error}", None, f"TABLE is {TABLE_FORMS}")
    if bag.has_errors:
        return None
    accesses: dict = {}
    for name, source in used.items():
        if staged and name in staged:
            accesses[name] = staged[name]
            continue
        if name in options.tables or not dialect.reads_files:
            parts = [ident(part, force_quote=quoted) for part, quoted in table_parts(options.tables[name])] \
                if name in options.tables else [ident(name)]
            table = exp.Table(this=parts[-1], db=parts[-2] if len(parts) > 1 else None,
                              catalog=parts[-3] if len(parts) > 2 else None)
            accesses[name] = TableAccess(table)
            continue
        reasons = []
        if source.skip_footer:
            reasons.append("skip_footer (read_csv cannot drop trailing lines)")
        if source.encoding not in DUCKDB_ENCODINGS:
            reasons.append(f"encoding {source.encoding!r} (DuckDB reads utf-8, latin-1 and utf-16)")
        if reasons:
            metrics = [x.name for _, x in index.metrics() if x.source.name == name]
            bag.add("CHI502", f"the duckdb dialect cannot read source `{name}` as declared: {'; '.join(reasons)}",
                    source.span, "metrics reading it: " + ", ".join(f"`{x}`" for x in metrics)
                    + f"; load it into a table and pass --table {name}=TABLE, or use `chi-lang eval`")
            continue
        header: tuple[str, ...] = ()
        if source.format in ("csv", "tsv"):
            header = read_header(source, bag)
            if header is None:
                continue
            if not _columns_present(index, source, header, bag):
                continue
        path = str(source.path) if options.absolute_paths or Path(source.display_path).is_absolute() \
            else source.display_path
        accesses[name] = FileAccess(path, "csv" if source.format == "tsv" else source.format, source.delimiter,
                                    DUCKDB_ENCODINGS[source.encoding], header)
    return None if bag.has_errors else accesses


def read_header(source: m.Source, bag: DiagnosticBag) -> tuple[str, ...] | None:
    """The CSV header as the python reader sees it (stripped names), or None with a diagnostic."""
    from ..sources import open_source

    try:
        table = open_source(source)
    except DataError as error:
        bag.extend([error.diagnostic])
        return None
    try:
        return tuple(table.header or ())
    finally:
        close = getattr(table.rows, "close", None)
        if close:
            close()


def _columns_present(index: m.Index, source: m.Source, header: tuple[str, ...], bag: DiagnosticBag) -> bool:
    import difflib

    from .schema import row_columns
    from .. import model as mm

    refs: list[mm.ColumnRef] = []
    if index.period and source.date_column:
        refs.append(mm.ColumnRef(source.date_column, "date"))
    if index.by and source.unit_column:
        refs.append(mm.ColumnRef(source.unit_column, "string"))
    for _, metric in index.metrics():
        if metric.source.name == source.name:
            refs += row_columns(metric.where) + row_columns(metric.value)
    ok = True
    reported: set[str] = set()
    for ref in refs:
        if ref.dotted in header or ref.dotted in reported:
            continue
        reported.add(ref.dotted)
        close = difflib.get_close_matches(ref.dotted, list(header), 1)
        bag.add("CHI404", f"source `{source.name}` has no column {ref.dotted!r}", ref.span or source.span,
                (f"did you mean {close[0]!r}? " if close else "") + "available columns: "
                + ", ".join(repr(c) for c in header[:30]) + (" ..." if len(header) > 30 else ""))
        ok = False
    return ok


def check_dialect(index: m.Index, dialect: Dialect, accesses: dict, bag: DiagnosticBag) -> bool:
    """Constructs a dialect cannot express (errors) or expresses with a caveat (warnings)."""
    from .reading import TableAccess
    from .schema import row_columns, source_columns

    ok = True
    for source in index.used_sources():
        if not isinstance(accesses.get(source.name), TableAccess):
            continue
        for dotted, kind, casts in source_columns(index, source).table_columns():
            if kind is None:
                metrics = [x.name for _, x in index.metrics() if x.source.name == source.name
                           and any(r.dotted == dotted for r in row_columns(x.where) + row_columns(x.value))]
                bag.add("CHI505", f"column `{dotted}` of source `{source.name}` is read as "
                        + " and as ".join(sorted({c for c in casts if c != 'any'}))
                        + f"; a table column has one type ({dialect.name})",
                        source.span, "metrics using it: " + ", ".join(f"`{x}`" for x in metrics)
                        + "; read it one way, or use the duckdb dialect, which converts each use")
                ok = False
    for source in index.used_sources():
        if not isinstance(accesses.get(source.name), TableAccess) or not source.missing_values:
            continue
        for dotted, kind, casts in source_columns(index, source).table_columns():
            if "any" in casts and kind in ("number", "date", "bool"):
                bag.add("CHI507", f"column `{dotted}` of source `{source.name}` is read as {kind} and also as is "
                        f"(count, count_distinct or `is missing`); in a {dialect.name} table its missing-value "
                        "tokens are NULL, so those uses skip them where the python engine counts them as text",
                        source.span, "results differ only for cells holding a missing-value token")
    ops = _row_ops(index)
    if dialect.date_diff_precision and ops & {"date_diff"}:
        bag.add("CHI507", f"{dialect.name} measures date differences to the {dialect.date_diff_precision[:-1]}",
                index.span, "results differ only when timestamps carry finer fractions of a second")
    return ok


def _row_ops(index: m.Index) -> set[str]:
    found: set[str] = set()

    def walk(expr) -> None:
        if isinstance(expr, m.RowOp):
            found.add(expr.op)
            for arg in expr.args:
                walk(arg)
        elif isinstance(expr, m.Aggregate):
            walk(expr.arg)
            walk(expr.where)
        elif isinstance(expr, m.ValueOp):
            for arg in expr.args:
                walk(arg)

    for _, metric in index.metrics():
        walk(metric.where)
        walk(metric.value)
    return found


__all__ = ["CompileOptions", "Compiled", "compile_index", "DIALECTS", "MAIN_DIALECTS", "get_dialect", "table_parts",
           "TABLE_FORMS"]
