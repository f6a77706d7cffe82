"""Node and network measures.

Choices (documented in the generated data dictionary too):
- betweenness: unweighted shortest paths, normalised by (n-1)(n-2)/2, so it reads "share of agency
  pairs whose shortest connection runs through this agency" and does not depend on how weights map to
  distances;
- eigenvector: computed within each connected component (a disconnected graph's leading eigenvector
  lives on one component only, and ties between equal components make it ill-defined), each component's
  L2-normalised vector scaled by the component's share of nodes; isolated agencies get 0. A dense
  symmetric eigensolver, so there is no power iteration that could fail to converge;
- PageRank: weighted, damping 0.85, solved exactly;
- communities: Louvain (weighted, seed 42), numbered 1.. by size (largest first), ties by first member;
- brokerage: Burt's effective size and constraint on the weighted graph (undefined for isolates),
  the same formulas as networkx's structural-holes functions but with matrices (networkx recomputes
  every normalisation per pair and takes a minute on the national network; this takes milliseconds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse.linalg import spsolve

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
    """Eigenvector centrality per connected component, scaled by the component's share of nodes.

    Each component's weighted adjacency matrix is symmetric, non-negative and irreducible, so its
    largest eigenvalue is simple and its eigenvector (Perron vector) positive: a dense symmetric solver
    finds it exactly, with no convergence to worry about (components here have at most a few hundred
    nodes).
    """
    result = {v: 0.0 for v in graph}
    n = graph.number_of_nodes()
    if n == 0:
        return result
    order = list(graph)
    index = {v: i for i, v in enumerate(order)}
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=order, weight="weight", format="csr", dtype=float)
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        positions = sorted(index[v] for v in component)
        nodes = [order[i] for i in positions]
        a = adjacency[positions][:, positions].toarray()
        _, vectors = np.linalg.eigh(a)
        vector = vectors[:, -1]
        vector = np.abs(vector) / np.linalg.norm(vector)
        share = len(component) / n
        for v, x in zip(nodes, vector, strict=True):
            result[v] = float(x) * share
    return result


def pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """Weighted PageRank solved exactly (sparse linear system) rather than iterated.

    Same model as networkx.pagerank: uniform teleport, and the rank of agencies without ties (dangling
    nodes) spread uniformly. With S = I − αPᵀ (sparse) the system is (S − u dᵀ) x = b, u = α/n·1 and d
    the dangling indicator; Sherman–Morrison turns it into two sparse solves. Exact solving makes the
    values independent of iteration tolerances, and sparse solving avoids multi-threaded dense BLAS,
    which is slow on small busy machines.
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    a = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr", dtype=float)
    out = np.asarray(a.sum(axis=1)).ravel()
    dangling = (out == 0).astype(float)
    inverse = np.divide(1.0, out, out=np.zeros(n), where=out > 0)
    p = sparse.diags(inverse) @ a
    s = (sparse.identity(n, format="csc") - alpha * p.T).tocsc()
    b = np.full(n, (1.0 - alpha) / n)
    u = np.full(n, alpha / n)
    y = np.atleast_1d(spsolve(s, b))
    z = np.atleast_1d(spsolve(s, u))
    x = y + z * (dangling @ y) / (1.0 - dangling @ z)
    x = x / x.sum()
    return {v: float(x[i]) for i, v in enumerate(nodes)}


def communities(graph: nx.Graph) -> list[list[str]]:
    """Louvain communities (seed 42), each sorted, largest first, ties by first member."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def node_metrics(graph: nx.Graph, *, full: bool = True) -> dict[str, NodeMetrics]:
    """All node measures of an undirected weighted graph, keyed by node.

    ``full=False`` computes only degree, weighted degree, betweenness and PageRank (the rest is left
    0 / NaN): what the agency-type networks report.
    """
    if graph.number_of_nodes() == 0:
        return {}
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    pr = pagerank(graph)
    if full:
        eig = eigenvector(graph)
        community_of = {v: i for i, members in enumerate(communities(graph), start=1) for v in members}
        effective, constraint = structural_holes(graph)
    else:
        eig, community_of, effective, constraint = {v: 0.0 for v in graph}, {v: 0 for v in graph}, {}, {}
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


def structural_holes(graph: nx.Graph) -> tuple[dict[str, float], dict[str, float]]:
    """Burt's effective size and constraint (weighted, undirected), NaN for isolates.

    With A the weight matrix, P = A / row sums (proportional tie strength) and M = A / row maxima:
    constraint(i) = Σ_{j∈N(i)} (P + P²)_ij² and effective size(i) = Σ_{j∈N(i)} (1 − (P Mᵀ)_ij),
    which is what networkx.constraint / networkx.effective_size compute for an undirected graph.
    """
    nodes = list(graph)
    if not nodes:
        return {}, {}
    a = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr", dtype=float)
    a.setdiag(0.0)
    a.eliminate_zeros()
    sums = np.asarray(a.sum(axis=1)).ravel()
    maxima = a.max(axis=1).toarray().ravel()
    p = sparse.diags(np.divide(1.0, sums, out=np.zeros(len(nodes)), where=sums > 0)) @ a
    m = sparse.diags(np.divide(1.0, maxima, out=np.zeros(len(nodes)), where=maxima > 0)) @ a
    tie = (a > 0).astype(float)
    constraint_values = np.asarray(tie.multiply((p + p @ p).power(2)).sum(axis=1)).ravel()
    degree = np.asarray(tie.sum(axis=1)).ravel()
    effective_values = degree - np.asarray(tie.multiply(p @ m.T).sum(axis=1)).ravel()
    isolated_mask = degree == 0
    effective, constraint = {}, {}
    for i, v in enumerate(nodes):
        isolated = bool(isolated_mask[i])
        effective[v] = math.nan if isolated else float(effective_values[i])
        constraint[v] = math.nan if isolated else float(constraint_values[i])
    return effective, constraint


def density(graph: nx.Graph) -> float:
    """Share of possible ties present; NaN below two nodes (undefined)."""
    n = graph.number_of_nodes()
    return float(nx.density(graph)) if n >= 2 else math.nan


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
