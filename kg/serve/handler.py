"""The HTTP side: one request in, one answer out; routing, request checks and the SPARQL 1.1 Protocol.

New URLs are added in `Handler.route_get` / `Handler.route_post` (the only dispatch places).
Every answer carries ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy that lets a page
load only this server's own files and never be framed; CORS headers only with ``--cors`` (the JSON-LD
context alone is readable from any origin: ``Answer.public``).
"""

from __future__ import annotations

import io
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from http.server import BaseHTTPRequestHandler

import pyoxigraph as ox

from kg.serve import web
from kg.serve.connections import DeadlineReader, HostRule
from kg.serve.guard import Refused, check_pack_parameters, check_services
from kg.serve.negotiation import TEXT_TYPES, Answer, accept_from_request, parse_accept
from kg.serve.pool import Pool, WorkerDied, WorkerTimeout
from kg.serve.resources import (
    PUBLISHED,
    Resources,
    dump_answer,
    is_resource_path,
    negotiate,
    published_answer,
)
from kg.serve.settings import WRITE_DEADLINE, Settings
from kg.serve.worker import QueryRequest, truncation_note

MAX_BODY = 1 << 20  # a SPARQL query larger than 1 MiB is a mistake, not a query
UPDATE_TYPES = {"application/sparql-update"}
SPARQL_PATHS = ("/query", "/sparql")
PAGE_PATHS = ("/", "/index.html")
TRUNCATED_HEADER = "Kg-Result-Truncated"


class Handler(BaseHTTPRequestHandler):
    server_version = "ipkg-sparql/0.1"
    protocol_version = "HTTP/1.1"
    settings: Settings
    hosts: HostRule
    pool: Pool
    pack_json: bytes
    resources: Resources

    # --- routes: the one place URLs are dispatched

    def route_get(self, path: str, params: dict[str, list[str]]) -> None:
        if path in SPARQL_PATHS and "query" not in params and "update" not in params:
            self._service_description(path, params)
        elif is_resource_path(path):
            self._answer(self.resources.answer(path, parse_accept(self.headers.get("Accept"))))
        elif path in PUBLISHED:
            self._answer(published_answer(path))
        elif path.startswith("/dump/"):
            self._answer(dump_answer(self.resources.build_dir, path.removeprefix("/dump/")))
        elif path in SPARQL_PATHS or (path == "/" and ("query" in params or "update" in params)):
            self._sparql(params, None)
        elif path in PAGE_PATHS:
            self._answer(web.static("index.html"))
        elif path == "/api/queries":
            self._send(200, "application/json", self.pack_json)
        elif path == "/api/completions":
            self._send(200, "application/json", web.completions())
        elif path.startswith("/web/"):
            self._answer(web.static(path.removeprefix("/web/")))
        else:
            self._text(404, f"not found: {path} (the SPARQL endpoint is /query; the page is /)")

    def route_post(self, path: str, params: dict[str, list[str]], body: bytes) -> None:
        if path == "/api/bind":
            self._answer(web.bind(body, self.resources.store))
        elif path in (*SPARQL_PATHS, "/"):
            self._sparql_post(params, body)
        else:
            self._text(405, "this endpoint is read-only: POST only to /query", {"Allow": "GET, OPTIONS"})

    # --- plumbing

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the stdlib's reader waits per read; ours gives the whole request one deadline
        self._reader = DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        """One request, whose line, headers and body must all arrive within --request-timeout."""
        self._reader.deadline = time.monotonic() + self.settings.request_timeout
        super().handle_one_request()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if not self.hosts.allows(host):
            self.close_connection = True
            self._text(
                403,
                f"Host {host!r} does not name this server (kg serve --public-host NAME allows a name)"
                if host
                else "a Host header naming this server is required",
            )
            return False
        return True

    def flush_headers(self) -> None:
        self.connection.settimeout(WRITE_DEADLINE)  # reads had the request deadline; writes have their own
        super().flush_headers()

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", web.CONTENT_SECURITY_POLICY)
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        if not self.settings.quiet:
            super().log_message(format, *args)

    def _cors(self, public: bool = False) -> None:
        if public and not self.settings.cors:  # see Answer.public
            self.send_header("Access-Control-Allow-Origin", "*")
        if self.settings.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Expose-Headers", TRUNCATED_HEADER)
            self.send_header("Access-Control-Max-Age", "86400")

    def _send(self, status: int, media: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self._stream(Answer(status, media, b""), len(body), [body], extra)

    def _stream(
        self, answer: Answer, length: int, pieces: Iterable[bytes], extra: dict[str, str] | None = None
    ) -> None:
        """Headers, then the body as it comes, all of it within WRITE_DEADLINE (a slow reader is dropped)."""
        media = answer.media + ("; charset=utf-8" if answer.media in TEXT_TYPES else "")
        extra = {**(extra or {}), **({"Retry-After": "5"} if answer.status == 503 else {})}
        if answer.truncated is not None:
            extra[TRUNCATED_HEADER] = truncation_note(answer.truncated)
        self.send_response(answer.status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(length))
        self.send_header("Vary", "Accept")
        self.send_header("Cache-Control", "no-store")
        self._cors(answer.public)
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        deadline = time.monotonic() + WRITE_DEADLINE
        try:
            for piece in pieces:
                self.connection.settimeout(max(0.001, deadline - time.monotonic()))
                self.wfile.write(piece)
        except (WorkerDied, WorkerTimeout):  # after the headers: the short body tells the client
            self.log_error("the query worker stopped while its answer was sent")
            self.close_connection = True

    def _answer(self, answer: Answer, extra: dict[str, str] | None = None) -> None:
        self._stream(answer, len(answer.body), [answer.body], extra)

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
        self.route_get(url.path, urllib.parse.parse_qs(url.query, keep_blank_values=True))

    def do_HEAD(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path in PAGE_PATHS and not url.query:
            self._answer(web.static("index.html"))
        elif is_resource_path(url.path):
            self._answer(self.resources.answer(url.path, parse_accept(self.headers.get("Accept"))))
        else:
            self._text(405, "HEAD is only for the page and the resources", {"Allow": "GET, POST, OPTIONS"})

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        body = self._body()
        if body is not None:
            self.route_post(url.path, params, body)

    # --- the SPARQL 1.1 Protocol

    def _service_description(self, path: str, params: dict[str, list[str]]) -> None:
        """The endpoint's own URL without a query: its description; a browser is sent to the query page."""
        accept = accept_from_request(params, self.headers.get("Accept"))
        if negotiate(accept) == "text/html":
            self._text(303, "the query page is /", {"Location": "/"})
            return
        host = self.headers.get("Host", "")  # checked by parse_request: it names this server
        # behind a TLS-terminating proxy the endpoint a client reaches is https
        scheme = "https" if self.headers.get("X-Forwarded-Proto", "").strip().lower() == "https" else "http"
        self._answer(self.resources.service_answer(f"{scheme}://{host}{path}", accept))

    def _sparql_post(self, params: dict[str, list[str]], body: bytes) -> None:
        media = self.headers.get_content_type() if self.headers.get("Content-Type") else ""
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
                "send the query as application/sparql-query or application/x-www-form-urlencoded (query=…)",
            )

    def _sparql(self, params: dict[str, list[str]], direct: str | None) -> None:
        if "update" in params:
            self._text(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        queries = params.get("query", []) if direct is None else [direct]
        if len(queries) != 1 or not queries[0].strip():
            self._text(400, "send exactly one non-empty query (GET ?query=…, or POST)")
            return
        try:
            check_pack_parameters(queries[0])  # a pack .rq sent as it is would answer as if unparameterised
        except Refused as error:
            self._text(400, str(error))
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
        try:
            check_services(text, self.settings.allow_service)
        except Refused as error:
            self._text(400, str(error))
            return
        request: QueryRequest = {
            "query": text,
            "accept": accept,
            "default_graph": list(default_graph),
            "named_graph": list(named_graph),
        }
        if not self.pool.run(request, self._stream, self.connection):
            super().log_message("client hung up; its query was stopped")  # even with --quiet: not access log
            self.close_connection = True
