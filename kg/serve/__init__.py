"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and query page over the built store.

Design: a stdlib ``ThreadingHTTPServer`` front end (`handler`) parses and checks each request (read-only,
content negotiation (`negotiation`), size) and hands the query to a pool of worker subprocesses (`pool`),
each holding the store open read-only and speaking a small JSON-lines protocol on its stdin/stdout
(`worker`). Nothing here writes: each worker reads the store read-only into an in-memory copy (queries run
3-7 times faster in memory; the copy is made once, at start-up), and updates and Graph Store writes are
refused with 4xx before any worker sees them. The page's files and the pack listing come from `web`;
`server` starts and stops it all.

This module only registers the command, so that `kg --help` does not import the endpoint.
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_PORT = 7878


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve.server import serve

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
