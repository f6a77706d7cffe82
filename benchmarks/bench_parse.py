"""Benchmark the parser on the bundled 2017 compilation.

    python benchmarks/bench_parse.py [--runs N] [--source FILE]

Parses the whole document N times (after one warm-up run) and prints the median and minimum wall
time and their ratio to the 100 ms target, and the median CPU (process) time for comparison on a
loaded machine.  The exit code is 0 whatever the timing: this is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from kg.source.parser import parse_document
from kg.source.reader import bundled_source

TARGET_MS = 100.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed parses (default 30)")
    parser.add_argument("--source", type=Path, default=None, help="document to parse (default: bundled)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    source = args.source or bundled_source()

    document = parse_document(source)  # warm-up: imports, regex compilation, file cache
    times_ms, cpu_ms = [], []
    for _ in range(args.runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        parse_document(source)
        times_ms.append((time.perf_counter() - start) * 1000)
        cpu_ms.append((time.process_time() - cpu_start) * 1000)

    median, best = statistics.median(times_ms), min(times_ms)
    print(
        f"source:  {source} ({document.lines_read} lines, {len(document.rows)} tasks, "
        f"{len(document.regions)} regions)"
    )
    load = (
        f", load average {os.getloadavg()[0]:.1f} (timings rise on a busy machine)"
        if hasattr(os, "getloadavg")
        else ""
    )
    print(f"runs:    {args.runs} (after 1 warm-up), Python {sys.version.split()[0]}{load}")
    print(f"median:  {median:8.1f} ms   ({median / TARGET_MS:.2f} x the {TARGET_MS:.0f} ms target)")
    print(f"min:     {best:8.1f} ms   ({best / TARGET_MS:.2f} x the {TARGET_MS:.0f} ms target)")
    print(f"max:     {max(times_ms):8.1f} ms")
    print(f"cpu:     {statistics.median(cpu_ms):8.1f} ms median process time (what load does not inflate)")
    print("verdict: " + ("within target" if median <= TARGET_MS else "SLOWER than target"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
