"""The installed wheel must carry the grammar and work outside the source tree.

Builds the wheel, installs it into a fresh virtual environment, and runs
``chi-lang check`` there from a directory that has no access to the checkout.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

MISSION_LINE = 'pillar "Internal" weight 25% < metric sentiment weight 0.4 from "survey.csv" >\n'


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(PROJECT_ROOT)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("chi_lang-*.whl")
    return built


def test_wheel_ships_the_grammar(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "chi_lang/grammar/chi.lark" in names
    assert "chi_lang/py.typed" in names
    # The grammar in the wheel is the one in grammar/.
    packaged = zipfile.ZipFile(wheel).read("chi_lang/grammar/chi.lark").decode()
    assert packaged == (PROJECT_ROOT / "grammar" / "chi.lark").read_text()


def test_installed_wheel_checks_a_spec_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True, text=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "card.chi").write_text(MISSION_LINE)
    result = subprocess.run([str(env_dir / "bin" / "chi-lang"), "check", "card.chi"], cwd=work,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stderr
    # The module is the installed one, not the checkout.
    where = subprocess.run([str(python), "-c", "import chi_lang, sys; print(chi_lang.__file__)"], cwd=work,
                           capture_output=True, text=True, check=True).stdout
    assert str(env_dir) in where
