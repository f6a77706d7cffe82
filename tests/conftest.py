"""Shared fixtures: one real build of the bundled document per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.build import BuildResult, build
from kg.source.reader import bundled_source

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def build_result(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The whole pipeline on the bundled document, analyses included, built once."""
    return build(bundled_source(), tmp_path_factory.mktemp("kg") / "build")


@pytest.fixture(scope="session")
def built_kg(build_result: BuildResult) -> Path:
    """The build folder of the real build (store, exports, analyses, pages)."""
    return build_result.out


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
    found = shutil.which("oxigraph")
    if found is None:
        pytest.fail("the `oxigraph` command is missing: install the test extras (pip install '.[test]')")
    return found
