"""The language reference stays true: its examples check clean, every keyword of the
grammar is documented, and every code it cites exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chi_lang.codes import CODES
from chi_lang.grammar import keywords
from chi_lang.pipeline import load_text

DOCS = Path(__file__).resolve().parents[2] / "docs"
LANGUAGE = DOCS / "language.md"


def chi_blocks(text: str) -> list[str]:
    return re.findall(r"```chi\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("block", chi_blocks(LANGUAGE.read_text(encoding="utf-8")))
def test_examples_check_without_errors(block, tmp_path):
    loaded = load_text(block, str(tmp_path / "example.chi"))
    assert not loaded.bag.has_errors, [(d.code, d.message) for d in loaded.bag.items]


def test_every_keyword_is_documented():
    text = LANGUAGE.read_text(encoding="utf-8")
    undocumented = sorted(k for k in keywords() if f"`{k}" not in text and f" {k} " not in text)
    assert not undocumented


def test_cited_codes_exist():
    for doc in ("language.md", "commands.md", "architecture.md"):
        cited = set(re.findall(r"CHI\d{3}", (DOCS / doc).read_text(encoding="utf-8")))
        assert cited <= set(CODES), (doc, sorted(cited - set(CODES)))


def test_docs_index_links_resolve():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)", index):
        assert (DOCS / target).exists(), target


def test_docs_index_lists_every_document():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\]\(([^)#/]+)\)", index))
    documents = {p.name for p in DOCS.iterdir() if p.is_file() and p.name != "README.md"}
    assert documents <= listed, documents - listed


def test_commands_md_has_a_section_per_command():
    from chi_lang.cli import app
    import typer.main

    names = set(typer.main.get_command(app).commands)
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## (\w+)$", text, flags=re.M))
    assert names <= sections, names - sections
    for name in names:
        assert f"[`{name}`](#{name})" in text, name
