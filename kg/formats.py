"""Result and graph formats: how an answer is written for people (table) and for tools (csv, tsv, json,
Turtle), and which media types mean which format."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.terms import PREFIXES

if TYPE_CHECKING:
    from kg.run import Result, Term

XSD = PREFIXES["xsd"]


@dataclass(frozen=True)
class Format:
    """One serialization of answers: its short name, its media type, pyoxigraph's reader/writer for it."""

    name: str  # the short name (``?format=``; ``kg query --format`` where it offers it)
    media_type: str
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat
    aliases: tuple[str, ...] = ()  # other media types clients send for the same thing

    @property
    def graph(self) -> bool:
        """True for graph formats (CONSTRUCT/DESCRIBE answers), False for solutions and booleans."""
        return isinstance(self.oxigraph, ox.RdfFormat)

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, ("application/json",)),
    Format(
        "xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML, ("application/xml", "text/xml")
    ),
    Format("csv", "text/csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle",)),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json",)),
    Format("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",)),
    Format("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml",)),
    Format("nquads", "application/n-quads", ox.RdfFormat.N_QUADS),
)


def by_media_type(media_type: str, graph: bool) -> Format | None:
    """The result (``graph=False``) or graph format a media type names, or None."""
    media_type = media_type.strip().lower()
    candidates = GRAPH_FORMATS if graph else RESULT_FORMATS
    return next((f for f in candidates if media_type in f.media_types), None)


def readable_format(media_type: str) -> Format | None:
    """The format to read an endpoint's answer of this media type with (results first: ``application/json``
    from an endpoint is SPARQL results JSON); None when pyoxigraph cannot read it losslessly (CSV)."""
    found = by_media_type(media_type, graph=False) or by_media_type(media_type, graph=True)
    return None if found is None or found.oxigraph == ox.QueryResultsFormat.CSV else found


FORMATS = ("table", "csv", "tsv", "json")  # what `kg query --format` writes
TABLE_CELL_WIDTH = 60  # display columns; csv/tsv/json always carry the full text


def display(term: Term | None) -> str:
    """A term as people read it: literal text without quotes or tags, IRIs with the usual prefixes."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    return str(term)


def _width(text: str) -> int:
    """Terminal columns: CJK wide and full-width characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = _width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


def _numeric(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC


def format_table(result: Result) -> str:
    """Aligned columns for a terminal (CJK-width aware); numeric columns are right-aligned."""
    if result.kind != "solutions":
        return format_result(result, "table")
    header = list(result.variables)
    body = [[_clip(display(term), TABLE_CELL_WIDTH) for term in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(row[i]) for row in body]) for i, h in enumerate(header)]
    right = [
        bool(result.rows) and all(_numeric(row[i]) or row[i] is None for row in result.rows)
        for i in range(len(header))
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            " " * (w - _width(c)) + c if r else _pad(c, w)
            for c, w, r in zip(cells, widths, right, strict=True)
        ).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


_TSV_SHORT = {
    XSD + "integer": r"[+-]?\d+",
    XSD + "decimal": r"[+-]?\d*\.\d+",
    XSD + "double": r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+",
    XSD + "boolean": r"true|false",
}


def _tsv_value(term: Term | None) -> str:
    """SPARQL TSV: terms in Turtle syntax, numbers and booleans in their short form."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in _TSV_SHORT:
        if re.fullmatch(_TSV_SHORT[term.datatype.value], term.value):
            return term.value
    return str(term)


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def to_sparql_json(result: Result) -> dict[str, object]:
    """The standard SPARQL 1.1 Query Results JSON document."""
    if result.kind == "boolean":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def format_result(result: Result, fmt: str) -> str:
    """The answer in one of FORMATS. Graphs (CONSTRUCT/DESCRIBE) are JSON-LD for ``json`` and Turtle
    otherwise (a graph has no rows for a table, csv or tsv)."""
    if result.kind == "graph":
        if fmt == "json":
            written = ox.serialize(result.triples, format=ox.RdfFormat.JSON_LD)
            assert written is not None  # no output given: serialize returns the bytes
            return json.dumps(json.loads(written), ensure_ascii=False, indent=2) + "\n"
        turtle = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        assert turtle is not None
        return turtle.decode("utf-8")
    if fmt == "json":
        return json.dumps(to_sparql_json(result), ensure_ascii=False, indent=2) + "\n"
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "table":
        return format_table(result)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)  # RFC 4180 with CRLF, as SPARQL 1.1 CSV results specify
        writer.writerow(result.variables)
        writer.writerows([_csv_value(t) for t in row] for row in result.rows)
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_value(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    raise InputError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
