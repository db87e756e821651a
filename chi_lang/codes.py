"""The catalogue of diagnostic codes: one place that feeds the CLI, the docs and tests.

Codes are grouped by pipeline stage and never renumbered:

* ``CHI1xx`` reading and syntax
* ``CHI2xx`` names and references (resolve)
* ``CHI3xx`` validation of the resolved model
* ``CHI4xx`` data (reading sources, evaluating)
* ``CHI5xx`` back-ends (SQL, output files)
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str = ""
    fix: str = ""


_ALL = [
    # ---- reading and syntax ------------------------------------------------
    Code("CHI101", "unreadable-spec", E, "The spec file cannot be read or decoded.",
         "chi-lang reads specs as UTF-8 (a BOM is accepted); a missing file or other bytes cannot be parsed.",
         "chi-lang check missing.chi", "Check the path; save the file as UTF-8."),
    Code("CHI102", "syntax-error", E, "The parser met a token it did not expect here.",
         "The spec does not follow the grammar; the message names what was expected in words.",
         'pillar "A" weight 50% { metric m weight }', "Write what the message says was expected."),
    Code("CHI103", "unexpected-end", E, "The file ended in the middle of a construct.",
         "Usually an unclosed `{`, `<` or `(`.",
         'index "X" {', "Close the block."),
    Code("CHI104", "invalid-character", E, "A character that is not part of the language.",
         "chi-lang has no semicolons and no single-quoted strings; an unterminated string also lands here.",
         "metric m weight 0.5;", "Remove the character, or put text in double quotes."),
    Code("CHI105", "keyword-as-name", E, "A keyword is used as a bare name.",
         "Bare names that are keywords make specs ambiguous to read.",
         "metric count weight 1", 'Quote the name: metric "count" weight 1'),
    Code("CHI106", "duplicate-clause", E, "A clause is given twice in the same place.",
         "Each clause may appear at most once per index, source, pillar or metric; the second would silently win.",
         "metric m weight 0.5 weight 0.4", "Keep one of them."),
    Code("CHI107", "empty-spec", E, "The spec defines no pillars.",
         "An index needs at least one pillar with one metric.",
         'index "X" { }', "Add a pillar with a metric."),
    Code("CHI108", "empty-pillar", E, "A pillar has no metrics.",
         "A pillar score is a weighted mean of its metrics; with none it can never have data.",
         'pillar "A" { }', "Add metrics or remove the pillar."),
    # ---- names and references ----------------------------------------------
    Code("CHI201", "duplicate-name", E, "Two pillars, metrics of one pillar, or sources share a name.",
         "Results are keyed by name; duplicates make them ambiguous. Names are compared after Unicode NFC normalisation.",
         'pillar "A" {...} pillar "A" {...}', "Rename one of them."),
    Code("CHI202", "unknown-source", E, "A metric reads from a source that is not declared.",
         "`from NAME` must name a `source` of the index; a path must be written as a quoted string.",
         "metric m from tickts", "Fix the name, declare the source, or quote a file path."),
    Code("CHI203", "no-source", E, "A metric does not say where its data comes from.",
         "Every metric needs `from SOURCE` (a declared source or a quoted file path).",
         "metric m weight 1", 'metric m weight 1 from "data.csv"'),
    Code("CHI204", "unknown-function", E, "A call to a function chi-lang does not know.",
         "Only the documented aggregates and row functions exist.",
         "value avg(x)", "Use one of the functions listed in the hint."),
    Code("CHI205", "bad-arguments", E, "A function is called with the wrong arguments.",
         "Each function takes a fixed shape of arguments.",
         "value percentile(x)", "value percentile(x, 90)"),
    Code("CHI206", "aggregate-placement", E, "An aggregate is used inside a row expression, or a column outside an aggregate.",
         "A metric value is an expression of aggregates over rows; row expressions are evaluated per row.",
         "value x / count()", "value sum(x) / count()"),
    Code("CHI207", "unknown-option", E, "An option value is not one of the allowed ones.",
         "Periods, formats, encodings and similar options take a fixed set of values.",
         "period fortnight", "Use one of the values listed in the hint."),
    Code("CHI208", "conflicting-clauses", E, "Two clauses that cannot be combined.",
         "For example `column` with `value`, an aggregate with `value`, or two normalisations.",
         "metric m column x value count()", "Keep one of them."),
    Code("CHI209", "type-mismatch", E, "An expression combines values of incompatible types.",
         "For example a text compared with `<`, or `and` over numbers.",
         'where status > "a"', "Compare like with like."),
    # ---- validation ----------------------------------------------------------
    Code("CHI301", "weights-do-not-sum", E, "Weights of a group do not sum to exactly 100%.",
         "Weights are exact fractions; a group that sums to 99.9% silently loses 0.1% of the index.",
         "three pillars of weight 33.3%", "Fix the weights, write 1/3, or declare `weights relative`."),
    Code("CHI302", "negative-weight", E, "A weight is negative.",
         "A negative weight makes a better metric lower the index.",
         "metric m weight -0.2", "Use a non-negative weight (and `lower_is_better` for costs)."),
    Code("CHI303", "zero-weight", W, "A weight is zero.",
         "A zero-weight item is computed but cannot move the index.",
         "metric m weight 0", "Remove the metric or give it a weight."),
    Code("CHI304", "mixed-weights", E, "Some items of a group have weights and others do not.",
         "Either every item of a group states its weight, or none does (equal shares).",
         "metric a weight 0.5  metric b", "Give every item a weight or none."),
    Code("CHI305", "bad-goalposts", E, "A scale's low goalpost is not below its high goalpost.",
         "`scale LO..HI` divides by HI-LO: equal goalposts divide by zero, reversed ones invert the direction silently.",
         "scale 5..1", "Write scale 1..5 and add lower_is_better if lower is better."),
    Code("CHI306", "zero-target", E, "A target of 0.",
         "`target T` divides by T.",
         "target 0", "Use a positive target, or a scale."),
    Code("CHI307", "log-needs-positive-scale", E, "`log` without a scale, or with a goalpost <= 0.",
         "The logarithm is applied to x, LO and HI; it is defined only for positive numbers.",
         "log scale 0..100", "log scale 1..100"),
    Code("CHI308", "geometric-zero", W, "Geometric aggregation over scores that can be 0.",
         "One zero score makes a geometric mean 0 whatever the other scores are.",
         "geometric pillar with a metric `scale 0..10`", "Make sure scores stay above 0, or use arithmetic aggregation."),
    Code("CHI309", "relative-needs-units", E, "`minmax` or `percentile_rank` without `by`.",
         "Relative normalisations rank units against each other; without `by` there is one unit.",
         "metric m minmax", "Add `by COLUMN` to the index, or use an absolute normalisation."),
    Code("CHI310", "bad-bands", E, "Bands or status bands are not ordered, or have no `else`.",
         "Bands are tried in order; thresholds must be strictly ordered in one direction and end with `else`.",
         "bands { >= 4 -> 80, >= 4.5 -> 100 }", "bands { >= 4.5 -> 100, >= 4 -> 80, else 0 }"),
    Code("CHI311", "fraction-without-normalisation", W, "A 0-1 value (share or ratio) used as a score with no normalisation.",
         "Scores are 0-100: a share of 0.3 would score 0.3, not 30.",
         "metric m share(where ok)", "Add `percent`, or a `target` such as `target 90%`."),
    Code("CHI312", "bad-percentile", E, "A percentile outside 0..100.",
         "`percentile(q)` takes q from 0 to 100 (or a percentage).",
         "percentile(150)", "percentile(95)"),
    Code("CHI313", "direction-ignored", W, "A direction that the normalisation does not use.",
         "`bands`, `percent` and no normalisation take the score as written; `lower_is_better` would be ignored.",
         "metric m lower_is_better percent", "Remove the direction, or use scale/target."),
    Code("CHI314", "period-without-date", E, "`period` is set but a source has no `date` column.",
         "Evaluating per period needs each source's date column.",
         'period month  source s = "s.csv"', 'source s = "s.csv" { date created_at }'),
    Code("CHI315", "bad-output-scale", E, "An output scale whose low end is not below its high end.",
         "The output scale maps 0-100 onto LO..HI.",
         "output scale 10..0", "output scale 0..10"),
    Code("CHI316", "bad-round", E, "A rounding precision beyond 12 decimals.",
         "Scores are double precision; more decimals than that are noise.",
         "round 20", "round 2"),
    Code("CHI317", "bad-source-option", E, "A source option value that cannot work.",
         "Delimiters, decimal marks and thousands separators are single characters and must differ; encodings must exist.",
         'source s = "s.csv" { delimiter ";;" }', 'source s = "s.csv" { delimiter ";" }'),
    Code("CHI318", "no-normalisation-range", W, "A metric with no normalisation whose aggregate is not a 0-100 score.",
         "With no normalisation the raw value is used as the score; counts and sums rarely are scores.",
         "metric m count", "Add a target or scale."),
    Code("CHI319", "card-partial-weights", I, "A card (one bare pillar) whose weights are checked as parts of a larger index.",
         "A file holding a single bare pillar describes a fragment; its weights cannot be checked for completeness.",
         'pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >', ""),
    # ---- data ----------------------------------------------------------------
    Code("CHI401", "source-not-found", E, "A source file does not exist or cannot be opened.",
         "A source that fails to read is an error, never missing data: broken data must not raise a score.",
         'source s = "missing.csv"', "Check the path (relative to the spec file)."),
    Code("CHI402", "undecodable-source", E, "A source file is not in its declared encoding.",
         "Guessing an encoding would silently garble names.",
         "a Latin-1 file read as UTF-8", 'source s = "s.csv" { encoding "latin-1" }'),
    Code("CHI403", "empty-source", E, "A source file is empty (0 bytes), or has no header.",
         "An empty file is usually a failed export, not a period with no activity.",
         "", "Check the export that wrote the file."),
    Code("CHI404", "unknown-column", E, "A column that the source does not have.",
         "A typo would otherwise make a metric silently missing.",
         "column satisfation", "Use one of the available columns listed."),
    Code("CHI405", "non-numeric-value", E, "A cell that should be a number is not.",
         "Skipping it silently would change the score.",
         '"n/a" in a numeric column', 'Declare it missing: missing_values ["n/a"], or set decimal/thousands.'),
    Code("CHI406", "bad-date", E, "A cell that should be a date or time is not.",
         "Rows cannot be placed in a period, and date differences cannot be computed.",
         '"31/12/2025" in an ISO date column', 'Set date_format "%d/%m/%Y" on the source.'),
    Code("CHI407", "malformed-source", E, "A CSV or JSON source that cannot be parsed.",
         "Rows with the wrong number of fields or broken JSON would shift values between columns.",
         "a JSON Lines row with a trailing comma", "Fix the file at the line shown."),
    Code("CHI408", "missing-data-error", E, "A metric or pillar with `missing error` has no data.",
         "The spec asked for missing data to stop the evaluation.",
         "", "Provide the data, or use `missing reweight` / `missing zero`."),
    Code("CHI409", "log-of-non-positive", E, "A `log` metric with a raw value <= 0.",
         "The logarithm is undefined there.",
         "", "Use a scale without log, or filter the rows."),
    Code("CHI410", "minmax-all-equal", W, "All units have the same raw value for a `minmax` metric.",
         "Min-max scaling divides by max-min; every unit scores 50.",
         "", ""),
    Code("CHI411", "score-out-of-range", W, "A metric with no normalisation has a raw value outside 0-100.",
         "It is clamped to 0-100, which may hide a missing normalisation.",
         "", "Add a normalisation."),
    Code("CHI412", "rows-without-date", W, "Rows whose date cell is empty were left out of every period.",
         "They cannot be placed in a period.",
         "", "Fill the dates, or filter those rows."),
    Code("CHI413", "rows-without-unit", W, "Rows whose unit (`by`) cell is empty were left out.",
         "They belong to no unit.",
         "", "Fill the cells, or filter those rows."),
    Code("CHI414", "bad-boolean", E, "A cell used as a condition is not true/false.",
         "Conditions accept true/false, yes/no, 1/0 (any case).",
         "", "Compare explicitly: where status = \"open\"."),
    # ---- back-ends -------------------------------------------------------------
    Code("CHI501", "cannot-write-output", E, "The output file cannot be written.",
         "The directory may not exist or may not be writable; nothing is left half-written.",
         "chi-lang render spec.chi -o /missing/dir/out.html", "Create the directory or pick another path."),
    Code("CHI502", "dialect-unsupported", E, "The SQL dialect cannot express a construct of this spec.",
         "Emitting SQL that fails when run would move the error to the warehouse.",
         "", "Use another dialect or change the metric."),
    Code("CHI503", "unknown-dialect", E, "An SQL dialect chi-lang does not know.",
         "", "", "Use one of the dialects listed in the hint."),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}
