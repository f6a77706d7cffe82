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

#: The limits settable from the command line: Settings field (``--field-name``), type, metavar, help.
LIMITS: tuple[tuple[str, type, str | None, str], ...] = (
    ("timeout", float, None, "seconds a query may run"),
    ("workers", int, None, "query worker processes"),
    ("memory_mb", int, "MiB", "memory (address space) of each query worker"),
    ("max_rows", int, "N", "rows or triples of one answer; more are cut off with a notice"),
    ("max_connections", int, "N", "open connections served at once; more get 503"),
    ("request_timeout", float, "SECONDS", "time for a request's headers and body to arrive, whole"),
)


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve.server import serve

    return serve(
        Settings(
            build=Path(args.build),
            host=args.host,
            port=args.port,
            **{name: getattr(args, name) for name, *_ in LIMITS},
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
    for name, kind, metavar, text in LIMITS:
        default = getattr(defaults, name)
        parser.add_argument(
            "--" + name.replace("_", "-"),
            type=kind,
            default=default,
            metavar=metavar,
            help=f"{text} (default {default:g})",
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
