"""`kg serve` against Oxigraph's own server (`oxigraph serve-read-only`) on the same store and queries.

    python benchmarks/bench_endpoint.py [--build DIR] [--seconds 5] [--clients 8 64] [--workers 4]

Both servers are started on free loopback ports over the build's store. For 8 and 64 concurrent clients,
each client sends the query pack (bound with its defaults) round-robin for --seconds, once opening a new
connection per request and once keeping its connection alive. Printed per run: requests per second,
median and p99 latency, errors, and kg serve's throughput as a ratio of Oxigraph's (the baseline).
Targets (issue 14): kg serve at least as fast as Oxigraph in every run, p99 under 1 s at 64 clients.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kg.pack.loading import load_pack

ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"  # the pack has SELECTs and CONSTRUCTs


@dataclass
class Run:
    requests: int
    seconds: float
    median_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": ACCEPT})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not answer within 120 s")


def start_kg(build: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--build", str(build), "--port", str(port)]
    process = subprocess.Popen([*command, "--quiet", "--workers", str(workers)], stdout=subprocess.DEVNULL)
    wait_until_answering(port, process, "kg serve")
    return process, port


def start_oxigraph(build: Path) -> tuple[subprocess.Popen[bytes], int]:
    beside_python = Path(sys.executable).parent / "oxigraph"
    binary = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("the `oxigraph` command is missing: pip install oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(build / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_answering(port, process, "oxigraph serve-read-only")
    return process, port


def load(port: int, paths: list[str], clients: int, seconds: float, keep_alive: bool) -> Run:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        nonlocal errors
        connection: http.client.HTTPConnection | None = None
        k = index
        while time.monotonic() < stop_at:
            path = paths[k % len(paths)]
            k += 1
            started = time.perf_counter()
            ok = False
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", path, headers={"Accept": ACCEPT})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if not keep_alive or response.will_close:
                    connection.close()
                    connection = None
            except OSError:
                if connection is not None:
                    connection.close()
                connection = None
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += not ok
        if connection is not None:
            connection.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as executor:
        list(executor.map(client, range(clients)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Run(len(ordered), elapsed, statistics.median(ordered), p99, errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build", type=Path)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each run")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 64])
    parser.add_argument("--workers", type=int, default=4, help="kg serve --workers")
    args = parser.parse_args()
    if not (args.build / "store").is_dir():
        raise SystemExit(f"no store in {args.build}: run `kg build` first")
    paths = ["/query?" + urllib.parse.urlencode({"query": q.bind({})}) for q in load_pack().values()]

    results: dict[tuple[str, int, bool], Run] = {}
    for name, start in (
        ("kg serve", lambda: start_kg(args.build, args.workers)),
        ("oxigraph", lambda: start_oxigraph(args.build)),
    ):
        process, port = start()
        try:
            load(port, paths, 4, 1.0, True)  # warm up caches and connections
            for clients in args.clients:
                for keep_alive in (False, True):
                    results[name, clients, keep_alive] = load(port, paths, clients, args.seconds, keep_alive)
        finally:
            process.terminate()
            process.wait(timeout=30)

    print(
        f"{len(paths)} pack queries round-robin, {args.seconds:g} s per run; "
        "baseline: oxigraph serve-read-only"
    )
    print(
        f"{'clients':>7}  {'connection':<10}  {'server':<9} {'req/s':>7} {'median ms':>10} "
        f"{'p99 ms':>8} {'errors':>6}  ratio"
    )
    for clients in args.clients:
        for keep_alive in (False, True):
            mode = "keep-alive" if keep_alive else "new"
            ours, baseline = (
                results["kg serve", clients, keep_alive],
                results["oxigraph", clients, keep_alive],
            )
            for name, run in (("kg serve", ours), ("oxigraph", baseline)):
                ratio = f"{ours.per_second / baseline.per_second:.2f}x" if name == "kg serve" else ""
                print(
                    f"{clients:>7}  {mode:<10}  {name:<9} {run.per_second:>7.0f} {run.median_ms:>10.1f} "
                    f"{run.p99_ms:>8.1f} {run.errors:>6}  {ratio}"
                )
    print("targets: kg serve ratio >= 1.00x in every row; p99 < 1000 ms at 64 clients")
    return 0


if __name__ == "__main__":
    sys.exit(main())
