"""The network files: every one read back by networkx (GEXF, GraphML) or csv with the analysed counts."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis.run import AnalysisSummary
from tests.analysis.test_analysis_outputs import read_csv

A = "https://w3id.org/ipkg/id/agency/"
GEXF_NS = "http://www.gexf.net/1.2draft"


def keys(out: Path) -> list[str]:
    return [r["network"] for r in read_csv(out / "analysis" / "networks.csv") if r["network"] != "national"]


def check_network_files(out: Path) -> int:
    """Every network's four files agree with networks.csv / type_centrality.csv; returns networks seen."""
    counts = {r["network"]: r for r in read_csv(out / "analysis" / "networks.csv")}
    types = [r for r in read_csv(out / "analysis" / "type_centrality.csv") if r["network"] == "national"]
    type_ties = [r for r in read_csv(out / "analysis" / "type_ties.csv") if r["network"] == "national"]
    expected = {key: (int(counts[key]["agencies"]), int(counts[key]["ties"])) for key in keys(out)}
    expected["agency-types"] = (len(types), len(type_ties))
    for key, (nodes, edges) in expected.items():
        gexf = nx.read_gexf(out / "networks" / f"{key}.gexf")
        graphml = nx.read_graphml(out / "networks" / f"{key}.graphml")
        for graph in (gexf, graphml):
            assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges), key
            assert not graph.is_directed()
        with (out / "networks" / f"{key}-nodes.csv").open(encoding="utf-8", newline="") as handle:
            node_rows = list(csv.reader(handle))
        with (out / "networks" / f"{key}-edges.csv").open(encoding="utf-8", newline="") as handle:
            edge_rows = list(csv.reader(handle))
        assert node_rows[0][:2] == ["Id", "Label"] and len(node_rows) - 1 == nodes
        assert edge_rows[0][:4] == ["Source", "Target", "Weight", "Type"] and len(edge_rows) - 1 == edges
        text = (out / "networks" / f"{key}.gexf").read_text(encoding="utf-8")
        assert f'xmlns="{GEXF_NS}"' in text and 'version="1.2"' in text
        assert text.count("<viz:position ") == nodes
    return len(expected)


def test_mini_network_files(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, summary = mini_run
    assert check_network_files(out) == 3 + 1
    assert len(summary.network_files) == 4 * 4
    beijing = nx.read_gexf(out / "networks" / "110000.gexf")
    ipo = beijing.nodes[A + "bj-ipo"]
    assert ipo["label"] == "北京市知识产权局" and ipo["type"] == "IPO" and ipo["degree"] == 3
    assert ipo["betweenness_unweighted"] == pytest.approx(1 / 3, abs=1e-6)
    assert set(ipo["viz"]["position"]) >= {"x", "y"}
    # tasks 110000-1, -2 and -6 name both (fixture lines for those tasks)
    assert beijing.edges[A + "bj-ipo", A + "bj-aic"]["weight"] == 3
    assert "constraint" not in beijing.nodes[A + "bj-crt"]  # an isolate's undefined constraint is left out
    graphml = nx.read_graphml(out / "networks" / "110000.graphml")
    assert graphml.edges[A + "bj-ipo", A + "bj-aic"]["weight"] == 3
    edges = {(r["Source"], r["Target"]): r for r in read_csv(out / "networks" / "110000-edges.csv")}
    tie = edges.get((A + "bj-aic", A + "bj-ipo")) or edges[(A + "bj-ipo", A + "bj-aic")]
    assert (tie["Weight"], tie["Type"], tie["tasks"]) == ("3", "Undirected", "110000-1 110000-2 110000-6")
    nodes = {r["Id"]: r for r in read_csv(out / "networks" / "110000-nodes.csv")}
    assert nodes[A + "bj-crt"]["constraint"] == "" and nodes[A + "bj-ipo"]["Label"] == "北京市知识产权局"
    assert not (out / "networks" / "national.gexf").exists()  # the union is no network of its own


def test_real_build_network_files(built_kg: Path) -> None:
    assert check_network_files(built_kg) == 31 + 1
    # the page and its file share the layout: 山西 (140000) agencies sit where the page draws them
    page = (built_kg / "networks" / "140000.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="ipkg-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    drawn = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    graph = nx.read_gexf(built_kg / "networks" / "140000.gexf")
    assert len(drawn) == graph.number_of_nodes() == 11  # 山西, lines 202-214: eleven agencies
    for v, d in graph.nodes(data=True):
        assert (d["viz"]["position"]["x"], -d["viz"]["position"]["y"]) == pytest.approx(drawn[v])


def test_nodes_carry_type_group_and_region(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    nodes = {r["Id"]: r for r in read_csv(out / "networks" / "120000-nodes.csv")}
    sci = nodes[A + "tj-sci"]
    assert (sci["type"], sci["region"], sci["jurisdiction"]) == ("SCI", "120000", "120000")
    assert sci["type_group"] == "Science, education, talent"
