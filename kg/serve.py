"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and query page over the built store.

Design: a stdlib ``ThreadingHTTPServer`` front end parses and checks each request (read-only, content
negotiation, size) and hands the query to a pool of worker subprocesses, each holding the store open
read-only and speaking a small JSON-lines protocol on its stdin/stdout. Workers are separate processes
because pyoxigraph can abort the whole process on some queries (a Rust panic such as a sort whose
comparison is not a total order) and because a running query cannot be cancelled from Python: a
worker that dies is answered with 500 and replaced; a worker that runs past ``--timeout`` is killed
(SIGKILL, so the work really stops) and replaced, and the client gets 504 with a text body, never a
truncated 200. Nothing here writes: each worker reads the store read-only into an in-memory copy (queries
run 3-7 times faster in memory; the copy is made once, at start-up), and updates and Graph Store writes are
refused with 4xx before any worker sees them.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.resources
import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from kg.errors import InputError
from kg.store import load_in_memory

DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # a SPARQL query larger than 1 MiB is a mistake, not a query
SPAWN_TIMEOUT = 60.0

# --- content negotiation -----------------------------------------------------------------------------

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
# ?format= / ?output= / ?results= short names (SPARQLWrapper, YASGUI and curl users send these)
SHORT_NAMES: dict[str, tuple[str, str]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", ""),
    "tsv": ("text/tab-separated-values", ""),
    "turtle": ("", "text/turtle"),
    "ttl": ("", "text/turtle"),
    "n3": ("", "text/turtle"),
    "json-ld": ("", "application/ld+json"),
    "jsonld": ("", "application/ld+json"),
    "nt": ("", "application/n-triples"),
    "ntriples": ("", "application/n-triples"),
    "n-triples": ("", "application/n-triples"),
    "rdf+xml": ("", "application/rdf+xml"),
    "rdfxml": ("", "application/rdf+xml"),
}
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples", "text/plain"}
PREFIXES = {
    "ipkg": "https://w3id.org/ipkg/def#",
    "id": "https://w3id.org/ipkg/id/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped; ties keep the client's order)."""
    if not header or not header.strip():
        return ["*/*"]
    ranked = []
    for position, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose(accept: Sequence[str], graph: bool) -> str | None:
    """The media type to answer with for a result kind, or None (406) if the client accepts none."""
    table = GRAPH_TYPES if graph else RESULT_TYPES
    default = "text/turtle" if graph else "application/sparql-results+json"
    for media in accept:
        if media in table:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            if default.startswith(family):
                return default
            found = next((m for m in table if m.startswith(family)), None)
            if found:
                return found
    return None


def accept_from_request(params: dict[str, list[str]], header: str | None) -> list[str]:
    """A ?format=/?output=/?results= parameter wins over the Accept header, as most endpoints do."""
    for key in ("format", "output", "results"):
        for value in params.get(key, []):
            value = value.strip().lower()
            if value in SHORT_NAMES:
                return [m for m in SHORT_NAMES[value] if m]
            if "/" in value:
                return [value]
    return parse_accept(header)


# --- the worker side ---------------------------------------------------------------------------------


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this worker when the server dies, so no orphan keeps a query running."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


class QueryRequest(TypedDict):
    """What the server sends a worker, as one JSON line."""

    query: str
    accept: list[str]
    default_graph: list[str]
    named_graph: list[str]


def _answer(store: ox.Store, request: QueryRequest) -> tuple[int, str, bytes]:
    text = str(request["query"])
    # None (the default) leaves the store's own dataset
    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
    if request.get("default_graph"):
        default_graph = [ox.NamedNode(u) for u in request["default_graph"]]
    if request.get("named_graph"):
        named_graphs = [ox.NamedNode(u) for u in request["named_graph"]]
    try:
        answer = store.query(text, default_graph=default_graph, named_graphs=named_graphs)
        graph = isinstance(answer, ox.QueryTriples)
        media = choose(list(request.get("accept") or ["*/*"]), graph)
        if media is None:
            offered = ", ".join(dict.fromkeys(GRAPH_TYPES if graph else RESULT_TYPES))
            return 406, "text/plain", f"not acceptable: this answer is available as {offered}".encode()
        if isinstance(answer, ox.QueryTriples):
            fmt = GRAPH_TYPES[media]
            prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE,) else None
            body = ox.serialize(answer, format=fmt, prefixes=prefixes)
        else:
            body = answer.serialize(format=RESULT_TYPES[media])
        assert body is not None  # no output given: serialize returns the bytes
        return 200, media, body
    except SyntaxError as error:
        return 400, "text/plain", f"query syntax error: {' '.join(str(error).split())}".encode()
    except ValueError as error:
        return 400, "text/plain", f"bad request: {' '.join(str(error).split())}".encode()
    except (OSError, RuntimeError) as error:
        return 500, "text/plain", f"query failed: {' '.join(str(error).split())}".encode()


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
        status, media, body = _answer(store, json.loads(line))
        send({"status": status, "media": media}, body)
    return 0


# --- the server side ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    media: str
    body: bytes


class WorkerDied(Exception):
    pass


class WorkerTimeout(Exception):
    pass


class Worker:
    """A query subprocess and its end of the JSON-lines protocol."""

    def __init__(self, store_path: Path) -> None:
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(
            os.environ,
            RUST_BACKTRACE="0",
            PYTHONPATH=os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
        )
        code = "import sys; from kg.serve import worker_main as m; sys.exit(m(sys.argv[1], int(sys.argv[2])))"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(store_path), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=env,
        )
        self._buffer = bytearray()

    def _fill(self, deadline: float) -> None:
        assert self.process.stdout is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerTimeout
        ready, _, _ = select.select([self.process.stdout], [], [], remaining)
        if not ready:
            raise WorkerTimeout
        chunk = os.read(self.process.stdout.fileno(), 1 << 16)
        if not chunk:
            raise WorkerDied
        self._buffer += chunk

    def _read_message(self, deadline: float) -> tuple[dict[str, object], bytes]:
        while b"\n" not in self._buffer:
            self._fill(deadline)
        line, _, rest = bytes(self._buffer).partition(b"\n")
        self._buffer = bytearray(rest)
        header = json.loads(line)
        length = int(header["length"])
        while len(self._buffer) < length:
            self._fill(deadline)
        body = bytes(self._buffer[:length])
        del self._buffer[:length]
        return header, body

    def wait_ready(self, timeout: float) -> None:
        header, _ = self._read_message(time.monotonic() + timeout)
        if not header.get("ready"):
            raise InputError(f"cannot open the store: {header.get('error')}")

    def ask(self, request: QueryRequest, timeout: float) -> Answer:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
        except (BrokenPipeError, OSError):
            raise WorkerDied from None
        header, body = self._read_message(time.monotonic() + timeout)
        return Answer(int(header["status"]), str(header["media"]), body)  # type: ignore[call-overload]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


class Pool:
    """Worker subprocesses; all are spawned by one long-lived thread (PDEATHSIG follows the thread)."""

    def __init__(self, store_path: Path, size: int, timeout: float) -> None:
        self.store_path, self.size, self.timeout = store_path, size, timeout
        self.idle: queue.Queue[Worker] = queue.Queue()
        self._requests: queue.Queue[int | None] = queue.Queue()
        self._started: queue.Queue[BaseException | None] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._spawner, name="kg-serve-spawner", daemon=True)

    def start(self) -> None:
        self._thread.start()
        for _ in range(self.size):
            self._requests.put(1)
        for _ in range(self.size):
            try:
                error = self._started.get(timeout=SPAWN_TIMEOUT * 5)
            except queue.Empty:
                error = InputError("query workers did not start in time")
            if error is not None:
                self.close()
                raise error if isinstance(error, InputError) else InputError(f"cannot start workers: {error}")

    def _spawner(self) -> None:
        while (request := self._requests.get()) is not None:
            for attempt in range(5):
                if self._closed:
                    return
                worker = Worker(self.store_path)
                with self._lock:
                    self._all.add(worker)
                try:
                    worker.wait_ready(SPAWN_TIMEOUT)
                except (InputError, WorkerDied, WorkerTimeout, ValueError) as error:
                    self._discard(worker)
                    if attempt == 4 or isinstance(error, InputError):
                        self._started.put(
                            error
                            if isinstance(error, InputError)
                            else InputError(f"a query worker did not start ({type(error).__name__})")
                        )
                        break
                    time.sleep(0.5)
                    continue
                self.idle.put(worker)
                self._started.put(None)
                break
            del request

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: Worker) -> None:
        self._discard(worker)
        if not self._closed:
            self._requests.put(1)

    def run(self, request: QueryRequest) -> Answer:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, "text/plain", b"all query workers are busy; try again later")
        try:
            answer = worker.ask(request, self.timeout)
        except WorkerTimeout:
            self._replace(worker)
            return Answer(
                504,
                "text/plain",
                f"query timed out after {self.timeout:g} s and was stopped "
                "(kg serve --timeout sets the limit)".encode(),
            )
        except (WorkerDied, ValueError, KeyError):
            self._replace(worker)
            return Answer(500, "text/plain", b"query crashed the engine; the worker was restarted")
        self.idle.put(worker)
        return answer

    def close(self) -> None:
        self._closed = True
        self._requests.put(None)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


def _web_file(name: str) -> bytes | None:
    """A bundled page asset by plain file name (no paths, so no traversal)."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    resource = importlib.resources.files("kg") / "web" / name
    return resource.read_bytes() if resource.is_file() else None


WEB_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
UPDATE_TYPES = {"application/sparql-update"}


class Handler(BaseHTTPRequestHandler):
    server_version = "ipkg-sparql/0.1"
    protocol_version = "HTTP/1.1"
    timeout = 120  # an idle keep-alive connection does not hold a thread forever
    pool: Pool
    pack_json: bytes
    quiet: bool = False

    # --- plumbing

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        if not self.quiet:
            super().log_message(format, *args)

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")

    def _send(self, status: int, media: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        if media in TEXT_TYPES:
            media += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("Cache-Control", "no-store")
        self._cors()
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain", (message.rstrip("\n") + "\n").encode("utf-8"), extra)

    def _body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._text(411, "chunked request bodies are not supported: send Content-Length")
            self.close_connection = True
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._text(413, f"request body too large (limit {MAX_BODY} bytes)")
            self.close_connection = True
            return None
        return self.rfile.read(length) if length else b""

    # --- methods

    def do_OPTIONS(self) -> None:  # noqa: N802 - the stdlib's naming
        self.send_response(204)
        self._cors()
        self.send_header("Allow", "GET, POST, OPTIONS")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _read_only(self) -> None:
        self._body()
        self._text(
            405,
            "this endpoint is read-only: Graph Store and update requests are refused",
            {"Allow": "GET, POST, OPTIONS"},
        )

    do_PUT = do_DELETE = do_PATCH = _read_only  # noqa: N815

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = url.path
        if path in ("/query", "/sparql") or (path == "/" and ("query" in params or "update" in params)):
            self._sparql(params, None)
        elif path in ("/", "/index.html"):
            self._static("index.html")
        elif path == "/api/queries":
            self._send(200, "application/json", self.pack_json)
        elif path.startswith("/web/"):
            self._static(path.removeprefix("/web/"))
        else:
            self._text(404, f"not found: {path} (the SPARQL endpoint is /query; the page is /)")

    def do_HEAD(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html") and not url.query:
            self._static("index.html")
        else:
            self._text(405, "HEAD is only for the page", {"Allow": "GET, POST, OPTIONS"})

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        body = self._body()
        if body is None:
            return
        media = self.headers.get_content_type() if self.headers.get("Content-Type") else ""
        if url.path == "/api/run":
            self._api_run(body)
        elif url.path in ("/query", "/sparql", "/"):
            if media in UPDATE_TYPES:
                self._text(403, "this endpoint is read-only: SPARQL updates are refused")
            elif media == "application/x-www-form-urlencoded":
                try:
                    form = urllib.parse.parse_qs(
                        body.decode("utf-8"), keep_blank_values=True, strict_parsing=False
                    )
                except UnicodeDecodeError:
                    self._text(400, "the form is not UTF-8")
                    return
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
                self._sparql(params, None)
            elif media == "application/sparql-query":
                try:
                    self._sparql(params, body.decode("utf-8"))
                except UnicodeDecodeError:
                    self._text(400, "the query is not UTF-8")
            else:
                self._text(
                    415,
                    "send the query as application/sparql-query or "
                    "application/x-www-form-urlencoded (query=…)",
                )
        else:
            self._text(405, "this endpoint is read-only: POST only to /query", {"Allow": "GET, OPTIONS"})

    # --- endpoints

    def _static(self, name: str) -> None:
        data = _web_file(name)
        if data is None:
            self._text(404, f"not found: {name}")
            return
        self._send(200, WEB_TYPES.get(Path(name).suffix, "application/octet-stream"), data)

    def _sparql(self, params: dict[str, list[str]], direct: str | None) -> None:
        if "update" in params:
            self._text(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        queries = params.get("query", []) if direct is None else [direct]
        if len(queries) != 1 or not queries[0].strip():
            self._text(400, "send exactly one non-empty query (GET ?query=…, or POST)")
            return
        self._run(
            queries[0],
            accept_from_request(params, self.headers.get("Accept")),
            params.get("default-graph-uri", []),
            params.get("named-graph-uri", []),
        )

    def _run(
        self, text: str, accept: list[str], default_graph: Sequence[str] = (), named_graph: Sequence[str] = ()
    ) -> None:
        for iri in [*default_graph, *named_graph]:
            try:
                ox.NamedNode(iri)
            except ValueError:
                self._text(400, f"not an IRI: {iri!r}")
                return
        answer = self.pool.run(
            {
                "query": text,
                "accept": accept,
                "default_graph": list(default_graph),
                "named_graph": list(named_graph),
            }
        )
        extra = {"Retry-After": "5"} if answer.status == 503 else None
        self._send(answer.status, answer.media, answer.body, extra)

    def _api_run(self, body: bytes) -> None:
        """The page's runner: the editor's text and the parameter form, bound exactly as `kg query` does."""
        from kg.pack.loading import parse_query

        try:
            request = json.loads(body or b"{}")
            text, params = str(request["query"]), request.get("params") or {}
            if not isinstance(params, dict):
                raise TypeError("params must be an object")
            given = {str(k): str(v) for k, v in params.items() if v is not None and str(v) != ""}
            bound = parse_query(text, str(request.get("name") or "editor")).bind(given)
        except InputError as error:
            self._text(400, str(error))
            return
        except (ValueError, KeyError, TypeError) as error:
            self._text(400, f"bad /api/run request: {error}")
            return
        self._run(bound, parse_accept(self.headers.get("Accept")))


def _self_check(url: str, timeout: float) -> None:
    """The server answers a real query before we announce it."""
    request = urllib.request.Request(
        url + "?query=" + urllib.parse.quote("ASK {}"), headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        json.loads(response.read())


def serve(build_dir: Path, host: str, port: int, timeout: float, workers: int, quiet: bool = False) -> int:
    from kg.pack.loading import load_pack

    store_dir = Path(build_dir) / "store"
    if not store_dir.is_dir():
        raise InputError(f"no built store at {store_dir}: run `kg build` first (or pass --build DIR)")
    if timeout <= 0 or workers < 1:
        raise InputError("--timeout must be positive and --workers at least 1")
    pack_json = json.dumps([q.as_json() for q in load_pack().values()], ensure_ascii=False).encode()

    pool = Pool(store_dir.resolve(), workers, timeout)
    pool.start()
    handler = type("KgHandler", (Handler,), {"pool": pool, "pack_json": pack_json, "quiet": quiet})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        pool.close()
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="kg-serve-http", daemon=True)
    thread.start()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        shown_host = server.server_address[0]
        assert isinstance(shown_host, str)  # server_bind() stored getsockname(): an IPv4 host is a str
        check_host = "127.0.0.1" if shown_host in ("0.0.0.0", "") else shown_host
        bound_port = server.server_address[1]
        try:
            _self_check(f"http://{check_host}:{bound_port}/query", timeout + 10)
        except (OSError, ValueError) as error:
            raise InputError(f"the server did not answer its own test query: {error}") from None
        print(f"SPARQL endpoint: http://{shown_host}:{bound_port}/query", flush=True)
        print(f"Query page:      http://{shown_host}:{bound_port}/", flush=True)
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        pool.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return serve(Path(args.build), args.host, args.port, args.timeout, args.workers, args.quiet)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the build as a read-only SPARQL endpoint with a query page",
        description="A SPARQL 1.1 Protocol endpoint (GET/POST /query) and a query page (/) over the "
        "built store. Read-only; each query runs in a worker process and is stopped after "
        "--timeout seconds.",
    )
    parser.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (0 picks a free one)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default 30)")
    parser.add_argument("--workers", type=int, default=4, help="query worker processes (default 4)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.set_defaults(func=cmd_serve)
