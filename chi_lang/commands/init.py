"""``chi-lang init [DIR]``: a starter spec with a little example data.

The spec passes ``chi-lang check --strict`` and ``--data`` as written (a test
holds that), so a new project starts from a clean gate.  Nothing is ever
overwritten: if any file exists, init stops before writing anything.
"""

from __future__ import annotations

import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import typer

from ..diagnostics import DiagnosticBag, render_text
from .common import write_output

SPEC_NAME = "index.chi"

STARTER_SPEC = '''\
# A starter Community Health Index: two pillars of three metrics each, read from
# the example data in data/.  Replace the sources, metrics and weights with yours,
# then run:
#
#   chi-lang check --strict {spec}     # the CI gate: errors and warnings
#   chi-lang eval {spec}               # scores per month
#   chi-lang rule CHI601                # what a diagnostic code means

index "{name}" {{
  version "0.1"
  owner "community-team"
  description "How healthy the community is, month by month."
  period month
  round 1
  status {{ >= 75 "healthy", >= 50 "watch", else "at risk" }}

  source activity = "data/activity.csv" {{ date date }}
  source tickets = "data/tickets.csv" {{ date opened_at }}

  pillar "Engagement" weight 50% {{
    metric active_members weight 40% from activity
        column member count_distinct target 40 unit "people"
    metric posts weight 30% from activity where kind = "post" count target 60 unit "posts"
    metric satisfaction weight 30% from activity where kind = "survey" column rating mean scale 1..5
  }}

  pillar "Support" weight 50% {{
    metric first_reply weight 40% from tickets
        value median(hours(first_reply_at - opened_at)) lower_is_better scale 0..48 unit "h"
    metric resolution_rate weight 30% from tickets
        value count(where status = "resolved") / count() target 90%
    metric open_backlog weight 30% from tickets
        where status = "open"
        count lower_is_better target 5 unit "tickets"
  }}
}}
'''


def _activity() -> str:
    """Three months of posts and survey answers by a handful of members (deterministic)."""
    rows = ["date,member,kind,rating"]
    start = date(2025, 1, 1)
    for day in range(0, 90, 2):
        when = start + timedelta(days=day)
        for k in range(3 + day % 4):
            member = f"member{(day * 7 + k * 3) % 23:02d}"
            rows.append(f"{when.isoformat()},{member},post,")
        if day % 6 == 0:
            rows.append(f"{when.isoformat()},member{day % 11:02d},survey,{3 + day % 3}")
    return "\n".join(rows) + "\n"


def _tickets() -> str:
    rows = ["id,opened_at,first_reply_at,status"]
    start = date(2025, 1, 1)
    for n in range(60):
        opened = start + timedelta(days=n * 3 // 2)
        hours = 2 + (n * 5) % 40
        reply = f"{opened.isoformat()}T{min(23, 8 + hours % 12):02d}:00:00"
        status = "open" if n % 9 == 0 else "resolved" if n % 5 else "closed"
        rows.append(f"T{n + 1:03d},{opened.isoformat()}T08:00:00,{reply if n % 13 else ''},{status}")
    return "\n".join(rows) + "\n"


def starter_files(name: str) -> dict[str, str]:
    return {
        SPEC_NAME: STARTER_SPEC.format(name=name.replace("\\", "\\\\").replace('"', '\\"'),
                                       spec=SPEC_NAME),
        "data/activity.csv": _activity(),
        "data/tickets.csv": _tickets(),
    }


def _check_name(name: str) -> str:
    """The index name as given, or a usage error: it must say something and fit on one line."""
    if not name.strip():
        raise typer.BadParameter("the index needs a name that is not blank", param_hint="--name")
    for char in name:
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            raise typer.BadParameter(f"the name contains the control character {char!r}; "
                                     "give a name on one line, without tabs", param_hint="--name")
    return name


def _folders(root: Path, files: dict[str, str]) -> list[Path]:
    """Every folder the files go in, outermost first (root included)."""
    folders: list[Path] = []
    for rel in files:
        parent = (root / rel).parent
        for folder in [*reversed(parent.relative_to(root).parents), parent.relative_to(root)]:
            path = root / folder
            if path not in folders:
                folders.append(path)
    return folders


def register(app: typer.Typer) -> None:
    @app.command()
    def init(
        directory: str = typer.Argument(".", metavar="DIR", help="Where to write index.chi and data/ (default: here)."),
        name: str = typer.Option("My Community Health", "--name", help="The index's name."),
    ) -> None:
        """Write a starter spec (index.chi) and example data that pass `check --strict`."""
        root = Path(directory)
        files = starter_files(_check_name(name))
        # A folder that is a file is a mistake on the command line (DIR) or in it.
        for folder in _folders(root, files):
            if folder.exists() and not folder.is_dir():
                if folder == root:
                    raise typer.BadParameter(f"{directory} is a file, not a directory", param_hint="DIR")
                sys.stderr.write(f"error: {folder} is a file, not a directory; init never overwrites files\n")
                raise typer.Exit(1)
        existing = [str(root / rel) for rel in files if (root / rel).exists()]
        if existing:
            for path in existing:
                sys.stderr.write(f"error: {path} already exists; init never overwrites files\n")
            raise typer.Exit(1)
        for folder in _folders(root, files):  # all folders first: a failure writes no file
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                bag = DiagnosticBag()
                bag.add("CHI501", f"cannot create the directory {folder}: {error.strerror or error}", None,
                        "check that the parent directory exists and is writable, or pick another DIR")
                sys.stderr.write(render_text(bag.items, {}))
                raise typer.Exit(1)
        for rel, text in files.items():
            write_output(str(root / rel), text)
        sys.stderr.write(f"wrote {root / SPEC_NAME} and example data in {root / 'data'}\n"
                         f"next: chi-lang check --strict {root / SPEC_NAME}\n")
