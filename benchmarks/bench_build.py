"""Benchmark: the whole `kg build` (parse -> graph -> store -> exports) against an rdflib-only route.

Run: python benchmarks/bench_build.py [--runs 5]

Baseline ("rdflib route"): the same parsed and resolved entities and the same triples, put into an
rdflib Graph and serialised with rdflib to Turtle, N-Triples and JSON-LD (rdflib has no comparable
on-disk store, so it gets no store to write).  The ipkg route loads the on-disk pyoxigraph store in
bulk and writes the same exports.  Analyses are not part of this benchmark (see bench_analysis.py).
Prints the median and minimum of each route and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph
import rdflib

from kg.build import build
from kg.entities.resolve import resolve_entities
from kg.ontology_doc import ontology_file
from kg.rdf.graph import build_triples
from kg.source.cleaning import clean_text
from kg.source.parser import parse_document
from kg.source.reader import bundled_source


def _rdflib_term(term: object) -> rdflib.term.Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, pyoxigraph.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def ipkg_route(out: Path) -> None:
    clean_text.cache_clear()
    build([bundled_source()], out, analyses=False)


def rdflib_route(out: Path) -> None:
    clean_text.cache_clear()
    source = bundled_source()
    document = parse_document(source)
    entities = resolve_entities([document])
    triples = build_triples(
        entities, ontology_file("national-focus-areas.ttl"), {document.edition.year: document.sha256}
    )
    graph = rdflib.Graph()
    graph.addN(
        (_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object), graph) for t in triples
    )
    out.mkdir(parents=True, exist_ok=True)
    graph.serialize(out / "kg.ttl", format="turtle")
    graph.serialize(out / "kg.nt", format="nt")
    context = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    graph.serialize(out / "kg.jsonld", format="json-ld", context=context)


def measure(route, runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            start = time.perf_counter()
            route(Path(tmp) / f"run{run}")
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ours = measure(ipkg_route, args.runs)
    baseline = measure(rdflib_route, max(1, args.runs // 2))
    print(f"{'route':<40} {'median s':>9} {'min s':>7} runs")
    label = "kg build (pyoxigraph store + exports)"
    print(f"{label:<40} {statistics.median(ours):9.3f} {min(ours):7.3f} {len(ours)}")
    print(
        f"{'baseline: rdflib graph + serialisation':<40} {statistics.median(baseline):9.3f} "
        f"{min(baseline):7.3f} {len(baseline)}"
    )
    print(
        f"ratio (baseline / kg build, medians): {statistics.median(baseline) / statistics.median(ours):.1f}x;"
        " "
        f"target: kg build under 2 s -> {'met' if statistics.median(ours) < 2 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
