"""The worker's answers (kg/serve/worker.py): the row cap keeps every term exactly, and cuts where it says."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.serve.worker import QueryRequest, answer

XSD = "http://www.w3.org/2001/XMLSchema#"
# terms whose TSV form differs from their JSON form: the cap goes through TSV and must not change them
AWKWARD = (
    f'SELECT * WHERE {{ VALUES ?x {{ "01"^^<{XSD}integer> "1.50"^^<{XSD}decimal> "INF"^^<{XSD}double> '
    '"x\\ty"@zh-Hans "line\\nbreak" "q\\"uote" <http://a/b?c=d&e> "abc"^^<http://x/dt> UNDEF } '
    "BIND(BNODE() AS ?b) }"
)


def ask(store: ox.Store, query: str, accept: str, max_rows: int):
    request: QueryRequest = {"query": query, "accept": [accept], "default_graph": [], "named_graph": []}
    return answer(store, request, max_rows)


def test_terms_survive_the_row_cap_unchanged() -> None:
    store = ox.Store()
    direct = store.query(AWKWARD)
    assert isinstance(direct, ox.QuerySolutions)
    expected = json.loads(direct.serialize(format=ox.QueryResultsFormat.JSON))
    got = json.loads(ask(store, AWKWARD, "application/sparql-results+json", 100).body)
    strip = [{k: v for k, v in row.items() if k != "b"} for row in expected["results"]["bindings"]]
    assert [{k: v for k, v in row.items() if k != "b"} for row in got["results"]["bindings"]] == strip
    assert all(row["b"]["type"] == "bnode" for row in got["results"]["bindings"])


def test_the_cut_is_exact() -> None:
    store = ox.Store()
    values = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 } }"
    whole = ask(store, values, "text/csv", 5)
    assert whole.truncated is None and whole.body.decode().split() == ["n", "1", "2", "3", "4", "5"]
    cut = ask(store, values, "text/csv", 3)
    assert cut.truncated == 3 and cut.body.decode().split() == ["n", "1", "2", "3"]
    cut = json.loads(ask(store, values, "application/sparql-results+json", 2).body)
    assert [b["n"]["value"] for b in cut["results"]["bindings"]] == ["1", "2"]
    assert cut["truncated"].startswith("only the first 2 rows")
