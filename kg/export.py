"""Writers for the linked-data exports (Turtle, N-Triples, JSON-LD) and the tasks table (CSV)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import groupby
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from kg.entities.model import Entities
from kg.entities.vocab import agency_types
from kg.jobs import Jobs
from kg.ontology_doc import ontology_file
from kg.rdf.dataset import describe_dumps
from kg.rdf.graph import ontology_triples
from kg.rdf.terms import DATASET, DESCRIPTION_PREFIXES, ONTOLOGY_IRI, PREFIXES, RESOURCE_PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_STRING = PREFIXES["xsd"] + "string"
XSD_INTEGER = PREFIXES["xsd"] + "integer"
XSD_BOOLEAN = PREFIXES["xsd"] + "boolean"


def _order(triple: Triple) -> str:
    """Sort key: subject, predicate, object, as one string (compared in C at once, unlike a tuple's
    parts); it orders as the tuple would, since IRIs and blank node ids never hold the NUL separator."""
    subject = triple.subject
    assert not isinstance(subject, Triple)  # the graph has no RDF-star (quoted triple) subjects
    return f"{subject.value}\0{triple.predicate.value}\0{triple.object}"


class BySubject(list[Triple]):
    """Triples already in ``by_subject`` order (sorting is most of the cost of each listing)."""


def by_subject(triples: Sequence[Triple]) -> BySubject:
    """Triples in one fixed order whatever order they came in: grouped by subject, then predicate."""
    return triples if isinstance(triples, BySubject) else BySubject(sorted(triples, key=_order))


def write_graph_exports(triples: Sequence[Triple], out_dir: Path, *, parallel: bool | None = None) -> None:
    """kg.nt (sorted, canonical), kg.nq, kg.ttl and kg.jsonld of one graph (the same graph gives the same
    bytes), then void.ttl: the byte size and checksum of each of them and of tasks.csv, when written.

    kg.ttl and kg.jsonld (sorted by subject, then written) are a forked worker's job while this process
    writes kg.nt and kg.nq from the sorted N-Triples lines (kg.jobs; ``parallel=False`` keeps both here)."""
    with Jobs(parallel) as jobs:
        jobs.submit("kg.ttl and kg.jsonld", partial(_write_listings, triples, out_dir))
        lines = ntriples_lines(triples)
        with (out_dir / "kg.nt").open("wb") as handle:
            handle.writelines(lines)
        (out_dir / "kg.nq").write_bytes(nquads(lines))
        del lines
        jobs.wait()
    write_turtle(describe_dumps(out_dir), out_dir / "void.ttl", PREFIXES | DESCRIPTION_PREFIXES)


def _write_listings(triples: Sequence[Triple], out_dir: Path) -> list[Path]:
    ordered = by_subject(triples)  # once for both listings: sorting is most of their cost
    write_turtle(ordered, out_dir / "kg.ttl")
    write_jsonld(ordered, out_dir / "kg.jsonld")
    return [out_dir / "kg.ttl", out_dir / "kg.jsonld"]


def ntriples_lines(triples: Sequence[Triple]) -> list[bytes]:
    """Canonical N-Triples lines, sorted: byte-identical for the same graph. The serialised bytes are
    dropped once split and the lines sorted in place, never joined: at 16 editions each copy of the
    graph's text is about 55 MB."""
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert data is not None  # no output given: serialize returns the bytes
    lines = data.splitlines(keepends=True)
    del data
    lines.sort()
    return lines


def nquads(graph_lines: list[bytes]) -> bytes:
    """N-Quads for triple stores and `kg push` users, from the graph's sorted N-Triples lines
    (``ntriples_lines``): the graph in the named graph of the dataset
    (``https://w3id.org/ipkg/id/dataset/ipkg``), the ontology in its own (``https://w3id.org/ipkg/def``);
    lines sorted, so the same graph gives the same bytes.

    An N-Triples line with the graph's name put before its final " ." is the N-Quads line (the same
    terms, written alike); " .\n" ends lines only, as the serialiser escapes newlines inside terms. The
    lines stay sorted: two lines first differ inside their terms, or where the shorter one's terms end
    with the space before " ." (or now " <graph> .") and the other's go on, which is the same comparison
    either way. So the sort below merges two sorted runs, in linear time."""
    suffix = f" <{DATASET.value}> .\n".encode()
    lines = b"".join(graph_lines).replace(b" .\n", suffix).splitlines(keepends=True)
    ontology = [Quad(t.subject, t.predicate, t.object, NamedNode(ONTOLOGY_IRI)) for t in ontology_triples()]
    ontology_lines = serialize(ontology, format=RdfFormat.N_QUADS)
    assert ontology_lines is not None
    lines += ontology_lines.splitlines(keepends=True)
    lines.sort()
    return b"".join(lines)


def write_turtle(triples: Sequence[Triple], path: Path, prefixes: dict[str, str] | None = None) -> None:
    """Turtle with the project's prefixes, grouped by subject (sorted, so it reads like a listing)."""
    prefixes = PREFIXES | DESCRIPTION_PREFIXES | RESOURCE_PREFIXES if prefixes is None else prefixes
    serialize(by_subject(triples), str(path), RdfFormat.TURTLE, prefixes=prefixes)


@dataclass(frozen=True)
class _JsonLdContext:
    """What the published @context defines, read from the file itself so that the two cannot drift apart.

    ``prefixes``: the prefix terms (compact IRIs ``schema:value``); ``terms``: predicate IRI -> (term,
    what the definition says of its values: ``@id``, ``@language``, a language tag, or ``""`` for none);
    ``classes``: class IRI -> term.
    """

    prefixes: dict[str, str]
    terms: dict[str, tuple[str, str]]
    classes: dict[str, str]

    def compact(self, iri: str) -> str:
        """``prefix:local`` where a prefix fits (never for ``…/id/…`` resources: they stay whole IRIs)."""
        for prefix, base in self.prefixes.items():
            local = iri[len(base) :]
            if iri.startswith(base) and local and "#" not in local and "/" not in local:
                return f"{prefix}:{local}"
        return iri


def _read_context(context: list[dict[str, object]]) -> _JsonLdContext:
    prefixes: dict[str, str] = {}
    definitions: dict[str, object] = {}
    for part in context:
        for key, value in part.items():
            if key.startswith("@"):
                continue
            if isinstance(value, str) and value.endswith(("/", "#")) and ":" in value and "//" in value:
                prefixes[key] = value
            else:
                definitions[key] = value

    def expand(text: str) -> str:
        prefix, _, local = text.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else text

    terms: dict[str, tuple[str, str]] = {}
    classes: dict[str, str] = {}
    for term, definition in definitions.items():
        if isinstance(definition, str):
            iri = expand(definition)
            local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            if local[:1].isupper():
                classes[iri] = term
            else:
                terms[iri] = (term, "")
            continue
        assert isinstance(definition, dict)
        shape = definition.get("@type") or definition.get("@language") or definition.get("@container") or ""
        terms[expand(str(definition["@id"]))] = (term, str(shape))
    return _JsonLdContext(prefixes, terms, classes)


def _plain_value(term: NamedNode | BlankNode | Literal, context: _JsonLdContext) -> object:
    """A value under a term without coercion: native JSON where it round-trips exactly, else a value object.

    Integers and booleans in canonical form become JSON numbers and booleans (which JSON-LD reads as
    xsd:integer and xsd:boolean); every other typed literal keeps its lexical form in a value object, so
    no JSON number is ever turned into a double or into an ill-typed literal.
    """
    if isinstance(term, NamedNode):
        return {"@id": term.value}
    if isinstance(term, BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return term.value
    if datatype == XSD_INTEGER and re.fullmatch(r"-?(0|[1-9][0-9]{0,14})", term.value):
        return int(term.value)
    if datatype == XSD_BOOLEAN and term.value in ("true", "false"):
        return term.value == "true"
    return {"@value": term.value, "@type": context.compact(datatype)}


def compact_node(
    subject: NamedNode | BlankNode, triples: Sequence[Triple], context: _JsonLdContext
) -> dict[str, object]:
    """One subject's triples as a node object compacted with the published context.

    A value goes under the term the context defines for its predicate when the term's definition reads
    it back exactly (an IRI under an ``@id`` term, a @zh string under a ``@language: zh`` term, a
    language map for ``@container: @language``); otherwise under the compact IRI, as a value object.
    """
    node: dict[str, object] = {
        "@id": subject.value if isinstance(subject, NamedNode) else f"_:{subject.value}"
    }
    types: list[str] = []
    for triple in triples:
        obj, predicate = triple.object, triple.predicate.value
        assert not isinstance(obj, Triple)  # no RDF-star in the graph
        if predicate == RDF_TYPE and isinstance(obj, NamedNode):
            types.append(context.classes.get(obj.value) or context.compact(obj.value))
            continue
        term, shape = context.terms.get(predicate, ("", ""))
        if shape == "@language" and isinstance(obj, Literal) and obj.language:
            languages = node.setdefault(term, {})
            assert isinstance(languages, dict)
            existing = languages.get(obj.language)
            languages[obj.language] = obj.value if existing is None else [*_as_list(existing), obj.value]
            continue
        if shape == "@id" and isinstance(obj, NamedNode):
            value: object = obj.value
        elif (
            shape and shape not in ("@id", "@language") and isinstance(obj, Literal) and obj.language == shape
        ):
            value = obj.value
        elif term and shape != "@language":
            value = _plain_value(obj, context)
        else:
            term, value = context.compact(predicate), _plain_value(obj, context)
        existing_values = node.get(term)
        node[term] = value if existing_values is None else [*_as_list(existing_values), value]
    if types:
        node = {"@id": node["@id"], "@type": types[0] if len(types) == 1 else types} | node
    return node


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


@cache
def published_context() -> list[dict[str, object]]:
    """The @context of ``ontology/context.jsonld`` (published at :data:`CONTEXT_IRI`)."""
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


def write_jsonld(triples: Sequence[Triple], path: Path) -> None:
    path.write_text(jsonld_text(triples), encoding="utf-8")


def jsonld_text(triples: Sequence[Triple]) -> str:
    """JSON-LD compacted with the published @context (inlined: a reader needs no network), a node per subject.

    Resource @ids are whole IRIs (no prefix for ``https://w3id.org/ipkg/id/``), so the document means the
    same when merged with contexts that alias ``id`` and ``type``.
    """
    context = published_context()
    reader = _read_context(context)
    ordered = by_subject(triples)
    lines = []
    for subject, group in groupby(ordered, key=lambda t: t.subject):
        assert not isinstance(subject, Triple)  # no RDF-star subjects
        lines.append(json.dumps(compact_node(subject, list(group), reader), ensure_ascii=False))
    # one node a line: readable with grep and a pager, and json's C encoder stays in use (no indent)
    context_text = json.dumps(context, ensure_ascii=False, indent=1)
    nodes_text = ",\n".join(lines)
    return f'{{"@context": {context_text},\n"@graph": [\n{nodes_text}\n]}}\n'


TASK_COLUMNS = (
    "region",
    "region_en",
    "row",
    "focus_no",
    "focus_area",
    "national_focus_area",
    "measures",
    "task",
    "deliverable",
    "agencies_raw",
    "agencies",
    "agencies_en",
    "agency_types",
    "agency_types_en",
    "agency_roles",
    "involves_collective",
    "targets",
    "first_line",
    "last_line",
    "task_iri",
    "year",
)


#: A cell starting with one of these is a formula to Excel, LibreOffice and WPS (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading ``'`` (OWASP's advice), which
    spreadsheets show as text; docs/tasks-csv.md tells pandas/R users to drop it. No cell of the 2017
    edition starts so; the graph exports always keep the exact text."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def write_tasks_csv(entities: Entities, path: Path) -> None:
    """One row per task, for pandas/R users; agency columns are ` | `-joined in the same order;
    formula-like cells escaped (``spreadsheet_safe``)."""
    agencies = {a.key: a for a in entities.agencies}
    regions = {r.key: r for r in entities.regions}
    focus = {f.key: f for f in entities.focus_areas}
    types = agency_types()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TASK_COLUMNS)
        for task in entities.tasks:
            row = task.row
            links = [(agencies[link.agency_key], link.role) for link in task.agencies]
            cells = [
                row.region,
                regions[task.region_key].label_en,
                row.row_number,
                row.focus_no,
                row.focus_area,
                focus[task.focus_key].national,
                " | ".join(row.measures),
                row.task,
                row.deliverable,
                row.agencies_raw,
                " | ".join(a.name for a, _ in links),
                " | ".join(a.name_en for a, _ in links),
                " | ".join(a.type_code for a, _ in links),
                " | ".join(types[a.type_code].label_en for a, _ in links),
                " | ".join(role for _, role in links),
                "true" if task.involves_collective else "false",
                " | ".join(f"{t.target.indicator}: {t.target.source_text}" for t in task.targets),
                row.first_line,
                row.last_line,
                f"https://w3id.org/ipkg/id/task/{task.key}",
                task.year,
            ]
            writer.writerow([spreadsheet_safe(cell) for cell in cells])
