"""The ontology's files, and its human-readable page (``build/ontology.html``).

Where the files are. ``ontology/`` at the top of the repository is the source of truth (ipkg.ttl,
shapes.ttl, context.jsonld, national-focus-areas.ttl). It is not inside the ``kg`` package, so
an installed wheel carries it as *data files*: pyproject's ``[tool.setuptools.data-files]``
installs it to ``<prefix>/share/ipkg/ontology``. ``ontology_dir()`` looks in the checkout first
(a source tree or an editable install: the files you edit are the files used) and then asks the
installed distribution's RECORD where its copy went, which works for venv, user and system
installs alike. One copy in the repository, nothing to keep in sync.

The page is kg.ontology_page's (rdflib and a Jinja2 template), imported only when a page is made: importing
this module (as kg.export and kg.build do) loads no rdflib.
"""

from __future__ import annotations

import importlib.metadata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.rdf import terms

if TYPE_CHECKING:
    from rdflib import Graph

ONTOLOGY_FILES = ("ipkg.ttl", "shapes.ttl", "context.jsonld", "national-focus-areas.ttl")
VANN = "http://purl.org/vocab/vann/"
#: The namespaces the ontology is written with: the graph's, and those of its own description.
PREFIXES: dict[str, str] = terms.PREFIXES | {"foaf": terms.DESCRIPTION_PREFIXES["foaf"], "vann": VANN}


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
    from rdflib import Graph

    return Graph().parse(ontology_file("ipkg.ttl"), format="turtle")


def render_ontology_html(ontology: Graph, concepts: Graph | None = None) -> str:
    """The page as a string; ``concepts`` adds scheme members (the national focus areas)."""
    from kg.ontology_page import render_ontology_html as render

    return render(ontology, concepts)


def write_ontology_page(out_path: Path) -> Path:
    """Write the ontology's self-contained HTML page (no external assets) to ``out_path``."""
    from rdflib import Graph

    concepts = Graph().parse(ontology_file("national-focus-areas.ttl"), format="turtle")
    page = render_ontology_html(load_ontology(), concepts)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(page, encoding="utf-8")
    return out_path
