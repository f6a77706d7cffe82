"""Linked data that merges: the published JSON-LD context, kg.jsonld read back by pyld (the JSON-LD
processor other graphs use), merging with schema.org-style contexts."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from pyld import jsonld

import kg
from kg.export import published_context
from kg.ontology_doc import ontology_file
from kg.rdf.dataset import DUMP_BASE, DUMPS, MEDIA_TYPES, describe_dataset, is_dataset_description
from kg.rdf.terms import CONTEXT_IRI, DESCRIPTION_PREFIXES
from kg.source.reader import bundled_source
from kg.store import dataset_triples, open_read_only

XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
PROV = "http://www.w3.org/ns/prov#"
IPKG = "https://w3id.org/ipkg/def#"
DATASET = "https://w3id.org/ipkg/id/dataset/ipkg"
SPDX = DESCRIPTION_PREFIXES["spdx"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ALIASES = {"id": "@id", "type": "@type"}
#: the start of schema.org's own context, which users put first or last when merging
SCHEMA_ORG_STYLE = {
    "@vocab": "http://schema.org/",
    "id": "@id",
    "type": "@type",
    "schema": "http://schema.org/",
    "name": "schema:name",
    "description": "schema:description",
}


def _triples(document: object) -> set[pyoxigraph.Triple]:
    """The RDF of a JSON-LD document as pyld reads it, parsed into pyoxigraph terms (canonical compare)."""
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    return {q.triple for q in pyoxigraph.parse(nquads.encode(), format=pyoxigraph.RdfFormat.N_QUADS)}


def _nt_triples(path: Path) -> set[pyoxigraph.Triple]:
    with path.open("rb") as handle:
        return {q.triple for q in pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.N_TRIPLES)}


@pytest.fixture(scope="module")
def kg_jsonld(built_kg: Path) -> dict[str, object]:
    return json.loads((built_kg / "kg.jsonld").read_text(encoding="utf-8"))


def test_pyld_reads_kg_jsonld_as_exactly_the_triples_of_kg_nt(built_kg: Path, kg_jsonld: dict) -> None:
    assert _triples(kg_jsonld) == _nt_triples(built_kg / "kg.nt")


def test_kg_jsonld_is_compacted_with_the_published_context(kg_jsonld: dict) -> None:
    assert kg_jsonld["@context"] == published_context()
    nodes = {node["@id"]: node for node in kg_jsonld["@graph"]}
    task = nodes["https://w3id.org/ipkg/id/task/2017/110000-1"]
    # source line 46: 北京市's first task, 促进三大科技城、中关村知识产权服务业高端发展
    assert task["@type"] == "Task"
    assert task["region"] == "https://w3id.org/ipkg/id/region/110000"
    assert task["description"] == "促进三大科技城、中关村知识产权服务业高端发展"
    assert task["rowNumber"] == 1 and task["firstLine"] == 46 and task["involvesCollective"] is False
    assert not [key for node in nodes.values() for key in node if key.startswith("ipkg:")]
    region = nodes["https://w3id.org/ipkg/id/region/110000"]
    assert region["label"] == {"zh": "北京市", "en": "Beijing"}
    target = next(node for node in nodes.values() if "Target" in node.get("@type", []))
    assert target["value"]["@type"] == "xsd:decimal" and isinstance(target["value"]["@value"], str)


def test_the_context_defines_no_prefix_or_term_that_clashes_with_common_aliases() -> None:
    prefixes, terms = published_context()
    assert all(iri.endswith(("/", "#")) for iri in prefixes.values())
    assert not {"id", "type", "value"} & set(prefixes)
    assert not {"id", "type", "@vocab", "@base"} & (set(prefixes) | set(terms))
    # only prefixes may be used as prefixes: every term maps to a whole IRI, not a namespace
    for name, definition in terms.items():
        iri = (
            definition
            if isinstance(definition, str)
            else definition.get("@id")
            if isinstance(definition, dict)
            else ""
        )
        assert name == "ipkg" or not str(iri).endswith(("/", "#")), name


def test_the_context_protects_its_terms_but_not_the_shared_prefixes() -> None:
    prefixes, terms = published_context()
    assert terms["@protected"] is True and "@protected" not in prefixes
    redefining = {"@context": [*published_context(), {"region": "http://example.org/region"}]}
    with pytest.raises(jsonld.JsonLdError) as error:
        jsonld.expand({**redefining, "region": "x"})
    assert "protected term redefinition" in str(error.value)
    # schema.org's https IRI for its own prefix is a legitimate redefinition
    https = {"@context": [*published_context(), {"schema": "https://schema.org/"}], "schema:name": "x"}
    assert jsonld.expand(https)[0] == {"https://schema.org/name": [{"@value": "x"}]}


def test_no_term_turns_a_json_number_into_an_ill_typed_literal() -> None:
    prefixes, terms = published_context()
    names = [name for name in terms if not name.startswith("@") and name != "ipkg"]
    for number in (7, 1.5, 20000000.0):
        for name in names:
            document = {"@context": published_context(), "@id": "http://example.org/x", name: number}
            for triple in _triples(document):
                value = triple.object
                if not isinstance(value, pyoxigraph.Literal):
                    continue
                datatype = value.datatype.value
                if datatype == XSD + "integer":
                    assert re.fullmatch(r"-?[0-9]+", value.value), (name, number, value)
                elif datatype == XSD + "double":
                    assert isinstance(number, float) or number == int(number), (name, number)
                else:
                    pytest.fail(f"{name}: {number} read as {value}")


def test_kg_jsonld_merges_with_id_and_type_aliases(built_kg: Path, kg_jsonld: dict) -> None:
    """A user's document that adds the usual aliases after ours still reads our graph unchanged, and its
    own nodes written with ``id``/``type`` keys and our terms mean what they say."""
    expected = _nt_triples(built_kg / "kg.nt")
    for context in ([*published_context(), ALIASES], [SCHEMA_ORG_STYLE, *published_context()]):
        merged = {"@context": context, "@graph": kg_jsonld["@graph"]}
        assert _triples(merged) == expected
        own = {
            "@context": context,
            "id": "http://example.org/note/1",
            "type": "Task",
            "region": "https://w3id.org/ipkg/id/region/110000",
            "description": "一项任务",
        }
        assert {(t.predicate.value, str(t.object)) for t in _triples(own)} == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "<https://w3id.org/ipkg/def#Task>"),
            ("https://w3id.org/ipkg/def#region", "<https://w3id.org/ipkg/id/region/110000>"),
            ("http://purl.org/dc/terms/description", '"一项任务"@zh'),
        }


def test_schema_org_terms_after_ours_are_refused_not_silently_redefined() -> None:
    document = {"@context": [*published_context(), SCHEMA_ORG_STYLE], "description": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(document)


def test_the_context_is_published_at_its_w3id_iri() -> None:
    assert CONTEXT_IRI == "https://w3id.org/ipkg/context.jsonld"
    loader_calls = []

    def loader(url: str, options: object = None) -> dict[str, object]:
        loader_calls.append(url)
        context = {"@context": published_context()}
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": context,
        }

    document = {"@context": CONTEXT_IRI, "@id": "http://example.org/t", "rowNumber": 3}
    triples = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    assert loader_calls == [CONTEXT_IRI]
    assert '<https://w3id.org/ipkg/def#rowNumber> "3"^^<http://www.w3.org/2001/XMLSchema#integer>' in triples


# ---------------------------------------------------------------------------
# the vocabulary, the dataset description, the dumps and the store


def _terms_used(path: Path, fmt: pyoxigraph.RdfFormat) -> set[str]:
    with path.open("rb") as handle:
        quads = list(pyoxigraph.parse(handle, format=fmt))
    used = {q.predicate.value for q in quads}
    return used | {q.object.value for q in quads if q.predicate.value == RDF_TYPE}


def _ontology_quads() -> list[pyoxigraph.Quad]:
    with ontology_file("ipkg.ttl").open("rb") as handle:
        return list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))


BUILT_IN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", OWL)


def test_every_term_the_graph_uses_is_declared_by_the_ontology(built_kg: Path) -> None:
    declared = {q.subject.value for q in _ontology_quads() if q.predicate.value == RDF_TYPE}
    used = _terms_used(built_kg / "kg.nt", pyoxigraph.RdfFormat.N_TRIPLES)
    used |= _terms_used(built_kg / "void.ttl", pyoxigraph.RdfFormat.TURTLE)
    undeclared = {term for term in used if term not in declared and not term.startswith(BUILT_IN)}
    assert undeclared == set()
    assert DCTERMS + "isReplacedBy" in declared  # used by retired keys (none in the bundled build)


def _graph(path: Path, fmt: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.N_TRIPLES) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    with path.open("rb") as handle:
        store.load(handle, format=fmt)
    return store


def _values(store: pyoxigraph.Store, subject: str, predicate: str) -> list[str]:
    query = f"SELECT ?o WHERE {{ <{subject}> <{predicate}> ?o }} ORDER BY ?o"
    return [row["o"].value for row in store.query(query)]


def test_each_dump_is_a_distribution_with_its_size_and_checksum_stated_outside_it(built_kg: Path) -> None:
    graph = _graph(built_kg / "kg.nt")
    void = _graph(built_kg / "void.ttl", pyoxigraph.RdfFormat.TURTLE)
    distributions = _values(graph, DATASET, DCAT + "distribution")
    assert sorted(name.rsplit("/", 1)[-1] for name in distributions) == sorted(DUMPS)
    dumps = _values(graph, DATASET, VOID + "dataDump")
    assert sorted(dumps) == sorted(DUMP_BASE + name for name in DUMPS if name != "tasks.csv")
    for node in distributions:
        name = node.rsplit("/", 1)[-1]
        data = (built_kg / name).read_bytes()
        assert _values(graph, node, DCAT + "mediaType") == [MEDIA_TYPES + DUMPS[name]]
        assert _values(graph, node, DCAT + "downloadURL") == [DUMP_BASE + name]
        assert _values(void, node, DCAT + "byteSize") == [str(len(data))]
        (checksum,) = _values(void, node, SPDX + "checksum")
        assert _values(void, checksum, SPDX + "algorithm") == [SPDX + "checksumAlgorithm_sha256"]
        assert _values(void, checksum, SPDX + "checksumValue") == [hashlib.sha256(data).hexdigest()]
        assert _values(graph, node, DCAT + "byteSize") == []  # never inside the dumps


def test_the_dataset_description(built_kg: Path) -> None:
    graph = _graph(built_kg / "kg.nt")
    publisher = "https://w3id.org/ipkg/id/agent/ipkg-project"
    assert _values(graph, DATASET, DCTERMS + "creator") == [publisher]  # one creator, an IRI
    assert _values(graph, DATASET, DCTERMS + "publisher") == [publisher]
    assert _values(graph, publisher, "http://xmlns.com/foaf/0.1/name") == ["The ipkg project"]
    (contact,) = _values(graph, DATASET, DCAT + "contactPoint")
    assert _values(graph, contact, "http://www.w3.org/2006/vcard/ns#fn") == ["The ipkg project"]
    assert _values(graph, DATASET, DCTERMS + "license") == ["https://creativecommons.org/licenses/by/4.0/"]
    # the bundled source is the compilation of April 2017 (its title page, line 1-3 of the source)
    assert _values(graph, DATASET, DCTERMS + "issued") == ["2017-04"]
    assert _values(graph, DATASET, DCTERMS + "modified") == ["2017-04"]
    (period,) = _values(graph, DATASET, DCTERMS + "temporal")
    assert _values(graph, period, DCAT + "startDate") == _values(graph, period, DCAT + "endDate") == ["2017"]
    assert _values(graph, DATASET, DCTERMS + "spatial") == ["http://www.wikidata.org/entity/Q148"]
    assert len(_values(graph, DATASET, DCAT + "keyword")) >= 5
    assert _values(graph, DATASET, DCAT + "theme")
    assert sorted(_values(graph, DATASET, DCTERMS + "language")) == [
        "http://id.loc.gov/vocabulary/iso639-1/en",
        "http://id.loc.gov/vocabulary/iso639-1/zh",
    ]
    assert "https://w3id.org/ipkg/shapes" in _values(graph, DATASET, DCTERMS + "conformsTo")
    (version,) = _values(graph, DATASET, OWL + "versionInfo")
    assert version.startswith(kg.__version__ + "+")


def test_the_wikidata_links_are_a_linkset(built_kg: Path) -> None:
    graph = _graph(built_kg / "kg.nt")
    (linkset,) = _values(graph, DATASET, VOID + "subset")
    assert _values(graph, linkset, VOID + "linkPredicate") == [OWL + "sameAs"]
    assert _values(graph, linkset, VOID + "objectsTarget") == ["http://www.wikidata.org/entity/Q2013"]
    links = [
        row
        for row in graph.query(f"SELECT ?s ?o WHERE {{ ?s <{OWL}sameAs> ?o }}")
        if row["o"].value.startswith("http://www.wikidata.org/entity/")
    ]
    assert len(links) == 30  # kg/data/regions.csv: every region but the XPCC
    assert _values(graph, linkset, VOID + "triples") == [str(len(links))]


def test_property_partitions_count_the_triples_of_each_predicate(built_kg: Path) -> None:
    graph = _graph(built_kg / "kg.nt")
    description = (b"<" + DATASET.encode(), b"<https://w3id.org/ipkg/id/agent/")
    # the partitions describe the content: the description's own triples are not counted
    lines = [
        line for line in (built_kg / "kg.nt").read_bytes().splitlines() if not line.startswith(description)
    ]
    for predicate in (
        IPKG + "rowNumber",
        IPKG + "responsibleAgency",
        "http://www.w3.org/2000/01/rdf-schema#label",
    ):
        (partition,) = [
            row["p"].value
            for row in graph.query(
                f"SELECT ?p WHERE {{ <{DATASET}> <{VOID}propertyPartition> ?p . "
                f"?p <{VOID}property> <{predicate}> }}"
            )
        ]
        count = sum(1 for line in lines if line.split(b" ", 2)[1] == f"<{predicate}>".encode())
        assert _values(graph, partition, VOID + "triples") == [str(count)]


def test_the_build_activity_names_the_software_and_the_source_with_its_checksum(built_kg: Path) -> None:
    graph = _graph(built_kg / "kg.nt")
    (activity,) = _values(graph, DATASET, PROV + "wasGeneratedBy")
    (software,) = _values(graph, activity, PROV + "wasAssociatedWith")
    assert _values(graph, software, OWL + "versionInfo") == [kg.__version__]
    (source,) = _values(graph, activity, PROV + "used")
    (checksum,) = _values(graph, source, SPDX + "checksum")
    digest = hashlib.sha256(bundled_source().read_bytes()).hexdigest()
    assert _values(graph, checksum, SPDX + "checksumValue") == [digest]


def test_the_version_changes_with_the_data(built_kg: Path) -> None:
    content = [t for t in _nt_triples(built_kg / "kg.nt") if not is_dataset_description(t)]
    extra = pyoxigraph.Triple(
        pyoxigraph.NamedNode(DATASET), pyoxigraph.NamedNode(DCTERMS + "subject"), pyoxigraph.Literal("x")
    )

    def version(triples: list[pyoxigraph.Triple]) -> str:
        (info,) = [
            t.object.value
            for t in describe_dataset(triples)
            if t.subject.value == DATASET and t.predicate.value == OWL + "versionInfo"
        ]
        return info

    assert version(sorted(content, key=str)) == version(content)
    assert version(content) != version([*content, extra])


def test_kg_nq_holds_the_graph_in_the_dataset_graph_and_the_ontology_in_its_own(built_kg: Path) -> None:
    with (built_kg / "kg.nq").open("rb") as handle:
        quads = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.N_QUADS))
    by_graph: dict[str, set[pyoxigraph.Triple]] = {}
    for quad in quads:
        by_graph.setdefault(str(quad.graph_name.value), set()).add(quad.triple)
    assert set(by_graph) == {DATASET, "https://w3id.org/ipkg/def"}
    assert by_graph[DATASET] == _nt_triples(built_kg / "kg.nt")
    assert len(by_graph["https://w3id.org/ipkg/def"]) == len(_ontology_quads())


def test_the_store_answers_ontology_questions_in_the_default_graph(built_kg: Path) -> None:
    store = open_read_only(built_kg)
    labels = [
        row["l"].value
        for row in store.query(
            f"SELECT ?l WHERE {{ <{IPKG}Task> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
        )
    ]
    assert sorted(labels) == ["Task", "具体任务"]
    described = list(store.query(f"DESCRIBE <{IPKG}Task>"))
    assert len(described) > 5
    in_own_graph = f"ASK {{ GRAPH <https://w3id.org/ipkg/def> {{ <{IPKG}Task> a <{OWL}Class> }} }}"
    assert store.query(in_own_graph)
    # the default graph is a set: a scheme both the ontology and the data declare is counted once
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }"
    assert [row["n"].value for row in store.query(count)] == ["4"]
    assert set(dataset_triples(store)) == _nt_triples(built_kg / "kg.nt")
