"""The query page in real Chromium, offline: `kg serve` on the real build, every request off the loopback
refused (and recorded, so a test fails if the page tries one), console errors recorded, screenshots kept."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from offline import LOOPBACK, Offline
from support import start_server, stop_process


@pytest.fixture(scope="module")
def page_server(built_kg: Path) -> Iterator[str]:
    """`kg serve` on a free loopback port over the real build; yields its base URL."""
    server = start_server(built_kg)
    yield server.base
    stop_process(server.process)


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
            if urllib.parse.urlsplit(request_route.request.url).hostname in LOOPBACK:
                request_route.continue_()
            else:
                state.blocked.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        opened.append(state)
        return state

    yield open_context
    for state in opened:
        state.context.close()  # type: ignore[attr-defined]
