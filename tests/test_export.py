"""kg.export: the graph's dumps are the same bytes whichever way they are written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from kg.export import nquads, ntriples_lines, write_graph_exports
from kg.rdf.graph import ontology_triples
from kg.rdf.terms import DATASET, ONTOLOGY_IRI

EX = "https://w3id.org/ipkg/id/task/2017/"
P = NamedNode("https://w3id.org/ipkg/def#note")


def tricky_graph() -> list[Triple]:
    """Terms whose N-Triples text is a prefix of another's (a plain and a tagged literal, ``_:b1`` and
    ``_:b12``, an IRI and a longer one) and literals holding " ." and newlines: the lines where sorting
    could change once the graph name is added."""
    subjects = [
        NamedNode(EX + "1"),
        NamedNode(EX + "1-2"),
        NamedNode(EX + "10"),
        BlankNode("b1"),
        BlankNode("b12"),
    ]
    objects = [
        Literal("a"),
        Literal("a", language="en"),
        Literal("a", language="zh"),
        Literal("a .\nb"),
        Literal("a .", language="en"),
        Literal("2", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        NamedNode(EX + "1"),
        NamedNode(EX + "1/x"),
        BlankNode("b1"),
        BlankNode("b12"),
    ]
    return [Triple(s, P, o) for s in subjects for o in objects]


def test_nquads_are_the_sorted_quads_of_the_graph_and_the_ontology() -> None:
    graph = tricky_graph()
    quads = [Quad(t.subject, t.predicate, t.object, DATASET) for t in graph]
    quads += [Quad(t.subject, t.predicate, t.object, NamedNode(ONTOLOGY_IRI)) for t in ontology_triples()]
    text = serialize(quads, format=RdfFormat.N_QUADS)
    assert text is not None
    assert nquads(ntriples_lines(graph)) == b"".join(sorted(text.splitlines(keepends=True)))


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers are used on Linux only")
def test_forked_and_in_process_exports_are_byte_identical(tmp_path: Path) -> None:
    graph = tricky_graph()
    for name, parallel in (("forked", True), ("here", False)):
        (tmp_path / name).mkdir()
        write_graph_exports(list(reversed(graph)) if parallel else graph, tmp_path / name, parallel=parallel)
    for file in ("kg.nt", "kg.nq", "kg.ttl", "kg.jsonld", "void.ttl"):
        assert (tmp_path / "forked" / file).read_bytes() == (tmp_path / "here" / file).read_bytes(), file
    assert (tmp_path / "here" / "kg.nt").read_bytes().count(b"\n") == len(graph)
