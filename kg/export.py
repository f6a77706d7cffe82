"""Writers for the linked-data exports (Turtle, N-Triples, JSON-LD) and the tasks table (CSV)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from kg.entities.model import Entities
from kg.ontology_doc import ontology_file
from kg.rdf.terms import PREFIXES, RESOURCE_PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_STRING = PREFIXES["xsd"] + "string"


def _order(triple: Triple) -> tuple[str, str, str]:
    subject = triple.subject
    assert not isinstance(subject, Triple)  # the graph has no RDF-star (quoted triple) subjects
    return subject.value, triple.predicate.value, str(triple.object)


def by_subject(triples: Sequence[Triple]) -> list[Triple]:
    """Triples in one fixed order whatever order they came in: grouped by subject, then predicate."""
    return sorted(triples, key=_order)


def write_graph_exports(triples: Sequence[Triple], out_dir: Path) -> None:
    """kg.nt (sorted, canonical), kg.ttl and kg.jsonld of one graph; the same graph gives the same bytes."""
    (out_dir / "kg.nt").write_bytes(ntriples(triples))
    write_turtle(triples, out_dir / "kg.ttl")
    write_jsonld(triples, out_dir / "kg.jsonld", ontology_file("context.jsonld"))


def ntriples(triples: Sequence[Triple]) -> bytes:
    """Canonical N-Triples, lines sorted: byte-identical for the same graph."""
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert data is not None  # no output given: serialize returns the bytes
    return b"".join(sorted(data.splitlines(keepends=True)))


def write_turtle(triples: Sequence[Triple], path: Path) -> None:
    """Turtle with the project's prefixes, grouped by subject (sorted, so it reads like a listing)."""
    serialize(by_subject(triples), str(path), RdfFormat.TURTLE, prefixes=PREFIXES | RESOURCE_PREFIXES)


@cache
def _compact(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        local = iri[len(base) :]
        if iri.startswith(base) and local and "#" not in local and not local.startswith("/"):
            return f"{prefix}:{iri[len(base) :]}"
    return iri


def _node_id(term: NamedNode | BlankNode) -> str:
    return _compact(term.value) if isinstance(term, NamedNode) else f"_:{term.value}"


def _value(term: NamedNode | BlankNode | Literal) -> dict[str, str]:
    if isinstance(term, Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": _compact(term.datatype.value)}
    return {"@id": _node_id(term)}


def write_jsonld(triples: Sequence[Triple], path: Path, context_file: Path) -> None:
    """JSON-LD with the published @context (inlined: a reader needs no network), one node per subject.

    Keys are compact IRIs (``ipkg:region``) and every value is an explicit value object, so the document
    expands to exactly the graph's triples whatever term definitions the context adds.
    """
    context = json.loads(context_file.read_text(encoding="utf-8"))["@context"]
    nodes: dict[str, dict[str, list[object]]] = {}  # by @id: each key's values, in order
    for triple in by_subject(triples):
        subject, obj = triple.subject, triple.object
        assert not isinstance(subject, Triple) and not isinstance(obj, Triple)  # no RDF-star in the graph
        node = nodes.setdefault(_node_id(subject), {})
        if triple.predicate.value == RDF_TYPE and isinstance(obj, NamedNode):
            node.setdefault("@type", []).append(_compact(obj.value))
            continue
        key = _compact(triple.predicate.value)
        node.setdefault(key, []).append(_value(obj))
    # one node a line: readable with grep and a pager, and json's C encoder stays in use (no indent)
    nodes_text = ",\n".join(
        json.dumps({"@id": node_id, **node}, ensure_ascii=False) for node_id, node in nodes.items()
    )
    context_text = json.dumps(context, ensure_ascii=False, indent=1)
    path.write_text(f'{{"@context": {context_text},\n"@graph": [\n{nodes_text}\n]}}\n', encoding="utf-8")


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
    "agency_types",
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
                " | ".join(a.type_code for a, _ in links),
                " | ".join(role for _, role in links),
                "true" if task.involves_collective else "false",
                " | ".join(f"{t.target.indicator}: {t.target.source_text}" for t in task.targets),
                row.first_line,
                row.last_line,
                f"https://w3id.org/ipkg/id/task/{task.key}",
                task.year,
            ]
            writer.writerow([spreadsheet_safe(cell) for cell in cells])
