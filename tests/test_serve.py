"""`kg serve` for real: a subprocess on a free loopback port, spoken to with SPARQLWrapper and urllib."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from support import Server, alive, get, http, make_mini_build, start_server, stop_process

from kg.pack.loading import load_pack
from kg.run import parse_response, run_local, run_remote

pytestmark = pytest.mark.slow

ID = "https://w3id.org/ipkg/id/"
IPKG = "https://w3id.org/ipkg/def#"
# pyoxigraph 0.5.13 aborts the process on this (Rust sort: "comparison does not implement a total order")
PANIC = (
    'SELECT * WHERE { VALUES ?a { "s30" 4.5 '
    '"2020-01-10T11:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> '
    '"2020-01-13+14:00"^^<http://www.w3.org/2001/XMLSchema#date> '
    '"2020-01-16T20:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> 14 14e0 UNDEF '
    '"2020-01-20"^^<http://www.w3.org/2001/XMLSchema#date> '
    '"2020-01-11T23:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> '
    '"2020-01-16"^^<http://www.w3.org/2001/XMLSchema#date> "s26"@en '
    '"2020-01-20"^^<http://www.w3.org/2001/XMLSchema#date> 10 '
    '"2020-01-11T17:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> true "s25"@zh "s2"@zh 22e0 '
    '"2020-01-12T23:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> "s14"@en } } ORDER BY ?a'
)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
REGIONS = f"SELECT ?r ?l WHERE {{ ?r a <{IPKG}Region> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mini_build(tmp_path_factory.mktemp("serve-build"))


@pytest.fixture(scope="module")
def server(build: Path) -> Iterator[Server]:
    running = start_server(build, "--timeout", "1", "--workers", "4")
    yield running
    stop_process(running.process)


def count(server: Server) -> int:
    status, _, body = get(server, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def wrapper(server: Server, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setTimeout(30)
    if method == "form":
        sparql.setMethod(POST)
    elif method == "direct":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


# --- formats -------------------------------------------------------------------------------------


EXPECTED_REGIONS = {
    (ID + "region/110000", "北京市"),
    (ID + "region/110000", "Beijing"),
    (ID + "region/130000", "河北省"),
    (ID + "region/130000", "Hebei"),
}


@pytest.mark.parametrize("method", [None, "form", "direct"])
def test_select_in_every_results_format(server: Server, method: str | None) -> None:
    data = wrapper(server, REGIONS, JSON, method).query().convert()
    assert {(b["r"]["value"], b["l"]["value"]) for b in data["results"]["bindings"]} == EXPECTED_REGIONS
    assert {b["l"].get("xml:lang") for b in data["results"]["bindings"]} == {"zh", "en"}

    document = wrapper(server, REGIONS, XML, method).query().convert()
    results = document.getElementsByTagName("result")
    assert len(results) == 4 and {n.firstChild.data for n in document.getElementsByTagName("uri")} == {
        ID + "region/110000",
        ID + "region/130000",
    }

    csv_text = wrapper(server, REGIONS, CSV, method).query().convert().decode("utf-8")
    rows = [line.split(",") for line in csv_text.strip().splitlines()]
    assert rows[0] == ["r", "l"] and {tuple(r) for r in rows[1:]} == EXPECTED_REGIONS

    tsv_text = wrapper(server, REGIONS, TSV, method).query().convert().decode("utf-8")
    lines = tsv_text.strip().splitlines()
    assert lines[0] == "?r\t?l" and f'<{ID}region/110000>\t"北京市"@zh' in lines


def test_results_formats_by_accept_header(server: Server) -> None:
    tsv, srj = "text/tab-separated-values", "application/sparql-results+json"
    srx = "application/sparql-results+xml"
    for accept, media in [
        (srj, srj),
        (srx, srx),
        ("text/csv", "text/csv"),
        (tsv, tsv),
        ("text/html, text/csv;q=0.9, */*;q=0.1", "text/csv"),
        (f"text/csv;q=0.5, {srx}", srx),
        ("*/*", srj),
        ("", srj),
    ]:
        status, headers, body = get(server, REGIONS, accept)
        assert status == 200, body
        assert headers["Content-Type"].split(";")[0] == media
        if media == "text/csv":
            lines = body.decode("utf-8").splitlines()
            assert lines[0] == "r,l" and {tuple(line.split(",")) for line in lines[1:]} == EXPECTED_REGIONS
        else:
            parsed = parse_response(body, media)
            assert {(r[0].value, r[1].value) for r in parsed.rows} == EXPECTED_REGIONS
    status, _, body = get(server, REGIONS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


@pytest.mark.parametrize("method", [None, "form", "direct"])
def test_construct_as_turtle_and_json_ld(server: Server, method: str | None) -> None:
    query = f"CONSTRUCT {{ ?r a <{IPKG}Region> }} WHERE {{ ?r a <{IPKG}Region> }}"
    expected = {(ID + "region/110000", IPKG + "Region"), (ID + "region/130000", IPKG + "Region")}
    turtle = wrapper(server, query, TURTLE, method).query().convert()
    triples = [quad.triple for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    assert {(t.subject.value, t.object.value) for t in triples} == expected
    graph = wrapper(server, query, JSONLD, method).query().convert()  # an rdflib Graph
    assert {(str(s), str(o)) for s, _, o in graph} == expected

    for accept, fmt in [
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ]:
        status, headers, body = get(server, f"DESCRIBE <{ID}region/130000>", accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        described = [quad.triple for quad in ox.parse(body, format=fmt)]
        assert (
            ox.Triple(
                ox.NamedNode(ID + "region/130000"),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal("河北省", language="zh"),
            )
            in described
        )


def test_ask(server: Server) -> None:
    assert wrapper(server, f"ASK {{ <{ID}region/110000> ?p ?o }}", JSON, "form").query().convert() == {
        "head": {},
        "boolean": True,
    }
    status, _, body = get(server, "ASK { <http://nothing> ?p ?o }", "application/sparql-results+xml")
    assert status == 200 and b"<boolean>false</boolean>" in body


# --- protocol ------------------------------------------------------------------------------------


def test_bad_requests_get_clear_4xx(server: Server) -> None:
    status, headers, body = get(server, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain") and b"syntax error" in body
    form = {
        "Content-Type": "application/x-www-form-urlencoded"
    }  # no query at all (GET answers the description)
    assert http(server.url, data=b"x=1", headers=form)[0] == 400
    assert http(server.url, data=b"ASK {}", headers={"Content-Type": "text/turtle"})[0] == 415
    assert http(server.base + "/nowhere")[0] == 404
    assert get(server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": "not an iri"})[0] == 400


def test_read_only(server: Server) -> None:
    before = count(server)
    insert = f"INSERT DATA {{ <{ID}x> <{ID}y> <{ID}z> }}"
    attempts = [
        http(f"{server.url}?{urllib.parse.urlencode({'update': insert})}"),
        http(
            server.url,
            data=urllib.parse.urlencode({"update": insert}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        http(server.url, data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        http(server.url, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}),
        http(
            server.url,
            data=urllib.parse.urlencode({"query": insert}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        http(
            server.base + "/store?default",
            data=b"<http://a> <http://b> <http://c> .",
            headers={"Content-Type": "application/n-triples"},
            method="PUT",
        ),
        http(
            server.base + "/store?default",
            data=b"<http://a> <http://b> <http://c> .",
            headers={"Content-Type": "application/n-triples"},
            method="POST",
        ),
        http(server.base + "/store?default", method="DELETE"),
        http(server.url, method="DELETE"),
    ]
    for status, _, body in attempts:
        assert 400 <= status < 500, (status, body)
    sparql = SPARQLWrapper(server.url, updateEndpoint=server.url)
    sparql.setMethod(POST)
    sparql.setQuery(insert)
    with pytest.raises(Exception):  # noqa: B017 - SPARQLWrapper raises its own or urllib's errors
        sparql.query()
    assert count(server) == before == 149
    status, _, body = get(server, f"ASK {{ <{ID}x> ?p ?o }}")
    assert json.loads(body)["boolean"] is False


# --- robustness ----------------------------------------------------------------------------------


def test_timeout_stops_the_query(server: Server) -> None:
    before = server.workers()
    started = time.monotonic()
    status, headers, body = get(server, SLOW)
    elapsed = time.monotonic() - started
    assert status == 504 and headers["Content-Type"].startswith("text/plain") and b"timed out" in body
    assert elapsed < 6
    killed = before - server.workers()
    assert len(killed) == 1  # the worker that ran it is gone: no CPU burning on after the answer
    assert all(not Path(f"/proc/{pid}").exists() for pid in killed)
    assert count(server) == 149  # and the next query is answered


def test_engine_panic_is_isolated(server: Server) -> None:
    # the same query in a plain process really aborts it, so the test is about something real
    code = "import pyoxigraph, sys; list(pyoxigraph.Store().query(sys.argv[1]))"
    crashed = subprocess.run(
        [sys.executable, "-c", code, PANIC],
        capture_output=True,
        timeout=60,
        env=dict(os.environ, RUST_BACKTRACE="0"),
    )
    assert crashed.returncode < 0 or crashed.returncode == 134
    for _ in range(5):  # more than the pool has workers
        status, headers, body = get(server, PANIC)
        assert status == 500 and headers["Content-Type"].startswith("text/plain"), (status, body)
        assert b"crashed the engine" in body
        assert count(server) == 149


def test_eight_concurrent_clients(server: Server, build: Path) -> None:
    pack = load_pack()
    keywords = ["专利", "保护中心", "质量", "论坛", "知识产权", "河北", "资产", "nothing-matches"]
    expected = {k: run_local(build, pack["tasks-by-keyword"], {"keyword": k}).rows for k in keywords}
    assert len({len(rows) for rows in expected.values()}) > 2  # the answers differ between clients

    def client(keyword: str) -> bool:
        for _ in range(6):
            result = run_remote(server.url, pack["tasks-by-keyword"], {"keyword": keyword}, timeout=30)
            assert result.rows == expected[keyword], keyword
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(client, keywords, timeout=120))


def test_canned_queries_api(server: Server) -> None:
    status, headers, body = http(server.base + "/api/queries")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    listed = json.loads(body)
    pack = load_pack()
    assert [item["name"] for item in listed] == list(pack)
    keyword = next(item for item in listed if item["name"] == "tasks-by-keyword")
    assert keyword["parameters"] == [
        {"name": "keyword", "type": "string", "required": True, "default": "专利"}
    ]

    def run(params: dict[str, str]) -> tuple[int, bytes]:
        """What the page does: bind the form's values (POST /api/bind), then run the text on /query."""
        status, _, body = http(
            server.base + "/api/bind",
            data=json.dumps({"name": "tasks-by-keyword", "params": params}).encode(),
            headers={"Content-Type": "application/json"},
        )
        if status != 200:
            return status, body
        status, _, body = get(server, json.loads(body)["query"])
        return status, body

    status, body = run({"keyword": "论坛"})
    assert status == 200
    assert [b["task"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        ID + "task/2017/110000-3"
    ]
    status, body = run({"keyword": '"} DROP ALL #'})
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert count(server) == 149
    status, body = run({"colour": "red"})
    assert status == 400 and b"unknown parameter 'colour'" in body


def test_server_death_takes_the_workers_along(build: Path) -> None:
    running = start_server(build, "--workers", "2")
    workers = running.workers()
    assert len(workers) == 2
    running.process.kill()  # no chance to clean up: the kernel must do it (PR_SET_PDEATHSIG)
    running.process.wait(timeout=20)
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "workers outlived the server"
        time.sleep(0.1)


def test_pack_over_http_matches_the_embedded_store(built_kg: Path) -> None:
    running = start_server(built_kg, "--workers", "2")
    try:
        for name, query in load_pack().items():
            local = run_local(built_kg, query, {})
            remote = run_remote(running.url, query, {}, timeout=60)
            # as multisets: row order is only defined up to ORDER BY ties (hash tables differ per process)
            assert (remote.kind, remote.variables, sorted(map(str, remote.rows)), remote.boolean) == (
                local.kind,
                local.variables,
                sorted(map(str, local.rows)),
                local.boolean,
            ), name
            assert sorted(map(str, remote.triples)) == sorted(map(str, local.triples)), name
    finally:
        stop_process(running.process)


def test_serve_errors_are_one_line(build: Path, server: Server) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--build", "/nonexistent", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 2 and ran.stderr.count("\n") == 1 and "no built store" in ran.stderr
    port = urllib.parse.urlsplit(server.url).port
    ran = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--build", str(build), "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 2 and "cannot listen" in ran.stderr and ran.stderr.count("\n") == 1
