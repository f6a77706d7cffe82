"""The query page's side of the server: its files, the pack listing, completions and parameter binding.

`/` and `/web/PATH` serve the bundled page (kg/web, vendored front-end files included), `/api/queries` the
pack, `/api/completions` the prefixes, classes and properties the editor completes, and `POST /api/bind` a
pack query's text bound to the parameter form's values, exactly as `kg query` binds it. The page runs that
text on `/query` itself, so what it shows is what any SPARQL client gets.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from functools import cache
from pathlib import PurePosixPath

import pyoxigraph as ox

from kg.errors import InputError
from kg.pack.checks import absent_edition, absent_terms, pooled_editions
from kg.pack.decorators import parse_decorators
from kg.pack.loading import PackQuery, load_pack
from kg.rdf.terms import DEF, PREFIXES, RESOURCE_PREFIXES
from kg.run import Result, run_text
from kg.serve.negotiation import Answer

# The page and its assets come from this server only (no inline script or style, no eval; data: images,
# which cannot run anything, for icons); nothing frames it, no form posts elsewhere, no <base> moves links.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
WEB_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".md": "text/plain; charset=utf-8",
    "": "text/plain; charset=utf-8",  # LICENSE
}
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")  # no "..", no hidden files, no separators
VIEWS = ("table", "chart", "response")  # the page's result views a `#+ view:` decorator may choose


def web_file(path: str) -> bytes | None:
    """A bundled page asset by its path under kg/web (plain segments only, so no traversal)."""
    segments = path.split("/")
    if not all(_SEGMENT.fullmatch(s) and ".." not in s for s in segments):
        return None
    resource = importlib.resources.files("kg").joinpath("web", *segments)
    return resource.read_bytes() if resource.is_file() else None


def static(path: str) -> Answer:
    """A page asset with its media type, or 404."""
    data = web_file(path)
    if data is None:
        return Answer(404, "text/plain", f"not found: {path}\n".encode())
    return Answer(200, WEB_TYPES.get(PurePosixPath(path).suffix, "application/octet-stream"), data)


@cache
def _pack() -> dict[str, PackQuery]:
    return load_pack()


def view_of(query: PackQuery) -> str | None:
    """The result view a pack query's `#+ view:` decorator chooses (table when it has none)."""
    lines = [(n, line[2:]) for n, line in enumerate(query.text.splitlines(), 1) if line.startswith("#+")]
    view = parse_decorators(lines, query.name).get("view")
    if view is None or (isinstance(view, str) and view in VIEWS):
        return view
    raise InputError(f"query {query.name}: unknown view {view!r} (one of {', '.join(VIEWS)})")


def pack_listing() -> bytes:
    """The query pack as the page lists it (names, summaries, parameters, text, view); made at start-up."""
    return json.dumps(
        [{**q.as_json(), "view": view_of(q)} for q in _pack().values()], ensure_ascii=False
    ).encode()


_TERMS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?term ?kind WHERE {
  VALUES (?type ?kind) {
    (owl:Class "classes") (rdfs:Class "classes")
    (owl:ObjectProperty "properties") (owl:DatatypeProperty "properties")
    (owl:AnnotationProperty "properties") (rdf:Property "properties")
  }
  ?term a ?type .
  FILTER isIRI(?term)
}
ORDER BY ?term
"""


@cache
def completions() -> bytes:
    """What the editor completes (Ctrl-Space): our prefixes and the ontology's classes and properties."""
    from kg.ontology_doc import ontology_file

    store = ox.Store()
    store.load(path=str(ontology_file("ipkg.ttl")), format=ox.RdfFormat.TURTLE)
    terms: dict[str, list[str]] = {"classes": [], "properties": []}
    answer = store.query(_TERMS)
    assert isinstance(answer, ox.QuerySolutions)
    for row in answer:
        term, kind = row["term"], row["kind"]
        assert isinstance(term, ox.NamedNode) and isinstance(kind, ox.Literal)
        terms[kind.value].append(term.value)
    body = {"prefixes": {**PREFIXES, **RESOURCE_PREFIXES}, "namespace": DEF, **terms}
    return json.dumps(body, ensure_ascii=False).encode()


def bind(body: bytes, store: ox.Store) -> Answer:
    """`POST /api/bind` {"name": pack query, "params": {name: value}} -> {"query": the bound text,
    "notices": one line per ``#+ defaults`` value used for a parameter left empty, one per exact-term
    parameter naming a term the graph (``store``) does not hold, with its nearest terms, and one when a
    counting query would pool several editions (kg.pack.checks)}: the page shows those lines, so a
    default is never used, nor a name matched that cannot match, nor years summed, without saying so
    (as `kg query` says it on stderr, or fails)."""
    try:
        request = json.loads(body or b"{}")
        if not isinstance(request, dict) or not isinstance(request.get("params", {}), dict):
            raise TypeError('send {"name": "...", "params": {...}}')
        name = str(request.get("name", ""))
        if name not in _pack():
            raise InputError(f"unknown pack query {name!r}")
        given = request.get("params", {}).items()
        params = {str(k): str(v) for k, v in given if v is not None and str(v) != ""}
        bound = _pack()[name].bound(params)
        query = _pack()[name]

        def ask(text: str) -> Result:
            return run_text(store, text, name)

        for line in absent_edition(
            query, params, ask
        ):  # every count would be zero: refused, as kg query does
            raise InputError(line)
        checks = absent_terms(query, params, ask)
        checks = [f"{line} (this parameter matches a name exactly)" for line in checks]
        checks += pooled_editions(query, params, ask)
    except InputError as error:
        return Answer(400, "text/plain", f"{error}\n".encode())
    except (ValueError, TypeError) as error:
        return Answer(400, "text/plain", f"bad /api/bind request: {error}\n".encode())
    notices = bound.notices + checks
    answer = json.dumps({"name": name, "query": bound.text, "notices": notices}, ensure_ascii=False)
    return Answer(200, "application/json", answer.encode())
