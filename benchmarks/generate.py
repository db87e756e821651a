#!/usr/bin/env python3
"""Generate realistic community data for the chi-lang benchmark.

    python benchmarks/generate.py --rows 1M          # 1,000,000 rows in total
    python benchmarks/generate.py --rows 10M --seed 7

Three CSV sources are written to ``benchmarks/data/`` (gitignored), the files
``benchmarks/bench.chi`` reads:

* ``tickets.csv`` (30% of the rows): support tickets with ISO timestamps in UTC
  (``Z``), a first reply that some tickets never got, a resolution time for
  resolved and closed ones, a status, a priority, a team and the requester;
* ``forum.csv`` (50%): forum posts (question, answer, comment, article,
  tutorial) with a heavy-tailed author population, likes, replies, an
  is-staff flag and, for answers, whether the answer was accepted;
* ``survey.csv`` (20%): survey answers with a 1-5 satisfaction ("N/A" when
  skipped), an optional 0-10 NPS answer and the team.

Activity spans 2024-2025 with steady growth, fewer posts at weekends and a
working-hours rhythm; six teams of different sizes.  Everything comes from one
seeded ``numpy`` generator, so a size and seed always give the same bytes.  A
``manifest.json`` next to the files records the size, seed and row counts, so
``run.py`` regenerates only when the requested data is not already there.

Rows are produced in chunks of vectorised numpy work, and each chunk is turned
into text with C-level joins; 10M rows take well under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

try:
    import numpy as np
except ImportError:  # pragma: no cover - the [bench] extra brings numpy with pandas
    sys.exit("benchmarks/generate.py needs numpy: pip install -e '.[bench]'")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sizes import label, parse_rows  # noqa: E402
DEFAULT_OUT = HERE / "data"

# Share of the total rows per source.
SPLIT = {"tickets": 0.30, "forum": 0.50, "survey": 0.20}
# Weekend activity relative to a weekday: support is mostly a working-week affair.
WEEKEND = {"tickets": 0.45, "forum": 0.6, "survey": 0.8}
CHUNK = 250_000

START = np.datetime64("2024-01-01", "D")
DAYS = int((np.datetime64("2026-01-01", "D") - START).astype(np.int64))  # two full years

TEAMS = np.array(["core", "docs", "infra", "mobile", "web", "community"])
TEAM_P = np.array([0.28, 0.12, 0.16, 0.10, 0.22, 0.12])

# Hour-of-day rhythm (UTC): quiet nights, busy working hours.
HOUR_W = np.array([2, 1.5, 1, 1, 1, 1.5, 3, 5, 8, 10, 11, 11, 10, 11, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2.5])


def source_rows(total: int) -> dict[str, int]:
    counts = {name: int(total * share) for name, share in SPLIT.items()}
    counts["forum"] += total - sum(counts.values())  # rounding remainder
    return counts


# ---------------------------------------------------------------------------
# Shared building blocks


def day_weights(weekend_factor: float) -> np.ndarray:
    """Probability of each day: linear growth (x2.2 over two years), quieter weekends."""
    days = np.arange(DAYS)
    growth = 1.0 + 1.2 * days / DAYS
    weekday = days % 7  # 2024-01-01 is a Monday: 5 and 6 are the weekend
    factor = np.where(weekday >= 5, weekend_factor, 1.0)
    weights = growth * factor
    return weights / weights.sum()


def day_chunks(rng: np.random.Generator, n: int, weekend_factor: float) -> list[np.ndarray]:
    """Rows per day for the whole file, cut into runs of whole days of about CHUNK rows.

    Drawing the per-day counts up front lets every chunk cover later days than the
    one before, so each file is in time order, as exports usually are.
    """
    per_day = rng.multinomial(n, day_weights(weekend_factor))
    chunks, start, acc = [], 0, 0
    for day in range(DAYS):
        acc += int(per_day[day])
        if acc >= CHUNK or day == DAYS - 1:
            run = np.zeros(DAYS, dtype=np.int64)
            run[start:day + 1] = per_day[start:day + 1]
            chunks.append(run)
            start, acc = day + 1, 0
    return chunks


def timestamps(rng: np.random.Generator, per_day: np.ndarray) -> np.ndarray:
    """Second-resolution instants, per_day[d] of them on day d, in time order."""
    day = np.repeat(np.arange(DAYS, dtype=np.int64), per_day)
    n = len(day)
    hour = rng.choice(24, size=n, p=HOUR_W / HOUR_W.sum())
    offset = np.sort(day * 86400 + hour * 3600 + rng.integers(0, 3600, size=n))
    return START.astype("datetime64[s]") + offset.astype("timedelta64[s]")


def iso(moments: np.ndarray, sep: str = "T", zulu: bool = False) -> np.ndarray:
    text = np.datetime_as_string(moments, unit="s")
    if sep != "T":
        text = np.char.replace(text, "T", sep)
    if zulu:
        text = np.char.add(text, "Z")
    return text


def team(rng: np.random.Generator, n: int) -> np.ndarray:
    return TEAMS[rng.choice(len(TEAMS), size=n, p=TEAM_P)]


def members(rng: np.random.Generator, n: int, pool: int) -> np.ndarray:
    """Member ids drawn heavy-tailed: a few very active members, a long tail."""
    index = np.floor(pool * rng.random(n) ** 3).astype(np.int64)
    return index


def member_names(index: np.ndarray) -> np.ndarray:
    return np.char.add("member-", np.char.zfill(index.astype(str), 6))


def blank_where(mask: np.ndarray, values: np.ndarray, token: str = "") -> np.ndarray:
    out = values.astype(object)
    out[mask] = token
    return out


def write_chunk(handle, columns: list[np.ndarray]) -> None:
    lists = [c.tolist() if isinstance(c, np.ndarray) else c for c in columns]
    lists = [[str(v) for v in col] if col and not isinstance(col[0], str) else col for col in lists]
    handle.write("\n".join(map(",".join, zip(*lists))))
    handle.write("\n")


# ---------------------------------------------------------------------------
# The three sources


def tickets_chunk(rng: np.random.Generator, per_day: np.ndarray, first_id: int, pool: int) -> list[np.ndarray]:
    opened = timestamps(rng, per_day)
    n = len(opened)
    priority_index = rng.choice(4, size=n, p=[0.35, 0.40, 0.18, 0.07])
    priority = np.array(["low", "normal", "high", "urgent"])[priority_index]
    teams = team(rng, n)
    # First reply: log-normal hours, faster for urgent work; 4% never answered.
    median_hours = np.array([14.0, 9.0, 4.0, 1.5])[priority_index]
    reply_hours = median_hours * rng.lognormal(0.0, 0.9, size=n)
    replied = opened + (reply_hours * 3600).astype(np.int64).astype("timedelta64[s]")
    no_reply = rng.random(n) < 0.04
    # Status: most tickets end resolved; closed ones also carry a resolution time,
    # counted from the first reply (or from when it would have come).
    status = np.array(["resolved", "closed", "pending", "open"])[rng.choice(4, size=n, p=[0.72, 0.10, 0.08, 0.10])]
    resolve_days = 1.6 * rng.lognormal(0.0, 0.8, size=n)
    resolved = replied + (resolve_days * 86400).astype(np.int64).astype("timedelta64[s]")
    unresolved = (status == "pending") | (status == "open")
    requester = member_names(members(rng, n, pool))
    ids = np.char.add("T-", np.arange(first_id, first_id + n).astype(str))
    return [
        ids,
        iso(opened, zulu=True),
        blank_where(no_reply, iso(replied, zulu=True)),
        blank_where(unresolved, iso(resolved, zulu=True)),
        status,
        priority,
        teams,
        requester,
    ]


def forum_chunk(rng: np.random.Generator, per_day: np.ndarray, first_id: int, pool: int, staff_every: int) -> list[np.ndarray]:
    created = timestamps(rng, per_day)
    n = len(created)
    kind_index = rng.choice(5, size=n, p=[0.30, 0.45, 0.15, 0.06, 0.04])
    kind = np.array(["question", "answer", "comment", "article", "tutorial"])[kind_index]
    author_index = members(rng, n, pool)
    is_staff = np.where(author_index % staff_every == 0, "true", "false")
    likes = rng.poisson(np.array([2.0, 3.0, 1.0, 12.0, 15.0])[kind_index])
    # Questions get replies (12% none at all); other posts rarely do.
    replies = np.where(kind_index == 0, rng.poisson(2.6, size=n) * (rng.random(n) >= 0.12), rng.poisson(0.4, size=n))
    accepted = np.where(kind_index == 1, np.where(rng.random(n) < 0.35, "true", "false"), "")
    return [
        np.arange(first_id, first_id + n).astype(str),
        iso(created, sep=" "),
        kind,
        member_names(author_index),
        is_staff,
        likes.astype(str),
        replies.astype(str),
        accepted,
        team(rng, n),
    ]


def survey_chunk(rng: np.random.Generator, per_day: np.ndarray, pool: int) -> list[np.ndarray]:
    submitted = timestamps(rng, per_day)
    n = len(submitted)
    score = rng.choice(5, size=n, p=[0.05, 0.10, 0.22, 0.38, 0.25]) + 1
    skipped = rng.random(n) < 0.02
    # The NPS answer follows satisfaction (5 → about 9.5) with noise; 8% leave it blank.
    nps = np.clip(np.round(2.0 * score - 0.5 + rng.normal(0.0, 1.5, size=n)), 0, 10).astype(np.int64).astype(str)
    satisfaction = score.astype(str)
    no_nps = rng.random(n) < 0.08
    return [
        iso(submitted),
        member_names(members(rng, n, pool)),
        blank_where(skipped, satisfaction, "N/A"),
        blank_where(no_nps, nps),
        team(rng, n),
    ]


HEADERS = {
    "tickets": "ticket_id,opened_at,first_reply_at,resolved_at,status,priority,team,requester",
    "forum": "post_id,created_at,kind,author,is_staff,likes,replies,accepted,team",
    "survey": "submitted_at,member,satisfaction,nps,team",
}


def generate(total: int, seed: int, out: Path, quiet: bool = False) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    counts = source_rows(total)
    pool = max(1000, total // 25)  # members in the community
    started = time.perf_counter()
    for offset, name in enumerate(SPLIT):
        # One generator per source, so each file depends only on (seed, size).
        rng = np.random.default_rng([seed, offset])
        path = out / f"{name}.csv"
        tmp = path.with_suffix(".csv.tmp")
        written = 0
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(HEADERS[name] + "\n")
            for per_day in day_chunks(rng, counts[name], WEEKEND[name]):
                if name == "tickets":
                    columns = tickets_chunk(rng, per_day, 100_000 + written, pool)
                elif name == "forum":
                    columns = forum_chunk(rng, per_day, 1 + written, pool, staff_every=40)
                else:
                    columns = survey_chunk(rng, per_day, pool)
                write_chunk(handle, columns)
                written += len(columns[0])
        os.replace(tmp, path)
        if not quiet:
            size = path.stat().st_size / 1e6
            print(f"wrote {path} ({written:,} rows, {size:,.0f} MB)", file=sys.stderr)
    manifest = {"rows": total, "seed": seed, "label": label(total), "sources": counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if not quiet:
        print(f"generated {total:,} rows in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=parse_rows, default=parse_rows("1M"),
                        help="total rows across the 3 sources: 1M (default), 10M, 250k ...")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default benchmarks/data)")
    args = parser.parse_args(argv)
    generate(args.rows, args.seed, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
