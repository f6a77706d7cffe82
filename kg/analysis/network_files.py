"""One set of files per network for the tools network researchers use (Gephi, Cytoscape, R igraph, pandas).

For every regional co-responsibility network and for the national agency-type network (key
``agency-types``), in ``networks/``:

- ``<key>.gexf``: GEXF 1.2 (networkx's writer), labels, attributes, and the page's layout as
  ``viz:position`` (plus the type colour as ``viz:color``), so Gephi opens it looking like the page;
- ``<key>.graphml``: GraphML (networkx's writer) for Cytoscape, igraph, yEd;
- ``<key>-nodes.csv`` / ``<key>-edges.csv``: Gephi's spreadsheet import form, ``Id,Label,...`` and
  ``Source,Target,Weight,Type,...``.

One network per file, measured within that network: a file never mixes regions. Undefined values
(NaN) are left out of GEXF/GraphML and empty in the CSVs. ``Weight`` is the number of shared tasks, a
*strength*; tools that read weights as distances (igraph's betweenness and shortest paths, networkx's
``weight=`` in path functions) need ``1 / Weight`` — see the README's Networks section.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import asdict
from pathlib import Path

import networkx as nx

from kg.analysis.graphdata import GraphData, iri_key
from kg.analysis.layout import TYPES_KEY, Positions
from kg.analysis.results import AnalysedNetwork, Results
from kg.analysis.style import type_colors, type_looks

FILES_DIR = "networks"

AGENCY_COLUMNS = [
    "type",
    "type_label",
    "type_group",
    "region",
    "jurisdiction",
    "tasks",
    "lead_tasks",
    "supporting_tasks",
    "degree",
    "weighted_degree",
    "betweenness_unweighted",
    "betweenness_weighted",
    "eigenvector",
    "pagerank",
    "community",
    "effective_size",
    "constraint",
    "x",
    "y",
]
TYPE_COLUMNS = [
    "label_en",
    "tasks",
    "agencies",
    "degree",
    "weighted_degree",
    "betweenness_unweighted",
    "pagerank",
    "x",
    "y",
]


def _defined(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if not (isinstance(v, float) and math.isnan(v))}


def _rgb(color: str) -> dict[str, int | float]:
    return {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16), "a": 1.0}


def agency_export(data: GraphData, analysed: AnalysedNetwork, positions: Positions) -> nx.Graph:
    """The regional network with scalar attributes only (what GEXF/GraphML/CSV can hold)."""
    graph = analysed.network.graph
    looks = type_looks(data.agency_types)
    out = nx.Graph(name=analysed.network.key)
    for iri in graph:
        node = graph.nodes[iri]
        x, y = positions[iri]
        attributes = {
            "label": node["label"],
            "type": node["type"],
            "type_label": data.type_by_code[node["type"]].label_en,
            "type_group": looks[node["type"]].group.label_en,
            "region": analysed.network.key,
            "jurisdiction": node["region"],
            "tasks": node["tasks"],
            "lead_tasks": node["lead"],
            "supporting_tasks": node["supporting"],
            **asdict(analysed.nodes[iri]),  # every measure, named as in NodeMetrics
            "x": x,
            "y": -y,  # pages draw y downwards, Gephi upwards
        }
        out.add_node(iri, **_defined(attributes), color=looks[node["type"]].color)
    for a, b, d in graph.edges(data=True):
        out.add_edge(a, b, weight=d["weight"], tasks=" ".join(iri_key(t) for t in d["tasks"]))
    return out


def type_export(data: GraphData, analysed: AnalysedNetwork, positions: Positions) -> nx.Graph:
    graph = analysed.network.type_graph
    colors = type_colors(data.agency_types)
    out = nx.Graph(name=TYPES_KEY)
    for code in graph:
        node = graph.nodes[code]
        m = analysed.type_nodes[code]
        x, y = positions[code]
        attributes = {
            "label": node["label_zh"],
            "label_en": node["label_en"],
            "tasks": node["tasks"],
            "agencies": node["agencies"],
            "degree": m.degree,
            "weighted_degree": m.weighted_degree,
            "betweenness_unweighted": m.betweenness_unweighted,
            "pagerank": m.pagerank,
            "x": x,
            "y": -y,
        }
        out.add_node(code, **_defined(attributes), color=colors.get(code, "#777777"))
    for a, b, d in graph.edges(data=True):
        out.add_edge(a, b, weight=d["weight"], tasks="")
    return out


def _gexf_graph(graph: nx.Graph) -> nx.Graph:
    """A copy carrying networkx's ``viz`` dictionaries (position, colour) for the GEXF writer."""
    out = graph.copy()
    for _, d in out.nodes(data=True):
        d["viz"] = {
            "position": {"x": d.pop("x"), "y": d.pop("y"), "z": 0.0},
            "color": _rgb(d.pop("color")),
        }
    return out


def _graphml_graph(graph: nx.Graph) -> nx.Graph:
    out = graph.copy()
    for _, d in out.nodes(data=True):
        d.pop("color")
    return out


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else f"{v:.6f}" if isinstance(v, float) else v for v in row])
    return buffer.getvalue()


def write_network(graph: nx.Graph, columns: list[str], directory: Path, key: str) -> list[Path]:
    """``<key>.gexf``, ``<key>.graphml``, ``<key>-nodes.csv`` and ``<key>-edges.csv`` of one network."""
    gexf, graphml = directory / f"{key}.gexf", directory / f"{key}.graphml"
    nodes, edges = directory / f"{key}-nodes.csv", directory / f"{key}-edges.csv"
    # networkx stamps today's date into <meta>: left out, so two runs give identical files
    text = "\n".join(nx.generate_gexf(_gexf_graph(graph), version="1.2draft"))
    gexf.write_text(re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n", encoding="utf-8")
    nx.write_graphml(_graphml_graph(graph), graphml)
    nodes.write_text(
        _csv(
            ["Id", "Label", *columns],
            [[v, d["label"], *(d.get(c) for c in columns)] for v, d in graph.nodes(data=True)],
        ),
        encoding="utf-8",
    )
    edges.write_text(
        _csv(
            ["Source", "Target", "Weight", "Type", "tasks"],
            [[a, b, d["weight"], "Undirected", d["tasks"]] for a, b, d in graph.edges(data=True)],
        ),
        encoding="utf-8",
    )
    return [gexf, graphml, nodes, edges]


def write_network_files(results: Results, out_dir: Path, positions: dict[str, Positions]) -> list[Path]:
    """The four files of every regional network and of the national agency-type network."""
    directory = out_dir / FILES_DIR
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for analysed in results.regional:
        key = analysed.network.key
        graph = agency_export(results.data, analysed, positions[key])
        written += write_network(graph, AGENCY_COLUMNS, directory, key)
    types = type_export(results.data, results.national, positions[TYPES_KEY])
    written += write_network(types, TYPE_COLUMNS, directory, TYPES_KEY)
    return written
