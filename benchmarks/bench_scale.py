"""Benchmark: how `kg build` grows with the corpus: 1, 4 and 16 times every regional table.

Run: python benchmarks/bench_scale.py [--runs 3] [--sizes 1 4 16]

The larger corpora are made here from the bundled document, as editions: `kg build` refuses a region
section printed twice in one file (a deliberate input check), so N times the tables is N editions, one
file per year, built with ``kg build --source 2017.txt --source 2018.txt ...``. The first is the bundled
2017 file itself; each further one is that file with its years rewritten the way tests/test_editions.py
derives an edition (section headings and contents lines ``2017 年工作要点``, the title line and the issue
date ``二〇一七年四月``), so it is read as the next year (2018, 2019, ...). Every edition has the same 1121
tasks, so the graph grows N-fold in tasks, targets and deliverables, while the regions, agencies, measures
and documents, keyed by their content, stay one each. The analyses (kg/analysis) analyse the latest
edition only (docs/contract.md), reading only its tasks, so their result triples, pages and figures
do not grow with N.

Each build is a fresh ``python -m kg.cli build --quiet`` in a subprocess (start-up and imports included,
as a user meets them), whole (analyses, pages, figures) and with ``--no-analysis``. Its wall time, CPU
time (user + system, its forked workers included) and peak memory (largest resident set of the build
process or any of its workers, ``ru_maxrss`` from ``os.wait4``) are recorded; the tables show medians.
Growth is each median over the 1x median: linear is at most 4x and 16x (start-up, imports and the
outputs that do not grow are paid once); the cost of each added edition, (median at Nx - median at 1x)
/ (N - 1), is the same at 4x and 16x when the growth is linear. The 16x whole build has a target of
10 s. The named baseline for throughput is pyoxigraph's own bulk loader: ``Store.bulk_load`` of the same
N-Triples (the build's kg.nt) into a new on-disk store, timed in-process, bytes already in memory, the
build's triples per second set against it. Wall times rise on a busy machine; CPU time much less so, and
the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.source.reader import bundled_source

TARGET_16X_SECONDS = 10.0
FIRST_YEAR = 2017
_CHINESE_DIGITS = "〇一二三四五六七八九"


def edition_text(text: str, year: int) -> str:
    """The bundled 2017 document as the ``year`` edition (section headings, title, issue date)."""
    chinese_year = "".join(_CHINESE_DIGITS[int(digit)] for digit in str(year))
    return (
        text.replace(f"{FIRST_YEAR} 年工作要点", f"{year} 年工作要点")
        .replace(f"{FIRST_YEAR} 年全国地方", f"{year} 年全国地方", 1)
        .replace("二〇一七年四月", f"{chinese_year}年四月", 1)
    )


def write_corpus(times: int, folder: Path) -> list[Path]:
    """``times`` editions (2017, 2018, ...): every regional table ``times`` times."""
    source = bundled_source()
    text = source.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = [source]
    for year in range(FIRST_YEAR + 1, FIRST_YEAR + times):
        path = folder / f"{year}.txt"
        path.write_text(edition_text(text, year), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the build and its workers
    peak_mb: float  # largest resident set of the build or one of its workers


def run_build(sources: list[Path], out: Path, *, analyses: bool) -> Run:
    """One `kg build` in a fresh Python process."""
    command = [sys.executable, "-m", "kg.cli", "build", "--quiet", "--out", str(out)]
    command += [arg for path in sources for arg in ("--source", str(path))]
    if not analyses:
        command.append("--no-analysis")
    return run_command(command)


def run_command(command: list[str]) -> Run:
    """One command in a fresh process: its wall time, and the CPU time and peak memory of it and its
    workers (``os.wait4``)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
    if process.returncode != 0:
        raise SystemExit(f"{command[2]} failed ({process.returncode}): {errors.decode(errors='replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss: KiB on Linux


def bulk_load_seconds(nt: bytes, folder: Path) -> float:
    """The baseline: pyoxigraph's bulk loader alone, N-Triples bytes -> a new on-disk store, flushed."""
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    store = ox.Store(str(folder))
    store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    seconds = time.perf_counter() - start
    del store
    shutil.rmtree(folder, ignore_errors=True)
    return seconds


def median_run(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, field) for r in runs) for field in ("wall", "cpu", "peak_mb")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per size and kind (default 3)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16], help="default: 1 4 16")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    if args.runs < 1 or sizes[0] < 1:
        parser.error("--runs and --sizes must be at least 1")

    kinds = {"whole": True, "no-analysis": False}
    medians: dict[tuple[int, str], Run] = {}
    triples: dict[int, int] = {}
    baseline: dict[int, float] = {}
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {args.runs} runs each, medians")
    print(f"{'size':>5} {'kind':<12} {'triples':>8} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for size in sizes:
            sources = write_corpus(size, scratch / f"corpus-{size}")
            for kind, analyses in kinds.items():
                out = scratch / f"build-{size}-{kind}"
                runs = [run_build(sources, out, analyses=analyses) for _ in range(args.runs)]
                medians[size, kind] = median_run(runs)
                nt = (out / "kg.nt").read_bytes()
                count = nt.count(b"\n")
                if not analyses:
                    triples[size] = count
                    baseline[size] = statistics.median(
                        bulk_load_seconds(nt, scratch / "bulk") for _ in range(args.runs)
                    )
                m = medians[size, kind]
                print(f"{size:>4}x {kind:<12} {count:>8} {m.wall:>7.2f} {m.cpu:>7.2f} {m.peak_mb:>8.0f}")
                shutil.rmtree(out)

    first = sizes[0]
    print(f"\ngrowth over {first}x (linear: at most the size ratio), and the cost of each added edition")
    print("(linear: the same at every size; start-up, imports and the fixed outputs are in the first)")
    print(
        f"{'size':>5} {'kind':<12} {'wall':>6} {'cpu':>6} {'peak':>6} {'triples':>7}"
        f" {'wall s':>7} {'cpu s':>6} {'MB':>5} per added edition"
    )
    for size in sizes[1:]:
        for kind in kinds:
            m, base = medians[size, kind], medians[first, kind]
            added = size - first
            print(
                f"{size:>4}x {kind:<12} {m.wall / base.wall:>5.1f}x {m.cpu / base.cpu:>5.1f}x "
                f"{m.peak_mb / base.peak_mb:>5.1f}x {triples[size] / triples[first]:>6.1f}x "
                f"{(m.wall - base.wall) / added:>7.2f} {(m.cpu - base.cpu) / added:>6.2f} "
                f"{(m.peak_mb - base.peak_mb) / added:>5.0f}"
            )

    print("\nthroughput, kg build --no-analysis (text -> graph -> store -> exports) vs the baseline,")
    print("pyoxigraph Store.bulk_load of the same N-Triples (store only)")
    for size in sizes:
        ours = triples[size] / medians[size, "no-analysis"].wall
        theirs = triples[size] / baseline[size]
        print(
            f"{size:>4}x {ours:>9,.0f} triples/s vs {theirs:>9,.0f} triples/s bulk load "
            f"({baseline[size]:.2f} s): {ours / theirs:.2f} of the baseline's rate"
        )
    if 16 in sizes:
        whole = medians[16, "whole"].wall
        verdict = "within" if whole < TARGET_16X_SECONDS else "OVER"
        print(f"\n16x whole build: median {whole:.2f} s — {verdict} the {TARGET_16X_SECONDS:.0f} s target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
