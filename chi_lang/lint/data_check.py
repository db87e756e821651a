"""``chi-lang check --data``: do the sources exist, and do they have the named columns?

Reads as little as it can: a CSV/TSV header line, the first record of a JSON Lines
file; a JSON array file is only opened (JSON has no header to read).  Problems use
the data codes (CHI401 missing file, CHI403 empty, CHI404 unknown column, CHI402/407
unreadable), so `check --data` reports what `eval` would, before reading any rows.
"""

from __future__ import annotations

import difflib
from typing import Iterator

from .. import model as m
from ..codes import CODES
from ..diagnostics import DataError, Diagnostic
from ..sources import open_source


def _columns(expr: object) -> Iterator[m.ColumnRef]:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, m.ColumnRef):
            yield node
        elif isinstance(node, m.RowOp) or isinstance(node, m.ValueOp):
            stack.extend(reversed(node.args))
        elif isinstance(node, m.Aggregate):
            stack += [x for x in (node.where, node.arg) if x is not None]


def named_columns(index: m.Index, source: m.Source) -> list[m.ColumnRef]:
    """Every column the spec reads from ``source``, in spec order (first mention of each)."""
    refs: list[m.ColumnRef] = []
    for _, metric in index.metrics():
        if metric.source.name == source.name:
            refs += _columns(metric.where) if metric.where is not None else []
            refs += _columns(metric.value)
    if source.date_column is not None:
        refs.append(m.ColumnRef(source.date_column, "date", source.span))
    if index.by is not None and source.unit_column is not None:
        refs.append(m.ColumnRef(source.unit_column, "string", source.span))
    seen: dict[str, m.ColumnRef] = {}
    for ref in refs:
        seen.setdefault(ref.dotted, ref)
    return list(seen.values())


def check_data(index: m.Index) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for source in index.used_sources():
        try:
            table = open_source(source)
            header = table.header
            if source.format == "jsonl":
                next(table.rows, None)  # the first record: is it JSON at all?
        except DataError as error:
            found.append(error.diagnostic)
            continue
        close = getattr(table.rows, "close", None)
        if close is not None:
            close()
        if header is None:
            continue
        for ref in named_columns(index, source):
            if ref.dotted in header:
                continue
            guess = difflib.get_close_matches(ref.dotted, header, 1)
            shown = ", ".join(header[:12]) + (" ..." if len(header) > 12 else "")
            found.append(Diagnostic(
                "CHI404", CODES["CHI404"].severity,
                f"source `{source.name}` ({source.display_path}) has no column {ref.dotted!r}",
                ref.span or source.span,
                (f"did you mean {guess[0]!r}? " if guess else "") + f"available columns: {shown}",
            ))
    return found
