"""The on-disk pyoxigraph store: bulk load at build time, read-only access for everything after."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, Store, Triple

from kg.errors import InputError


def create_store(path: Path, triples: Iterable[Triple]) -> Store:
    """A new store at ``path`` holding ``triples`` in the default graph (bulk loader: no transaction log)."""
    store = Store(str(path))
    store.bulk_extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
    store.flush()
    return store


def open_read_only(build_dir: Path) -> Store:
    """The store of a finished build, read-only (so any number of readers can share it)."""
    path = build_dir / "store"
    if not path.is_dir():
        raise InputError(f"no store in {build_dir} (run `kg build` first)", path=str(build_dir))
    return Store.read_only(str(path))


def default_graph_triples(store: Store) -> list[Triple]:
    return [q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())]
