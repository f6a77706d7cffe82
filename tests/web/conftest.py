"""The query page in real Chromium, offline: `kg serve` on the real build, every request off the loopback
refused (and recorded, so a test fails if the page tries one), console errors recorded, screenshots kept."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from offline import CSP, LOOPBACK, Offline
from playwright.sync_api import Error as PlaywrightError
from support import stop_process


@pytest.fixture(scope="module")
def page_server(built_kg: Path) -> Iterator[str]:
    """`kg serve` on a free loopback port over the real build; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--build", str(built_kg), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    announced: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Query page:"):
                announced.append(line.split()[-1])
                started.set()

    threading.Thread(target=read, daemon=True).start()
    if not started.wait(120):
        stop_process(process)
        raise AssertionError(f"kg serve did not start: {process.stderr.read() if process.stderr else ''}")
    yield announced[0].rstrip("/")
    stop_process(process)


@pytest.fixture
def open_offline(browser, page_server: str, tmp_path: Path) -> Iterator[Callable[[], Offline]]:
    """Fresh browser contexts (no storage: a new visitor each) whose requests stay on this machine."""
    opened: list[Offline] = []

    def open_context() -> Offline:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        shots = tmp_path / f"screenshots-{len(opened) + 1}"
        shots.mkdir()
        state = Offline(context, page_server, shots)

        def route(request_route) -> None:
            if urllib.parse.urlsplit(request_route.request.url).hostname not in LOOPBACK:
                state.blocked.append(request_route.request.url)
                request_route.abort()
                return
            try:
                response = request_route.fetch()
                headers = {k.lower(): v for k, v in response.headers.items()}
                headers.setdefault("content-security-policy", CSP)
                request_route.fulfill(response=response, headers=headers)
            except PlaywrightError:
                if not state.closing:  # a request still on its way when the test closes its browser
                    raise

        context.route("**/*", route)
        opened.append(state)
        return state

    yield open_context
    for state in opened:
        state.closing = True
        state.context.close()  # type: ignore[attr-defined]
