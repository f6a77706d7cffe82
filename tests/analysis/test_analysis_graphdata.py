"""kg.analysis.graphdata: the analyses read the graph through SPARQL, on a pyoxigraph store or any engine."""

from __future__ import annotations

from pathlib import Path

import rdflib

from kg.analysis import graphdata


def rdflib_select(graph: rdflib.Graph) -> graphdata.Select:
    def select(query: str) -> list[dict[str, str]]:
        result = graph.query(query)
        return [{str(v): "" if row[v] is None else str(row[v]) for v in result.vars} for row in result]

    return select


def test_another_sparql_engine_reads_the_same_data(fresh_mini_store, mini_ttl: Path) -> None:
    """rdflib's engine through a ``Select`` gives what the pyoxigraph store gives (what bench_build's rdflib
    route relies on)."""
    from_store = graphdata.load(fresh_mini_store())
    assert len(from_store.tasks) > 3 and from_store.regions  # the mini graph was read
    assert graphdata.load(rdflib_select(rdflib.Graph().parse(mini_ttl, format="turtle"))) == from_store


def test_select_on_a_store_gives_values_and_blanks_for_unbound(fresh_mini_store) -> None:
    rows = graphdata.select_on(fresh_mini_store())(
        graphdata.PREFIXES + "SELECT ?r ?none WHERE { ?r a ipkg:Region } ORDER BY ?r LIMIT 1"
    )
    assert rows == [{"r": rows[0]["r"], "none": ""}] and rows[0]["r"].startswith("https://w3id.org/ipkg/id/")
