"""The compiled SQL, byte for byte, per dialect (pytest-regressions goldens).

Two specs: the bundled example, and the names-and-quoting case whose pillar names
hold ``*/``, ``--`` and quotes.  Regenerate after an intended change with
``python -m pytest tests/sql/test_golden.py --force-regen`` and review the diff.
"""

from __future__ import annotations

import pytest

from chi_lang.pipeline import load_spec
from chi_lang.sql.dialects import DIALECTS

from .conftest import CASES, PROJECT_ROOT
from .engines import compiled

SPECS = {
    "community-health": PROJECT_ROOT / "specs" / "community-health.chi",
    "names-and-quoting": CASES / "names_and_quoting" / "spec.chi",
}


@pytest.mark.parametrize("dialect", list(DIALECTS))
@pytest.mark.parametrize("name", list(SPECS))
def test_golden_sql(name: str, dialect: str, file_regression) -> None:
    loaded = load_spec(str(SPECS[name]))
    sql = compiled(loaded.index, dialect)
    file_regression.check(sql, basename=f"{name}.{dialect}", extension=".sql", encoding="utf-8")
