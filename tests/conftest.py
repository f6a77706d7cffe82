"""Shared fixtures: one real build of the bundled document per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support import CHROMIUM_ARGS, require_chromium

from kg.build import BuildResult, build
from kg.source.reader import bundled_source


@pytest.fixture(scope="session")
def build_result(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The whole pipeline on the bundled document, analyses included, built once."""
    return build([bundled_source()], tmp_path_factory.mktemp("kg") / "build")


@pytest.fixture(scope="session")
def built_kg(build_result: BuildResult) -> Path:
    """The build folder of the real build (store, exports, analyses, pages)."""
    return build_result.out


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian chromium (Playwright, sync API) for every browser test of the session.

    Playwright's sync API cannot be started twice in one thread, so all browser tests share this one.
    """
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
