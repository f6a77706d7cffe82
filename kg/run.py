"""Running a pack query: on the build's on-disk store, or on any SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg import formats
from kg.errors import InputError, one_line
from kg.pack.loading import PackQuery
from kg.store import open_read_only

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Result:
    """A query's answer, whatever ran it: solutions (SELECT), a boolean (ASK) or triples."""

    kind: TypingLiteral["solutions", "boolean", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


def from_pyoxigraph(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | ox.QuadParser) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result("boolean", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return Result("solutions", variables, [tuple(solution) for solution in answer])
    return Result("graph", triples=[t.triple if isinstance(t, ox.Quad) else t for t in answer])


def run_text(store: ox.Store, text: str, name: str = "query") -> Result:
    """Run ready-bound SPARQL text on an open store; engine errors become one-line InputErrors."""
    try:
        return from_pyoxigraph(store.query(text))
    except SyntaxError as error:
        raise InputError(f"syntax error in {name}: {one_line(error)}") from None
    except (OSError, ValueError, RuntimeError) as error:
        raise InputError(f"query {name} failed: {one_line(error)}") from None


def run_local(build_dir: str | Path, query: PackQuery, params: Mapping[str, str] | None = None) -> Result:
    """Run a pack query on the embedded on-disk store of a build directory."""
    text = query.bind(params)
    return run_text(open_read_only(build_dir), text, query.name)


MAX_ANSWER = 256 << 20  # an endpoint's answer beyond 256 MiB is refused rather than held in memory
REMOTE_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5"
)


def run_remote(
    endpoint_url: str, query: PackQuery, params: Mapping[str, str] | None = None, timeout: float = 60.0
) -> Result:
    """Run a pack query on any SPARQL 1.1 Protocol endpoint."""
    return ask_endpoint(endpoint_url, query.bind(params), timeout)


def ask_endpoint(endpoint_url: str, text: str, timeout: float = 60.0) -> Result:
    """Run ready-bound SPARQL text on an endpoint (POST, form-encoded, as the protocol allows any)."""
    from kg import http  # urllib.request and http.client: only when an endpoint is asked

    response = http.send(
        endpoint_url,
        method="POST",
        body=urllib.parse.urlencode({"query": text}).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": REMOTE_ACCEPT},
        timeout=timeout,
        max_reply=MAX_ANSWER,
        name=f"endpoint {endpoint_url}",
    )
    return parse_response(response.body, response.media_type, endpoint_url)


def parse_response(payload: bytes, media: str, source: str = "endpoint") -> Result:
    """A Result from an HTTP answer body and its media type."""
    readable = formats.readable_format(media)
    if readable is None:
        raise InputError(f"{source} answered with unsupported media type {media}")
    try:
        if isinstance(readable.oxigraph, ox.QueryResultsFormat):
            return from_pyoxigraph(ox.parse_query_results(payload, format=readable.oxigraph))
        return from_pyoxigraph(ox.parse(payload, format=readable.oxigraph))
    except (SyntaxError, ValueError, OSError) as error:
        raise InputError(f"{source} sent an unreadable {media} answer: {one_line(error)}") from None
