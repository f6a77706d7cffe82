"""The ontology's human-readable page (``build/ontology.html``): what the page shows, read from the graph
with rdflib; the HTML is kg/templates/ontology.html (Jinja2, autoescaping every value).

A small generator rather than pyLODE: the page must be self-contained and offline (no CDN assets),
deterministic (builds are byte-identical) and bilingual (en and zh side by side).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS

from kg.ontology_doc import PREFIXES, VANN
from kg.rdf import terms
from kg.templating import templates

IPKG = terms.DEF
ONTOLOGY_IRI = URIRef(terms.ONTOLOGY_IRI)
FOAF = PREFIXES["foaf"]

Row = dict[str, Any]  # label, kind (code, texts, links, concepts, plain), value: what the template shows


def render_ontology_html(ontology: Graph, concepts: Graph | None = None) -> str:
    """The page as a string; ``concepts`` adds scheme members (the national focus areas)."""
    return _Page(ontology, concepts).render()


def _qname(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _local(iri: str) -> str:
    return iri[len(IPKG) :]


def _rows(*rows: tuple[str, str, object]) -> list[Row]:
    """The rows that have something to show (an empty value leaves its row out)."""
    return [{"label": label, "kind": kind, "value": value} for label, kind, value in rows if value]


class _Page:
    """One ontology graph (plus optional concept data) as the template's values."""

    def __init__(self, ontology: Graph, concepts: Graph | None = None) -> None:
        self.g = ontology
        self.concepts = concepts if concepts is not None else Graph()

    def ref(self, node: object) -> dict[str, Any]:
        """A link to a term: in-page for ipkg terms, out to its IRI for the others."""
        if isinstance(node, URIRef):
            if str(node).startswith(IPKG):
                return {"anchor": _local(node), "qname": _qname(node)}
            return {"iri": str(node), "qname": _qname(node)}
        if isinstance(node, BNode):
            members = self.g.value(node, OWL.unionOf)
            if members is not None:
                return {"union": [self.ref(m) for m in Collection(self.g, members)]}
            return {"anonymous": True}
        return {"text": str(node)}

    def texts(self, subject: object, predicate: URIRef, graph: Graph | None = None) -> list[dict[str, str]]:
        """Literal values, English before Chinese, each with its language."""
        g = graph if graph is not None else self.g
        values = sorted(
            (v for v in g.objects(subject, predicate) if isinstance(v, Literal)),  # type: ignore[arg-type]
            key=lambda v: ({"en": 0, "zh": 1}.get(v.language or "", 2), str(v)),
        )
        return [{"lang": v.language or "", "value": str(v)} for v in values]

    def links(self, nodes: Iterable[object]) -> list[dict[str, Any]]:
        return [self.ref(n) for n in sorted(nodes, key=str)]

    def strings(self, subject: URIRef, predicate: URIRef) -> list[str]:
        return [str(v) for v in self.g.objects(subject, predicate)]

    def plain(self, subject: URIRef, predicate: URIRef) -> str:
        return ", ".join(sorted(self.strings(subject, predicate)))

    def terms(self, rdf_type: URIRef) -> list[URIRef]:
        return sorted(
            (s for s in self.g.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and s.startswith(IPKG)),
            key=lambda s: _local(s).lower(),
        )

    def in_domain(self, prop: URIRef, cls: URIRef) -> bool:
        for domain in self.g.objects(prop, RDFS.domain):
            if domain == cls:
                return True
            members = self.g.value(domain, OWL.unionOf)
            if members is not None and cls in list(Collection(self.g, members)):
                return True
        return False

    def metadata(self) -> list[Row]:
        o = ONTOLOGY_IRI
        creators = []
        for creator in self.g.objects(o, DCTERMS.creator):
            name = self.g.value(creator, URIRef(FOAF + "name"))
            creators.append({"text": str(name)} if name is not None else self.ref(creator))
        return _rows(
            ("Ontology IRI", "code", [str(o)]),
            ("Version IRI", "links", self.links(self.g.objects(o, OWL.versionIRI))),
            ("Version", "plain", self.plain(o, OWL.versionInfo)),
            ("Namespace", "code", self.strings(o, URIRef(VANN + "preferredNamespaceUri"))),
            ("Preferred prefix", "code", self.strings(o, URIRef(VANN + "preferredNamespacePrefix"))),
            ("Description", "texts", self.texts(o, DCTERMS.description)),
            ("License", "links", self.links(self.g.objects(o, DCTERMS.license))),
            ("Creator", "links", creators),
            ("Created", "plain", self.plain(o, DCTERMS.created)),
            ("Source", "texts", self.texts(o, DCTERMS.source)),
        )

    def class_block(self, cls: URIRef) -> dict[str, Any]:
        props = self.terms(OWL.ObjectProperty) + self.terms(OWL.DatatypeProperty)
        subclasses = [s for s in self.g.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef)]
        return self.block(
            cls,
            "Class",
            _rows(
                ("IRI", "code", [str(cls)]),
                ("Label", "texts", self.texts(cls, RDFS.label)),
                ("Comment", "texts", self.texts(cls, RDFS.comment)),
                ("Subclass of", "links", self.links(self.g.objects(cls, RDFS.subClassOf))),
                ("Superclass of", "links", self.links(subclasses)),
                ("Properties (domain)", "links", self.links(p for p in props if self.in_domain(p, cls))),
                ("Used as range of", "links", self.links(p for p in props if (p, RDFS.range, cls) in self.g)),
            ),
        )

    def property_block(self, prop: URIRef) -> dict[str, Any]:
        kinds = [
            word
            for kind, word in (
                (OWL.ObjectProperty, "object property"),
                (OWL.DatatypeProperty, "datatype property"),
                (OWL.FunctionalProperty, "functional"),
            )
            if (prop, RDF.type, kind) in self.g
        ]
        subproperties = [s for s in self.g.subjects(RDFS.subPropertyOf, prop) if isinstance(s, URIRef)]
        return self.block(
            prop,
            "Property",
            _rows(
                ("IRI", "code", [str(prop)]),
                ("Kind", "plain", ", ".join(kinds)),
                ("Label", "texts", self.texts(prop, RDFS.label)),
                ("Comment", "texts", self.texts(prop, RDFS.comment)),
                ("Domain", "links", self.links(self.g.objects(prop, RDFS.domain))),
                ("Range", "links", self.links(self.g.objects(prop, RDFS.range))),
                ("Subproperty of", "links", self.links(self.g.objects(prop, RDFS.subPropertyOf))),
                ("Superproperty of", "links", self.links(subproperties)),
            ),
        )

    def block(self, term: URIRef, kind: str, rows: list[Row]) -> dict[str, Any]:
        found = list(self.g.objects(term, RDFS.label))
        labels = {getattr(v, "language", None): str(v) for v in reversed(found)}  # the first of a language
        return {
            "anchor": _local(term),
            "qname": _qname(term),
            "kind": kind,
            "en": labels.get("en", ""),
            "zh": labels.get("zh", ""),
            "rows": rows,
        }

    def schemes(self) -> list[dict[str, Any]]:
        both = self.g + self.concepts
        found = []
        schemes = {s for s in both.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}
        for scheme in sorted(schemes, key=str):
            members = sorted(
                (c for c in both.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
                key=lambda c: (str(both.value(c, SKOS.notation) or ""), str(c)),
            )
            concepts = [
                {
                    "notation": str(both.value(c, SKOS.notation) or ""),
                    "label": self.texts(c, SKOS.prefLabel, both),
                    "definition": self.texts(c, SKOS.definition, both),
                }
                for c in members
            ]
            rows = _rows(
                ("IRI", "code", [str(scheme)]),
                ("Label", "texts", self.texts(scheme, SKOS.prefLabel, both)),
                ("Definition", "texts", self.texts(scheme, SKOS.definition, both)),
                ("Concepts", "concepts", concepts),
            )
            found.append({"qname": _qname(scheme), "rows": rows})
        return found

    def alignments(self) -> list[dict[str, Any]]:
        found = []
        for predicate, word in ((RDFS.subClassOf, "⊑"), (RDFS.subPropertyOf, "⊑ (property)")):
            for s, o in sorted(self.g.subject_objects(predicate), key=lambda so: (str(so[0]), str(so[1]))):
                if isinstance(s, URIRef) and s.startswith(IPKG):
                    found.append({"subject": self.ref(s), "word": word, "object": self.ref(o)})
        return found

    def render(self) -> str:
        classes = self.terms(OWL.Class)
        object_props = self.terms(OWL.ObjectProperty)
        data_props = self.terms(OWL.DatatypeProperty)
        titles = {getattr(t, "language", None): str(t) for t in self.g.objects(ONTOLOGY_IRI, DCTERMS.title)}
        any_title = self.g.value(ONTOLOGY_IRI, DCTERMS.title)
        title_en = titles.get("en", str(any_title) if any_title is not None else "ipkg ontology")
        return (
            templates()
            .get_template("ontology.html")
            .render(
                title_en=title_en,
                title_zh=titles.get("zh", ""),
                metadata=self.metadata(),
                class_refs=[self.ref(c) for c in classes],
                object_property_refs=[self.ref(p) for p in object_props],
                datatype_property_refs=[self.ref(p) for p in data_props],
                classes=[self.class_block(c) for c in classes],
                object_properties=[self.property_block(p) for p in object_props],
                datatype_properties=[self.property_block(p) for p in data_props],
                alignments=self.alignments(),
                schemes=self.schemes(),
                namespaces=sorted(PREFIXES.items()),
            )
        )
