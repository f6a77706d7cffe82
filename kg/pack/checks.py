"""What a pack query's answer needs said beside it, asked of the graph the query runs on.

``absent_terms``: exact-term parameters (``?_agency_zh``) whose value is no term of the graph. Such a
parameter is matched as the exact ``@zh`` term, so a name the graph does not hold (广东知识产权局
for 广东省知识产权局) can only give an empty answer, which would read as "this agency has no tasks". Each
caller says so instead, with the graph's nearest terms: `kg query` fails with one line when the answer
is empty, on the build or on an endpoint; the query page shows it as a notice from ``POST /api/bind``.
Keyword parameters are a different story (a keyword that matches nothing is an answer), and region
and agency-type names are checked when they are bound (kg.pack.vocabulary).

``pooled_editions``: a query that counts, run on a graph of several editions (kg build --source A
--source B), counts every edition together unless it reads the edition itself (through the source
document a task ``prov:wasDerivedFrom``, as measure-adoption-over-time does). Its answer is then one
sum over the years: said as a notice, never silently, with the ``edition`` parameter that counts one
edition where the query takes it. A query of the analysis results (tagged ``analysis``) answers for the
latest edition only: said too. ``absent_edition``: an ``edition`` the graph does not hold.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping

import pyoxigraph as ox

from kg.pack.lexer import tokens
from kg.pack.loading import PackQuery
from kg.rdf.terms import DATASET, DCTERMS
from kg.run import Result

#: Names of the graph in one language (not task texts: those are longer), for the suggestions.
_NAMES = """SELECT DISTINCT ?name WHERE {{
  ?resource ?property ?name .
  FILTER(isLiteral(?name) && LANG(?name) = "{language}" && STRLEN(?name) < 40)
}}"""


def absent_terms(query: PackQuery, params: Mapping[str, str], ask: Callable[[str], Result]) -> list[str]:
    """One line per exact-term parameter given a value that is no term of the graph ``ask`` queries (a
    SPARQL runner: the build's store, an endpoint), with the graph's nearest terms."""
    lines = []
    for parameter in query.parameters:
        value = params.get(parameter.name)
        if parameter.kind != "lang" or parameter.language is None or value is None:
            continue
        term = parameter.term(value)  # str() of a term is its N-Triples form, escaped: valid SPARQL
        if ask(f"ASK {{ ?resource ?property {term} }}").boolean:
            continue
        names = ask(_NAMES.format(language=parameter.language))
        known = sorted({row[0].value for row in names.rows if row and isinstance(row[0], ox.Literal)})
        close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        lines.append(
            f"parameter '{parameter.name}': the graph has no @{parameter.language} term {value!r}{hint}"
        )
    return lines


_COUNTING = {"COUNT", "SUM", "AVG"}
#: The editions of the graph: the source documents the dataset names (kg.rdf.dataset), with their years.
_EDITIONS = f"""SELECT DISTINCT ?issued WHERE {{
  <{DATASET.value}> <{DCTERMS.source.value}> ?source .
  ?source <{DCTERMS.issued.value}> ?issued .
}}"""


#: The pack parameter that picks one edition (``?__edition_iri``: a year, kg.pack.vocabulary.editions).
EDITION = "edition"


def _editions(ask: Callable[[str], Result]) -> list[str]:
    """The years of the editions the graph holds, in order."""
    rows = ask(_EDITIONS).rows
    return sorted({row[0].value[:4] for row in rows if row and isinstance(row[0], ox.Literal)})


def absent_edition(query: PackQuery, params: Mapping[str, str], ask: Callable[[str], Result]) -> list[str]:
    """One line when ``edition`` names an edition the graph does not hold: every count would be zero."""
    value = params.get(EDITION)
    if value is None or not any(p.name == EDITION for p in query.parameters):
        return []
    source = query.parameter(EDITION).term(value)  # the edition's source document (an InputError if no year)
    if ask(f"ASK {{ {source} ?property ?value }}").boolean:
        return []
    held = ", ".join(_editions(ask)) or "none"
    return [f"parameter '{EDITION}': the graph holds no {value} edition (its editions: {held})"]


def pooled_editions(query: PackQuery, params: Mapping[str, str], ask: Callable[[str], Result]) -> list[str]:
    """A notice when the graph holds several editions and ``query`` counts them together: it counts and
    neither reads the edition itself nor was given ``edition``; or, tagged ``analysis``, it reads the
    analysis results, which are the latest edition's (kg.analysis)."""
    takes_edition = any(p.name == EDITION for p in query.parameters)
    if takes_edition and params.get(EDITION):
        return []
    found = [t for t in tokens(query.text) if t.kind in ("word", "iri")]  # comments and strings left out
    counts = any(t.kind == "word" and t.text.upper() in _COUNTING for t in found)
    reads_edition = not takes_edition and any(t.text.strip("<>").endswith("wasDerivedFrom") for t in found)
    analysis = "analysis" in query.tags
    if not (analysis or counts) or reads_edition:
        return []
    years = _editions(ask)
    if len(years) < 2:
        return []
    held = f"the graph holds {len(years)} editions ({', '.join(years)})"
    if analysis:
        return [
            f"{held}; {query.name} reads the analysis results, which are the latest edition's ({years[-1]})"
        ]
    if takes_edition:
        return [f"{held} and {query.name} counts them together; give {EDITION} ({years[-1]}) to count one"]
    return [
        f"{held} and {query.name} counts them together; "
        "measure-adoption-over-time shows how an edition's year is read"
    ]
