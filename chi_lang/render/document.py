"""The scorecard as a JSON document (``--format json`` and the HTML's data block).

Its shape is ``docs/scorecard.schema.json``.  Strict JSON: never NaN or Infinity;
a score with no data is ``null`` and says so in ``status: "no data"``.  Keys come
in a fixed order and lists in spec order, so the text is byte-identical per input.
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable

from .. import __version__
from .. import model as m
from ..results import Evaluation, ResultRow
from . import formatting as fmt

FORMAT = "chi-lang-scorecard"
FORMAT_VERSION = 1


def _num(value: float | None) -> float | None:
    """A finite float or None: JSON has no NaN/Infinity and neither do we."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _bands(bands: tuple[m.StatusBand, ...]) -> list[dict[str, Any]]:
    return [{"op": b.op, "threshold": _num(b.threshold), "label": b.label} for b in bands]


def _normalisation(metric: m.Metric) -> dict[str, Any]:
    norm = metric.normalisation
    out: dict[str, Any] = {"kind": norm.kind, "words": fmt.normalisation_words(metric),
                           "lower_is_better": norm.lower_is_better}
    if norm.kind == "scale":
        out.update(low=_num(norm.low), high=_num(norm.high), log=norm.log)
    elif norm.kind == "target":
        out["target"] = _num(norm.target)
    elif norm.kind == "bands":
        out["bands"] = [{"op": b.op, "threshold": _num(b.threshold), "score": _num(b.score)} for b in norm.bands]
    return out


def definition(index: m.Index) -> dict[str, Any]:
    """What the spec says, independent of data."""
    return {
        "name": index.name,
        "title": index.title,
        "version": index.version,
        "owner": index.owner,
        "description": index.description,
        "period": index.period,
        "by": ".".join(index.by) if index.by else None,
        "output_scale": [_num(index.output_scale[0]), _num(index.output_scale[1])],
        "rounding": {"digits": index.rounding.digits, "mode": index.rounding.mode},
        "aggregation": index.aggregation,
        "missing": index.missing,
        "status_bands": _bands(index.status),
        "pillars": [
            {
                "name": pillar.name,
                "weight": _num(float(pillar.weight)),
                "weight_display": fmt.weight_percent(pillar.weight),
                "description": pillar.description,
                "aggregation": pillar.aggregation,
                "missing": pillar.missing,
                "status_bands": _bands(pillar.status),
                "metrics": [
                    {
                        "name": metric.name,
                        "weight": _num(float(metric.weight)),
                        "weight_display": fmt.weight_percent(metric.weight),
                        "unit": metric.unit,
                        "description": metric.description,
                        "source": metric.source.name,
                        "missing": metric.missing,
                        "normalisation": _normalisation(metric),
                    }
                    for metric in pillar.metrics
                ],
            }
            for pillar in index.pillars
        ],
    }


def _scored(index: m.Index, row: ResultRow | None, banded: bool) -> dict[str, Any]:
    """score (0-100, unrounded), value (output scale), display (rounded text), status."""
    score = _num(row.score) if row is not None else None
    if score is None:
        return {"score": None, "value": None, "display": None, "status": fmt.NO_DATA}
    return {
        "score": score,
        "value": _num(fmt.scaled(index, score)),
        "display": fmt.score(index, score),
        "status": row.status if banded else None,
    }


Cell = tuple[str | None, str | None]


def results(index: m.Index, evaluation: Evaluation, cells: Iterable[Cell],
            metric_cells: set[Cell] | None = None) -> list[dict[str, Any]]:
    """One entry per (period, unit): index, pillars and their metrics (for every
    cell, or only for ``metric_cells`` when given)."""
    rows: dict[tuple, ResultRow] = {}
    for row in evaluation.rows:
        rows[(row.period, row.unit, row.level, row.pillar, row.metric)] = row
    out = []
    for period, unit in cells:
        top = rows.get((period, unit, "index", None, None))
        if top is None:
            continue
        entry: dict[str, Any] = {"period": period, "unit": unit, "index": {
            **_scored(index, top, True), "coverage": _num(top.coverage)}}
        pillars = []
        for pillar in index.pillars:
            prow = rows.get((period, unit, "pillar", pillar.name, None))
            item: dict[str, Any] = {
                "name": pillar.name,
                **_scored(index, prow, True),
                "weight": _num(prow.weight) if prow else None,
                "effective_weight": _num(prow.effective_weight) if prow else None,
                "contribution": _num(prow.contribution) if prow else None,
                "coverage": _num(prow.coverage) if prow else None,
            }
            if metric_cells is None or (period, unit) in metric_cells:
                metrics = []
                for metric in pillar.metrics:
                    mrow = rows.get((period, unit, "metric", pillar.name, metric.name))
                    raw = _num(mrow.raw_value) if mrow else None
                    metrics.append({
                        "name": metric.name,
                        "raw_value": raw,
                        "raw_display": None if raw is None else fmt.raw_value(metric, raw),
                        **_scored(index, mrow, False),
                        "weight": _num(mrow.weight) if mrow else None,
                        "effective_weight": _num(mrow.effective_weight) if mrow else None,
                        "contribution": _num(mrow.contribution) if mrow else None,
                        "coverage": _num(mrow.coverage) if mrow else None,
                    })
                item["metrics"] = metrics
            pillars.append(item)
        entry["pillars"] = pillars
        out.append(entry)
    return out


def build_document(index: m.Index, evaluation: Evaluation, *, period: str | None = None,
                   unit: str | None = None, spec_file: str | None = None, generated_at: str | None = None,
                   metric_cells: set[Cell] | None = None, result_units: set[str | None] | None = None,
                   selection: tuple[str | None, str | None] | None = None) -> dict[str, Any]:
    """The whole document; ``period``/``unit`` restrict the results to that slice,
    ``result_units`` the units with results at all, ``metric_cells`` the cells
    whose metric detail is included (default: all); ``selection`` records what a
    page shows when it differs from the filter."""
    periods = evaluation.periods()
    units = evaluation.units()
    cells = [(p, u) for p in periods for u in units
             if (period is None or p == period) and (unit is None or u == unit)
             and (result_units is None or u in result_units)]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "index": definition(index),
        "periods": [p for p in periods if p is not None],
        "units": [u for u in units if u is not None],
        "selection": dict(zip(("period", "unit"), selection or (period, unit))),
        "results": results(index, evaluation, cells, metric_cells),
        "sources": [
            {"name": s.name, "path": s.path, "rows": s.rows, "first_date": s.first_date, "last_date": s.last_date}
            for s in evaluation.sources
        ],
        "generator": {"name": "chi-lang", "version": __version__, "engine": evaluation.engine,
                      "spec_file": spec_file},
        "generated_at": generated_at,
    }


def to_json_text(document: dict[str, Any], indent: int | None = 2) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(document, indent=indent, ensure_ascii=False, allow_nan=False, separators=separators)


def script_safe_json(document: dict[str, Any]) -> str:
    """Compact JSON that can sit inside ``<script type="application/json">``.

    The HTML parser ends a script at ``</script`` and treats ``<!--`` specially
    whatever the type; escaping every ``<``, ``>`` and ``&`` as ``\\u003c`` etc.
    keeps the JSON identical in meaning while no markup can appear in it.  U+2028
    and U+2029 are escaped too, so the text is also safe for older JS parsers.
    """
    text = to_json_text(document, indent=None)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
