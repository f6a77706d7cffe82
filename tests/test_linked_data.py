"""Linked data that merges: the published JSON-LD context, kg.jsonld read back by pyld (the JSON-LD
processor other graphs use), merging with schema.org-style contexts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from pyld import jsonld

from kg.export import CONTEXT_IRI, published_context

XSD = "http://www.w3.org/2001/XMLSchema#"
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
    task = nodes["https://w3id.org/ipkg/id/task/110000-1"]
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
