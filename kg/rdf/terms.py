"""Namespaces, resource IRIs and the ontology's terms, in one place (see docs/graph-model.md)."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

DEF = "https://w3id.org/ipkg/def#"
ID = "https://w3id.org/ipkg/id/"
ONTOLOGY_IRI = "https://w3id.org/ipkg/def"
#: The SHACL shapes (ontology/shapes.ttl): the shapes graph's IRI; its shapes are ``SHAPES_IRI#Name``.
SHAPES_IRI = "https://w3id.org/ipkg/shapes"
#: Where the JSON-LD context (ontology/context.jsonld) is published (docs/w3id/.htaccess, `kg serve`).
CONTEXT_IRI = "https://w3id.org/ipkg/context.jsonld"

PREFIXES: dict[str, str] = {
    "ipkg": DEF,
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "http://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}

#: Vocabularies of the dataset's description only (kg/rdf/dataset.py): checksums, agents, contact points.
DESCRIPTION_PREFIXES: dict[str, str] = {
    "spdx": "http://spdx.org/rdf/terms#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}


#: Extra prefixes for readable Turtle: one per kind of resource (``task:2017\/110000-12``).
RESOURCE_PREFIXES: dict[str, str] = {
    name: f"{ID}{kind}/"
    for name, kind in (
        ("region", "region"),
        ("focus", "focus-area"),
        ("nfa", "national-focus-area"),
        ("measure", "measure"),
        ("task", "task"),
        ("deliverable", "deliverable"),
        ("target", "target"),
        ("agency", "agency"),
        ("atype", "agency-type"),
        ("doc", "document"),
        ("scheme", "scheme"),
        ("network", "network"),
        ("centrality", "centrality"),
        ("source", "source"),
        ("dataset", "dataset"),
    )
}


class _Namespace:
    """``NS.term`` → NamedNode; cached so building 60k triples does not re-create nodes.

    The first ``NS.term`` stores the node as an instance attribute, so every later one is a plain
    attribute lookup (``__getattr__`` only runs for names not found): millions of them in a large build.
    """

    def __init__(self, base: str) -> None:
        self._base = base
        self._cache: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        node = self[name]
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> NamedNode:
        node = self._cache.get(name)
        if node is None:
            node = self._cache[name] = NamedNode(self._base + name)
        return node


IPKG = _Namespace(DEF)
RDF = _Namespace(PREFIXES["rdf"])
RDFS = _Namespace(PREFIXES["rdfs"])
OWL = _Namespace(PREFIXES["owl"])
XSD = _Namespace(PREFIXES["xsd"])
SKOS = _Namespace(PREFIXES["skos"])
DCTERMS = _Namespace(PREFIXES["dcterms"])
PROV = _Namespace(PREFIXES["prov"])
ORG = _Namespace(PREFIXES["org"])
SCHEMA = _Namespace(PREFIXES["schema"])
WD = _Namespace(PREFIXES["wd"])
VOID = _Namespace(PREFIXES["void"])
DCAT = _Namespace(PREFIXES["dcat"])
SPDX = _Namespace(DESCRIPTION_PREFIXES["spdx"])
FOAF = _Namespace(DESCRIPTION_PREFIXES["foaf"])
VCARD = _Namespace(DESCRIPTION_PREFIXES["vcard"])


def resource(kind: str, key: str) -> NamedNode:
    """``https://w3id.org/ipkg/id/<kind>/<key>``."""
    return NamedNode(f"{ID}{kind}/{key}")


def source_document(year: int) -> NamedNode:
    """The source document of one edition: ``id/source/2017``."""
    return resource("source", str(year))


DATASET = resource("dataset", "ipkg")
FOCUS_SCHEME = resource("scheme", "focus-areas")
AGENCY_TYPE_SCHEME = resource("scheme", "agency-types")
MEASURE_SCHEME = resource("scheme", "measures")
REGIONAL_FOCUS_SCHEME = resource("scheme", "regional-focus-areas")


def canonical_decimal(lexical: str) -> str:
    """The canonical xsd:decimal form the store keeps ("8.000000" -> "8", "-0.50" -> "-0.5")."""
    text = lexical.strip()
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("+-").partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    number = f"{whole}.{fraction}" if fraction else whole
    return f"-{number}" if negative and number != "0" else number


def canonical(triple: Triple) -> Triple:
    """The triple as the store holds it (canonical decimal literals), so that exports equal the store."""
    obj = triple.object
    if isinstance(obj, Literal) and obj.datatype.value == XSD_DECIMAL:
        text = canonical_decimal(obj.value)
        if text != obj.value:
            return Triple(triple.subject, triple.predicate, Literal(text, datatype=obj.datatype))
    return triple


XSD_DECIMAL = PREFIXES["xsd"] + "decimal"
