"""The long result table as CSV, JSON and an aligned text table."""

from __future__ import annotations

import csv
import io
import json
import re

from ..display import display_score, round_display, to_output_scale
from ..model import Index
from ..results import COLUMNS, Evaluation


def _number(value: float | None) -> str:
    """Full precision, shortest round-trip text; empty for no data."""
    if value is None:
        return ""
    return repr(float(value))


class UnwritableCsv(Exception):
    """A text value CSV cannot carry: a NUL character (see to_csv)."""

    def __init__(self, column: str, value: str, row) -> None:
        super().__init__(f"{column} {value!r}")
        self.column = column  # "unit", "pillar" or "metric"
        self.value = value
        self.row = row


def to_csv(evaluation: Evaluation) -> str:
    """The long table as RFC 4180 CSV; raises UnwritableCsv for a NUL in a name or unit.

    Commas, quotes and line breaks are quoted by the csv module.  A NUL character
    cannot be carried: many CSV readers stop at it or refuse the file, and no
    escape exists in CSV.  Rather than alter a name, the writer refuses (the
    commands report CHI508; JSON output escapes it as \\u0000).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in evaluation.rows:
        values = row.as_tuple()
        for column, value in zip(COLUMNS, values):
            if isinstance(value, str) and "\x00" in value:
                raise UnwritableCsv(column, value, row)
        writer.writerow(
            ["" if v is None else (_number(v) if isinstance(v, float) else v) for v in values]
        )
    return buffer.getvalue()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(name: str) -> str:
    """A name for the terminal table: control characters shown as escapes, never sent raw."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], name)


def to_json(index: Index, evaluation: Evaluation) -> str:
    document = {
        "index": index.name,
        "version": index.version,
        "engine": evaluation.engine,
        "period": index.period,
        "by": ".".join(index.by) if index.by else None,
        "output_scale": list(index.output_scale),
        "rows": [dict(zip(COLUMNS, row.as_tuple())) for row in evaluation.rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _contribution(index: Index, row) -> str:
    """A contribution on the output scale with the display rounding, like the scores.

    effective weight × score on the output scale; these add up to the index as
    shown, because effective weights sum to 1.
    """
    if row.contribution is None or row.score is None:
        return ""
    scaled = to_output_scale(row.score, index.output_scale)
    return round_display(row.effective_weight * scaled, index.rounding)


def to_table(index: Index, evaluation: Evaluation) -> str:
    """A human table: one block per period/unit, indented index → pillar → metric."""
    lines: list[str] = []
    header = ("", "raw", "score", "weight", "eff.weight", "contrib.", "coverage", "status")
    body: list[tuple[str, ...]] = []
    current = None
    for row in evaluation.rows:
        cell = (row.period, row.unit)
        if cell != current:
            current = cell
            title = " / ".join(_visible(x) for x in cell if x is not None)
            if title:
                body.append((f"[{title}]",) + ("",) * 7)
        if row.level == "index":
            name = _visible(index.name)
        elif row.level == "pillar":
            name = "  " + _visible(row.pillar)
        else:
            name = "    " + _visible(row.metric)
        body.append((
            name,
            "" if row.raw_value is None else f"{row.raw_value:.6g}",
            display_score(index, row.score),
            f"{row.weight:.4g}",
            f"{row.effective_weight:.4g}",
            _contribution(index, row),
            f"{row.coverage:.0%}",
            row.status or "",
        ))
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]
    for r in [header] + body:
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines) + "\n"
