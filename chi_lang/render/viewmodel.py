"""The scorecard as data: everything a template shows, computed and formatted here.

``build_scorecard(index, evaluation, options)`` turns the resolved model and the
long result table into small frozen dataclasses of ready-to-print text.  Templates
(HTML, Markdown) only place these strings: no arithmetic, no rounding, no
decisions beyond "is this present".  That keeps every number on the page traceable
to one function here and one rounding rule in ``display.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import __version__
from .. import model as m
from ..analysis.cells import RowIndex
from ..results import Evaluation, ResultRow
from . import charts
from . import formatting as fmt
from .status import NEUTRAL_TONE, NO_DATA_TONE, Palette, palette

CATEGORY_COLOURS = 8  # pillar colours c0..c7 in the stylesheet, reused in order
DEFAULT_TOP = 5


@dataclass(frozen=True, slots=True)
class Options:
    period: str | None = None  # None: the last period with data (as explain)
    unit: str | None = None  # for `by` evaluations: the one unit shown in full
    top: int = DEFAULT_TOP  # `by` without --unit: full sections for the N best (0: all)
    generated_at: str | None = None  # only from SOURCE_DATE_EPOCH or a flag
    spec_file: str | None = None


# ---- small pieces --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Status:
    label: str  # band label, "no data", or "" when the spec declares no bands
    tone: str  # good | ok | warn | bad | none | neutral


@dataclass(frozen=True, slots=True)
class Change:
    text: str  # "+1.2", "−0.4", "±0.0"
    direction: str  # up | down | flat
    words: str  # "up 1.2 since 2025-11" (for screen readers and tooltips)
    since: str  # "since 2025-11"


@dataclass(frozen=True, slots=True)
class BandWords:
    label: str
    rule: str  # "≥ 75", "otherwise"
    tone: str


@dataclass(frozen=True, slots=True)
class TrendRow:
    period: str
    score: str
    status: Status


@dataclass(frozen=True, slots=True)
class TrendView:
    wide: charts.Trend  # for screens from a tablet up, and print
    narrow: charts.Trend  # for phones: fewer labels, text at a readable size
    title: str
    description: str
    rows: tuple[TrendRow, ...]
    blocks: str  # the series as block characters, for Markdown: "▂▃▅▅▅▄▁▂▅▆▆▆"


# ---- metrics and pillars -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetricView:
    name: str
    description: str | None
    raw: str
    normalisation: str
    has_data: bool
    score: str
    score_width: str  # "68.5%": the score bar
    change: Change | None
    weight: str
    effective_weight: str
    contribution: str
    coverage: str
    policy: str  # what happens without data: reweight | zero | error


@dataclass(frozen=True, slots=True)
class PillarView:
    name: str
    anchor: str
    colour: str  # c0..c7, shared with the composition bar
    description: str | None
    score: str
    has_data: bool  # it has a score (counting `missing zero` as 0)
    status: Status
    change: Change | None
    weight: str
    effective_weight: str
    contribution: str
    contribution_max: str  # the points this pillar could bring at 100
    track_width: str  # its share of the index, as a bar width
    fill_width: str  # the points it brings, on the same bar
    coverage: str
    complete: bool
    spark: charts.Sparkline | None
    spark_words: str
    aggregation: str  # "weighted mean of 4 metrics"
    metrics: tuple[MetricView, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CompositionPart:
    name: str
    colour: str
    width: str
    points: str


@dataclass(frozen=True, slots=True)
class Highlight:
    metric: str
    pillar: str
    value: str  # "+1.3 pts", "4.2 pts to gain"
    detail: str  # "score 33.3 → 46.7"
    direction: str  # up | down | flat | gap


@dataclass(frozen=True, slots=True)
class Movers:
    items: tuple[Highlight, ...]
    note: str | None
    more: str | None
    empty: str = "No metric moved the index by a visible amount."  # shown when there are no items


@dataclass(frozen=True, slots=True)
class PeerRow:
    name: str
    score: str
    median: str
    difference: Change | None  # against the median


@dataclass(frozen=True, slots=True)
class Peers:
    """Where a unit stands among the others in the same period."""

    rank: str  # "2nd of 206 units"
    median: str
    rows: tuple[PeerRow, ...]  # the index, then each pillar


@dataclass(frozen=True, slots=True)
class Report:
    """One unit's scorecard (the whole page for an index without ``by``)."""

    unit: str | None
    anchor: str
    h_title: int  # heading level of the unit's own title (0: no title)
    h_section: int
    h_item: int
    period: str | None
    period_words: str
    score: str
    has_data: bool
    status: Status
    scale: str
    out_of: str  # the top of the output scale: "/ 100"
    ids: str  # prefix for element ids inside this report
    gauge: charts.Gauge
    gauge_words: str
    change: Change | None
    previous: str | None
    coverage: str
    complete: bool
    trend: TrendView | None
    peers: Peers | None  # `by` reports: the unit against the median of all units
    composition: tuple[CompositionPart, ...]
    composition_rest: str  # width of the points not earned
    composition_rest_points: str
    composition_words: str
    rounding_note: str | None  # when the points as shown do not add up to the scores as shown
    arithmetic: bool
    pillar_status: bool  # some pillar has status bands
    movers: tuple[Highlight, ...]
    movers_note: str | None  # how the change is split, when it is not plain contributions
    movers_more: str | None  # metrics that lost or gained data beyond the first three
    movers_empty: str  # what "Biggest changes" says when it lists nothing
    gaps: tuple[Highlight, ...]
    gaps_title: str
    gaps_empty: str  # what the gaps card says when it lists nothing
    pillars: tuple[PillarView, ...]
    notes: tuple[str, ...]


# ---- by: the ranking ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RankCell:
    score: str
    tone: str
    heat: str  # the score as a fraction of the scale, "0.73": a tint where no bands colour it


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: str
    unit: str
    anchor: str | None  # link target when the unit has its own section
    selected: bool
    score: str
    bar_width: str  # the score as a share of the output scale
    status: Status
    change: Change | None
    pillars: tuple[RankCell, ...]
    coverage: str


@dataclass(frozen=True, slots=True)
class StatusCount:
    label: str
    tone: str
    count: str
    width: str


@dataclass(frozen=True, slots=True)
class Ranking:
    pillar_names: tuple[str, ...]
    rows: tuple[RankRow, ...]
    has_change: bool
    has_status: bool  # the index declares status bands
    counts: tuple[StatusCount, ...]
    no_data: str | None  # "2 units" without data, when there are any
    units_words: str  # "204 units"
    best: str | None
    median: str | None
    worst: str | None
    sections_note: str | None


# ---- provenance and the page ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceView:
    name: str
    path: str
    rows: str
    dates: str


@dataclass(frozen=True, slots=True)
class Provenance:
    spec_name: str
    spec_file: str | None
    version: str | None
    owner: str | None
    period_kind: str | None
    by: str | None
    method: str
    sources: tuple[SourceView, ...]
    generator: str
    engine: str
    generated_at: str | None


@dataclass(frozen=True, slots=True)
class Scorecard:
    title: str
    description: str | None
    period: str | None
    period_words: str
    facts: tuple[tuple[str, str], ...]  # (term, value) under the title
    legend: tuple[BandWords, ...]
    is_by: bool
    ranking: Ranking | None
    reports: tuple[Report, ...]
    provenance: Provenance


# ======================================================================================


def slug(text: str) -> str:
    """A safe fragment for ids: ASCII letters, digits and dashes only."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned[:40].strip("-") or "x"


def period_words(period: str | None) -> str:
    """``2025-12`` → ``December 2025``; other period keys read as they are."""
    if period is None:
        return ""
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if match:
        months = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
        month = int(match.group(2))
        if 1 <= month <= 12:
            return f"{months[month - 1]} {match.group(1)}"
    match = re.fullmatch(r"(\d{4})-Q(\d)", period)
    if match:
        return f"Q{match.group(2)} {match.group(1)}"
    match = re.fullmatch(r"(\d{4})-W(\d{2})", period)
    if match:
        return f"week {int(match.group(2))} of {match.group(1)}"
    return period


PERIOD_NOUNS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


def _plural(count: int, noun: str) -> str:
    return f"{fmt.number(count, 0)} {noun}{'' if count == 1 else 's'}"


class _Table:
    """The long table indexed by (period, unit[, pillar[, metric]])."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.index: dict[tuple, ResultRow] = {}
        self.pillar: dict[tuple, ResultRow] = {}
        self.metric: dict[tuple, ResultRow] = {}
        for row in evaluation.rows:
            if row.level == "index":
                self.index[(row.period, row.unit)] = row
            elif row.level == "pillar":
                self.pillar[(row.period, row.unit, row.pillar)] = row
            else:
                self.metric[(row.period, row.unit, row.pillar, row.metric)] = row
        self.periods = evaluation.periods()
        self.units = evaluation.units()

    def previous(self, period: str | None) -> str | None:
        if period is None or period not in self.periods:
            return None
        at = self.periods.index(period)
        return self.periods[at - 1] if at > 0 else None


class _Builder:
    def __init__(self, index: m.Index, evaluation: Evaluation, options: Options) -> None:
        self.index = index
        self.evaluation = evaluation
        self.options = options
        self.table = _Table(evaluation)
        self.index_palette = palette(index.status, index.output_scale)
        self.pillar_palettes = {p.name: palette(p.status, index.output_scale) for p in index.pillars}
        self.arithmetic = index.aggregation == "arithmetic" and all(
            p.aggregation == "arithmetic" for p in index.pillars)
        self.period_noun = PERIOD_NOUNS.get(index.period or "", "period")
        self._rows: RowIndex | None = None  # built on first use by movers()

    # ---------------------------------------------------------------- helpers

    def status(self, row: ResultRow | None, pal: Palette) -> Status:
        if row is None or row.score is None:
            return Status(fmt.NO_DATA, NO_DATA_TONE)
        if row.status is None:
            return Status("", NEUTRAL_TONE)
        return Status(row.status, pal.tone(row.status))

    def change(self, current: ResultRow | None, previous: ResultRow | None, previous_period: str | None) -> Change | None:
        if current is None or previous is None:
            return None
        result = fmt.delta(self.index, current.score, previous.score)
        if result is None:
            return None
        text, direction = result
        verb = {"up": "up", "down": "down", "flat": "unchanged"}[direction]
        amount = "" if direction == "flat" else f" {text.lstrip('+').replace(fmt.MINUS, '')}"
        return Change(text, direction, f"{verb}{amount} since {previous_period}", f"since {previous_period}")

    def band_words(self, bands: tuple[m.StatusBand, ...], pal: Palette) -> tuple[BandWords, ...]:
        words = []
        for band in bands:
            if band.op is None:
                rule = "otherwise"
            else:
                op = {">=": "≥", "<=": "≤"}.get(band.op, band.op)
                rule = f"{op} {fmt.number(band.threshold)}"
            words.append(BandWords(band.label, rule, pal.tone(band.label)))
        return tuple(words)

    # ---------------------------------------------------------------- metrics

    def metric_view(self, pillar: m.Pillar, metric: m.Metric, period, unit, previous) -> MetricView:
        row = self.table.metric.get((period, unit, pillar.name, metric.name))
        before = self.table.metric.get((previous, unit, pillar.name, metric.name)) if previous else None
        has_data = row is not None and row.raw_value is not None and row.coverage > 0
        score_value = row.score if row is not None else None
        width = fmt.percent(min(1.0, max(0.0, (score_value or 0.0) / 100.0)), 1)
        return MetricView(
            name=metric.name,
            description=metric.description,
            raw=fmt.raw_value(metric, row.raw_value if row else None),
            normalisation=fmt.normalisation_words(metric),
            has_data=has_data,
            score=fmt.score(self.index, score_value),
            score_width=width,
            change=self.change(row, before, previous) if has_data else None,
            weight=fmt.weight_percent(metric.weight),
            effective_weight=fmt.percent(row.effective_weight if row else 0.0, 1),
            contribution=fmt.points(self.index, row.contribution if row else None),
            coverage=fmt.percent(row.coverage if row else 0.0, 0),
            policy=metric.missing,
        )

    def metric_notes(self, pillar: m.Pillar, metrics: tuple[MetricView, ...], period, unit) -> tuple[str, ...]:
        notes = []
        when = f" in {period}" if period else ""
        row = self.table.pillar.get((period, unit, pillar.name))
        if row is None or row.score is None:
            # No metric has data (or counts as 0): nobody to share the weights with.
            return (f"No data for any metric of {pillar.name}{when}: the pillar has no score.",)
        for metric, view in zip(pillar.metrics, metrics):
            if view.has_data:
                continue
            if metric.missing == "zero":
                notes.append(f"No data for {metric.name}{when}: it counts as a score of 0 "
                             f"(missing zero), with its full weight of {view.weight}.")
            else:
                notes.append(f"No data for {metric.name}{when}: its weight ({view.weight} of the pillar) "
                             f"was shared out among the pillar's other metrics.")
        return tuple(notes)

    # ---------------------------------------------------------------- pillars

    def pillar_views(self, period, unit, previous, anchor_prefix: str) -> tuple[PillarView, ...]:
        views = []
        for position, pillar in enumerate(self.index.pillars):
            row = self.table.pillar.get((period, unit, pillar.name))
            before = self.table.pillar.get((previous, unit, pillar.name)) if previous else None
            pal = self.pillar_palettes[pillar.name]
            metrics = tuple(self.metric_view(pillar, metric, period, unit, previous) for metric in pillar.metrics)
            effective = row.effective_weight if row else 0.0
            contribution = row.contribution if row and row.contribution is not None else 0.0
            series = [self.table.pillar.get((p, unit, pillar.name)) for p in self.table.periods]
            series_scores = [fmt.scaled(self.index, r.score) if r else None for r in series]
            at = self.table.periods.index(period) if period in self.table.periods else None
            spark = charts.sparkline(series_scores, self.index.output_scale, at) if period is not None else None
            known = [(p, r) for p, r in zip(self.table.periods, series) if r is not None and r.score is not None]
            spark_words = ""
            if spark is not None and known:
                spark_words = (f"{pillar.name} by {self.period_noun}: {fmt.score(self.index, known[0][1].score)} in "
                               f"{known[0][0]}, {fmt.score(self.index, known[-1][1].score)} in {known[-1][0]}")
            count = len(pillar.metrics)
            kind = "geometric mean" if pillar.aggregation == "geometric" else "weighted mean"
            views.append(PillarView(
                name=pillar.name,
                anchor=f"{anchor_prefix}p{position + 1}-{slug(pillar.name)}",
                colour=f"c{position % CATEGORY_COLOURS}",
                description=pillar.description,
                score=fmt.score(self.index, row.score if row else None),
                has_data=row is not None and row.score is not None,
                status=self.status(row, pal),
                change=self.change(row, before, previous),
                weight=fmt.weight_percent(pillar.weight),
                effective_weight=fmt.percent(effective, 1),
                contribution=fmt.points(self.index, contribution if row and row.score is not None else None),
                contribution_max=fmt.points(self.index, 100.0 * effective),
                track_width=fmt.percent(effective, 2),
                fill_width=fmt.percent(contribution / 100.0, 2),
                coverage=fmt.percent(row.coverage if row else 0.0, 0),
                complete=row is not None and row.coverage >= 1.0 - 1e-12,
                spark=spark,
                spark_words=spark_words,
                aggregation=f"{kind} of {count} metrics" if count != 1 else "one metric",
                metrics=metrics,
                notes=self.metric_notes(pillar, metrics, period, unit),
            ))
        return tuple(views)

    # ---------------------------------------------------------------- a report

    def trend_view(self, unit, subject: str, period: str | None) -> TrendView | None:
        periods = [p for p in self.table.periods if p is not None]
        if len(periods) < 2:
            return None
        at = periods.index(period) if period in periods else None  # the period shown is highlighted
        rows = [self.table.index.get((p, unit)) for p in periods]
        values = [fmt.scaled(self.index, r.score) if r else None for r in rows]
        texts = [fmt.score(self.index, r.score if r else None) for r in rows]
        statuses = [self.status(r, self.index_palette) for r in rows]
        low, high = self.index.output_scale
        floor = charts.trend_floor(values, self.index.output_scale)
        grid = [(floor, fmt.number(floor)), (high, fmt.number(high))]
        for band in self.index.status:
            if band.threshold is not None and floor < band.threshold < high:
                grid.append((band.threshold, fmt.number(band.threshold)))
        tones = [s.tone for s in statuses]
        segments = self.index_palette.segments
        wide = charts.trend(periods, values, texts, tones, (floor, high), segments, grid, 560.0, 7, at)
        narrow = charts.trend(periods, values, texts, tones, (floor, high), segments, grid, 330.0, 3, at)
        known = [(p, v, t) for p, v, t in zip(periods, values, texts) if v is not None]
        description = f"No {self.period_noun} has data."
        if known:
            lowest = min(known, key=lambda k: k[1])
            highest = max(known, key=lambda k: k[1])
            description = (
                f"{subject} by {self.period_noun}, {len(periods)} {self.period_noun}s from {periods[0]} to {periods[-1]}: "
                f"{known[0][2]} in {known[0][0]}, {known[-1][2]} in {known[-1][0]}; "
                f"lowest {lowest[2]} in {lowest[0]}, highest {highest[2]} in {highest[0]}."
            )
        if floor > low:
            description += f" The axis starts at {fmt.number(floor)}."
        return TrendView(wide, narrow, f"{subject} by {self.period_noun}", description,
                         tuple(TrendRow(p, t, s) for p, t, s in zip(periods, texts, statuses)),
                         charts.blocks(values, self.index.output_scale))

    def movers(self, period, unit, previous) -> Movers:
        """The biggest parts of the change since ``previous``: exactly the attribution
        ``chi-lang explain`` shows (``analysis.explain_changes``), so the page and
        explain agree.  Its parts are index points that add up to the index change,
        also under geometric aggregation (attributed in log space there), and a
        metric that lost or gained data is a part like any other."""
        from ..analysis.attribution import NotAttributable, explain_changes

        if previous is None:
            return Movers((), None, None)
        if self._rows is None:
            self._rows = RowIndex(self.evaluation)
        try:
            attribution = explain_changes(self.index, self.evaluation, previous, period, unit, self._rows)
        except NotAttributable:
            # No index value on one side (no data is never 0): there is no change to split.
            now = self.table.index.get((period, unit))
            empty = previous if now is not None and now.score is not None else period
            return Movers((), None, None, f"No change to split: the index has no data in {empty}.")
        coverage = {(c.pillar, c.metric): c for c in attribution.coverage_changes}
        shown: list[Highlight] = []
        left_out: list[tuple[str, bool]] = []  # coverage changes beyond the first three
        for part in attribution.parts:  # largest first, as explain lists them
            covered = coverage.get((part.pillar, part.metric))
            text = fmt.points(self.index, abs(part.total))
            if float(text) == 0 and covered is None:
                continue
            if len(shown) >= 3:
                if covered is not None:
                    left_out.append((self.part_name(part), covered.had_data_b))
                continue
            shown.append(self.mover(part, covered, text))
        more = None
        if left_out:
            lost = [name for name, gained in left_out if not gained]
            gained = [name for name, gained in left_out if gained]
            more = "Also " + "; ".join(
                words for words in (f"lost data: {', '.join(lost)}" if lost else "",
                                    f"gained data: {', '.join(gained)}" if gained else "") if words) + "."
        note = None
        if attribution.method != "contributions":
            note = ("Geometric aggregation: the change is attributed in log space (log-mean Divisia), "
                    "as chi-lang explain does; the parts are index points and add up to the index change.")
        return Movers(tuple(shown), note, more)

    def part_name(self, part) -> str:
        return part.metric if part.metric is not None else part.pillar if part.pillar != "(index)" else "the index"

    def mover(self, part, covered, text: str) -> Highlight:
        """One line of "Biggest changes": the part's index points, and why."""
        total = part.total
        if float(text) == 0:
            value, direction = f"±{text} pts", "flat"
        else:
            value = f"{'+' if total > 0 else fmt.MINUS}{text} pts"
            direction = "up" if total > 0 else "down"
        if part.metric is not None:
            name, where = part.metric, part.pillar
            policy = next((x.missing for p, x in self.index.metrics()
                           if p.name == part.pillar and x.name == part.metric), "reweight")
        elif part.pillar == "(index)":
            return Highlight("the index", "not split", value, part.note, direction)
        else:
            name, where = part.pillar, "pillar"
            policy = next((p.missing for p in self.index.pillars if p.name == part.pillar), "reweight")
        before, after = fmt.score(self.index, part.score_a), fmt.score(self.index, part.score_b)
        absent = "no data, counted as 0" if policy == "zero" else "no data"
        if covered is not None and not covered.had_data_b:
            detail = f"lost its data (score {before} → {absent})"
            if policy != "zero":
                detail += "; its weight went to the others"
        elif covered is not None:
            detail = f"gained data ({absent} → score {after})"
        else:
            detail = f"score {before} → {after}"
            shift = fmt.points(self.index, abs(part.coverage_effect))
            if float(shift) != 0:
                # Its effective weight moved because other metrics gained or lost data
                # (explain's coverage effect); the sign is the effect's on the index.
                sign = "+" if part.coverage_effect > 0 else fmt.MINUS
                detail += f"; {sign}{shift} pts of it from its weight changing (other data came or went)"
        return Highlight(name, where, value, detail, direction)

    def gaps(self, period, unit) -> tuple[Highlight, ...]:
        items = []
        for pillar, metric in self.index.metrics():
            row = self.table.metric.get((period, unit, pillar.name, metric.name))
            if row is None or row.score is None:
                continue
            if self.arithmetic:
                missing = row.effective_weight * (100.0 - row.score)
                text = fmt.points(self.index, missing)
                if float(text) == 0:
                    continue
                items.append((-missing, metric.name, Highlight(
                    metric.name, pillar.name, f"{text} pts",
                    f"score {fmt.score(self.index, row.score)}, weight {fmt.percent(row.effective_weight, 1)} of the index",
                    "gap")))
            else:
                items.append((row.score, metric.name, Highlight(
                    metric.name, pillar.name, f"score {fmt.score(self.index, row.score)}",
                    f"weight {fmt.percent(row.effective_weight, 1)} of the index", "gap")))
        items.sort(key=lambda item: (item[0], item[1]))
        return tuple(item[2] for item in items[:3])

    @staticmethod
    def rounding_note(score: str, pillars: tuple[PillarView, ...]) -> str | None:
        """Points are rounded one by one, so the pillars' points can miss the index
        (27.1 + 22.2 + 16.1 + 15.9 = 81.3 for 81.2), and the metrics' a pillar's, by
        a digit.  The numbers stay the true ones, rounded; a note says so, as
        statistical offices do, rather than bending a part to force the sum."""
        from ..analysis.numbers import adds_up

        scored = [p for p in pillars if p.has_data]
        if adds_up([p.contribution for p in scored], score) and all(
                adds_up([x.contribution for x in p.metrics], p.contribution)
                for p in scored):
            return None
        return "Points are rounded, so they may not add up exactly to the scores shown."

    def gaps_empty(self, period, unit) -> str:
        """What "Most points to gain" says when it lists nothing, true in every case."""
        scores = [row.score for p, x in self.index.metrics()
                  if (row := self.table.metric.get((period, unit, p.name, x.name))) is not None
                  and row.score is not None and row.coverage > 0]
        when = f" in {period}" if period else ""
        if not scores:
            return f"No metric has data{when}."
        if all(score >= 100.0 for score in scores):
            return "Every metric with data scores 100."
        return "No metric with data has a visible number of points left to gain."

    @staticmethod
    def median(values: list[float]) -> float | None:
        if not values:
            return None
        values = sorted(values)
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    def peers(self, unit, period) -> Peers | None:
        ranked = [(u, r) for u, r in self.ranked_units(period) if r is not None and r.score is not None]
        position = next((i for i, (u, _) in enumerate(ranked) if u == unit), None)
        if position is None or len(ranked) < 2:
            return None
        rank = position + 1
        # the rank counts ties as one place, like the ranking table
        while rank > 1 and ranked[rank - 2][1].score == ranked[position][1].score:
            rank -= 1
        rows = []
        index_median = self.median([r.score for _, r in ranked])
        own = self.table.index.get((period, unit))
        rows.append(self.peer_row(self.index.title or self.index.name, own.score if own else None, index_median))
        for pillar in self.index.pillars:
            scores = [r.score for u in self.table.units
                      if (r := self.table.pillar.get((period, u, pillar.name))) is not None and r.score is not None]
            mine = self.table.pillar.get((period, unit, pillar.name))
            rows.append(self.peer_row(pillar.name, mine.score if mine else None, self.median(scores)))
        return Peers(f"{_ordinal(rank)} of {_plural(len(ranked), 'unit')}", fmt.score(self.index, index_median), tuple(rows))

    def peer_row(self, name: str, score: float | None, median: float | None) -> PeerRow:
        difference = None
        result = fmt.displayed_delta(self.index, score, median)
        if result is not None:
            text, direction = result
            words = {"up": "above", "down": "below", "flat": "at"}[direction]
            amount = "" if direction == "flat" else f"{text.lstrip('+').replace(fmt.MINUS, '')} "
            difference = Change(text, direction, f"{amount}{words} the median", "than the median")
        return PeerRow(name, fmt.score(self.index, score), fmt.score(self.index, median), difference)

    def report(self, unit, period, h_title: int, anchor: str) -> Report:
        index = self.index
        previous = self.table.previous(period)
        row = self.table.index.get((period, unit))
        before = self.table.index.get((previous, unit)) if previous else None
        status = self.status(row, self.index_palette)
        score = fmt.score(index, row.score if row else None)
        has_data = row is not None and row.score is not None
        low, high = index.output_scale
        gauge = charts.gauge(fmt.scaled(index, row.score) if has_data else None, status.tone,
                             self.index_palette.segments, index.output_scale, fmt.number(low), fmt.number(high))
        subject = unit if unit is not None else (index.title or index.name)
        gauge_words = (f"Gauge: {score} on a scale of {fmt.scale_label(index)}"
                       + (f", status {status.label}" if status.label else "") + "." if has_data
                       else f"Gauge: no data on a scale of {fmt.scale_label(index)}.")
        prefix = f"{anchor}-" if anchor else ""
        pillars = self.pillar_views(period, unit, previous, prefix)
        parts = []
        for pillar in pillars:
            prow = self.table.pillar.get((period, unit, pillar.name))
            if prow is not None and prow.contribution:
                parts.append(CompositionPart(pillar.name, pillar.colour, pillar.fill_width, pillar.contribution))
        earned = sum(r.contribution or 0.0 for r in (self.table.pillar.get((period, unit, p.name)) for p in index.pillars) if r)
        rest = max(0.0, 100.0 - earned)
        composition_words = ""
        if parts:
            composition_words = ("Points by pillar: " + ", ".join(f"{p.name} {p.points}" for p in parts)
                                 + f"; {fmt.points(index, rest)} of {fmt.number(high - low)} not reached.")
        notes = []
        when = f" in {period}" if period else ""
        if not has_data:
            # Every pillar is without data (no data is never 0): there is no one to
            # share a weight with, and the index itself has no value.
            notes.append(f"No data for any pillar{when}: the index has no value.")
        for pillar, view in zip(index.pillars, pillars):
            if not has_data:
                break
            if view.status.tone == NO_DATA_TONE:
                if pillar.missing == "zero":
                    notes.append(f"No data for pillar {pillar.name}{when}: it counts as 0 (missing zero).")
                else:
                    notes.append(f"No data for pillar {pillar.name}{when}: its weight ({view.weight} of the index) "
                                 f"was shared out among the other pillars.")
        sub = h_title + 1 if h_title else 2
        movers = self.movers(period, unit, previous)
        return Report(
            unit=unit,
            anchor=anchor,
            h_title=h_title,
            h_section=sub,
            h_item=sub + 1,
            period=period,
            period_words=period_words(period),
            score=score,
            has_data=has_data,
            status=status,
            scale=fmt.scale_label(index),
            out_of=fmt.number(high),
            ids=anchor or "main",
            gauge=gauge,
            gauge_words=gauge_words,
            change=self.change(row, before, previous),
            previous=previous,
            coverage=fmt.percent(row.coverage if row else 0.0, 0),
            complete=row is not None and row.coverage >= 1.0 - 1e-12,
            trend=self.trend_view(unit, subject, period),
            peers=self.peers(unit, period) if index.by else None,
            composition=tuple(parts) if self.arithmetic and has_data else (),
            composition_rest=fmt.percent(rest / 100.0, 2),
            composition_rest_points=fmt.points(index, rest),
            composition_words=composition_words,
            rounding_note=self.rounding_note(score, pillars) if self.arithmetic and has_data else None,
            arithmetic=self.arithmetic,
            pillar_status=any(p.status for p in index.pillars),
            movers=movers.items,
            movers_note=movers.note,
            movers_more=movers.more,
            movers_empty=movers.empty,
            gaps=self.gaps(period, unit),
            gaps_title="Most points to gain" if self.arithmetic else "Lowest-scoring metrics",
            gaps_empty=self.gaps_empty(period, unit),
            pillars=pillars,
            notes=tuple(notes),
        )

    # ---------------------------------------------------------------- by: ranking

    def ranked_units(self, period) -> list[tuple[str, ResultRow | None]]:
        units = [u for u in self.table.units if u is not None]
        rows = [(u, self.table.index.get((period, u))) for u in units]
        return sorted(rows, key=lambda item: (item[1] is None or item[1].score is None,
                                              -(item[1].score or 0.0) if item[1] else 0.0, item[0]))

    def ranking(self, period, ranked, anchors: dict[str, str], selected: str | None) -> Ranking:
        index = self.index
        previous = self.table.previous(period)
        rows = []
        rank = 0
        last_score = None
        for position, (unit, row) in enumerate(ranked, start=1):
            has = row is not None and row.score is not None
            if has and row.score != last_score:
                rank, last_score = position, row.score
            before = self.table.index.get((previous, unit)) if previous else None
            cells = []
            for pillar in index.pillars:
                prow = self.table.pillar.get((period, unit, pillar.name))
                pillar_score = prow.score if prow else None
                heat = "0" if pillar_score is None else f"{min(100.0, max(0.0, pillar_score)) / 100:.2f}"
                cells.append(RankCell(fmt.score(index, pillar_score),
                                      self.status(prow, self.pillar_palettes[pillar.name]).tone, heat))
            rows.append(RankRow(
                rank=str(rank) if has else "–",
                unit=unit,
                anchor=anchors.get(unit),
                selected=unit == selected,
                score=fmt.score(index, row.score if row else None),
                bar_width=fmt.percent(min(1.0, max(0.0, (row.score if has else 0.0) / 100.0)), 1),
                status=self.status(row, self.index_palette),
                change=self.change(row, before, previous),
                pillars=tuple(cells),
                coverage=fmt.percent(row.coverage if row else 0.0, 0),
            ))
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.status.label] = counts.get(r.status.label, 0) + 1
        order = [label for label, _ in self.index_palette.tones] + ["", fmt.NO_DATA]
        total = len(rows) or 1
        status_counts = tuple(
            StatusCount(label or "no band", self.index_palette.tone(label, label != fmt.NO_DATA) if label else NEUTRAL_TONE,
                        fmt.number(counts[label], 0), fmt.percent(counts[label] / total, 2))
            for label in order if counts.get(label)
        )
        scored = [r for _, r in ranked if r is not None and r.score is not None]
        median = fmt.score(index, self.median([r.score for r in scored])) if scored else None
        best = f"{ranked[0][0]} ({fmt.score(index, ranked[0][1].score)})" if scored else None
        worst_unit = next((u for u, r in reversed(ranked) if r is not None and r.score is not None), None)
        worst = (f"{worst_unit} ({fmt.score(index, self.table.index[(period, worst_unit)].score)})"
                 if worst_unit is not None else None)
        shown = len(anchors)
        note = None
        if shown < len(ranked):
            which = "the selected unit" if selected is not None else f"the top {fmt.number(shown, 0)}"
            advice = ("render without --unit for the best-ranked units" if selected is not None
                      else "render one unit with --unit NAME, or more with --top N")
            note = f"Full sections are shown for {which} of {_plural(len(ranked), 'unit')}; {advice}."
        return Ranking(
            pillar_names=tuple(p.name for p in index.pillars),
            rows=tuple(rows),
            has_change=previous is not None,
            has_status=bool(index.status),
            counts=status_counts if index.status else (),
            no_data=_plural(counts[fmt.NO_DATA], "unit") if counts.get(fmt.NO_DATA) else None,
            units_words=_plural(len(ranked), "unit"),
            best=best,
            median=median,
            worst=worst,
            sections_note=note,
        )

    # ---------------------------------------------------------------- provenance

    def provenance(self) -> Provenance:
        index = self.index
        sources = tuple(
            SourceView(s.name, s.path, fmt.number(s.rows, 0), fmt.date_range(s.first_date, s.last_date))
            for s in self.evaluation.sources
        )
        kind = "geometric" if index.aggregation == "geometric" else "weighted arithmetic"
        method = (f"Index = {kind} mean of {_plural(len(index.pillars), 'pillar')}; missing data: {index.missing}. "
                  f"Scores are shown on a {fmt.scale_label(index)} scale, rounded to {index.rounding.digits} "
                  f"decimal{'s' if index.rounding.digits != 1 else ''} "
                  f"({'half to even' if index.rounding.mode == 'half_even' else 'half away from zero'}).")
        return Provenance(
            spec_name=index.name,
            spec_file=self.options.spec_file,
            version=index.version,
            owner=index.owner,
            period_kind=index.period,
            by=".".join(index.by) if index.by else None,
            method=method,
            sources=sources,
            generator=f"chi-lang {__version__}",
            engine=self.evaluation.engine,
            generated_at=self.options.generated_at,
        )

    # ---------------------------------------------------------------- the page

    def build(self) -> Scorecard:
        index = self.index
        periods = self.table.periods
        period = self.options.period
        if period is None:
            # The same default as `chi-lang explain`: the last period with data, not
            # a last period in which nothing had any.
            if self._rows is None:
                self._rows = RowIndex(self.evaluation)
            period = self._rows.default_period(self.options.unit)
        is_by = index.by is not None
        facts: list[tuple[str, str]] = []
        if period is not None:
            facts.append((self.period_noun.capitalize(), period_words(period)))
            real = [p for p in periods if p is not None]
            if len(real) > 1:
                facts.append(("Series", f"{real[0]} – {real[-1]} ({_plural(len(real), self.period_noun)})"))
        if is_by:
            facts.append(("Units", f"{_plural(len([u for u in self.table.units if u is not None]), 'unit')} by {'.'.join(index.by)}"))
        if index.version:
            facts.append(("Version", index.version))
        if index.owner:
            facts.append(("Owner", index.owner))
        ranking = None
        reports: list[Report] = []
        if is_by:
            ranked = self.ranked_units(period)
            if self.options.unit is not None:
                chosen = [self.options.unit]
            elif self.options.top and self.options.top > 0:
                chosen = [u for u, _ in ranked[: self.options.top]]
            else:
                chosen = [u for u, _ in ranked]
            order = {u: i for i, (u, _) in enumerate(ranked)}
            anchors = {u: f"u{order[u] + 1}-{slug(u)}" for u in chosen}
            ranking = self.ranking(period, ranked, anchors, self.options.unit)
            for unit in chosen:
                reports.append(self.report(unit, period, 2, anchors[unit]))
        else:
            reports.append(self.report(None, period, 0, ""))
        return Scorecard(
            title=index.title or index.name,
            description=index.description,
            period=period,
            period_words=period_words(period),
            facts=tuple(facts),
            legend=self.band_words(index.status, self.index_palette),
            is_by=is_by,
            ranking=ranking,
            reports=tuple(reports),
            provenance=self.provenance(),
        )


def build_scorecard(index: m.Index, evaluation: Evaluation, options: Options | None = None) -> Scorecard:
    """The view model of a scorecard; ``options.period``/``unit`` must exist in the evaluation."""
    return _Builder(index, evaluation, options or Options()).build()
