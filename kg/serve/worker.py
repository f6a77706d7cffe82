"""The query worker: a subprocess holding an in-memory copy of the store, answering JSON-lines requests.

Each request is one JSON line on stdin (a `QueryRequest`); each answer is one JSON header line
(status, media, length, truncated, replace) followed by that many bytes of body on stdout. The worker
caps its own address space (RLIMIT_AS) and the rows of each answer, so one query can neither take the
machine's memory nor build an unbounded answer.
"""

from __future__ import annotations

import ctypes
import itertools
import json
import os
import resource
import signal
import sys
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from kg.rdf.terms import PREFIXES
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES, Answer, choose
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


CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


def _leave_the_network() -> bool:
    """Move this worker into a network namespace of its own, where nothing is reachable (Linux).

    A second wall behind the query guard: even a SERVICE the guard missed has nowhere to go. Root needs
    only a new network namespace; others a user namespace too, which some systems forbid (then the
    guard alone stands, and this returns False).
    """
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    try:
        return ctypes.CDLL(None, use_errno=True).unshare(flags) == 0
    except (OSError, AttributeError):
        return False


class _Full(Exception):
    pass


class _RowCap:
    """A binary writer that keeps a TSV results document up to ``max_rows`` rows, then stops the writer.

    TSV writes one solution per line and escapes tabs and newlines inside terms, so lines are rows.
    """

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.buffer = bytearray()
        self.lines = 0
        self.full = False

    def write(self, data: bytes) -> int:
        if self.full:  # pyoxigraph may flush again after an error: keep what we have
            raise _Full
        self.buffer += data
        self.lines += data.count(b"\n")
        if self.lines > self.max_rows + 1:  # the header line, max_rows rows, and more
            self.full = True
            raise _Full
        return len(data)

    def flush(self) -> None:
        pass

    def rows(self) -> bytes:
        """The header and the first max_rows rows."""
        end = -1
        for _ in range(min(self.lines, self.max_rows + 1)):
            end = self.buffer.index(b"\n", end + 1)
        return bytes(self.buffer[: end + 1])


def _solutions(result: ox.QuerySolutions, max_rows: int) -> tuple[ox.QuerySolutions, int | None]:
    """The solutions, cut to max_rows (then the cut is returned too), read lazily from the engine."""
    cap = _RowCap(max_rows)
    try:
        result.serialize(cap, ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]  # any .write() will do
    except _Full:
        pass
    solutions = ox.parse_query_results(cap.rows(), ox.QueryResultsFormat.TSV)
    assert isinstance(solutions, ox.QuerySolutions)  # a TSV document is always solutions
    return solutions, max_rows if cap.full else None


def truncation_note(rows: int) -> str:
    return f"only the first {rows} rows are sent (kg serve --max-rows sets the limit)"


def answer(store: ox.Store, request: QueryRequest, max_rows: int) -> Answer:
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
        truncated: int | None = None
        if isinstance(result, ox.QueryTriples):
            triples = list(itertools.islice(result, max_rows + 1))
            if len(triples) > max_rows:
                triples, truncated = triples[:max_rows], max_rows
            fmt = GRAPH_TYPES[media]
            prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE,) else None
            body = ox.serialize(triples, format=fmt, prefixes=prefixes)
        elif isinstance(result, ox.QuerySolutions):
            solutions, truncated = _solutions(result, max_rows)
            body = solutions.serialize(format=RESULT_TYPES[media])
            if truncated and body is not None and RESULT_TYPES[media] == ox.QueryResultsFormat.JSON:
                # a top-level member that SPARQL JSON readers ignore and people see
                body = b'{"truncated":' + json.dumps(truncation_note(truncated)).encode() + b"," + body[1:]
        else:
            body = result.serialize(format=RESULT_TYPES[media])
        assert body is not None  # no output given: serialize returns the bytes
        return Answer(200, media, body, truncated)
    except SyntaxError as error:
        return Answer(400, "text/plain", f"query syntax error: {' '.join(str(error).split())}".encode())
    except ValueError as error:
        return Answer(400, "text/plain", f"bad request: {' '.join(str(error).split())}".encode())
    except (OSError, RuntimeError) as error:
        return Answer(500, "text/plain", f"query failed: {' '.join(str(error).split())}".encode())


def memory_note(memory_mb: int) -> bytes:
    return (
        f"the query needed more than the {memory_mb} MiB a query worker may use and was stopped "
        "(kg serve --memory-mb sets the limit)"
    ).encode()


def worker_main(store_path: str, parent_pid: int, memory_mb: int, max_rows: int, offline: int = 1) -> int:
    """One query worker: cap memory, copy the store into memory, then answer requests from stdin until EOF.

    ``offline`` (no ``--allow-service``): the worker leaves the network first.
    """
    if offline and not _leave_the_network():  # before PR_SET_PDEATHSIG, which new credentials would clear
        print(
            "cannot leave the network here (no namespaces); the query guard alone refuses SERVICE",
            file=sys.stderr,
        )
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's business
    limit = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the protocol

    def send(header: dict[str, object], body: bytes = b"") -> None:
        out.write(json.dumps({**header, "length": len(body)}).encode() + b"\n" + body)
        out.flush()

    try:
        store = load_in_memory(Path(store_path))
    except (OSError, MemoryError) as error:
        send({"ready": False, "error": " ".join(str(error).split()) or "out of memory"})
        return 1
    send({"ready": True})
    for line in sys.stdin.buffer:
        try:
            reply = answer(store, json.loads(line), max_rows)
        except MemoryError:  # a fresh worker replaces this one: its heap may be in pieces
            send({"status": 507, "media": "text/plain", "replace": True}, memory_note(memory_mb) + b"\n")
            return 1
        send({"status": reply.status, "media": reply.media, "truncated": reply.truncated}, reply.body)
    return 0
