"""What the endpoint refuses before a worker sees a query: outbound requests (``SERVICE``) and
required pack parameters left unbound. Both checks read the pack's lexer tokens, so strings, comments
and IRIs never trigger them.

pyoxigraph runs ``SERVICE <url>`` by itself (there is no switch to turn it off), so a query could make
the server send requests to any address it can reach. The check is deliberately wider than the grammar:
the letters ``SERVICE`` anywhere outside strings, comments, IRIs, variables and the local part of
prefixed names count (pyoxigraph's parser also takes ``SERVICE:x``, ``SERVICESILENT<…>`` and keywords glued
to the previous term), so a query can only be refused wrongly (say, a prefix named ``service:``), never let
through wrongly. With ``--allow-service PREFIX`` a clean ``SERVICE [SILENT] <iri>`` (or a prefixed name
declared in the query) whose IRI starts with an allowed prefix at a path boundary passes; a variable
endpoint is always refused, since its value is only known while the query runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.pack.lexer import Token, tokens

# The local part of a prefixed name (SPARQL 1.1 PN_LOCAL), ASCII only: it never matches more than the
# parser reads, so whatever it leaves over is still looked at.
_PN_LOCAL = re.compile(
    r"(?:[A-Za-z0-9_:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
    r"(?:(?:[A-Za-z0-9_\-.:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])*"
    r"(?:[A-Za-z0-9_\-:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]))?"
)
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_REQUIRED_PARAMETER = re.compile(r"_[A-Za-z]")  # ?_name; an optional ?__name may stay unbound
SERVICE_HINT = "kg serve --allow-service PREFIX allows an endpoint"


class Refused(ValueError):
    """A query the endpoint will not run; the message is the one-line reason (HTTP 400)."""


def _mentions_service(word: str) -> bool:
    """The letters SERVICE in a word token, outside the part of a prefixed name the parser reads as local."""
    head, colon, local = word.partition(":")
    if "SERVICE" in head.upper():
        return True
    if not colon:
        return False
    match = _PN_LOCAL.match(local)
    rest = local[match.end() :] if match else local
    return "SERVICE" in rest.upper()


def _prefixes(found: Sequence[Token]) -> dict[str, str | None]:
    """PREFIX declarations: name -> IRI (None when declared twice, so never trusted)."""
    declared: dict[str, str | None] = {}
    for k in range(len(found) - 2):
        name, iri = found[k + 1], found[k + 2]
        if found[k].kind == "word" and found[k].text.upper() == "PREFIX" and name.kind == "word":
            if name.text.endswith(":") and iri.kind == "iri":
                prefix = name.text[:-1]
                declared[prefix] = None if prefix in declared else iri.text[1:-1]
    return declared


def _endpoint(found: Sequence[Token], k: int, prefixes: dict[str, str | None]) -> str:
    """The IRI a clean ``SERVICE`` at token k calls, or Refused saying why it cannot be checked."""
    k += 1
    if k < len(found) and found[k].kind == "word" and found[k].text.upper() == "SILENT":
        k += 1
    if k >= len(found):
        raise Refused("SERVICE without an endpoint")
    target = found[k]
    if target.kind == "var":
        raise Refused(
            f"SERVICE with a variable endpoint (?{target.text}) is refused: its value is only known "
            "while the query runs"
        )
    if target.kind == "iri":
        iri = target.text[1:-1]
    elif target.kind == "word" and ":" in target.text and not target.text.upper().startswith("SILENT"):
        prefix, _, local = target.text.partition(":")
        match = _PN_LOCAL.fullmatch(local) if local else None
        base = prefixes.get(prefix)
        if base is None or (local and match is None):
            raise Refused(f"SERVICE endpoint {target.text} is not a prefixed name declared once in the query")
        iri = base + re.sub(r"\\(.)", r"\1", local)
    else:
        raise Refused(f"SERVICE endpoint {target.text!r} is not an IRI")
    if not _ABSOLUTE.match(iri):
        raise Refused(f"SERVICE endpoint <{iri}> is not an absolute IRI")
    return iri


def allowed(iri: str, prefixes: Sequence[str]) -> bool:
    """The IRI starts with an allowed prefix, at a boundary (http://a.org never allows http://a.org.evil)."""
    for prefix in prefixes:
        if iri == prefix or (
            iri.startswith(prefix) and (prefix.endswith(("/", "?", "#")) or iri[len(prefix)] in "/?#")
        ):
            return True
    return False


def check_services(query: str, allow: Sequence[str] = ()) -> None:
    """Refused unless every SERVICE in the query calls an allowed endpoint (none are allowed by default)."""
    found = list(tokens(query))
    prefixes: dict[str, str | None] | None = None
    for k, token in enumerate(found):
        if token.kind != "word" or not _mentions_service(token.text):
            continue
        if not allow:
            raise Refused(
                "SERVICE is refused: this endpoint only reads its own store, it never sends requests "
                f"elsewhere ({SERVICE_HINT})"
            )
        if token.text.upper() != "SERVICE":
            raise Refused(f"SERVICE must be written as a word of its own, not {token.text!r}")
        prefixes = _prefixes(found) if prefixes is None else prefixes
        iri = _endpoint(found, k, prefixes)
        if not allowed(iri, allow):
            raise Refused(f"SERVICE <{iri}> is not allowed here (allowed: {', '.join(allow)})")


def check_pack_parameters(query: str) -> None:
    """Refused when a required pack parameter (?_name) is neither bound by VALUES nor by AS.

    A pack `.rq` sent unchanged would otherwise run with its parameters unbound and answer wrongly
    without a word (usually no rows at all). An optional parameter (?__name) is not refused: the pack
    itself leaves one that was not given as an unbound variable, so unbound is what it means.
    """
    found = list(tokens(query))
    bound: set[str] = set()
    for k, token in enumerate(found):
        if token.kind != "word" or token.text.upper() not in ("VALUES", "AS"):
            continue
        j = k + 1
        if token.text.upper() == "VALUES" and j < len(found) and found[j].kind == "(":
            j += 1
            while j < len(found) and found[j].kind == "var":
                bound.add(found[j].text)
                j += 1
        elif j < len(found) and found[j].kind == "var":
            bound.add(found[j].text)
    for token in found:
        if token.kind == "var" and _REQUIRED_PARAMETER.match(token.text) and token.text not in bound:
            raise Refused(
                f"unbound pack parameter ?{token.text}: bind it "
                "(kg query NAME --show-query prints the bound text)"
            )
