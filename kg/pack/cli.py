"""`kg queries` and `kg query`: list the pack, run a query and print its answer."""

from __future__ import annotations

import argparse
import sys

from kg.errors import InputError
from kg.formats import FORMATS, format_result
from kg.pack.loading import find_query, load_pack
from kg.run import run_local, run_remote


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"bad --param {pair!r}: use NAME=VALUE")
        params[name.strip()] = value
    return params


def cmd_queries(args: argparse.Namespace) -> int:
    pack = load_pack()
    width = max((len(name) for name in pack), default=0)
    _write("".join(f"{name.ljust(width)}  {q.summary}\n" for name, q in pack.items()))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    query = find_query(args.query)
    params = _parse_params(args.param)
    if args.endpoint:
        result = run_remote(args.endpoint, query, params, timeout=args.timeout)
    else:
        result = run_local(args.build, query, params)
    _write(format_result(result, args.format))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("queries", help="list the query pack (name, then summary)")
    listing.set_defaults(func=cmd_queries)

    parser = subparsers.add_parser(
        "query",
        help="run a pack query (or a .rq file) on the build or on a SPARQL endpoint",
        description="Run a query of the pack by name, or any .rq file. Parameters are bound as typed "
        "RDF terms (never pasted into the text). Tables clip long cells; csv, tsv and json "
        "carry full text. CONSTRUCT/DESCRIBE answers print as Turtle.",
    )
    parser.add_argument("query", metavar="NAME|FILE.rq")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter value (repeatable)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint instead of the build")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for an endpoint")
    parser.set_defaults(func=cmd_query)
