"""Starting and stopping the endpoint: the worker pool, the HTTP server, the self-check, signals."""

from __future__ import annotations

import json
import signal
import threading
import urllib.parse
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

from kg.errors import InputError
from kg.serve import web
from kg.serve.handler import Handler
from kg.serve.pool import Pool


def _self_check(url: str, timeout: float) -> None:
    """The server answers a real query before we announce it."""
    request = urllib.request.Request(
        url + "?query=" + urllib.parse.quote("ASK {}"), headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        json.loads(response.read())


def serve(build_dir: Path, host: str, port: int, timeout: float, workers: int, quiet: bool = False) -> int:
    store_dir = Path(build_dir) / "store"
    if not store_dir.is_dir():
        raise InputError(f"no built store at {store_dir}: run `kg build` first (or pass --build DIR)")
    if timeout <= 0 or workers < 1:
        raise InputError("--timeout must be positive and --workers at least 1")
    pack_json = web.pack_listing()

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
