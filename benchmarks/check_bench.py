"""How fast `chi-lang check` is: 1,000 specs of ~50 lines checked in one process,
and the CLI's start-up time beside `python -c pass` measured in the same run.

    python benchmarks/check_bench.py              # 1,000 specs, 10 start-ups each
    python benchmarks/check_bench.py --specs 200 --startups 5

The specs are generated (seeded, deterministic) into a temporary folder: 4 pillars
of 4 metrics, 4 sources, status bands, filters, value expressions, comments.  The
in-process figure covers what the command does per file: read, parse, resolve,
validate, lint rules, configuration and suppressions (no rendering).  Start-up is
the wall time of a whole `chi-lang check` process on one small spec, the best of N,
next to the best of N runs of `python -c pass` (the floor for any Python CLI).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PILLARS = ("Brand engagement", "Industry engagement", "Content", "Internal engagement")


def make_spec(n: int, rng: random.Random) -> str:
    lines = [f"# generated spec {n}", f'index "Community {n}" {{', f'  version "2026.{n % 12 + 1}"',
             '  owner "community-team"', "  period month", "  round 1",
             '  status { >= 75 "healthy", >= 50 "watch", else "at risk" }', ""]
    for s in ("survey", "tickets", "forum", "events"):
        lines.append(f'  source {s} = "data/{s}_{n}.csv" {{ date created_at missing_values ["N/A"] }}')
    for p, pillar in enumerate(PILLARS):
        lines += ["", f'  pillar "{pillar}" weight 25% {{']
        for k in range(4):
            source = ("survey", "tickets", "forum", "events")[(p + k) % 4]
            body = rng.choice([
                f"column score mean scale 1..5",
                f'where kind = "answer" share(where accepted) target {rng.randint(40, 90)}%',
                f"value median(hours(first_reply_at - created_at)) lower_is_better scale 0..48 unit \"h\"",
                f"column attendees sum target {rng.randint(100, 2000)}",
                f'value count(where status = "resolved") / count() target 90%',
                f"where is_partner count target {rng.randint(5, 80)} unit \"mentions\"",
            ])
            lines.append(f"    metric m{p}_{k} weight 25% from {source} {body}")
            lines.append(f'        description "metric {k} of pillar {p}"  # comment {k}')
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def best_wall_time(command: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--startups", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from chi_lang.commands.check import check_files

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = []
        for n in range(args.specs):
            path = root / f"spec_{n:04d}.chi"
            path.write_text(make_spec(n, rng))
            files.append(str(path))
        lines_per_spec = statistics.mean(Path(f).read_text().count("\n") for f in files)

        check_files(files[:5])  # warm: the grammar is built once per process
        start = time.perf_counter()
        run = check_files(files)
        elapsed = time.perf_counter() - start
        errors = sum(d.severity.value == "error" for d in run.diagnostics)
        assert errors == 0, [d for d in run.diagnostics if d.severity.value == "error"][:3]

        python_pass = best_wall_time([sys.executable, "-c", "pass"], args.startups, root)
        cli_check = best_wall_time([sys.executable, "-m", "chi_lang", "check", files[0]], args.startups, root)
        cli_version = best_wall_time([sys.executable, "-m", "chi_lang", "--version"], args.startups, root)

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()}")
    print(f"specs: {args.specs} of {lines_per_spec:.0f} lines, {len(run.diagnostics)} diagnostics (0 errors)")
    print()
    print("| measurement | time | ratio |")
    print("|---|---|---|")
    print(f"| check, in one process, per spec | {1000 * elapsed / args.specs:.2f} ms | |")
    print(f"| check, in one process, all {args.specs} specs | {elapsed:.2f} s | |")
    print(f"| `python -c pass` (best of {args.startups}) | {1000 * python_pass:.0f} ms | 1.0x |")
    print(f"| `chi-lang --version` (best of {args.startups}) | {1000 * cli_version:.0f} ms | {cli_version / python_pass:.1f}x |")
    print(f"| `chi-lang check SPEC`, one spec (best of {args.startups}) | {1000 * cli_check:.0f} ms | {cli_check / python_pass:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
