"""The resolved model back to short spec-like text, for diffs and reports.

Not a formatter: it prints what a part *means* after resolution (normalised
weights, defaulted columns), in the language's own notation, so two specs that mean
the same print the same.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction

from .. import model as m
from ..weights import format_percent

_BARE = re.compile(r"^[^\W\d]\w*$")
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
               "in": 4, "not_in": 4, "contains": 4, "is_missing": 4, "is_not_missing": 4,
               "+": 5, "-": 5, "date_diff": 5, "*": 6, "/": 6, "neg": 7}
_SYMBOL = {"==": "=", "date_diff": "-"}


def number(value: float | None) -> str:
    """Shortest text that reads back as the same float: 0.5, 48, 1e-06."""
    if value is None:
        return "missing"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def weight(value: Fraction) -> str:
    """An exact weight: ``35%``, or ``1/3 (≈33.3333%)`` when it has no finite decimal."""
    denominator = (value * 100).denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:  # a finite decimal percentage says it exactly
        return format_percent(value)
    return f"{value.numerator}/{value.denominator} ({format_percent(value)})"


def column(ref: m.ColumnRef) -> str:
    if all(_BARE.match(part) for part in ref.path):
        return ref.dotted
    return "`" + ref.dotted + "`"


def row(expr: m.RowExpr | None, parent: int = 0) -> str:
    if expr is None:
        return ""
    if isinstance(expr, m.ColumnRef):
        return column(expr)
    if isinstance(expr, m.Const):
        if expr.kind == "number":
            return number(expr.value)
        if expr.kind == "string":
            return json.dumps(expr.value, ensure_ascii=False)
        if expr.kind == "bool":
            return "true" if expr.value else "false"
        return "missing"
    op = expr.op
    level = _PRECEDENCE.get(op, 8)
    args = expr.args
    if op in ("not", "neg"):
        text = ("not " if op == "not" else "-") + row(args[0], level)
    elif op in ("is_missing", "is_not_missing"):
        text = row(args[0], level) + (" is missing" if op == "is_missing" else " is not missing")
    elif op in ("in", "not_in"):
        items = ", ".join(row(a) for a in args[1:])
        text = f"{row(args[0], level)} {'in' if op == 'in' else 'not in'} [{items}]"
    elif op in _PRECEDENCE:
        symbol = _SYMBOL.get(op, op)
        text = f"{row(args[0], level)} {symbol} {row(args[1], level + 1)}"
    else:  # a row function: hours(...), lower(...)
        return f"{op}({', '.join(row(a) for a in args)})"
    return f"({text})" if level < parent else text


def value(expr: m.ValueExpr, parent: int = 0) -> str:
    if isinstance(expr, m.ValueConst):
        return number(expr.value)
    if isinstance(expr, m.Aggregate):
        return aggregate(expr)
    level = _PRECEDENCE[expr.op]
    if expr.op == "neg":
        text = "-" + value(expr.args[0], level)
    else:
        text = f"{value(expr.args[0], level)} {expr.op} {value(expr.args[1], level + 1)}"
    return f"({text})" if level < parent else text


def aggregate(node: m.Aggregate) -> str:
    where = f"where {row(node.where)}" if node.where is not None else ""
    if node.func == "share":
        return f"share({where})"
    parts = []
    if node.arg is not None:
        parts.append(row(node.arg))
    if node.func == "percentile" and node.q is not None:
        parts.append(number(float(node.q * 100)))
    inner = ", ".join(parts)
    if where:
        inner = f"{inner} {where}" if inner else where
    return f"{node.func}({inner})"


def normalisation(norm: m.Normalisation) -> str:
    kind = norm.kind
    if kind == "scale":
        text = f"scale {number(norm.low)}..{number(norm.high)}"
        if norm.log:
            text = "log " + text
    elif kind == "target":
        text = f"target {number(norm.target)}"
    elif kind == "bands":
        bands = []
        for band in norm.bands:
            if band.op is None:
                bands.append(f"else {number(band.score)}")
            else:
                bands.append(f"{band.op} {number(band.threshold)} -> {number(band.score)}")
        text = "bands { " + ", ".join(bands) + " }"
    else:
        text = kind
    if norm.lower_is_better and kind not in ("none", "percent", "bands"):
        text += " lower_is_better"
    return text


def status(bands: tuple[m.StatusBand, ...]) -> str:
    if not bands:
        return "none"
    parts = []
    for band in bands:
        label = json.dumps(band.label, ensure_ascii=False)
        parts.append(f"else {label}" if band.op is None else f"{band.op} {number(band.threshold)} {label}")
    return "{ " + ", ".join(parts) + " }"


def source(src: m.Source) -> str:
    """The file and the options that change how it is read."""
    options = []
    if src.date_column:
        options.append("date " + ".".join(src.date_column))
    if src.date_format:
        options.append(f"date_format {json.dumps(src.date_format)}")
    if src.format not in ("csv",):
        options.append(f"format {src.format}")
    if src.delimiter not in (",", "\t"):
        options.append(f"delimiter {json.dumps(src.delimiter)}")
    if src.decimal != ".":
        options.append(f"decimal {json.dumps(src.decimal)}")
    if src.thousands:
        options.append(f"thousands {json.dumps(src.thousands)}")
    if src.encoding not in ("utf-8",):
        options.append(f"encoding {json.dumps(src.encoding)}")
    if src.missing_values:
        options.append("missing_values [" + ", ".join(json.dumps(v, ensure_ascii=False) for v in src.missing_values) + "]")
    if src.unit_column:
        options.append("unit " + ".".join(src.unit_column))
    if src.skip_footer:
        options.append(f"skip_footer {src.skip_footer}")
    text = json.dumps(src.display_path, ensure_ascii=False)
    return text + (" { " + "  ".join(options) + " }" if options else "")
