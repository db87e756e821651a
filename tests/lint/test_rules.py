"""Every lint rule fires on its failing example and stays quiet on its passing one.

The examples live beside each rule (``@rule(..., fail=..., ok=...)``), so a new
rule brings its cases with it; the tests below add the edges of each heuristic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chi_lang.config import Config
from chi_lang.lint import LintContext, Rule, registered_rules, run_rules
from chi_lang.pipeline import load_text

from .helpers import codes, lint

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ALL = Config(select=("ALL",))
RULES = registered_rules()


def test_rules_are_registered_in_code_order() -> None:
    assert list(RULES) == sorted(RULES)
    assert set(RULES) == {f"CHI6{n:02d}" for n in range(1, 13)}


@pytest.mark.parametrize("code", list(RULES))
def test_rule_fires_on_its_failing_example(code: str) -> None:
    example = RULES[code].examples["fail"]
    assert example, f"{code} has no failing example"
    assert code in codes(example, ALL), example


@pytest.mark.parametrize("code", list(RULES))
def test_rule_is_quiet_on_its_passing_example(code: str) -> None:
    example = RULES[code].examples["pass"]
    assert example, f"{code} has no passing example"
    found = codes(example, ALL)
    assert code not in found, (example, found)


def test_bundled_example_and_starter_are_clean_under_the_default_rules() -> None:
    from chi_lang.commands.init import starter_files

    spec = PROJECT_ROOT / "specs" / "community-health.chi"
    assert lint(spec.read_text(), path=str(spec)) == []
    assert lint(starter_files("X")["index.chi"], path="index.chi") == []


def test_opt_in_rule_is_off_by_default_and_on_when_selected() -> None:
    spec = 'pillar "A" { metric m from "s.csv" mean scale 1..5 }'
    assert "CHI612" not in codes(spec)
    assert "CHI612" in codes(spec, Config(extend_select=("CHI612",)))


# ---- CHI601 ------------------------------------------------------------------------


def test_pillar_count_bounds() -> None:
    def pillar(n: int) -> str:
        body = "\n".join(f"  metric m{i} from \"s.csv\" column c{i} mean scale 0..1" for i in range(n))
        return f'pillar "A" {{\n{body}\n}}'

    assert [n for n in range(1, 8) if "CHI601" in codes(pillar(n))] == [1, 2, 6, 7]


# ---- CHI602 ------------------------------------------------------------------------


def test_no_normalisation_leaves_counts_and_fractions_to_the_resolver() -> None:
    # count: CHI318, share: CHI311 (resolver); mean: CHI602 (lint); never two for one cause.
    assert codes('pillar "A" { metric m from "s.csv" count }').count("CHI602") == 0
    assert "CHI318" in codes('pillar "A" { metric m from "s.csv" count }')
    assert codes('pillar "A" { metric m from "s.csv" share(where ok) }').count("CHI602") == 0
    assert "CHI602" in codes('pillar "A" { metric m from "s.csv" value mean(x) + 1 }')


# ---- CHI603 ------------------------------------------------------------------------


@pytest.mark.parametrize("metric, fires", [
    ("metric response_time from \"t.csv\" median scale 0..48", True),
    ("metric churn_rate from \"t.csv\" mean scale 0..1", True),
    ("metric issueBacklog from \"t.csv\" count target 10", True),
    ("metric first_reply from \"t.csv\" value median(hours(r - o)) scale 0..48", True),
    ("metric reply from \"t.csv\" mean scale 0..48 unit \"hours\"", True),
    ("metric waiting from \"t.csv\" column wait_days mean scale 0..9", True),
    ("metric response_time from \"t.csv\" median higher_is_better scale 0..48", False),
    ("metric uptime from \"t.csv\" mean scale 90..100", False),
    ("metric on_time_share from \"t.csv\" share(where ok) percent", False),
    ("metric response_rate from \"t.csv\" mean scale 0..1", False),
    ("metric latency from \"t.csv\" mean bands { <= 1 -> 100, else 0 }", False),  # bands take no direction
])
def test_cost_words(metric: str, fires: bool) -> None:
    assert ("CHI603" in codes(f'pillar "A" {{ {metric} }}')) is fires


# ---- CHI604 / CHI605 ----------------------------------------------------------------


def test_unused_source_points_at_its_name() -> None:
    (d,) = [d for d in lint('source old = "o.csv"\npillar "A" { metric m from "s.csv" mean scale 0..1 }')
            if d.code == "CHI604"]
    assert (d.span.line, d.span.column, d.span.end_column) == (1, 8, 11)


def test_duplicates_compare_meaning_not_text() -> None:
    spec = 'source s = "s.csv"\npillar "A" {\n  metric a from s count target 5\n  metric b from s value count() target 9\n}'
    (d,) = [d for d in lint(spec) if d.code == "CHI605"]
    assert "`b`" in d.message and "`a`" in d.message and d.labels[0].span.line == 3
    # Same column, different sources: not a duplicate.
    spec2 = 'pillar "A" {\n  metric a from "x.csv" mean scale 0..1\n  metric b from "y.csv" column a mean scale 0..1\n}'
    assert "CHI605" not in codes(spec2)


# ---- CHI606 / CHI607 ----------------------------------------------------------------


def test_cards_are_not_asked_for_version_or_owner() -> None:
    card = 'pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >'
    found = codes(card)
    assert "CHI606" not in found and "CHI607" not in found
    two_bare_pillars = card + '\npillar "B" weight 75% { metric m from "s.csv" mean scale 0..1 }'
    assert {"CHI606", "CHI607"} <= set(codes(two_bare_pillars))


# ---- CHI608 / CHI609 ----------------------------------------------------------------


@pytest.mark.parametrize("weight, fraction", [
    ("33.333%", "1/3"), ("33.3%", "1/3"), ("0.333", "1/3"), ("0.1429", "1/7"), ("16.67%", "1/6"),
    ("66.667%", "2/3"), ("12.5%", None), ("0.125", None), ("33%", None), ("0.35", None), ("0.237", None),
    ("1/3", None),
])
def test_false_precision(weight: str, fraction: str | None) -> None:
    from chi_lang.lint.rules.weight_false_precision import approximated_fraction
    from chi_lang.parser import parse_text
    from chi_lang.diagnostics import DiagnosticBag

    tree = parse_text(f'pillar "A" {{ metric m weight {weight} from "s.csv" mean scale 0..1 }}', "s.chi", DiagnosticBag())
    lit = tree.pillars[0].metrics[0].clauses[0].value
    found = approximated_fraction(lit)
    assert (None if found is None else f"{found.numerator}/{found.denominator}") == fraction


def test_false_precision_is_not_asked_of_relative_weights() -> None:
    spec = ('pillar "A" weights relative {\n  metric a weight 33.333 from "s.csv" mean scale 0..1\n'
            '  metric b weight 66.667 from "s.csv" column b mean scale 0..1\n}')
    assert "CHI608" not in codes(spec)


def test_mixed_notation_is_reported_once_per_group() -> None:
    spec = ('pillar "A" {\n  metric a weight 50% from "s.csv" mean scale 0..1\n'
            '  metric b weight 0.25 from "s.csv" column b mean scale 0..1\n'
            '  metric c weight 1/4 from "s.csv" column c mean scale 0..1\n}')
    assert codes(spec).count("CHI609") == 1


# ---- CHI610 / CHI611 ----------------------------------------------------------------


def test_fraction_goalposts() -> None:
    assert "CHI610" in codes('pillar "A" { metric m from "t.csv" value count(where ok) / count() scale 0..100 }')
    # A mean over a ratio is not surely a fraction: left alone.
    assert "CHI610" not in codes('pillar "A" { metric m from "t.csv" value sum(x) / count() target 5 }')


@pytest.mark.parametrize("path, fires", [
    ("/data/x.csv", True), ("C:\\\\data\\\\x.csv", True), ("~/x.csv", True), ("data/x.csv", False),
    ("../x.csv", False),
])
def test_absolute_paths(path: str, fires: bool) -> None:
    assert ("CHI611" in codes(f'pillar "A" {{ metric m from "{path}" mean scale 0..1 }}')) is fires


# ---- CHI699: a crashing rule ----------------------------------------------------------


def test_a_crashing_rule_becomes_a_diagnostic_and_the_others_still_run() -> None:
    def broken(ctx: LintContext):
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    loaded = load_text('pillar "A" { metric m from "s.csv" mean }', "s.chi")
    context = LintContext(loaded.path, loaded.text, loaded.tree, loaded.index)
    only = {"CHI601": Rule("CHI601", broken), "CHI602": RULES["CHI602"]}
    found = run_rules(context, lambda code: True, only)
    assert [d.code for d in found] == ["CHI699", "CHI602"]
    assert "ZeroDivisionError: boom" in found[0].message and found[0].severity.value == "warning"
