"""Dereferenceable IRIs: descriptions, negotiation and pages of the real build (kg.serve.resources)."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import Server, http, start_server, stop_process
from test_editions import derived_2018

from kg.build import BuildResult, build, keep_sources, source_copy
from kg.errors import InputError
from kg.ontology_doc import ontology_file
from kg.rdf.dataset import DUMP_BASE, DUMPS
from kg.rdf.graph import ontology_triples
from kg.rdf.terms import DATASET, ID
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES
from kg.serve.resources import Node, Property, ResourcePage, Resources, Value, negotiate, render_resource
from kg.source.parser import parse_document
from kg.source.reader import bundled_source
from kg.store import load_in_memory

IPKG = "https://w3id.org/ipkg/def#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BEIJING = ID + "region/110000"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


@pytest.fixture(scope="module")
def res(built_kg: Path) -> Resources:
    return Resources(load_in_memory(built_kg / "store"), built_kg)


@pytest.fixture(scope="module")
def task(build_result: BuildResult) -> str:
    """北京市 row 6, read from source lines 51-54 (a page break inside the row)."""
    row6 = next(t for t in build_result.entities.tasks if t.region_key == "110000" and t.row.row_number == 6)
    return ID + "task/" + row6.key


@pytest.fixture(scope="module")
def source(res: Resources, task: str) -> str:
    (derived,) = res.store.quads_for_pattern(ox.NamedNode(task), ox.NamedNode(PROV_DERIVED), None, None)
    return derived.object.value


def path_of(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/ipkg")


def construct(built_kg: Path, iri: str) -> set[ox.Triple]:
    """The symmetric description by SPARQL on the on-disk store: the independent way to the same answer."""
    store = ox.Store.read_only(str(built_kg / "store"))
    query = (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ <{iri}> ?p ?o BIND(<{iri}> AS ?s) }} "
        f"UNION {{ ?s ?p <{iri}> BIND(<{iri}> AS ?o) }} }}"
    )
    return set(store.query(query))  # type: ignore[arg-type]


def parse(body: bytes, media: str) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(body, format=GRAPH_TYPES[media])}


@pytest.mark.parametrize("name", ["task", "region", "source", "dataset"])
def test_description_is_own_and_incoming_triples(
    res: Resources, built_kg: Path, task: str, source: str, name: str
) -> None:
    iri = {"task": task, "region": BEIJING, "source": source, "dataset": DATASET.value}[name]
    described = res.describe(iri)
    assert len(described) == len(set(described))
    assert set(described) == construct(built_kg, iri)
    assert any(t.subject.value == iri for t in described)  # type: ignore[union-attr]


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_each_rdf_format_carries_the_description(res: Resources, built_kg: Path, media: str) -> None:
    answer = res.answer("/id/region/110000", [media])
    assert (answer.status, answer.media) == (200, media)
    assert parse(answer.body, media) == construct(built_kg, BEIJING)


@pytest.mark.parametrize(
    ("suffix", "media"),
    [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples")],
)
def test_suffix_form_wins_over_accept(res: Resources, task: str, suffix: str, media: str) -> None:
    answer = res.answer(path_of(task) + suffix, ["text/html"])
    assert (answer.status, answer.media) == (200, media)
    assert parse(answer.body, media) == set(res.describe(task))


def test_html_by_accept_and_suffix(res: Resources, task: str) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8".split(",")
    by_accept = res.answer(path_of(task), browser)
    by_suffix = res.answer(path_of(task) + ".html", [])
    assert by_accept.status == by_suffix.status == 200
    assert by_accept.media.startswith("text/html") and by_accept.body == by_suffix.body


def test_negotiation() -> None:
    assert negotiate(["*/*"]) == "text/turtle"
    assert negotiate(["application/n-triples", "text/turtle"]) == "application/n-triples"
    assert negotiate(["application/xhtml+xml"]) == "text/html"
    assert negotiate(["image/png"]) is None


def test_unknown_and_unacceptable(res: Resources, task: str) -> None:
    for path in ("/id/task/999999-1", path_of(task) + "/extra", "/id/nothing here", path_of(task) + ".pdf"):
        answer = res.answer(path, ["*/*"])
        assert answer.status == 404
        assert answer.body.decode() == f"no resource https://w3id.org/ipkg{path} in this graph\n"
    refused = res.answer(path_of(task), ["image/png"])
    assert refused.status == 406 and refused.body.count(b"\n") == 1 and b"text/turtle" in refused.body


def test_keys_with_slashes_resolve_by_prefix(res: Resources, built_kg: Path) -> None:
    """No kind is parsed: the dataset's class partitions (…/dataset/ipkg/class/Task) resolve like any key."""
    answer = res.answer("/id/dataset/ipkg/class/Task.nt", [])
    assert answer.status == 200
    assert parse(answer.body, "application/n-triples") == construct(built_kg, ID + "dataset/ipkg/class/Task")


def without_blank_nodes(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    return {
        t
        for t in triples
        if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
    }


def test_def_is_the_builds_ontology(res: Resources, built_kg: Path) -> None:
    expected = ontology_triples()  # ontology/ipkg.ttl as the build loads it into the store
    for path, accept in (("/def", ["text/turtle"]), ("/def.nt", []), ("/def.jsonld", [])):
        answer = res.answer(path, accept)
        assert answer.status == 200
        got = parse(answer.body, answer.media)
        assert len(got) == len(expected) and without_blank_nodes(got) == without_blank_nodes(expected)
    page, css = res.answer("/def", ["text/html"]), res.answer("/def.css", [])
    assert (page.media, css.media) == ("text/html; charset=utf-8", "text/css")
    assert b"<style>" not in page.body and b"h2{" in css.body  # the endpoint's CSP runs no inline style
    moved = page.body.replace(b'<link rel="stylesheet" href="/def.css">', b"<style>" + css.body + b"</style>")
    assert moved == (built_kg / "ontology.html").read_bytes()


def test_jsonld_is_compacted_like_kg_jsonld(res: Resources, task: str) -> None:
    document = json.loads(res.answer(path_of(task) + ".jsonld", []).body)
    assert (
        document["@context"]
        == json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    )
    (node,) = [n for n in document["@graph"] if n["@id"] == task]
    assert node["@type"] == "Task" and node["region"] == BEIJING  # terms of the published context


# --- the page


def test_task_page_quotes_its_source_lines(res: Resources, built_kg: Path, task: str, source: str) -> None:
    page = res.page(task)
    (lines,) = page.source
    assert (lines.first, lines.last, lines.missing) == (51, 54, "")
    assert lines.document.href == path_of(source) and lines.document.label_zh.startswith(
        "2017年全国地方知识产权"
    )
    numbers = [n for n, _ in lines.lines]
    assert numbers == [51, 52, 53, 54]
    text = dict(lines.lines)
    # hand-checked against the source document, lines 51-54: the row, a page break, the repeated header
    assert text[51].startswith("\t\t加大知识产权犯罪打击力\t探索针对互联网等主要侵权领域案\t")
    assert text[52] == ""
    assert text[53] == "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门"
    assert text[54].startswith("\t\t度\t件查办新机制")
    copy = source_copy(built_kg, source)
    assert copy is not None and copy.read_bytes() == bundled_source().read_bytes()


def test_page_without_source_copy_says_so(res: Resources, built_kg: Path, task: str, tmp_path: Path) -> None:
    shutil.copy(built_kg / "ontology.html", tmp_path / "ontology.html")
    bare = Resources(res.store, tmp_path)
    (lines,) = bare.page(task).source
    assert lines.lines == () and lines.missing == "this build keeps no copy of this source document"
    assert "this build keeps no copy of this source document" in render_resource(bare.page(task))


def test_region_page_lists_its_tasks(res: Resources, build_result: BuildResult) -> None:
    page = res.page(BEIJING)
    assert (page.resource.label_zh, page.resource.label_en) == ("北京市", "Beijing")
    tasks = [
        g
        for g in page.backlinks
        if g.predicate.iri == IPKG + "region" and g.kind and g.kind.iri == IPKG + "Task"
    ]
    expected = [ID + "task/" + t.key for t in build_result.entities.tasks if t.region_key == "110000"]
    assert [node.iri for node in tasks[0].items] == expected  # document order: row 2 before row 10
    assert all(node.href == path_of(node.iri) for node in tasks[0].items)


def test_agency_page_lists_partners(res: Resources, build_result: BuildResult) -> None:
    agency = next(a for a in build_result.entities.agencies if a.name == "北京市知识产权局")
    shared: Counter[str] = Counter()
    for task in build_result.entities.tasks:
        keys = {link.agency_key for link in task.agencies}
        if agency.key in keys:
            shared.update(keys - {agency.key})
    page = res.page(ID + "agency/" + agency.key)
    (partners,) = page.related
    assert {node.iri.removeprefix(ID + "agency/"): n for node, n in partners.items} == dict(shared)
    counts = [n for _, n in partners.items]
    assert counts == sorted(counts, reverse=True)
    own_tasks = {g.predicate.short: len(g.items) for g in page.backlinks}
    assert own_tasks["ipkg:responsibleAgency"] == sum(
        agency.key in {link.agency_key for link in t.agencies} for t in build_result.entities.tasks
    )


def test_measure_page_lists_adopting_regions(res: Resources, build_result: BuildResult) -> None:
    measure = Counter(k for t in build_result.entities.tasks for k in set(t.measure_keys)).most_common(1)[0][
        0
    ]
    regions = Counter(t.region_key for t in build_result.entities.tasks if measure in t.measure_keys)
    assert len(regions) > 1
    (adopters,) = res.page(ID + "measure/" + measure).related
    assert {node.iri.removeprefix(ID + "region/"): n for node, n in adopters.items} == dict(regions)
    assert all(node.label_zh and node.label_en for node, _ in adopters.items)


def test_page_links_values_to_local_pages(res: Resources, task: str) -> None:
    page = res.page(task)
    values = {p.predicate.short: p.values for p in page.properties}
    (kind,) = values["rdf:type"]
    assert kind.node is not None and (kind.node.href, kind.node.label_en) == ("/def#Task", "Task")
    (region,) = values["ipkg:region"]
    assert region.node is not None and (region.node.href, region.node.label_zh) == (
        "/id/region/110000",
        "北京市",
    )
    (first,) = values["ipkg:firstLine"]
    assert (first.text, first.datatype) == ("51", "xsd:integer")
    assert page.properties[0].predicate.short == "rdf:type"
    assert {a.href for a in page.alternates} == {path_of(task) + s for s in (".ttl", ".jsonld", ".nt")}


def test_render_escapes_everything() -> None:
    evil = '<script>alert("x")</script>'
    node = Node(ID + "task/x", '/id/task/x"><script>', True, "task:x", evil, evil)
    page = ResourcePage(node, (), (Property(node, (Value(None, evil, "zh"),)),), (), (), (), ())
    html = render_resource(page)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "style=" not in html and "<style" not in html  # the CSP forbids inline styles


def test_service_description(res: Resources) -> None:
    endpoint = "http://127.0.0.1:7878/query"
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in res.service_description(endpoint))
    (row,) = store.query(
        f"""PREFIX sd: <{SD}> PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?service ?graph ?triples WHERE {{
          ?service a sd:Service ; sd:endpoint <{endpoint}> ; sd:supportedLanguage sd:SPARQL11Query ;
                   sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph ?graph ] .
          ?graph a sd:Graph, void:Dataset ; void:triples ?triples ; void:classPartition [ void:entities ?n ] .
        }} LIMIT 1"""
    )  # type: ignore[misc]
    assert row["graph"] == DATASET
    assert ox.Quad(DATASET, ox.NamedNode(VOID + "sparqlEndpoint"), ox.NamedNode(endpoint)) in store
    formats = {
        q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(SD + "resultFormat"), None, None)
    }
    assert formats == {f.iri for f in GRAPH_TYPES.values()} | {f.iri for f in RESULT_TYPES.values()}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats


# --- over HTTP and in a browser: `kg serve` on the real build


@pytest.fixture(scope="module")
def server(built_kg: Path) -> Iterator[Server]:
    running = start_server(built_kg, "--workers", "1", "--public-host", "ipkg.example.org")
    yield running
    stop_process(running.process)


@pytest.mark.slow
def test_resources_over_http(server: Server, built_kg: Path, task: str) -> None:
    url = server.base + path_of(task)
    status, headers, body = http(url, headers={"Accept": "application/n-triples"})
    assert (status, headers["Content-Type"], headers["Vary"]) == (
        200,
        "application/n-triples; charset=utf-8",
        "Accept",
    )
    assert parse(body, "application/n-triples") == construct(built_kg, task)
    status, headers, body = http(url + ".jsonld", headers={"Accept": "text/html"})
    assert (status, headers["Content-Type"]) == (200, "application/ld+json")
    assert parse(body, "application/ld+json") == construct(built_kg, task)
    status, headers, body = http(url, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert (
        status == 200
        and headers["Content-Type"] == "text/html; charset=utf-8"
        and b'<table class="lines">' in body
    )
    status, headers, body = http(server.base + "/id/task/110000-999")
    assert (status, headers["Content-Type"]) == (404, "text/plain; charset=utf-8")
    assert body == b"no resource https://w3id.org/ipkg/id/task/110000-999 in this graph\n"
    status, headers, body = http(url, method="HEAD", headers={"Accept": "text/turtle"})
    assert (status, headers["Content-Type"], body) == (200, "text/turtle; charset=utf-8", b"")
    assert int(headers["Content-Length"]) == len(http(url, headers={"Accept": "text/turtle"})[2])


@pytest.mark.slow
def test_ontology_and_context_over_http(server: Server, built_kg: Path) -> None:
    status, headers, body = http(server.base + "/def", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Vary"] == "Accept"
    assert len(parse(body, "text/turtle")) == len(ontology_triples())
    status, headers, body = http(server.base + "/def", headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8" and b"/def.css" in body
    status, headers, _ = http(server.base + "/def.css")
    assert (status, headers["Content-Type"]) == (200, "text/css")
    status, headers, body = http(server.base + "/context.jsonld", headers={"Origin": "http://example.org"})
    assert (status, headers["Content-Type"]) == (200, "application/ld+json")
    assert headers["Access-Control-Allow-Origin"] == "*"  # without --cors: JSON-LD processors elsewhere
    assert json.loads(body) == json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))
    status, headers, _ = http(server.base + "/def", headers={"Origin": "http://example.org"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers  # graph content: only with --cors
    for path in ("/shapes", "/shapes.ttl"):  # what the dataset dcterms:conformsTo (w3id: /ipkg/shapes)
        status, headers, body = http(server.base + path, headers={"Origin": "http://example.org"})
        assert (status, headers["Content-Type"]) == (200, "text/turtle; charset=utf-8"), path
        assert body == ontology_file("shapes.ttl").read_bytes() and b"sh:NodeShape" in body
        assert headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.slow
def test_dumps_download_where_the_description_says(server: Server, built_kg: Path) -> None:
    for name, media in {**DUMPS, "void.ttl": "text/turtle"}.items():
        status, headers, body = http(server.base + "/dump/" + name)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
        assert body == (built_kg / name).read_bytes()
    urls = {
        t.object.value
        for t in parse((built_kg / "kg.nt").read_bytes(), "application/n-triples")
        if t.predicate.value == "http://www.w3.org/ns/dcat#downloadURL"
    }
    assert urls == {DUMP_BASE + name for name in DUMPS}  # each advertised URL is one of the files served
    for path in ("/dump/store", "/dump/../kg.nt", "/dump/ontology.html", "/dump/"):
        status, _, body = http(server.base + path)
        assert status == 404 and body.decode().count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_service_description_over_http(server: Server, media: str) -> None:
    status, headers, body = http(server.url, headers={"Accept": media})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    graph = parse(body, media)
    endpoints = {t.object for t in graph if t.predicate == ox.NamedNode(SD + "endpoint")}
    assert endpoints == {ox.NamedNode(server.url)}
    proxied = {"Accept": media, "Host": "ipkg.example.org", "X-Forwarded-Proto": "https"}
    graph = parse(http(server.url, headers=proxied)[2], media)
    endpoints = {t.object for t in graph if t.predicate == ox.NamedNode(SD + "endpoint")}
    assert endpoints == {ox.NamedNode("https://ipkg.example.org/query")}
    assert (
        ox.Triple(
            DATASET,
            ox.NamedNode(RDF_TYPE),
            ox.NamedNode(SD + "Graph"),
        )
        in graph
    )


@pytest.mark.slow
def test_browsers_asking_the_endpoint_get_the_page(server: Server) -> None:
    request = urllib.request.Request(server.url, headers={"Accept": "text/html,*/*;q=0.8"})
    with urllib.request.urlopen(request, timeout=30) as response:  # follows the 303
        assert response.url == server.base + "/" and b"<html" in response.read()


def open_offline(browser, url: str, blocked: list[str], errors: list[str]):
    """A new page that refuses (and records) every request off the loopback, and records console errors."""
    page = browser.new_page()

    def route(request_route) -> None:
        if urllib.parse.urlsplit(request_route.request.url).hostname in ("127.0.0.1", "localhost"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle", timeout=30000)
    return page


def local_links_answer(page, base: str) -> int:
    hrefs = set(page.eval_on_selector_all("a[href^='/']", "links => links.map(a => a.getAttribute('href'))"))
    for href in hrefs:
        status, _, _ = http(base + href.split("#")[0], headers={"Accept": "text/html"})
        assert status == 200, href
    return len(hrefs)


@pytest.mark.slow
def test_resource_pages_in_a_real_browser(
    server: Server, browser, build_result: BuildResult, res: Resources, task: str
) -> None:
    blocked: list[str] = []
    errors: list[str] = []
    page = open_offline(browser, server.base + path_of(task), blocked, errors)
    try:
        assert page.title() == "北京市第6项任务 · ipkg"
        # the stylesheet applied: source line numbers are grey and right-aligned
        assert page.eval_on_selector("table.lines th", "th => getComputedStyle(th).textAlign") == "right"
        assert page.locator("table.lines th").all_inner_texts() == ["51", "52", "53", "54"]
        assert page.inner_text("#L53 td") == "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门"
        assert local_links_answer(page, server.base) > 10

        page.click("#properties a[href='/id/region/110000']")
        page.wait_for_url(server.base + "/id/region/110000")
        assert page.inner_text("h1") == "北京市 Beijing"
        tasks = page.locator("#links-here a[href^='/id/task/']")
        beijing = [t for t in build_result.entities.tasks if t.region_key == "110000"]
        assert tasks.count() == len(beijing)
        assert local_links_answer(page, server.base) > len(beijing)

        agency = next(a for a in build_result.entities.agencies if a.name == "北京市知识产权局")
        page.click(f"#links-here a[href='/id/agency/{agency.key}']")
        page.wait_for_url(server.base + f"/id/agency/{agency.key}")
        assert "Partners: agencies sharing tasks" in page.inner_text("section.related h2")
        page.click("section.related li a >> nth=0")
        page.wait_for_url(server.base + "/id/agency/**")

        page.goto(server.base + path_of(task) + ".ttl")  # the alternates are links too
        shown = page.inner_text("body").encode()
        assert parse(shown, "text/turtle") == set(res.describe(task))
    finally:
        page.close()
    assert blocked == [] and errors == []


def test_every_resource_dereferences(res: Resources, build_result: BuildResult) -> None:
    """Every IRI of the graph under /id/ answers, and the page of one resource of each class links only to
    pages that exist."""
    subjects = {q.subject.value for q in res.store.quads_for_pattern(None, None, None, None)}
    ours = sorted(s for s in subjects if s.startswith(ID))
    entities = build_result.entities
    assert {ID + "task/" + t.key for t in entities.tasks} | {
        ID + "agency/" + a.key for a in entities.agencies
    } <= set(ours)
    for iri in ours:
        answer = res.answer(iri.removeprefix("https://w3id.org/ipkg"), ["application/n-triples"])
        assert answer.status == 200 and answer.body, iri
    firsts: dict[str, str] = {}
    for quad in res.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None):
        if quad.subject.value.startswith(ID):
            firsts[quad.object.value] = min(
                firsts.get(quad.object.value, quad.subject.value), quad.subject.value
            )
    assert {IPKG + c for c in ("Region", "Task", "Agency", "Measure", "Target", "Deliverable")} <= set(firsts)
    for iri in firsts.values():
        html = res.answer(iri.removeprefix("https://w3id.org/ipkg") + ".html", []).body.decode()
        for href in set(re.findall(r'href="(/[^"#]*)', html)) - {"/", "/web/resource.css"}:
            assert res.answer(urllib.parse.unquote(href), ["*/*"]).status == 200, (iri, href)


def test_only_web_iris_become_links(tmp_path: Path) -> None:
    store = ox.Store()
    store.load(
        f"<{ID}x> <http://schema.org/url> <javascript:alert(1)>, <urn:isbn:7>, <https://www.wikidata.org/> .",
        format=ox.RdfFormat.TURTLE,
    )
    html = render_resource(Resources(store, tmp_path).page(ID + "x"))
    assert "javascript:" in html and 'href="javascript:' not in html and 'href="urn:' not in html
    assert 'href="https://www.wikidata.org/" rel="external"' in html


def test_blank_nodes_are_shown_in_place(tmp_path: Path) -> None:
    """A blank node has no page: its triples are part of the description and shown where it is used."""
    store = ox.Store()
    store.load(
        f"""@prefix spdx: <http://spdx.org/rdf/terms#> .
        <{ID}dataset/ipkg/dump/nt> spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                                                  spdx:checksumValue "ab12" ] .""",
        format=ox.RdfFormat.TURTLE,
    )
    small = Resources(store, tmp_path)
    iri = ID + "dataset/ipkg/dump/nt"
    assert len(small.describe(iri)) == 3
    (checksum,) = small.page(iri).properties
    (value,) = checksum.values
    spdx = "http://spdx.org/rdf/terms#"
    assert [p.predicate.iri for p in value.nested] == [spdx + "algorithm", spdx + "checksumValue"]
    html = render_resource(small.page(iri))
    assert html.count('<table class="properties">') == 2 and "ab12" in html


def test_the_build_keeps_only_the_bytes_it_parsed(tmp_path: Path) -> None:
    source = tmp_path / "plans.txt"
    shutil.copyfile(bundled_source(), source)
    document = parse_document(source)
    keep_sources(tmp_path / "kept", [document])
    assert (tmp_path / "kept" / "source" / "2017.txt").read_bytes() == bundled_source().read_bytes()
    source.write_bytes(source.read_bytes() + "\n附加一行".encode())  # changed after it was read
    with pytest.raises(InputError, match="changed while it was being built"):
        keep_sources(tmp_path / "again", [document])


def test_each_edition_quotes_its_own_file(tmp_path: Path) -> None:
    """With two editions, a 2018 task quotes the 2018 file: 北京市 row 6 of 2017 (lines 51-54) is row 5 of
    the derived 2018 file, three lines earlier (lines 10, 11 and 46 are dropped before it)."""
    editions = build(
        [bundled_source(), derived_2018(tmp_path / "2018.txt")], tmp_path / "build", analyses=False
    )
    both = Resources(load_in_memory(editions.out / "store"), editions.out)
    row6 = next(t for t in editions.entities.tasks if t.key == "2017/110000-6")
    (later,) = [
        t for t in editions.entities.tasks if t.key.startswith("2018/") and t.row.task == row6.row.task
    ]
    assert later.key == "2018/110000-5"
    (lines,) = both.page(ID + "task/" + later.key).source
    assert (lines.document.iri, lines.first, lines.last) == (ID + "source/2018", 48, 51)
    (earlier,) = both.page(ID + "task/" + row6.key).source
    assert [text for _, text in lines.lines] == [text for _, text in earlier.lines]
    assert [n for n, _ in earlier.lines] == [51, 52, 53, 54]


@pytest.mark.slow
def test_ontology_page_under_the_endpoints_csp(server: Server, browser) -> None:
    """/def as HTML is the build's ontology page, styled without breaking the endpoint's CSP."""
    blocked: list[str] = []
    errors: list[str] = []
    page = open_offline(browser, server.base + "/def", blocked, errors)
    try:
        assert page.eval_on_selector("h2", "h2 => getComputedStyle(h2).borderBottomStyle") == "solid"
        page.click("a[href='#Task']")
        assert (
            page.eval_on_selector("#Task", "s => getComputedStyle(s).backgroundColor") == "rgb(255, 246, 246)"
        )
    finally:
        page.close()
    assert blocked == [] and errors == []
