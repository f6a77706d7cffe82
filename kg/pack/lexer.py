"""A small SPARQL lexer: enough to find variables, keywords and groups, never fooled by braces, "#" or
"?" inside strings, IRIs and comments."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\U000EFFFF]+)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*(:[^\s{}()<>,;\"'#]*)?|:[^\s{}()<>,;\"'#]*")


@dataclass(frozen=True)
class Token:
    kind: str  # "var", "word", "{", "}", "(", ")", "string", "iri"
    start: int
    end: int
    text: str


def tokens(query: str) -> Iterator[Token]:
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = query[i : i + 3] if query[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            end = min(n, j + len(quote))
            yield Token("string", i, end, query[i:end])
            i = end
            continue
        match = None
        if c == "<":
            match, kind = _IRIREF.match(query, i), "iri"
        elif c in "?$":
            match, kind = _VARIABLE.match(query, i), "var"
        elif c.isalpha() or c == ":":
            match, kind = _WORD.match(query, i), "word"
        if match is not None:
            yield Token(kind, i, match.end(), match.group(1) if kind == "var" else match.group(0))
            i = match.end()
            continue
        if c in "{}()":
            yield Token(c, i, i + 1, c)
        i += 1


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK (upper case), or None when the text is none of them."""
    for token in tokens(query):
        if token.kind == "word" and token.text.upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return token.text.upper()
    return None
