"""``chi-lang diff`` as text, Markdown (a pull-request comment) or JSON."""

from __future__ import annotations

import json

from .. import model as m
from .numbers import Numbers
from .report_explain import _md_escape, _md_table, _table
from .specdiff import Change, DataEffect, SpecDiff

_LABEL = {
    "index": "index setting",
    "source": "source",
    "source-added": "source added",
    "source-removed": "source removed",
    "source-renamed": "source renamed",
    "pillar-added": "pillar added",
    "pillar-removed": "pillar removed",
    "pillar-renamed": "pillar renamed",
    "pillar-weight": "pillar weight",
    "pillar": "pillar setting",
    "metric-added": "metric added",
    "metric-removed": "metric removed",
    "metric-renamed": "metric renamed (same definition)",
    "metric-moved": "metric moved",
    "metric-weight": "metric weight",
    "normalisation": "normalisation",
    "metric-source": "metric source",
    "filter": "filter",
    "value": "value",
    "metric": "metric setting",
    "order": "order (display only)",
}


def _symbol(change: Change) -> str:
    if change.kind.endswith("-added"):
        return "+"
    if change.kind.endswith("-removed"):
        return "-"
    return "~"


def _where(change: Change) -> str:
    if change.metric is not None:
        return f"{change.pillar} / {change.metric}"
    if change.pillar is not None:
        return f"pillar {change.pillar!r}"
    return "index"


def _old_new(change: Change) -> str:
    if change.old is None:
        return change.new or ""
    if change.new is None:
        return change.old
    return f"{change.old} → {change.new}"


def summary(diff: SpecDiff) -> str:
    n = len(diff.semantic)
    if n == 0:
        head = "no semantic changes"
    else:
        head = f"{n} semantic change{'s' if n != 1 else ''}"
    notes = len(diff.notes)
    return head + (f" ({notes} note{'s' if notes != 1 else ''} on wording or order)" if notes else "")


def render_text(diff: SpecDiff, effect: DataEffect | None, new: m.Index, top: int = 20) -> str:
    out = [f"{diff.old_label} → {diff.new_label}: {summary(diff)}"]
    if diff.semantic:
        out.append("")
        for c in diff.semantic:
            out.append(f"  {_symbol(c)} {_LABEL[c.kind]}: {_where(c)}: {_old_new(c)}")
    if diff.notes:
        out.append("")
        out.append("Notes (no effect on scores)")
        for c in diff.notes:
            out.append(f"  {_LABEL[c.kind]}: {_where(c)}: {_old_new(c)}")
    if effect is not None:
        out.append("")
        out += _text_effect(effect, new, top)
    return "\n".join(out).rstrip() + "\n"


# A change between a number and no data has no amount; the change column says which way.
_COVERAGE_WORDS = {"lost": "lost data", "gained": "gained data"}


def _effect_rows(effect: DataEffect, numbers: Numbers, top: int) -> list[tuple[str, ...]]:
    rows = []
    for e in effect.rows[:top] if effect.ranked else effect.rows:
        name = (e.unit if effect.ranked else e.period) or ""
        change = _COVERAGE_WORDS[e.coverage_change] if e.coverage_change else numbers.delta(e.delta)
        row = (name, numbers.score(e.old), numbers.score(e.new), change)
        if effect.ranked:
            rank = "–" if e.old_rank is None and e.new_rank is None else \
                f"{e.old_rank if e.old_rank is not None else '–'} → {e.new_rank if e.new_rank is not None else '–'}"
            row += (rank,)
        rows.append(row)
    return rows


def _effect_title(effect: DataEffect, numbers: Numbers) -> str:
    where = f" in {effect.period}" if effect.period else ""
    if not effect.rows:  # header-only data, or filters that keep no row, on both sides
        return f"Effect on the index: neither spec has a {'unit' if effect.ranked else 'period'} with data to compare"
    moved = [e for e in effect.rows if e.moved]
    amounts = [e for e in moved if e.delta is not None]
    largest = max(amounts, key=lambda e: abs(e.delta), default=None)
    unit_word = "unit" if effect.ranked else "period"
    reranked = sum(1 for e in effect.rows if e.old_rank != e.new_rank) if effect.ranked else 0
    text = f"Effect on the index{where}: {len(moved)} of {len(effect.rows)} {unit_word}s change"
    if largest is not None:
        text += f", the most by {numbers.delta(largest.delta)}"
    for kind in ("lost", "gained"):
        count = sum(1 for e in moved if e.coverage_change == kind)
        if count:
            text += f"; {count} {_COVERAGE_WORDS[kind]}"
    if reranked:
        text += f"; {reranked} change rank"
    return text


def _text_effect(effect: DataEffect, new: m.Index, top: int) -> list[str]:
    numbers = Numbers(new)
    header = ("unit" if effect.ranked else "period", "old", "new", "change") + (("rank",) if effect.ranked else ())
    out = [_effect_title(effect, numbers)]
    if not effect.rows:
        return out
    out += _table(header, _effect_rows(effect, numbers, top))
    if effect.ranked and len(effect.rows) > top:
        out.append(f"  … and {len(effect.rows) - top} more units")
    return out


def render_markdown(diff: SpecDiff, effect: DataEffect | None, new: m.Index, top: int = 20) -> str:
    e = _md_escape
    out = [f"### chi-lang diff: `{diff.old_label.replace('`', '')}` → `{diff.new_label.replace('`', '')}`", "",
           f"**{summary(diff)}**", ""]
    if diff.semantic:
        rows = [(_symbol(c) + " " + e(_LABEL[c.kind]), e(_where(c)), e(c.old or ""), e(c.new or "")) for c in diff.semantic]
        out += _md_table(("change", "where", "old", "new"), rows, right=4) + [""]
    if diff.notes:
        out += ["<details><summary>Notes (no effect on scores)</summary>", ""]
        rows = [(e(_LABEL[c.kind]), e(_where(c)), e(c.old or ""), e(c.new or "")) for c in diff.notes]
        out += _md_table(("note", "where", "old", "new"), rows, right=4) + ["", "</details>", ""]
    if effect is not None:
        numbers = Numbers(new)
        out += [f"**{e(_effect_title(effect, numbers))}**", ""]
        header = ("unit" if effect.ranked else "period", "old", "new", "change") + (("rank",) if effect.ranked else ())
        rows = [tuple(e(x) if i == 0 else x for i, x in enumerate(r)) for r in _effect_rows(effect, numbers, top)]
        if rows:
            out += _md_table(header, rows)
        if effect.ranked and len(effect.rows) > top:
            out += ["", f"… and {len(effect.rows) - top} more units"]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_json(diff: SpecDiff, effect: DataEffect | None, new: m.Index) -> str:
    doc: dict = {
        "old": diff.old_label,
        "new": diff.new_label,
        "semantic_changes": len(diff.semantic),
        "changes": [{"kind": c.kind, "pillar": c.pillar, "metric": c.metric, "old": c.old, "new": c.new,
                     "semantic": c.semantic} for c in diff.changes],
    }
    if effect is not None:
        doc["effect"] = {
            "period": effect.period,
            "ranked": effect.ranked,
            "note": "index values on the 0-100 scale, unrounded",
            "changed": sum(1 for r in effect.rows if r.moved),
            "rows": [{"period": r.period, "unit": r.unit, "old": r.old, "new": r.new, "delta": r.delta,
                      "changed": r.moved, "coverage_change": r.coverage_change,
                      "old_rank": r.old_rank, "new_rank": r.new_rank} for r in effect.rows],
        }
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
