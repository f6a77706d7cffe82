"""Dereferenceable IRIs: what `kg serve` answers at ``/id/…``, ``/def``, ``/context.jsonld`` and a
query-less ``/query`` (the SPARQL 1.1 Service Description).

Paths map to IRIs by prefix: ``https://w3id.org/ipkg`` + the request path. No kind is parsed, so new
kinds and keys holding "/" (``/id/task/2017/110000-1``) resolve with no change here. A path ending in
``.ttl``, ``.jsonld``, ``.nt`` or ``.html`` that names no resource as it stands names the resource without
that suffix, in that format; otherwise the Accept header chooses.

Where the answers come from. The server keeps one in-memory copy of the store, made at start-up exactly
as each query worker's is, and answers resource requests from it with triple-pattern look-ups in the HTTP
thread: no SPARQL and no worker. That is safe (no query text comes from the client, and a pattern look-up
cannot reach the engine aborts the workers are there to contain), bounded (a description is the
resource's own triples and those pointing to it; the largest, the source document, is ~1,100 triples), and
it keeps resource pages answering while every worker is busy with a long query
(``benchmarks/bench_resources.py`` measures both routes).

The ontology (``/def``) is the build's ontology graph (``ontology/ipkg.ttl`` as the build loaded it into
the store's graph ``https://w3id.org/ipkg/def``, the terms under ``/def#``); its HTML form is the build's
``ontology.html`` (its inline style served at ``/def.css``). The shapes live under another namespace and
are not served here.

Source lines. ``kg build`` keeps a byte-exact copy of each source document in the build
(``kg.build.source_copy``); a task's page shows lines ``ipkg:firstLine``-``ipkg:lastLine`` of the copy of
the document it ``prov:wasDerivedFrom``, read by the parser's own reader, so the numbers are the ones the
build recorded. A build without the copy says so on the page instead of showing nothing.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import source_copy
from kg.errors import InputError
from kg.export import by_subject, jsonld_text
from kg.ontology_doc import ontology_file
from kg.rdf.dataset import DUMPS
from kg.rdf.terms import (
    DATASET,
    DCTERMS,
    DEF,
    ID,
    IPKG,
    ONTOLOGY_IRI,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    RESOURCE_PREFIXES,
    SKOS,
    VOID,
)
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES, Answer, choose
from kg.source.reader import read_source
from kg.store import ONTOLOGY_GRAPH
from kg.templating import templates

BASE = ONTOLOGY_IRI.removesuffix("/def")  # https://w3id.org/ipkg
SUFFIXES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".html": "text/html",
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
ONTOLOGY_CSS = "/def.css"  # the ontology page's own stylesheet (see Resources.ontology_page)
ALTERNATES = (("Turtle", ".ttl"), ("JSON-LD", ".jsonld"), ("N-Triples", ".nt"))  # linked from each page
TURTLE_PREFIXES = PREFIXES | RESOURCE_PREFIXES
LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
GLOSS_LENGTH = 60  # characters of a task's description shown beside it in lists
SD = "http://www.w3.org/ns/sparql-service-description#"


# --- which resource, which format ---------------------------------------------------------------------


def negotiate(accept: Iterable[str]) -> str | None:
    """The media type for a resource (an RDF format or text/html), or None when the client takes none."""
    for media in accept:
        if media in HTML_TYPES:
            return "text/html"
        chosen = choose([media], graph=True)
        if chosen is not None:
            return chosen
    return None


def refusal(status: int, reason: str) -> Answer:
    """A 4xx answer: one line of text saying why."""
    return Answer(status, "text/plain", f"{reason}\n".encode())


def offered() -> str:
    return ", ".join(dict.fromkeys([*SUFFIXES.values(), *GRAPH_TYPES]))


def local_href(iri: str) -> str | None:
    """The path this server answers an IRI at, or None for IRIs it does not serve."""
    if iri.startswith(ID) or iri == ONTOLOGY_IRI or iri.startswith(DEF):
        return urllib.parse.quote(iri[len(BASE) :], safe="/#-._~!$&'()*+,;=:@")
    return None


def compact(iri: str) -> str:
    """``task:110000-1``, ``ipkg:region``; the IRI itself where no prefix fits."""
    best = ""
    for prefix, namespace in TURTLE_PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(TURTLE_PREFIXES.get(best, "")):
            best = prefix
    if best and len(iri) > len(TURTLE_PREFIXES[best]):
        return f"{best}:{iri[len(TURTLE_PREFIXES[best]) :]}"
    return iri


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key with numbers compared as numbers (第2项 before 第10项, 110000-2 before 110000-10)."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text) if part
    )


# --- what a page shows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A resource as a page names it: its link and its labels."""

    iri: str
    href: str  # the local path for the graph's own IRIs, the IRI itself for other web IRIs, else ""
    local: bool
    short: str  # compact IRI
    label_zh: str = ""
    label_en: str = ""
    gloss: str = ""  # its description, shortened, for nodes without labels and in lists
    gloss_language: str = ""


@dataclass(frozen=True)
class Value:
    node: Node | None  # an IRI or blank node; None for a literal
    text: str
    language: str = ""
    datatype: str = ""  # compact; empty for plain and language-tagged strings
    nested: tuple[Property, ...] = ()  # a blank node's own properties, shown in place


@dataclass(frozen=True)
class Property:
    predicate: Node
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Backlinks:
    """The resources pointing here by one property, of one class."""

    predicate: Node
    kind: Node | None
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Related:
    """Resources two steps away, with how many paths lead to each (an agency's partners, …)."""

    title_en: str
    title_zh: str
    unit_en: str  # singular: the page adds the plural's "s"
    unit_zh: str
    items: tuple[tuple[Node, int], ...]


@dataclass(frozen=True)
class SourceLines:
    """The lines of the source document a task was read from (or why they cannot be shown)."""

    document: Node
    first: int
    last: int
    lines: tuple[tuple[int, str], ...]
    missing: str = ""


@dataclass(frozen=True)
class Alternate:
    name: str
    media: str
    href: str


@dataclass(frozen=True)
class ResourcePage:
    resource: Node
    types: tuple[Node, ...]
    properties: tuple[Property, ...]
    source: tuple[SourceLines, ...]
    related: tuple[Related, ...]
    backlinks: tuple[Backlinks, ...]
    alternates: tuple[Alternate, ...]


@dataclass(frozen=True)
class RelatedSpec:
    """On pages of class ``cls``: what the resources pointing here by ``via`` point to by ``then``."""

    cls: ox.NamedNode
    via: ox.NamedNode
    then: ox.NamedNode
    title_en: str
    title_zh: str
    unit_en: str
    unit_zh: str


RELATED = (
    RelatedSpec(
        IPKG.Agency,
        IPKG.responsibleAgency,
        IPKG.responsibleAgency,
        "Partners: agencies sharing tasks",
        "合作部门（共同承担任务）",
        "shared task",
        "项共同任务",
    ),
    RelatedSpec(
        IPKG.Measure,
        IPKG.measure,
        IPKG.region,
        "Regions adopting this work item",
        "采用该工作内容的地区",
        "task",
        "项任务",
    ),
)


def render_resource(page: ResourcePage) -> str:
    """The HTML page of one resource (kg/templates/resource.html; every value escaped)."""
    return templates().get_template("resource.html").render(page=page)


# --- reading the store ---------------------------------------------------------------------------------


Subject = ox.NamedNode | ox.BlankNode


class Resources:
    """The dereferenceable resources of one build: descriptions, pages, the ontology, the service."""

    def __init__(self, store: ox.Store, build_dir: Path) -> None:
        self.store = store
        self.build_dir = build_dir
        self._sources: dict[str, tuple[str, ...] | str] = {}

    # --- the RDF

    def _outgoing(self, subject: Subject) -> Iterator[ox.Triple]:
        for quad in self.store.quads_for_pattern(subject, None, None, None):
            yield quad.triple

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return any(True for _ in self.store.quads_for_pattern(node, None, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, node, None)
        )

    def describe(self, iri: str) -> list[ox.Triple]:
        """The symmetric description: the resource's triples (blank nodes followed), those pointing to it."""
        if iri == ONTOLOGY_IRI:  # the ontology document: the build's ontology graph
            return by_subject(
                [q.triple for q in self.store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)]
            )
        node = ox.NamedNode(iri)
        found = list(self._closure(node))
        found += [q.triple for q in self.store.quads_for_pattern(None, None, node, None)]
        return by_subject(list(dict.fromkeys(found)))  # a triple in two graphs is one triple

    def _closure(self, start: Subject, follow: str | None = None) -> Iterator[ox.Triple]:
        """Triples of ``start`` and of the blank nodes (and IRIs under ``follow``) it leads to."""
        seen: set[Subject] = {start}
        todo: list[Subject] = [start]
        while todo:
            for triple in self._outgoing(todo.pop()):
                yield triple
                obj = triple.object
                further = isinstance(obj, ox.BlankNode) or (
                    follow is not None and isinstance(obj, ox.NamedNode) and obj.value.startswith(follow)
                )
                if further and obj not in seen:
                    assert isinstance(obj, ox.NamedNode | ox.BlankNode)
                    seen.add(obj)
                    todo.append(obj)

    # --- answering a path

    def answer(self, path: str, accept: Iterable[str]) -> Answer:
        """The answer to GET ``path`` (already split from its query string)."""
        if path == ONTOLOGY_CSS:
            return self.ontology_page()[1]
        path = urllib.parse.unquote(path)
        iri, media = self._locate(path)
        if iri is None:
            return refusal(404, f"no resource {BASE}{path} in this graph")
        media = media or negotiate(accept)
        if media is None:
            return refusal(406, f"not acceptable: {BASE}{path} is available as {offered()}")
        if media == "text/html":
            return self._html(iri)
        return Answer(200, media, serialize(self.describe(iri), media))

    def _locate(self, path: str) -> tuple[str | None, str | None]:
        candidates: list[tuple[str, str | None]] = [(path, None)]
        stem, dot, suffix = path.rpartition(".")
        if dot and f".{suffix}" in SUFFIXES:
            candidates.append((stem, SUFFIXES[f".{suffix}"]))
        for candidate, media in candidates:
            iri = BASE + candidate
            try:
                if self.exists(iri):
                    return iri, media
            except ValueError:  # not an IRI at all (spaces, brackets): nothing by that name
                continue
        return None, None

    def _html(self, iri: str) -> Answer:
        if iri == ONTOLOGY_IRI:
            return self.ontology_page()[0]
        return Answer(200, "text/html; charset=utf-8", render_resource(self.page(iri)).encode("utf-8"))

    def ontology_page(self) -> tuple[Answer, Answer]:
        """The build's ontology.html and its stylesheet, served apart (``/def.css``): the page is a standalone
        file with its style inline, which the endpoint's Content-Security-Policy does not run."""
        page = self.build_dir / "ontology.html"
        if not page.is_file():
            missing = refusal(404, f"this build has no ontology page ({page.name})")
            return missing, missing
        text = page.read_text(encoding="utf-8")
        style = re.search(r"<style>(.*?)</style>", text, re.S)
        css = style.group(1) if style else ""
        if style:
            text = (
                text[: style.start()] + f'<link rel="stylesheet" href="{ONTOLOGY_CSS}">' + text[style.end() :]
            )
        return Answer(200, "text/html; charset=utf-8", text.encode()), Answer(200, "text/css", css.encode())

    # --- the page

    def node(self, term: ox.NamedNode | ox.BlankNode, gloss: bool = False) -> Node:
        if isinstance(term, ox.BlankNode):
            return Node(f"_:{term.value}", "", False, f"_:{term.value}")
        iri = term.value
        href = local_href(iri)
        labels: dict[str, str] = {}
        for predicate in LABELS:  # the ontology's terms too: the store holds the ontology
            for quad in self.store.quads_for_pattern(term, predicate, None, None):
                obj = quad.object
                if isinstance(obj, ox.Literal) and obj.language in ("zh", "en"):
                    labels.setdefault(obj.language, obj.value)
        text, language = "", ""
        if gloss or not labels:
            description = next(self.store.quads_for_pattern(term, DCTERMS.description, None, None), None)
            if description is not None and isinstance(description.object, ox.Literal):
                text, language = description.object.value, description.object.language or ""
            if len(text) > GLOSS_LENGTH:
                text = text[:GLOSS_LENGTH] + "…"
        return Node(
            iri,
            href or (iri if iri.startswith(("http://", "https://")) else ""),
            href is not None,
            compact(iri),
            labels.get("zh", ""),
            labels.get("en", ""),
            text,
            language,
        )

    def _value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, seen: set[Subject]) -> Value:
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            shown = "" if term.language or datatype == PREFIXES["xsd"] + "string" else compact(datatype)
            return Value(None, term.value, term.language or "", shown)
        if isinstance(term, ox.Triple):  # no RDF-star in this graph; shown as text if it ever appears
            return Value(None, str(term))
        if isinstance(term, ox.BlankNode) and term not in seen:  # it has no page: its triples go here
            return Value(
                self.node(term), "", nested=self._properties(list(self._outgoing(term)), seen | {term})
            )
        return Value(self.node(term), "")

    def _properties(self, own: list[ox.Triple], seen: set[Subject]) -> tuple[Property, ...]:
        """Values grouped by property: the type first, then labels, then by compact name."""
        by_predicate: dict[ox.NamedNode, list[Value]] = {}
        for triple in own:
            by_predicate.setdefault(triple.predicate, []).append(self._value(triple.object, seen))
        return tuple(
            Property(self.node(predicate), tuple(sorted(values, key=_value_order)))
            for predicate, values in sorted(by_predicate.items(), key=lambda item: _predicate_order(item[0]))
        )

    def page(self, iri: str) -> ResourcePage:
        """Everything the HTML page of ``iri`` shows (``iri`` exists in the store)."""
        subject = ox.NamedNode(iri)
        own = list(self._outgoing(subject))
        types = tuple(
            self.node(t.object)
            for t in own
            if t.predicate == RDF.type and isinstance(t.object, ox.NamedNode | ox.BlankNode)
        )
        type_iris = {t.object for t in own if t.predicate == RDF.type}
        path = local_href(iri) or ""
        return ResourcePage(
            resource=self.node(subject),
            types=types,
            properties=self._properties(own, set()),
            source=tuple(self._source_lines(own)),
            related=tuple(self._related(subject, spec) for spec in RELATED if spec.cls in type_iris),
            backlinks=tuple(self._backlinks(subject)),
            alternates=tuple(Alternate(name, SUFFIXES[suffix], path + suffix) for name, suffix in ALTERNATES),
        )

    def _backlinks(self, subject: ox.NamedNode) -> Iterator[Backlinks]:
        groups: dict[tuple[ox.NamedNode, ox.NamedNode | None], dict[Subject, None]] = {}
        for quad in self.store.quads_for_pattern(None, None, subject, None):
            source = quad.subject
            if not isinstance(source, ox.Triple):
                groups.setdefault((quad.predicate, self._kind(source)), {})[source] = None
        # the longest list first: a region's tasks, an agency's tasks, a scheme's concepts
        for (predicate, kind), members in sorted(
            groups.items(),
            key=lambda item: (
                -len(item[1]),
                compact(item[0][0].value),
                item[0][1].value if item[0][1] else "",
            ),
        ):
            nodes = [self.node(member, gloss=True) for member in members]
            yield Backlinks(
                self.node(predicate),
                self.node(kind) if kind else None,
                tuple(sorted(nodes, key=lambda n: natural_key(n.label_zh or n.label_en or n.short))),
            )

    def _kind(self, subject: Subject) -> ox.NamedNode | None:
        """The class a resource is listed under: its ipkg class if it has one, else its first class."""
        classes = sorted(
            (
                q.object
                for q in self.store.quads_for_pattern(subject, RDF.type, None, None)
                if isinstance(q.object, ox.NamedNode)
            ),
            key=lambda c: (not c.value.startswith(DEF), c.value),
        )
        return classes[0] if classes else None

    def _related(self, subject: ox.NamedNode, spec: RelatedSpec) -> Related:
        counts: Counter[ox.NamedNode] = Counter()
        for link in self.store.quads_for_pattern(None, spec.via, subject, None):
            reached = {
                q.object
                for q in self.store.quads_for_pattern(link.subject, spec.then, None, None)
                if isinstance(q.object, ox.NamedNode) and q.object != subject
            }
            counts.update(reached)
        nodes = [(self.node(term), count) for term, count in counts.items()]
        nodes.sort(key=lambda item: (-item[1], natural_key(item[0].label_zh or item[0].short)))
        return Related(spec.title_en, spec.title_zh, spec.unit_en, spec.unit_zh, tuple(nodes))

    def _source_lines(self, own: list[ox.Triple]) -> Iterator[SourceLines]:
        """The task's lines, from the build's copy of each document it was derived from."""
        numbers = {
            t.predicate: int(t.object.value)
            for t in own
            if t.predicate in (IPKG.firstLine, IPKG.lastLine) and isinstance(t.object, ox.Literal)
        }
        if IPKG.firstLine not in numbers or IPKG.lastLine not in numbers:
            return
        first, last = numbers[IPKG.firstLine], numbers[IPKG.lastLine]
        for triple in own:
            if triple.predicate != PROV.wasDerivedFrom or not isinstance(triple.object, ox.NamedNode):
                continue
            document = self.node(triple.object)
            text = self._source_text(triple.object.value)
            if isinstance(text, str):
                yield SourceLines(document, first, last, (), text)
            elif not 1 <= first <= last <= len(text):
                yield SourceLines(
                    document,
                    first,
                    last,
                    (),
                    f"lines {first}-{last} are outside the copy ({len(text)} lines)",
                )
            else:
                yield SourceLines(
                    document, first, last, tuple((n, text[n - 1]) for n in range(first, last + 1))
                )

    def _source_text(self, document: str) -> tuple[str, ...] | str:
        """The lines of the build's copy of a source document, or why there are none (cached)."""
        if document not in self._sources:
            path = source_copy(self.build_dir, document)
            if path is None or not path.is_file():
                self._sources[document] = "this build keeps no copy of this source document"
            else:
                try:
                    self._sources[document] = read_source(path).lines
                except InputError as error:
                    self._sources[document] = f"the copy of the source document cannot be read: {error}"
        return self._sources[document]

    # --- the service description

    def service_description(self, endpoint: str) -> list[ox.Triple]:
        """SPARQL 1.1 Service Description of the endpoint at ``endpoint``, the VoID dataset its default."""
        sd = ox.NamedNode
        service, dataset = ox.BlankNode("service"), ox.BlankNode("dataset")
        triples = [
            ox.Triple(service, RDF.type, sd(SD + "Service")),
            ox.Triple(service, sd(SD + "endpoint"), ox.NamedNode(endpoint)),
            ox.Triple(service, sd(SD + "supportedLanguage"), sd(SD + "SPARQL11Query")),
        ]
        formats = {f.iri for f in GRAPH_TYPES.values()} | {f.iri for f in RESULT_TYPES.values()}
        triples += [ox.Triple(service, sd(SD + "resultFormat"), sd(iri)) for iri in sorted(formats)]
        triples += [
            ox.Triple(service, sd(SD + "defaultDataset"), dataset),
            ox.Triple(dataset, RDF.type, sd(SD + "Dataset")),
            ox.Triple(dataset, sd(SD + "defaultGraph"), DATASET),
            ox.Triple(DATASET, RDF.type, sd(SD + "Graph")),
            ox.Triple(DATASET, VOID.sparqlEndpoint, ox.NamedNode(endpoint)),
        ]
        triples += self._closure(DATASET, follow=DATASET.value + "/")
        return list(dict.fromkeys(triples))

    def service_answer(self, endpoint: str, accept: Iterable[str]) -> Answer:
        """``GET /query`` without a query: the service description in the negotiated RDF format."""
        media = choose(list(accept), graph=True)
        if media is None:
            return refusal(406, f"not acceptable: the service description is {', '.join(GRAPH_TYPES)}")
        try:
            triples = self.service_description(endpoint)
        except ValueError:  # a Host header that makes no IRI
            return refusal(400, f"cannot describe the endpoint at {endpoint!r}: bad Host header")
        return Answer(200, media, serialize(triples, media))


def dump_answer(build_dir: Path, name: str) -> Answer:
    """A dump of the build at ``/dump/<file>``, where the dataset description's ``dcat:downloadURL`` points
    (through docs/w3id/.htaccess), and ``void.ttl``, which gives their sizes and checksums. Only those
    file names are answered, so no request path reaches any other file."""
    media = {**DUMPS, "void.ttl": DUMPS["kg.ttl"]}.get(name)
    path = build_dir / name
    if media is None or not path.is_file():
        known = ", ".join([*DUMPS, "void.ttl"])
        return Answer(404, "text/plain", f"no dump named {name!r} in this build (dumps: {known})\n".encode())
    return Answer(200, media, path.read_bytes())


#: The project's published files, whatever the Accept: path -> (file under ontology/, media type).
PUBLISHED = {
    "/context.jsonld": ("context.jsonld", "application/ld+json"),
    "/shapes": ("shapes.ttl", "text/turtle"),  # the SHACL shapes the dataset dcterms:conformsTo
    "/shapes.ttl": ("shapes.ttl", "text/turtle"),
}


def published_answer(path: str) -> Answer:
    """A published file of the project (``PUBLISHED``): the JSON-LD context, the SHACL shapes. Readable from
    any origin (``Access-Control-Allow-Origin: *``, as JSON-LD contexts are served: a processor in another
    site's page cannot use the context otherwise); they are in the repository and hold no graph data."""
    name, media = PUBLISHED[path]
    return Answer(200, media, ontology_file(name).read_bytes(), public=True)


def is_resource_path(path: str) -> bool:
    """Paths answered by ``Resources.answer``: ``/id/…`` and ``/def`` (with or without a format suffix)."""
    return path.startswith("/id/") or path == "/def" or path.removeprefix("/def") in (*SUFFIXES, ".css")


def _predicate_order(predicate: ox.NamedNode) -> tuple[int, str]:
    first = {RDF.type.value: 0, RDFS.label.value: 1, SKOS.prefLabel.value: 1, DCTERMS.title.value: 1}
    return first.get(predicate.value, 2), compact(predicate.value)


def _value_order(value: Value) -> tuple[str, tuple[tuple[int, str], ...]]:
    return value.language, natural_key(value.node.short if value.node else value.text)


def serialize(triples: list[ox.Triple], media: str) -> bytes:
    """A graph in one of the endpoint's RDF media types, grouped by subject (Turtle with our prefixes, JSON-LD
    compacted with the published context)."""
    triples = by_subject(triples)
    rdf_format = GRAPH_TYPES[media]
    if rdf_format == ox.RdfFormat.JSON_LD:  # compacted with the published context, as kg.jsonld is
        return jsonld_text(triples).encode("utf-8")
    prefixes = TURTLE_PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    data = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    assert data is not None  # no output given: serialize returns the bytes
    return data
