"""Resolve and validate: names, references and clause checks, as diagnostics with
codes and positions, collected (several per run) rather than raised."""

from __future__ import annotations

from fractions import Fraction

import pytest

# (name, spec, code, words in the message or hint, severity)
CASES = [
    # ---- clauses and names
    ("duplicate-clause-index", 'index "X" { period month period week pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI106", "`period` given twice for the index", "error"),
    ("duplicate-clause-metric", 'index "X" { pillar "P" { metric a from "d.csv" mean mean scale 0..1 } }',
     "CHI106", "`mean` given twice for metric `a`", "error"),
    ("duplicate-clause-pillar", 'index "X" { pillar "P" missing zero missing error { metric a from "d.csv" scale 0..1 } }',
     "CHI106", "`missing` given twice for pillar 'P'", "error"),
    ("duplicate-source-option", 'index "X" { source s = "d.csv" { date a date b } pillar "P" { metric a from s scale 0..1 } }',
     "CHI106", "source option `date` given twice", "error"),
    ("empty-spec", 'index "X" { }', "CHI107", "defines no pillars", "error"),
    ("empty-spec-bare", '# nothing but a comment\n', "CHI107", "defines no pillars", "error"),
    ("empty-pillar", 'index "X" { pillar "P" { } }', "CHI108", "pillar 'P' has no metrics", "error"),
    ("duplicate-pillar", 'index "X" { pillar "P" weight 1/2 { metric a from "d.csv" scale 0..1 } '
     'pillar "P" weight 1/2 { metric b from "d.csv" scale 0..1 } }', "CHI201", "pillar name 'P' is used twice", "error"),
    ("duplicate-metric", 'index "X" { pillar "P" { metric a from "d.csv" scale 0..1 metric a from "d.csv" scale 0..1 } }',
     "CHI201", "metric name 'a' is used twice", "error"),
    ("duplicate-source", 'index "X" { source s = "a.csv" source s = "b.csv" pillar "P" { metric a from s scale 0..1 } }',
     "CHI201", "source `s` is declared twice", "error"),
    ("unknown-source", 'index "X" { source tickets = "t.csv" pillar "P" { metric a from tickts scale 0..1 } }',
     "CHI202", "did you mean `tickets`?", "error"),
    ("unknown-source-none-declared", 'index "X" { pillar "P" { metric a from tickets scale 0..1 } }',
     "CHI202", 'quote a path: from "tickets.csv"', "error"),
    ("no-source", 'index "X" { pillar "P" { metric a weight 1 scale 0..1 } }', "CHI203", "metric `a` has no `from`", "error"),
    ("unknown-function", 'index "X" { pillar "P" { metric a from "d.csv" value avg(x) scale 0..1 } }',
     "CHI204", "unknown function `avg`", "error"),
    ("unknown-row-function", 'index "X" { pillar "P" { metric a from "d.csv" where trim(x) = "a" count target 1 } }',
     "CHI204", "unknown function `trim`", "error"),
    ("percentile-arguments", 'index "X" { pillar "P" { metric a from "d.csv" value percentile(x) scale 0..1 } }',
     "CHI205", "percentile(x, 90)", "error"),
    ("share-arguments", 'index "X" { pillar "P" { metric a from "d.csv" value share(x) percent } }',
     "CHI205", "share(where ...)", "error"),
    ("mean-arguments", 'index "X" { pillar "P" { metric a from "d.csv" value mean(x, y) scale 0..1 } }',
     "CHI205", "mean takes one expression", "error"),
    ("count-arguments", 'index "X" { pillar "P" { metric a from "d.csv" value count(x, y) target 1 } }',
     "CHI205", "count takes at most one expression", "error"),
    ("row-function-arguments", 'index "X" { pillar "P" { metric a from "d.csv" value mean(abs(x, y)) scale 0..1 } }',
     "CHI205", "abs takes one argument", "error"),
    ("column-outside-aggregate", 'index "X" { pillar "P" { metric a from "d.csv" value x / count() scale 0..1 } }',
     "CHI206", "column `x` is used outside an aggregate", "error"),
    ("aggregate-in-where", 'index "X" { pillar "P" { metric a from "d.csv" where count() > 1 count target 1 } }',
     "CHI206", "aggregate `count` inside a row expression", "error"),
    ("row-function-as-value", 'index "X" { pillar "P" { metric a from "d.csv" value hours(b - a) scale 0..1 } }',
     "CHI206", "works per row", "error"),
    ("condition-as-value", 'index "X" { pillar "P" { metric a from "d.csv" value x > 1 scale 0..1 } }',
     "CHI206", "conditions go in `where`", "error"),
    ("unknown-period", 'index "X" { period fortnight pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI207", "unknown period `fortnight`", "error"),
    ("unknown-period-close", 'index "X" { period months pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI207", "did you mean `month`?", "error"),
    ("unknown-format", 'index "X" { pillar "P" { metric a from "d.xlsx" scale 0..1 } }',
     "CHI207", "cannot tell the format", "error"),
    ("unknown-format-option", 'index "X" { source s = "d.txt" { format xml } pillar "P" { metric a from s scale 0..1 } }',
     "CHI207", "unknown source format `xml`", "error"),
    ("value-and-column", 'index "X" { pillar "P" { metric a from "d.csv" column x value count() target 1 } }',
     "CHI208", "has both `value` and `column`", "error"),
    ("value-and-aggregate", 'index "X" { pillar "P" { metric a from "d.csv" sum value count() target 1 } }',
     "CHI208", "has both `value` and `sum`", "error"),
    ("two-normalisations", 'index "X" { pillar "P" { metric a from "d.csv" scale 0..1 target 3 } }',
     "CHI208", "two normalisations for metric `a`: `scale` and `target`", "error"),
    ("share-and-column", 'index "X" { pillar "P" { metric a from "d.csv" column x share(where ok) percent } }',
     "CHI208", "`column` has no effect", "error"),
    ("order-strings", 'index "X" { pillar "P" { metric a from "d.csv" where status > "a" count target 1 } }',
     "CHI209", "string values can only be compared with = or !=", "error"),
    ("compare-kinds", 'index "X" { pillar "P" { metric a from "d.csv" where 1 = "a" count target 1 } }',
     "CHI209", "cannot compare number with string", "error"),
    ("mixed-in-list", 'index "X" { pillar "P" { metric a from "d.csv" where x in [1, "a"] count target 1 } }',
     "CHI209", "list of literals of one type", "error"),
    ("string-value", 'index "X" { pillar "P" { metric a from "d.csv" value "abc" scale 0..1 } }',
     "CHI209", "must be a number", "error"),
    ("missing-ordered", 'index "X" { pillar "P" { metric a from "d.csv" where x > missing count target 1 } }',
     "CHI209", "`missing` can only be compared with = or !=", "error"),
    ("duration-of-non-difference", 'index "X" { pillar "P" { metric a from "d.csv" value mean(hours(a + b)) scale 0..1 } }',
     "CHI209", "hours()/days() take a difference of two dates", "error"),
    # ---- validation
    ("weights-sum", 'index "X" { pillar "P" { metric a weight 0.5 from "d.csv" scale 0..1 } }',
     "CHI301", "metric weights sum to 50%, 50% short of 100%", "error"),
    ("negative-weight", 'index "X" { pillar "P" { metric a weight -1 from "d.csv" scale 0..1 metric b weight 2 from "d.csv" scale 0..1 } }',
     "CHI302", "weight -1 is negative", "error"),
    ("zero-weight", 'index "X" { pillar "P" { metric a weight 0 from "d.csv" scale 0..1 metric b weight 1 from "d.csv" scale 0..1 } }',
     "CHI303", "weight 0 is zero", "warning"),
    ("mixed-weights", 'index "X" { pillar "P" { metric a weight 1 from "d.csv" scale 0..1 metric b from "d.csv" scale 0..1 } }',
     "CHI304", "1 of 2 metrics have a weight", "error"),
    ("reversed-goalposts", 'index "X" { pillar "P" { metric a from "d.csv" scale 5..1 } }',
     "CHI305", "write scale 1..5 and add lower_is_better", "error"),
    ("equal-goalposts", 'index "X" { pillar "P" { metric a from "d.csv" scale 5..5 } }',
     "CHI305", "the goalposts must differ", "error"),
    ("zero-target", 'index "X" { pillar "P" { metric a from "d.csv" target 0 } }', "CHI306", "target 0 must be above 0", "error"),
    ("negative-target", 'index "X" { pillar "P" { metric a from "d.csv" target -5 } }', "CHI306", "target -5", "error"),
    ("log-zero-goalpost", 'index "X" { pillar "P" { metric a from "d.csv" log scale 0..100 } }',
     "CHI307", "log scale needs positive goalposts", "error"),
    ("log-without-scale", 'index "X" { pillar "P" { metric a from "d.csv" log target 3 } }',
     "CHI307", "`log` needs a `scale LO..HI`", "error"),
    ("geometric-zero", 'index "X" { pillar "P" geometric { metric a from "d.csv" scale 0..10 } }',
     "CHI308", "geometric aggregation of pillar 'P' over scores that can be 0", "warning"),
    ("geometric-index-zero", 'index "X" { geometric pillar "P" { metric a from "d.csv" scale 0..10 } }',
     "CHI308", "geometric aggregation of the index", "warning"),
    ("minmax-without-by", 'index "X" { pillar "P" { metric a from "d.csv" minmax } }',
     "CHI309", "`minmax` ranks units against each other", "error"),
    ("percentile-rank-without-by", 'index "X" { pillar "P" { metric a from "d.csv" percentile_rank } }',
     "CHI309", "`percentile_rank`", "error"),
    ("bands-order", 'index "X" { pillar "P" { metric a from "d.csv" bands { >= 4 -> 80, >= 4.5 -> 100, else 0 } } }',
     "CHI310", "not in order: >= 4.5 after >= 4", "error"),
    ("bands-no-else", 'index "X" { pillar "P" { metric a from "d.csv" bands { >= 4 -> 80 } } }',
     "CHI310", "bands must end with `else`", "error"),
    ("bands-mixed", 'index "X" { pillar "P" { metric a from "d.csv" bands { >= 4 -> 80, <= 2 -> 10, else 0 } } }',
     "CHI310", "mix `>` and `<`", "error"),
    ("bands-score-range", 'index "X" { pillar "P" { metric a from "d.csv" bands { >= 4 -> 180, else 0 } } }',
     "CHI310", "band score 180 is outside 0..100", "error"),
    ("status-no-else", 'index "X" { status { >= 50 "ok" } pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI310", "status bands must end with `else`", "error"),
    ("status-two-else", 'index "X" { status { >= 50 "ok", else "a", else "b" } pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI310", "more than one `else`", "error"),
    ("share-unnormalised", 'index "X" { pillar "P" { metric a from "d.csv" share(where ok) } }',
     "CHI311", "0.3 would score 0.3 out of 100", "warning"),
    ("ratio-unnormalised", 'index "X" { pillar "P" { metric a from "d.csv" value count(where ok) / count() } }',
     "CHI311", "is a 0-1 fraction", "warning"),
    ("bad-percentile", 'index "X" { pillar "P" { metric a from "d.csv" percentile(150) scale 0..10 } }',
     "CHI312", "percentile 150 is outside 0..100", "error"),
    ("bad-percentile-call", 'index "X" { pillar "P" { metric a from "d.csv" value percentile(x, 101) scale 0..10 } }',
     "CHI312", "outside 0..100", "error"),
    ("direction-ignored", 'index "X" { pillar "P" { metric a from "d.csv" lower_is_better percent } }',
     "CHI313", "`lower_is_better` has no effect with `percent`", "warning"),
    ("direction-ignored-bands", 'index "X" { pillar "P" { metric a from "d.csv" lower_is_better bands { >= 1 -> 100, else 0 } } }',
     "CHI313", "`bands`", "warning"),
    ("period-without-date", 'index "X" { period month source s = "s.csv" pillar "P" { metric a from s scale 0..1 } }',
     "CHI314", "source `s` has no date column", "error"),
    ("period-without-date-path", 'index "X" { period month pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI314", 'source s = "d.csv" { date COLUMN }', "error"),
    ("output-scale", 'index "X" { output scale 10..0 pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI315", "output scale 10..0 is empty or reversed", "error"),
    ("round", 'index "X" { round 20 pillar "P" { metric a from "d.csv" scale 0..1 } }',
     "CHI316", "round 20 asks for more decimals", "error"),
    ("delimiter-length", 'index "X" { source s = "s.csv" { delimiter ";;" } pillar "P" { metric a from s scale 0..1 } }',
     "CHI317", "delimiter must be one character", "error"),
    ("decimal-mark", 'index "X" { source s = "s.csv" { delimiter ";" decimal "x" } pillar "P" { metric a from s scale 0..1 } }',
     "CHI317", "decimal mark must be", "error"),
    ("decimal-is-delimiter", 'index "X" { source s = "s.csv" { decimal "," } pillar "P" { metric a from s scale 0..1 } }',
     "CHI317", 'decimal commas go with delimiter ";"', "error"),
    ("thousands-is-decimal", 'index "X" { source s = "s.csv" { delimiter ";" decimal "," thousands "," } pillar "P" { metric a from s scale 0..1 } }',
     "CHI317", "thousands separator and decimal mark are the same", "error"),
    ("encoding", 'index "X" { source s = "s.csv" { encoding "klingon" } pillar "P" { metric a from s scale 0..1 } }',
     "CHI317", "unknown encoding 'klingon'", "error"),
    ("count-unnormalised", 'index "X" { pillar "P" { metric a from "d.csv" count } }',
     "CHI318", "uses a count as a 0-100 score", "warning"),
    ("sum-unnormalised", 'index "X" { pillar "P" { metric a from "d.csv" sum } }',
     "CHI318", "uses a sum", "warning"),
    ("card", 'pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >',
     "CHI319", "the rest of the index is not in this file", "info"),
]


@pytest.mark.parametrize(("spec", "code", "words", "severity"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_diagnostic(lab, spec, code, words, severity):
    outcome = lab.load(spec)
    found = [d for d in outcome.diagnostics if d.code == code]
    assert found, f"{code} not raised; got {outcome.codes}\n{outcome.rendered}"
    assert any(words in d.message + " " + (d.hint or "") for d in found), outcome.rendered
    assert {d.severity.value for d in found} == {severity}
    for d in found:
        assert d.span is not None and d.span.line >= 1 and d.span.column >= 1
    if severity == "error":
        assert outcome.loaded.bag.has_errors


def test_clean_spec_has_no_diagnostics(lab):
    outcome = lab.load(
        'index "X" { version "1" owner "me" description "d" title "T" period month round 2 half_even output scale 0..10\n'
        ' status { >= 7.5 "healthy", >= 5 "watch", else "at risk" }\n'
        ' source s = "d.csv" { date when missing_values ["NA"] }\n'
        ' pillar "A" weight 1/2 { metric a weight 0.5 from s mean scale 1..5\n'
        '   metric b weight 0.5 from s count target 20 }\n'
        ' pillar "B" weight 1/2 missing zero { metric c from s share(where ok) target 90%\n'
        '   metric d from s value median(hours(closed - opened)) lower_is_better scale 0..48 } }'
    )
    assert not outcome.codes, outcome.rendered
    index = outcome.index
    assert (index.version, index.owner, index.description, index.title) == ("1", "me", "d", "T")
    assert index.pillars[1].missing == "zero" and index.pillars[1].metrics[0].missing == "zero"
    assert index.pillars[1].metrics[0].normalisation.target == pytest.approx(0.9)


def test_problems_are_collected_not_raised(lab):
    # Four independent problems: all four are reported in one run.
    outcome = lab.load(
        'index "X" { period fortnight\n'
        ' pillar "A" weight 50% { metric a from nowhere scale 0..1 }\n'
        ' pillar "B" weight 40% { metric b from "d.csv" scale 5..1 } }'
    )
    assert {"CHI207", "CHI202", "CHI301", "CHI305"} <= set(outcome.codes), outcome.rendered


def test_spans_point_at_the_offending_text(lab):
    outcome = lab.load('index "X" {\n  pillar "P" {\n    metric a from "d.csv" scale 5..1\n  }\n}\n')
    span = outcome.one("CHI305").span
    # `5..1` on line 3 starting at column 33
    assert (span.line, span.column, span.end_column) == (3, 33, 37)


def test_names_compare_after_nfc(lab):
    composed, decomposed = "Caf\u00e9", "Cafe\u0301"
    outcome = lab.load(
        f'index "X" {{ pillar "{composed}" weight 1/2 {{ metric a from "d.csv" scale 0..1 }}\n'
        f' pillar "{decomposed}" weight 1/2 {{ metric b from "d.csv" scale 0..1 }} }}'
    )
    assert "used twice" in outcome.one("CHI201").message
    outcome = lab.load(
        f'index "X" {{ pillar "P" {{ metric {composed.lower()} from "d.csv" scale 0..1\n'
        f' metric {decomposed.lower()} from "d.csv" scale 0..1 }} }}'
    )
    assert "metric name 'café' is used twice" in outcome.one("CHI201").message


def test_unicode_metric_names(lab):
    outcome = lab.load('index "X" { pillar "P" { metric Zufriedenheit_ä from "d.csv" scale 0..1\n'
                       ' metric 满意度 from "d.csv" scale 0..1\n metric "two words" from "d.csv" scale 0..1 } }')
    assert not outcome.codes
    assert [m.name for m in outcome.index.pillars[0].metrics] == ["Zufriedenheit_ä", "满意度", "two words"]


def test_sources_declared_and_by_path_resolve(lab):
    outcome = lab.load(
        'index "X" { source survey = "data/survey.csv" { delimiter ";" decimal "," missing_values ["N/A"] }\n'
        ' pillar "P" { metric a from survey scale 0..1\n metric b from "data/other.tsv" scale 0..1\n'
        ' metric c from "data/other.tsv" scale 0..1\n metric d from "x.jsonl" scale 0..1\n metric e from "x.ndjson" scale 0..1 } }'
    )
    assert not outcome.codes, outcome.rendered
    sources = {s.name: s for s in outcome.index.sources}
    assert list(sources) == ["survey", "data/other.tsv", "x.jsonl", "x.ndjson"]  # one source per distinct path
    survey = sources["survey"]
    assert (survey.format, survey.delimiter, survey.decimal, survey.missing_values) == ("csv", ";", ",", ("N/A",))
    assert survey.path == lab.root / "data" / "survey.csv"  # relative to the spec file
    assert (sources["data/other.tsv"].format, sources["data/other.tsv"].delimiter) == ("tsv", "\t")
    assert sources["x.jsonl"].format == sources["x.ndjson"].format == "jsonl"
    assert sources["survey"].encoding == "utf-8"


def test_encoding_names_are_canonical(lab):
    outcome = lab.load('index "X" { source s = "s.csv" { encoding "Latin-1" } pillar "P" { metric a from s scale 0..1 } }')
    assert outcome.index.sources[0].encoding == "iso8859-1"


def test_percent_literals_are_fractions(lab):
    outcome = lab.load('index "X" { pillar "P" { metric a from "d.csv" share(where ok) target 90% } }')
    assert outcome.index.pillars[0].metrics[0].normalisation.target == pytest.approx(0.9)
    assert not outcome.codes


def test_percentile_q_is_exact(lab):
    outcome = lab.load('index "X" { pillar "P" { metric a from "d.csv" percentile(95) scale 0..1\n'
                       ' metric b from "d.csv" percentile(95%) scale 0..1 } }')
    qs = [m.value.q for m in outcome.index.pillars[0].metrics]
    assert qs == [Fraction(19, 20), Fraction(19, 20)]


@pytest.mark.parametrize(("bands", "message"), [
    ("bands { >= 4 -> 80 }", "bands must end with `else`"),
    ("bands { >= 4 -> 80, else 10, else 0 }", "bands have more than one `else`"),
    ("bands { >= 4 -> 80, <= 2 -> 10, else 0 }", "bands mix `>` and `<` thresholds"),
    ("bands { >= 4 -> 80, >= 4.5 -> 100, else 0 }", "bands: thresholds are not in order: >= 4.5 after >= 4"),
])
def test_band_messages_name_the_group_once(lab, bands, message):
    outcome = lab.load(f'index "X" {{ pillar "P" {{ metric a from "d.csv" {bands} }} }}')
    assert outcome.one("CHI310").message == message
    assert "bands bands" not in outcome.rendered


def test_status_band_messages_say_status_bands(lab):
    outcome = lab.load('index "X" { status { >= 50 "ok" } pillar "P" { metric a from "d.csv" scale 0..1 } }')
    assert outcome.one("CHI310").message == "status bands must end with `else`"


@pytest.mark.parametrize("value", [
    "count(where ok) / count()",
    "count(x) / count()",
])
def test_a_ratio_of_counts_without_normalisation_is_flagged(lab, value):
    outcome = lab.load(f'index "X" {{ pillar "P" {{ metric a from "d.csv" value {value} }} }}')
    diagnostic = outcome.one("CHI311")
    assert diagnostic.message.startswith("metric `a` is a 0-1 fraction")
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 48)  # the `value` clause


@pytest.mark.parametrize("value", [
    "sum(x) / count()",  # a mean of x, in x's units
    "sum(x where ok) / sum(x)",
    "100 * count(where ok) / count()",  # already 0-100
    "mean(x) / 2",
])
def test_other_ratios_are_not_taken_for_fractions(lab, value):
    outcome = lab.load(f'index "X" {{ pillar "P" {{ metric a from "d.csv" value {value} }} }}')
    assert "CHI311" not in outcome.codes, outcome.rendered
