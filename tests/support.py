"""Helpers for tests that need a system program (imported as ``support``; conftest modules are not importable
by name, since every test folder may have its own)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: Headless Debian chromium on a machine with no network: no background traffic, no first-run chatter.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> Path:
    """Debian chromium for browser tests: CI installs it (.ci/run), so there a missing one fails."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail("/usr/bin/chromium is missing: .ci/run should have installed Debian chromium")
    pytest.skip("Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    raise AssertionError  # unreachable


def require_oxigraph_server() -> str:
    """The `oxigraph` server binary from PyPI (test extra)."""
    beside_python = Path(sys.executable).parent / "oxigraph"  # the venv's, even when it is not activated
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the `oxigraph` command is missing: install the test extras (pip install '.[test]')")
    return found


MINI_GRAPH = Path(__file__).parent / "fixtures" / "mini.ttl"


def make_mini_build(directory: Path) -> Path:
    """A build directory holding an on-disk store of the mini graph (what `kg build` would write)."""
    store = ox.Store(str(directory / "store"))
    store.load(path=str(MINI_GRAPH), format=ox.RdfFormat.TURTLE)
    store.flush()
    del store
    return directory


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s: a server a test started never outlives it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def run_kg(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess (the installed package, as a user runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
        cwd=cwd,
    )


# --- kg serve as a subprocess --------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str  # the SPARQL endpoint, http://127.0.0.1:PORT/query
    lines: list[str]
    errors: list[str] = field(default_factory=list)  # stderr, read all along so the pipe never fills

    @property
    def base(self) -> str:
        return self.url.removesuffix("/query")

    def workers(self) -> set[int]:
        return children(self.process.pid)


def children(pid: int) -> set[int]:
    """The child processes of ``pid`` (Linux: what each of its threads forked)."""
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # gone
        return found
    for task in tasks:
        try:  # a thread may end while we look
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs: it exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def start_server(build: Path, *extra: str, wait: float = 90.0) -> Server:
    """`kg serve --port 0` as a subprocess; returns once it has printed its URL (bounded wait)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--build", str(build), "--port", "0", "--quiet", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: list[str] = []
    errors: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("SPARQL endpoint: "):
                found.set()

    def read_errors() -> None:
        assert process.stderr is not None
        errors.extend(process.stderr)

    threading.Thread(target=read, daemon=True).start()
    threading.Thread(target=read_errors, daemon=True).start()
    if not found.wait(wait):
        stop_process(process)
        raise AssertionError(f"kg serve did not start: {lines} {errors}")
    url = next(line for line in lines if line.startswith("SPARQL endpoint: ")).split()[-1]
    return Server(process, url, lines, errors)


def http(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get(server: Server, query: str, accept: str = "application/sparql-results+json", **params: str):
    query_string = urllib.parse.urlencode({"query": query, **params})
    return http(f"{server.url}?{query_string}", headers={"Accept": accept})


def dead_pid() -> int:
    """The id of a process that has just ended (what a killed run leaves in its folders' names)."""
    return int(subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True).stdout)
