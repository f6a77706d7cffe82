"""Tidy CSV tables of the results (declared, with their data dictionary, in kg.analysis.data_dictionary).

Floats are written with six decimals and undefined values as empty cells: the output is byte-identical
across runs.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path

from kg.analysis.data_dictionary import TABLES, Table, data_dictionary
from kg.analysis.graphdata import iri_key
from kg.analysis.results import Results
from kg.analysis.robustness import Check

Row = list[object]


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.6f}"
    return str(value)


def _label(results: Results, iri: str) -> str:
    return results.data.agencies[iri].label


def _keys(iris: list[str]) -> str:
    return " ".join(iri_key(i) for i in iris)


def rows(results: Results, name: str) -> Iterator[Row]:
    data = results.data
    if name == "networks.csv":
        for n in results.networks:
            region = n.network.region
            s = n.summary
            yield [
                s.key,
                region.label_zh if region else "",
                region.label_en if region else "",
                s.tasks,
                s.tasks_with_agencies,
                s.agencies,
                s.ties,
                s.lead_support_ties,
                s.density,
                s.degree_centralization,
                s.weighted_centralization,
                s.fragmentation,
                s.components,
                s.largest_component,
                s.largest_component_share,
                s.isolates,
                s.communities,
                s.modularity,
                s.ipo_tie_share,
                s.ipo_lead_share,
                s.ipo_involved_share,
                s.multi_agency_share,
                s.lead_marked_share,
                s.collective_share,
                s.mean_agencies_per_task,
            ]
    elif name == "region_comparison.csv":
        for n in results.regional:
            s = n.summary
            test = results.tie_tests[s.key]
            yield [
                s.key,
                s.agencies,
                s.ties,
                s.density,
                s.weighted_centralization,
                s.fragmentation,
                s.ipo_tie_share,
                s.largest_component_share,
                test.expected_ties,
                test.ties_sd,
                test.ties_z,
                test.ties_p,
                test.repeated_ties,
                test.expected_repeated_ties,
                test.repeated_ties_sd,
                test.repeated_ties_z,
                test.repeated_ties_p,
            ]
    elif name == "agency_centrality.csv":
        for n in results.networks:
            graph = n.network.graph
            for iri, m in n.nodes.items():
                node = graph.nodes[iri]
                yield [
                    n.network.key,
                    iri,
                    node["label"],
                    node["type"],
                    node["region"],
                    node["tasks"],
                    node["lead"],
                    node["supporting"],
                    *astuple(m),  # every measure, in NodeMetrics' order (the header's too)
                ]
    elif name in ("co_responsibility_edges.csv", "lead_support_edges.csv"):
        for n in results.regional:  # the national union would repeat every row
            ties = n.network.graph if name == "co_responsibility_edges.csv" else n.network.lead_support
            for a, b, d in ties.edges(data=True):
                yield [
                    n.network.key,
                    a,
                    _label(results, a),
                    b,
                    _label(results, b),
                    d["weight"],
                    _keys(d["tasks"]),
                ]
    elif name == "type_ties.csv":
        for n in results.networks:
            g = n.network.type_graph
            for a, b, d in g.edges(data=True):
                ta, tb = g.nodes[a]["tasks"], g.nodes[b]["tasks"]
                yield [n.network.key, a, b, d["weight"], ta, tb, d["weight"] / ta, d["weight"] / tb]
    elif name == "type_centrality.csv":
        for n in results.networks:
            g = n.network.type_graph
            for code, m in n.type_nodes.items():
                node = g.nodes[code]
                yield [
                    n.network.key,
                    code,
                    node["label_zh"],
                    node["label_en"],
                    node["tasks"],
                    node["agencies"],
                    m.degree,
                    m.weighted_degree,
                    m.betweenness_unweighted,
                    m.pagerank,
                ]
    elif name == "agency_measures.csv":
        for a, m, d in sorted(results.bipartite.edges(data=True), key=_bipartite_order(results)):
            yield [a, _label(results, a), m, data.measures[m], d["weight"]]
    elif name == "measures.csv":
        regions: dict[str, set[str]] = {}
        tasks: dict[str, int] = {}
        agencies: dict[str, set[str]] = {}
        for t in data.tasks:
            for measure in t.measures:
                regions.setdefault(measure, set()).add(t.region)
                tasks[measure] = tasks.get(measure, 0) + 1
                agencies.setdefault(measure, set()).update(t.responsible)
        proj = results.measure_projection
        for measure, label in data.measures.items():
            degree, weighted = proj.get(measure, (0, 0))
            yield [
                measure,
                label,
                len(regions.get(measure, ())),
                tasks.get(measure, 0),
                len(agencies.get(measure, ())),
                degree,
                weighted,
            ]
    elif name == "agency_projection.csv":
        for a, (degree, weighted) in results.agency_projection.items():
            yield [
                a,
                _label(results, a),
                data.agencies[a].type_code,
                results.bipartite.degree(a),
                degree,
                weighted,
            ]
    elif name == "region_similarity.csv":
        for sim in results.similarity:
            yield [sim.region_a, sim.region_b, sim.shared, sim.measures_a, sim.measures_b, sim.jaccard]
    elif name == "focus_area_tasks.csv":
        labels = {f.code: f for f in data.focus_areas}
        for region in data.regions:
            codes = sorted(
                {c for (r, c) in results.focus_counts if r == region.key}, key=lambda c: (len(c), c)
            )
            for code in codes:
                f = labels.get(code)
                yield [
                    region.key,
                    region.label_zh,
                    code,
                    f.label_zh if f else "",
                    f.label_en if f else "",
                    results.focus_counts[(region.key, code)],
                ]
    else:  # pragma: no cover - TABLES and rows() are kept in step
        raise KeyError(name)


def _bipartite_order(results: Results):
    agencies = results.data.agencies

    def key(edge: tuple[str, str, dict]) -> tuple[str, str]:
        a, b, _ = edge
        return (a, b) if a in agencies else (b, a)

    return key


def to_csv(table: Table, table_rows: Iterator[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c for c, _ in table.columns])
    for row in table_rows:
        if len(row) != len(table.columns):  # pragma: no cover - a programming error
            raise ValueError(f"{table.name}: {len(row)} values for {len(table.columns)} columns")
        writer.writerow([fmt(v) for v in row])
    return buffer.getvalue()


#: Written by ``write_robustness`` from the checks that kg.analysis.run has workers compute (thirty Louvain
#: runs per region take a while)
ROBUSTNESS = "robustness.csv"


def write_robustness(checks: list[Check], directory: Path) -> list[Path]:
    """robustness.csv: the rows of kg.analysis.robustness (``robustness()``, or its two halves), in order."""
    table = next(t for t in TABLES if t.name == ROBUSTNESS)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ROBUSTNESS
    table_rows = ([c.check, c.network, c.measure, c.units, c.statistic, c.value] for c in checks)
    path.write_text(to_csv(table, table_rows), encoding="utf-8")
    return [path]


def write_tables(results: Results, directory: Path) -> list[Path]:
    """Every table but robustness.csv (``write_robustness``), and the data dictionary."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        if table.name == ROBUSTNESS:
            continue
        path = directory / table.name
        path.write_text(to_csv(table, rows(results, table.name)), encoding="utf-8")
        written.append(path)
    readme = directory / "README.md"
    readme.write_text(data_dictionary(results.data.editions), encoding="utf-8")
    written.append(readme)
    return written
