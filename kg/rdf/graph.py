"""Resolved entities -> RDF triples (pyoxigraph terms), following the contract and docs/graph-model.md."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from kg.edition import Edition
from kg.entities.model import Entities, Task
from kg.entities.vocab import agency_types
from kg.ontology_doc import ontology_file
from kg.rdf.dataset import checksum
from kg.rdf.terms import (
    AGENCY_TYPE_SCHEME,
    DCTERMS,
    ID,
    IPKG,
    MEASURE_SCHEME,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    REGIONAL_FOCUS_SCHEME,
    SCHEMA,
    SKOS,
    WD,
    XSD,
    resource,
    source_document,
)

ROLE_PROPERTY = {"lead": IPKG.leadAgency, "supporting": IPKG.supportingAgency}


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def decimal(value: object) -> Literal:
    return Literal(format(value, "f"), datatype=XSD.decimal)


def build_triples(
    entities: Entities, national_focus_areas: Path, source_sha256: Mapping[int, str]
) -> list[Triple]:
    """The graph's content: the entities, the vocabularies they use and the source documents
    (``source_sha256``: each edition's file digest, by year).

    The dataset's self-description counts the finished graph, so it is made last (``describe_dataset``).
    """
    triples = list(_vocabularies(national_focus_areas))
    triples += _regions_and_focus(entities)
    triples += _measures(entities)
    triples += _agencies(entities)
    triples += _documents(entities)
    triples += _retired_keys(entities)
    for task in entities.tasks:
        triples += _task(task)
    for edition in entities.editions:
        triples += _source(edition, source_sha256[edition.year])
    return triples


def _vocabularies(national_focus_areas: Path) -> Iterator[Triple]:
    with national_focus_areas.open("rb") as handle:
        yield from (quad.triple for quad in parse(handle, format=RdfFormat.TURTLE))
    yield from ontology_resources()
    for info in agency_types().values():
        node = resource("agency-type", info.code)
        yield from _concept(node, IPKG.AgencyType, AGENCY_TYPE_SCHEME)
        yield Triple(node, SKOS.notation, Literal(info.code))
        yield Triple(node, SKOS.prefLabel, zh(info.label_zh))
        yield Triple(node, SKOS.prefLabel, en(info.label_en))


def _concept(node: NamedNode, kind: NamedNode, scheme: NamedNode) -> tuple[Triple, ...]:
    """A SKOS concept of one of the graph's schemes, typed with its ipkg class too."""
    return (
        Triple(node, RDF.type, kind),
        Triple(node, RDF.type, SKOS.Concept),
        Triple(node, SKOS.inScheme, scheme),
    )


def ontology_triples() -> list[Triple]:
    """ontology/ipkg.ttl as triples (for the store's ontology graph and kg.nq), its blank nodes labelled
    in the order the file gives them (``_:o1``, …), so that the same file gives the same bytes."""
    labels: dict[BlankNode, BlankNode] = {}

    def stable(term: Any) -> Any:
        if isinstance(term, BlankNode):
            return labels.setdefault(term, BlankNode(f"o{len(labels) + 1}"))
        return term

    with ontology_file("ipkg.ttl").open("rb") as handle:
        return [
            Triple(stable(q.subject), q.predicate, stable(q.object))
            for q in parse(handle, format=RdfFormat.TURTLE)
        ]


def ontology_resources() -> list[Triple]:
    """What ontology/ipkg.ttl says of resources of the graph (the concept schemes): the data asserts it too,
    so the graph is complete without the ontology and the two never say different things of one scheme."""
    return [
        t for t in ontology_triples() if isinstance(t.subject, NamedNode) and t.subject.value.startswith(ID)
    ]


def _regions_and_focus(entities: Entities) -> Iterator[Triple]:
    for region in entities.regions:
        node = resource("region", region.key)
        yield Triple(node, RDF.type, IPKG.Region)
        yield Triple(node, RDFS.label, zh(region.label_zh))
        yield Triple(node, RDFS.label, en(region.label_en))
        if region.gb2260:
            yield Triple(node, SKOS.notation, Literal(region.gb2260))
        if region.wikidata:
            yield Triple(node, OWL.sameAs, WD[region.wikidata])
    for focus in entities.focus_areas:
        node = resource("focus-area", focus.key)
        yield from _concept(node, IPKG.FocusArea, REGIONAL_FOCUS_SCHEME)
        yield Triple(node, SKOS.prefLabel, zh(focus.label))
        yield Triple(node, SKOS.notation, Literal(focus.notation))
        yield Triple(node, IPKG.region, resource("region", focus.region_key))
        yield Triple(node, SKOS.broadMatch, resource("national-focus-area", str(focus.national)))


def _measures(entities: Entities) -> Iterator[Triple]:
    for measure in entities.measures:
        node = resource("measure", measure.key)
        yield from _concept(node, IPKG.Measure, MEASURE_SCHEME)
        yield Triple(node, SKOS.prefLabel, zh(measure.label))


def _agencies(entities: Entities) -> Iterator[Triple]:
    for agency in entities.agencies:
        node = resource("agency", agency.key)
        yield Triple(node, RDF.type, IPKG.Agency)
        yield Triple(node, RDF.type, ORG.Organization)
        yield Triple(node, RDFS.label, zh(agency.name))
        yield Triple(node, RDFS.label, en(agency.name_en))
        for alt in agency.alt_labels:
            yield Triple(node, SKOS.altLabel, zh(alt))
        yield Triple(node, IPKG.agencyType, resource("agency-type", agency.type_code))
        yield Triple(node, IPKG.jurisdiction, resource("region", agency.jurisdiction_key))


def _documents(entities: Entities) -> Iterator[Triple]:
    for document in entities.documents:
        node = resource("document", document.key)
        yield Triple(node, RDF.type, IPKG.Document)
        yield Triple(node, RDFS.label, zh(document.title))
        yield Triple(node, DCTERMS.title, zh(document.title))
        if document.region_key:  # a generic title (实施意见): its region's own document
            yield Triple(node, DCTERMS.spatial, resource("region", document.region_key))


def _retired_keys(entities: Entities) -> Iterator[Triple]:
    """Registered IRIs the input no longer gives an entity: kept, deprecated, pointing to a successor."""
    for row in entities.retired_keys:
        node = resource(row.kind, row.key)
        yield Triple(node, OWL.deprecated, Literal("true", datatype=XSD.boolean))
        yield Triple(node, RDFS.comment, en(f"Retired identifier of the {row.kind} 「{row.label}」."))
        if row.replaced_by:
            yield Triple(node, DCTERMS.isReplacedBy, resource(row.kind, row.replaced_by))


def _task(task: Task) -> Iterator[Triple]:
    row = task.row
    node = resource("task", task.key)
    yield Triple(node, RDF.type, IPKG.Task)
    yield Triple(node, RDFS.label, zh(f"{row.region}第{row.row_number}项任务"))
    yield Triple(node, IPKG.region, resource("region", task.region_key))
    yield Triple(node, IPKG.focusArea, resource("focus-area", task.focus_key))
    for key in task.measure_keys:
        yield Triple(node, IPKG.measure, resource("measure", key))
    if row.task:
        yield Triple(node, DCTERMS.description, zh(row.task))
    yield Triple(node, IPKG.rowNumber, integer(row.row_number))
    yield Triple(node, IPKG.firstLine, integer(row.first_line))
    yield Triple(node, IPKG.lastLine, integer(row.last_line))
    yield Triple(node, PROV.wasDerivedFrom, source_document(task.year))
    if row.agencies_raw:
        yield Triple(node, IPKG.agenciesText, zh(row.agencies_raw))
    yield Triple(
        node,
        IPKG.involvesCollective,
        Literal("true" if task.involves_collective else "false", datatype=XSD.boolean),
    )
    for link in task.agencies:
        agency = resource("agency", link.agency_key)
        yield Triple(node, IPKG.responsibleAgency, agency)
        if link.role in ROLE_PROPERTY:
            yield Triple(node, ROLE_PROPERTY[link.role], agency)
    for key in task.task_documents:
        yield Triple(node, IPKG.plansDocument, resource("document", key))
    if row.deliverable:
        deliverable = resource("deliverable", task.key)
        yield Triple(node, IPKG.deliverable, deliverable)
        yield Triple(deliverable, RDF.type, IPKG.Deliverable)
        yield Triple(deliverable, DCTERMS.description, zh(row.deliverable))
        for key in task.deliverable_documents:
            yield Triple(deliverable, IPKG.plansDocument, resource("document", key))
    for number, item in enumerate(task.targets, start=1):
        target, where = item.target, item.field
        target_node = resource("target", f"{task.key}-{number}")
        yield Triple(node, IPKG.target, target_node)
        yield Triple(target_node, RDF.type, IPKG.Target)
        yield Triple(target_node, RDF.type, SCHEMA.QuantitativeValue)
        yield Triple(target_node, IPKG.indicator, zh(target.indicator))
        yield Triple(target_node, SCHEMA.value, decimal(target.value))
        if target.max_value is not None:  # a range: both bounds, as schema.org states ranges
            yield Triple(target_node, SCHEMA.minValue, decimal(target.value))
            yield Triple(target_node, SCHEMA.maxValue, decimal(target.max_value))
        yield Triple(target_node, SCHEMA.unitText, Literal(target.unit))
        yield Triple(target_node, IPKG.comparator, Literal(target.comparator))
        yield Triple(target_node, IPKG.sourceText, zh(target.source_text))
        yield Triple(target_node, IPKG.statedIn, Literal(where))


def _source(edition: Edition, source_sha256: str) -> Iterator[Triple]:
    node = source_document(edition.year)
    yield from checksum(node, source_sha256)
    yield Triple(node, RDF.type, DCTERMS.BibliographicResource)
    yield Triple(node, RDF.type, PROV.Entity)
    if edition.title:
        yield Triple(node, DCTERMS.title, zh(edition.title))
    issued_type = XSD.gYearMonth if "-" in edition.issued else XSD.gYear
    yield Triple(node, DCTERMS.issued, Literal(edition.issued, datatype=issued_type))
    yield Triple(node, DCTERMS["format"], Literal("text/plain"))
    yield Triple(
        node,
        DCTERMS.description,
        en(
            "Tab-separated text extraction of the PDF compilation of the 31 provincial-level "
            "work-plan tables."
        ),
    )
