"""The ontology declares every term the contract and the graph model use, bilingually, with sound
alignments; the national focus areas, the shapes and the JSON-LD context agree with it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS

from kg.ontology_doc import (
    ONTOLOGY_FILES,
    load_ontology,
    ontology_dir,
    ontology_file,
    render_ontology_html,
    write_ontology_page,
)

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "docs" / "contract.md"
GRAPH_MODEL = ROOT / "docs" / "graph-model.md"
SOURCE = ROOT / "kg" / "data" / "ip-strategy-work-plans-2017.txt"
VALID = Path(__file__).parent / "fixtures" / "valid-mini.ttl"

IPKG = Namespace("https://w3id.org/ipkg/def#")
ONTOLOGY = URIRef("https://w3id.org/ipkg/def")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("http://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
FOCUS_SCHEME = URIRef("https://w3id.org/ipkg/id/scheme/focus-areas")

CLASSES = [
    "Region",
    "FocusArea",
    "NationalFocusArea",
    "Measure",
    "Task",
    "Deliverable",
    "Agency",
    "AgencyType",
    "Target",
    "Document",
    "Network",
    "AgencyCentrality",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def _ipkg_terms(g: Graph, rdf_type: URIRef) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and s.startswith(IPKG))


def _langs(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def test_files_are_found_and_parse() -> None:
    assert ontology_dir().is_dir()
    for name in ONTOLOGY_FILES:
        path = ontology_file(name)
        assert path.is_file(), path
        if name.endswith(".ttl"):
            assert len(Graph().parse(path, format="turtle")) > 0
        else:
            assert "@context" in json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(ValueError):
        ontology_file("nope.ttl")


def test_ontology_metadata(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY, OWL.versionInfo) is not None
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert _langs(onto, ONTOLOGY, predicate) >= {"en", "zh"}, predicate
    assert onto.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert onto.value(ONTOLOGY, DCTERMS.creator) is not None
    assert onto.value(ONTOLOGY, DCTERMS.created) is not None
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "ipkg"
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(IPKG)


def test_contract_classes_are_declared(onto: Graph) -> None:
    assert {c.removeprefix(str(IPKG)) for c in _ipkg_terms(onto, OWL.Class)} >= set(CLASSES)


def test_every_class_and_property_is_documented_in_english_and_chinese(onto: Graph) -> None:
    terms = _ipkg_terms(onto, OWL.Class) + _ipkg_terms(onto, OWL.ObjectProperty)
    terms += _ipkg_terms(onto, OWL.DatatypeProperty)
    assert len(terms) > 40
    for term in terms:
        assert _langs(onto, term, RDFS.label) == {"en", "zh"}, term
        assert _langs(onto, term, RDFS.comment) == {"en", "zh"}, term
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in onto, term


def test_every_property_has_one_kind_a_domain_and_a_range(onto: Graph) -> None:
    objects = set(_ipkg_terms(onto, OWL.ObjectProperty))
    datatypes = set(_ipkg_terms(onto, OWL.DatatypeProperty))
    assert not objects & datatypes
    declared_classes = set(onto.subjects(RDF.type, OWL.Class))
    for prop in objects | datatypes:
        domains = list(onto.objects(prop, RDFS.domain))
        ranges = list(onto.objects(prop, RDFS.range))
        assert len(domains) == 1 and len(ranges) == 1, prop
        domain = domains[0]
        members = (
            list(Collection(onto, onto.value(domain, OWL.unionOf))) if isinstance(domain, BNode) else [domain]
        )
        assert members and all(m in declared_classes for m in members), prop
        if prop in objects:
            assert ranges[0] in declared_classes, prop
        else:
            assert str(ranges[0]).startswith(("http://www.w3.org/2001/XMLSchema#", str(RDF), str(RDFS))), prop


def _ipkg_names(text: str) -> set[str]:
    return set(re.findall(r"\bipkg:([A-Za-z][A-Za-z0-9]*)", text))


@pytest.mark.parametrize("doc", [CONTRACT, GRAPH_MODEL], ids=["contract", "graph-model"])
def test_every_term_of_the_docs_is_declared(onto: Graph, doc: Path) -> None:
    names = _ipkg_names(doc.read_text(encoding="utf-8"))
    assert len(names) > 10
    declared = {
        str(s).removeprefix(str(IPKG)) for s in onto.subjects(RDF.type, None) if str(s).startswith(str(IPKG))
    }
    assert names <= declared, sorted(names - declared)


def test_alignments(onto: Graph) -> None:
    def subclass(a: URIRef, b: URIRef) -> bool:
        return b in set(onto.transitive_objects(a, RDFS.subClassOf))

    assert subclass(IPKG.Agency, ORG.Organization)
    assert subclass(IPKG.Task, PROV.Entity)
    for concept in (IPKG.FocusArea, IPKG.Measure, IPKG.AgencyType, IPKG.NationalFocusArea):
        assert subclass(concept, SKOS.Concept), concept
    assert subclass(IPKG.Target, SCHEMA.QuantitativeValue)
    assert subclass(IPKG.Document, DCTERMS.BibliographicResource)
    assert (IPKG.leadAgency, RDFS.subPropertyOf, IPKG.responsibleAgency) in onto
    assert (IPKG.supportingAgency, RDFS.subPropertyOf, IPKG.responsibleAgency) in onto
    assert (IPKG.jurisdiction, RDFS.range, IPKG.Region) in onto
    assert (IPKG.agencyType, RDFS.subPropertyOf, ORG.classification) in onto


def test_no_alignment_entails_a_falsehood(onto: Graph) -> None:
    # a city government is listed in its province's section: it does not serve the whole province
    assert not list(onto.objects(IPKG.jurisdiction, RDFS.subPropertyOf))
    assert SCHEMA.areaServed not in set(onto.all_nodes())


def test_the_main_classes_are_pairwise_disjoint(onto: Graph) -> None:
    (axiom,) = onto.subjects(RDF.type, OWL.AllDisjointClasses)
    members = {str(m).removeprefix(str(IPKG)) for m in Collection(onto, onto.value(axiom, OWL.members))}
    assert members == set(CLASSES)


def test_the_four_concept_schemes_are_declared(onto: Graph) -> None:
    schemes = {str(s).rsplit("/", 1)[-1] for s in onto.subjects(RDF.type, SKOS.ConceptScheme)}
    assert schemes == {"focus-areas", "regional-focus-areas", "measures", "agency-types"}
    for scheme in onto.subjects(RDF.type, SKOS.ConceptScheme):
        assert _langs(onto, scheme, SKOS.prefLabel) == {"en", "zh"}, scheme
        assert _langs(onto, scheme, SKOS.definition) == {"en", "zh"}, scheme


# ---------------------------------------------------------------------------
# the six national focus areas


def test_six_national_focus_areas() -> None:
    g = Graph().parse(ontology_file("national-focus-areas.ttl"), format="turtle")
    areas = sorted(g.subjects(RDF.type, IPKG.NationalFocusArea), key=str)
    assert [str(a) for a in areas] == [
        f"https://w3id.org/ipkg/id/national-focus-area/{n}" for n in range(1, 7)
    ]
    source = SOURCE.read_text(encoding="utf-8")
    for number, area in enumerate(areas, start=1):
        assert str(g.value(area, SKOS.notation)) == str(number)
        assert (area, SKOS.inScheme, FOCUS_SCHEME) in g
        assert (FOCUS_SCHEME, SKOS.hasTopConcept, area) in g
        assert _langs(g, area, SKOS.prefLabel) == {"zh", "en"}
        assert "zh" in _langs(g, area, SKOS.definition)
        label_zh = next(str(o) for o in g.objects(area, SKOS.prefLabel) if o.language == "zh")
        # the label is a heading the document prints in its 工作重点 column, numbered as in most tables
        assert f"\n{number}\t{label_zh}\t" in source, label_zh


# ---------------------------------------------------------------------------
# shapes agree with the ontology


def test_shapes_use_declared_terms_and_say_what_failed(onto: Graph) -> None:
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    declared = set(onto.subjects(RDF.type, None))
    for cls in shapes.objects(None, SH.targetClass):
        assert cls in declared, cls
    for cls in shapes.objects(None, SH["class"]):
        assert cls in declared, cls
    for path in shapes.objects(None, SH.path):
        if isinstance(path, URIRef) and path.startswith(IPKG):
            assert path in declared, path
    named = [s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)]
    assert len(named) > 50
    for shape in named:
        assert shapes.value(shape, SH.message) is not None, shape
    assert {c.removeprefix(str(IPKG)) for c in shapes.objects(None, SH.targetClass)} >= set(CLASSES)


# ---------------------------------------------------------------------------
# the JSON-LD context


def _context() -> dict[str, object]:
    """The context's parts (shared prefixes, then the protected ipkg terms) as one mapping."""
    parts = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    return {key: value for part in parts for key, value in part.items() if not key.startswith("@")}


def test_context_has_the_contract_prefixes_and_every_ipkg_term(onto: Graph) -> None:
    context = _context()
    for prefix in (
        "rdf",
        "rdfs",
        "owl",
        "xsd",
        "skos",
        "dcterms",
        "prov",
        "org",
        "schema",
        "wd",
        "void",
        "dcat",
    ):
        assert prefix in context, prefix
    assert context["ipkg"] == str(IPKG)
    assert context["schema"] == "http://schema.org/"
    mapped = set()
    for value in context.values():
        iri = value.get("@id") if isinstance(value, dict) else value
        if isinstance(iri, str) and iri.startswith("ipkg:"):
            mapped.add(iri.removeprefix("ipkg:"))
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in _ipkg_terms(onto, kind):
            assert term.removeprefix(str(IPKG)) in mapped, term


def test_context_round_trips_the_valid_mini_graph() -> None:
    graph = Graph().parse(VALID, format="turtle")
    compacted = graph.serialize(format="json-ld", context=_context())
    document = json.loads(compacted)
    task = next(n for n in document["@graph"] if n["@id"].endswith("task/2017/110000-2"))
    assert task["@type"] == "Task" and "region" in task and "rowNumber" in task  # compact terms were used
    assert isomorphic(Graph().parse(data=compacted, format="json-ld"), graph)


# ---------------------------------------------------------------------------
# the HTML page


def test_ontology_page_is_complete_and_self_contained(onto: Graph, tmp_path: Path) -> None:
    out = write_ontology_page(tmp_path / "sub" / "ontology.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in _ipkg_terms(onto, kind):
            assert f'id="{term.removeprefix(str(IPKG))}"' in page, term
    for text in (
        "org:Organization",  # alignments
        "https://creativecommons.org/licenses/by/4.0/",  # metadata
        "responsible agency",  # labels in English and Chinese
        "责任部门",
        "加强组织实施和政策保障",  # the national focus areas
        "Subproperty of",
    ):
        assert text in page, text
    # offline: nothing is fetched when the page opens
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|\ssrc=", page, re.I)


def test_ontology_page_escapes_graph_text() -> None:
    g = load_ontology()
    g.add((IPKG.Task, RDFS.comment, Literal('<script>alert("x")</script>', lang="en")))
    page = render_ontology_html(g)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page  # markupsafe, as Jinja2 escapes


def test_ontology_page_is_deterministic(tmp_path: Path) -> None:
    first = write_ontology_page(tmp_path / "a.html").read_bytes()
    assert write_ontology_page(tmp_path / "b.html").read_bytes() == first


def test_importing_the_build_loads_no_rdflib() -> None:
    """The ontology page's rdflib is imported when the page is made, not by importing kg.build/kg.export."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, kg.build, kg.export; print('rdflib' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
