"""Content negotiation: which media types the endpoint answers in, and which one a request gets.

Also the shape of every answer (status, media type, body), whoever makes it: a worker, the page, a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
# ?format= / ?output= / ?results= short names (SPARQLWrapper, YASGUI and curl users send these)
SHORT_NAMES: dict[str, tuple[str, str]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", ""),
    "tsv": ("text/tab-separated-values", ""),
    "turtle": ("", "text/turtle"),
    "ttl": ("", "text/turtle"),
    "n3": ("", "text/turtle"),
    "json-ld": ("", "application/ld+json"),
    "jsonld": ("", "application/ld+json"),
    "nt": ("", "application/n-triples"),
    "ntriples": ("", "application/n-triples"),
    "n-triples": ("", "application/n-triples"),
    "rdf+xml": ("", "application/rdf+xml"),
    "rdfxml": ("", "application/rdf+xml"),
}
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples", "text/plain"}
PREFIXES = {
    "ipkg": "https://w3id.org/ipkg/def#",
    "id": "https://w3id.org/ipkg/id/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, media type (without charset) and body."""

    status: int
    media: str
    body: bytes


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped; ties keep the client's order)."""
    if not header or not header.strip():
        return ["*/*"]
    ranked = []
    for position, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose(accept: Sequence[str], graph: bool) -> str | None:
    """The media type to answer with for a result kind, or None (406) if the client accepts none."""
    table = GRAPH_TYPES if graph else RESULT_TYPES
    default = "text/turtle" if graph else "application/sparql-results+json"
    for media in accept:
        if media in table:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            if default.startswith(family):
                return default
            found = next((m for m in table if m.startswith(family)), None)
            if found:
                return found
    return None


def accept_from_request(params: dict[str, list[str]], header: str | None) -> list[str]:
    """A ?format=/?output=/?results= parameter wins over the Accept header, as most endpoints do."""
    for key in ("format", "output", "results"):
        for value in params.get(key, []):
            value = value.strip().lower()
            if value in SHORT_NAMES:
                return [m for m in SHORT_NAMES[value] if m]
            if "/" in value:
                return [value]
    return parse_accept(header)
