"""`kg push`: load the build into an external triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``--endpoint`` is the store's *Graph Store* URL itself (Oxigraph: ``http://host:7878/store``; Fuseki:
``http://host:3030/DATASET/data``; GraphDB: ``…/repositories/ID/rdf-graphs/service``), not a base URL:
stores disagree on where that service lives, and guessing would write into the wrong place.

The push is one ``PUT`` of N-Triples to ``URL?graph=IRI``, by default the named graph of the dataset's
IRI (``https://w3id.org/ipkg/id/dataset/ipkg``), so it *replaces* that graph only: running it twice
leaves the same data, and whatever else a shared store holds (its default graph, other named graphs) is
left alone. ``--graph IRI`` names another graph; ``--default-graph`` replaces the store's default graph,
and only then. Queries see the pushed graph with ``GRAPH <IRI> { … }``, or directly where the store
makes the default graph the union of its graphs (Oxigraph ``--union-default-graph``, Fuseki's
``tdb2:unionDefaultGraph``, GraphDB by default).

What is pushed is the build store's default graph, where ``kg build`` writes everything (the ontology
included; its own named graph in the build store is a copy and stays behind); any other named graph in
the build store is reported and left out. ``--timeout`` is a deadline for the whole push (see
kg/http.py): a slow or misbehaving store ends it with one line and exit code 2.
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
from kg.rdf.terms import DATASET
from kg.store import ONTOLOGY_GRAPH, open_read_only

MAX_REPLY = 1 << 20  # a Graph Store answers a PUT with a status and a short message at most


@dataclass(frozen=True)
class PushResult:
    url: str  # the Graph Store URL written to, with ?default or ?graph=
    triples: int
    status: int


def target_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL for a named graph (IRI checked), or the default graph for None."""
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
    build_dir: str | Path,
    endpoint: str,
    graph: str | None = DATASET.value,
    timeout: float = 300.0,
) -> PushResult:
    """PUT the build's default graph as N-Triples into ``graph`` (None: the store's default graph)."""
    url = target_url(endpoint, graph)
    store = open_read_only(build_dir)
    named = [graph for graph in store.named_graphs() if graph != ONTOLOGY_GRAPH]
    if named:
        print(f"kg push: warning: {len(named)} named graph(s) in the store are not pushed", file=sys.stderr)
    payload = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert payload is not None  # no output given: dump returns the bytes
    response = http.send(
        url,
        method="PUT",
        body=payload,
        headers={"Content-Type": "application/n-triples", "Content-Length": str(len(payload))},
        timeout=timeout,
        max_reply=MAX_REPLY,
    )
    return PushResult(url, payload.count(b"\n"), response.status)


def cmd_push(args: argparse.Namespace) -> int:
    result = push(args.build, args.endpoint, None if args.default_graph else args.graph, args.timeout)
    print(f"pushed {result.triples} triples to {result.url} (HTTP {result.status})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "push",
        help="load the build into an external triple store (SPARQL 1.1 Graph Store Protocol)",
        description="PUT the build's graph as N-Triples to a Graph Store endpoint, replacing the named "
        f"graph {DATASET.value} (or --graph IRI); the store's default graph only with --default-graph. "
        "--endpoint is the Graph Store URL itself, e.g. Oxigraph's http://localhost:7878/store or "
        "Fuseki's http://localhost:3030/ds/data.",
    )
    parser.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store URL")
    parser.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    into = parser.add_mutually_exclusive_group()
    into.add_argument(
        "--graph",
        default=DATASET.value,
        metavar="IRI",
        help=f"the named graph to replace (default {DATASET.value})",
    )
    into.add_argument(
        "--default-graph",
        action="store_true",
        help="replace the store's default graph instead (a store of its own)",
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds the whole push may take (default 300)"
    )
    parser.set_defaults(func=cmd_push)
