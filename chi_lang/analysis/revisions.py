"""Load a spec from a file or from a git revision (``REV:path``) for ``chi-lang diff``.

A revision is read with ``git show REV:path`` and parsed under that label (so
diagnostics name ``REV:path``), but its sources resolve against the working tree
(``path`` from the repository root, or from the current directory for ``./`` and
``../`` paths, as git reads them), so ``--data`` evaluates both specs on the same
files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..diagnostics import DiagnosticBag
from ..parser import parse_text
from ..pipeline import Loaded, load_spec
from ..resolve import resolve


def is_revision(argument: str) -> bool:
    """``REV:path`` and not an existing file (a file name may contain a colon)."""
    if argument == "-" or Path(argument).exists():
        return False
    rev, colon, path = argument.partition(":")
    return bool(colon and path)


def load_side(argument: str) -> Loaded:
    if not is_revision(argument):
        return load_spec(argument)
    rev, _, path = argument.partition(":")
    bag = DiagnosticBag()
    text, problem = _git_show(rev, path)
    if text is None:
        bag.add("CHI701", f"cannot read `{argument}` from git", None, problem)
        return Loaded(argument, None, None, None, bag)
    tree = parse_text(text, argument, bag)
    index = None
    if tree is not None and not bag.has_errors:
        index = resolve(tree, str(_working_path(path)), bag)
    return Loaded(argument, text, tree, index, bag, {argument: text})


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], capture_output=True, check=False)


def _git_show(rev: str, path: str) -> tuple[str | None, str]:
    try:
        done = _git("show", f"{rev}:{path}")
    except OSError as error:  # git is not installed, or cannot run
        return None, f"git could not run ({error.strerror or error}); is git installed?"
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = message[0] if message else f"git show exited with {done.returncode}"
        return None, reason.removeprefix("fatal: ") + " (the side is a file path, or REV:path inside a git repository)"
    try:
        return done.stdout.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, "the file at that revision is not UTF-8"


def _working_path(path: str) -> Path:
    if path.startswith(("./", "../")):
        return Path.cwd() / path
    try:
        done = _git("rev-parse", "--show-toplevel")
    except OSError:
        return Path.cwd() / path
    top = done.stdout.decode("utf-8", "replace").strip()
    return (Path(top) if done.returncode == 0 and top else Path.cwd()) / path
