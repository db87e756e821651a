"""The catalogue of diagnostic codes: one place that feeds the CLI, the docs and tests.

Codes are grouped by pipeline stage and never renumbered:

* ``CHI1xx`` reading and syntax
* ``CHI2xx`` names and references (resolve)
* ``CHI3xx`` validation of the resolved model
* ``CHI4xx`` data (reading sources, evaluating)
* ``CHI5xx`` back-ends (SQL, output files)
* ``CHI6xx`` lint rules (601-689) and tooling: configuration, suppressions, limits (690-699)
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
    Code("CHI109", "number-out-of-range", E, "A number too large, or too close to 0, to compute with.",
         "Scores are computed in double precision; a goalpost of 1e400 would be infinity and every score NaN, and a "
         "target of 1e-400 would be read as 0.",
         "scale 0..1e400", "Use numbers below about 1.8e308 in size, and 0 or at least about 2.2e-308."),
    Code("CHI110", "control-character", E, "A name, label, path, other string or the text between them holds a control character.",
         "Control characters (ESC, BEL, NUL, other C0/C1 controls, bidirectional overrides such as U+202E, line "
         "separators, zero width spaces) are invisible or act on the terminal, and they reach scorecards, SQL and outputs: an ESC in a "
         "pillar name would recolour or clear the reader's terminal, U+202E makes text read backwards. Names, labels "
         "and paths may hold none (not even \\t or \\n escapes); descriptions and other text may hold tabs and new "
         "lines. Comments and the text between words (where only spaces, tabs and new lines belong) are checked too.",
         'pillar "Reach\\n" { ... }   (or a raw ESC inside the quotes)', "Remove the character."),
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
    Code("CHI311", "fraction-without-normalisation", W, "A 0-1 value (a share, or a count divided by a count) used as a score with no normalisation.",
         "Scores are 0-100: a share of 0.3 would score 0.3, not 30. Other ratios, such as the mean "
         "`sum(x) / count()`, keep the units of their values and are not flagged.",
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
         "Delimiters, decimal marks and thousands separators are single characters and must differ; encodings must exist; "
         "a date_format must be non-empty and use only strptime directives.",
         'source s = "s.csv" { delimiter ";;" }', 'source s = "s.csv" { delimiter ";" }'),
    Code("CHI318", "no-normalisation-range", W, "A metric with no normalisation whose aggregate is not a 0-100 score.",
         "With no normalisation the raw value is used as the score; counts and sums rarely are scores.",
         "metric m count", "Add a target or scale."),
    Code("CHI319", "card-partial-weights", I, "A card (one bare pillar) whose weights are checked as parts of a larger index.",
         "A file holding a single bare pillar describes a fragment; its weights cannot be checked for completeness.",
         'pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >', ""),
    Code("CHI320", "option-without-effect", W, "An option that has no effect where it is written.",
         "A source's `unit` column is only read when the index is evaluated `by` units.",
         'source s = "s.csv" { unit team }   (and no `by`)', "Add `by COLUMN` to the index, or remove the option."),
    Code("CHI321", "beyond-double-precision", E, "A scale, target or threshold that double precision cannot compute with.",
         "Scores are computed in double precision. `scale -1e308..1e308` is valid as written, but HI - LO overflows to "
         "infinity: every score would be NaN and the SQL would divide by infinity. Goalposts or thresholds that differ only "
         "beyond a double's 17 significant digits become the same number: a division by zero, or a band never reached.",
         "scale -1e308..1e308", "Keep goalposts, targets and thresholds within about 1e306 and distinct within 15 significant "
         "digits; rescale the values if needed."),
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
    Code("CHI405", "non-numeric-value", E, "A cell that should be a number is not (or is too large for one).",
         "Skipping it silently would change the score. Numbers are read in the digits 0-9; a thousands separator "
         "must group digits by three; JSON NaN, Infinity and numbers beyond double precision are not numbers.",
         '"n/a" in a numeric column', 'Declare it missing: missing_values ["n/a"], or set decimal/thousands.'),
    Code("CHI406", "bad-date", E, "A cell that should be a date or time is not.",
         "Rows cannot be placed in a period, and date differences cannot be computed. Dates are read in the ISO "
         "forms docs/language.md lists (or the source's date_format), and must fall in the years 1-9999 in UTC.",
         '"31/12/2025" in an ISO date column', 'Set date_format "%d/%m/%Y" on the source.'),
    Code("CHI407", "malformed-source", E, "A CSV or JSON source that cannot be parsed, or that names a column twice.",
         "Rows with the wrong number of fields or broken JSON would shift values between columns; a CSV header "
         "naming a column twice (`a,b,a`), or a JSON object giving a key twice, leaves it unclear which value counts.",
         "a JSON Lines row with a trailing comma", "Fix the file at the line shown; rename or drop the duplicate."),
    Code("CHI408", "missing-data-error", E, "A metric or pillar with `missing error` has no data.",
         "The spec asked for missing data to stop the evaluation.",
         "", "Provide the data, or use `missing reweight` / `missing zero`."),
    Code("CHI409", "log-of-non-positive", E, "A `log` metric with a raw value <= 0.",
         "The logarithm is undefined there.",
         "", "Use a scale without log, or filter the rows."),
    Code("CHI410", "minmax-all-equal", W, "All units have the same raw value for a `minmax` metric.",
         "Min-max scaling divides by max-min; every unit scores 50.",
         "metric m minmax, where every unit has the same raw value",
         "Use an absolute normalisation (scale or target) when units may tie."),
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
    Code("CHI415", "value-overflow", E, "A metric's value overflows double precision (infinite or not a number).",
         "Silently dropping it would change the score; the data is out of range for the computation.",
         "sum of values near 1e308", "Check the data for absurd values, or rescale the column."),
    # ---- back-ends -------------------------------------------------------------
    Code("CHI501", "cannot-write-output", E, "The output file cannot be written.",
         "The directory may not exist or may not be writable, or the path is the command's own spec or "
         "a source's data, which the result would destroy; nothing is left half-written.",
         "chi-lang render spec.chi -o /missing/dir/out.html", "Create the directory or pick another path."),
    Code("CHI502", "dialect-unsupported", E, "The SQL dialect cannot express a construct of this spec.",
         "Emitting SQL that fails when run would move the error to the warehouse.",
         "", "Use another dialect or change the metric."),
    Code("CHI503", "unknown-dialect", E, "An SQL dialect chi-lang does not know.",
         "SQL is emitted per dialect; guessing one would produce SQL that fails in the warehouse.  "
         "On the command line it is a usage error (exit 2).",
         "", "Use one of the dialects listed in the hint."),
    Code("CHI504", "bad-table-option", E,
         "A `--table` option names an unknown source, names a source twice, or is not source=table.",
         "The compiled SQL reads one table per source; an override for a source the spec does not declare is a "
         "typo, and two for one source leave it unclear which is meant.  A malformed option is a usage error "
         "(exit 2); a source the spec does not declare exits 1.",
         "chi-lang compile spec.chi --dialect postgres --table survy=raw.survey",
         "Write --table SOURCE=TABLE once per declared source; TABLE may be schema.table or catalog.schema.table, "
         'a part in double quotes taken as written (raw."survey 2025").'),
    Code("CHI505", "column-type-conflict", E, "A column is read as two types, which a table column cannot hold.",
         "The table dialects read typed columns; a column read as a number and as text (or as a date and a "
         "number) would need two columns.  DuckDB reads the file and converts each use, so it has no such limit.",
         'metric m from s where code = "10" value mean(code)',
         "Read the column one way, or compile for duckdb."),
    Code("CHI506", "engine-failed", E, "The DuckDB engine failed on data the python engine reads.",
         "The engines must agree; when DuckDB stops on data the reference engine accepts, chi-lang reports it "
         "instead of guessing.  The message carries DuckDB's error.",
         "", "Run with --engine python, and report the data so the engines can be brought in line."),
    Code("CHI507", "dialect-caveat", W, "The dialect computes a construct of the spec slightly differently.",
         "For example Trino measures date "
         "differences to the millisecond; the SQL runs, but results can differ in those corner cases.",
         "value median(hours(closed - opened))  (on Trino)", "Use another dialect if the corner case matters."),
    Code("CHI508", "nul-in-csv-output", E, "A pillar, metric or unit name holds a NUL character, which CSV output cannot carry.",
         "CSV has no escape for NUL, and many readers stop at it or refuse the file; rather than alter the name, "
         "chi-lang writes nothing.  JSON output escapes it.",
         'chi-lang eval spec.chi --format csv, where a `by` column cell holds "a\\x00b"',
         "Use --format json, or remove the character from the name or the data."),
    # ---- lint rules (chi_lang/lint/rules/): method and style ---------------------
    Code("CHI601", "pillar-metric-count", W, "A pillar holds fewer than 3 or more than 5 metrics.",
         "The method recommends 3-5 metrics per pillar: with fewer, one noisy metric swings the pillar; "
         "with more, each metric's weight gets too small to matter and the pillar is hard to read.",
         'pillar "Reach" { metric downloads from "d.csv" sum target 1000 }',
         "Add metrics that measure the pillar from other angles, or split a crowded pillar in two."),
    Code("CHI602", "no-normalisation", W, "A metric states no normalisation, so its raw value is used as the score.",
         "Scores are 0-100; a mean of 1-5 survey answers would score 4 out of 100. Stating `none` says the "
         "raw value already is a 0-100 score.",
         'metric satisfaction from survey mean',
         "Add `scale LO..HI`, `target T`, `bands {...}` or `percent`; write `none` if the value is already 0-100."),
    Code("CHI603", "cost-without-direction", W, "A metric that looks like a cost (time, latency, backlog, churn...) does not state its direction.",
         "Normalisations take higher as better unless told otherwise; a response time scored that way rewards slowness.",
         'metric response_time from tickets median scale 0..48',
         "Add `lower_is_better` (or `higher_is_better` if more really is better)."),
    Code("CHI604", "unused-source", W, "A declared source is read by no metric.",
         "A leftover source usually means a metric was deleted or points at the wrong source; `check --data` would also "
         "open it for nothing.",
         'source old = "old.csv"   (no metric says `from old`)',
         "Remove the source, or point the metric that should read it at it."),
    Code("CHI605", "duplicate-metric", W, "Two metrics compute the same value from the same rows.",
         "The same measurement counted twice silently doubles its weight in the index.",
         'metric a from s mean scale 1..5   metric b from s column a mean scale 1..5',
         "Remove one of them, or make them differ (a filter, another column)."),
    Code("CHI606", "missing-version", W, "The index states no `version`.",
         "Scores are compared over time; a version says which definition produced a number.",
         'index "X" { owner "team" ... }', 'Add version "2026.1" (any string you bump when the definition changes).'),
    Code("CHI607", "missing-owner", W, "The index states no `owner`.",
         "Someone must answer for the definition when a score looks wrong.",
         'index "X" { version "1" ... }', 'Add owner "community-team".'),
    Code("CHI608", "weight-false-precision", W, "A weight written with more digits than it means, such as 33.333% for a third.",
         "Digits that only approximate a simple fraction make weights that do not quite sum to 100% and hide the intent.",
         "metric a weight 33.333%", "Write the fraction exactly: weight 1/3."),
    Code("CHI609", "mixed-weight-notation", W, "The weights of one group mix notations (25%, 0.25, 1/4).",
         "Reviewers compare weights at a glance; 0.3 next to 30% is easy to misread as a different size.",
         "metric a weight 50%  metric b weight 0.5", "Write every weight of the group the same way."),
    Code("CHI610", "fraction-goalpost-above-one", W, "A 0-1 value (share or ratio) has a target or scale above 1.",
         "Shares and ratios are fractions, and `90` is not `90%`: with `target 90` a 100% share scores 1.1.",
         "metric m share(where ok) target 90", "Write the goalpost as a percentage or fraction: target 90%."),
    Code("CHI611", "absolute-source-path", W, "A source path is absolute.",
         "Specs live in git and run on other machines; an absolute path only exists on one of them.",
         'source s = "/home/me/data.csv"', 'Write the path relative to the spec file: source s = "data/data.csv".'),
    Code("CHI612", "missing-description", W, "A metric has no `description` (off by default; enable with select).",
         "The scorecard shows descriptions to readers who did not write the spec.",
         "metric m from s mean scale 1..5", 'Add description "What it measures, in words".'),
    # ---- tooling: configuration, suppressions, limits ------------------------------
    Code("CHI690", "config-unknown-code", E, "`[tool.chi-lang]` names a code or prefix that does not exist.",
         "A misspelt code in select/ignore/severity silently does nothing.",
         '[tool.chi-lang]\nignore = ["CHI6O1"]', "Use codes listed by `chi-lang rule --list`."),
    Code("CHI691", "suppression-unknown-code", W, "A `# chi: ignore[...]` comment names an unknown code.",
         "A misspelt code suppresses nothing and leaves a misleading comment.",
         "metric m weight 1  # chi: ignore[CHI6O1]", "Fix the code."),
    Code("CHI692", "unused-suppression", W, "A `# chi: ignore[...]` comment suppresses nothing on its line.",
         "Stale suppressions hide the next real problem on that line.  When the named rule is not enabled "
         "(select/ignore), the message says so: the comment is idle because the rule is off.",
         'pillar "A" {  # chi: ignore[CHI601]   (the pillar has 4 metrics)', "Remove the code or the comment."),
    Code("CHI693", "bad-config", E, "`[tool.chi-lang]` in pyproject.toml cannot be used.",
         "Broken configuration must fail loudly, not fall back to defaults.",
         '[tool.chi-lang]\nselect = "CHI6"', 'select = ["CHI6"]'),
    Code("CHI694", "malformed-suppression", W, "A suppression comment that chi-lang cannot read.",
         "Suppressions name the codes they silence; a bare `# chi: ignore` would hide everything on the line.",
         "metric m  # chi: ignore", "metric m  # chi: ignore[CHI602]"),
    Code("CHI698", "expression-too-deep", E, "An expression is nested too deeply to process.",
         "Every stage walks expressions recursively; past a fixed depth chi-lang stops with this error instead of "
         "crashing. Real specs stay far below the limit.",
         "value sum(a) + sum(a) + ... (thousands of terms)", "Split the expression, or compute the value upstream."),
    Code("CHI699", "rule-crashed", W, "A lint rule failed on this spec (a bug in chi-lang).",
         "A broken rule must not stop the other checks; it is reported so it gets fixed.",
         "", "Please report it with the spec; ignore the code meanwhile."),
    # ---- analysis: explain and diff -----------------------------------------------
    Code("CHI701", "git-revision-unreadable", E, "A `REV:path` side of `chi-lang diff` cannot be read from git.",
         "The revision or the path does not exist, the directory is not a git repository, or git is not installed.",
         "chi-lang diff HEAD~1:specs/chi.chi specs/chi.chi  (outside a repository)",
         "Check the revision (git log) and the path from the repository root (git ls-tree REV)."),
    Code("CHI702", "unknown-metric-reference", E, "A what-if or alternative names a metric the spec does not have.",
         "A typo must not silently leave the index unchanged; a name used by two pillars is ambiguous.",
         "chi-lang explain spec.chi --what-if first_reploy=+10%", "Use a metric name from the hint, or Pillar/metric."),
    Code("CHI703", "bad-what-if", E, "A what-if that cannot be read.",
         "A what-if is METRIC=CHANGE: a signed percentage is relative, a signed number is added, an unsigned "
         "number is the new value.",
         "--what-if first_reply=ten", "--what-if first_reply=+10%  or  first_reply=-2  or  first_reply=8"),
    Code("CHI704", "what-if-out-of-domain", E, "A what-if gives a raw value the metric's normalisation cannot score.",
         "A `log` scale is defined only for values above 0.",
         "--what-if downloads==-5  (downloads has a log scale)", "Choose a change that keeps the value in range."),
    Code("CHI705", "unknown-period-or-unit", E, "A period, unit or code named on the command line does not exist.",
         "Explaining a period or unit the evaluation does not have would explain nothing.",
         "chi-lang explain spec.chi --period 2025-13", "Use a period or unit listed in the hint."),
    Code("CHI706", "nothing-to-explain", E, "The index has no data in the period or unit to explain.",
         "An index with no data has no contributions and no change to attribute (no data is never 0).",
         "chi-lang explain spec.chi --period 2024-01  (before the data starts)",
         "Choose a period and unit with an index value."),
    Code("CHI707", "bad-alternative-normalisation", E,
         "An alternative normalisation for the sensitivity analysis cannot be used.",
         "It must be written as in a spec (scale, target, bands, minmax, percentile_rank, percent) and score "
         "every raw value.",
         "--alternative downloads=scale 5..1", "--alternative downloads=minmax"),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}
