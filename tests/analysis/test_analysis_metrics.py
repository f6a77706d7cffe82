"""Network measures on the mini graph against hand-computed values.

The mini graph (tests/fixtures/network-mini.ttl):
  Beijing 110000, 7 tasks: 1 IPO(lead)+AIC+PSB(supporting); 2 IPO+AIC (no lead marked; text has <b>);
  3 CRT alone; 4 IPO(lead)+FIN(supporting); 5 IPO alone; 6 AIC(lead)+IPO(supporting) (text has <script>);
  7 no agency (collective).
  Tianjin 120000, 3 tasks: 1 SCI(lead)+IPO+FIN(supporting); 2 SCI+FIN; 3 IPO alone.
  XPCC, 1 task: IPO alone.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.analysis import metrics
from kg.analysis.results import Results

A = "https://w3id.org/ipkg/id/agency/"


def network(results: Results, key: str):
    return next(n for n in results.networks if n.network.key == key)


def test_regions_in_document_order_and_tasks_read(mini_results: Results) -> None:
    data = mini_results.data
    assert [r.key for r in data.regions] == ["110000", "120000", "xpcc"]
    assert [r.label_en for r in data.regions][:2] == ["Beijing", "Tianjin"]
    assert len(data.tasks) == 11
    assert len(data.agencies) == 9
    task6 = next(t for t in data.tasks if t.key == "110000-6")
    assert task6.lead == (A + "bj-aic",) and task6.supporting == (A + "bj-ipo",)
    assert "<script>" in task6.description


def test_shared_task_weights(mini_results: Results) -> None:
    graph = network(mini_results, "110000").network.graph
    weights = {frozenset((a[len(A) :], b[len(A) :])): d["weight"] for a, b, d in graph.edges(data=True)}
    assert weights == {
        frozenset(("bj-ipo", "bj-aic")): 3,
        frozenset(("bj-ipo", "bj-psb")): 1,
        frozenset(("bj-aic", "bj-psb")): 1,
        frozenset(("bj-ipo", "bj-fin")): 1,
    }
    tasks = graph.edges[A + "bj-aic", A + "bj-ipo"]["tasks"]
    assert [t.rsplit("/", 1)[1] for t in tasks] == ["110000-1", "110000-2", "110000-6"]
    tianjin = network(mini_results, "120000").network.graph
    assert tianjin.edges[A + "tj-fin", A + "tj-sci"]["weight"] == 2


def test_degrees_and_betweenness(mini_results: Results) -> None:
    nodes = network(mini_results, "110000").nodes
    degree = {k[len(A) :]: m.degree for k, m in nodes.items()}
    weighted = {k[len(A) :]: m.weighted_degree for k, m in nodes.items()}
    assert degree == {"bj-ipo": 3, "bj-aic": 2, "bj-psb": 2, "bj-fin": 1, "bj-crt": 0}
    assert weighted == {"bj-ipo": 5, "bj-aic": 4, "bj-psb": 2, "bj-fin": 1, "bj-crt": 0}
    # IPO lies on the only shortest paths FIN–AIC and FIN–PSB: 2 of the (5-1)(5-2)/2 = 6 pairs
    assert nodes[A + "bj-ipo"].betweenness_unweighted == pytest.approx(1 / 3)
    assert nodes[A + "bj-aic"].betweenness_unweighted == 0


def test_weighted_betweenness_reads_weights_as_closeness() -> None:
    # a–b share one task, a–c and c–b four each: with length 1/weight, a–b runs through c (1/4 + 1/4 < 1)
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=1)
    graph.add_edge("a", "c", weight=4)
    graph.add_edge("c", "b", weight=4)
    assert metrics.betweenness_weighted(graph)["c"] == 1.0
    assert metrics.betweenness_unweighted(graph)["c"] == 0.0


def test_network_summaries(mini_results: Results) -> None:
    beijing = network(mini_results, "110000").summary
    assert (beijing.tasks, beijing.tasks_with_agencies, beijing.agencies, beijing.ties) == (7, 6, 5, 4)
    assert beijing.density == pytest.approx(4 / 10)
    # Freeman: max degree 3; Σ(3 − d) = 0+1+1+2+3 = 7 over (n−1)(n−2) = 12
    assert beijing.degree_centralization == pytest.approx(7 / 12)
    # IPO leads task 1 and 4 (marked) and 5 (sole agency); task 2 has no identified lead; 6 is AIC's
    assert beijing.ipo_lead_share == pytest.approx(3 / 6)
    assert beijing.ipo_involved_share == pytest.approx(5 / 6)
    assert beijing.multi_agency_share == pytest.approx(4 / 6)
    assert beijing.collective_share == pytest.approx(1 / 7)
    assert beijing.isolates == 1 and beijing.components == 2 and beijing.lead_support_ties == 4

    tianjin = network(mini_results, "120000").summary
    assert tianjin.density == 1.0 and tianjin.degree_centralization == 0.0
    assert tianjin.ipo_lead_share == pytest.approx(1 / 3)  # only task 3 (sole); task 1 is led by SCI

    corps = network(mini_results, "xpcc").summary
    assert corps.agencies == 1 and math.isnan(corps.density) and math.isnan(corps.degree_centralization)
    assert corps.ipo_lead_share == 1.0

    # weighted degree IPO 5, AIC 4, PSB 2, FIN 1, CRT 0; total weight W = 3 + 1 + 1 + 1 = 6:
    # Σ(5 − s) = 0 + 1 + 3 + 4 + 5 = 13 over (n − 2)·W = 18
    assert beijing.weighted_centralization == pytest.approx(13 / 18)
    # components {IPO, AIC, PSB, FIN} and {CRT}: 1 − 4·3 / (5·4)
    assert beijing.fragmentation == pytest.approx(0.4)
    assert beijing.ipo_tie_share == pytest.approx(3 / 4)  # IPO–AIC, IPO–PSB, IPO–FIN of four ties
    assert beijing.largest_component_share == pytest.approx(4 / 5)

    # the national union: counts and task shares only, no structural measure and no agency measure
    national = mini_results.national
    s = national.summary
    assert (s.tasks, s.agencies, s.ties) == (11, 9, 7)
    assert s.ipo_lead_share == pytest.approx(5 / 10)
    assert math.isnan(s.density) and math.isnan(s.degree_centralization) and math.isnan(s.modularity)
    assert math.isnan(s.weighted_centralization) and s.communities is None
    assert national.nodes == {}


def test_weighted_centralization_of_a_weighted_star_is_one() -> None:
    star = nx.Graph()
    star.add_edge("hub", "a", weight=5)
    star.add_edge("hub", "b", weight=1)
    star.add_edge("hub", "c", weight=2)
    assert metrics.weighted_centralization(star) == pytest.approx(1.0)
    ring = nx.cycle_graph(5)
    nx.set_edge_attributes(ring, 2, "weight")
    assert metrics.weighted_centralization(ring) == 0.0
    assert math.isnan(metrics.fragmentation(nx.Graph([("x", "x")]).subgraph(["x"])))
    assert metrics.fragmentation(nx.empty_graph(3)) == 1.0


def test_adjusted_rand_index() -> None:
    a = {"1": 1, "2": 1, "3": 2, "4": 2}
    assert metrics.adjusted_rand_index(a, {"1": 5, "2": 5, "3": 7, "4": 7}) == 1.0  # same grouping
    # the contingency table of {12}{34} against {13}{24} has every n_ij = 1: index 0, expected 2·2/6
    assert metrics.adjusted_rand_index(a, {"1": 1, "2": 2, "3": 1, "4": 2}) == pytest.approx(-0.5)
    alone = {v: int(v) for v in "1234"}
    assert metrics.adjusted_rand_index(alone, alone) == 1.0


def test_lead_support_ties(mini_results: Results) -> None:
    ties = sorted((a[len(A) :], b[len(A) :]) for a, b in mini_results.national.network.lead_support.edges)
    assert ties == [
        ("bj-aic", "bj-ipo"),
        ("bj-ipo", "bj-aic"),
        ("bj-ipo", "bj-fin"),
        ("bj-ipo", "bj-psb"),
        ("tj-sci", "tj-fin"),
        ("tj-sci", "tj-ipo"),
    ]


def test_type_network(mini_results: Results) -> None:
    graph = mini_results.national.network.type_graph
    weights = {frozenset((a, b)): d["weight"] for a, b, d in graph.edges(data=True)}
    assert weights == {
        frozenset(("IPO", "AIC")): 3,
        frozenset(("IPO", "FIN")): 2,
        frozenset(("SCI", "FIN")): 2,
        frozenset(("IPO", "PSB")): 1,
        frozenset(("AIC", "PSB")): 1,
        frozenset(("IPO", "SCI")): 1,
    }
    assert graph.nodes["IPO"]["tasks"] == 5 + 2 + 1 and graph.nodes["IPO"]["agencies"] == 3
    assert "CRT" in graph and graph.degree("CRT") == 0


def test_region_similarity_jaccard(mini_results: Results) -> None:
    sim = {(s.region_a, s.region_b): s.jaccard for s in mini_results.similarity}
    assert sim[("110000", "120000")] == pytest.approx(2 / 6)  # {m1, m3} of {m1..m6}
    assert sim[("110000", "xpcc")] == pytest.approx(1 / 5)
    assert sim[("120000", "xpcc")] == 0
    assert sim[("110000", "110000")] == 1
    assert sim[("120000", "110000")] == sim[("110000", "120000")]


def test_bipartite_and_projections(mini_results: Results) -> None:
    assert mini_results.bipartite.edges[A + "bj-ipo", "https://w3id.org/ipkg/id/measure/m4"]["weight"] == 2
    # m4 (BJ IPO, AIC; XPCC IPO) shares agencies with m1 (BJ IPO, AIC), m2 (IPO, AIC), m3 (IPO)
    degree, weighted = mini_results.measure_projection["https://w3id.org/ipkg/id/measure/m4"]
    assert (degree, weighted) == (3, 2 + 2 + 1)


def test_focus_counts(mini_results: Results) -> None:
    assert mini_results.focus_counts == {
        ("110000", "1"): 2,
        ("110000", "2"): 4,
        ("110000", "3"): 1,
        ("120000", "2"): 2,
        ("120000", "5"): 1,
        ("xpcc", "1"): 1,
    }


def test_pagerank_eigenvector_and_brokerage(mini_results: Results) -> None:
    for analysed in mini_results.regional:
        graph = analysed.network.graph
        nodes = analysed.nodes
        assert sum(m.pagerank for m in nodes.values()) == pytest.approx(1.0)
        reference = nx.pagerank(graph, weight="weight", tol=1e-13, max_iter=10_000)
        for v, m in nodes.items():
            assert m.pagerank == pytest.approx(reference[v], abs=1e-9)
    beijing = network(mini_results, "110000").nodes
    assert beijing[A + "bj-crt"].eigenvector == 0  # isolated
    assert math.isnan(beijing[A + "bj-crt"].constraint) and math.isnan(beijing[A + "bj-crt"].effective_size)
    assert beijing[A + "bj-fin"].effective_size == pytest.approx(1.0)  # one contact: fully constrained
    assert beijing[A + "bj-fin"].constraint == pytest.approx(1.0)
    tianjin = network(mini_results, "120000").nodes
    assert tianjin[A + "tj-fin"].eigenvector == pytest.approx(tianjin[A + "tj-sci"].eigenvector)
    assert network(mini_results, "xpcc").nodes[A + "xpcc-ipo"].eigenvector == 0


def test_eigenvector_matches_networkx_on_a_connected_graph() -> None:
    graph = nx.les_miserables_graph()
    ours = metrics.eigenvector(graph)
    reference = nx.eigenvector_centrality_numpy(graph, weight="weight")
    for v in graph:
        assert ours[v] == pytest.approx(abs(reference[v]), abs=1e-9)


def test_structural_holes_match_networkx() -> None:
    graph = nx.les_miserables_graph()
    graph.add_node("alone")
    effective, constraint = metrics.structural_holes(graph)
    connected = [v for v in graph if graph.degree(v)]
    ref_effective = nx.effective_size(graph, nodes=connected, weight="weight")
    ref_constraint = nx.constraint(graph, nodes=connected, weight="weight")
    for v in connected:
        assert effective[v] == pytest.approx(ref_effective[v], abs=1e-9)
        assert constraint[v] == pytest.approx(ref_constraint[v], abs=1e-9)
    assert math.isnan(effective["alone"]) and math.isnan(constraint["alone"])


def test_communities_seeded_and_numbered_by_size(mini_results: Results) -> None:
    beijing = network(mini_results, "110000").nodes
    assert beijing[A + "bj-crt"].community != beijing[A + "bj-ipo"].community
    sizes = {}
    for m in beijing.values():
        sizes[m.community] = sizes.get(m.community, 0) + 1
    assert sorted(sizes) == list(range(1, len(sizes) + 1))
    assert [sizes[c] for c in sorted(sizes)] == sorted(sizes.values(), reverse=True)


def test_task_leads_definition() -> None:
    from kg.analysis.graphdata import Task
    from kg.analysis.networks import task_leads

    def task(responsible, lead=(), supporting=()):
        return Task("t", "t", "r", 1, "", "", (), tuple(responsible), tuple(lead), tuple(supporting))

    assert task_leads(task(["a", "b"], lead=["a"], supporting=["b"])) == ("a",)  # marked
    assert task_leads(task(["a", "b", "c"], supporting=["c"])) == ("a", "b")  # A、B 配合部门：C
    assert task_leads(task(["a"])) == ("a",)  # sole agency
    assert task_leads(task(["a", "b"])) == ()  # listed without roles: no identified lead
    assert task_leads(task([])) == ()


def test_every_measure_states_its_definition_and_a_reference() -> None:
    measures = [
        metrics.eigenvector,
        metrics.pagerank,
        metrics.communities,
        metrics.betweenness_unweighted,
        metrics.betweenness_weighted,
        metrics.structural_holes,
        metrics.density,
        metrics.degree_centralization,
        metrics.weighted_centralization,
        metrics.fragmentation,
        metrics.adjusted_rand_index,
        metrics.modularity,
    ]
    for measure in measures:
        doc = measure.__doc__ or ""
        assert "Reference" in doc and any(ch.isdigit() for ch in doc), measure.__name__
