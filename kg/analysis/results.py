"""Every measure of every network, computed once, as plain data shared by the CSV, RDF and page writers."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from kg.analysis import metrics, networks
from kg.analysis.graphdata import GraphData
from kg.analysis.networks import AgencyNetwork, Networks, Similarity, task_leads

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
    components: int
    largest_component: int
    isolates: int
    communities: int
    modularity: float
    ipo_lead_share: float
    ipo_involved_share: float
    multi_agency_share: float
    lead_marked_share: float
    collective_share: float
    mean_agencies_per_task: float


@dataclass
class AnalysedNetwork:
    network: AgencyNetwork
    nodes: dict[str, metrics.NodeMetrics]
    summary: NetworkSummary
    type_nodes: dict[str, metrics.NodeMetrics]  # degree, weighted degree, betweenness, PageRank only


@dataclass
class Results:
    base: Networks
    networks: list[AnalysedNetwork]  # national first, then regions in document order
    agency_projection: dict[str, tuple[int, int]]  # agency -> (degree, weighted degree) via shared measures
    measure_projection: dict[str, tuple[int, int]]  # measure -> (degree, weighted degree) via shared agencies

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
    graph = network.graph
    staffed = [t for t in network.tasks if t.responsible]

    def has_ipo(agencies: tuple[str, ...]) -> bool:
        return any(data.agencies[a].type_code == IPO for a in agencies)

    components = list(nx.connected_components(graph))
    members: dict[int, list[str]] = {}
    for v, m in nodes.items():
        members.setdefault(m.community, []).append(v)
    return NetworkSummary(
        key=network.key,
        tasks=len(network.tasks),
        tasks_with_agencies=len(staffed),
        agencies=graph.number_of_nodes(),
        ties=graph.number_of_edges(),
        lead_support_ties=network.lead_support.number_of_edges(),
        density=metrics.density(graph),
        degree_centralization=metrics.degree_centralization(graph),
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        isolates=nx.number_of_isolates(graph),
        communities=len(members),
        modularity=metrics.modularity(graph, list(members.values())),
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
        nodes = metrics.node_metrics(network.graph)
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
    )
