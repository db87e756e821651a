"""Fixtures of the SQL tests: the specs every engine runs, and a real PostgreSQL server.

The server is started from Debian's binaries for the session (pg_server.py).  Its
tests skip only when there are no PostgreSQL binaries *and* CHI_REQUIRE_POSTGRES is
unset; CI sets it, so there a missing or broken server fails the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import pg_server
from .engines import STATS

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
CASES = HERE / "cases"


def spec_files() -> list[Path]:
    """Every spec the engines must agree on: specs/, specs/real/ and the trap cases."""
    specs = PROJECT_ROOT / "specs"
    return sorted(specs.glob("*.chi")) + sorted((specs / "real").glob("*.chi")) + sorted(CASES.glob("*/spec.chi"))


def spec_id(path: Path) -> str:
    return path.parent.name if path.name == "spec.chi" else path.relative_to(PROJECT_ROOT / "specs").as_posix()


@pytest.fixture(scope="session")
def postgres():
    """A psycopg connection to a throwaway server, or a skip / failure as described above."""
    if pg_server.find_binaries() is None:
        if os.environ.get("CHI_REQUIRE_POSTGRES"):
            pytest.fail("CHI_REQUIRE_POSTGRES is set but there are no PostgreSQL server binaries "
                        "under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin "
                    "(set CHI_REQUIRE_POSTGRES=1 to make this a failure)")
    import psycopg

    server = pg_server.start_server()
    try:
        connection = psycopg.connect(server.conninfo, autocommit=False)
        try:
            yield connection
        finally:
            connection.close()
    finally:
        server.stop()


def pytest_terminal_summary(terminalreporter) -> None:
    """How many numbers each engine was compared on, and the largest relative difference."""
    if not STATS:
        return
    terminalreporter.section("engines compared with the python engine")
    for engine, (specs, cells, worst) in sorted(STATS.items()):
        terminalreporter.write_line(f"{engine:12} {specs:3} specs  {cells:7} numbers  max relative difference {worst:.3g}")
