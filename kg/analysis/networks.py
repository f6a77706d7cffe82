"""The networks, built from ``GraphData`` with networkx (nodes and edges inserted in sorted order).

Insertion order matters: Louvain and the layouts iterate over nodes, so a sorted, reproducible
insertion order is what makes the seeded results identical on every run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import numpy as np
from scipy import sparse

from kg.analysis.graphdata import GraphData, Region, Task

NATIONAL = "national"


@dataclass
class AgencyNetwork:
    """One co-responsibility network (national or a region) plus its directed lead→supporting ties."""

    key: str  # ``national`` or the region key
    region: Region | None
    tasks: list[Task]
    graph: nx.Graph  # undirected: agencies sharing a task; weight = shared tasks
    lead_support: nx.DiGraph  # lead → supporting agency; weight = tasks
    type_graph: nx.Graph  # the same tasks with agencies aggregated to their type (type_network)


def co_responsibility(data: GraphData, tasks: list[Task]) -> nx.Graph:
    """Agencies linked when they share a task; edge ``weight`` = shared tasks, ``tasks`` = their keys."""
    graph = nx.Graph()
    involved: dict[str, dict[str, int]] = defaultdict(lambda: {"tasks": 0, "lead": 0, "supporting": 0})
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task in tasks:
        for agency in task.responsible:
            involved[agency]["tasks"] += 1
        for agency in task.lead:
            involved[agency]["lead"] += 1
        for agency in task.supporting:
            involved[agency]["supporting"] += 1
        for a, b in combinations(task.responsible, 2):  # responsible is sorted, so a < b
            shared[(a, b)].append(task.iri)
    for iri in sorted(involved):
        info = data.agencies[iri]
        counts = involved[iri]
        graph.add_node(
            iri,
            label=info.label,
            type=info.type_code,
            region=info.jurisdiction,
            tasks=counts["tasks"],
            lead=counts["lead"],
            supporting=counts["supporting"],
        )
    for a, b in sorted(shared):
        graph.add_edge(a, b, weight=len(shared[(a, b)]), tasks=shared[(a, b)])
    return graph


def task_leads(task: Task) -> tuple[str, ...]:
    """The agencies that lead a task: those marked lead (牵头, A in A会同B); where none is marked but some
    are marked supporting (A 配合部门：B), the others; else a sole responsible agency; else none (several
    agencies listed without roles)."""
    if task.lead:
        return task.lead
    if task.supporting:
        others = tuple(a for a in task.responsible if a not in task.supporting)
        if others:
            return others
    if len(task.responsible) == 1:
        return task.responsible
    return ()


def lead_support(data: GraphData, tasks: list[Task]) -> nx.DiGraph:
    """Directed ties lead → supporting agency (leads as in ``task_leads``); ``weight`` = such tasks."""
    graph = nx.DiGraph()
    ties: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task in tasks:
        for lead in task_leads(task) if task.supporting else ():
            for supporting in task.supporting:
                if lead != supporting:
                    ties[(lead, supporting)].append(task.iri)
    for iri in sorted({a for pair in ties for a in pair}):
        graph.add_node(iri, label=data.agencies[iri].label, type=data.agencies[iri].type_code)
    for a, b in sorted(ties):
        graph.add_edge(a, b, weight=len(ties[(a, b)]), tasks=ties[(a, b)])
    return graph


def agency_networks(data: GraphData) -> list[AgencyNetwork]:
    """The national network first, then one per region in document order."""
    out = []
    for region in [None, *data.regions]:
        tasks = data.tasks_of(region.key if region else None)
        out.append(
            AgencyNetwork(
                key=region.key if region else NATIONAL,
                region=region,
                tasks=tasks,
                graph=co_responsibility(data, tasks),
                lead_support=lead_support(data, tasks),
                type_graph=type_network(data, tasks),
            )
        )
    return out


def type_network(data: GraphData, tasks: list[Task]) -> nx.Graph:
    """Agencies aggregated to their type: types linked by the number of tasks naming both.

    A task counts once per pair of types, however many agencies of each type it names, so the weights
    are comparable across regions of different size. Ties within one type are not drawn.
    """
    graph = nx.Graph()
    type_tasks: dict[str, int] = defaultdict(int)
    type_agencies: dict[str, set[str]] = defaultdict(set)
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for task in tasks:
        types = sorted({data.agencies[a].type_code for a in task.responsible})
        for agency in task.responsible:
            type_agencies[data.agencies[agency].type_code].add(agency)
        for code in types:
            type_tasks[code] += 1
        for a, b in combinations(types, 2):
            pairs[(a, b)] += 1
    order = {t.code: i for i, t in enumerate(data.agency_types)}
    for code in sorted(type_tasks, key=lambda c: (order.get(c, len(order)), c)):
        kind = data.type_by_code.get(code)
        graph.add_node(
            code,
            label_zh=kind.label_zh if kind else code,
            label_en=kind.label_en if kind else code,
            tasks=type_tasks[code],
            agencies=len(type_agencies[code]),
        )
    for a, b in sorted(pairs):
        graph.add_edge(a, b, weight=pairs[(a, b)])
    return graph


def agency_measure(data: GraphData, tasks: list[Task]) -> nx.Graph:
    """Bipartite agency–measure network: an agency is tied to the measures of its tasks (weight = tasks)."""
    graph = nx.Graph()
    ties: dict[tuple[str, str], int] = defaultdict(int)
    for task in tasks:
        for agency in task.responsible:
            for measure in task.measures:
                ties[(agency, measure)] += 1
    agencies = sorted({a for a, _ in ties})
    measures = sorted({m for _, m in ties})
    graph.add_nodes_from(agencies, bipartite=0)
    graph.add_nodes_from(measures, bipartite=1)
    for a, m in sorted(ties):
        graph.add_edge(a, m, weight=ties[(a, m)])
    return graph


def projection_degrees(bipartite_graph: nx.Graph, side: int) -> dict[str, tuple[int, int]]:
    """Degree and weighted degree of each node in a one-mode projection (side 0 = agencies, 1 = measures).

    Two nodes of one side are tied when they share a neighbour on the other side; the tie weight is the
    number of shared neighbours. With the 0/1 incidence matrix B this is B·Bᵀ (no graph is materialised:
    the agency projection has tens of thousands of ties and only its degrees are reported).
    """
    rows = sorted(n for n, d in bipartite_graph.nodes(data=True) if d["bipartite"] == side)
    cols = sorted(n for n, d in bipartite_graph.nodes(data=True) if d["bipartite"] != side)
    if not rows:
        return {}
    col_index = {c: j for j, c in enumerate(cols)}
    pairs = [(i, col_index[c]) for i, r in enumerate(rows) for c in bipartite_graph[r]]
    b = sparse.csr_array(
        (np.ones(len(pairs)), ([i for i, _ in pairs], [j for _, j in pairs])), shape=(len(rows), len(cols))
    )
    shared = (b @ b.T).tolil()
    shared.setdiag(0.0)
    shared = shared.tocsr()
    shared.eliminate_zeros()
    degree = np.asarray((shared > 0).sum(axis=1)).ravel()
    weighted = np.asarray(shared.sum(axis=1)).ravel()
    return {r: (int(degree[i]), int(weighted[i])) for i, r in enumerate(rows)}


@dataclass(frozen=True)
class Similarity:
    region_a: str
    region_b: str
    shared: int
    measures_a: int
    measures_b: int
    jaccard: float


def region_measures(data: GraphData) -> dict[str, set[str]]:
    """The set of measures each region adopted (measures are shared across regions by identical text)."""
    out: dict[str, set[str]] = {r.key: set() for r in data.regions}
    for task in data.tasks:
        out.setdefault(task.region, set()).update(task.measures)
    return out


def region_similarity(data: GraphData) -> list[Similarity]:
    """Jaccard similarity of every ordered pair of regions' measure sets.

    |A∩B| / |A∪B|, and 0 when both sets are empty.
    """
    sets = region_measures(data)
    keys = [r.key for r in data.regions]
    out = []
    for a in keys:
        for b in keys:
            inter = len(sets[a] & sets[b])
            union = len(sets[a] | sets[b])
            out.append(Similarity(a, b, inter, len(sets[a]), len(sets[b]), inter / union if union else 0.0))
    return out


@dataclass
class Networks:
    """Every network of the graph, built once, before any measure: the measures (kg.analysis.results)
    and the figures (kg.analysis.figures, which need no measure, so they can start straight away)
    read it."""

    data: GraphData
    agency: list[AgencyNetwork]  # national first, then regions in document order
    bipartite: nx.Graph  # agency–measure (national)
    similarity: list[Similarity]
    focus_counts: dict[tuple[str, str], int]  # (region key, national focus notation) -> tasks

    @property
    def national(self) -> AgencyNetwork:
        return self.agency[0]


def build_networks(data: GraphData) -> Networks:
    focus = Counter((t.region, t.national_focus) for t in data.tasks)
    return Networks(
        data=data,
        agency=agency_networks(data),
        bipartite=agency_measure(data, data.tasks),
        similarity=region_similarity(data),
        focus_counts=dict(sorted(focus.items())),
    )
