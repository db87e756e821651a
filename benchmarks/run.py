#!/usr/bin/env python3
"""Run the chi-lang benchmark and print its figures as a Markdown table.

    pip install -e '.[bench]'
    python benchmarks/run.py --rows 1M
    python benchmarks/run.py --rows 10M --output benchmarks/out/10M.md

Everything is measured in the same run, on the same files, each measurement in
its own subprocess (so peak memory is that measurement's alone):

  duckdb scan     SELECT count(*) FROM read_csv(file, columns declared as text,
                  no sniffing), once per source, summed: the least work any
                  DuckDB query over these files does (and how the engine reads
                  them); measured once more with read_csv's sniffing, for scale;
  duckdb engine   chi_lang.engines.duckdb_engine.evaluate_duckdb on bench.chi;
  duckdb floor    benchmarks/duckdb_floor.sql, the raw values as one hand-written
                  typed DuckDB query (not a target: what DuckDB itself needs);
  python engine   chi_lang.evaluate.evaluate (the reference engine);
  csv.reader      a bare `for row in csv.reader(f)` loop over the same files;
  python floor    benchmarks/python_floor.py, bench.chi hand-coded as one plain
                  Python loop per file (not a target: it shows what any
                  row-at-a-time evaluator in CPython pays beyond csv.reader);
  pandas peer     benchmarks/pandas_peer.py, the same index written in pandas.

The timed part of each is the work itself; interpreter start-up, imports and
parsing the spec are not timed (they are the same few hundred milliseconds
whatever the data size).  The fast DuckDB measurements take the best of
--repeat runs, the slow ones the best of --repeat-slow runs.

The targets (issue 3): (a) duckdb engine / duckdb scan <= 1.5; (b) python
engine rows/s / csv.reader rows/s >= 0.33; (c) pandas peer time / duckdb engine
time >= 5 at 10M rows.  The run also checks that the pandas peer and the DuckDB
engine agree with the python engine to 1e-9 (relative).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "bench.chi"
DATA = HERE / "data"
SOURCES = ("tickets", "forum", "survey")
TOLERANCE = 1e-9

sys.path.insert(0, str(HERE))  # generate.py and pandas_peer.py sit next to this file


# ---------------------------------------------------------------------------
# Children: one measurement each, a JSON line on stdout


def _peak_rss() -> int:
    """Peak resident memory of this process, in bytes.

    On Linux this is VmHWM, the high-water mark of this process's own address
    space: ru_maxrss would be wrong here, since Linux carries it across exec
    from the forked parent.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB
    except ImportError:  # Windows
        import psutil

        info = psutil.Process().memory_info()
        return getattr(info, "peak_wset", info.rss)


class _Clock:
    """Wall time and CPU time (all threads of this process) since it was made."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def _files() -> list[Path]:
    return [DATA / f"{name}.csv" for name in SOURCES]


def _declared_read(path: Path) -> str:
    """read_csv of a file with its columns declared (all text) and no sniffing: the
    cheapest way DuckDB reads it, and the way the engine reads it."""
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in header)
    return (f"read_csv('{path}', header = true, delim = ',', quote = '\"', escape = '\"', "
            f"auto_detect = false, strict_mode = true, nullstr = '', columns = {{{columns}}})")


def _scan(sql_of) -> dict:
    import duckdb

    con = duckdb.connect()
    total, cpu, rows = 0.0, 0.0, 0
    for path in _files():
        sql = f"SELECT count(*) FROM {sql_of(path)}"
        clock = _Clock()
        (count,) = con.execute(sql).fetchone()
        seconds, used = clock.stop()
        total, cpu, rows = total + seconds, cpu + used, rows + count
    return {"seconds": total, "cpu": cpu, "rows": rows}


def child_duckdb_scan(result: Path | None) -> dict:
    return _scan(_declared_read)


def child_duckdb_scan_auto(result: Path | None) -> dict:
    return _scan(lambda path: f"read_csv('{path}')")


def _load_spec():
    from chi_lang.pipeline import load_spec

    loaded = load_spec(str(SPEC))
    if loaded.index is None or loaded.bag.has_errors:
        raise RuntimeError("bench.chi does not load: " + "; ".join(d.message for d in loaded.bag.items))
    return loaded


def _finish_engine(loaded, evaluation, seconds: float, cpu: float, result: Path | None) -> dict:
    if evaluation is None or loaded.bag.has_errors:
        errors = [d.message for d in loaded.bag.items if d.severity.name == "ERROR"]
        raise RuntimeError("evaluation failed: " + "; ".join(errors[:3]))
    if result is not None:
        from chi_lang.output.tabular import to_csv

        result.write_text(to_csv(evaluation), encoding="utf-8")
    rows = sum(s.rows for s in evaluation.sources)
    return {"seconds": seconds, "cpu": cpu, "rows": rows}


def child_duckdb_engine(result: Path | None) -> dict:
    try:
        import duckdb  # noqa: F401

        from chi_lang.engines.duckdb_engine import evaluate_duckdb
    except ImportError as error:
        print(f"duckdb engine: {error}", file=sys.stderr)
        return {"unavailable": "duckdb engine not available"}
    import sqlglot  # noqa: F401  - imported up front: imports are not timed

    import chi_lang.sql.lower  # noqa: F401  - the compiler too (the engine imports it on first use)

    loaded = _load_spec()
    clock = _Clock()
    evaluation = evaluate_duckdb(loaded.index, loaded.bag)
    seconds, cpu = clock.stop()
    return _finish_engine(loaded, evaluation, seconds, cpu, result)


def child_duckdb_floor(result: Path | None) -> dict:
    import duckdb

    import python_floor

    sql = (HERE / "duckdb_floor.sql").read_text(encoding="utf-8").replace("'data/", f"'{DATA.as_posix()}/")
    con = duckdb.connect()
    clock = _Clock()
    rows = con.execute(sql).fetchall()
    seconds, cpu = clock.stop()
    if result is not None:
        names = [m for metrics in python_floor.METRICS.values() for m in metrics]
        values = {(period, unit): {name: None if v is None else float(v) for name, v in zip(names, rest)}
                  for period, unit, *rest in rows}
        python_floor.write_csv(values, result)
    return {"seconds": seconds, "cpu": cpu, "rows": sum(_manifest()["sources"].values())}


def child_python_engine(result: Path | None) -> dict:
    from chi_lang.evaluate import evaluate

    loaded = _load_spec()
    clock = _Clock()
    evaluation = evaluate(loaded.index, loaded.bag)
    seconds, cpu = clock.stop()
    return _finish_engine(loaded, evaluation, seconds, cpu, result)


def child_csv_reader(result: Path | None) -> dict:
    clock = _Clock()
    rows = 0
    for path in _files():
        with open(path, newline="", encoding="utf-8") as handle:
            for _ in csv.reader(handle):
                rows += 1
    seconds, cpu = clock.stop()
    return {"seconds": seconds, "cpu": cpu, "rows": rows - len(SOURCES)}  # minus the header lines


def child_python_floor(result: Path | None) -> dict:
    import python_floor

    clock = _Clock()
    values = python_floor.compute(DATA)
    seconds, cpu = clock.stop()
    if result is not None:
        python_floor.write_csv(values, result)
    return {"seconds": seconds, "cpu": cpu, "rows": sum(_manifest()["sources"].values())}


def _manifest() -> dict:
    return json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))


def child_pandas(result: Path | None) -> dict:
    import pandas_peer

    clock = _Clock()
    table = pandas_peer.compute(DATA)
    seconds, cpu = clock.stop()
    if result is not None:
        table.to_csv(result, index=False, float_format="%.17g")
    return {"seconds": seconds, "cpu": cpu, "rows": None}


CHILDREN = {
    "duckdb_scan": child_duckdb_scan,
    "duckdb_scan_auto": child_duckdb_scan_auto,
    "duckdb_engine": child_duckdb_engine,
    "duckdb_floor": child_duckdb_floor,
    "python_engine": child_python_engine,
    "csv_reader": child_csv_reader,
    "python_floor": child_python_floor,
    "pandas": child_pandas,
}


def run_child(kind: str, result: Path | None) -> None:
    try:
        figures = CHILDREN[kind](result)
    except Exception as error:  # reported by the parent as a failed measurement
        figures = {"error": f"{type(error).__name__}: {error}"}
    figures["peak_rss"] = _peak_rss()
    sys.stdout.write(json.dumps(figures) + "\n")


# ---------------------------------------------------------------------------
# Parent


@dataclass
class Measurement:
    kind: str
    seconds: float | None = None  # wall time, the best run
    cpu: float | None = None  # CPU time of all threads, the best run
    rows: int | None = None
    peak_rss: int | None = None
    note: str | None = None  # "not available" or the error
    result: Path | None = None

    @property
    def rows_per_second(self) -> float | None:
        if self.seconds and self.rows:
            return self.rows / self.seconds
        return None


def measure(kind: str, repeat: int, workdir: Path) -> Measurement:
    """Best time of `repeat` runs, each in a fresh interpreter; peak memory of the largest."""
    best = Measurement(kind)
    result = workdir / f"{kind}.csv"
    for attempt in range(repeat):
        command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--result", str(result)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        lines = done.stdout.strip().splitlines()
        if done.returncode != 0 or not lines:
            last = done.stderr.strip().splitlines()[-1:] or [""]
            return Measurement(kind, note=f"crashed (exit {done.returncode}): {last[0]}")
        figures = json.loads(lines[-1])
        if "unavailable" in figures or "error" in figures:
            # A run that fails makes the whole measurement fail: no time, no comparison.
            return Measurement(kind, peak_rss=figures["peak_rss"], note=figures.get("unavailable") or figures["error"])
        best.peak_rss = max(best.peak_rss or 0, figures["peak_rss"])
        if best.seconds is None or figures["seconds"] < best.seconds:
            best.seconds = figures["seconds"]
        if best.cpu is None or figures["cpu"] < best.cpu:
            best.cpu = figures["cpu"]
        best.rows = figures.get("rows")
        best.result = result
        print(f"  {kind:<14} run {attempt + 1}/{repeat}: {figures['seconds']:.3f}s", file=sys.stderr)
    return best


def ensure_data(rows: int, seed: int) -> dict:
    manifest_path = DATA / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("rows") == rows and manifest.get("seed") == seed and all(p.exists() for p in _files()):
            return manifest
    print(f"generating {rows:,} rows (seed {seed}) in {DATA} ...", file=sys.stderr)
    # In a subprocess, so this process stays small (its children are forked from it).
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--seed", str(seed),
                    "--out", str(DATA)], check=True)
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def warm_cache() -> None:
    """Read every file once so that no measurement pays for the first read from disk."""
    for path in _files():
        with open(path, "rb") as handle:
            while handle.read(1 << 24):
                pass


# ---- agreement ------------------------------------------------------------------


def _read_long(path: Path, levels: tuple[str, ...]) -> dict[tuple, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {
            (r["period"], r["unit"], r["level"], r["pillar"], r["metric"]): r
            for r in csv.DictReader(handle) if r["level"] in levels
        }


def compare(reference: Path, other: Path, columns: tuple[str, ...],
            levels: tuple[str, ...] = ("index", "pillar", "metric")) -> tuple[int, float | None, str | None]:
    """(rows compared, largest relative difference, first disagreement) over `columns`."""
    ref, oth = _read_long(reference, levels), _read_long(other, levels)
    if set(ref) != set(oth):
        missing = sorted(set(ref) ^ set(oth))[:1]
        return len(ref), None, f"different rows, e.g. {missing}"
    worst = 0.0
    for key, row in ref.items():
        for column in columns:
            a, b = row[column], oth[key][column]
            if (a == "") != (b == ""):
                return len(ref), None, f"{key} {column}: {a or 'no data'} vs {b or 'no data'}"
            if a == "":
                continue
            x, y = float(a), float(b)
            if x == y:
                continue
            difference = abs(x - y) / max(abs(x), abs(y))
            worst = max(worst, difference)
            if difference > TOLERANCE:
                return len(ref), difference, f"{key} {column}: {a} vs {b}"
    return len(ref), worst, None


# ---- report -----------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    versions = {}
    for module in ("chi_lang", "duckdb", "pandas", "numpy"):
        try:
            versions[module] = __import__(module).__version__
        except Exception:
            versions[module] = "not installed"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "chi_lang"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
        versions["commit"] = (commit + (" with uncommitted changes in chi_lang/" if dirty else "")) or "?"
    except OSError:
        versions["commit"] = "?"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **versions,
    }


def _seconds(m: Measurement) -> str:
    return f"{m.seconds:.3f}" if m.seconds is not None else "—"


def _rate(m: Measurement) -> str:
    return f"{m.rows_per_second:,.0f}" if m.rows_per_second else "—"


def _memory(m: Measurement) -> str:
    return f"{m.peak_rss / 2**20:,.0f}" if m.peak_rss else "—"


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):  # not on Windows
        return "?"


def report(args, manifest: dict, results: dict[str, Measurement], agreement: list[str], load: tuple) -> str:
    info = machine()
    rows = manifest["rows"]
    lines = [
        f"## chi-lang benchmark, {manifest['label']} rows",
        "",
        f"- data: {rows:,} rows (tickets {manifest['sources']['tickets']:,}, forum {manifest['sources']['forum']:,}, "
        f"survey {manifest['sources']['survey']:,}), seed {manifest['seed']}; spec benchmarks/bench.chi (12 metrics, "
        f"monthly, by team)",
        f"- machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} RAM, {info['os']}; "
        f"load average {load[0]} before the run, {load[1]} after",
        f"- software: Python {info['python']}, chi-lang {info['chi_lang']} (commit {info['commit']}), "
        f"duckdb {info['duckdb']}, "
        f"pandas {info['pandas']}, numpy {info['numpy']}",
        f"- command: `python benchmarks/run.py {' '.join(args.argv)}`",
        "",
        "| measurement | time (s) | CPU time (s) | rows/s | peak memory (MiB) | note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    names = {
        "duckdb_scan": "DuckDB scan: `count(*)` per source, columns declared, summed",
        "duckdb_scan_auto": "DuckDB scan as above, `read_csv` sniffing the file",
        "duckdb_engine": "chi-lang DuckDB engine",
        "duckdb_floor": "hand-written DuckDB query (`duckdb_floor.sql`, a floor)",
        "python_engine": "chi-lang python engine",
        "csv_reader": "bare `csv.reader` loop",
        "python_floor": "hand-written python loop (`python_floor.py`, a floor)",
        "pandas": "pandas peer (`pandas_peer.py`)",
    }
    for kind, m in results.items():
        cpu = f"{m.cpu:.3f}" if m.cpu is not None else "—"
        lines.append(f"| {names[kind]} | {_seconds(m)} | {cpu} | {_rate(m)} | {_memory(m)} | {m.note or ''} |")
    lines += ["", "| target | figure | goal | met | same ratio on CPU time |", "|---|---:|---:|---|---:|"]

    def ratio(x: float | None, y: float | None) -> float | None:
        return x / y if x and y else None

    def target(label: str, value: float | None, goal: str, verdict: str, on_cpu: float | None) -> None:
        figure = "—" if value is None else f"{value:.2f}"
        cpu = "—" if on_cpu is None else f"{on_cpu:.2f}"
        lines.append(f"| {label} | {figure} | {goal} | {verdict} | {cpu} |")

    def verdict(value: float | None, ok: bool, missing: str | None = None) -> str:
        if value is None:
            return f"not measured ({missing or 'skipped'})"
        return "yes" if ok else "**no**"

    scan, _, duck, duck_floor, py, reader, floor, peer = (results.get(k, Measurement(k)) for k in CHILDREN)
    a = duck.seconds / scan.seconds if duck.seconds and scan.seconds else None
    target("(a) DuckDB engine time / DuckDB scan time", a, "≤ 1.5",
           verdict(a, a is not None and a <= 1.5, duck.note or scan.note), ratio(duck.cpu, scan.cpu))
    b = py.rows_per_second / reader.rows_per_second if py.rows_per_second and reader.rows_per_second else None
    target("(b) python engine rows/s / `csv.reader` rows/s", b, "≥ 0.33",
           verdict(b, b is not None and b >= 0.33, py.note or reader.note), ratio(reader.cpu, py.cpu))
    c = peer.seconds / duck.seconds if peer.seconds and duck.seconds else None
    text = verdict(c, c is not None and c >= 5, duck.note or peer.note)
    if c is not None and rows < 10_000_000:
        text = "n/a: the goal is stated for 10M rows" + (" (already met here)" if c >= 5 else "")
    target("(c) pandas peer time / DuckDB engine time", c, "≥ 5 at 10M rows", text, ratio(peer.cpu, duck.cpu))
    scale = []
    if duck_floor.seconds and scan.seconds:
        scale.append(f"the hand-written DuckDB query takes {duck_floor.seconds / scan.seconds:.2f} times the scan"
                     + (f" and is {peer.seconds / duck_floor.seconds:.2f} times faster than pandas"
                        if peer.seconds else ""))
    if floor.rows_per_second and reader.rows_per_second:
        scale.append(f"the hand-written python loop reaches {floor.rows_per_second / reader.rows_per_second:.2f} "
                     f"of `csv.reader`'s rows/s"
                     + (f", the python engine {py.rows_per_second / floor.rows_per_second:.2f} of the "
                        f"hand-written loop's" if py.rows_per_second else ""))
    if scale:
        lines += ["", "For scale: " + "; ".join(scale) + "."]
    lines += ["", "Agreement with the python engine (relative, tolerance 1e-9):", ""]
    lines += [f"- {line}" for line in agreement]
    return "\n".join(lines) + "\n"


def parent(args) -> int:
    from sizes import parse_rows

    rows = parse_rows(args.rows)
    load_before = _load()
    manifest = ensure_data(rows, args.seed)
    warm_cache()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    results: dict[str, Measurement] = {}
    with tempfile.TemporaryDirectory(prefix="chi-bench-") as tmp:
        workdir = Path(tmp)
        for kind in CHILDREN:
            if kind in skip:
                results[kind] = Measurement(kind, note="skipped")
                continue
            repeat = args.repeat if kind.startswith("duckdb") else args.repeat_slow
            print(f"measuring {kind} ...", file=sys.stderr)
            results[kind] = measure(kind, repeat, workdir)
        agreement = []
        reference = results["python_engine"].result
        checks = [("python_floor", "hand-written loop (metric rows)", ("raw_value",)),
                  ("duckdb_floor", "hand-written DuckDB query (metric rows)", ("raw_value",)),
                  ("pandas", "pandas peer", ("raw_value", "score")),
                  ("duckdb_engine", "DuckDB engine", ("raw_value", "score", "weight", "effective_weight",
                                                       "contribution", "coverage"))]
        for kind, label, columns in checks:
            other = results[kind].result
            if reference is None or other is None:
                agreement.append(f"{label}: not compared (a measurement is missing)")
                continue
            levels = ("metric",) if kind.endswith("_floor") else ("index", "pillar", "metric")
            n, worst, problem = compare(reference, other, columns, levels)
            if problem:
                agreement.append(f"{label}: **differs** — {problem}")
            else:
                agreement.append(f"{label}: {n:,} rows agree on {', '.join(columns)}; "
                                 f"largest relative difference {worst:.1e}")
    load = (load_before, _load())
    text = report(args, manifest, results, agreement, load)
    sys.stdout.write(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Run the chi-lang benchmark (see benchmarks/README.md).")
    parser.add_argument("--rows", default="1M", help="total rows across the 3 sources: 1M (default), 10M, 250k ...")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each DuckDB measurement; the best counts (3)")
    parser.add_argument("--repeat-slow", type=int, default=1,
                        help="runs of the python engine, csv.reader and pandas measurements (1)")
    parser.add_argument("--skip", default="", help="comma-separated: " + ", ".join(CHILDREN))
    parser.add_argument("--output", type=Path, help="also write the Markdown report here")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.argv = argv
    if args.child:
        run_child(args.child, args.result)
        return 0
    return parent(args)


if __name__ == "__main__":
    raise SystemExit(main())
