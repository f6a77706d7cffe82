"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and query page over the built store.

Design: a stdlib ``ThreadingHTTPServer`` front end (`connections`, `handler`) parses and checks each
request (Host, read-only, no ``SERVICE`` unless allowed, no unbound pack parameters (`guard`), content
negotiation (`negotiation`), size and time) and hands the query to a pool of worker subprocesses (`pool`),
each holding an in-memory copy of the store and speaking a small JSON-lines protocol on its stdin/stdout
(`worker`) under a memory cap. Nothing here writes, and nothing sends requests elsewhere: updates, Graph
Store writes and ``SERVICE`` are refused with 4xx before any worker sees them. The page's files and the
pack listing come from `web`; `server` starts and stops it all; `settings` holds every limit.

This module only registers the command, so that `kg --help` does not import the endpoint.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.serve.settings import DEFAULT_PORT, Settings


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve.server import serve

    return serve(
        Settings(
            build=Path(args.build),
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            workers=args.workers,
            memory_mb=args.memory_mb,
            max_rows=args.max_rows,
            max_connections=args.max_connections,
            request_timeout=args.request_timeout,
            cors=args.cors,
            public_hosts=tuple(args.public_host),
            allow_service=tuple(args.allow_service),
            quiet=args.quiet,
        )
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    defaults = Settings(build=Path("build"))
    parser = subparsers.add_parser(
        "serve",
        help="serve the build as a read-only SPARQL endpoint with a query page",
        description="A SPARQL 1.1 Protocol endpoint (GET/POST /query) and a query page (/) over the "
        "built store. Read-only and never sends requests elsewhere (SERVICE is refused unless allowed); "
        "each query runs in a worker process with a time, memory and answer-size limit.",
    )
    parser.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    parser.add_argument("--host", default=defaults.host, help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (0 picks a free one)")
    parser.add_argument(
        "--timeout", type=float, default=defaults.timeout, help="seconds a query may run (default 30)"
    )
    parser.add_argument(
        "--workers", type=int, default=defaults.workers, help="query worker processes (default 4)"
    )
    parser.add_argument(
        "--memory-mb",
        type=int,
        default=defaults.memory_mb,
        metavar="MiB",
        help=f"memory (address space) of each query worker (default {defaults.memory_mb})",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=defaults.max_rows,
        metavar="N",
        help=f"rows or triples of one answer; more are cut off with a notice (default {defaults.max_rows})",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=defaults.max_connections,
        metavar="N",
        help=f"open connections served at once; more get 503 (default {defaults.max_connections})",
    )
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=defaults.request_timeout,
        metavar="SECONDS",
        help=f"time for a request's headers and body to arrive, whole (default {defaults.request_timeout:g})",
    )
    parser.add_argument("--cors", action="store_true", help="let pages from other origins query (CORS: *)")
    parser.add_argument(
        "--public-host",
        action="append",
        default=[],
        metavar="NAME[:PORT]",
        help="a Host name clients may use besides the bound address (repeatable; e.g. a proxy's name)",
    )
    parser.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="PREFIX",
        help="let SERVICE call endpoints whose IRI starts with PREFIX (repeatable; none by default)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.set_defaults(func=cmd_serve)
