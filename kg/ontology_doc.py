"""The ontology's files, and its human-readable page (``build/ontology.html``).

Where the files are. ``ontology/`` at the top of the repository is the source of truth (ipkg.ttl,
shapes.ttl, context.jsonld, national-focus-areas.ttl). It is not inside the ``kg`` package, so
an installed wheel carries it as *data files*: pyproject's ``[tool.setuptools.data-files]``
installs it to ``<prefix>/share/ipkg/ontology``. ``ontology_dir()`` looks in the checkout first
(a source tree or an editable install: the files you edit are the files used) and then asks the
installed distribution's RECORD where its copy went, which works for venv, user and system
installs alike. One copy in the repository, nothing to keep in sync.

The page. A small rdflib-based generator rather than pyLODE: the page must be self-contained
and offline (no CDN assets), deterministic (builds are byte-identical) and bilingual (en and zh
side by side), and every string from the graph is HTML-escaped.
"""

from __future__ import annotations

import html
import importlib.metadata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS

from kg.rdf import terms

IPKG = Namespace("https://w3id.org/ipkg/def#")
ONTOLOGY_IRI = URIRef("https://w3id.org/ipkg/def")
ONTOLOGY_FILES = ("ipkg.ttl", "shapes.ttl", "context.jsonld", "national-focus-areas.ttl")
VANN = Namespace("http://purl.org/vocab/vann/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

PREFIXES: dict[str, str] = terms.PREFIXES | {"foaf": str(FOAF), "vann": str(VANN)}


# ---------------------------------------------------------------------------
# Finding the files


def _checkout_dir() -> Path | None:
    here = Path(__file__).resolve().parent.parent / "ontology"
    return here if (here / "ipkg.ttl").is_file() else None


def _installed_dir() -> Path | None:
    try:
        files = importlib.metadata.files("ipkg") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for entry in files:
        if entry.name == "ipkg.ttl" and "ontology" in entry.parts:
            located = Path(str(entry.locate())).resolve()
            if located.is_file():
                return located.parent
    return None


@cache
def ontology_dir() -> Path:
    """The folder holding ipkg.ttl and its companions, from the checkout or the installation."""
    found = _checkout_dir() or _installed_dir()
    if found is None:
        raise FileNotFoundError(
            "ontology files not found: neither ontology/ beside the kg package nor share/ipkg/ontology "
            "of the installed ipkg distribution"
        )
    return found


def ontology_file(name: str) -> Path:
    """Path of one ontology file by name, e.g. ``ontology_file("shapes.ttl")``."""
    if name not in ONTOLOGY_FILES:
        raise ValueError(f"unknown ontology file {name!r}; expected one of {', '.join(ONTOLOGY_FILES)}")
    return ontology_dir() / name


def load_ontology() -> Graph:
    """The ontology (ipkg.ttl) as an rdflib graph."""
    return Graph().parse(ontology_file("ipkg.ttl"), format="turtle")


# ---------------------------------------------------------------------------
# The page

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;
max-width:70rem;margin:0 auto;padding:1rem 2rem;line-height:1.5;color:#1d1d1f}
h1{font-size:1.8rem;margin-bottom:.2rem}
h2{border-bottom:2px solid #c33;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin:0 0 .4rem 0;font-size:1.15rem}
code,.iri{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.88em}
.term{border:1px solid #ddd;border-radius:6px;padding:.8rem 1rem;margin:1rem 0;background:#fafafa}
.term:target{border-color:#c33;background:#fff6f6}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.25rem .5rem}
th{width:11rem;color:#555;font-weight:600}.meta th{width:14rem}
.zh{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
.toc{columns:3;list-style:none;padding-left:0}.toc li{break-inside:avoid}
.badge{display:inline-block;font-size:.75rem;border-radius:3px;padding:0 .35rem;margin-left:.4rem;
background:#eee;color:#333;vertical-align:middle}
a{color:#a11}footer{margin-top:3rem;color:#777;font-size:.85rem}
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _qname(iri: URIRef) -> str:
    text = str(iri)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _local(iri: URIRef) -> str:
    return str(iri)[len(str(IPKG)) :]


class _Page:
    """Renders one ontology graph (plus optional concept data) as HTML."""

    def __init__(self, ontology: Graph, concepts: Graph | None = None) -> None:
        self.g = ontology
        self.concepts = concepts if concepts is not None else Graph()

    # -- small helpers ---------------------------------------------------------

    def ref(self, node: object) -> str:
        """A link to a term: in-page for ipkg terms, out to its IRI for the others."""
        if isinstance(node, URIRef):
            if str(node).startswith(str(IPKG)):
                return f'<a href="#{_esc(_local(node))}"><code>{_esc(_qname(node))}</code></a>'
            return f'<a class="iri" href="{_esc(node)}">{_esc(_qname(node))}</a>'
        if isinstance(node, BNode):
            members = self.g.value(node, OWL.unionOf)
            if members is not None:
                return " ⊔ ".join(self.ref(m) for m in Collection(self.g, members))
            return "<em>(anonymous)</em>"
        return _esc(node)

    def texts(self, subject: URIRef, predicate: URIRef, graph: Graph | None = None) -> str:
        """Literal values, English before Chinese, each tagged with its language."""
        g = graph if graph is not None else self.g
        values = sorted(
            (v for v in g.objects(subject, predicate) if isinstance(v, Literal)),
            key=lambda v: ({"en": 0, "zh": 1}.get(v.language or "", 2), str(v)),
        )
        parts = []
        for value in values:
            lang = value.language or ""
            css = ' class="zh"' if lang.startswith("zh") else ""
            tag = f'<span class="badge">{_esc(lang)}</span>' if lang else ""
            parts.append(f'<div{css} lang="{_esc(lang)}">{_esc(value)}{tag}</div>')
        return "".join(parts)

    def links(self, nodes: Iterable[object]) -> str:
        return ", ".join(self.ref(n) for n in sorted(nodes, key=str))

    def row(self, label: str, value: str) -> str:
        return f"<tr><th>{_esc(label)}</th><td>{value}</td></tr>" if value else ""

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

    # -- sections -------------------------------------------------------------

    def metadata(self) -> str:
        o = ONTOLOGY_IRI
        creators = []
        for creator in self.g.objects(o, DCTERMS.creator):
            name = self.g.value(creator, FOAF.name)
            creators.append(_esc(name) if name is not None else self.ref(creator))
        rows = [
            self.row("Ontology IRI", f"<code>{_esc(o)}</code>"),
            self.row("Version IRI", self.links(self.g.objects(o, OWL.versionIRI))),
            self.row("Version", _esc(", ".join(sorted(map(str, self.g.objects(o, OWL.versionInfo)))))),
            self.row(
                "Namespace",
                "".join(f"<code>{_esc(v)}</code>" for v in self.g.objects(o, VANN.preferredNamespaceUri)),
            ),
            self.row(
                "Preferred prefix",
                "".join(f"<code>{_esc(v)}</code>" for v in self.g.objects(o, VANN.preferredNamespacePrefix)),
            ),
            self.row("Description", self.texts(o, DCTERMS.description)),
            self.row("License", self.links(self.g.objects(o, DCTERMS.license))),
            self.row("Creator", ", ".join(creators)),
            self.row("Created", _esc(", ".join(sorted(map(str, self.g.objects(o, DCTERMS.created)))))),
            self.row("Source", self.texts(o, DCTERMS.source)),
        ]
        return f'<table class="meta">{"".join(rows)}</table>'

    def class_block(self, cls: URIRef) -> str:
        props = self.terms(OWL.ObjectProperty) + self.terms(OWL.DatatypeProperty)
        domain_of = [p for p in props if self.in_domain(p, cls)]
        range_of = [p for p in props if (p, RDFS.range, cls) in self.g]
        subclasses = [s for s in self.g.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef)]
        rows = [
            self.row("IRI", f"<code>{_esc(cls)}</code>"),
            self.row("Label", self.texts(cls, RDFS.label)),
            self.row("Comment", self.texts(cls, RDFS.comment)),
            self.row("Subclass of", self.links(self.g.objects(cls, RDFS.subClassOf))),
            self.row("Superclass of", self.links(subclasses)),
            self.row("Properties (domain)", self.links(domain_of)),
            self.row("Used as range of", self.links(range_of)),
        ]
        return self.block(cls, "Class", rows)

    def property_block(self, prop: URIRef) -> str:
        kinds = []
        if (prop, RDF.type, OWL.ObjectProperty) in self.g:
            kinds.append("object property")
        if (prop, RDF.type, OWL.DatatypeProperty) in self.g:
            kinds.append("datatype property")
        if (prop, RDF.type, OWL.FunctionalProperty) in self.g:
            kinds.append("functional")
        subproperties = [s for s in self.g.subjects(RDFS.subPropertyOf, prop) if isinstance(s, URIRef)]
        rows = [
            self.row("IRI", f"<code>{_esc(prop)}</code>"),
            self.row("Kind", _esc(", ".join(kinds))),
            self.row("Label", self.texts(prop, RDFS.label)),
            self.row("Comment", self.texts(prop, RDFS.comment)),
            self.row("Domain", self.links(self.g.objects(prop, RDFS.domain))),
            self.row("Range", self.links(self.g.objects(prop, RDFS.range))),
            self.row("Subproperty of", self.links(self.g.objects(prop, RDFS.subPropertyOf))),
            self.row("Superproperty of", self.links(subproperties)),
        ]
        return self.block(prop, "Property", rows)

    def block(self, term: URIRef, kind: str, rows: list[str]) -> str:
        en = next((v for v in self.g.objects(term, RDFS.label) if getattr(v, "language", None) == "en"), "")
        zh = next((v for v in self.g.objects(term, RDFS.label) if getattr(v, "language", None) == "zh"), "")
        return (
            f'<section class="term" id="{_esc(_local(term))}">'
            f'<h3><code>{_esc(_qname(term))}</code> <span class="badge">{_esc(kind)}</span> '
            f'{_esc(en)} <span class="zh" lang="zh">{_esc(zh)}</span></h3>'
            f"<table>{''.join(rows)}</table></section>"
        )

    def schemes(self) -> str:
        both = self.g + self.concepts
        parts = []
        schemes = {s for s in both.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}
        for scheme in sorted(schemes, key=str):
            rows = [
                self.row("IRI", f"<code>{_esc(scheme)}</code>"),
                self.row("Label", self.texts(scheme, SKOS.prefLabel, both)),
                self.row("Definition", self.texts(scheme, SKOS.definition, both)),
            ]
            members = sorted(
                (c for c in both.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
                key=lambda c: (str(both.value(c, SKOS.notation) or ""), str(c)),
            )
            if members:
                items = "".join(
                    f"<tr><td><code>{_esc(both.value(c, SKOS.notation) or '')}</code></td>"
                    f"<td>{self.texts(c, SKOS.prefLabel, both)}</td>"
                    f"<td>{self.texts(c, SKOS.definition, both)}</td></tr>"
                    for c in members
                )
                rows.append(self.row("Concepts", f"<table>{items}</table>"))
            heading = f"<h3>{_esc(_qname(scheme))}</h3>"
            parts.append(f'<section class="term">{heading}<table>{"".join(rows)}</table></section>')
        return "".join(parts)

    def alignments(self) -> str:
        rows = []
        for predicate, word in ((RDFS.subClassOf, "⊑"), (RDFS.subPropertyOf, "⊑ (property)")):
            for s, o in sorted(self.g.subject_objects(predicate), key=lambda so: (str(so[0]), str(so[1]))):
                if isinstance(s, URIRef) and s.startswith(IPKG):
                    rows.append(f"<tr><td>{self.ref(s)}</td><td>{_esc(word)}</td><td>{self.ref(o)}</td></tr>")
        return f"<table>{''.join(rows)}</table>"

    def namespaces(self) -> str:
        rows = "".join(
            f"<tr><td><code>{_esc(p)}</code></td><td><code>{_esc(n)}</code></td></tr>"
            for p, n in sorted(PREFIXES.items())
        )
        return f"<table>{rows}</table>"

    def render(self) -> str:
        classes = self.terms(OWL.Class)
        object_props = self.terms(OWL.ObjectProperty)
        data_props = self.terms(OWL.DatatypeProperty)
        title_en = self.g.value(ONTOLOGY_IRI, DCTERMS.title) or "ipkg ontology"
        titles = {getattr(t, "language", None): t for t in self.g.objects(ONTOLOGY_IRI, DCTERMS.title)}
        title_en = titles.get("en", title_en)
        title_zh = titles.get("zh", "")

        def toc(terms: list[URIRef]) -> str:
            return '<ul class="toc">' + "".join(f"<li>{self.ref(t)}</li>" for t in terms) + "</ul>"

        return "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en"><head><meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{_esc(title_en)}</title><style>{_CSS}</style></head><body>",
                f'<h1>{_esc(title_en)}</h1><p class="zh" lang="zh">{_esc(title_zh)}</p>',
                self.metadata(),
                "<h2>Contents</h2>",
                f"<h3>Classes ({len(classes)})</h3>{toc(classes)}",
                f"<h3>Object properties ({len(object_props)})</h3>{toc(object_props)}",
                f"<h3>Datatype properties ({len(data_props)})</h3>{toc(data_props)}",
                '<h2 id="classes">Classes</h2>',
                *(self.class_block(c) for c in classes),
                '<h2 id="object-properties">Object properties</h2>',
                *(self.property_block(p) for p in object_props),
                '<h2 id="datatype-properties">Datatype properties</h2>',
                *(self.property_block(p) for p in data_props),
                '<h2 id="alignments">Alignments to other vocabularies</h2>',
                self.alignments(),
                '<h2 id="schemes">Concept schemes</h2>',
                self.schemes(),
                '<h2 id="namespaces">Namespaces</h2>',
                self.namespaces(),
                "<footer>Generated from ontology/ipkg.ttl by kg.ontology_doc. "
                "Shapes: ontology/shapes.ttl; JSON-LD context: ontology/context.jsonld.</footer>",
                "</body></html>",
                "",
            ]
        )


def render_ontology_html(ontology: Graph, concepts: Graph | None = None) -> str:
    """The page as a string; ``concepts`` adds scheme members (the national focus areas)."""
    return _Page(ontology, concepts).render()


def write_ontology_page(out_path: Path) -> Path:
    """Write the ontology's self-contained HTML page (no external assets) to ``out_path``."""
    concepts = Graph().parse(ontology_file("national-focus-areas.ttl"), format="turtle")
    page = render_ontology_html(load_ontology(), concepts)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(page, encoding="utf-8")
    return out_path
