"""Every measure of every network, computed once, as plain data shared by the CSV, RDF and page writers.

The national network is the union of the 31 regional ones, which share almost no agency and no tie:
its density, centralisation, communities and every agency measure would describe that union's
disconnection, not any collaboration. So the national network keeps only counts and task shares
(well defined on a union: tasks, agencies, ties, components, isolates, shares of tasks), and its
structural measures are left undefined (NaN / None, empty cells); agencies are measured in their
regions only. Regions are compared in ``region_comparison.csv`` on size-adjusted measures and the
null model (kg.analysis.nullmodel).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from kg.analysis import metrics, networks, nullmodel
from kg.analysis.graphdata import GraphData
from kg.analysis.networks import AgencyNetwork, Networks, Similarity, task_leads
from kg.analysis.nullmodel import TieTest

IPO = "IPO"


@dataclass(frozen=True)
class NetworkSummary:
    key: str
    tasks: int
    tasks_with_agencies: int
    agencies: int
    ties: int
    lead_support_ties: int
    density: float
    degree_centralization: float
    weighted_centralization: float
    fragmentation: float
    components: int
    largest_component: int
    largest_component_share: float
    isolates: int
    communities: int | None  # None for the national union (see the module docstring)
    modularity: float
    ipo_tie_share: float
    ipo_lead_share: float
    ipo_involved_share: float
    multi_agency_share: float
    lead_marked_share: float
    collective_share: float
    mean_agencies_per_task: float


@dataclass
class AnalysedNetwork:
    network: AgencyNetwork
    nodes: dict[str, metrics.NodeMetrics]  # empty for the national union
    summary: NetworkSummary
    type_nodes: dict[str, metrics.NodeMetrics]  # degree, weighted degree, betweenness, PageRank only


@dataclass
class Results:
    base: Networks
    networks: list[AnalysedNetwork]  # national first, then regions in document order
    agency_projection: dict[str, tuple[int, int]]  # agency -> (degree, weighted degree) via shared measures
    measure_projection: dict[str, tuple[int, int]]  # measure -> (degree, weighted degree) via shared agencies
    tie_tests: dict[str, TieTest]  # region key -> observed vs null-model ties

    @property
    def data(self) -> GraphData:
        return self.base.data

    @property
    def bipartite(self) -> nx.Graph:
        return self.base.bipartite

    @property
    def similarity(self) -> list[Similarity]:
        return self.base.similarity

    @property
    def focus_counts(self) -> dict[tuple[str, str], int]:
        return self.base.focus_counts

    @property
    def national(self) -> AnalysedNetwork:
        return self.networks[0]

    @property
    def regional(self) -> list[AnalysedNetwork]:
        return self.networks[1:]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else math.nan


def summarise(
    data: GraphData, network: AgencyNetwork, nodes: dict[str, metrics.NodeMetrics]
) -> NetworkSummary:
    """A network's numbers; for the national union (``network.region is None``) only the counts and
    task shares (see the module docstring)."""
    graph = network.graph
    staffed = [t for t in network.tasks if t.responsible]
    union = network.region is None

    def has_ipo(agencies: tuple[str, ...]) -> bool:
        return any(data.agencies[a].type_code == IPO for a in agencies)

    def structural(value: float) -> float:
        return math.nan if union else value

    components = list(nx.connected_components(graph))
    largest = max((len(c) for c in components), default=0)
    members: dict[int, list[str]] = {}
    for v, m in nodes.items():
        members.setdefault(m.community, []).append(v)
    ipo_ties = sum(has_ipo((a, b)) for a, b in graph.edges)
    return NetworkSummary(
        key=network.key,
        tasks=len(network.tasks),
        tasks_with_agencies=len(staffed),
        agencies=graph.number_of_nodes(),
        ties=graph.number_of_edges(),
        lead_support_ties=network.lead_support.number_of_edges(),
        density=structural(metrics.density(graph)),
        degree_centralization=structural(metrics.degree_centralization(graph)),
        weighted_centralization=structural(metrics.weighted_centralization(graph)),
        fragmentation=structural(metrics.fragmentation(graph)),
        components=len(components),
        largest_component=largest,
        largest_component_share=structural(_share(largest, graph.number_of_nodes())),
        isolates=nx.number_of_isolates(graph),
        communities=None if union else len(members),
        modularity=math.nan if union else metrics.modularity(graph, list(members.values())),
        ipo_tie_share=_share(ipo_ties, graph.number_of_edges()),
        ipo_lead_share=_share(sum(has_ipo(task_leads(t)) for t in staffed), len(staffed)),
        ipo_involved_share=_share(sum(has_ipo(t.responsible) for t in staffed), len(staffed)),
        multi_agency_share=_share(sum(len(t.responsible) >= 2 for t in staffed), len(staffed)),
        lead_marked_share=_share(sum(bool(t.lead) for t in staffed), len(staffed)),
        collective_share=_share(sum(t.collective for t in network.tasks), len(network.tasks)),
        mean_agencies_per_task=_share(sum(len(t.responsible) for t in staffed), len(staffed)),
    )


def analyse(base: Networks) -> Results:
    """Every measure of every network (the slow part: betweenness, Louvain, brokerage)."""
    analysed = []
    for network in base.agency:
        nodes = {} if network.region is None else metrics.node_metrics(network.graph)
        analysed.append(
            AnalysedNetwork(
                network=network,
                nodes=nodes,
                summary=summarise(base.data, network, nodes),
                type_nodes=metrics.node_metrics(network.type_graph, full=False),
            )
        )
    return Results(
        base=base,
        networks=analysed,
        agency_projection=networks.projection_degrees(base.bipartite, 0),
        measure_projection=networks.projection_degrees(base.bipartite, 1),
        tie_tests=nullmodel.tie_tests(
            [nullmodel.incidence(n.key, [t.responsible for t in n.tasks]) for n in base.agency[1:]]
        ),
    )
