"""`kg push`: load the build into an external triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``--endpoint`` is the store's *Graph Store* URL itself (Oxigraph: ``http://host:7878/store``; Fuseki:
``http://host:3030/DATASET/data``; GraphDB: ``…/repositories/ID/rdf-graphs/service``), not a base URL:
stores disagree on where that service lives, and guessing would write into the wrong place. The push is
one ``PUT`` of N-Triples to ``URL?default`` (or ``URL?graph=IRI`` with ``--graph``), so it *replaces*
that graph and running it twice leaves the same data, never duplicates.

What is pushed is the store's default graph, where ``kg build`` writes everything; a named graph in the
store is reported and left out.
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import http
from kg.errors import InputError
from kg.run import open_store


@dataclass(frozen=True)
class PushResult:
    url: str  # the Graph Store URL written to, with ?default or ?graph=
    triples: int
    status: int


def target_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL for the default graph or a named graph (IRI checked)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--endpoint must be an http(s) Graph Store URL, got {endpoint!r}")
    if graph is None:
        selector = "default"
    else:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise InputError(f"--graph must be an absolute IRI, got {graph!r}") from None
        if ":" not in graph:
            raise InputError(f"--graph must be an absolute IRI, got {graph!r}")
        selector = "graph=" + urllib.parse.quote(graph, safe="")
    return endpoint + ("&" if parts.query else "?") + selector


def push(
    build_dir: str | Path, endpoint: str, graph: str | None = None, timeout: float = 300.0
) -> PushResult:
    """PUT the build's default graph as N-Triples to a Graph Store endpoint."""
    url = target_url(endpoint, graph)
    store = open_store(build_dir)
    named = list(store.named_graphs())
    if named:
        print(f"kg push: warning: {len(named)} named graph(s) in the store are not pushed", file=sys.stderr)
    payload = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert payload is not None  # no output given: dump returns the bytes
    triples = payload.count(b"\n")
    response = http.send(
        url,
        method="PUT",
        body=payload,
        headers={"Content-Type": "application/n-triples", "Content-Length": str(len(payload))},
        timeout=timeout,
    )
    return PushResult(url, triples, response.status)


def cmd_push(args: argparse.Namespace) -> int:
    result = push(args.build, args.endpoint, args.graph, args.timeout)
    print(f"pushed {result.triples} triples to {result.url} (HTTP {result.status})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "push",
        help="load the build into an external triple store (SPARQL 1.1 Graph Store Protocol)",
        description="PUT the build's graph as N-Triples to a Graph Store endpoint, replacing the default "
        "graph (or --graph IRI). --endpoint is the Graph Store URL itself, e.g. Oxigraph's "
        "http://localhost:7878/store or Fuseki's http://localhost:3030/ds/data.",
    )
    parser.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store URL")
    parser.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    parser.add_argument("--graph", metavar="IRI", help="write this named graph instead of the default graph")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the store")
    parser.set_defaults(func=cmd_push)
