"""Starting and stopping the endpoint: the worker pool, the HTTP server, the self-check, signals."""

from __future__ import annotations

import json
import signal
import threading
import urllib.parse
import urllib.request

from kg.errors import InputError
from kg.serve import web
from kg.serve.connections import HostRule, Server
from kg.serve.guard import allowed
from kg.serve.handler import Handler
from kg.serve.pool import Pool
from kg.serve.settings import Settings


def _self_check(url: str, timeout: float) -> None:
    """The server answers a real query before we announce it."""
    request = urllib.request.Request(
        url + "?query=" + urllib.parse.quote("ASK {}"), headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        json.loads(response.read())


def _check(settings: Settings) -> None:
    """Settings that cannot work are refused with one line before anything starts."""
    store_dir = settings.build / "store"
    if not store_dir.is_dir():
        raise InputError(f"no built store at {store_dir}: run `kg build` first (or pass --build DIR)")
    if settings.timeout <= 0 or settings.workers < 1:
        raise InputError("--timeout must be positive and --workers at least 1")
    if settings.memory_mb < 256 or settings.max_rows < 1 or settings.max_connections < 1:
        raise InputError("--memory-mb must be at least 256, --max-rows and --max-connections at least 1")
    if settings.request_timeout <= 0:
        raise InputError("--request-timeout must be positive")
    for prefix in settings.allow_service:
        if not prefix.startswith(("http://", "https://")) or not allowed(prefix, [prefix]):
            raise InputError(f"--allow-service {prefix!r}: give an http:// or https:// IRI prefix")


def serve(settings: Settings) -> int:
    _check(settings)
    pack_json = web.pack_listing()
    pool = Pool(
        (settings.build / "store").resolve(),
        settings.workers,
        settings.timeout,
        settings.memory_mb,
        settings.max_rows,
        offline=not settings.allow_service,
    )
    pool.start()
    try:
        server = Server((settings.host, settings.port), Handler, settings.max_connections)
    except OSError as error:
        pool.close()
        raise InputError(
            f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}"
        ) from None
    shown_host = server.server_address[0]
    assert isinstance(shown_host, str)  # server_bind() stored getsockname(): an IPv4 host is a str
    bound_port = server.server_address[1]
    hosts = HostRule(shown_host, bound_port, settings.public_hosts)
    server.RequestHandlerClass = type(
        "KgHandler", (Handler,), {"settings": settings, "hosts": hosts, "pool": pool, "pack_json": pack_json}
    )
    thread = threading.Thread(target=server.serve_forever, name="kg-serve-http", daemon=True)
    thread.start()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        check_host = "127.0.0.1" if shown_host in ("0.0.0.0", "") else shown_host
        try:
            _self_check(f"http://{check_host}:{bound_port}/query", settings.timeout + 10)
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
