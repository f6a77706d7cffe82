"""Helpers for tests that need a system program (imported as ``support``; conftest modules are not importable
by name, since every test folder may have its own)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
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
