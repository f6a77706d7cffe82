"""Resolved entities -> RDF triples (pyoxigraph terms), following the contract and docs/graph-model.md."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from kg.edition import Edition
from kg.entities.model import Entities, Task
from kg.entities.vocab import agency_types
from kg.rdf.terms import (
    AGENCY_TYPE_SCHEME,
    DATASET,
    DCAT,
    DCTERMS,
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
    VOID,
    WD,
    XSD,
    resource,
    source_document,
)

ROLE_PROPERTY = {"lead": IPKG.leadAgency, "supporting": IPKG.supportingAgency}
#: Fixed, so that the same input gives byte-identical exports: the day this dataset version was made.
DATASET_VERSION = "0.1.0"
DATASET_CREATED = "2026-11-25"
LICENSE = NamedNode("https://creativecommons.org/licenses/by/4.0/")


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
    for task in entities.tasks:
        triples += _task(task)
    for edition in entities.editions:
        triples += _source(edition, source_sha256[edition.year])
    return triples


def _vocabularies(national_focus_areas: Path) -> Iterator[Triple]:
    with national_focus_areas.open("rb") as handle:
        yield from parse(handle, format=RdfFormat.TURTLE)
    yield Triple(AGENCY_TYPE_SCHEME, RDF.type, SKOS.ConceptScheme)
    yield Triple(AGENCY_TYPE_SCHEME, SKOS.prefLabel, en("Agency types"))
    yield Triple(AGENCY_TYPE_SCHEME, SKOS.prefLabel, zh("责任部门类型"))
    for info in agency_types().values():
        node = resource("agency-type", info.code)
        yield Triple(node, RDF.type, IPKG.AgencyType)
        yield Triple(node, RDF.type, SKOS.Concept)
        yield Triple(node, SKOS.inScheme, AGENCY_TYPE_SCHEME)
        yield Triple(node, SKOS.notation, Literal(info.code))
        yield Triple(node, SKOS.prefLabel, zh(info.label_zh))
        yield Triple(node, SKOS.prefLabel, en(info.label_en))
    for scheme, label_en, label_zh in (
        (MEASURE_SCHEME, "Work items (measures)", "工作内容"),
        (REGIONAL_FOCUS_SCHEME, "Regional focus areas", "地方工作重点"),
    ):
        yield Triple(scheme, RDF.type, SKOS.ConceptScheme)
        yield Triple(scheme, SKOS.prefLabel, en(label_en))
        yield Triple(scheme, SKOS.prefLabel, zh(label_zh))


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
        yield Triple(node, RDF.type, IPKG.FocusArea)
        yield Triple(node, RDF.type, SKOS.Concept)
        yield Triple(node, SKOS.inScheme, REGIONAL_FOCUS_SCHEME)
        yield Triple(node, SKOS.prefLabel, zh(focus.label))
        yield Triple(node, SKOS.notation, Literal(focus.notation))
        yield Triple(node, IPKG.region, resource("region", focus.region_key))
        yield Triple(node, SKOS.broadMatch, resource("national-focus-area", str(focus.national)))


def _measures(entities: Entities) -> Iterator[Triple]:
    for measure in entities.measures:
        node = resource("measure", measure.key)
        yield Triple(node, RDF.type, IPKG.Measure)
        yield Triple(node, RDF.type, SKOS.Concept)
        yield Triple(node, SKOS.inScheme, MEASURE_SCHEME)
        yield Triple(node, SKOS.prefLabel, zh(measure.label))


def _agencies(entities: Entities) -> Iterator[Triple]:
    for agency in entities.agencies:
        node = resource("agency", agency.key)
        yield Triple(node, RDF.type, IPKG.Agency)
        yield Triple(node, RDF.type, ORG.Organization)
        yield Triple(node, RDFS.label, zh(agency.name))
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
        if target.max_value is not None:
            yield Triple(target_node, SCHEMA.maxValue, decimal(target.max_value))
        yield Triple(target_node, SCHEMA.unitText, Literal(target.unit))
        yield Triple(target_node, IPKG.comparator, Literal(target.comparator))
        yield Triple(target_node, IPKG.sourceText, zh(target.source_text))
        yield Triple(target_node, IPKG.statedIn, Literal(where))


def _source(edition: Edition, source_sha256: str) -> Iterator[Triple]:
    node = source_document(edition.year)
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
            "work-plan tables "
            f"(SHA-256 {source_sha256})."
        ),
    )


def is_dataset_description(triple: Triple) -> bool:
    """Whether a triple belongs to the dataset's self-description (which is remade when the graph changes)."""
    subject = triple.subject
    # the description's subjects are all IRIs: the dataset and its class partitions
    return isinstance(subject, NamedNode) and (
        subject.value == DATASET.value or subject.value.startswith(DATASET.value + "/class/")
    )


def describe_dataset(triples: Iterable[Triple]) -> list[Triple]:
    """VoID/DCAT self-description of a finished graph (``triples``: no duplicates, no earlier description)."""
    triples = list(triples)
    sources = sorted(
        t.subject.value
        for t in triples
        if t.predicate == RDF.type
        and t.object == DCTERMS.BibliographicResource
        and isinstance(t.subject, NamedNode)
    )
    years = ", ".join(iri.rsplit("/", 1)[-1] for iri in sources)
    classes = Counter(
        t.object for t in triples if t.predicate == RDF.type and isinstance(t.object, NamedNode)
    )  # classes are IRIs
    out = [
        Triple(DATASET, RDF.type, VOID.Dataset),
        Triple(DATASET, RDF.type, DCAT.Dataset),
        Triple(DATASET, DCTERMS.title, en(f"ipkg: the {years} provincial IP-strategy work plans of China")),
        Triple(
            DATASET,
            DCTERMS.title,
            zh(f"{'、'.join(years.split(', '))}年全国地方知识产权战略实施工作要点知识图谱"),
        ),
        Triple(
            DATASET,
            DCTERMS.description,
            en(
                f"Every task of the 31 provincial-level work-plan tables of {years}, with its focus area, "
                "work items, deliverable, responsible agencies (resolved and typed), quantified targets and "
                "planned documents."
            ),
        ),
        Triple(DATASET, DCTERMS.license, LICENSE),
        *(Triple(DATASET, DCTERMS.source, NamedNode(iri)) for iri in sources),
        *(Triple(DATASET, PROV.wasDerivedFrom, NamedNode(iri)) for iri in sources),
        Triple(DATASET, DCTERMS.created, Literal(DATASET_CREATED, datatype=XSD.date)),
        Triple(DATASET, OWL.versionInfo, Literal(DATASET_VERSION)),
        Triple(DATASET, DCTERMS.creator, Literal("ipkg developers")),
        Triple(DATASET, VOID.vocabulary, NamedNode("https://w3id.org/ipkg/def#")),
        Triple(DATASET, VOID.uriSpace, Literal("https://w3id.org/ipkg/id/")),
    ]
    for cls in (IPKG.Task, IPKG.Agency, IPKG.Measure):  # the first of each kind, by IRI
        members = sorted(
            t.subject.value
            for t in triples
            if t.predicate == RDF.type and t.object == cls and isinstance(t.subject, NamedNode)
        )
        if members:
            out.append(Triple(DATASET, VOID.exampleResource, NamedNode(members[0])))
    subjects = {t.subject for t in triples} | {DATASET}
    for cls, count in sorted(classes.items(), key=lambda item: item[0].value):
        partition = NamedNode(f"{DATASET.value}/class/{cls.value.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
        out += [
            Triple(DATASET, VOID.classPartition, partition),
            Triple(partition, VOID["class"], cls),
            Triple(partition, VOID.entities, integer(count)),
        ]
    out.append(Triple(DATASET, VOID.entities, integer(len(subjects))))
    # the triple count includes this very statement and the rest of the description
    out.append(Triple(DATASET, VOID.triples, integer(len(triples) + len(out) + 1)))
    return out
