"""The long result table as CSV, JSON and an aligned text table."""

from __future__ import annotations

import csv
import io
import json

from ..display import display_score, round_display, to_output_scale
from ..model import Index
from ..results import COLUMNS, Evaluation


def _number(value: float | None) -> str:
    """Full precision, shortest round-trip text; empty for no data."""
    if value is None:
        return ""
    return repr(float(value))


def to_csv(evaluation: Evaluation) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in evaluation.rows:
        values = row.as_tuple()
        writer.writerow(
            ["" if v is None else (_number(v) if isinstance(v, float) else v) for v in values]
        )
    return buffer.getvalue()


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
            title = " / ".join(x for x in cell if x is not None)
            if title:
                body.append((f"[{title}]",) + ("",) * 7)
        if row.level == "index":
            name = index.name
        elif row.level == "pillar":
            name = "  " + row.pillar
        else:
            name = "    " + row.metric
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
