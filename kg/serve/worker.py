"""The query worker: a subprocess holding an in-memory copy of the store, answering JSON-lines requests.

Each request is one JSON line on stdin (a `QueryRequest`); each answer is one JSON header line
(status, media, length) followed by that many bytes of body on stdout.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from kg.serve.negotiation import GRAPH_TYPES, PREFIXES, RESULT_TYPES, Answer, choose
from kg.store import load_in_memory


class QueryRequest(TypedDict):
    """What the server sends a worker, as one JSON line."""

    query: str
    accept: list[str]
    default_graph: list[str]
    named_graph: list[str]


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this worker when the server dies, so no orphan keeps a query running."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


def answer(store: ox.Store, request: QueryRequest) -> Answer:
    """Run one query and serialise its answer in the negotiated format (errors as text/plain 4xx/5xx)."""
    text = str(request["query"])
    # None (the default) leaves the store's own dataset
    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
    if request.get("default_graph"):
        default_graph = [ox.NamedNode(u) for u in request["default_graph"]]
    if request.get("named_graph"):
        named_graphs = [ox.NamedNode(u) for u in request["named_graph"]]
    try:
        result = store.query(text, default_graph=default_graph, named_graphs=named_graphs)
        graph = isinstance(result, ox.QueryTriples)
        media = choose(list(request.get("accept") or ["*/*"]), graph)
        if media is None:
            offered = ", ".join(dict.fromkeys(GRAPH_TYPES if graph else RESULT_TYPES))
            return Answer(
                406, "text/plain", f"not acceptable: this answer is available as {offered}".encode()
            )
        if isinstance(result, ox.QueryTriples):
            fmt = GRAPH_TYPES[media]
            prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE,) else None
            body = ox.serialize(result, format=fmt, prefixes=prefixes)
        else:
            body = result.serialize(format=RESULT_TYPES[media])
        assert body is not None  # no output given: serialize returns the bytes
        return Answer(200, media, body)
    except SyntaxError as error:
        return Answer(400, "text/plain", f"query syntax error: {' '.join(str(error).split())}".encode())
    except ValueError as error:
        return Answer(400, "text/plain", f"bad request: {' '.join(str(error).split())}".encode())
    except (OSError, RuntimeError) as error:
        return Answer(500, "text/plain", f"query failed: {' '.join(str(error).split())}".encode())


def worker_main(store_path: str, parent_pid: int) -> int:
    """One query worker: copy the store into memory, then answer requests from stdin until EOF."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's business
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the protocol

    def send(header: dict[str, object], body: bytes = b"") -> None:
        out.write(json.dumps({**header, "length": len(body)}).encode() + b"\n" + body)
        out.flush()

    try:
        store = load_in_memory(Path(store_path))
    except OSError as error:
        send({"ready": False, "error": " ".join(str(error).split())})
        return 1
    send({"ready": True})
    for line in sys.stdin.buffer:
        reply = answer(store, json.loads(line))
        send({"status": reply.status, "media": reply.media}, reply.body)
    return 0
