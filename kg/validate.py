"""``kg validate``: check a build's graph against the SHACL shapes of ``ontology/shapes.ttl``.

The data graph is read from ``DIR/kg.nt`` when present: it is the build's canonical export and
N-Triples is the fastest format rdflib parses. Without it, the pyoxigraph store ``DIR/store`` is
opened read-only and its quads (all graphs, merged) are converted term by term (no text round
trip; pyoxigraph writes decimals canonically, so lexical forms may differ from kg.nt). The
ontology (``ipkg.ttl``) is given to pySHACL as the ontology graph, so sub-class targets and
class constraints see the declared hierarchy; no RDFS/OWL inference is run, because the
contract asks the build to assert what it means (e.g. ``responsibleAgency`` for lead agencies).

The ontology and shapes are located by :func:`kg.ontology_doc.ontology_file` (checkout first,
then the installed data files).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import InputError
from kg.ontology_doc import PREFIXES, load_ontology, ontology_file
from kg.rdf.terms import SHAPES_IRI

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace(SHAPES_IRI + "#")
DEFAULT_LIMIT = 20
XSD_STRING = PREFIXES["xsd"] + "string"
_PREFIXES = {**PREFIXES, "shapes": str(SHAPES), "sh": str(SH)}


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult, with every node rendered as a short readable string."""

    focus_node: str
    path: str | None
    shape: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    value: str | None
    constraint: str  # the constraint component, e.g. "MinCountConstraintComponent"


@dataclass
class ValidationReport:
    """The outcome of validating one graph: what failed, where, and how often."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0

    def counts(self) -> Counter[tuple[str, str, str]]:
        """Number of results per (shape, path, severity)."""
        return Counter((r.shape, r.path or "", r.severity) for r in self.results)

    def severities(self) -> Counter[str]:
        return Counter(r.severity for r in self.results)

    def shapes_reported(self) -> set[str]:
        return {r.shape for r in self.results}

    def paths_reported(self) -> set[str]:
        return {r.path for r in self.results if r.path}

    def summary(self, limit: int = DEFAULT_LIMIT) -> str:
        """A readable report: totals, counts per shape and path, then the first ``limit`` results."""
        severities = self.severities()
        lines = [
            f"Validated {self.triples:,} triples in {self.seconds:.1f} s.",
            "Conforms: yes" if self.conforms else "Conforms: NO",
        ]
        if not self.results:
            return "\n".join(lines)
        lines.append(
            "Results: "
            + ", ".join(
                f"{severities[s]} {s.lower()}(s)" for s in ("Violation", "Warning", "Info") if severities[s]
            )
        )
        lines.append("")
        lines.append(f"{'count':>6}  {'severity':<9}  {'shape':<40}  path")
        for (shape, path, severity), count in sorted(self.counts().items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{count:>6}  {severity:<9}  {shape:<40}  {path}")
        lines.append("")
        shown = self.results[:limit]
        lines.append(f"First {len(shown)} of {len(self.results)} result(s):")
        for r in shown:
            where = f" {r.path}" if r.path else ""
            value = f" (value: {r.value})" if r.value is not None else ""
            lines.append(f"  [{r.severity}] {r.focus_node}{where}{value}")
            lines.append(f"      {r.message}  <{r.shape}>")
        return "\n".join(lines)


def _short(node: Node | None, graph: Graph | None = None) -> str:
    """A node as a short string: prefixed IRI, literal with its language or datatype."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in sorted(_PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        text = str(node) if len(str(node)) <= 60 else str(node)[:57] + "..."
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^{_short(node.datatype)}'
        return f'"{text}"'
    if isinstance(node, BNode) and graph is not None:
        inverse = graph.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + _short(inverse, graph)
        alternatives = graph.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(_short(a, graph) for a in Collection(graph, alternatives)) + ")"
    return "_:" + str(node)[:8]


def _shape_name(shape: Node | None, shapes: Graph) -> str:
    """A shape's name; an anonymous property shape is named after its parent shape and path."""
    if isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        path = shapes.value(shape, SH.path)
        if parent is not None:
            return f"{_short(parent, shapes)}/{_short(path, shapes)}"
    return _short(shape, shapes)


def _results(report: Graph, shapes: Graph) -> list[ValidationResult]:
    results = []
    # only the top-level results: pySHACL also types the nested sh:detail results of sh:node
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        component = report.value(node, SH.sourceConstraintComponent)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        results.append(
            ValidationResult(
                focus_node=_short(report.value(node, SH.focusNode)),
                path=_short(path, report) or _short(path, shapes) or None,
                shape=_shape_name(report.value(node, SH.sourceShape), shapes),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                message="; ".join(messages) or "(no message)",
                value=_short(value) if value is not None else None,
                constraint=str(component).rsplit("#", 1)[-1] if component is not None else "",
            )
        )
    return sorted(results, key=lambda r: (r.severity != "Violation", r.shape, r.focus_node, r.path or ""))


def load_shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def validate_graph(graph: Graph) -> ValidationReport:
    """Validate ``graph`` (with the ontology alongside) against the shapes; ``graph`` is not changed."""
    import pyshacl  # imported here: it is slow to import and only this command needs it

    shapes = load_shapes()
    triples = len(graph)
    started = time.perf_counter()
    conforms, report_graph, _text = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        ont_graph=load_ontology(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
    )
    return ValidationReport(
        conforms=bool(conforms),
        results=_results(report_graph, shapes),
        triples=triples,
        seconds=time.perf_counter() - started,
    )


def _store_as_graph(store_dir: Path) -> Graph:
    """All quads of the store (every graph, merged) as an rdflib graph, term by term."""
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(store_dir))
    except OSError as error:
        raise InputError(f"cannot open the store read-only: {error}", path=str(store_dir)) from error

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if isinstance(node, ox.Literal):
            if node.language:
                return Literal(node.value, lang=node.language)
            if node.datatype.value == XSD_STRING:  # rdflib tells "x" from "x"^^xsd:string; N-Triples does not
                return Literal(node.value)
            return Literal(node.value, datatype=URIRef(node.datatype.value))
        raise InputError(f"unsupported term in the store: {node}", path=str(store_dir))

    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, None):
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def load_build_graph(build_dir: Path) -> tuple[Graph, Path]:
    """The build's graph, from kg.nt (preferred: canonical and fastest to parse) or the store."""
    if not build_dir.is_dir():
        raise InputError("build directory not found (run `kg build` first)", path=str(build_dir))
    nt = build_dir / "kg.nt"
    store_dir = build_dir / "store"
    if nt.is_file():
        try:
            return Graph().parse(nt, format="nt"), nt
        except Exception as error:  # rdflib raises several parser-specific types
            raise InputError(f"cannot parse N-Triples: {error}".splitlines()[0], path=str(nt)) from error
    if store_dir.is_dir():
        return _store_as_graph(store_dir), store_dir
    raise InputError("neither kg.nt nor store/ found (run `kg build` first)", path=str(build_dir))


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise InputError(f"--limit must be 0 or more, not {args.limit}")
    build_dir = Path(args.build)
    graph, source = load_build_graph(build_dir)
    report = validate_graph(graph)
    print(f"kg validate: {source} against {ontology_file('shapes.ttl').name}")
    print(report.summary(limit=args.limit))
    sys.stdout.flush()
    return 0 if report.conforms else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a build's graph against the SHACL shapes",
        description="Validate the graph of a build (kg.nt, or the store) and the ontology against "
        "ontology/shapes.ttl. Exit 0 when it conforms, 1 on violations, 2 on bad input.",
    )
    parser.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help="results to list in full (default: 20)"
    )
    parser.set_defaults(func=run)
