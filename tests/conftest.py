"""Shared test fixtures.

Real public data lives beside the project in ``../shared/data`` (never copied into
the repository).  Tests that need it use the ``shared_data`` fixture, which skips
with a clear reason when the folder is absent (for example on a user's machine).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SPECS = PROJECT_ROOT / "specs"
SHARED_DATA = Path(os.environ.get("CHI_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it sits beside the project in CI)")
    return SHARED_DATA


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT
