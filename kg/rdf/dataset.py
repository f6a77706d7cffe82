"""The dataset's self-description (VoID + DCAT + PROV), made from the finished graph, and the description of
the dump files (``void.ttl``), made from the files once written.

Everything here is derived from the graph or the files, never from the clock: the same input gives the same
bytes. The version is the software's version plus a digest of the graph's content, so it changes whenever the
data does; ``dcterms:issued`` and ``dcterms:modified`` are the issue dates of the first and the latest edition
of the source compilation the graph was built from, and ``dcterms:temporal`` spans their years.

The byte size and checksum of a dump cannot be stated inside that dump (stating them changes them), so the
graph (and every dump of it) describes each distribution by what does not depend on its bytes (media type,
download URL, format) and ``void.ttl``, written beside the dumps and describing them from outside, adds
``dcat:byteSize`` and ``spdx:checksum`` for kg.nt, kg.ttl, kg.jsonld, kg.nq and tasks.csv.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

import kg
from kg.formats import GRAPH_FORMATS, RESULT_FORMATS
from kg.rdf.terms import (
    DATASET,
    DCAT,
    DCTERMS,
    FOAF,
    ID,
    IPKG,
    ONTOLOGY_IRI,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SHAPES_IRI,
    SPDX,
    VCARD,
    VOID,
    WD,
    XSD,
    resource,
)

LICENSE = NamedNode("https://creativecommons.org/licenses/by/4.0/")
SHAPES = NamedNode(SHAPES_IRI)
ONTOLOGY = NamedNode(ONTOLOGY_IRI)
#: The one agent that creates and publishes the dataset and the ontology (ontology/ipkg.ttl names it too).
PUBLISHER = resource("agent", "ipkg-project")
SOFTWARE = resource("agent", "ipkg-software")
BUILD = NamedNode(DATASET.value + "/build")
WIKIDATA_LINKS = NamedNode(DATASET.value + "/linkset/wikidata")
WIKIDATA = WD.Q2013  # Wikidata, the dataset
CHINA = WD.Q148
#: Where the dumps are downloaded from (docs/w3id/.htaccess sends /ipkg/dump/ to the deployment).
DUMP_BASE = "https://w3id.org/ipkg/dump/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
_MEDIA_TYPE = {f.name: f.media_type for f in (*RESULT_FORMATS, *GRAPH_FORMATS)}  # the one registry's
#: The dumps: file name -> media type (the files `kg build` writes beside the store).
DUMPS: dict[str, str] = {
    "kg.nt": _MEDIA_TYPE["nt"],
    "kg.ttl": _MEDIA_TYPE["turtle"],
    "kg.jsonld": _MEDIA_TYPE["jsonld"],
    "kg.nq": _MEDIA_TYPE["nquads"],
    "tasks.csv": _MEDIA_TYPE["csv"],
}
THEMES = (  # the EU data-theme vocabulary DCAT-AP uses
    NamedNode("http://publications.europa.eu/resource/authority/data-theme/GOVE"),
    NamedNode("http://publications.europa.eu/resource/authority/data-theme/TECH"),
)
LANGUAGES = (
    NamedNode("http://id.loc.gov/vocabulary/iso639-1/zh"),
    NamedNode("http://id.loc.gov/vocabulary/iso639-1/en"),
)
KEYWORDS = (
    ("intellectual property", "en"),
    ("IP strategy", "en"),
    ("work plan", "en"),
    ("China", "en"),
    ("provinces", "en"),
    ("知识产权", "zh"),
    ("知识产权战略", "zh"),
    ("工作要点", "zh"),
)


def _en(text: str) -> Literal:
    return Literal(text, language="en")


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def is_dataset_description(triple: Triple) -> bool:
    """Whether a triple belongs to the dataset's self-description (which is remade when the graph changes)."""
    subject = triple.subject
    # the description's subjects are all IRIs: the dataset, its partitions, distributions, build, agents
    return isinstance(subject, NamedNode) and (
        subject.value == DATASET.value or subject.value.startswith((DATASET.value + "/", ID + "agent/"))
    )


def distribution(name: str) -> NamedNode:
    return NamedNode(f"{DATASET.value}/distribution/{name}")


def _digest(triples: list[Triple]) -> str:
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert data is not None
    return hashlib.sha256(b"".join(sorted(data.splitlines(keepends=True)))).hexdigest()


@dataclass(frozen=True)
class _Census:
    """What the description counts in the graph, gathered in three passes over it (one pass per count
    took 0.9 s at 16 editions; each pass costs, mostly in making the term objects)."""

    subjects: int  # distinct subjects, the dataset's own IRI included
    predicates: Counter[NamedNode]  # triples per predicate
    typed: list[Triple]  # the rdf:type statements
    issued: list[Triple]  # the dcterms:issued statements
    same_as: list[Triple]  # the owl:sameAs statements


def _census(triples: list[Triple]) -> _Census:
    predicates = [t.predicate for t in triples]
    wanted = {RDF.type, DCTERMS.issued, OWL.sameAs}
    picked: dict[NamedNode, list[Triple]] = {predicate: [] for predicate in wanted}
    for triple in [t for t, p in zip(triples, predicates, strict=True) if p in wanted]:
        picked[triple.predicate].append(triple)
    return _Census(
        subjects=len({t.subject for t in triples} | {DATASET}),
        predicates=Counter(predicates),
        typed=picked[RDF.type],
        issued=picked[DCTERMS.issued],
        same_as=picked[OWL.sameAs],
    )


def _sources(census: _Census) -> list[tuple[NamedNode, str]]:
    """The source compilations the graph was read from, with their issue dates (``2017-04``), by date."""
    sources = {
        t.subject
        for t in census.typed
        if t.object == DCTERMS.BibliographicResource
        and isinstance(t.subject, NamedNode)
        and t.subject.value.startswith(ID + "source/")
    }
    issued = {
        t.subject: t.object.value
        for t in census.issued
        if t.subject in sources and isinstance(t.object, Literal)
    }
    return sorted(((s, issued[s]) for s in sources if s in issued), key=lambda item: (item[1], item[0].value))


def describe_dataset(triples: Iterable[Triple]) -> list[Triple]:
    """VoID/DCAT/PROV self-description of a finished graph (``triples``: no duplicates, no earlier
    description)."""
    triples = list(triples)
    census = _census(triples)
    sources = _sources(census)
    years = [issued[:4] for _, issued in sources]
    out = [
        Triple(DATASET, RDF.type, VOID.Dataset),
        Triple(DATASET, RDF.type, DCAT.Dataset),
        Triple(
            DATASET,
            DCTERMS.title,
            _en(f"ipkg: the {', '.join(years)} provincial IP-strategy work plans of China"),
        ),
        Triple(
            DATASET,
            DCTERMS.title,
            Literal(f"{'、'.join(years)}年全国地方知识产权战略实施工作要点知识图谱", language="zh"),
        ),
        Triple(
            DATASET,
            DCTERMS.description,
            _en(
                f"Every task of the 31 provincial-level work-plan tables of {', '.join(years)}, with its "
                "focus area, work items, deliverable, responsible agencies (resolved and typed), quantified "
                "targets and planned documents."
            ),
        ),
        Triple(DATASET, DCTERMS.license, LICENSE),
        Triple(DATASET, DCTERMS.creator, PUBLISHER),
        Triple(DATASET, DCTERMS.publisher, PUBLISHER),
        Triple(DATASET, DCAT.contactPoint, NamedNode(PUBLISHER.value + "/contact")),
        Triple(DATASET, DCTERMS.spatial, CHINA),
        Triple(DATASET, DCTERMS.conformsTo, SHAPES),
        Triple(DATASET, DCTERMS.conformsTo, ONTOLOGY),
        Triple(DATASET, VOID.vocabulary, NamedNode(PREFIXES["ipkg"])),
        Triple(DATASET, VOID.uriSpace, Literal(ID)),
        Triple(DATASET, OWL.versionInfo, Literal(f"{kg.__version__}+{_digest(triples)[:12]}")),
        Triple(DATASET, PROV.wasGeneratedBy, BUILD),
        *[Triple(DATASET, DCAT.theme, theme) for theme in THEMES],
        *[Triple(DATASET, DCTERMS.language, language) for language in LANGUAGES],
        *[Triple(DATASET, DCAT.keyword, Literal(text, language=lang)) for text, lang in KEYWORDS],
        *_agents(),
        *_build(sources),
        *_distributions(),
    ]
    if sources:
        out += [
            Triple(DATASET, DCTERMS.source, sources[0][0]),
            Triple(DATASET, PROV.wasDerivedFrom, sources[0][0]),
            Triple(DATASET, DCTERMS.issued, Literal(sources[0][1], datatype=XSD.gYearMonth)),
            Triple(DATASET, DCTERMS.modified, Literal(sources[-1][1], datatype=XSD.gYearMonth)),
            *_period(sources[0][1][:4], sources[-1][1][:4]),
        ]
        out += [Triple(DATASET, DCTERMS.source, s) for s, _ in sources[1:]]
        out += [Triple(DATASET, PROV.wasDerivedFrom, s) for s, _ in sources[1:]]
    out += _examples(census)
    out += _partitions(census)
    out += _wikidata_linkset(census)
    out.append(Triple(DATASET, VOID.entities, _integer(census.subjects)))
    # the triple count includes this very statement and the rest of the description
    out.append(Triple(DATASET, VOID.triples, _integer(len(triples) + len(out) + 1)))
    return out


def _agents() -> list[Triple]:
    contact = NamedNode(PUBLISHER.value + "/contact")
    return [
        Triple(PUBLISHER, RDF.type, FOAF.Organization),
        Triple(PUBLISHER, RDF.type, PROV.Agent),
        Triple(PUBLISHER, FOAF.name, Literal("The ipkg project")),
        Triple(contact, RDF.type, VCARD.Organization),
        Triple(contact, VCARD.fn, Literal("The ipkg project")),
        Triple(contact, VCARD.hasURL, NamedNode("https://w3id.org/ipkg/")),
        Triple(SOFTWARE, RDF.type, PROV.SoftwareAgent),
        Triple(SOFTWARE, RDFS.label, Literal("ipkg")),
        Triple(SOFTWARE, OWL.versionInfo, Literal(kg.__version__)),
    ]


def _build(sources: list[tuple[NamedNode, str]]) -> list[Triple]:
    """The build activity: the software (and its version) that read which source files (their checksums are
    on the source documents: ``spdx:checksum``)."""
    out = [
        Triple(BUILD, RDF.type, PROV.Activity),
        Triple(BUILD, RDFS.label, _en("kg build")),
        Triple(BUILD, PROV.wasAssociatedWith, SOFTWARE),
    ]
    return out + [Triple(BUILD, PROV.used, source) for source, _ in sources]


def _period(first_year: str, last_year: str) -> list[Triple]:
    period = NamedNode(DATASET.value + "/period")
    return [
        Triple(DATASET, DCTERMS.temporal, period),
        Triple(period, RDF.type, DCTERMS.PeriodOfTime),
        Triple(period, DCAT.startDate, Literal(first_year, datatype=XSD.gYear)),
        Triple(period, DCAT.endDate, Literal(last_year, datatype=XSD.gYear)),
    ]


def _distributions() -> list[Triple]:
    out = []
    for name, media_type in DUMPS.items():
        node = distribution(name)
        url = NamedNode(DUMP_BASE + name)
        out += [
            Triple(DATASET, DCAT.distribution, node),
            Triple(node, RDF.type, DCAT.Distribution),
            Triple(node, DCTERMS.title, _en(name)),
            Triple(node, DCAT.mediaType, NamedNode(MEDIA_TYPES + media_type)),
            Triple(node, DCAT.downloadURL, url),
            Triple(node, DCAT.accessURL, url),
            Triple(node, DCTERMS.license, LICENSE),
        ]
        if name != "tasks.csv":
            out.append(Triple(DATASET, VOID.dataDump, url))
    return out


def _examples(census: _Census) -> list[Triple]:
    out = []
    for cls in (IPKG.Task, IPKG.Agency, IPKG.Measure):  # the first of each kind, by IRI
        members = [
            t.subject.value for t in census.typed if t.object == cls and isinstance(t.subject, NamedNode)
        ]
        if members:
            out.append(Triple(DATASET, VOID.exampleResource, NamedNode(min(members))))
    return out


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _partitions(census: _Census) -> list[Triple]:
    """Class partitions (entities per class) and property partitions (triples per predicate) of the content
    (the description's own triples are not counted)."""
    classes = Counter(t.object for t in census.typed if isinstance(t.object, NamedNode))
    out = []
    for cls, count in sorted(classes.items(), key=lambda item: item[0].value):
        partition = NamedNode(f"{DATASET.value}/class/{_local(cls.value)}")
        out += [
            Triple(DATASET, VOID.classPartition, partition),
            Triple(partition, VOID["class"], cls),
            Triple(partition, VOID.entities, _integer(count)),
        ]
    properties = census.predicates
    prefixes = {base: name for name, base in PREFIXES.items()}
    for predicate, count in sorted(properties.items(), key=lambda item: item[0].value):
        base = predicate.value[: len(predicate.value) - len(_local(predicate.value))]
        name = f"{prefixes.get(base, 'other')}-{_local(predicate.value)}"
        partition = NamedNode(f"{DATASET.value}/property/{name}")
        out += [
            Triple(DATASET, VOID.propertyPartition, partition),
            Triple(partition, VOID.property, predicate),
            Triple(partition, VOID.triples, _integer(count)),
        ]
    return out


def _wikidata_linkset(census: _Census) -> list[Triple]:
    links = sum(
        1
        for t in census.same_as
        if isinstance(t.object, NamedNode) and t.object.value.startswith(PREFIXES["wd"])
    )
    return [
        Triple(DATASET, VOID.subset, WIKIDATA_LINKS),
        Triple(WIKIDATA_LINKS, RDF.type, VOID.Linkset),
        Triple(WIKIDATA_LINKS, DCTERMS.title, _en("Regions identified with their Wikidata entities")),
        Triple(WIKIDATA_LINKS, VOID.subjectsTarget, DATASET),
        Triple(WIKIDATA_LINKS, VOID.objectsTarget, WIKIDATA),
        Triple(WIKIDATA_LINKS, VOID.linkPredicate, OWL.sameAs),
        Triple(WIKIDATA_LINKS, VOID.triples, _integer(links)),
    ]


def describe_dumps(out_dir: Path) -> list[Triple]:
    """``void.ttl``: each dump file's byte size and SHA-256, stated outside the files they describe."""
    out = []
    for name in DUMPS:
        path = out_dir / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        node = distribution(name)
        out += [
            Triple(node, RDF.type, DCAT.Distribution),
            Triple(node, DCAT.byteSize, Literal(str(len(data)), datatype=XSD.nonNegativeInteger)),
            *checksum(node, hashlib.sha256(data).hexdigest()),
        ]
    return out


def checksum(subject: NamedNode, sha256: str) -> list[Triple]:
    """A file's SHA-256 in SPDX terms, on an IRI of its own (no blank nodes: exports stay byte-identical)."""
    checksum = NamedNode(subject.value + "/sha256")
    return [
        Triple(subject, SPDX.checksum, checksum),
        Triple(checksum, RDF.type, SPDX.Checksum),
        Triple(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
        Triple(checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)),
    ]
