"""The on-disk pyoxigraph store: bulk load at build time, read-only access for everything after."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from kg.errors import InputError, one_line
from kg.rdf.terms import ID, ONTOLOGY_IRI

#: The named graph holding the ontology (ontology/ipkg.ttl). Its triples are in the default graph too (the
#: default graph is a set, so nothing is counted twice), so that default-graph queries see the terms:
#: ``DESCRIBE ipkg:Task``, the labels of classes and properties. Oxigraph's union default graph was not
#: used instead: it repeats a triple held by two graphs (a scheme both the ontology and the data declare),
#: which doubles counts.
ONTOLOGY_GRAPH = NamedNode(ONTOLOGY_IRI)


def create_store(path: Path | None, triples: Sequence[Triple]) -> Store:
    """A new store at ``path`` (in memory for None) holding ``triples`` in the default graph (bulk loader)."""
    store = Store(None if path is None else str(path))
    bulk_add(store, triples)
    return store


def graph_store(path: Path | None, graph: bytes, ontology: Sequence[Triple]) -> Store:
    """A build's store at ``path`` (in memory for None): the graph's N-Triples ``graph`` in the default graph,
    and the ontology (``add_ontology``). `kg build` serialises its graph once for both of its stores."""
    store = Store(None if path is None else str(path))
    store.bulk_load(graph, format=RdfFormat.N_TRIPLES)
    store.flush()
    add_ontology(store, ontology)
    return store


def bulk_add(store: Store, triples: Sequence[Triple]) -> None:
    """Add triples with the bulk loader (no transaction log), fed N-Triples: serialising and parsing in
    Rust is faster than handing tens of thousands of Python term objects across one by one."""
    store.bulk_load(serialize(triples, format=RdfFormat.N_TRIPLES), format=RdfFormat.N_TRIPLES)
    store.flush()


def add_ontology(store: Store, ontology: Sequence[Triple]) -> None:
    """The ontology into its own named graph and into the default graph."""
    quads = [
        Quad(t.subject, t.predicate, t.object, g) for g in (ONTOLOGY_GRAPH, DefaultGraph()) for t in ontology
    ]
    store.bulk_load(serialize(quads, format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    store.flush()


def open_read_only(build_dir: str | Path) -> Store:
    """The store of a finished build, read-only, so any number of readers (a server, `kg query`) share it.

    The one way the project opens a build's store: a missing or unreadable store is one InputError line.
    """
    path = Path(build_dir) / "store"
    if not path.is_dir():
        raise InputError(f"no built store at {path}: run `kg build` first (or pass --build DIR)")
    try:
        return Store.read_only(str(path))
    except OSError as error:
        raise InputError(f"cannot open the store at {path}: {one_line(error)}") from None


def default_graph_triples(store: Store) -> list[Triple]:
    return [q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())]


def dataset_triples(store: Store) -> list[Triple]:
    """The dataset's own triples (kg.nt): the default graph without what only the ontology says.

    The ontology's statements about resources of the graph (``id/…``: the concept schemes) are data too:
    the build asserts them (kg.rdf.graph.ontology_resources).
    """
    ontology_only = {
        q.triple
        for q in store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)
        if not (isinstance(q.subject, NamedNode) and q.subject.value.startswith(ID))
    }
    return [t for t in default_graph_triples(store) if t not in ontology_only]


def load_in_memory(store_dir: Path) -> Store:
    """An in-memory copy of an on-disk store, for long-lived readers (the endpoint's workers).

    On this graph (~40 000 triples) queries run 3-7 times faster in memory than on the on-disk store;
    the copy costs well under a second once, at start-up. The on-disk store stays the source of truth.
    """
    disk = Store.read_only(str(store_dir))
    memory = Store()
    memory.bulk_load(disk.dump(format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return memory
