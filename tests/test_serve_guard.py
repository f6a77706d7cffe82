"""The endpoint's query guard (kg/serve/guard.py): SERVICE in every form, allow-listing, pack parameters."""

from __future__ import annotations

import pytest

from kg.pack.loading import load_pack
from kg.serve.guard import Refused, allowed, check_pack_parameters, check_services

EP = "http://127.0.0.1:9/sparql"

# Every form pyoxigraph runs (the glued ones were checked against pyoxigraph 0.5.13: it calls the endpoint).
SERVICE_FORMS = [
    f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"select * where {{ service <{EP}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SeRvIcE SILENT <{EP}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }",
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{EP}> {{ ?s ?q ?r }} }} }}",
    f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"ASK {{ MINUS {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ SERVICE<{EP}>{{ ?s ?p ?o }} }}",
    f"PREFIX : <{EP}> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICESILENT<{EP}>{{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p trueSERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:p+?o.SERVICE<{EP}>{{ ?s ?p ?o }} }}",
]

HARMLESS = [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://x/> {}''' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { ?s ?p ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX schema: <http://schema.org/> SELECT ?service WHERE { ?service schema:serviceType ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(?o, 'service')) }",
]


@pytest.mark.parametrize("query", SERVICE_FORMS)
def test_service_is_refused_in_every_form(query: str) -> None:
    with pytest.raises(Refused) as refused:
        check_services(query)
    assert "SERVICE is refused" in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("query", HARMLESS)
def test_strings_comments_iris_and_names_do_not_trigger_it(query: str) -> None:
    check_services(query)


def test_allow_list() -> None:
    allow = ["http://127.0.0.1:9/"]
    check_services(f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}", allow)
    check_services(f"SELECT * WHERE {{ SERVICE SILENT <{EP}> {{ ?s ?p ?o }} }}", allow)
    check_services("PREFIX l: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE l:sparql { ?s ?p ?o } }", allow)
    refused = [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:10/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }",  # variable
        f"SELECT * WHERE {{ SERVICESILENT<{EP}>{{ ?s ?p ?o }} }}",  # not a clean word
        # the parser reads SILENT and then :x (empty prefix), so the SILENT: prefix must not count
        "PREFIX SILENT: <http://127.0.0.1:9/> PREFIX : <http://evil/> SELECT * { SERVICE SILENT:x { } }",
        # a prefix declared twice is never trusted
        "PREFIX l: <http://127.0.0.1:9/> PREFIX l: <http://evil/> SELECT * { SERVICE l:x { } }",
        "SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",  # relative
    ]
    for query in refused:
        with pytest.raises(Refused):
            check_services(query, allow)


def test_prefixes_match_at_a_boundary() -> None:
    assert allowed("https://query.wikidata.org/sparql", ["https://query.wikidata.org"])
    assert not allowed("https://query.wikidata.org.evil.com/sparql", ["https://query.wikidata.org"])
    assert not allowed("https://query.wikidata.org@evil.com/", ["https://query.wikidata.org"])
    assert allowed("https://query.wikidata.org/sparql", ["https://query.wikidata.org/"])


def test_unbound_pack_parameters_are_refused() -> None:
    with pytest.raises(
        Refused, match=r"^unbound pack parameter \?_region: bind it \(kg query NAME --show-query"
    ):
        check_pack_parameters("SELECT * WHERE { ?task ?p ?_region }")
    # an optional parameter left out is unbound by the pack's own definition, so it passes
    check_pack_parameters("SELECT * WHERE { ?task ?p ?__year }")
    # bound by VALUES (what kg query binds) or AS, or only mentioned in strings: fine
    check_pack_parameters("SELECT * WHERE { VALUES (?_region) { (<http://r>) } ?task ?p ?_region }")
    check_pack_parameters("SELECT * WHERE { VALUES ?__year { UNDEF } ?task ?p ?__year }")
    check_pack_parameters('SELECT * WHERE { BIND("?_x" AS ?_y) ?s ?p ?_y }')
    check_pack_parameters("SELECT ?task WHERE { ?task ?p ?o } # ?_region")


def test_the_pack_passes_the_guard_once_bound() -> None:
    """Every pack query is allowed as kg query (and the page) binds it, and refused as a raw .rq file."""
    parameterised = [query for query in load_pack().values() if query.parameters]
    assert len(parameterised) >= 5
    for query in load_pack().values():
        check_services(query.text)
    for query in parameterised:
        if any(p.required for p in query.parameters):
            with pytest.raises(Refused, match="unbound pack parameter"):
                check_pack_parameters(query.text)
        check_pack_parameters(query.bind({}))  # every required parameter of the pack has a default
