"""Query pack latency: embedded pyoxigraph store (on disk) vs rdflib over the same triples, and the
throughput of `kg serve` with concurrent clients.

    python benchmarks/bench_queries.py [--build DIR] [--repeat N] [--clients 8] [--seconds 10]

Each pack query is bound with its defaults, run to completion (every row materialised) and timed;
the table shows medians and the rdflib/oxigraph ratio. rdflib is far slower on some queries and cannot
be interrupted, so each of its runs happens in a forked child killed after --rdflib-budget seconds
(shown as ">budget"). The endpoint part starts `kg serve` on a free loopback port and lets 1, then N,
clients send the pack round-robin for a fixed time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.errors import InputError
from kg.pack.loading import PackQuery, load_pack
from kg.run import run_remote, run_text
from kg.store import load_in_memory, open_read_only


@dataclass
class Timing:
    name: str
    rows: int
    oxigraph_ms: float
    memory_ms: float
    rdflib_ms: float | None
    rdflib_rows: int | None

    @property
    def ratio(self) -> float | None:
        return None if self.rdflib_ms is None else self.rdflib_ms / self.oxigraph_ms


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: caches, lazy imports
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def load_rdflib(build: Path) -> tuple[rdflib.Graph, float]:
    """The same triples in an in-memory rdflib Graph (kg.nt if the build has it, else a store dump)."""
    started = time.perf_counter()
    graph = rdflib.Graph()
    nt = build / "kg.nt"
    if nt.is_file():
        graph.parse(nt, format="nt")
    else:
        data = ox.Store.read_only(str(build / "store")).dump(
            format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()
        )
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph, time.perf_counter() - started


def rows_of(result: object) -> int:
    return len(list(result))  # type: ignore[call-overload]


def _rdflib_child(graph: rdflib.Graph, text: str, repeat: int, budget: float, conn) -> None:  # noqa: ANN001
    """In a forked child (the graph is shared copy-on-write): rows and median ms, within the budget."""
    try:
        started = time.perf_counter()
        rows = rows_of(graph.query(text))
        first = time.perf_counter() - started
        runs = min(repeat, int((budget * 0.8 - 2 * first) / max(first, 1e-6)))  # slow queries: fewer runs
        ms = median_ms(lambda: rows_of(graph.query(text)), runs) if runs >= 1 else first * 1000
        conn.send((rows, ms, None))
    except Exception as error:  # noqa: BLE001 - rdflib's SPARQL support is partial; report, go on
        conn.send((None, None, f"{type(error).__name__}: {error}"))


def time_rdflib(
    graph: rdflib.Graph, name: str, text: str, repeat: int, budget: float
) -> tuple[int | None, float | None]:
    """rdflib cannot be interrupted, so each query runs in a forked child that is killed at the budget."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_rdflib_child, args=(graph, text, repeat, budget, child), daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(budget):
            rows, ms, error = parent.recv()
            if error:
                print(f"  rdflib cannot run {name}: {error}", file=sys.stderr)
            return rows, ms
        return None, float("inf")
    finally:
        process.kill()
        process.join(10)


def bench_embedded(
    build: Path, pack: dict[str, PackQuery], repeat: int, rdflib_repeat: int, budget: float
) -> list[Timing]:
    store = open_read_only(build)
    memory = load_in_memory(build / "store")  # what kg serve's workers query
    graph, load_s = load_rdflib(build)
    print(
        f"rdflib: {len(graph)} triples loaded in {load_s:.1f} s; store: {len(store)} quads; "
        f"rdflib budget {budget:g} s per query\n",
        flush=True,
    )
    timings = []
    for name, query in pack.items():
        text = query.bind({})
        answer = run_text(store, text, name)
        rows = len(answer.rows) + len(answer.triples)  # solutions, or triples for CONSTRUCT/DESCRIBE
        ox_ms = median_ms(lambda text=text, name=name: run_text(store, text, name), repeat)
        memory_ms = median_ms(lambda text=text, name=name: run_text(memory, text, name), repeat)
        rdflib_rows, rdflib_ms = time_rdflib(graph, name, text, rdflib_repeat, budget)
        timings.append(Timing(name, rows, ox_ms, memory_ms, rdflib_ms, rdflib_rows))
    return timings


@dataclass
class Throughput:
    clients: int
    requests: int
    seconds: float
    median_ms: float
    p95_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def start_server(build: Path, workers: int, *options: str) -> tuple[subprocess.Popen[str], str]:
    """`kg serve` on a free loopback port over ``build``; returns the process and its endpoint URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "serve",
            "--build",
            str(build),
            "--port",
            "0",
            "--quiet",
            "--workers",
            str(workers),
            *options,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("SPARQL endpoint: "):
                found.append(line.split()[-1])
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120):
        process.kill()
        raise SystemExit("kg serve did not start within 120 s")
    return process, found[0]


def bench_endpoint(url: str, pack: dict[str, PackQuery], clients: int, seconds: float) -> Throughput:
    queries = list(pack.values())
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        nonlocal errors
        k = index
        while time.monotonic() < stop_at:
            query = queries[k % len(queries)]
            k += 1
            started = time.perf_counter()
            try:
                run_remote(url, query, {}, timeout=60)
                ok = True
            except InputError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += not ok

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as executor:
        list(executor.map(client, range(clients)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    return Throughput(
        clients,
        len(latencies),
        elapsed,
        statistics.median(ordered),
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        errors,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build", type=Path)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query on the store")
    parser.add_argument("--rdflib-repeat", type=int, default=5, help="timed runs per query on rdflib")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="kg serve --workers")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each throughput run")
    parser.add_argument(
        "--rdflib-budget",
        type=float,
        default=30.0,
        help="seconds rdflib may spend on one query before it is shown as '>budget'",
    )
    args = parser.parse_args()
    try:
        pack = load_pack()
        open_read_only(args.build)
    except InputError as error:
        print(f"bench_queries: {error}", file=sys.stderr)
        return 2

    timings = bench_embedded(args.build, pack, args.repeat, args.rdflib_repeat, args.rdflib_budget)
    width = max(len(t.name) for t in timings)
    print(
        f"{'query'.ljust(width)}  {'rows':>6}  {'oxigraph ms':>11}  {'memory ms':>9}  {'rdflib ms':>10}  "
        f"{'ratio':>7}"
    )
    print(f"{'-' * width}  {'-' * 6}  {'-' * 11}  {'-' * 9}  {'-' * 10}  {'-' * 7}")
    for t in timings:
        over = t.rdflib_ms == float("inf")
        rdf = (
            "n/a"
            if t.rdflib_ms is None
            else (f">{args.rdflib_budget * 1000:.0f}" if over else f"{t.rdflib_ms:.1f}")
        )
        ratio = (
            "n/a"
            if t.ratio is None
            else (f">{args.rdflib_budget * 1000 / t.oxigraph_ms:.0f}x" if over else f"{t.ratio:.1f}x")
        )
        mismatch = "" if t.rdflib_rows in (None, t.rows) else f"  (rdflib: {t.rdflib_rows} rows!)"
        print(
            f"{t.name.ljust(width)}  {t.rows:>6}  {t.oxigraph_ms:>11.2f}  {t.memory_ms:>9.2f}  {rdf:>10}  "
            f"{ratio:>7}{mismatch}"
        )
    ratios = sorted(t.ratio for t in timings if t.ratio is not None)  # inf (over budget) sorts last
    if ratios:
        median = statistics.median_low(ratios)
        shown = f">{args.rdflib_budget:g}s" if median == float("inf") else f"{median:.1f}x"
        print(f"{'median ratio (on-disk store vs rdflib)'.ljust(width)}  {shown:>7}")
    for label, values in (
        ("on-disk store", [t.oxigraph_ms for t in timings]),
        ("in-memory copy (kg serve)", [t.memory_ms for t in timings]),
    ):
        print(
            f"{label}: median of the query medians {statistics.median(values):.1f} ms, slowest "
            f"{max(values):.1f} ms (target: median under 10 ms, every query under 50 ms)"
        )

    process, url = start_server(args.build, args.workers)
    try:
        runs = [
            bench_endpoint(url, pack, 1, args.seconds),
            bench_endpoint(url, pack, args.clients, args.seconds),
        ]
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(
        f"\nendpoint {url} (kg serve --workers {args.workers}), pack queries round-robin, "
        f"{args.seconds:g} s per run"
    )
    print(f"{'clients':>7}  {'requests':>8}  {'req/s':>7}  {'median ms':>9}  {'p95 ms':>7}  {'errors':>6}")
    for run in runs:
        print(
            f"{run.clients:>7}  {run.requests:>8}  {run.per_second:>7.1f}  {run.median_ms:>9.1f}  "
            f"{run.p95_ms:>7.1f}  {run.errors:>6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
