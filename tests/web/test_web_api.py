"""kg/serve/web.py: the page's files, the pack listing, the completion lists and parameter binding."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.pack.loading import load_pack, parse_query
from kg.rdf.terms import DEF, PREFIXES
from kg.serve import web

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini.ttl"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The graph /api/bind checks exact names against (tests/fixtures/mini.ttl)."""
    mini = ox.Store()
    mini.load(path=str(MINI), format=ox.RdfFormat.TURTLE)
    return mini


@pytest.mark.parametrize("path", ["../serve/web.py", "vendor/../app.js", ".hidden", "vendor//x", "a\\b", ""])
def test_page_files_outside_kg_web_are_not_served(path: str) -> None:
    assert web.static(path).status == 404


def test_page_files_with_their_media_types() -> None:
    assert web.static("index.html").media.startswith("text/html")
    assert web.static("vendor/yasgui/yasgui.min.js").media.startswith("text/javascript")
    assert web.static("vendor/yasgui/yasgui.min.css").media.startswith("text/css")
    assert web.static("vendor/yasgui/LICENSE").media.startswith("text/plain")


def test_pack_listing_carries_the_chosen_view() -> None:
    listing = {q["name"]: q for q in json.loads(web.pack_listing())}
    assert list(listing) == list(load_pack())
    assert listing["tasks-per-region"]["view"] == "chart"  # its `#+ view: chart` decorator
    assert listing["agencies-of-region"]["view"] is None


@pytest.mark.parametrize("view", ["pie", "[table, chart]"])
def test_an_unknown_view_is_the_packs_bug_said_at_start_up(view: str) -> None:
    query = parse_query(f"#+ summary: x\n#+ view: {view}\nSELECT * WHERE {{ ?s ?p ?o }}\n", "odd")
    with pytest.raises(InputError, match="query odd: unknown view"):
        web.view_of(query)


def test_completions_are_our_prefixes_and_the_ontology_terms() -> None:
    lists = json.loads(web.completions())
    assert {k: lists["prefixes"][k] for k in PREFIXES} == PREFIXES
    assert lists["prefixes"]["region"] == "https://w3id.org/ipkg/id/region/"
    assert {DEF + "Region", DEF + "Task", DEF + "AgencyType"} <= set(lists["classes"])
    assert {DEF + "responsibleAgency", DEF + "leadAgency", DEF + "firstLine"} <= set(lists["properties"])
    assert not set(lists["classes"]) & set(lists["properties"])


def test_bind_gives_the_text_kg_query_runs(store: ox.Store) -> None:
    query = load_pack()["agencies-of-region"]
    answer = web.bind(json.dumps({"name": query.name, "params": {"region": "Guangdong"}}).encode(), store)
    assert answer.status == 200
    bound = json.loads(answer.body)["query"]
    assert bound == query.bind({"region": "Guangdong"})
    assert bound != query.text
    ox.Store().query(bound)  # valid SPARQL
    assert json.loads(answer.body)["notices"] == []


def test_bind_says_which_default_it_used(store: ox.Store) -> None:
    query = load_pack()["agencies-of-region"]
    default = query.parameter("region").default
    assert default  # agencies-of-region.rq's `#+ defaults` names a region
    body = json.dumps({"name": query.name, "params": {"region": ""}}).encode()
    answer = json.loads(web.bind(body, store).body)
    assert answer["query"] == query.bind({"region": default})
    assert answer["notices"] == [f"parameter 'region' not given: using its default {default!r}"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"name": "no-such-query"}', "unknown pack query 'no-such-query'"),
        (b'{"name": "agencies-of-region", "params": {"colour": "red"}}', "unknown parameter 'colour'"),
        (b'{"name": "tasks-at-source-line", "params": {"line": "ten"}}', "'line'"),
        (b"[]", "bad /api/bind request"),
        (b"{", "bad /api/bind request"),
    ],
)
def test_bind_refuses_in_one_line(body: bytes, message: str, store: ox.Store) -> None:
    answer = web.bind(body, store)
    assert answer.status == 400 and message in answer.body.decode()
    assert answer.body.decode().count("\n") == 1


def test_bind_says_when_an_exact_name_is_no_name_of_the_graph(store: ox.Store) -> None:
    """agency-portfolio matches the exact @zh name: the page is told the name is not in the graph, and the
    graph's nearest names, instead of showing an empty table that reads as "no tasks"."""
    body = json.dumps({"name": "agency-portfolio", "params": {"agency": "河北知识产权局"}}).encode()
    answer = json.loads(web.bind(body, store).body)
    assert answer["notices"] == [
        "parameter 'agency': the graph has no @zh term '河北知识产权局'; did you mean 河北省知识产权局 or "
        "知识产权局 or 北京市知识产权局? (this parameter matches a name exactly)"
    ]
    body = json.dumps({"name": "agency-portfolio", "params": {"agency": "河北省知识产权局"}}).encode()
    assert json.loads(web.bind(body, store).body)["notices"] == []
