"""A throwaway PostgreSQL server for the differential tests.

Started from Debian's binaries (``/usr/lib/postgresql/*/bin``) in a temporary
directory, listening only on a Unix socket in that directory, stopped and removed
at the end of the session.  PostgreSQL refuses to run as root, so as root the
server runs as the ``postgres`` system user (created by the Debian package).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


@dataclass
class Server:
    directory: Path
    socket_dir: Path
    bin_dir: Path
    run_as: str | None

    @property
    def conninfo(self) -> str:
        return f"host={self.socket_dir} port=5432 dbname=postgres user=chi"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--"] + command
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        data = self.directory / "data"
        result = self._run(self.bin_dir / "initdb", "-D", data, "-U", "chi", "-A", "trust", "-E", "UTF8",
                           "--locale=C", "--no-sync")
        if result.returncode:
            raise RuntimeError(f"initdb failed: {result.stderr or result.stdout}")
        # jit=off: compiling this long statement to machine code takes PostgreSQL
        # longer than running it (docs/sql.md says so for users, too).
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' -c fsync=off "
                   "-c jit=off -p 5432")
        result = self._run(self.bin_dir / "pg_ctl", "-D", data, "-l", self.directory / "server.log",
                           "-o", options, "-w", "-t", "60", "start")
        if result.returncode:
            log = (self.directory / "server.log").read_text(errors="replace") if (self.directory / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {result.stderr or result.stdout}\n{log}")

    def stop(self) -> None:
        self._run(self.bin_dir / "pg_ctl", "-D", self.directory / "data", "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


def start_server() -> Server:
    bin_dir = find_binaries()
    if bin_dir is None:
        raise FileNotFoundError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    run_as = None
    directory = Path(tempfile.mkdtemp(prefix="chi-pg-"))
    if os.geteuid() == 0:
        run_as = "postgres"
        user = pwd.getpwnam(run_as)
        os.chown(directory, user.pw_uid, user.pw_gid)
    socket_dir = directory  # a short path: Unix socket paths are limited to ~100 bytes
    server = Server(directory, socket_dir, bin_dir, run_as)
    try:
        server.start()
    except Exception:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return server
