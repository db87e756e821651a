"""Text → syntax tree: the grammar, the card form, and syntax errors in words."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest

from chi_lang import syntax as st
from chi_lang.diagnostics import DiagnosticBag
from chi_lang.parser import parse_text

MISSION = 'pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >'

# Lark's own names for tokens; none may ever reach a user.
LARK_TOKEN_NAME = re.compile(
    r"\b(RBRACE|LBRACE|LSQB|RSQB|LPAR|RPAR|NAME|STRING|NUMBER|PERCENT|INT|SIGN|MORETHAN|LESSTHAN|"
    r"COMMA|DOT|SLASH|EQUAL|MINUS|_ARROW|ADD_OP|MUL_OP|QUOTED_NAME|SIMPLE_AGGREGATE|__ANON_\d+|\$END)\b"
)


def parse(text: str, file: str = "spec.chi") -> tuple[st.IndexDecl | None, DiagnosticBag]:
    bag = DiagnosticBag()
    return parse_text(text, file, bag), bag


# ---------------------------------------------------------------------------
# The mission's card


def test_mission_line_parses_exactly_as_written():
    tree, bag = parse(MISSION, "internal.chi")
    assert not bag.items
    assert tree.implicit and tree.name == "internal"  # named after the file
    (pillar,) = tree.pillars
    assert pillar.name == "Internal"
    weight = next(c for c in pillar.clauses if c.kind == "weight").value
    assert (weight.text, weight.numerator, weight.is_percent) == ("25%", Decimal(25), True)
    (metric,) = pillar.metrics
    assert metric.name == "sentiment"
    kinds = {c.kind: c.value for c in metric.clauses}
    assert kinds["weight"].text == "0.4"
    assert kinds["from"] == ("path", "survey.csv")


def test_card_and_brace_forms_are_the_same_tree():
    angle, _ = parse(MISSION)
    brace, _ = parse(MISSION.replace("<", "{").replace(">", "}"))
    assert angle == brace


def test_mission_line_resolves_as_a_card(lab):
    outcome = lab.load(MISSION, name="internal.chi")
    assert not outcome.errors, outcome.rendered
    index = outcome.index
    assert index.is_card and index.name == "internal"
    # The card's only pillar and metric carry all of their group's weight.
    assert index.pillars[0].weight == 1 and index.pillars[0].metrics[0].weight == 1
    assert index.pillars[0].declared_weight == "25%"
    # Its partial sum is an info note, not a warning or an error.
    notes = [d for d in outcome.diagnostics if d.code == "CHI319"]
    assert {d.severity.value for d in notes} == {"info"}
    assert any("pillar weights sum to 25%" in d.message for d in notes)
    assert any("metric weights sum to 40%" in d.message for d in notes)


def test_bare_pillars_form_an_implicit_index(lab):
    outcome = lab.load(
        """
        pillar "A" weight 60% { metric a from "d.csv" }
        pillar "B" weight 40% { metric b from "d.csv" }
        """,
        name="two-pillars.chi",
    )
    assert not outcome.codes, outcome.rendered
    assert outcome.index.name == "two-pillars" and not outcome.index.is_card
    assert [p.weight for p in outcome.index.pillars] == [Fraction(3, 5), Fraction(2, 5)]


def test_bare_pillars_that_do_not_sum_to_100_are_an_error(lab):
    outcome = lab.load('pillar "A" weight 60% { metric a from "d.csv" }\npillar "B" weight 30% { metric b from "d.csv" }\n')
    assert "90%, 10% short" in outcome.one("CHI301").message


# ---------------------------------------------------------------------------
# Layout: comments, any clause order, both block forms


FULL = """
# A comment on its own line
index "Member Community Health" {   # and after code
  version "2026.1"
  owner "community-team"
  description "what it is for"
  title "Member CHI"
  period month
  round 1
  output scale 0..10
  status { >= 7.5 "healthy", >= 5 "watch", else "at risk" }
  missing reweight
  source survey = "data/survey.csv" { date submitted_at delimiter ";" decimal "," thousands "." encoding "utf-8" missing_values ["N/A", "-"] date_format "%Y-%m-%d" }
  source issues = "data/issues.jsonl" { date created_at }
  pillar "Brand engagement" weight 30% {
    metric sentiment weight 0.4 from survey column score mean scale 1..5
    metric mentions weight 0.3 from "data/mentions.csv" count target 500
    metric first_reply weight 0.3 from survey
        value median(hours(first_reply_at - opened_at)) lower_is_better scale 0..48
  }
  pillar "Internal" weight 70% geometric missing zero {
    metric resolution_rate weight 1/2 from survey
        value count(where status = "resolved") / count() target 90%
    metric merged_prs weight 1/2 from issues where is_pull_request and pull_request.merged_at is not missing
        count target 40
  }
}
"""


def test_full_example_parses():
    tree, bag = parse(FULL)
    assert not bag.items, bag.items
    assert tree.name == "Member Community Health" and not tree.implicit
    assert [c.kind for c in tree.clauses] == [
        "version", "owner", "description", "title", "period", "round", "output_scale", "status", "missing",
    ]
    assert [s.name for s in tree.sources] == ["survey", "issues"]
    survey = tree.sources[0]
    assert [o.key for o in survey.options] == [
        "date", "delimiter", "decimal", "thousands", "encoding", "missing_values", "date_format",
    ]
    assert [p.name for p in tree.pillars] == ["Brand engagement", "Internal"]
    assert [m.name for m in tree.pillars[1].metrics] == ["resolution_rate", "merged_prs"]


def test_clauses_in_any_order_mean_the_same(lab):
    a = lab.load('index "X" { period month round 2  source s = "d.csv" { date d }  pillar "P" { metric m weight 1 from s mean scale 0..10 } }', name="a.chi")
    b = lab.load('index "X" { pillar "P" { metric m scale 0..10 mean from s weight 1 } round 2 source s = "d.csv" { date d } period month }', name="b.chi")
    assert not a.codes and not b.codes, a.rendered + b.rendered
    assert a.index.pillars == b.index.pillars
    assert (a.index.period, a.index.rounding) == (b.index.period, b.index.rounding) == ("month", b.index.rounding)
    assert a.index.rounding.digits == 2


def test_weight_literal_forms():
    tree, bag = parse(
        'index "X" { pillar "P" { metric a weight 25% from "d.csv" metric b weight 0.25 from "d.csv" '
        'metric c weight 1/4 from "d.csv" metric d weight 1/4 from "d.csv" } }'
    )
    assert not bag.items
    weights = [next(c.value for c in m.clauses if c.kind == "weight") for m in tree.pillars[0].metrics]
    assert [w.text for w in weights] == ["25%", "0.25", "1/4", "1/4"]
    assert weights[2].numerator == 1 and weights[2].denominator == 4


def test_row_expressions_parse():
    tree, bag = parse(
        'index "X" { pillar "P" { metric m from "d.jsonl" '
        'where (a.b.c >= 3 or not flag) and kind in ["x", "y"] and kind not in ["z"] '
        'and title contains "bug" and closed_at is missing and -x * 2 + 1 / y != 0 and `odd name` = "v" '
        "value sum(days(closed_at - opened_at) where kind = \"x\") / count() target 3 } }"
    )
    assert not bag.items, bag.items
    metric = tree.pillars[0].metrics[0]
    where = next(c.value for c in metric.clauses if c.kind == "where")
    assert isinstance(where, st.Binary) and where.op == "and"
    value = next(c.value for c in metric.clauses if c.kind == "value")
    assert isinstance(value, st.Binary) and value.op == "/"
    assert isinstance(value.left, st.Call) and value.left.name == "sum" and value.left.where is not None


def test_keywords_can_be_column_names_where_unambiguous():
    # The contextual lexer reserves a word only where the parser could take it.
    tree, bag = parse('index "X" { source s = "d.csv" { date date } pillar "P" { metric m from s column count mean } }')
    assert not bag.items
    assert tree.sources[0].options[0].value.path == ("date",)


def test_minmax_is_one_keyword_not_min_then_max(lab):
    # Regression: `min` of the aggregate token used to split `minmax` into `min` `max`.
    outcome = lab.load('index "X" { by country pillar "P" { metric m from "d.csv" minmax lower_is_better } }')
    assert not outcome.codes, outcome.rendered
    norm = outcome.index.pillars[0].metrics[0].normalisation
    assert norm.kind == "minmax" and norm.lower_is_better


def test_comments_and_bom_are_ignored():
    tree, bag = parse('\ufeff# heading\nindex "X" { # trailing\n pillar "P" { metric m from "d.csv" } # end\n}\n')
    assert not bag.items and tree.name == "X"


# ---------------------------------------------------------------------------
# Syntax errors: a code, a position, and words rather than token names


SYNTAX_ERRORS = [
    # (spec, code, words the message or hint must contain, line, column)
    ('index "X" {\n  pillar "A" weight 50% { metric m weight }\n}\n', "CHI102", "expected a number, a percentage or a sign", 2, 43),
    ('index X { }', "CHI102", 'unexpected name `X`, expected a quoted string', 1, 7),
    ('index "X" {\n  pillar "A" {', "CHI103", "unexpected end of file", 2, 15),
    ('index "X" { pillar "A" { metric m weight 0.5; } }', "CHI104", "semicolons", 1, 45),
    ("index \"X\" { pillar 'A' { metric m } }", "CHI104", "double quotes", 1, 20),
    ('index "X { }', "CHI104", "unterminated string", 1, 7),
    ('index "X" { pillar "A" weight 25 % { metric a from "d.csv" } }', "CHI104", "25%", 1, 34),
    ('index "X" { pillar "A" { metric m from "d.csv" scale 1...5 } }', "CHI102", "unexpected `.`, expected a number", 1, 57),
    ('index "X" { pillar "A" { metric m from "d.csv" where a ~ 3 } }', "CHI104", "unexpected character `~`", 1, 56),
    ('index "X" { metric m from "d.csv" }', "CHI102", "unexpected `metric`", 1, 13),
    ('index "X" { pillar "A" { metric m from "d.csv" } } }', "CHI102", "unexpected `}`", 1, 52),
]


@pytest.mark.parametrize(("text", "code", "words", "line", "column"), SYNTAX_ERRORS)
def test_syntax_errors_are_in_words(text, code, words, line, column):
    tree, bag = parse(text)
    assert tree is None
    (diagnostic,) = bag.items
    assert diagnostic.code == code
    shown = diagnostic.message + " " + (diagnostic.hint or "")
    assert words in shown, shown
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
    assert not LARK_TOKEN_NAME.search(shown), shown


def test_every_unexpected_token_has_a_hint():
    # A word that is no clause names itself; any other token points at the clause before it.
    _, bag = parse('index "X" { pillar "P" { metric m from "d.csv" mean scale 0..10 extra } }')
    (diagnostic,) = bag.items
    assert diagnostic.code == "CHI102" and diagnostic.message.startswith("unexpected name `extra`")
    assert diagnostic.hint and "`extra` is not a word that can come here" in diagnostic.hint
    _, bag = parse('index "X" { pillar "P" { metric m from "d.csv" mean scale 0..10 5 } }')
    (diagnostic,) = bag.items
    assert diagnostic.code == "CHI102" and "docs/language.md" in diagnostic.hint


def test_syntax_error_lists_every_expectation_without_token_names():
    # After a metric name every metric clause is possible: a long list, all in words.
    tree, bag = parse('index "X" { pillar "A" { metric m 42 } }')
    (diagnostic,) = bag.items
    assert diagnostic.code == "CHI102"
    assert "expected `}`, `bands`, `column`" in diagnostic.message and "`from`" in diagnostic.message
    assert "`>`" not in diagnostic.message  # the block open is a brace: `>` would not close it
    assert not LARK_TOKEN_NAME.search(diagnostic.message + (diagnostic.hint or ""))


def test_syntax_error_offers_the_closer_of_the_open_block():
    # Cards and braces share parser states; the innermost open block decides the closer.
    _, bag = parse('index "X" { pillar "A" < metric m 42 > }')
    (diagnostic,) = bag.items
    assert "expected `>`, `bands`" in diagnostic.message and "`}`" not in diagnostic.message
    _, bag = parse('index "X" {\n  pillar "A" {\n    metric m from "d.csv" mean scale 0..1\n')
    (diagnostic,) = bag.items
    assert diagnostic.code == "CHI103" and "expected `}`, " in diagnostic.message and "`>`" not in diagnostic.message


@pytest.mark.parametrize(
    "fragment",
    [
        'index "X" {',
        'index "X" { pillar',
        'index "X" { pillar "A" weight',
        'index "X" { pillar "A" { metric',
        'index "X" { pillar "A" { metric m from',
        'index "X" { pillar "A" { metric m from "d.csv" where',
        'index "X" { pillar "A" { metric m from "d.csv" where a >',
        'index "X" { pillar "A" { metric m from "d.csv" value count(',
        'index "X" { pillar "A" { metric m from "d.csv" bands {',
        'index "X" { status {',
        'index "X" { source s = "d.csv" {',
        'index "X" { source s = "d.csv" { missing_values [',
        'index "X" { round',
        'index "X" { output scale 0..',
    ],
)
def test_truncated_specs_never_show_token_names(fragment):
    for text in (fragment, fragment + " }", fragment + " ]", fragment + " )", fragment + " 1"):
        tree, bag = parse(text)
        for diagnostic in bag.items:
            shown = diagnostic.message + " " + (diagnostic.hint or "")
            assert diagnostic.code.startswith("CHI1"), (text, diagnostic)
            assert not LARK_TOKEN_NAME.search(shown), (text, shown)


def test_keyword_as_metric_name_suggests_quotes():
    tree, bag = parse('index "X" { pillar "A" { metric count from "d.csv" } }')
    (diagnostic,) = bag.items
    assert diagnostic.code == "CHI105"
    assert "`count` is a keyword" in diagnostic.message
    assert diagnostic.hint == 'quote it: metric "count"'
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 33)


def test_quoted_keyword_is_a_fine_metric_name():
    tree, bag = parse('index "X" { pillar "A" { metric "count" from "d.csv" count target 10 } }')
    assert not bag.items and tree.pillars[0].metrics[0].name == "count"


@pytest.mark.parametrize("keyword", ["mean", "weight", "scale", "missing", "minmax", "percent", "geometric", "reweight"])
def test_every_kind_of_keyword_is_rejected_as_a_bare_name(keyword):
    tree, bag = parse(f'index "X" {{ pillar "A" {{ metric {keyword} from "d.csv" }} }}')
    assert [d.code for d in bag.items] in (["CHI105"], ["CHI102"]), bag.items
    if bag.items[0].code == "CHI102":
        # Words the parser cannot even take as a name still get the quoting hint.
        assert "quote" in (bag.items[0].hint or "") or "name" in bag.items[0].message


def test_keyword_as_source_name(lab):
    outcome = lab.load('index "X" { source mean = "d.csv" pillar "A" { metric a from mean } }')
    assert "keyword" in outcome.one("CHI105").message


def test_decomposed_accents_are_read_and_normalised_to_nfc():
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    tree, bag = parse(f'index "X" {{ pillar "A" {{ metric {decomposed} from "d.csv" }} }}')
    assert not bag.items
    assert tree.pillars[0].metrics[0].name == composed


def test_invalid_utf8_spec_is_chi101(lab):
    path = lab.write("bad.chi", b'index "X" {\n  pillar "Caf\xe9" { metric m from "d.csv" }\n}\n')
    from chi_lang.pipeline import load_spec

    loaded = load_spec(str(path))
    (diagnostic,) = loaded.bag.items
    assert diagnostic.code == "CHI101" and "0xe9" in diagnostic.message
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 14)


def test_missing_spec_file_is_chi101(lab):
    from chi_lang.pipeline import load_spec

    loaded = load_spec(str(lab.root / "nope.chi"))
    assert [d.code for d in loaded.bag.items] == ["CHI101"]


def test_card_where_needs_parentheses_before_the_closing_angle(lab):
    # Inside < >, `where x > ...` could read the closing `>` as a comparison;
    # parenthesised, the filter is unambiguous.
    outcome = lab.evaluate(
        'pillar "Internal" weight 25% < metric big from "d.csv" where (x > 3) count target 4 >',
        {"d.csv": "x\n1\n5\n7\n"},
    )
    assert outcome.row(pillar="Internal", metric="big").raw_value == 2.0  # 5 and 7


# ---------------------------------------------------------------------------
# `>` in a card: "greater than" or the end of the card


CARD_ENDINGS = [
    "where (x > 3)",
    "where flag",
    "where not flag",
    "where (flag)",
    "where x > 3",
    "where x > 3 and flag",
    "where x > y - 2 * (z + 1)",
    'where status in ["a", "b"]',
    "where x is not missing",
    "value count(where x > 3) / count()",
    "value sum(x) / count()",
    "count",
]


@pytest.mark.parametrize("ending", CARD_ENDINGS)
def test_a_card_may_end_with_any_clause(ending):
    # Whatever the metric's last clause, the card's `>` closes it, and the card
    # is the same tree as the brace form.
    card = f'pillar "P" weight 25% < metric m from "d.csv" scale 0..1 {ending} >'
    tree, bag = parse(card)
    assert not bag.items, [d.message for d in bag.items]
    braces, _ = parse(card.replace("< metric", "{ metric").removesuffix(">") + "}")
    assert tree == braces


def test_the_card_forms_filter_as_written(lab):
    data = {"d.csv": "x,flag\n1,true\n5,false\n7,true\n"}
    for ending, expected in [("where (x > 3) >", 2.0), ("where flag >", 2.0), ("where not flag >", 1.0),
                             ("where x > 3 >", 2.0)]:
        outcome = lab.evaluate(f'pillar "P" < metric m from "d.csv" count target 10 {ending}', data)
        assert outcome.row(pillar="P", metric="m").raw_value == expected, ending


def test_a_card_closed_after_a_condition_can_be_followed_by_another_card():
    tree, bag = parse('pillar "A" weight 1/2 < metric a from "d.csv" where flag >\n'
                      'pillar "B" weight 1/2 < metric b from "d.csv" where (x > 3) >\n')
    assert not bag.items and [p.name for p in tree.pillars] == ["A", "B"]
    tree, bag = parse('index "I" < pillar "A" < metric a from "d.csv" where not flag > >')
    assert not bag.items and tree.pillars[0].metrics[0].name == "a"


def test_a_greater_than_whose_right_side_follows_compares():
    tree, bag = parse('pillar "P" < metric m from "d.csv" where a > output count >')
    assert not bag.items
    where = next(c for c in tree.pillars[0].metrics[0].clauses if c.kind == "where").value
    assert (where.op, where.right.path) == (">", ("output",))  # `output` is a column here


def test_an_extra_closing_angle_is_a_syntax_error_at_its_place():
    _, bag = parse('pillar "P" < metric m from "d.csv" where flag > >')
    (diagnostic,) = bag.items
    assert diagnostic.code == "CHI102" and diagnostic.message.startswith("unexpected `>`")
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 49)  # the second `>`


def test_a_dangling_comparison_in_braces_is_reported_where_the_value_is_missing():
    _, bag = parse('pillar "P" { metric m from "d.csv" where a > }')
    (diagnostic,) = bag.items
    assert diagnostic.code == "CHI102" and diagnostic.message.startswith("unexpected `}`, expected `(`")
    assert diagnostic.span.column == 46


def test_many_comparisons_parse_in_linear_time():
    # The lookahead for each `>` stops at the token after its right-hand side.
    chain = " and ".join(f"x > {i}" for i in range(150))
    tree, bag = parse(f'pillar "P" < metric m from "d.csv" where {chain} count >')
    assert not bag.items and tree.pillars[0].metrics[0].name == "m"


def test_the_documented_reading_of_a_keyword_after_greater_than():
    tree, bag = parse('pillar "P" < metric m from "d.csv" count target 10 where a > output scale 0..1 >')
    # `output` is a column compared with `a`; `scale 0..1` is the metric's (here a second
    # normalisation, which the resolver reports), not the index's output scale.
    assert not bag.items
    metric = tree.pillars[0].metrics[0]
    assert [c.kind for c in metric.clauses].count("normalisation") == 2 and not tree.clauses
