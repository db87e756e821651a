"""Every language and data code (CHI1xx-CHI4xx) in the catalogue has a trigger here,
and each trigger really raises its code.  A new code without a trigger fails
`test_every_code_has_a_trigger`.  (The detailed tests of each code's message,
position and hint live beside the feature: test_parser, test_resolver, ...)"""

from __future__ import annotations

import pytest

from chi_lang.codes import CODES
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import load_spec

P = 'index "X" {{ {index} pillar "P" {{ metric m from "d.csv" {metric} }} }}'


def spec(metric: str = "mean scale 0..10", index: str = "") -> str:
    return P.format(index=index, metric=metric)


# code → (spec text or raw bytes, data files, whether the data must be read)
TRIGGERS: dict[str, tuple[str | bytes, dict[str, str | bytes], bool]] = {
    "CHI101": (b'index "\xff" { }', {}, False),
    "CHI102": ('index "X" { pillar "A" weight 50% { metric m weight } }', {}, False),
    "CHI103": ('index "X" { pillar "A" {', {}, False),
    "CHI104": ('index "X" { pillar "A" { metric m weight 0.5; } }', {}, False),
    "CHI105": ('index "X" { pillar "A" { metric count from "d.csv" } }', {}, False),
    "CHI106": (spec("mean mean scale 0..10"), {}, False),
    "CHI107": ('index "X" { }', {}, False),
    "CHI108": ('index "X" { pillar "P" { } }', {}, False),
    "CHI109": (spec("scale 0..1e400"), {}, False),
    "CHI110": ('index "X" { pillar "A\x1b[2J" { metric m from "d.csv" mean scale 0..10 } }', {}, False),
    "CHI201": ('index "X" { pillar "P" { metric m from "d.csv" scale 0..1 metric m from "d.csv" scale 0..1 } }', {}, False),
    "CHI202": ('index "X" { pillar "P" { metric m from nowhere scale 0..1 } }', {}, False),
    "CHI203": ('index "X" { pillar "P" { metric m scale 0..1 } }', {}, False),
    "CHI204": (spec("value avg(x) scale 0..1"), {}, False),
    "CHI205": (spec("value percentile(x) scale 0..1"), {}, False),
    "CHI206": (spec("value x / count() scale 0..1"), {}, False),
    "CHI207": (spec(index="period fortnight"), {}, False),
    "CHI208": (spec("scale 0..1 target 3"), {}, False),
    "CHI209": (spec('where status > "a" count target 3'), {}, False),
    "CHI301": ('index "X" { pillar "P" { metric m weight 0.5 from "d.csv" scale 0..1 } }', {}, False),
    "CHI302": ('index "X" { pillar "P" { metric a weight -1 from "d.csv" scale 0..1 metric b weight 2 from "d.csv" scale 0..1 } }', {}, False),
    "CHI303": ('index "X" { pillar "P" { metric a weight 0 from "d.csv" scale 0..1 metric b weight 1 from "d.csv" scale 0..1 } }', {}, False),
    "CHI304": ('index "X" { pillar "P" { metric a weight 1 from "d.csv" scale 0..1 metric b from "d.csv" scale 0..1 } }', {}, False),
    "CHI305": (spec("scale 5..1"), {}, False),
    "CHI306": (spec("target 0"), {}, False),
    "CHI307": (spec("log scale 0..100"), {}, False),
    "CHI308": ('index "X" { pillar "P" geometric { metric m from "d.csv" scale 0..10 } }', {}, False),
    "CHI309": (spec("minmax"), {}, False),
    "CHI310": (spec("bands { >= 4 -> 80, >= 4.5 -> 100, else 0 }"), {}, False),
    "CHI311": (spec("share(where ok)"), {}, False),
    "CHI312": (spec("percentile(150) scale 0..10"), {}, False),
    "CHI313": (spec("lower_is_better percent"), {}, False),
    "CHI314": (spec(index="period month"), {}, False),
    "CHI315": (spec(index="output scale 10..0"), {}, False),
    "CHI316": (spec(index="round 20"), {}, False),
    "CHI317": ('index "X" { source s = "s.csv" { delimiter ";;" } pillar "P" { metric m from s scale 0..1 } }', {}, False),
    "CHI318": (spec("count"), {}, False),
    "CHI320": ('index "X" { source s = "s.csv" { unit team } pillar "P" { metric m from s scale 0..1 } }', {}, False),
    "CHI319": ('pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >', {}, False),
    "CHI321": (spec("scale -1e308..1e308"), {}, False),
    "CHI401": (spec(), {}, True),  # d.csv is not there
    "CHI402": (spec(), {"d.csv": b"m\n\xe9\n"}, True),
    "CHI403": (spec(), {"d.csv": b""}, True),
    "CHI404": (spec("column nope mean scale 0..10"), {"d.csv": "m\n1\n"}, True),
    "CHI405": (spec(), {"d.csv": "m\nabc\n"}, True),
    "CHI406": ('index "X" { period month source s = "d.csv" { date d } pillar "P" { metric m from s mean scale 0..10 } }',
               {"d.csv": "d,m\nyesterday,1\n"}, True),
    "CHI407": (spec(), {"d.csv": "m,n\n1\n"}, True),
    "CHI408": (spec('where m > 5 mean scale 0..10 missing error'), {"d.csv": "m\n1\n"}, True),
    "CHI409": (spec("mean log scale 1..10"), {"d.csv": "m\n0\n"}, True),
    "CHI410": ('index "X" { by u pillar "P" { metric m from "d.csv" mean minmax } }', {"d.csv": "u,m\na,1\nb,1\n"}, True),
    "CHI411": (spec("mean"), {"d.csv": "m\n150\n"}, True),
    "CHI412": ('index "X" { period month source s = "d.csv" { date d } pillar "P" { metric m from s mean scale 0..10 } }',
               {"d.csv": "d,m\n2025-01-01,1\n,2\n"}, True),
    "CHI413": ('index "X" { by u pillar "P" { metric m from "d.csv" mean scale 0..10 } }', {"d.csv": "u,m\na,1\n,2\n"}, True),
    "CHI414": (spec("where ok count target 3"), {"d.csv": "m,ok\n1,maybe\n"}, True),
    # 1e308 + 1e308 overflows a double: an error, never a silently dropped metric.
    "CHI415": (spec("sum scale 0..10"), {"d.csv": "m\n1e308\n1e308\n"}, True),
}

LANGUAGE_CODES = sorted(c for c in CODES if c[3] in "1234")


def test_every_code_has_a_trigger():
    assert sorted(TRIGGERS) == LANGUAGE_CODES


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_trigger_raises_its_code(lab, code):
    text, files, read_data = TRIGGERS[code]
    for name, content in files.items():
        lab.write(name, content)
    path = lab.write("spec.chi", text)
    loaded = load_spec(str(path))
    if read_data:
        assert loaded.index is not None and not loaded.bag.has_errors, loaded.bag.items
        evaluate(loaded.index, loaded.bag)
    codes = [d.code for d in loaded.bag.items]
    assert code in codes, codes
    found = next(d for d in loaded.bag.items if d.code == code)
    assert found.severity == CODES[code].severity
    # Every catalogue entry explains itself.
    entry = CODES[code]
    assert entry.name and entry.summary and entry.why


def test_codes_are_grouped_by_stage():
    for code in LANGUAGE_CODES:
        assert code.startswith("CHI") and len(code) == 6 and code[3:].isdigit()


# Back-end codes raised by a command rather than the pipeline: their triggers, run as the CLI.
COMMAND_TRIGGERS = {
    # A NUL in a unit read from the data: CSV output cannot carry it.
    "CHI508": ('index "X" { by u pillar "P" { metric m from "d.csv" mean scale 0..10 } }',
               {"d.csv": 'u,m\n"a\x00b",1\n'}, ("eval", "spec.chi", "--format", "csv", "--engine", "python")),
}


@pytest.mark.parametrize("code", sorted(COMMAND_TRIGGERS))
def test_command_trigger_raises_its_code(lab, code):
    text, files, args = COMMAND_TRIGGERS[code]
    for name, content in files.items():
        lab.write(name, content)
    lab.write("spec.chi", text)
    result = lab.cli(*args)
    assert result.returncode == 1 and f"error[{code}]" in result.stderr, result.stderr
    entry = CODES[code]
    assert entry.name and entry.summary and entry.why
