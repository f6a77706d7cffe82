"""`kg push` into a real Oxigraph server, then the whole pack answered the same there as locally."""

from __future__ import annotations

import json
import socket
import subprocess
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
from kg.run import Result, run_local, run_remote

pytestmark = pytest.mark.slow


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


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    """A real Oxigraph server (PyPI `oxigraph`, same engine version as pyoxigraph) on loopback."""
    binary = require_oxigraph_server()
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Oxigraph(process, f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "oxigraph serve exited"
            try:
                server.count()
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "oxigraph serve did not answer within 30 s"
                time.sleep(0.2)
        yield server
    finally:
        stop_process(process)


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


def test_push_mini_and_run_the_pack_there(oxigraph: Oxigraph, mini_build: Path) -> None:
    ran = kg("push", "--endpoint", oxigraph.store, "--build", str(mini_build))
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"pushed 149 triples to {oxigraph.store}?default (HTTP 2")
    assert oxigraph.count() == 149
    assert assert_pack_agrees(mini_build, oxigraph.query) >= 3
    # a second push replaces the graph: same data, no duplicates
    assert kg("push", "--endpoint", oxigraph.store, "--build", str(mini_build)).returncode == 0
    assert oxigraph.count() == 149


def test_push_real_build_and_run_the_pack_there(oxigraph: Oxigraph, built_kg: Path) -> None:
    ran = kg("push", "--endpoint", oxigraph.store, "--build", str(built_kg))
    assert ran.returncode == 0, ran.stderr
    store = ox.Store.read_only(str(built_kg / "store"))
    local_count = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert oxigraph.count() == local_count > 10000
    assert assert_pack_agrees(built_kg, oxigraph.query) == len(load_pack())  # nothing vacuous


def test_push_to_a_named_graph(oxigraph: Oxigraph, mini_build: Path) -> None:
    graph = "https://w3id.org/ipkg/id/dataset/ipkg"
    ran = kg("push", "--endpoint", oxigraph.store, "--build", str(mini_build), "--graph", graph)
    assert ran.returncode == 0, ran.stderr
    assert oxigraph.count(graph) == 149 and oxigraph.count() == 0


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
