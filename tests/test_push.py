"""`kg push` into a real Oxigraph server, then the whole pack answered the same there as locally."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import make_mini_build, require_oxigraph_server, stop_process
from support import run_kg as kg

from kg.pack.loading import load_pack
from kg.rdf.terms import DATASET as DATASET_NODE
from kg.run import Result, run_local, run_remote

pytestmark = pytest.mark.slow

DATASET = DATASET_NODE.value


@dataclass
class Oxigraph:
    process: subprocess.Popen[bytes]
    base: str  # http://127.0.0.1:PORT

    @property
    def store(self) -> str:
        return self.base + "/store"

    @property
    def query(self) -> str:
        return self.base + "/query"

    def count(self, graph: str | None = None) -> int:
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
        request = urllib.request.Request(
            f"{self.query}?{urllib.parse.urlencode({'query': text})}",
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_oxigraph(location: Path, *flags: str) -> Oxigraph:
    """A real Oxigraph server (PyPI `oxigraph`, same engine version as pyoxigraph) on loopback."""
    binary = require_oxigraph_server()
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *flags],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Oxigraph(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise AssertionError("oxigraph serve exited")
        try:
            server.count()
            return server
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                stop_process(process)
                raise AssertionError("oxigraph serve did not answer within 30 s") from None
            time.sleep(0.2)


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    """A store of its own: queries see its default graph only."""
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        yield server
    finally:
        stop_process(server.process)


@pytest.fixture
def shared_oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    """A shared store as they are usually set up: queries see the union of its graphs by default."""
    server = start_oxigraph(tmp_path / "oxigraph", "--union-default-graph")
    try:
        yield server
    finally:
        stop_process(server.process)


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mini_build(tmp_path_factory.mktemp("push-mini"))


def canonical(result: Result) -> object:
    """A result in a form two engines must agree on (row order of ties and blank node labels aside)."""
    if result.kind == "boolean":
        return result.boolean
    if result.kind == "graph":
        return sorted(str(t) for t in result.triples)
    return result.variables, sorted(tuple("" if t is None else str(t) for t in row) for row in result.rows)


def assert_pack_agrees(build: Path, endpoint: str) -> int:
    """Every pack query (defaults bound) answers the same on both; returns how many answered something."""
    pack = load_pack()
    assert pack
    answered = 0
    for name, query in pack.items():
        local = run_local(build, query, {})
        remote = run_remote(endpoint, query, {})
        assert remote.kind == local.kind, name
        assert canonical(remote) == canonical(local), name
        answered += bool(local.rows or local.triples or local.boolean)
    return answered


def put_default_graph(server: Oxigraph, turtle: str) -> None:
    request = urllib.request.Request(
        server.store + "?default", data=turtle.encode(), method="PUT", headers={"Content-Type": "text/turtle"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201, 204)


def test_push_mini_and_run_the_pack_there(shared_oxigraph: Oxigraph, mini_build: Path) -> None:
    ran = kg("push", "--endpoint", shared_oxigraph.store, "--build", str(mini_build))
    assert ran.returncode == 0, ran.stderr
    graph = urllib.parse.quote(DATASET, safe="")
    assert ran.stdout.startswith(f"pushed 149 triples to {shared_oxigraph.store}?graph={graph} (HTTP 2")
    assert shared_oxigraph.count(DATASET) == 149
    assert assert_pack_agrees(mini_build, shared_oxigraph.query) >= 3
    # a second push replaces the graph: same data, no duplicates
    assert kg("push", "--endpoint", shared_oxigraph.store, "--build", str(mini_build)).returncode == 0
    assert shared_oxigraph.count(DATASET) == 149


def test_push_real_build_and_run_the_pack_there(shared_oxigraph: Oxigraph, built_kg: Path) -> None:
    ran = kg("push", "--endpoint", shared_oxigraph.store, "--build", str(built_kg))
    assert ran.returncode == 0, ran.stderr
    store = ox.Store.read_only(str(built_kg / "store"))
    local_count = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert shared_oxigraph.count(DATASET) == local_count > 10000
    assert assert_pack_agrees(built_kg, shared_oxigraph.query) == len(load_pack())  # nothing vacuous


def test_push_leaves_a_shared_stores_default_graph_alone(oxigraph: Oxigraph, mini_build: Path) -> None:
    put_default_graph(oxigraph, "<http://example.org/theirs> <http://example.org/p> 1 .")
    ran = kg("push", "--endpoint", oxigraph.store, "--build", str(mini_build))
    assert ran.returncode == 0, ran.stderr
    assert oxigraph.count() == 1  # the store's own default graph, untouched
    assert oxigraph.count(DATASET) == 149


def test_push_replaces_the_default_graph_only_when_asked(oxigraph: Oxigraph, mini_build: Path) -> None:
    put_default_graph(oxigraph, "<http://example.org/theirs> <http://example.org/p> 1 .")
    ran = kg("push", "--endpoint", oxigraph.store, "--build", str(mini_build), "--default-graph")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"pushed 149 triples to {oxigraph.store}?default (HTTP 2")
    assert oxigraph.count() == 149 and oxigraph.count(DATASET) == 0


def test_push_to_a_named_graph(oxigraph: Oxigraph, mini_build: Path) -> None:
    graph = "https://example.org/graphs/ipkg-2017"
    ran = kg("push", "--endpoint", oxigraph.store, "--build", str(mini_build), "--graph", graph)
    assert ran.returncode == 0, ran.stderr
    assert oxigraph.count(graph) == 149 and oxigraph.count() == 0 and oxigraph.count(DATASET) == 0
    both = kg(
        "push", "--endpoint", oxigraph.store, "--build", str(mini_build), "--graph", graph, "--default-graph"
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "http://127.0.0.1:9/store"], "cannot reach"),
        (["--endpoint", "ftp://example.org/store"], "must be an http(s) Graph Store URL"),
        (
            ["--endpoint", "http://127.0.0.1:9/store", "--graph", "not an iri"],
            "--graph must be an absolute IRI",
        ),
    ],
)
def test_push_errors_are_one_line(mini_build: Path, args: list[str], message: str) -> None:
    ran = kg("push", "--build", str(mini_build), *args)
    assert ran.returncode == 2 and ran.stdout == ""
    assert ran.stderr.count("\n") == 1 and message in ran.stderr and "Traceback" not in ran.stderr


def test_push_missing_build_and_refusing_store(oxigraph: Oxigraph, tmp_path: Path, mini_build: Path) -> None:
    ran = kg("push", "--endpoint", oxigraph.store, "--build", str(tmp_path / "nothing"))
    assert ran.returncode == 2 and "no built store" in ran.stderr
    ran = kg("push", "--endpoint", oxigraph.base + "/nowhere", "--build", str(mini_build))
    assert ran.returncode == 2 and "answered 404" in ran.stderr and ran.stderr.count("\n") == 1


# --- servers that misbehave --------------------------------------------------------------------------


class MisbehavingServer:
    """A real HTTP-ish server on 127.0.0.1 that reads each request whole, then misbehaves as told."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/store"
        self.sent = 0  # body bytes written (oversized replies)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read_request(self, connection: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            0,
        )
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                return
            body += chunk

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                try:
                    self._read_request(connection)
                    self._misbehave(connection)
                except OSError:
                    pass  # the client gave up: what it should do

    def _misbehave(self, connection: socket.socket) -> None:
        if self.behaviour == "garbage":
            connection.sendall(b"SPARQL IS GREAT\r\n\r\n")
        elif self.behaviour == "huge":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            block = b"x" * 65536
            while self.sent < 1 << 30:  # a gigabyte, unless the client stops reading
                connection.sendall(block)
                self.sent += len(block)
        elif self.behaviour == "trickle":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" * 1000:
                connection.sendall(bytes([byte]))
                time.sleep(0.1)
        elif self.behaviour == "silent":
            time.sleep(60)
        elif self.behaviour == "redirect":
            connection.sendall(b"HTTP/1.1 301 Moved\r\nLocation: http://elsewhere.example/store\r\n\r\n")

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def misbehaving(request: pytest.FixtureRequest) -> Iterator[MisbehavingServer]:
    server = MisbehavingServer(request.param)
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize(
    ("misbehaving", "message"),
    [
        ("garbage", "sent a malformed HTTP answer (BadStatusLine"),
        ("huge", "sent more than 1,048,576 bytes: refused"),
        ("trickle", "did not answer within 2 s"),
        ("silent", "did not answer within 2 s"),
        ("redirect", "answered 301: a redirect to 'http://elsewhere.example/store': give that URL instead"),
    ],
    indirect=["misbehaving"],
)
def test_push_to_a_misbehaving_server_ends_with_one_line(
    misbehaving: MisbehavingServer, mini_build: Path, message: str
) -> None:
    # --timeout is a deadline for the whole push: a server trickling a byte every 0.1 s never lets a
    # per-read timeout fire, yet the push ends (the subprocess timeout would fail the test otherwise)
    ran = kg("push", "--endpoint", misbehaving.url, "--build", str(mini_build), "--timeout", "2", timeout=60)
    assert ran.returncode == 2 and ran.stdout == "", ran.stderr
    assert ran.stderr.count("\n") == 1 and message in ran.stderr and "Traceback" not in ran.stderr
    assert misbehaving.sent < 256 << 20  # the oversized reply was not read to its end


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://127.0.0.1:notaport/store", "not a valid URL"),
        ("http://", "must be an http(s) Graph Store URL"),
        ("localhost:7878/store", "must be an http(s) Graph Store URL"),
        ("http://exa mple.org/store", "not a valid URL"),
        ("http://127.0.0.1:1/store", "cannot reach"),
        ("http://127.0.0.1:99999/store", "not a valid URL"),
    ],
)
def test_push_to_a_bad_url_ends_with_one_line(mini_build: Path, endpoint: str, message: str) -> None:
    ran = kg("push", "--endpoint", endpoint, "--build", str(mini_build), "--timeout", "5", timeout=60)
    assert ran.returncode == 2 and ran.stdout == ""
    assert ran.stderr.count("\n") == 1 and message in ran.stderr and "Traceback" not in ran.stderr, ran.stderr


@pytest.mark.parametrize("misbehaving", ["garbage", "trickle"], indirect=True)
def test_kg_query_on_a_misbehaving_endpoint_ends_with_one_line(misbehaving: MisbehavingServer) -> None:
    ran = kg("query", "tasks-per-region", "--endpoint", misbehaving.url, "--timeout", "2", timeout=60)
    assert ran.returncode == 2 and ran.stdout == "" and ran.stderr.count("\n") == 1, ran.stderr
    assert "malformed HTTP answer" in ran.stderr or "did not answer within 2 s" in ran.stderr
