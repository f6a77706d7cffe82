"""Benchmark: how fast the command line answers, process start to output (issue 14).

Run: python benchmarks/bench_cli.py [--build DIR] [--runs 11]

Each command runs as a user runs it (a new `python -m kg.cli` process, output read to the end), ``--runs``
times, alternating with the others so a busy machine slows them alike. Targets: `kg query NAME` under
0.3 s, `kg queries` and `kg --help` under 0.2 s (medians). Baseline: the bare interpreter
(``python -c pass``) and the interpreter importing pyoxigraph, the floor no command can go below. Builds
into a temporary folder (``kg build --no-analysis``) unless ``--build`` names a finished build.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
COMMANDS: list[tuple[str, list[str], float | None]] = [  # label, argv after the interpreter, target (s)
    ("baseline: python -c pass", ["-c", "pass"], None),
    ("baseline: import pyoxigraph", ["-c", "import pyoxigraph"], None),
    ("kg --help", ["-m", "kg.cli", "--help"], 0.2),
    ("kg queries", ["-m", "kg.cli", "queries"], 0.2),
    ("kg query tasks-of-region", ["-m", "kg.cli", "query", "tasks-of-region", "--param", "region=山西"], 0.3),
    (
        "kg query tasks-by-keyword",
        ["-m", "kg.cli", "query", "tasks-by-keyword", "--param", "keyword=专利"],
        0.3,
    ),
    ("kg query busiest-agencies", ["-m", "kg.cli", "query", "busiest-agencies", "--param", "min=15"], 0.3),
]


def seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, *argv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(build: Path, runs: int) -> None:
    commands = [
        (label, [*argv, "--build", str(build)] if "query" in argv else argv, target)
        for label, argv, target in COMMANDS
    ]
    samples: dict[str, list[float]] = {label: [] for label, _, _ in commands}
    for _, argv, _ in commands:
        seconds(argv)  # warm-up: file caches
    for _ in range(runs):
        for label, argv, _ in commands:
            samples[label].append(seconds(argv))
    floor = statistics.median(samples[commands[0][0]])
    print(f"{'command':32} {'median':>8} {'min':>8} {'target':>8}  {'vs python -c pass':>18}  verdict")
    for label, _, target in commands:
        median = statistics.median(samples[label])
        verdict = "" if target is None else ("meets" if median < target else "MISSES")
        shown = f"{target:.2f} s" if target is not None else ""
        print(
            f"{label:32} {median:6.3f} s {min(samples[label]):6.3f} s {shown:>8}  "
            f"{median / floor:17.1f}x  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="a finished build (default: build one into a temp folder)")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    if args.build is not None:
        measure(args.build, args.runs)
        return
    with tempfile.TemporaryDirectory() as scratch:
        build = Path(scratch) / "build"
        subprocess.run(
            [PYTHON, "-m", "kg.cli", "build", "--out", str(build), "--no-analysis", "--quiet"], check=True
        )
        measure(build, args.runs)


if __name__ == "__main__":
    main()
