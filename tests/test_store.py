"""The store module: bulk load from N-Triples, read-only access, the in-memory copy for servers."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.store import create_store, default_graph_triples, load_in_memory, open_read_only

TASK = "<https://w3id.org/ipkg/id/task/110000-1>"
NT = (
    f'{TASK} <https://w3id.org/ipkg/def#rowNumber> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    f'{TASK} <http://purl.org/dc/terms/description> "促进"@zh .\n'
).encode()


def test_bulk_loaded_store_opens_read_only_and_copies_into_memory(tmp_path: Path) -> None:
    store = create_store(tmp_path / "store", [q.triple for q in ox.parse(NT, format=ox.RdfFormat.N_TRIPLES)])
    expected = set(default_graph_triples(store))
    del store
    assert len(expected) == 2
    assert set(default_graph_triples(open_read_only(tmp_path))) == expected
    memory = load_in_memory(tmp_path / "store")
    assert set(default_graph_triples(memory)) == expected
    memory.add(
        ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("x"))
    )  # the copy is the server's own: the build is untouched
    assert set(default_graph_triples(open_read_only(tmp_path))) == expected


def test_a_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no built store at .*run `kg build` first"):
        open_read_only(tmp_path)
