"""Node and network measures. Each function's docstring gives its definition and a reference.

Choices (documented in the generated data dictionary too):
- betweenness, two of them, never mixed up: ``betweenness_unweighted`` (hop counts: the share of agency
  pairs whose shortest connection runs through this agency) and ``betweenness_weighted`` (shortest paths
  with distance = 1 / shared tasks, so strong ties are short);
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

from kg.analysis import SEED


@dataclass(frozen=True)
class NodeMetrics:
    degree: int
    weighted_degree: float
    betweenness_unweighted: float
    betweenness_weighted: float
    eigenvector: float
    pagerank: float
    community: int
    effective_size: float  # NaN for isolates
    constraint: float  # NaN for isolates


def eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality per connected component, scaled by the component's share of nodes.

    Definition: x_i = (1/λ) Σ_j w_ij x_j with λ the largest eigenvalue of the weight matrix (Bonacich
    1972), solved per component, ‖x‖₂ = 1 there, times (component size / n); isolates 0.
    Reference: P. Bonacich (1972), Factoring and weighting approaches to status scores and clique
    identification, J. Math. Sociol. 2:113–120.

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

    Definition: x = α Pᵀ x + (1 − α)/n · 1 (+ dangling mass spread uniformly), P_ij = w_ij / s_i.
    Reference: S. Brin and L. Page (1998), The anatomy of a large-scale hypertextual web search engine,
    Computer Networks 30:107–117; networkx.pagerank.

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


def communities(graph: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities (weighted, seeded), each sorted, largest first, ties by first member.

    Reference: V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre (2008), Fast unfolding of
    communities in large networks, J. Stat. Mech. P10008; networkx.community.louvain_communities.
    """
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def node_metrics(graph: nx.Graph, *, full: bool = True) -> dict[str, NodeMetrics]:
    """All node measures of an undirected weighted graph, keyed by node.

    ``full=False`` computes only degree, weighted degree, unweighted betweenness and PageRank (the rest
    is left 0 / NaN): what the agency-type networks report. Degree is the number of partners and weighted
    degree (strength) the sum of tie weights (Barrat et al. 2004, PNAS 101:3747).
    """
    if graph.number_of_nodes() == 0:
        return {}
    hops = betweenness_unweighted(graph)
    weighted = betweenness_weighted(graph) if full else {v: math.nan for v in graph}
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
            betweenness_unweighted=hops[v],
            betweenness_weighted=weighted[v],
            eigenvector=eig[v],
            pagerank=pr[v],
            community=community_of[v],
            effective_size=effective.get(v, math.nan),
            constraint=constraint.get(v, math.nan),
        )
        for v in graph
    }


def betweenness_unweighted(graph: nx.Graph) -> dict[str, float]:
    """Betweenness on hop counts: c(v) = Σ_{s≠v≠t} σ_st(v)/σ_st over unordered pairs, divided by
    (n−1)(n−2)/2, i.e. the share of agency pairs whose shortest connections run through v.

    Reference: L. C. Freeman (1977), A set of measures of centrality based on betweenness, Sociometry
    40:35–41; U. Brandes (2001), A faster algorithm for betweenness centrality, J. Math. Sociol.
    25:163–177; networkx.betweenness_centrality(weight=None).
    """
    return nx.betweenness_centrality(graph, normalized=True, weight=None)


def _inverse_weight(u: str, v: str, data: dict) -> float:
    return 1.0 / data["weight"]


def betweenness_weighted(graph: nx.Graph) -> dict[str, float]:
    """Betweenness with tie length = 1 / weight (two agencies sharing four tasks are four times
    closer than two sharing one), same normalisation as ``betweenness_unweighted``.

    networkx and R igraph read an edge weight as a *distance*: passing the shared-task count itself
    would make the strongest ties the longest. Reference: M. E. J. Newman (2001), Scientific
    collaboration networks. II, Phys. Rev. E 64:016132 (distance = 1/weight); T. Opsahl, F.
    Agneessens, J. Skvoretz (2010), Node centrality in weighted networks, Social Networks 32:245–251.
    """
    return nx.betweenness_centrality(graph, normalized=True, weight=_inverse_weight)


def structural_holes(graph: nx.Graph) -> tuple[dict[str, float], dict[str, float]]:
    """Burt's effective size and constraint (weighted, undirected), NaN for isolates.

    Reference: R. S. Burt (1992), Structural Holes, Harvard University Press, ch. 2;
    networkx.effective_size and networkx.constraint.

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
    """Share of possible ties present, 2m / (n(n−1)); NaN below two nodes (undefined).

    Reference: S. Wasserman and K. Faust (1994), Social Network Analysis; networkx.density.
    """
    n = graph.number_of_nodes()
    return float(nx.density(graph)) if n >= 2 else math.nan


def degree_centralization(graph: nx.Graph) -> float:
    """Freeman degree centralisation: Σ(max degree − degree) / ((n−1)(n−2)); 1 for a star, 0 when regular.

    NaN below three nodes, where the star maximum is degenerate.
    Reference: L. C. Freeman (1979), Centrality in social networks: conceptual clarification, Social
    Networks 1:215–239.
    """
    n = graph.number_of_nodes()
    if n < 3:
        return math.nan
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def weighted_centralization(graph: nx.Graph) -> float:
    """Freeman centralisation of weighted degree (strength s): Σ_i (s_max − s_i) / ((n − 2) · W), W the
    total tie weight. The denominator is the largest value any graph with total weight W can reach
    (a star, where s_max = W), so 1 = every tie touches one agency, 0 = equal strengths, and
    unweighted graphs get Freeman's degree centralisation. NaN below three agencies or without ties.

    Reference: L. C. Freeman (1979), Social Networks 1:215–239 (centralisation); T. Opsahl, F.
    Agneessens, J. Skvoretz (2010), Social Networks 32:245–251 (strength as weighted degree).
    """
    n = graph.number_of_nodes()
    total = graph.size(weight="weight")
    if n < 3 or total == 0:
        return math.nan
    strengths = [float(s) for _, s in graph.degree(weight="weight")]
    top = max(strengths)
    return sum(top - s for s in strengths) / ((n - 2) * total)


def fragmentation(graph: nx.Graph) -> float:
    """Share of agency pairs that cannot reach each other: 1 − Σ_k s_k(s_k − 1) / (n(n − 1)), s_k the
    component sizes (isolates included). 0 = connected, 1 = no ties. NaN below two agencies.

    Reference: S. P. Borgatti (2006), Identifying sets of key players in a social network,
    Computational and Mathematical Organization Theory 12:21–34.
    """
    n = graph.number_of_nodes()
    if n < 2:
        return math.nan
    reachable = sum(len(c) * (len(c) - 1) for c in nx.connected_components(graph))
    return 1.0 - reachable / (n * (n - 1))


def adjusted_rand_index(first: dict[str, int], second: dict[str, int]) -> float:
    """Agreement of two partitions of the same nodes, corrected for chance: 1 = identical, about 0 =
    no more alike than random partitions with the same group sizes.

    ARI = (Σ_ij C(n_ij, 2) − E) / (½(Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) − E), E = Σ_i C(a_i, 2) Σ_j C(b_j, 2) /
    C(n, 2), n_ij the contingency table; 1 when both are the same trivial partition (all apart or all
    together, where the formula is 0/0; as scikit-learn does).
    Reference: L. Hubert and P. Arabie (1985), Comparing partitions, J. Classif. 2:193–218.
    """
    nodes = sorted(first)

    def pairs(x: float) -> float:
        return x * (x - 1) / 2

    table: dict[tuple[int, int], int] = {}
    for v in nodes:
        key = (first[v], second[v])
        table[key] = table.get(key, 0) + 1
    rows: dict[int, int] = {}
    cols: dict[int, int] = {}
    for (a, b), count in table.items():
        rows[a] = rows.get(a, 0) + count
        cols[b] = cols.get(b, 0) + count
    index = sum(pairs(c) for c in table.values())
    row_pairs = sum(pairs(c) for c in rows.values())
    col_pairs = sum(pairs(c) for c in cols.values())
    total = pairs(len(nodes))
    if total == 0:
        return math.nan
    expected = row_pairs * col_pairs / total
    maximum = (row_pairs + col_pairs) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def modularity(graph: nx.Graph, groups: list[list[str]]) -> float:
    """Newman–Girvan modularity Q of a partition (weighted); NaN without ties.

    Reference: M. E. J. Newman (2006), Modularity and community structure in networks, PNAS
    103:8577–8582; networkx.community.modularity.
    """
    if graph.number_of_edges() == 0:
        return math.nan
    return nx.community.modularity(graph, [set(g) for g in groups], weight="weight")
