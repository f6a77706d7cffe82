"""Robustness checks on the mini graph (tests/fixtures/network-mini.ttl) against hand-computed values."""

from __future__ import annotations

import dataclasses
import math
import random
from pathlib import Path

import pytest

from kg.analysis import robustness
from kg.analysis.results import Results
from kg.analysis.run import AnalysisSummary
from tests.analysis.test_analysis_outputs import read_csv

A = "https://w3id.org/ipkg/id/agency/"


def tasks(results: Results, region: str):
    return next(n for n in results.regional if n.network.key == region).network.tasks


def test_newman_weighting(mini_results: Results) -> None:
    graph = robustness.graph_of(
        tasks(mini_results, "110000"), robustness.newman_weight, robustness.no_extra_node
    )
    # task 1 names three agencies (½ per pair), tasks 2, 4 and 6 two (1 each)
    assert graph[A + "bj-ipo"][A + "bj-aic"]["weight"] == pytest.approx(0.5 + 1 + 1)
    assert graph[A + "bj-ipo"][A + "bj-psb"]["weight"] == pytest.approx(0.5)
    assert graph[A + "bj-ipo"][A + "bj-fin"]["weight"] == pytest.approx(1)


def test_collectives_as_one_node_per_region(mini_results: Results) -> None:
    graph = robustness.graph_of(
        tasks(mini_results, "120000"), robustness.unit_weight, robustness.collective_node
    )
    # Tianjin task 2 (SCI, FIN) also names a collective: one extra node tied to both
    assert sorted(graph["collective:120000"]) == [A + "tj-fin", A + "tj-sci"]
    beijing = robustness.graph_of(
        tasks(mini_results, "110000"), robustness.unit_weight, robustness.collective_node
    )
    assert beijing.degree("collective:110000") == 0  # task 7 names no agency, only a collective


def test_first_listed_lead(mini_results: Results) -> None:
    data = mini_results.data
    task6 = next(t for t in data.tasks if t.key == "110000-6")  # AIC marked lead, IPO supporting
    printed = dataclasses.replace(task6, agencies_text="市知识产权局、市工商局")
    assert robustness.first_listed(data, printed) == A + "bj-ipo"
    printed = dataclasses.replace(task6, agencies_text="工商局牵头，知识产权局配合")
    assert robustness.first_listed(data, printed) == A + "bj-aic"
    assert robustness.first_listed(data, dataclasses.replace(task6, agencies_text="")) is None
    sole = next(t for t in data.tasks if t.key == "110000-5")
    assert robustness.first_listed(data, sole) == A + "bj-ipo"


def test_spearman() -> None:
    assert robustness.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert robustness.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(robustness.spearman([1, 2], [1, 2]))
    assert math.isnan(robustness.spearman([1, 1, 1], [1, 2, 3]))


def test_average_ranks_share_ties() -> None:
    assert robustness.average_ranks([3.0, 1.0, 3.0, 2.0, 3.0]).tolist() == [4.0, 1.0, 4.0, 2.0, 4.0]


def test_spearman_with_ties_agrees_with_scipy() -> None:
    """Our ρ against scipy's on tied data (scipy is a test-time reference only; the build avoids
    importing scipy.stats)."""
    from scipy.stats import spearmanr

    rng = random.Random(7)
    for _ in range(50):
        n = rng.randint(3, 25)
        first = [float(rng.randint(0, 4)) for _ in range(n)]
        second = [float(rng.randint(0, 6)) for _ in range(n)]
        if len(set(first)) < 2 or len(set(second)) < 2:
            continue
        assert robustness.spearman(first, second) == pytest.approx(spearmanr(first, second).statistic)


def test_robustness_csv(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, summary = mini_run
    rows = read_csv(out / "analysis" / "robustness.csv")
    assert out / "analysis" / "robustness.csv" in summary.tables
    checks = {r["check"] for r in rows}
    assert checks == {"collectives", "newman_weighting", "first_listed_lead", "community_seeds"}
    beijing = {(r["check"], r["statistic"]): r for r in rows if r["network"] == "110000"}
    # Beijing has one component of four plus an isolate: every seed finds the same two groups
    assert beijing[("community_seeds", "mean_adjusted_rand")]["value"] == "1.000000"
    assert beijing[("community_seeds", "mean_adjusted_rand")]["units"] == "5"


def test_weight_of_large_tasks(mini_results: Results, monkeypatch: pytest.MonkeyPatch) -> None:
    # three-agency tasks: 110000-1 and 120000-1 (3 pairs each) of 6 + 4 agency pairs over all tasks
    monkeypatch.setattr(robustness, "LARGE_TASK", 3)
    check = robustness._large_task_weight(mini_results.regional)
    assert (check.units, check.value) == (2, pytest.approx(6 / 10))
    assert check.measure == "tie_weight_of_tasks_with_3_plus_agencies"


def test_real_build_first_listed_agency(built_kg: Path) -> None:
    import pyoxigraph as ox

    from kg.analysis import graphdata

    data = graphdata.load(ox.Store.read_only(str(built_kg / "store")))
    # kg/data/ip-strategy-work-plans-2017.txt line 204 (山西):
    # 省商务厅、省知识产权局、省工商局、省文化厅 太原海关
    task = next(t for t in data.tasks if t.region == "140000" and t.agencies_text.startswith("省商务厅"))
    assert len(task.responsible) == 5
    assert data.agencies[robustness.first_listed(data, task) or ""].label == "山西省商务厅"
    # line 213: 省知识产权局、省司法厅、省工商局、省新闻出版广电局
    task = next(
        t for t in data.tasks if t.region == "140000" and t.agencies_text.startswith("省知识产权局、省司法厅")
    )
    assert data.agencies[robustness.first_listed(data, task) or ""].label == "山西省知识产权局"
