"""Dereferenceable IRIs: descriptions, negotiation and pages of the real build (kg.serve.resources)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildResult, source_copy
from kg.ontology_doc import ontology_file
from kg.rdf.terms import DATASET, ID, SOURCE_DOCUMENT
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES
from kg.serve.resources import Node, Property, ResourcePage, Resources, Value, negotiate, render_resource
from kg.store import load_in_memory

IPKG = "https://w3id.org/ipkg/def#"
SD = "http://www.w3.org/ns/sparql-service-description#"
BEIJING = ID + "region/110000"
TASK = ID + "task/110000-6"  # 北京市 row 6: source lines 51-54 (a page break inside the row)


@pytest.fixture(scope="module")
def res(built_kg: Path) -> Resources:
    return Resources(load_in_memory(built_kg / "store"), built_kg)


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


@pytest.mark.parametrize("iri", [TASK, BEIJING, SOURCE_DOCUMENT.value, DATASET.value])
def test_description_is_own_and_incoming_triples(res: Resources, built_kg: Path, iri: str) -> None:
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
def test_suffix_form_wins_over_accept(res: Resources, suffix: str, media: str) -> None:
    answer = res.answer(f"/id/task/110000-6{suffix}", ["text/html"])
    assert (answer.status, answer.media) == (200, media)
    assert parse(answer.body, media) == set(res.describe(TASK))


def test_html_by_accept_and_suffix(res: Resources) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8".split(",")
    by_accept = res.answer("/id/task/110000-6", browser)
    by_suffix = res.answer("/id/task/110000-6.html", [])
    assert by_accept.status == by_suffix.status == 200
    assert by_accept.media.startswith("text/html") and by_accept.body == by_suffix.body


def test_negotiation() -> None:
    assert negotiate(["*/*"]) == "text/turtle"
    assert negotiate(["application/n-triples", "text/turtle"]) == "application/n-triples"
    assert negotiate(["application/xhtml+xml"]) == "text/html"
    assert negotiate(["image/png"]) is None


def test_unknown_and_unacceptable(res: Resources) -> None:
    for path in ("/id/task/999999-1", "/id/task/110000-6/extra", "/id/nothing here", "/id/task/110000-6.pdf"):
        answer = res.answer(path, ["*/*"])
        assert answer.status == 404
        assert answer.body.decode() == f"no resource https://w3id.org/ipkg{path} in this graph"
    refused = res.answer("/id/task/110000-6", ["image/png"])
    assert refused.status == 406 and b"\n" not in refused.body and b"text/turtle" in refused.body


def test_keys_with_slashes_resolve_by_prefix(res: Resources, built_kg: Path) -> None:
    """No kind is parsed: the dataset's class partitions (…/dataset/ipkg/class/Task) resolve like any key."""
    answer = res.answer("/id/dataset/ipkg/class/Task.nt", [])
    assert answer.status == 200
    assert parse(answer.body, "application/n-triples") == construct(built_kg, ID + "dataset/ipkg/class/Task")


def test_def_is_the_ontology_file(res: Resources, built_kg: Path) -> None:
    expected = {t for t in ox.parse(path=str(ontology_file("ipkg.ttl")), format=ox.RdfFormat.TURTLE)}
    for path, accept in (("/def", ["text/turtle"]), ("/def.nt", []), ("/def.jsonld", [])):
        answer = res.answer(path, accept)
        assert answer.status == 200
        assert len(parse(answer.body, answer.media)) == len(expected)  # blank nodes are renamed
    page = res.answer("/def", ["text/html"])
    assert page.body == (built_kg / "ontology.html").read_bytes()


def test_jsonld_is_json_with_the_resource(res: Resources) -> None:
    nodes = json.loads(res.answer("/id/task/110000-6.jsonld", []).body)
    assert TASK in {node["@id"] for node in nodes}


# --- the page


def test_task_page_quotes_its_source_lines(res: Resources, build_result: BuildResult) -> None:
    page = res.page(TASK)
    (source,) = page.source
    assert (source.first, source.last, source.missing) == (51, 54, "")
    assert source.document.href == "/id/source/work-plans-2017"
    numbers = [n for n, _ in source.lines]
    assert numbers == [51, 52, 53, 54]
    text = dict(source.lines)
    # hand-checked against the source document, lines 51-54: the row, a page break, the repeated header
    assert text[51].startswith("\t\t加大知识产权犯罪打击力\t探索针对互联网等主要侵权领域案\t")
    assert text[52] == ""
    assert text[53] == "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门"
    assert text[54].startswith("\t\t度\t件查办新机制")
    copy = source_copy(build_result.out, SOURCE_DOCUMENT.value)
    assert copy is not None and copy.read_bytes() == Path(build_result.document.path).read_bytes()


def test_page_without_source_copy_says_so(res: Resources, built_kg: Path, tmp_path: Path) -> None:
    shutil.copy(built_kg / "ontology.html", tmp_path / "ontology.html")
    bare = Resources(res.store, tmp_path)
    (source,) = bare.page(TASK).source
    assert source.lines == () and source.missing == "this build keeps no copy of this source document"
    assert "this build keeps no copy of this source document" in render_resource(bare.page(TASK))


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
    assert all(node.href.startswith("/id/task/110000-") for node in tasks[0].items)


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


def test_page_links_values_to_local_pages(res: Resources) -> None:
    page = res.page(TASK)
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
    assert {a.href for a in page.alternates} == {f"/id/task/110000-6{s}" for s in (".ttl", ".jsonld", ".nt")}


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
    formats = {
        q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(SD + "resultFormat"), None, None)
    }
    assert formats == {f.iri for f in GRAPH_TYPES.values()} | {f.iri for f in RESULT_TYPES.values()}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
