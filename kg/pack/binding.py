"""Binding parameter values into query text.

Binding never splices text into the query. Each value becomes a typed RDF term (a pyoxigraph
``Literal``/``NamedNode``, which validates and escapes it) and the terms are injected as a
``VALUES`` block at the start of the outermost ``WHERE`` group, so the same bound text runs on the
embedded store and on remote endpoints with the same answers. Parameters must therefore be used in
that outermost group (a FILTER there sees them; a FILTER inside a nested group or sub-select does not).

Language tags: a plain ``?_keyword`` is bound as a plain ``xsd:string``; the graph's Chinese text is
``@zh``, so pack queries compare with ``CONTAINS(STR(?text), ?_keyword)`` (``STR`` drops the tag).
Use a ``?_name_zh`` parameter only where an exact ``@zh`` term must be matched.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.errors import InputError
from kg.pack.lexer import where_group_offset


def inject_values(query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a ``VALUES`` block binding each variable (name without "?") to its term.

    Terms are written with pyoxigraph's own serialisation (``str(term)``), which escapes quotes,
    backslashes and newlines: a value can never end the literal and become query text.
    """
    if not bindings:
        return query
    offset = where_group_offset(query)
    if offset is None:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    variables = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({variables}) {{ ({values}) }}"
    return query[:offset] + block + query[offset:]
