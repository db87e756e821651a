"""Syntax tree → resolved model, collecting every problem as a diagnostic.

The resolver names things (sources, metrics, pillars), turns weights into exact
fractions and checks their sums, types row expressions (how each column is read),
fills defaults, and validates clause combinations.  It never raises: when a part
is broken it reports it and keeps going, so one run shows every problem.
"""

from __future__ import annotations

import codecs
import difflib
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from . import model as m
from . import syntax as st
from .diagnostics import DiagnosticBag, Label
from .grammar import keywords
from .span import Span
from .weights import describe_shortfall, format_percent, weight_fraction

PERIODS = ("day", "week", "month", "quarter", "year")
FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
NUMERIC_AGGREGATES = ("mean", "sum", "median", "min", "max", "percentile")
AGGREGATES = NUMERIC_AGGREGATES + ("count", "count_distinct", "share")
ROW_FUNCTIONS = {
    "hours": "duration",
    "days": "duration",
    "abs": "number",
    "ln": "number",
    "lower": "string",
    "upper": "string",
    "length": "string",
}


def resolve(tree: st.IndexDecl, spec_path: str, bag: DiagnosticBag) -> m.Index | None:
    """Resolve a parsed spec; returns None only when nothing sensible can be built."""
    return _Resolver(tree, spec_path, bag).run()


@dataclass
class _Clauses:
    """The clauses of one scope, each kind at most once (CHI106)."""

    by_kind: dict[str, st.Clause]

    def get(self, kind: str) -> st.Clause | None:
        return self.by_kind.get(kind)

    def value(self, kind: str, default=None):
        clause = self.by_kind.get(kind)
        return default if clause is None else clause.value


def _unique_clauses(clauses: tuple[st.Clause, ...], where: str, bag: DiagnosticBag) -> _Clauses:
    seen: dict[str, st.Clause] = {}
    for clause in clauses:
        if clause.kind in seen:
            first = seen[clause.kind]
            bag.add(
                "CHI106" if clause.kind != "normalisation" else "CHI208",
                f"`{_clause_word(clause)}` given twice for {where}"
                if clause.kind != "normalisation"
                else f"two normalisations for {where}: `{_clause_word(first)}` and `{_clause_word(clause)}`",
                clause.span,
                "keep one of them",
                [Label(first.span, "first given here")],
            )
            continue
        seen[clause.kind] = clause
    return _Clauses(seen)


def _clause_word(clause: st.Clause) -> str:
    if clause.kind == "normalisation":
        return clause.value[0]
    if clause.kind == "aggregate":
        return clause.value[0]
    if clause.kind == "output_scale":
        return "output scale"
    return clause.kind


def _number(lit: st.NumberLit) -> float:
    return float(lit.value)


class _Resolver:
    def __init__(self, tree: st.IndexDecl, spec_path: str, bag: DiagnosticBag) -> None:
        self.tree = tree
        self.spec_path = spec_path
        self.base_dir = Path(spec_path).resolve().parent if spec_path not in ("-", "<stdin>") else Path.cwd()
        self.bag = bag
        self.sources: dict[str, m.Source] = {}
        self.path_sources: dict[str, m.Source] = {}
        self.by: tuple[str, ...] | None = None
        self.period: str | None = None

    # ------------------------------------------------------------------ index

    def run(self) -> m.Index | None:
        tree = self.tree
        clauses = _unique_clauses(tree.clauses, "the index", self.bag)
        self.period = self._period(clauses.get("period"))
        by = clauses.value("by")
        self.by = by.path if by is not None else None
        for decl in tree.sources:
            self._source(decl)

        is_card = tree.implicit and len(tree.pillars) == 1
        if not tree.pillars:
            self.bag.add("CHI107", "the spec defines no pillars", tree.span,
                         'add a pillar: pillar "Name" { metric m from "data.csv" }')
        index_missing = clauses.value("missing", "reweight")
        index_status = self._status(clauses.get("status"))
        pillars: list[m.Pillar] = []
        weights = self._group_weights(
            [(p.name, _Clauses({c.kind: c for c in p.clauses if c.kind == "weight"}), p.name_span) for p in tree.pillars],
            clauses.value("weights", "fixed"),
            "pillar",
            is_card,
            tree.name_span,
        )
        self._check_unique([(p.name, p.name_span) for p in tree.pillars], "pillar")
        for decl, (weight, declared) in zip(tree.pillars, weights):
            pillar = self._pillar(decl, weight, declared, index_missing, index_status, is_card)
            if pillar is not None:
                pillars.append(pillar)

        rounding = self._rounding(clauses.get("round"))
        output_scale = self._output_scale(clauses.get("output_scale"))
        aggregation = clauses.value("aggregation", "arithmetic")
        index = m.Index(
            name=tree.name,
            title=clauses.value("title"),
            version=clauses.value("version"),
            owner=clauses.value("owner"),
            description=clauses.value("description"),
            period=self.period,
            by=self.by,
            rounding=rounding,
            output_scale=output_scale,
            status=index_status,
            aggregation=aggregation,
            missing=index_missing,
            pillars=tuple(pillars),
            sources=tuple(self.sources.values()) + tuple(self.path_sources.values()),
            is_card=is_card,
            spec_path=self.spec_path,
            span=tree.span,
        )
        if aggregation == "geometric" and pillars:
            self._geometric_warning(
                [(p.name, p.span) for p in pillars if _pillar_can_be_zero(p)],
                "the index", clauses.get("aggregation"),
            )
        self._check_period_dates(index)
        if self.bag.has_errors:
            return index if pillars else None
        return index

    def _period(self, clause: st.Clause | None) -> str | None:
        if clause is None:
            return None
        if clause.value not in PERIODS:
            close = difflib.get_close_matches(clause.value, PERIODS, 1)
            self.bag.add(
                "CHI207", f"unknown period `{clause.value}`", clause.keyword_span,
                (f"did you mean `{close[0]}`? " if close else "") + "periods: " + ", ".join(PERIODS),
            )
            return None
        return clause.value

    def _rounding(self, clause: st.Clause | None) -> m.Rounding:
        if clause is None:
            return m.Rounding()
        digits, mode = clause.value
        if digits > 12:
            self.bag.add("CHI316", f"round {digits} asks for more decimals than scores carry", clause.span,
                         "use at most 12 decimals")
            digits = 12
        if mode in (None, "half_up", "half_away_from_zero"):
            mode = "half_away_from_zero"
        return m.Rounding(digits, mode)

    def _output_scale(self, clause: st.Clause | None) -> tuple[float, float]:
        if clause is None:
            return (0.0, 100.0)
        rng: st.RangeLit = clause.value
        if rng.low.value >= rng.high.value:  # exact values: see _double_range for precision
            self.bag.add("CHI315", f"output scale {rng.low.shown}..{rng.high.shown} is empty or reversed",
                         rng.span, "write the low end first, e.g. output scale 0..10")
            return (0.0, 100.0)
        if not self._double_range(rng, "output scale"):
            return (0.0, 100.0)
        return (_number(rng.low), _number(rng.high))

    def _double_range(self, rng: st.RangeLit, what: str) -> bool:
        """CHI321 unless LO < HI (exactly) stay apart and 100·(HI − LO) fits in a double.

        Scores divide by HI − LO (and the output scale multiplies by it): goalposts
        that are equal once read as doubles divide by zero, and a width beyond the
        double range makes every score NaN and the SQL divide by infinity.
        """
        low, high = _number(rng.low), _number(rng.high)
        if low == high:
            self.bag.add("CHI321", f"{what} {rng.low.shown}..{rng.high.shown}: the goalposts differ only beyond the "
                         "17 significant digits a double holds, so they are the same number when computed", rng.span,
                         "write goalposts that differ within 15 significant digits, or rescale the values "
                         "(subtract a common offset, change the unit)")
            return False
        if not math.isfinite(100.0 * (high - low)):
            self.bag.add("CHI321", f"{what} {rng.low.shown}..{rng.high.shown} is too wide: 100·(HI − LO) overflows "
                         "double precision (about 1.8e308)", rng.span,
                         "keep the goalposts within about 1e306 of each other; rescale the values if they are that large")
            return False
        return True

    def _status(self, clause: st.Clause | None) -> tuple[m.StatusBand, ...]:
        if clause is None:
            return ()
        bands: tuple[st.Band, ...] = clause.value
        result = [m.StatusBand(b.op, None if b.threshold is None else _number(b.threshold), b.result)
                  for b in bands]
        self._check_band_order(bands, clause.span, "status")
        return tuple(result)

    def _check_band_order(self, bands: tuple[st.Band, ...], span: Span, what: str) -> bool:
        # `what` is "bands" or "status": the group is "bands" or "status bands".
        group = "bands" if what == "bands" else f"{what} bands"
        thresholds = [b for b in bands if b.op is not None]
        elses = [b for b in bands if b.op is None]
        ok = True
        if not elses or bands[-1].op is not None:
            self.bag.add("CHI310", f"{group} must end with `else`", span,
                         f"add a last band: else {'0' if what == 'bands' else chr(34) + 'at risk' + chr(34)}")
            ok = False
        if len(elses) > 1:
            self.bag.add("CHI310", f"{group} have more than one `else`", elses[1].span,
                         "keep one `else`, as the last band")
            ok = False
        ops = {b.op for b in thresholds}
        if ops - {">=", ">"} and ops - {"<=", "<"}:
            self.bag.add("CHI310", f"{group} mix `>` and `<` thresholds", span,
                         "use one direction: >= from the highest threshold down, or <= from the lowest up")
            return False
        if ops & {"=", "==", "!="}:
            self.bag.add("CHI310", f"{group} use `=`; they need ordered thresholds", span,
                         "use >= from the highest threshold down (or <= from the lowest up), then `else`")
            return False
        descending = bool(ops) and ops <= {">=", ">"}
        for previous, band in zip(thresholds, thresholds[1:]):
            bad = band.threshold.value >= previous.threshold.value if descending else band.threshold.value <= previous.threshold.value
            if bad:
                self.bag.add(
                    "CHI310",
                    f"{group}: thresholds are not in order: {band.op} {band.threshold.shown} after {previous.op} {previous.threshold.shown}",
                    band.span,
                    "bands are tried in order; list `>=` thresholds from high to low (`<=` from low to high)",
                )
                ok = False
                break
        if ok:
            for previous, band in zip(thresholds, thresholds[1:]):
                if _number(previous.threshold) == _number(band.threshold):
                    # Raw values are doubles: the second band could never be reached.
                    self.bag.add(
                        "CHI321",
                        f"{group}: thresholds {previous.threshold.shown} and {band.threshold.shown} are the same "
                        "number in double precision (they differ beyond its 17 significant digits)",
                        band.threshold.span,
                        "make the thresholds differ within 15 significant digits",
                    )
                    ok = False
                    break
        return ok

    # ---------------------------------------------------------------- sources

    def _source(self, decl: st.SourceDecl) -> None:
        if decl.name in keywords():
            self.bag.add("CHI105", f"`{decl.name}` is a keyword and cannot be a source name", decl.name_span,
                         "choose another name")
        if decl.name in self.sources:
            first = self.sources[decl.name]
            self.bag.add("CHI201", f"source `{decl.name}` is declared twice", decl.name_span,
                         "rename one of them", [Label(first.span, "first declared here")])
            return
        self.sources[decl.name] = self._build_source(decl.name, decl.path, decl.options, decl.span, decl.path_span)

    def _build_source(self, name: str, path: str, options: tuple[st.SourceOption, ...], span: Span,
                      path_span: Span) -> m.Source:
        opts: dict[str, st.SourceOption] = {}
        for option in options:
            if option.key in opts:
                self.bag.add("CHI106", f"source option `{option.key}` given twice", option.span,
                             "keep one of them", [Label(opts[option.key].span, "first given here")])
                continue
            opts[option.key] = option

        def value(key, default=None):
            return opts[key].value if key in opts else default

        suffix = Path(path).suffix.lower()
        fmt = value("format") or FORMATS.get(suffix)
        if fmt not in ("csv", "tsv", "json", "jsonl"):
            where = opts["format"].span if "format" in opts else path_span
            self.bag.add("CHI207", f"cannot tell the format of source `{name}` ({path})" if "format" not in opts
                         else f"unknown source format `{fmt}`", where,
                         'name a format: { format csv } (csv, tsv, json, jsonl)')
            fmt = "csv"
        delimiter = value("delimiter", "\t" if fmt == "tsv" else ",")
        if delimiter in ("\\t", "tab"):
            delimiter = "\t"
        decimal = value("decimal", ".")
        thousands = value("thousands")
        encoding = value("encoding", "utf-8")
        for key, text in (("delimiter", delimiter), ("decimal", decimal), ("thousands", thousands)):
            if text is not None and len(text) != 1:
                self.bag.add("CHI317", f"{key} must be one character, not {text!r}", opts[key].span)
        if decimal not in (".", ","):
            self.bag.add("CHI317", f"decimal mark must be \".\" or \",\", not {decimal!r}", opts["decimal"].span)
        if thousands is not None and thousands == decimal:
            self.bag.add("CHI317", "thousands separator and decimal mark are the same", opts["thousands"].span)
        if fmt in ("csv", "tsv") and decimal == delimiter:
            self.bag.add("CHI317", "decimal mark and delimiter are the same", opts.get("decimal", opts.get("delimiter")).span,
                         'decimal commas go with delimiter ";"')
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            self.bag.add("CHI317", f"unknown encoding {encoding!r}", opts["encoding"].span,
                         'e.g. "utf-8", "latin-1", "cp1252"')
            encoding = "utf-8"
        date: st.Column | None = value("date")
        unit: st.Column | None = value("unit")
        if unit is not None and self.by is None:
            self.bag.add("CHI320", f"source `{name}` names a unit column but the index has no `by`, so it is ignored",
                         opts["unit"].span, "add `by COLUMN` to the index, or remove the option")
        date_format = value("date_format")
        if date_format is not None and not date_format.strip():
            # An empty format matches only empty cells: every date would fail to read.
            self.bag.add("CHI317", f"date_format {date_format!r} is empty", opts["date_format"].span,
                         'write the layout of the dates with strptime directives, e.g. date_format "%d/%m/%Y", '
                         "or remove the option for ISO dates")
        elif date_format is not None:
            bad = _bad_date_directive(date_format)
            if bad is not None:
                self.bag.add("CHI317", f"date_format {date_format!r} has an unknown directive `{bad}`",
                             opts["date_format"].span,
                             "directives are those of strptime: %Y %m %d %H %M %S %z %a %b ...")
        resolved = (self.base_dir / path) if not Path(path).is_absolute() else Path(path)
        return m.Source(
            name=name,
            path=resolved,
            display_path=path,
            format=fmt,
            delimiter=delimiter,
            decimal=decimal,
            thousands=thousands,
            encoding=encoding,
            missing_values=tuple(value("missing_values", ())),
            date_column=date.path if date else None,
            date_format=value("date_format"),
            unit_column=unit.path if unit else self.by,
            skip_footer=value("skip_footer", 0),
            span=span,
            path_span=path_span,
        )

    def _source_for(self, clause: st.Clause | None, metric: st.MetricDecl) -> m.Source | None:
        if clause is None:
            self.bag.add("CHI203", f"metric `{metric.name}` has no `from`", metric.name_span,
                         'say where its data comes from: from SOURCE or from "file.csv"')
            return None
        kind, name = clause.value
        if kind == "path":
            if name not in self.path_sources:
                self.path_sources[name] = self._build_source(name, name, (), clause.span, clause.span)
            return self.path_sources[name]
        if name in self.sources:
            return self.sources[name]
        close = difflib.get_close_matches(name, list(self.sources), 1)
        hint = f"did you mean `{close[0]}`?" if close else (
            "declared sources: " + ", ".join(self.sources) if self.sources
            else f'declare it: source {name} = "file.csv", or quote a path: from "{name}.csv"')
        self.bag.add("CHI202", f"unknown source `{name}`", clause.span, hint)
        return None

    def _check_period_dates(self, index: m.Index) -> None:
        if index.period is None:
            return
        for source in index.used_sources():
            if source.date_column is None:
                self.bag.add(
                    "CHI314",
                    f"the index is evaluated per {index.period} but source `{source.name}` has no date column",
                    source.span,
                    f"add {{ date COLUMN }} to the source" if source.name != source.display_path
                    else f'declare it: source s = "{source.display_path}" {{ date COLUMN }}',
                )

    # --------------------------------------------------------------- weights

    def _group_weights(self, members, mode: str, what: str, is_card: bool, group_span: Span):
        """Normalised weight and written text per member; checks CHI301-304."""
        written: list[tuple[st.Clause | None, Fraction | None]] = []
        for _, clauses, _ in members:
            clause = clauses.get("weight")
            if clause is None:
                written.append((None, None))
                continue
            value = weight_fraction(clause.value)
            if value is None:
                self.bag.add("CHI302", f"weight {clause.value.shown} divides by zero", clause.value.span,
                             "a fraction weight needs a non-zero denominator: write e.g. 1/4 (or 25%, 0.25)")
            written.append((clause, value))
        n = len(members)
        if n == 0:
            return []
        given = [c for c, _ in written if c is not None]
        if given and len(given) != n:
            missing = [members[i][0] for i, (c, _) in enumerate(written) if c is None]
            self.bag.add(
                "CHI304",
                f"{len(given)} of {n} {what}s have a weight; {', '.join(repr(x) for x in missing[:3])} "
                f"{'has' if len(missing) == 1 else 'have'} none",
                members[[i for i, (c, _) in enumerate(written) if c is None][0]][2],
                "give every item a weight, or none for equal shares",
            )
            return [(Fraction(1, n), None)] * n
        if not given:
            return [(Fraction(1, n), None)] * n
        values = [v for _, v in written]
        for (clause, value) in written:
            if value is None:
                continue
            if value < 0:
                self.bag.add("CHI302", f"weight {clause.value.shown} is negative", clause.value.span,
                             "weights are shares; mark costs with lower_is_better instead")
            elif value == 0:
                self.bag.add("CHI303", f"weight {clause.value.shown} is zero: this {what} cannot move the score",
                             clause.value.span, f"remove the {what}, or give it a weight")
        if any(v is None or v < 0 for v in values):
            return [(Fraction(1, n), c.value.text) for c, _ in written]
        total = sum(values, Fraction(0))
        texts = [c.value.text for c, _ in written]
        if mode == "relative":
            if total == 0:
                self.bag.add("CHI301", f"relative {what} weights are all zero", written[0][0].value.span,
                             "give at least one a weight above 0")
                return [(Fraction(1, n), t) for t in texts]
            return [(v / total, t) for v, t in zip(values, texts)]
        if total != 1:
            if is_card and total < 1 and total > 0:
                # A card is a fragment of a larger index: its weights are its share
                # there, so they need not complete 100% here (CHI319, info only).
                self.bag.add("CHI319", f"card: {what} weights sum to {format_percent(total)}; the rest of the "
                             "index is not in this file, so the sum is not checked",
                             written[0][0].value.span,
                             'wrap the pillars in index "Name" { ... } to check the full index')
                return [(v / total, t) for v, t in zip(values, texts)]
            # Every weight is a label with its value, the first one included (it is
            # also the primary span): JSON and SARIF readers get the whole group.
            labels = [Label(c.value.span, format_percent(v)) for c, v in written]
            self.bag.add(
                "CHI301",
                f"{what} weights sum to {describe_shortfall(total)}",
                labels[0].span,
                "fix the weights so they add up to 100%, write exact shares like 1/3, "
                "or declare `weights relative` to normalise them by their sum",
                labels,
            )
            if total == 0:
                return [(Fraction(1, n), t) for t in texts]
            return [(v / total, t) for v, t in zip(values, texts)]
        return [(v, t) for v, t in zip(values, texts)]

    def _check_unique(self, names: list[tuple[str, Span]], what: str) -> None:
        seen: dict[str, Span] = {}
        for name, span in names:
            if name in seen:
                self.bag.add("CHI201", f"{what} name {name!r} is used twice", span, "rename one of them",
                             [Label(seen[name], "first used here")])
            else:
                seen[name] = span

    # ----------------------------------------------------------------- pillar

    def _pillar(self, decl: st.PillarDecl, weight: Fraction, declared: str | None, index_missing: str,
                index_status, is_card: bool) -> m.Pillar | None:
        clauses = _unique_clauses(decl.clauses, f"pillar {decl.name!r}", self.bag)
        missing = clauses.value("missing", index_missing)
        if not decl.metrics:
            self.bag.add("CHI108", f"pillar {decl.name!r} has no metrics", decl.name_span,
                         "add a metric, or remove the pillar")
            return None
        self._check_unique([(x.name, x.name_span) for x in decl.metrics], "metric")
        metric_clauses = [_unique_clauses(x.clauses, f"metric `{x.name}`", self.bag) for x in decl.metrics]
        weights = self._group_weights(
            [(x.name, c, x.name_span) for x, c in zip(decl.metrics, metric_clauses)],
            clauses.value("weights", "fixed"),
            "metric",
            is_card,
            decl.name_span,
        )
        metrics = []
        for x, c, (w, text) in zip(decl.metrics, metric_clauses, weights):
            metric = self._metric(x, c, w, text, missing)
            if metric is not None:
                metrics.append(metric)
        status = self._status(clauses.get("status")) or index_status
        aggregation = clauses.value("aggregation", "arithmetic")
        pillar = m.Pillar(decl.name, weight, declared, tuple(metrics), aggregation, missing, status,
                          clauses.value("description"), decl.span)
        if aggregation == "geometric":
            self._geometric_warning([(x.name, x.span) for x in metrics if _metric_can_be_zero(x)],
                                    f"pillar {decl.name!r}", clauses.get("aggregation"))
        return pillar

    def _geometric_warning(self, members, where: str, clause: st.Clause | None) -> None:
        if not members:
            return
        names = ", ".join(repr(n) for n, _ in members[:4]) + (" ..." if len(members) > 4 else "")
        self.bag.add(
            "CHI308",
            f"geometric aggregation of {where} over scores that can be 0 ({names})",
            clause.span if clause else members[0][1],
            "one zero score makes the geometric mean 0; keep scores above 0 or aggregate arithmetically",
        )

    # ----------------------------------------------------------------- metric

    def _metric(self, decl: st.MetricDecl, clauses: _Clauses, weight: Fraction, declared: str | None,
                pillar_missing: str) -> m.Metric | None:
        source = self._source_for(clauses.get("from"), decl)
        errors_before = len(self.bag.errors())
        where = None
        if (clause := clauses.get("where")) is not None:
            where = self._row(clause.value, "bool")
        value = self._metric_value(decl, clauses)
        normalisation = self._normalisation(decl, clauses)
        if value is not None and normalisation is not None:
            self._check_score_range(decl, value, normalisation, clauses)
        if source is None or value is None or normalisation is None or len(self.bag.errors()) > errors_before:
            return None
        return m.Metric(
            name=decl.name,
            weight=weight,
            declared_weight=declared,
            source=source,
            where=where,
            value=value,
            normalisation=normalisation,
            missing=clauses.value("missing", pillar_missing),
            unit=clauses.value("unit"),
            description=clauses.value("description"),
            span=decl.span,
        )

    def _metric_value(self, decl: st.MetricDecl, clauses: _Clauses) -> m.ValueExpr | None:
        value_clause = clauses.get("value")
        column_clause = clauses.get("column")
        aggregate_clause = clauses.get("aggregate")
        if value_clause is not None:
            for other in (column_clause, aggregate_clause):
                if other is not None:
                    self.bag.add("CHI208", f"metric `{decl.name}` has both `value` and `{_clause_word(other)}`",
                                 other.span, "a `value` expression names its own aggregates and columns",
                                 [Label(value_clause.span, "value given here")])
                    return None
            return self._value(value_clause.value)
        func, q_lit, share_where = aggregate_clause.value if aggregate_clause else ("mean", None, None)
        span = aggregate_clause.span if aggregate_clause else decl.name_span
        if func == "share":
            if column_clause is not None:
                self.bag.add("CHI208", "`share(where ...)` counts rows; `column` has no effect", column_clause.span,
                             "remove `column`")
                return None
            return m.Aggregate("share", None, self._row(share_where, "bool"), None, span)
        column = column_clause.value if column_clause else st.Column((decl.name,), decl.name_span)
        if func == "count" and column_clause is None:
            return m.Aggregate("count", None, None, None, span)
        cast = "number" if func in NUMERIC_AGGREGATES else "any"
        arg = m.ColumnRef(column.path, cast, column.span)
        q = None
        if func == "percentile":
            q = self._percentile_q(q_lit)
            if q is None:
                return None
        return m.Aggregate(func, arg, None, q, span)

    def _percentile_q(self, lit: st.NumberLit) -> Fraction | None:
        q = Fraction(lit.value) if lit.is_percent else Fraction(lit.value) / 100
        if not (0 <= q <= 1):
            self.bag.add("CHI312", f"percentile {lit.shown} is outside 0..100", lit.span,
                         "write e.g. percentile(95) or percentile(95%)")
            return None
        return q

    def _normalisation(self, decl: st.MetricDecl, clauses: _Clauses) -> m.Normalisation | None:
        norm = clauses.get("normalisation")
        direction = clauses.get("direction")
        log = clauses.get("log")
        lower = direction is not None and direction.value == "lower_is_better"
        kind, payload = norm.value if norm else ("none", None)
        stated = direction is not None
        if log is not None and kind != "scale":
            self.bag.add("CHI307", "`log` needs a `scale LO..HI` to apply to", log.span,
                         "e.g. log scale 100..75000")
            return None
        if direction is not None and kind in ("bands", "percent", "none"):
            self.bag.add("CHI313", f"`{direction.value}` has no effect with {'no normalisation' if kind == 'none' else '`' + kind + '`'}",
                         direction.span, "remove it, or use scale/target/minmax which take a direction")
        if kind == "scale":
            rng: st.RangeLit = payload
            if rng.low.value >= rng.high.value:  # exact values: precision is _double_range's
                reversed_hint = (f"write scale {rng.high.shown}..{rng.low.shown} and add lower_is_better"
                                 if rng.low.value > rng.high.value else "the goalposts must differ")
                self.bag.add("CHI305", f"scale {rng.low.shown}..{rng.high.shown}: the low goalpost must be below the high one",
                             rng.span, reversed_hint)
                return None
            if log is not None and rng.low.value <= 0:
                self.bag.add("CHI307", f"log scale needs positive goalposts, not {rng.low.shown}", rng.low.span,
                             "e.g. log scale 1..1000")
                return None
            if not self._double_range(rng, "log scale" if log is not None else "scale"):
                return None
            low, high = _number(rng.low), _number(rng.high)
            if log is not None and math.log(low) == math.log(high):
                self.bag.add("CHI321", f"log scale {rng.low.shown}..{rng.high.shown}: ln(LO) and ln(HI) are the same "
                             "number in double precision, so every score would divide by zero", rng.span,
                             "use goalposts further apart, or a scale without log")
                return None
            return m.Normalisation("scale", lower, low, high, log is not None, direction_stated=stated)
        if kind == "target":
            lit: st.NumberLit = payload
            if lit.value <= 0:
                self.bag.add("CHI306", f"target {lit.shown} must be above 0", lit.span,
                             "targets are reached by x/T; use a scale for ranges that include 0")
                return None
            target = _number(lit)
            if not math.isfinite(100.0 * target):
                # lower_is_better scores 100·T/x: the product must stay a number.
                self.bag.add("CHI321", f"target {lit.shown} is too large: 100·T overflows double precision "
                             "(about 1.8e308)", lit.span,
                             "keep targets below about 1e306; rescale the values if they are that large")
                return None
            return m.Normalisation("target", lower, target=target, direction_stated=stated)
        if kind == "bands":
            bands: tuple[st.Band, ...] = payload
            if not self._check_band_order(bands, norm.span, "bands"):
                return None
            out = []
            for band in bands:
                score = _number(band.result)
                if not 0 <= score <= 100:
                    self.bag.add("CHI310", f"band score {band.result.shown} is outside 0..100", band.result.span)
                    return None
                out.append(m.Band(band.op, None if band.threshold is None else _number(band.threshold), score))
            return m.Normalisation("bands", False, bands=tuple(out))
        if kind in ("minmax", "percentile_rank"):
            if self.by is None:
                self.bag.add("CHI309", f"`{kind}` ranks units against each other, but the index has no `by`",
                             norm.span, "add `by COLUMN` to the index, or use scale/target")
                return None
            return m.Normalisation(kind, lower, direction_stated=stated)
        return m.Normalisation(kind, False)

    def _check_score_range(self, decl, value: m.ValueExpr, norm: m.Normalisation, clauses: _Clauses) -> None:
        if norm.kind != "none":
            return
        span = clauses.get("aggregate").span if clauses.get("aggregate") else (
            clauses.get("value").span if clauses.get("value") else decl.name_span)
        if m.is_fraction_value(value):
            self.bag.add("CHI311", f"metric `{decl.name}` is a 0-1 fraction with no normalisation: 0.3 would score 0.3 out of 100",
                         span, "add `percent` to use it as a percentage, or a target such as `target 90%`")
        elif isinstance(value, m.Aggregate) and value.func in ("count", "sum", "count_distinct"):
            self.bag.add("CHI318", f"metric `{decl.name}` uses a {value.func} as a 0-100 score with no normalisation",
                         span, "add a `target N` or a `scale LO..HI`")

    # ------------------------------------------------------------ expressions

    def _value(self, expr: st.Expr) -> m.ValueExpr | None:
        """A metric's value: arithmetic over aggregates and numbers."""
        if isinstance(expr, st.Literal):
            if expr.kind in ("number", "percent"):
                return m.ValueConst(float(expr.value), expr.span)
            self.bag.add("CHI209", f"a metric value must be a number, not {expr.kind} {expr.value!r}", expr.span)
            return None
        if isinstance(expr, st.Binary) and expr.op in ("+", "-", "*", "/"):
            left, right = self._value(expr.left), self._value(expr.right)
            if left is None or right is None:
                return None
            return m.ValueOp(expr.op, (left, right), expr.span)
        if isinstance(expr, st.Unary) and expr.op == "-":
            operand = self._value(expr.operand)
            return None if operand is None else m.ValueOp("neg", (operand,), expr.span)
        if isinstance(expr, st.Call) and expr.name in AGGREGATES:
            return self._aggregate_call(expr)
        if isinstance(expr, st.Column):
            self.bag.add("CHI206", f"column `{expr.dotted}` is used outside an aggregate", expr.span,
                         f"aggregate it over the rows, e.g. mean({expr.dotted}) or sum({expr.dotted})")
            return None
        if isinstance(expr, st.Call) and expr.name in ROW_FUNCTIONS:
            self.bag.add("CHI206", f"`{expr.name}(...)` works per row; wrap it in an aggregate", expr.span,
                         f"e.g. median({expr.name}(...))")
            return None
        if isinstance(expr, st.Call):
            self._unknown_function(expr)
            return None
        self.bag.add("CHI206", "a metric value is arithmetic over aggregates; conditions go in `where`",
                     expr.span, "e.g. value count(where status = \"resolved\") / count()")
        return None

    def _aggregate_call(self, call: st.Call) -> m.Aggregate | None:
        name = call.name
        where = self._row(call.where, "bool") if call.where is not None else None
        args = call.args
        if name == "share":
            if args or call.where is None:
                self.bag.add("CHI205", "share takes only a condition: share(where ...)", call.span,
                             'e.g. share(where status = "resolved")')
                return None
            return m.Aggregate("share", None, where, None, call.span)
        if name == "count":
            if len(args) > 1:
                self.bag.add("CHI205", "count takes at most one expression", call.span, "count(), count(x), count(where ...)")
                return None
            arg = self._row(args[0], "any") if args else None
            return m.Aggregate("count", arg, where, None, call.span)
        if name == "percentile":
            if len(args) != 2 or not (isinstance(args[1], st.Literal) and args[1].kind in ("number", "percent")):
                self.bag.add("CHI205", "percentile takes an expression and a number: percentile(x, 90)", call.span)
                return None
            lit = args[1]
            q_lit = st.NumberLit(str(lit.value), lit.value if lit.kind == "percent" else lit.value,
                                 lit.kind == "percent", lit.span)
            q = self._percentile_q(q_lit)
            if q is None:
                return None
            arg = self._row(args[0], "number")
            return None if arg is None else m.Aggregate("percentile", arg, where, q, call.span)
        if len(args) != 1:
            self.bag.add("CHI205", f"{name} takes one expression: {name}(x)", call.span,
                         f"e.g. {name}(score) or {name}(score where channel = \"forum\")")
            return None
        arg = self._row(args[0], "number" if name in NUMERIC_AGGREGATES else "any")
        return None if arg is None else m.Aggregate(name, arg, where, None, call.span)

    def _unknown_function(self, call: st.Call) -> None:
        known = sorted(set(AGGREGATES) | set(ROW_FUNCTIONS))
        close = difflib.get_close_matches(call.name, known, 1)
        self.bag.add("CHI204", f"unknown function `{call.name}`", call.name_span,
                     (f"did you mean `{close[0]}`? " if close else "") + "functions: " + ", ".join(known))

    def _row(self, expr: st.Expr, expected: str) -> m.RowExpr | None:
        """A per-row expression. ``expected`` is the type the context reads it as."""
        if isinstance(expr, st.Column):
            cast = {"duration": "date"}.get(expected, expected)
            return m.ColumnRef(expr.path, cast, expr.span)
        if isinstance(expr, st.Literal):
            if expr.kind in ("number", "percent"):
                return m.Const(float(expr.value), "number", expr.span)
            return m.Const(expr.value, expr.kind, expr.span)
        if isinstance(expr, st.Unary):
            if expr.op == "not":
                operand = self._row(expr.operand, "bool")
                return None if operand is None else m.RowOp("not", (operand,), None, expr.span)
            operand = self._row(expr.operand, "number")
            return None if operand is None else m.RowOp("neg", (operand,), None, expr.span)
        if isinstance(expr, st.IsMissing):
            operand = self._row(expr.operand, "any")
            op = "is_not_missing" if expr.negated else "is_missing"
            return None if operand is None else m.RowOp(op, (operand,), None, expr.span)
        if isinstance(expr, st.InList):
            kinds = {self._literal_kind(i) for i in expr.items}
            if None in kinds or len(kinds) > 1:
                self.bag.add("CHI209", "`in [...]` takes a list of literals of one type", expr.span,
                             'e.g. status in ["open", "pending"]')
                return None
            kind = kinds.pop() if kinds else "string"
            operand = self._row(expr.operand, kind)
            items = tuple(self._row(i, kind) for i in expr.items)
            if operand is None or any(i is None for i in items):
                return None
            return m.RowOp("not_in" if expr.negated else "in", (operand,) + items, kind, expr.span)
        if isinstance(expr, st.Call):
            return self._row_call(expr)
        if isinstance(expr, st.Binary):
            return self._row_binary(expr, expected)
        raise AssertionError(f"unhandled expression {expr!r}")  # pragma: no cover

    @staticmethod
    def _literal_kind(expr: st.Expr) -> str | None:
        if isinstance(expr, st.Literal):
            return {"percent": "number"}.get(expr.kind, expr.kind)
        if isinstance(expr, st.Unary) and expr.op == "-" and isinstance(expr.operand, st.Literal):
            return "number"
        return None

    def _row_call(self, call: st.Call) -> m.RowExpr | None:
        if call.name in AGGREGATES:
            self.bag.add("CHI206", f"aggregate `{call.name}` inside a row expression", call.span,
                         "aggregates combine rows; inside `where` and aggregate arguments only row values are allowed")
            return None
        if call.name not in ROW_FUNCTIONS:
            self._unknown_function(call)
            return None
        if len(call.args) != 1 or call.where is not None:
            self.bag.add("CHI205", f"{call.name} takes one argument: {call.name}(x)", call.span)
            return None
        arg = self._row(call.args[0], ROW_FUNCTIONS[call.name])
        return None if arg is None else m.RowOp(call.name, (arg,), None, call.span)

    def _row_binary(self, expr: st.Binary, expected: str) -> m.RowExpr | None:
        op = expr.op
        if op in ("and", "or"):
            left, right = self._row(expr.left, "bool"), self._row(expr.right, "bool")
            return None if left is None or right is None else m.RowOp(op, (left, right), None, expr.span)
        if op in ("+", "-", "*", "/"):
            if op == "-" and expected == "duration":
                left, right = self._row(expr.left, "date"), self._row(expr.right, "date")
                return None if left is None or right is None else m.RowOp("date_diff", (left, right), None, expr.span)
            if expected == "duration":
                self.bag.add("CHI209", "hours()/days() take a difference of two dates: hours(a - b)", expr.span)
                return None
            left, right = self._row(expr.left, "number"), self._row(expr.right, "number")
            return None if left is None or right is None else m.RowOp(op, (left, right), None, expr.span)
        if op == "contains":
            left, right = self._row(expr.left, "any"), self._row(expr.right, "string")
            return None if left is None or right is None else m.RowOp("contains", (left, right), "string", expr.span)
        # comparison
        kinds = {k for k in (self._static_kind(expr.left), self._static_kind(expr.right)) if k is not None}
        if "missing" in kinds:
            other = expr.right if self._static_kind(expr.left) == "missing" else expr.left
            if op not in ("==", "!="):
                self.bag.add("CHI209", "`missing` can only be compared with = or !=", expr.span,
                             "write `x is missing` / `x is not missing`")
                return None
            operand = self._row(other, "any")
            return None if operand is None else m.RowOp("is_missing" if op == "==" else "is_not_missing",
                                                        (operand,), None, expr.span)
        if len(kinds) > 1:
            self.bag.add("CHI209", f"cannot compare {' with '.join(sorted(kinds))}", expr.span,
                         "compare like with like")
            return None
        if kinds:
            compare_as = kinds.pop()
        else:
            compare_as = "string" if op in ("==", "!=") else "number"
        if compare_as in ("string", "bool") and op not in ("==", "!="):
            self.bag.add("CHI209", f"`{op}` orders numbers; {compare_as} values can only be compared with = or !=",
                         expr.span, None)
            return None
        left, right = self._row(expr.left, compare_as), self._row(expr.right, compare_as)
        return None if left is None or right is None else m.RowOp(op, (left, right), compare_as, expr.span)

    def _static_kind(self, expr: st.Expr) -> str | None:
        """The type an expression has without looking at data (None: a column)."""
        if isinstance(expr, st.Literal):
            return {"percent": "number"}.get(expr.kind, expr.kind)
        if isinstance(expr, st.Binary):
            if expr.op in ("+", "-", "*", "/"):
                return "number"
            return "bool"
        if isinstance(expr, st.Unary):
            return "number" if expr.op == "-" else "bool"
        if isinstance(expr, st.Call):
            kind = ROW_FUNCTIONS.get(expr.name)
            return "number" if kind in ("duration", "number") or expr.name == "length" else kind
        if isinstance(expr, (st.IsMissing, st.InList)):
            return "bool"
        return None


_DATE_DIRECTIVES = set("aAbBcdfGHIjmMpSuUVwWxXyYzZ%")


def _bad_date_directive(date_format: str) -> str | None:
    """The first ``%x`` directive strptime does not know (it would fail on every cell)."""
    i = 0
    while i < len(date_format):
        if date_format[i] == "%":
            if i + 1 >= len(date_format):
                return "%"
            if date_format[i + 1] not in _DATE_DIRECTIVES:
                return date_format[i:i + 2]
            i += 2
            continue
        i += 1
    return None


def _metric_can_be_zero(metric: m.Metric) -> bool:
    norm = metric.normalisation
    if norm.kind == "target":
        return not norm.lower_is_better
    if norm.kind == "bands":
        return any(b.score == 0 for b in norm.bands)
    return True


def _pillar_can_be_zero(pillar: m.Pillar) -> bool:
    if pillar.aggregation == "geometric":
        return any(_metric_can_be_zero(x) for x in pillar.metrics)
    return all(_metric_can_be_zero(x) for x in pillar.metrics)
