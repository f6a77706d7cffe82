"""Robustness of the main results to four modelling choices (``analysis/robustness.csv``).

Each check recomputes some measures under an alternative and reports how far the ranking of regions
(or of agencies within a region) moves, as Spearman's rank correlation with the main results:

- ``collectives``: a task that also names an unspecified group (有关部门, ipkg:involvesCollective)
  gets one extra node per region standing for that group;
- ``newman_weighting``: a tie's weight is Σ 1/(k − 1) over its shared tasks, k the task's number of
  agencies (Newman 2001), so a task naming nine agencies does not count 36 full ties;
- ``first_listed_lead``: a task's lead is the agency printed first in its 责任部门 cell (instead of the
  marked lead); printed order comes from ipkg:agenciesText, each agency placed where the longest
  part of its name occurs in the cell;
- ``community_seeds``: Louvain with 30 other seeds, adjusted Rand index against the main partition.

References: M. E. J. Newman (2001), Scientific collaboration networks. II, Phys. Rev. E 64:016132;
C. Spearman (1904), Am. J. Psychol. 15:72–101; L. Hubert and P. Arabie (1985), J. Classif. 2:193–218.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import numpy as np

from kg.analysis import metrics
from kg.analysis.graphdata import GraphData, Task
from kg.analysis.networks import Networks
from kg.analysis.results import IPO, AnalysedNetwork, Results

SEEDS = range(30)
COLLECTIVE = "collective"
REGION_MEASURES = ("density", "weighted_centralization", "fragmentation", "ipo_tie_share")


@dataclass(frozen=True)
class Check:
    check: str
    network: str  # a region key, or ``all`` for a comparison across regions
    measure: str
    units: int  # regions or agencies compared
    statistic: str
    value: float


def spearman(first: list[float], second: list[float]) -> float:
    """Spearman's ρ (ties averaged); NaN with fewer than three pairs or without variation."""
    pairs = [(a, b) for a, b in zip(first, second, strict=True) if not (math.isnan(a) or math.isnan(b))]
    if len(pairs) < 3 or len({a for a, _ in pairs}) < 2 or len({b for _, b in pairs}) < 2:
        return math.nan
    rank_a = average_ranks([a for a, _ in pairs])
    rank_b = average_ranks([b for _, b in pairs])
    return float(np.corrcoef(rank_a, rank_b)[0, 1])


def average_ranks(values: list[float]) -> np.ndarray:
    """Ranks 1..n, tied values sharing the mean of their ranks (what Spearman's ρ correlates).

    Written here rather than taken from ``scipy.stats`` (``rankdata``/``spearmanr``): importing
    scipy.stats costs about 0.3 s of every ``kg build``, for ten lines of arithmetic."""
    array = np.asarray(values, dtype=float)
    order = np.argsort(array, kind="stable")
    ordered = array[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])  # first index of each tied run
    ends = np.r_[starts[1:], len(ordered)]
    ranks = np.empty(len(array))
    ranks[order] = np.repeat((starts + ends + 1) / 2, ends - starts)  # mean of ranks start+1..end
    return ranks


def graph_of(
    tasks: list[Task], weight: Callable[[Task], float], extra: Callable[[Task], tuple[str, ...]]
) -> nx.Graph:
    """A co-responsibility graph with a chosen tie weight per task and extra nodes per task."""
    graph = nx.Graph()
    for task in tasks:
        members = sorted({*task.responsible, *extra(task)})
        graph.add_nodes_from(members)
        for a, b in combinations(members, 2):
            w = weight(task)
            if graph.has_edge(a, b):
                graph[a][b]["weight"] += w
            else:
                graph.add_edge(a, b, weight=w)
    return graph


def _region_measures(data: GraphData, graph: nx.Graph) -> dict[str, float]:
    ties = graph.number_of_edges()
    touching = sum(
        any(v in data.agencies and data.agencies[v].type_code == IPO for v in edge) for edge in graph.edges
    )
    return {
        "density": metrics.density(graph),  # the keys are REGION_MEASURES
        "weighted_centralization": metrics.weighted_centralization(graph),
        "fragmentation": metrics.fragmentation(graph),
        "ipo_tie_share": touching / ties if ties else math.nan,
    }


def _agency_measures(graph: nx.Graph) -> dict[str, dict[str, float]]:
    strength = dict(graph.degree(weight="weight"))
    return {
        "weighted_degree": {v: float(s) for v, s in strength.items()},
        "pagerank": metrics.pagerank(graph),
        "betweenness_weighted": metrics.betweenness_weighted(graph),
    }


def first_listed(data: GraphData, task: Task) -> str | None:
    """The agency printed first in the task's 责任部门 cell, or None where no name can be placed.

    Each agency is placed at the first occurrence in the cell of one of its printed forms
    (skos:altLabel) or its canonical name; failing those, of the longest part (two characters or more)
    of its canonical name found there (``市知识产权局`` places 北京市知识产权局). A sole agency leads."""
    if len(task.responsible) == 1:
        return task.responsible[0]

    def place(iri: str) -> int | None:
        label = data.agencies[iri].label
        for size in range(len(label), 1, -1):
            found = [
                p
                for i in range(len(label) - size + 1)
                if (p := task.agencies_text.find(label[i : i + size])) >= 0
            ]
            if found:
                return min(found)
        return None

    placed = [(p, iri) for iri in task.responsible if (p := place(iri)) is not None]
    return min(placed)[1] if placed else None


def collective_node(task: Task) -> tuple[str, ...]:
    """One node per region for the unspecified group (有关部门) a task names, if it names one."""
    return (f"{COLLECTIVE}:{task.region}",) if task.collective else ()


def newman_weight(task: Task) -> float:
    """1/(k − 1) per pair: each agency of a k-agency task gets weight 1 in all, however large k is."""
    return 1.0 / (len(task.responsible) - 1)


def unit_weight(task: Task) -> float:
    return 1.0


def no_extra_node(task: Task) -> tuple[str, ...]:
    return ()


def robustness(results: Results) -> list[Check]:
    """Every check's rows, in a fixed order (``model_checks``, then ``community_checks``)."""
    return model_checks(results) + community_checks(results.base)


def model_checks(results: Results) -> list[Check]:
    """The checks of the network model (collectives, weighting, leads): they need the main measures."""
    data = results.data
    regional = results.regional
    variants: dict[str, dict[str, nx.Graph]] = {
        "collectives": {
            n.network.key: graph_of(n.network.tasks, unit_weight, collective_node) for n in regional
        },
        "newman_weighting": {
            n.network.key: graph_of(n.network.tasks, newman_weight, no_extra_node) for n in regional
        },
    }
    rows: list[Check] = []
    main = {n.network.key: _region_measures(data, n.network.graph) for n in regional}
    for check, graphs in variants.items():
        other = {key: _region_measures(data, graph) for key, graph in graphs.items()}
        measures = (
            ["weighted_centralization"]
            if check == "newman_weighting"
            else list(main[regional[0].network.key])
        )
        for measure in measures:
            keys = list(main)
            rho = spearman([main[k][measure] for k in keys], [other[k][measure] for k in keys])
            rows.append(Check(check, "all", measure, len(keys), "spearman", rho))
        rows += _agency_rows(check, regional, graphs)
    rows.append(_large_task_weight(regional))
    rows += _lead_rows(data, regional)
    return rows


def _agency_rows(check: str, regional: list[AnalysedNetwork], graphs: dict[str, nx.Graph]) -> Iterator[Check]:
    """Per region, and the median over regions, of the rank correlation of each agency measure."""
    per_measure: dict[str, list[float]] = {}
    for analysed in regional:
        agencies = list(analysed.nodes)
        if len(agencies) < 3:
            continue
        other = _agency_measures(graphs[analysed.network.key])
        for measure, values in other.items():
            main = [getattr(analysed.nodes[v], measure) for v in agencies]
            rho = spearman(main, [values[v] for v in agencies])
            per_measure.setdefault(measure, []).append(rho)
            yield Check(check, analysed.network.key, measure, len(agencies), "spearman", rho)
    for measure, rhos in per_measure.items():
        defined = [v for v in rhos if not math.isnan(v)]
        median = statistics.median(defined) if defined else math.nan
        yield Check(check, "all", measure, len(defined), "median_spearman", median)


LARGE_TASK = 7


def _large_task_weight(regional: list[AnalysedNetwork]) -> Check:
    """The share of all tie weight (Σ over tasks of k(k − 1)/2 pairs) carried by tasks naming seven or
    more agencies: what the Newman weighting tempers. ``units`` is the number of such tasks."""
    sizes = [len(t.responsible) for n in regional for t in n.network.tasks]
    total = sum(k * (k - 1) // 2 for k in sizes)
    large = [k * (k - 1) // 2 for k in sizes if k >= LARGE_TASK]
    return Check(
        "newman_weighting",
        "all",
        f"tie_weight_of_tasks_with_{LARGE_TASK}_plus_agencies",
        len(large),
        "share",
        sum(large) / total if total else math.nan,
    )


def _lead_rows(data: GraphData, regional: list[AnalysedNetwork]) -> list[Check]:
    main: list[float] = []
    other: list[float] = []
    placed = multi = 0
    for analysed in regional:
        staffed = [t for t in analysed.network.tasks if t.responsible]
        main.append(analysed.summary.ipo_lead_share)
        leads = []
        for task in staffed:
            lead = first_listed(data, task)
            if len(task.responsible) > 1:
                multi += 1
                placed += lead is not None
            leads.append(lead is not None and data.agencies[lead].type_code == IPO)
        other.append(sum(leads) / len(staffed) if staffed else math.nan)
    return [
        Check("first_listed_lead", "all", "ipo_lead_share", len(main), "spearman", spearman(main, other)),
        Check(
            "first_listed_lead",
            "all",
            "multi_agency_tasks_placed",
            multi,
            "share",
            placed / multi if multi else math.nan,
        ),
    ]


def community_checks(base: Networks) -> list[Check]:
    """Louvain with 30 other seeds, adjusted Rand index against the main partition (seed ``SEED``, as
    ``metrics.node_metrics`` finds it), per region and the median over regions. Needs only the networks,
    so `kg build` runs it beside the figures, before the main measures are computed."""
    rows, means = [], []
    for network in base.agency:
        graph = network.graph
        if network.region is None or graph.number_of_edges() == 0:
            continue
        main = {v: i for i, members in enumerate(metrics.communities(graph)) for v in members}
        scores = []
        for seed in SEEDS:
            found = metrics.communities(graph, seed=seed)
            scores.append(metrics.adjusted_rand_index(main, {v: i for i, c in enumerate(found) for v in c}))
        means.append(statistics.fmean(scores))
        rows += [
            Check("community_seeds", network.key, "community", len(main), "mean_adjusted_rand", means[-1]),
            Check("community_seeds", network.key, "community", len(main), "min_adjusted_rand", min(scores)),
        ]
    if means:
        median = statistics.median(means)
        rows.append(Check("community_seeds", "all", "community", len(means), "median_adjusted_rand", median))
    return rows
