"""``chi-lang explain`` as text, Markdown or JSON.

The report is computed first (``ExplainReport``, plain dataclasses from the analysis
modules); these functions only format it.  JSON carries unrounded numbers on the
0–100 scale plus the output scale, text and Markdown the spec's display rule.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from .. import model as m
from .attribution import Attribution, Part
from .decompose import Decomposition, MetricPart
from .numbers import MINUS, ROUNDING_NOTE, Numbers, adds_up, percent
from .sensitivity import Sensitivity
from .whatif import WhatIfResult


@dataclass(frozen=True, slots=True)
class RankedUnit:
    unit: str | None
    score: float | None
    rank: int | None


@dataclass(frozen=True, slots=True)
class ExplainReport:
    index: m.Index
    period: str | None
    unit: str | None
    decomposition: Decomposition | None
    ranking: tuple[RankedUnit, ...]  # a `by` spec explained without --unit
    attribution: Attribution | None
    attribution_note: str | None  # why there is no attribution
    what_if: WhatIfResult | None
    sensitivity: Sensitivity | None
    top: int = 10


def _title(report: ExplainReport) -> str:
    index = report.index
    where = " / ".join(x for x in (report.period, report.unit) if x is not None)
    return f"{index.title or index.name}" + (f", {where}" if where else "")


def metric_label(index: m.Index, pillar: str, metric: str | None) -> str:
    """A metric's name, with its pillar when another pillar has a metric of that name."""
    if metric is None:
        return f"{pillar} (pillar)"
    if sum(1 for _, x in index.metrics() if x.name == metric) > 1:
        return f"{pillar}/{metric}"
    return metric


def headline(index: m.Index, attribution: Attribution, numbers: Numbers, parts: int = 5) -> str:
    """``the index fell 1.14 points (82.3 → 81.2): events −1.50, resolution_rate −0.37, …``"""
    delta = attribution.delta
    rounded = numbers.delta(delta)
    if rounded.lstrip("+" + MINUS).strip("0.") == "":
        verb = "was unchanged" if delta == 0 else "barely moved"
        lead = f"the index {verb} ({numbers.score(attribution.index_a)} → {numbers.score(attribution.index_b)})"
    else:
        verb = "rose" if delta > 0 else "fell"
        lead = (f"the index {verb} {rounded.lstrip('+' + MINUS)} points "
                f"({numbers.score(attribution.index_a)} → {numbers.score(attribution.index_b)})")
    moving = [p for p in attribution.parts if numbers.delta(p.total).lstrip("+" + MINUS).strip("0.") != ""]
    if not moving:
        return lead
    shown = ", ".join(f"{metric_label(index, p.pillar, p.metric)} {numbers.delta(p.total)}" for p in moving[:parts])
    return f"{lead}: {shown}" + (", …" if len(moving) > parts else "")


# ---- text ------------------------------------------------------------------------------------


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    out = []
    for r in [header] + rows:
        cells = [c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def _metric_state(x: MetricPart) -> str:
    if x.score is not None:
        return ""
    return "no data (scored 0)" if x.used is not None else "no data (weight shared out)"


def render_text(report: ExplainReport) -> str:
    index = report.index
    numbers = Numbers(index)
    out: list[str] = []
    d = report.decomposition
    if d is not None:
        status = f" ({d.status})" if d.status else ""
        out.append(f"{_title(report)}: {numbers.score(d.score)}{status}, coverage {percent(d.coverage)}")
        out.append("")
        out += _text_decomposition(index, d, numbers)
        out.append("")
        out += _text_headroom(index, d, numbers, report.top)
    elif report.ranking:
        out.append(f"{_title(report)}: {len(report.ranking)} units")
        out.append("")
        rows = [(u.unit or "", numbers.score(u.score), "" if u.rank is None else str(u.rank)) for u in report.ranking]
        out += _table(("unit", "index", "rank"), rows[: report.top])
        if len(rows) > report.top:
            out.append(f"  … and {len(rows) - report.top} more")
        out.append("  (choose one with --unit for its contributions and headroom)")
    if report.attribution is not None:
        out.append("")
        out += _text_attribution(index, report.attribution, numbers, report.top)
    elif report.attribution_note:
        out.append("")
        out.append(f"Change: {report.attribution_note}")
    if report.what_if is not None:
        out.append("")
        out += _text_what_if(index, report.what_if, numbers, report.top)
    if report.sensitivity is not None:
        out.append("")
        out += _text_sensitivity(index, report.sensitivity, numbers)
    return "\n".join(out).rstrip() + "\n"


def _top(index: m.Index) -> str:
    """The top of the output scale, as the shortfall's points are counted (100 by default)."""
    return f"{index.output_scale[1]:g}"


def _text_decomposition(index: m.Index, d: Decomposition, numbers: Numbers) -> list[str]:
    if d.additive:
        out = ["Contributions (effective weight × score; they add up to the index)"]
        header = ("part", "score", "eff.weight", "contribution", "share")
    else:
        out = [f"Parts (geometric aggregation: the points below {_top(index)} each part accounts for, "
               "split by w·ln(score/100))"]
        header = ("part", "score", "eff.weight", "shortfall", "")
    rows = []
    for p in d.pillars:
        value = p.contribution if d.additive else p.shortfall
        share = percent(p.contribution / d.score, 1) if d.additive and d.score and p.contribution is not None else ""
        rows.append((p.name, numbers.score(p.score), percent(p.effective_weight, 1), numbers.points(value), share))
        for x in p.metrics:
            state = _metric_state(x)
            if x.used is None:
                rows.append(("  " + x.metric, "–", "0.0%", state, ""))
                continue
            value = x.contribution if d.additive else x.shortfall
            share = percent(x.contribution / d.score, 1) if d.additive and d.score and x.contribution is not None else ""
            rows.append(("  " + x.metric, numbers.score(x.used), percent(x.effective_weight, 1),
                         numbers.points(value) + (f"  {state}" if state else ""), share))
    out += _table(header, rows)
    if d.additive and not _contributions_add_up(d, numbers):
        out.append(f"  ({ROUNDING_NOTE})")
    return out


def _contributions_add_up(d: Decomposition, numbers: Numbers) -> bool:
    """Whether the contributions as shown add up to the index, and each pillar's
    metrics to the pillar, as shown: rounding each part can make them miss by a digit."""
    pillars = [numbers.points(p.contribution) for p in d.pillars if p.contribution is not None]
    if not adds_up(pillars, numbers.points(d.score)):
        return False
    for p in d.pillars:
        if p.contribution is None:
            continue
        metrics = [numbers.points(x.contribution) for x in p.metrics if x.used is not None]
        if not adds_up(metrics, numbers.points(p.contribution)):
            return False
    return True


def _text_headroom(index: m.Index, d: Decomposition, numbers: Numbers, top: int) -> list[str]:
    formula = "effective weight × (100 − score)" if d.additive else "index gain if the metric scored 100"
    out = [f"Headroom ({formula})"]
    rows = []
    for i, x in enumerate(d.headroom[:top], 1):
        rows.append((f"{i:>2}. {metric_label(index, x.pillar, x.metric)}", x.pillar, numbers.score(x.used),
                     numbers.delta(x.headroom)))
    out += _table(("metric", "pillar", "score", "headroom"), rows)
    return out


def _text_attribution(index: m.Index, a: Attribution, numbers: Numbers, top: int) -> list[str]:
    where = f" ({a.unit})" if a.unit is not None else ""
    out = [f"Change {a.period_a} → {a.period_b}{where}: {headline(index, a, numbers, 5)}"]
    if a.method != "contributions":
        out.append("  geometric aggregation: attributed in log space (log-mean Divisia), in index points")
    rows = []
    shown, rest = _listed_parts(a, top)
    for p in shown:
        label = metric_label(index, p.pillar, p.metric)
        scores = f"{numbers.score(p.score_a)} → {numbers.score(p.score_b)}"
        rows.append((label, p.pillar if p.metric is not None else "", scores, numbers.delta(p.score_effect),
                     numbers.delta(p.coverage_effect), numbers.delta(p.total)))
    out += _table(("part", "pillar", "score", "score eff.", "coverage eff.", "total"), rows)
    if rest:
        out.append(f"  … {_more_parts(rest, numbers)}")
    out.append(f"  sum of the parts {numbers.delta(a.explained)} = index change {numbers.delta(a.delta)}")
    out += _coverage_lines(index, a, numbers)
    notes = sorted({p.note for p in a.parts if p.note})
    out += [f"  note: {n}" for n in notes]
    return out


def _listed_parts(a: Attribution, top: int) -> tuple[list[Part], list[Part]]:
    """The parts a report lists (the ``top`` largest that moved) and all the others,
    unchanged ones included: every part is either listed or counted."""
    shown = [p for p in a.parts if p.total != 0][:top]
    listed = {id(p) for p in shown}
    return shown, [p for p in a.parts if id(p) not in listed]


def _more_parts(rest: list[Part], numbers: Numbers) -> str:
    """``and 13 more parts, together +0.38 (6 of them unchanged)``."""
    unchanged = sum(1 for p in rest if p.total == 0)
    words = f"and {len(rest)} more part{'s' if len(rest) != 1 else ''}"
    if unchanged == len(rest):
        return words + ", unchanged"
    together = f", together {numbers.delta(math.fsum(p.total for p in rest))}"
    return words + together + (f" ({unchanged} of them unchanged)" if unchanged else "")


def _coverage_lines(index: m.Index, a: Attribution, numbers: Numbers) -> list[str]:
    line = f"  coverage {percent(a.coverage_a)} → {percent(a.coverage_b)}"
    if not a.coverage_changes:
        return [line + ", no metric gained or lost data"]
    out = [line + f"; coverage effect {numbers.delta(a.coverage_effect)}"]
    for c in a.coverage_changes:
        what = metric_label(index, c.pillar, c.metric)
        out.append(f"    {what}: " + ("data in the second period only" if c.had_data_b else "no data in the second period"))
    return out


def _raw(value: float | None) -> str:
    return "–" if value is None else f"{value:.6g}"


def _text_what_if(index: m.Index, w: WhatIfResult, numbers: Numbers, top: int) -> list[str]:
    changes = ", ".join(c.text for c in w.changes)
    scope = f"{w.period}" if w.period else ""
    if w.unit is not None:
        scope = f"{scope} / {w.unit}" if scope else w.unit
    out = [f"What if {changes}" + (f" ({scope})" if scope else "")]
    single = w.unit is not None or len(w.outcomes) == 1
    if single:
        for e in w.effects:
            out.append(f"  {metric_label(index, *e.key)}: raw {_raw(e.raw_before)} → {_raw(e.raw_after)}, "
                       f"score {numbers.score(e.score_before)} → {numbers.score(e.score_after)}")
        target = w.unit if w.unit is not None else w.outcomes[0].unit
        outcome = next(o for o in w.outcomes if o.unit == target)
        for name, before in outcome.pillars_before.items():
            after = outcome.pillars_after[name]
            if before != after:
                out.append(f"  pillar {name}: {numbers.score(before)} → {numbers.score(after)}")
        out.append(f"  index {numbers.score(outcome.index_before)} → {numbers.score(outcome.index_after)} "
                   f"({numbers.delta(outcome.delta)})")
        if outcome.rank_before is not None:
            out.append(f"  rank {outcome.rank_before} → {outcome.rank_after}")
        others = [o for o in w.outcomes if o.unit != target and o.delta not in (None, 0.0)]
        if others:
            out.append(f"  {len(others)} other unit(s) move too (relative normalisation)")
        return out
    moved = sorted(w.outcomes, key=lambda o: (-(abs(o.delta) if o.delta is not None else -1), o.unit or ""))
    rows = []
    for o in moved[:top]:
        rank = "" if o.rank_before is None else f"{o.rank_before} → {o.rank_after}"
        rows.append((o.unit or o.period or "", f"{numbers.score(o.index_before)} → {numbers.score(o.index_after)}",
                     numbers.delta(o.delta), rank))
    out += _table(("unit", "index", "change", "rank"), rows)
    if len(moved) > top:
        out.append(f"  … and {len(moved) - top} more units")
    return out


def _text_sensitivity(index: m.Index, s: Sensitivity, numbers: Numbers) -> list[str]:
    alternatives = "; alternatives: " + ", ".join(f"{a.key[1]}={a.text}" for a in s.alternatives) if s.alternatives else ""
    where = f" in {s.period}" if s.period else ""
    out = [f"Sensitivity{where}: {s.samples} samples, seed {s.seed}, weights ×[{1 - s.spread:g}, {1 + s.spread:g}] "
           f"renormalised{alternatives}"]
    header = ("unit" if s.ranked else "period", "index", "5%", "median", "95%")
    if s.ranked:
        header += ("rank", "rank 5%–95%")
    rows = []
    for r in s.rows:
        row = (r.unit if s.ranked else r.period) or "", numbers.score(r.index), numbers.score(r.low), \
            numbers.score(r.median), numbers.score(r.high)
        if s.ranked:
            row += (str(r.rank), f"{r.rank_low}–{r.rank_high}")
        rows.append(row)
    out += _table(header, rows)
    if s.no_data:
        out.append(f"  no index value: {', '.join(str(u) for u in s.no_data)}")
    return out


# ---- Markdown --------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_") \
        .replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`")


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]], right: int = 1) -> list[str]:
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i < right else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def render_markdown(report: ExplainReport) -> str:
    index = report.index
    numbers = Numbers(index)
    e = _md_escape
    out = [f"### {e(_title(report))}", ""]
    d = report.decomposition
    if d is not None:
        status = f" ({e(d.status)})" if d.status else ""
        out += [f"Index **{numbers.score(d.score)}**{status}, coverage {percent(d.coverage)}.", ""]
        value_name = "contribution" if d.additive else "shortfall"
        rows = []
        for p in d.pillars:
            value = p.contribution if d.additive else p.shortfall
            rows.append((f"**{e(p.name)}**", numbers.score(p.score), percent(p.effective_weight, 1), numbers.points(value)))
            for x in p.metrics:
                if x.used is None:
                    rows.append((f"&nbsp;&nbsp;{e(x.metric)}", "–", "0.0%", _metric_state(x)))
                    continue
                value = x.contribution if d.additive else x.shortfall
                rows.append((f"&nbsp;&nbsp;{e(x.metric)}", numbers.score(x.used), percent(x.effective_weight, 1),
                             numbers.points(value)))
        if not d.additive:
            out += [f"Geometric aggregation: the shortfall is the points below {_top(index)} each part accounts for "
                    "(split by w·ln(score/100)).", ""]
        out += _md_table(("part", "score", "effective weight", value_name), rows) + [""]
        if d.additive and not _contributions_add_up(d, numbers):
            out += [f"_{ROUNDING_NOTE[0].upper() + ROUNDING_NOTE[1:]}._", ""]
        formula = "effective weight × (100 − score)" if d.additive else "index gain if the metric scored 100"
        out += [f"**Headroom** ({formula})", ""]
        rows = [(e(metric_label(index, x.pillar, x.metric)), e(x.pillar), numbers.score(x.used), numbers.delta(x.headroom))
                for x in d.headroom[: report.top]]
        out += _md_table(("metric", "pillar", "score", "headroom"), rows, right=2) + [""]
    elif report.ranking:
        rows = [(e(u.unit or ""), numbers.score(u.score), "" if u.rank is None else str(u.rank))
                for u in report.ranking[: report.top]]
        out += _md_table(("unit", "index", "rank"), rows) + [""]
    a = report.attribution
    if a is not None:
        out += [f"**Change {e(str(a.period_a))} → {e(str(a.period_b))}**: {e(headline(index, a, numbers, 5))}", ""]
        if a.method != "contributions":
            out += ["Geometric aggregation: attributed in log space (log-mean Divisia), in index points.", ""]
        rows = []
        shown, rest = _listed_parts(a, report.top)
        for p in shown:
            rows.append((e(metric_label(index, p.pillar, p.metric)), e(p.pillar if p.metric else ""),
                         f"{numbers.score(p.score_a)} → {numbers.score(p.score_b)}", numbers.delta(p.score_effect),
                         numbers.delta(p.coverage_effect), numbers.delta(p.total)))
        out += _md_table(("part", "pillar", "score", "score effect", "coverage effect", "total"), rows, right=3)
        if rest:
            out += ["", f"… {_more_parts(rest, numbers)}."]
        out += ["", f"Sum of the parts {numbers.delta(a.explained)} = index change {numbers.delta(a.delta)}; "
                    f"coverage {percent(a.coverage_a)} → {percent(a.coverage_b)}.", ""]
    elif report.attribution_note:
        out += [f"Change: {e(report.attribution_note)}", ""]
    if report.what_if is not None:
        out += ["**What if**", "", "```", *_text_what_if(index, report.what_if, numbers, report.top), "```", ""]
    s = report.sensitivity
    if s is not None:
        out += [f"**Sensitivity** ({s.samples} samples, seed {s.seed}, weights ±{s.spread:.0%} renormalised)", ""]
        header = ("unit" if s.ranked else "period", "index", "5%–95%")
        if s.ranked:
            header += ("rank", "rank 5%–95%")
        rows = []
        for r in s.rows:
            row = (e((r.unit if s.ranked else r.period) or ""), numbers.score(r.index),
                   f"{numbers.score(r.low)}–{numbers.score(r.high)}")
            if s.ranked:
                row += (str(r.rank), f"{r.rank_low}–{r.rank_high}")
            rows.append(row)
        out += _md_table(header, rows) + [""]
    return "\n".join(out).rstrip() + "\n"


# ---- JSON ------------------------------------------------------------------------------------


def to_dict(report: ExplainReport) -> dict:
    index = report.index
    doc: dict = {
        "index": index.name,
        "version": index.version,
        "period": report.period,
        "unit": report.unit,
        "output_scale": list(index.output_scale),
        "note": "scores and points are on the 0-100 scale, unrounded",
    }
    d = report.decomposition
    if d is not None:
        doc["decomposition"] = {
            "score": d.score,
            "coverage": d.coverage,
            "status": d.status,
            "aggregation": d.aggregation,
            "additive": d.additive,
            "pillars": [{
                "pillar": p.name, "score": p.score, "weight": p.weight, "effective_weight": p.effective_weight,
                "contribution": p.contribution, "shortfall": p.shortfall, "coverage": p.coverage,
                "aggregation": p.aggregation,
                "metrics": [_metric_dict(x) for x in p.metrics],
            } for p in d.pillars],
            "headroom": [{"pillar": x.pillar, "metric": x.metric, "headroom": x.headroom, "score": x.used}
                         for x in d.headroom],
        }
    if report.ranking:
        doc["units"] = [{"unit": u.unit, "score": u.score, "rank": u.rank} for u in report.ranking]
    a = report.attribution
    if a is not None:
        doc["change"] = {
            "period_a": a.period_a, "period_b": a.period_b, "unit": a.unit,
            "index_a": a.index_a, "index_b": a.index_b, "delta": a.delta, "sum_of_parts": a.explained,
            "method": a.method,
            "coverage_a": a.coverage_a, "coverage_b": a.coverage_b, "coverage_effect": a.coverage_effect,
            "parts": [_part_dict(p) for p in a.parts],
            "pillars": a.pillar_totals(),
            "coverage_changes": [{"pillar": c.pillar, "metric": c.metric, "had_data_a": c.had_data_a,
                                  "had_data_b": c.had_data_b} for c in a.coverage_changes],
        }
    elif report.attribution_note:
        doc["change"] = {"note": report.attribution_note}
    w = report.what_if
    if w is not None:
        doc["what_if"] = {
            "period": w.period, "unit": w.unit,
            "changes": [{"text": c.text, "pillar": c.key[0], "metric": c.key[1], "mode": c.mode, "amount": c.amount}
                        for c in w.changes],
            "effects": [{"pillar": x.key[0], "metric": x.key[1], "unit": x.unit, "raw_before": x.raw_before,
                         "raw_after": x.raw_after, "score_before": x.score_before, "score_after": x.score_after}
                        for x in w.effects],
            "units": [{"unit": o.unit, "index_before": o.index_before, "index_after": o.index_after,
                       "delta": o.delta, "rank_before": o.rank_before, "rank_after": o.rank_after,
                       "pillars_before": o.pillars_before, "pillars_after": o.pillars_after} for o in w.outcomes],
        }
    s = report.sensitivity
    if s is not None:
        doc["sensitivity"] = {
            "samples": s.samples, "seed": s.seed, "spread": s.spread, "period": s.period, "ranked": s.ranked,
            "percentiles": [5, 50, 95],
            "alternatives": [{"pillar": x.key[0], "metric": x.key[1], "normalisation": x.text} for x in s.alternatives],
            "rows": [{"period": r.period, "unit": r.unit, "index": r.index, "low": r.low, "median": r.median,
                      "high": r.high, "rank": r.rank, "rank_low": r.rank_low, "rank_high": r.rank_high}
                     for r in s.rows],
            "no_data": list(s.no_data),
        }
    return doc


def _metric_dict(x: MetricPart) -> dict:
    return {"metric": x.metric, "raw": x.raw, "score": x.score, "used": x.used, "weight": x.weight,
            "effective_weight": x.effective_weight, "contribution": x.contribution, "shortfall": x.shortfall,
            "headroom": x.headroom}


def _part_dict(p: Part) -> dict:
    return {"pillar": p.pillar, "metric": p.metric, "score_a": p.score_a, "score_b": p.score_b,
            "score_effect": p.score_effect, "coverage_effect": p.coverage_effect, "total": p.total, "note": p.note}


def render_json(report: ExplainReport) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
