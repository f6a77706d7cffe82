"""Fixtures for the analysis tests: the mini graph (tests/fixtures/network-mini.ttl), its analysis
results, one run of the whole analysis into a temporary build folder (the headless Chromium is
tests/conftest.py's shared ``browser``)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.analysis import graphdata
from kg.analysis.networks import build_networks
from kg.analysis.results import Results, analyse
from kg.analysis.run import AnalysisSummary, run_analyses

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "network-mini.ttl"


def mini_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="session")
def mini_results() -> Results:
    return analyse(build_networks(graphdata.load(mini_store())))


@pytest.fixture(scope="session")
def mini_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AnalysisSummary]:
    """run_analyses on the mini graph: (output folder, summary)."""
    out = tmp_path_factory.mktemp("mini-analysis")
    return out, run_analyses(mini_store(), out)


@pytest.fixture(scope="session")
def fresh_mini_store():
    """A function returning a new in-memory store holding the mini graph."""
    return mini_store


@pytest.fixture(scope="session")
def mini_ttl() -> Path:
    return MINI
