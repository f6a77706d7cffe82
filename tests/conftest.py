"""Shared fixtures: one real build of the bundled document per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildResult, build
from kg.source.reader import bundled_source


@pytest.fixture(scope="session")
def build_result(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The whole pipeline on the bundled document, analyses included, built once."""
    return build(bundled_source(), tmp_path_factory.mktemp("kg") / "build")


@pytest.fixture(scope="session")
def built_kg(build_result: BuildResult) -> Path:
    """The build folder of the real build (store, exports, analyses, pages)."""
    return build_result.out
