"""Node and network measures.

Choices (documented in the generated data dictionary too):
- betweenness: unweighted shortest paths, normalised by (n-1)(n-2)/2, so it reads "share of agency
  pairs whose shortest connection runs through this agency" and does not depend on how weights map to
  distances;
- eigenvector: computed within each connected component (a disconnected graph's leading eigenvector
  lives on one component only, and ties between equal components make it ill-defined), each component's
  L2-normalised vector scaled by the component's share of nodes; isolated agencies get 0. Power
  iteration first, the dense solver when it does not converge;
- PageRank: weighted, damping 0.85;
- communities: Louvain (weighted, seed 42), numbered 1.. by size (largest first), ties by first member;
- brokerage: Burt's effective size and constraint on the weighted graph (undefined for isolates).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

SEED = 42


@dataclass(frozen=True)
class NodeMetrics:
    degree: int
    weighted_degree: float
    betweenness: float
    eigenvector: float
    pagerank: float
    community: int
    effective_size: float  # NaN for isolates
    constraint: float  # NaN for isolates


def eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality per connected component, scaled by the component's share of nodes."""
    result = {v: 0.0 for v in graph}
    n = graph.number_of_nodes()
    for component in sorted(nx.connected_components(graph), key=lambda c: min(c)):
        if len(component) < 2:
            continue
        sub = graph.subgraph(sorted(component))
        try:
            values = nx.eigenvector_centrality(sub, max_iter=2000, tol=1e-10, weight="weight")
        except nx.PowerIterationFailedConvergence:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        share = len(component) / n
        for v, x in values.items():
            result[v] = abs(x) * share
    return result


def pagerank(graph: nx.Graph) -> dict[str, float]:
    if graph.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - not seen on these graphs
        return {v: 1.0 / graph.number_of_nodes() for v in graph}


def communities(graph: nx.Graph) -> list[list[str]]:
    """Louvain communities (seed 42), each sorted, largest first, ties by first member."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def node_metrics(graph: nx.Graph) -> dict[str, NodeMetrics]:
    """All node measures of an undirected weighted graph, keyed by node."""
    if graph.number_of_nodes() == 0:
        return {}
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    eig = eigenvector(graph)
    pr = pagerank(graph)
    community_of = {v: i for i, members in enumerate(communities(graph), start=1) for v in members}
    connected = [v for v in graph if graph.degree(v) > 0]
    effective = nx.effective_size(graph, nodes=connected, weight="weight") if connected else {}
    constraint = nx.constraint(graph, nodes=connected, weight="weight") if connected else {}
    return {
        v: NodeMetrics(
            degree=graph.degree(v),
            weighted_degree=float(graph.degree(v, weight="weight")),
            betweenness=betweenness[v],
            eigenvector=eig[v],
            pagerank=pr[v],
            community=community_of[v],
            effective_size=effective.get(v, math.nan),
            constraint=constraint.get(v, math.nan),
        )
        for v in graph
    }


def density(graph: nx.Graph) -> float:
    """Share of possible ties present; NaN below two nodes (undefined)."""
    n = graph.number_of_nodes()
    return nx.density(graph) if n >= 2 else math.nan


def degree_centralization(graph: nx.Graph) -> float:
    """Freeman degree centralisation: Σ(max degree − degree) / ((n−1)(n−2)); 1 for a star, 0 when regular.

    NaN below three nodes, where the star maximum is degenerate.
    """
    n = graph.number_of_nodes()
    if n < 3:
        return math.nan
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def modularity(graph: nx.Graph, groups: list[list[str]]) -> float:
    if graph.number_of_edges() == 0:
        return math.nan
    return nx.community.modularity(graph, [set(g) for g in groups], weight="weight")
