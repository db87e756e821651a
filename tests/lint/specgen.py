"""Hypothesis strategies that write syntactically valid specs in varied layouts.

Specs are built as token lists and joined with random separators: spaces, new
lines, blank lines, comments on their own line and comments after code.  They
need not resolve (the formatter works on the syntax tree), but they always parse.
"""

from __future__ import annotations

from hypothesis import strategies as s

NAMES = ("score", "status", "opened_at", "kind", "nps", "hours_open", "région", "likes", "x1")
SOURCES = ("survey", "tickets", "forum")
SEPARATORS = (" ", " ", " ", "  ", "\n", "\n    ", "\n\n", "\t", " # a comment\n", "\n# own line\n",
              "  # chi: ignore[CHI601]\n", "\n\n  # after a blank line\n")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


strings = s.sampled_from(["open", "a b", 'say "hi"', "back\\slash", "50%", "#not a comment", "ünï"]).map(_quoted)
numbers = s.sampled_from(["0", "1", "2.5", "100", "0.125", "1e3", "33.333"])
percents = s.sampled_from(["25%", "90%", "12.5%", "100%"])
columns = s.one_of(s.sampled_from(NAMES), s.sampled_from(["author.is_staff", "a.b.c", "`first name`", "`#hash`"]))


def _between(items: list[str], sep: str) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(items):
        out += [sep, item] if i else [item]
    return out


def _atoms() -> s.SearchStrategy[list[str]]:
    return s.one_of(
        columns.map(lambda c: [c]),
        numbers.map(lambda n: [n]),
        percents.map(lambda p: [p]),
        strings.map(lambda t: [t]),
        s.sampled_from([["true"], ["false"], ["missing"], ["count", "(", ")"]]),
    )


def _extend(inner: s.SearchStrategy[list[str]]) -> s.SearchStrategy[list[str]]:
    paren = inner.map(lambda e: ["(", *e, ")"])
    binary_ops = ["+", "-", "*", "/", "and", "or", "=", "==", "!=", "<", "<=", ">", ">=", "contains"]
    return s.one_of(
        s.tuples(paren, s.sampled_from(binary_ops), paren).map(lambda t: [*t[0], t[1], *t[2]]),
        s.lists(columns, min_size=2, max_size=4).map(lambda cs: _between(cs, "+")),
        paren.map(lambda e: ["-", *e]),
        paren.map(lambda e: ["not", *e]),
        paren.map(lambda e: [*e, "is", "missing"]),
        paren.map(lambda e: [*e, "is", "not", "missing"]),
        s.tuples(paren, s.lists(strings, max_size=3)).map(
            lambda t: [*t[0], "in", "[", *_between(t[1], ","), "]"]),
        s.tuples(s.sampled_from(["mean", "sum", "median", "hours", "days", "ln"]), inner).map(
            lambda t: [t[0], "(", *t[1], ")"]),
        s.tuples(s.sampled_from(["count", "share"]), inner).map(lambda t: [t[0], "(", "where", *t[1], ")"]),
        s.tuples(inner, inner).map(lambda t: ["percentile", "(", *t[0], ",", "90", ")"]),
        s.tuples(inner, inner).map(lambda t: ["mean", "(", *t[0], "where", *t[1], ")"]),
    )


expressions = s.recursive(_atoms(), _extend, max_leaves=8)

weights = s.sampled_from([["25%"], ["0.5"], ["1", "/", "4"], ["-", "0.2"], ["33.333%"], ["+", "1"]])
metric_clauses = s.one_of(
    weights.map(lambda w: ["weight", *w]),
    s.sampled_from(SOURCES).map(lambda n: ["from", n]),
    strings.map(lambda t: ["from", t]),
    columns.map(lambda c: ["column", c]),
    expressions.map(lambda e: ["value", *e]),
    expressions.map(lambda e: ["where", *e]),
    s.sampled_from([["mean"], ["count"], ["count_distinct"], ["max"], ["percentile", "(", "95", ")"],
                    ["percentile", "(", "95%", ")"]]),
    expressions.map(lambda e: ["share", "(", "where", *e, ")"]),
    s.sampled_from([["scale", "1", "..", "5"], ["scale", "-", "1", "..", "1"], ["target", "90%"],
                    ["target", "500"], ["minmax"], ["percentile_rank"], ["percent"], ["none"], ["log"],
                    ["bands", "{", ">=", "4.5", "->", "100", ",", ">=", "4", "→", "80", ",", "else", "0", "}"],
                    ["bands", "{", "<=", "1", "100", ",", "else", "-", "0", ",", "}"],
                    ["lower_is_better"], ["higher_is_better"], ["missing", "zero"]]),
    strings.map(lambda t: ["unit", t]),
    strings.map(lambda t: ["description", t]),
)
metric_names = s.one_of(s.sampled_from(["sentiment", "first_reply", "nps_score", "délai"]),
                        s.sampled_from(['"count"', '"a metric"', '"#1"']))
metrics = s.tuples(metric_names, s.lists(metric_clauses, max_size=6)).map(
    lambda t: ["metric", t[0], *[tok for clause in t[1] for tok in clause]])

pillar_clauses = s.one_of(
    weights.map(lambda w: ["weight", *w]),
    s.sampled_from([["geometric"], ["arithmetic"], ["missing", "reweight"], ["weights", "relative"]]),
    strings.map(lambda t: ["description", t]),
    s.just(["status", "{", ">=", "75", '"healthy"', ",", "else", '"at risk"', "}"]),
)
pillars = s.tuples(
    s.one_of(strings, s.sampled_from(["Internal", "Reach"])),
    s.lists(pillar_clauses, max_size=3),
    s.lists(metrics, max_size=5),
).map(lambda t: ["pillar", t[0], *[x for c in t[1] for x in c], "{", *[x for m in t[2] for x in m], "}"])

index_clauses = s.one_of(
    strings.map(lambda t: ["version", t]),
    strings.map(lambda t: ["owner", t]),
    strings.map(lambda t: ["title", t]),
    s.sampled_from([["period", "month"], ["period", "week"], ["by", "region"], ["by", "`country code`"],
                    ["round", "1"], ["round", "2", "half_even"], ["output", "scale", "0", "..", "10"],
                    ["geometric"], ["missing", "error"], ["weights", "fixed"],
                    ["status", "{", ">=", "75", '"healthy"', ",", ">=", "50", "->", '"watch"', ",", "else", '"at risk"', "}"]]),
)
source_options = s.sampled_from([["date", "opened_at"], ["date", "date"], ["delimiter", '";"'], ["decimal", '","'],
                                 ["missing_values", "[", '"N/A"', ",", '"-"', "]"], ["missing_values", "[", "]"],
                                 ["format", "jsonl"], ["skip_footer", "2"], ["unit", "team"], ["encoding", '"latin-1"'],
                                 ["date_format", '"%d/%m/%Y"'], ["thousands", '"."']])
sources = s.tuples(s.sampled_from(SOURCES), strings, s.one_of(s.none(), s.lists(source_options, max_size=4))).map(
    lambda t: ["source", t[0], "=", t[1], *([] if t[2] is None else ["{", *[x for o in t[2] for x in o], "}"])])

items = s.lists(s.one_of(index_clauses, sources, pillars, pillars), min_size=1, max_size=7)


@s.composite
def spec_texts(draw) -> str:
    body = [tok for item in draw(items) for tok in item]
    tokens = ["index", draw(strings), "{", *body, "}"] if draw(s.booleans()) else body
    out = [draw(s.sampled_from(["", "# leading comment\n", "\n"]))]
    for token in tokens:
        out.append(token)
        out.append(draw(s.sampled_from(SEPARATORS)))
    return "".join(out)
