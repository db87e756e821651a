"""Details of diagnostics that a first user ran into: where they point, what they show."""

from __future__ import annotations

import pytest

ONE_METRIC = 'index "X" {{ pillar "P" {{ metric score from "{file}" mean scale 0..10 }} }}'


def test_a_bad_cell_shows_its_data_line_with_a_caret_under_the_cell(lab):
    lab.spec(ONE_METRIC.format(file="d.csv"), {"d.csv": 'a,score,b\n1,2,3\n4,"n/a",6\n'})
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 1
    # Line 3, column 3 is where the quoted cell "n/a" starts (after `4,`).
    assert "--> d.csv:3:3" in result.stderr
    assert ' 3 | 4,"n/a",6' in result.stderr
    assert '   |   ^^^^^' in result.stderr  # five carets under "n/a" with its quotes


def test_a_bad_json_value_is_pointed_at_in_its_line(lab):
    lab.spec(ONE_METRIC.format(file="d.jsonl"), {"d.jsonl": '{"a": 1, "score": "oops", "b": 2}\n'})
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 1
    # `{"a": 1, "score": ` is 18 characters: the value starts in column 19.
    assert "--> d.jsonl:1:19" in result.stderr
    assert "^^^^^^" in result.stderr


def test_a_semicolon_file_read_with_commas_suggests_the_delimiter(lab):
    lab.spec(ONE_METRIC.format(file="d.csv"), {"d.csv": "date;score\n2025-01-01;3\n"})
    result = lab.cli("eval", "spec.chi", "--engine", "python")
    assert result.returncode == 1 and "CHI404" in result.stderr
    assert '{ delimiter ";" }' in result.stderr


def test_unknown_string_escapes_are_errors(lab):
    outcome = lab.load(r'index "a\qb" { pillar "P" { metric m from "d.csv" mean scale 0..1 } }')
    assert outcome.codes == ["CHI104"]
    assert "unknown escape `\\q`" in outcome.rendered


def test_known_escapes_are_read(lab):
    outcome = lab.load(r'index "X" { description "say \"hi\"\tnow\\" pillar "P" { metric m from "d.csv" mean scale 0..1 } }')
    assert outcome.index is not None
    assert outcome.index.description == 'say "hi"\tnow\\'


def test_a_date_format_with_an_unknown_directive_fails_check(lab):
    outcome = lab.load('index "X" { period month source s = "s.csv" { date d date_format "%Y-%Q" } '
                       'pillar "P" { metric m from s mean scale 0..1 } }')
    assert "CHI317" in outcome.codes and "%Q" in outcome.rendered


def test_a_unit_column_without_by_is_a_warning(lab):
    outcome = lab.load('index "X" { source s = "s.csv" { unit team } pillar "P" { metric m from s mean scale 0..1 } }')
    assert "CHI320" in outcome.codes


def test_a_huge_goalpost_is_an_error_at_check_time(lab):
    outcome = lab.load('index "X" { pillar "P" { metric m from "d.csv" scale 0..1e400 } }')
    assert outcome.codes == ["CHI109"]


@pytest.mark.parametrize("layout", ['""', '"  "'])
def test_an_empty_date_format_fails_check_at_the_option(lab, layout):
    outcome = lab.load('index "X" { period month\n'
                       f'  source s = "s.csv" {{ date d date_format {layout} }}\n'
                       '  pillar "P" { metric m from s mean scale 0..1 } }')
    diagnostic = outcome.one("CHI317")
    assert diagnostic.message == f"date_format {layout[1:-1]!r} is empty"
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 31)
    assert "strptime" in diagnostic.hint


def test_a_huge_literal_is_cut_short_in_the_message(lab):
    digits = "1" * 100_000
    outcome = lab.load(f'index "X" {{ pillar "P" {{ metric m from "d.csv" scale 0..{digits} }} }}')
    diagnostic = outcome.one("CHI109")
    assert diagnostic.message == "`11111111111111111111…(100000 digits)` is too large a number"
    # The caret line is windowed too: nothing near 100,000 characters reaches the terminal.
    assert max(len(line) for line in outcome.rendered.splitlines()) < 200


def test_long_literals_are_cut_short_in_resolver_messages(lab):
    tiny = "0." + "0" * 300 + "1"  # in range, but 303 characters
    outcome = lab.load(f'index "X" {{ pillar "P" {{ metric m from "d.csv" scale 1..{tiny} }} }}')
    message = outcome.one("CHI305").message
    assert message.startswith("scale 1..0.000000000000000000…(302 digits):") and len(message) < 120


# ---- carets under wide, combining and control characters -------------------------

from chi_lang.diagnostics import Diagnostic, Severity, render_text  # noqa: E402
from chi_lang.span import Span  # noqa: E402


def _caret_under(rendered: str, line_no: int) -> tuple[str, int, int]:
    """The shown source line, and the display column and width of its carets."""
    lines = rendered.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f" {line_no} | "))
    shown = lines[at][len(f" {line_no} | "):]
    marker = lines[at + 1][len(f" {' ' * len(str(line_no))} | "):]
    column = len(marker) - len(marker.lstrip(" "))
    return shown, column, len(marker.strip().split(" ")[0])


@pytest.mark.parametrize(("before", "extra_columns"), [
    ("满意度", 3),            # three CJK characters: two columns each
    ("😀 and 🎉", 2),         # emoji are wide too
    ("Cafe\u0301 e\u0301", -2),  # combining accents take no column
    ("ＡＢ", 2),              # fullwidth Latin
])
def test_the_caret_lines_up_after_wide_or_combining_characters(lab, before, extra_columns):
    outcome = lab.load(f'index "{before}" {{ pillar "P" {{ metric m weight 0.5 from "d.csv" mean scale 0..1 }} }}')
    outcome.one("CHI301")
    shown, column, width = _caret_under(outcome.rendered, 1)
    assert column == shown.index("0.5") + extra_columns  # str.index counts characters, not columns
    assert width == 3


def test_the_caret_lines_up_after_tabs(lab):
    outcome = lab.load('index "X" {\n\tpillar "P" {\tmetric m weight 0.5 from "d.csv" mean scale 0..1 }\n}')
    shown, column, width = _caret_under(outcome.rendered, 2)
    assert "\t" not in shown  # tabs are expanded, so the terminal cannot move the text
    assert shown.startswith("    pillar") and column == shown.index("0.5") and width == 3


def test_control_characters_in_a_shown_line_are_escaped_and_the_caret_follows():
    line = "a,\x1b[2Jb\u202e,\x07oops"
    diagnostic = Diagnostic("CHI405", Severity.ERROR, "cell \x1b[31mred", Span("d.csv", 1, 11, 1, 15),
                            "fix\x07 it", line_text=line)
    text = render_text([diagnostic], {})
    assert not any(c in text for c in "\x1b\x07\u202e")
    assert "error[CHI405]: cell \\x1b[31mred" in text and "= help: fix\\x07 it" in text
    shown, column, width = _caret_under(text, 1)
    assert shown == "a,\\x1b[2Jb\\u202e,\\x07oops"
    assert (column, width) == (shown.index("oops"), 4)


def test_lines_are_counted_like_the_parser_counts_them(lab):
    # Form feeds (whitespace between tokens) end a line for str.splitlines(), not for the parser.
    outcome = lab.load('index "X" { \f \n pillar "P" { metric m weight 0.5 from "d.csv" mean scale 0..1 } }')
    diagnostic = outcome.one("CHI301")
    assert diagnostic.span.line == 2
    shown, column, _ = _caret_under(outcome.rendered, 2)
    assert shown.startswith(' pillar "P"') and column == shown.index("0.5")


def test_a_long_line_with_wide_characters_is_windowed_in_columns(lab):
    names = " ".join(f"metric 指標{i} from \"d.csv\" mean scale {'5..1' if i == 4 else '0..1'}" for i in range(9))
    outcome = lab.load(f'index "X" {{ pillar "P" {{ {names} }} }}')
    outcome.one("CHI305")
    shown, column, width = _caret_under(outcome.rendered, 1)
    assert shown.startswith("…") and shown.endswith("…")
    wide = sum(1 for c in shown[:shown.index("5..1")] if "\u4e00" <= c <= "\u9fff")
    assert wide > 0 and column == shown.index("5..1") + wide and width == 4


# ---- control characters in specs (CHI110) ---------------------------------------

CONTROL_CASES = [
    # (spec with the bad character, column of the character, message)
    ('index "X" {{ pillar "Reach\x1b[2J" {{ {m} }} }}', 26, "control character \\x1b (ESC) in a pillar name"),
    ('index "Bell\x07" {{ pillar "P" {{ {m} }} }}', 12, "control character \\x07 (BEL) in the index name"),
    ('index "X" {{ pillar "P" {{ metric "a\x00b" from "d.csv" mean scale 0..1 }} }}', 35,
     "control character \\x00 (NUL) in a metric name"),
    ('index "X" {{ title "\u202eevil" pillar "P" {{ {m} }} }}', 20,
     "control character \\u202e (RIGHT-TO-LEFT OVERRIDE) in the title"),
    ('index "X" {{ description "ok\x85" pillar "P" {{ {m} }} }}', 28, "control character \\x85 (NEL) in a description"),
    ('index "X" {{ status {{ >= 50 "fine\u2066", else "bad" }} pillar "P" {{ {m} }} }}', 33,
     "control character \\u2066 (LEFT-TO-RIGHT ISOLATE) in a status label"),
    ('index "X" {{ pillar "P\\n2" {{ {m} }} }}', 22, "escape `\\n` makes control character \\x0a (LF) in a pillar name"),
    ('index "X" {{ pillar "P\t2" {{ {m} }} }}', 22, "control character \\x09 (TAB) in a pillar name"),
    # invisible characters make two names look alike: refused like controls
    ('index "X" {{ pillar "Brand\u200b engagement" {{ {m} }} }}', 26,
     "control character \\u200b (ZERO WIDTH SPACE) in a pillar name"),
    ('index "X" {{ pillar "P" {{ metric m\ufeffn from "d.csv" mean scale 0..1 }} }}', 34,
     "control character \\ufeff (ZERO WIDTH NO-BREAK SPACE) outside a string"),
    ('index "X" {{ pillar "P" {{ metric m column `a\x1bb` from "d.csv" mean scale 0..1 }} }}', 44,
     "control character \\x1b (ESC) in a column name"),
    ('index "X" {{ pillar "P" {{ metric m from "d\x1b.csv" mean scale 0..1 }} }}', 42,
     "control character \\x1b (ESC) in a source path"),
    ('index "X" {{ pillar "P" {{ metric m from "d.csv" where s = "\x1b" count target 1 }} }}', 59,
     "control character \\x1b (ESC) in a string"),
    ('index "X" {{ # a comment \u202e that reads backwards\n pillar "P" {{ {m} }} }}', 25,
     "control character \\u202e (RIGHT-TO-LEFT OVERRIDE) in a comment"),
    # Between tokens: CHI110 as in strings, not CHI104 with the grammar's list.
    ('index "X" {{ pillar "P" {{ {m} }} }} \x1b', 68, "control character \\x1b (ESC) outside a string"),
    ('index "X" {{ pillar "P" {{ {m} }} }} \u202e', 68,
     "control character \\u202e (RIGHT-TO-LEFT OVERRIDE) outside a string"),
    ('index "X" {{ pillar "P" \x07{{ {m} }} }}', 24, "control character \\x07 (BEL) outside a string"),
]


@pytest.mark.parametrize(("text", "column", "message"), CONTROL_CASES)
def test_control_characters_are_refused_where_they_are(lab, text, column, message):
    outcome = lab.load(text.format(m='metric m from "d.csv" mean scale 0..1'))
    diagnostic = outcome.one("CHI110")
    assert diagnostic.message == message
    assert (diagnostic.span.line, diagnostic.span.column) == (1, column)
    assert diagnostic.severity.value == "error" and diagnostic.hint
    rendered = outcome.rendered
    assert not any(c in rendered for c in "\x00\x07\x1b\x85\u202e\u2066\t")
    # The caret is under the escaped character in the shown line.
    shown, caret, width = _caret_under(rendered, 1)
    escape = message.split(" ")[2] if message.startswith("control") else message.split("`")[1]
    if escape == "\\x09":  # a raw tab is shown expanded, the caret under its spaces
        assert shown[caret:caret + width].strip() == "" and width >= 1
    else:
        assert shown[caret:caret + width] == escape


def test_tabs_and_new_lines_are_allowed_in_text_but_not_in_names(lab):
    outcome = lab.load('index "X" { description "one\\ttwo\\nthree\tfour" title "T"\n'
                       '  pillar "P" { metric m from "d.csv" where s = "a\\tb" mean scale 0..1 } }  # tab\there')
    assert not outcome.codes, outcome.rendered
    assert outcome.index.description == "one\ttwo\nthree\tfour"


def test_unicode_escapes_are_not_a_way_around(lab):
    outcome = lab.load('index "X" { pillar "P\\u001b" { metric m from "d.csv" mean scale 0..1 } }')
    assert outcome.codes == ["CHI104"] and "unknown escape `\\u`" in outcome.one("CHI104").message


def test_check_refuses_control_characters_with_exit_1_and_no_raw_output(lab):
    lab.write("spec.chi", 'index "X" { pillar "Reach\x1b]0;pwned\x07" { metric m from "d.csv" mean scale 0..1 } }\n')
    result = lab.cli("check", "spec.chi")
    assert result.returncode == 1 and "error[CHI110]" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "Traceback" not in result.stderr


# ---- numbers double precision cannot compute with (CHI109, CHI321) -------------------

METRIC = 'index "X" {{ {index}pillar "P" {{ metric m from "d.csv" mean {norm} }} }}'

NUMBER_CASES = [
    # (index clauses, normalisation, code, the text the span covers, message)
    ("", "scale -1e308..1e308", "CHI321", "-1e308..1e308",
     "scale -1e308..1e308 is too wide: 100·(HI − LO) overflows double precision (about 1.8e308)"),
    ("", "lower_is_better scale 0..1e307", "CHI321", "0..1e307",
     "scale 0..1e307 is too wide: 100·(HI − LO) overflows double precision (about 1.8e308)"),
    ("", "scale 0.1000000000000000001..0.1000000000000000002", "CHI321",
     "0.1000000000000000001..0.1000000000000000002",
     "scale 0.1000000000000000001..0.1000000000000000002: the goalposts differ only beyond the 17 significant "
     "digits a double holds, so they are the same number when computed"),
    ("", "log scale 1e300..1.0000000000000002e300", "CHI321", "1e300..1.0000000000000002e300",
     "log scale 1e300..1.0000000000000002e300: ln(LO) and ln(HI) are the same number in double precision, "
     "so every score would divide by zero"),
    ("", "lower_is_better target 1e308", "CHI321", "1e308",
     "target 1e308 is too large: 100·T overflows double precision (about 1.8e308)"),
    ("", "target 1e-400", "CHI109", "1e-400", "`1e-400` is too close to 0: double precision reads it as 0"),
    ("", "target 1e-400%", "CHI109", "1e-400%", "`1e-400%` is too close to 0: double precision reads it as 0"),
    ("", "target 3e-310", "CHI109", "3e-310",
     "`3e-310` is too close to 0: double precision cannot hold it without losing digits"),
    ("", "bands { >= 1e400 -> 100, else 0 }", "CHI109", "1e400", "`1e400` is too large a number"),
    ("", "bands { >= 0.1000000000000000002 -> 100, >= 0.1000000000000000001 -> 50, else 0 }", "CHI321",
     "0.1000000000000000001",
     "bands: thresholds 0.1000000000000000002 and 0.1000000000000000001 are the same number in double precision "
     "(they differ beyond its 17 significant digits)"),
    ('status { >= 50.0000000000000000001 "ok", >= 50 "meh", else "bad" } ', "scale 0..1", "CHI321", "50",
     "status bands: thresholds 50.0000000000000000001 and 50 are the same number in double precision "
     "(they differ beyond its 17 significant digits)"),
    ("output scale -1e308..1e308 ", "scale 0..1", "CHI321", "-1e308..1e308",
     "output scale -1e308..1e308 is too wide: 100·(HI − LO) overflows double precision (about 1.8e308)"),
    ("output scale 1..1.00000000000000000001 ", "scale 0..1", "CHI321", "1..1.00000000000000000001",
     "output scale 1..1.00000000000000000001: the goalposts differ only beyond the 17 significant digits a double "
     "holds, so they are the same number when computed"),
]


@pytest.mark.parametrize(("index", "norm", "code", "covered", "message"), NUMBER_CASES)
def test_numbers_beyond_double_precision_fail_check(lab, index, norm, code, covered, message):
    text = METRIC.format(index=index, norm=norm)
    outcome = lab.load(text)
    assert outcome.codes == [code], outcome.rendered
    diagnostic = outcome.one(code)
    assert diagnostic.message == message
    span = diagnostic.span
    assert text[span.column - 1:span.end_column - 1] == covered
    assert diagnostic.hint


def test_goalposts_that_only_differ_in_precision_are_not_called_reversed(lab):
    outcome = lab.load(METRIC.format(index="", norm="scale 0.1000000000000000001..0.1000000000000000002"))
    assert "CHI305" not in outcome.codes and "CHI321" in outcome.codes
    assert "CHI305" in lab.load(METRIC.format(index="", norm="scale 0.1000000000000000002..0.1000000000000000001")).codes


def test_the_widest_computable_scale_still_scores(lab):
    outcome = lab.evaluate(METRIC.format(index="", norm="scale -1e305..1e305"), {"d.csv": "m\n0\n1e308\n"})
    assert outcome.index_score() == pytest.approx(100.0)


@pytest.mark.parametrize("command", [["eval", "spec.chi", "--format", "json"], ["compile", "spec.chi"]])
def test_an_overflowing_scale_stops_eval_and_compile_with_a_diagnostic(lab, command):
    lab.spec(METRIC.format(index="", norm="scale -1e308..1e308"), {"d.csv": "m\n1\n"})
    result = lab.cli(*command)
    assert result.returncode == 1
    assert "error[CHI321]" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
