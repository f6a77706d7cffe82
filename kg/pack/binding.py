"""Binding parameter values into query text: each parameter variable replaced by its typed RDF term.

Binding never splices user text into the query. A value first becomes a typed RDF term (a pyoxigraph
``Literal``/``NamedNode``, which validates it), and every token of the parameter's variable is replaced
by that term's own serialisation (``str(term)``), which escapes quotes, backslashes and newlines: a value
can never end its literal and become query text. Because the variable is replaced wherever it occurs,
the value is seen everywhere the query uses it (``HAVING``, sub-selects, ``FILTER`` inside ``OPTIONAL``
or ``EXISTS``), and the bound text runs the same on the embedded store and on any endpoint.

A few places cannot hold a value (``SELECT ?_x``, ``AS ?_x``, ``VALUES ?_x``, ``GROUP BY ?_x``,
``ORDER BY ?_x``, ``BOUND(?_x)``): ``misplaced_parameters`` finds them so the pack refuses such a query
when it loads. An optional parameter (``?__name``) left out stays a variable, unbound (grlc's meaning).

Language tags: a plain ``?_keyword`` is bound as a plain ``xsd:string``; the graph's Chinese text is
``@zh``, so pack queries compare with ``CONTAINS(STR(?text), ?_keyword)`` (``STR`` drops the tag).
Use a ``?_name_zh`` parameter only where an exact ``@zh`` term must be matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.pack.lexer import tokens


def bind_terms(query: str, terms: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with every token of each variable (name without "?") replaced by its term."""
    if not terms:
        return query
    pieces: list[str] = []
    last = 0
    for token in tokens(query):
        if token.kind == "var" and token.text in terms:
            pieces += [query[last : token.start], str(terms[token.text])]
            last = token.end
    pieces.append(query[last:])
    return "".join(pieces)


@dataclass(frozen=True)
class Misplaced:
    variable: str  # without "?"
    line: int
    where: str  # the construct, e.g. "the SELECT clause"


_CLAUSE_ENDS = {"WHERE", "FROM", "HAVING", "ORDER", "GROUP", "LIMIT", "OFFSET", "VALUES"}


def misplaced_parameters(query: str) -> list[Misplaced]:
    """Parameter variables (``?_…``) standing where SPARQL allows only a variable, not a value."""
    found: list[Misplaced] = []
    listed = list(tokens(query))
    clause = ""  # "the SELECT clause", "GROUP BY", "ORDER BY", "VALUES" while inside one
    depth = 0  # parentheses inside that clause
    for k, token in enumerate(listed):
        word = token.text.upper() if token.kind == "word" else ""
        before = listed[k - 1].text.upper() if k > 0 else ""
        if word in ("SELECT", "VALUES") or (word == "BY" and before in ("GROUP", "ORDER")):
            clause = {"SELECT": "the SELECT clause", "VALUES": "VALUES"}.get(word, f"{before} BY")
            depth = 0
            continue
        if token.kind == "(":
            depth += 1
        elif token.kind == ")":
            depth -= 1
        elif word in _CLAUSE_ENDS or token.kind in ("{", "}"):
            clause = ""
        if token.kind != "var" or not token.text.startswith("_"):
            continue
        line = query.count("\n", 0, token.start) + 1
        if before == "AS":
            found.append(Misplaced(token.text, line, "AS ?…"))
        elif before == "(" and k > 1 and listed[k - 2].text.upper() == "BOUND":
            found.append(Misplaced(token.text, line, "BOUND(…)"))
        elif clause == "VALUES" or (clause and depth == 0):
            found.append(Misplaced(token.text, line, clause))
    return found
