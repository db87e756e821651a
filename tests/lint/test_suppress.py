"""`# chi: ignore[CODE]` comments: what they silence, and what is reported about them."""

from __future__ import annotations

from .helpers import codes, lint

PILLAR = 'index "X" {{\n  version "1"\n  owner "o"\n  pillar "A" {{ {comment}\n    metric m from "s.csv" mean scale 0..1\n  }}\n}}\n'


def test_a_suppression_silences_its_code_on_its_line() -> None:
    assert codes(PILLAR.format(comment="")) == ["CHI601"]
    assert codes(PILLAR.format(comment="# chi: ignore[CHI601]")) == []
    assert codes(PILLAR.format(comment="#chi:ignore[ chi601 ,CHI602]")) == ["CHI692"]  # CHI602 is not on this line


def test_unknown_unused_and_malformed_suppressions() -> None:
    unknown = lint(PILLAR.format(comment="# chi: ignore[CHI601, CHI6O2]"))
    assert [(d.code, d.span.line, d.span.column) for d in unknown] == [("CHI691", 4, 38)]  # column of CHI6O2: 2 + len(`pillar "A" { `) + len(`# chi: ignore[CHI601, `) + 1
    assert codes(PILLAR.format(comment="# chi: ignore[CHI603]")) == ["CHI601", "CHI692"]
    assert codes(PILLAR.format(comment="# chi: ignore")) == ["CHI601", "CHI694"]
    assert codes(PILLAR.format(comment="# chi: ignore[CHI601 ; x]")) == ["CHI694", "CHI691"]


def test_errors_cannot_be_suppressed() -> None:
    spec = 'pillar "A" { metric m weight 2 from "s.csv" mean scale 0..1 }  # chi: ignore[CHI301]\n'
    found = codes(spec)
    assert "CHI301" in found and "CHI694" in found


def test_a_hash_inside_a_string_or_quoted_name_is_not_a_comment() -> None:
    spec = PILLAR.format(comment="").replace('metric m from "s.csv"', 'metric m from "s#chi: ignore[CHI601].csv"')
    assert codes(spec) == ["CHI601"]


def test_a_suppressed_rule_that_is_not_enabled_is_said_to_be_off() -> None:
    from chi_lang.config import Config

    spec = PILLAR.format(comment="# chi: ignore[CHI601]")
    for config in (Config(ignore=("CHI601",)), Config(select=("CHI602", "CHI692")),
                   Config().with_command_line(ignore=["CHI60"])):
        (found,) = lint(spec, config)
        assert found.code == "CHI692" and "CHI601 is not enabled" in found.message, found.message
        assert "on this line" not in found.message
    # ... and CHI692 itself can be turned off like any warning.
    assert codes(spec, Config(ignore=("CHI601", "CHI692"))) == []
    # An enabled rule with nothing to silence on the line keeps the plain message.
    (found,) = [d for d in lint(PILLAR.format(comment="# chi: ignore[CHI601, CHI602]")) if d.code == "CHI692"]
    assert found.message == "`# chi: ignore[CHI602]` suppresses nothing on this line"
