"""Content negotiation: which media types the endpoint answers in, and which one a request gets.

Also the shape of every answer (status, media type, body), whoever makes it: a worker, the page, a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox

from kg.formats import GRAPH_FORMATS, RESULT_FORMATS, Format


def _by_media_type(formats: tuple[Format, ...]) -> dict[str, ox.QueryResultsFormat | ox.RdfFormat]:
    """Media type -> pyoxigraph format: main types first, then the aliases clients send (so text/* picks a
    main type)."""
    table = {f.media_type: f.oxigraph for f in formats}
    for f in formats:
        table.update({alias: f.oxigraph for alias in f.aliases if alias not in table})
    return table


# from the one registry of formats (kg/formats.py); an answer is triples, so not N-Quads
RESULT_TYPES = cast(dict[str, ox.QueryResultsFormat], _by_media_type(RESULT_FORMATS))
GRAPH_TYPES = cast(
    dict[str, ox.RdfFormat],
    _by_media_type(tuple(f for f in GRAPH_FORMATS if f.oxigraph != ox.RdfFormat.N_QUADS)),
)

_RESULT = {f.name: f.media_type for f in RESULT_FORMATS}
_GRAPH = {f.name: f.media_type for f in GRAPH_FORMATS}
#: What an answer is written as when the client accepts anything: the registry's first of each kind.
DEFAULT_RESULT_TYPE, DEFAULT_GRAPH_TYPE = RESULT_FORMATS[0].media_type, GRAPH_FORMATS[0].media_type

# ?format= / ?output= / ?results= short names (SPARQLWrapper, YASGUI and curl users send these):
# name -> (media type of solutions, media type of a graph); "" where the name means no format of that kind
SHORT_NAMES: dict[str, tuple[str, str]] = {
    "json": (_RESULT["json"], _GRAPH["jsonld"]),
    "xml": (_RESULT["xml"], _GRAPH["rdfxml"]),
    "csv": (_RESULT["csv"], ""),
    "tsv": (_RESULT["tsv"], ""),
    **{name: ("", _GRAPH["turtle"]) for name in ("turtle", "ttl", "n3")},
    **{name: ("", _GRAPH["jsonld"]) for name in ("json-ld", "jsonld")},
    **{name: ("", _GRAPH["nt"]) for name in ("nt", "ntriples", "n-triples")},
    **{name: ("", _GRAPH["rdfxml"]) for name in ("rdf+xml", "rdfxml")},
}
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples", "text/plain"}


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, media type (without charset), body, and the row cap if it cut the answer."""

    status: int
    media: str
    body: bytes
    truncated: int | None = None
    #: readable by pages of any origin without --cors: only what the project publishes anyway, never graph
    #: data (the JSON-LD context: JSON-LD processors in other sites' pages must be able to fetch it)
    public: bool = False


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
    default = DEFAULT_GRAPH_TYPE if graph else DEFAULT_RESULT_TYPE
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
