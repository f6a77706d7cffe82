"""`kg queries` and `kg query`: list the pack, run a query and print its answer."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from kg.errors import InputError
from kg.formats import FORMATS, format_result
from kg.pack.checks import absent_edition, absent_terms, pooled_editions
from kg.pack.loading import PackQuery, find_query, load_pack
from kg.run import Result, ask_endpoint, run_text
from kg.store import open_read_only


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


def describe_parameters(query: PackQuery) -> list[str]:
    """``name (type, required, default 专利)`` for each parameter, as `kg queries` lists them."""
    lines = []
    for p in query.parameters:
        notes = [p.type_label, "required" if p.required else "optional"]
        if p.default is not None:
            notes.append(f"default {p.default}")
        lines.append(f"--param {p.name}=…  ({', '.join(notes)})")
    return lines


def check_exact_terms(
    query: PackQuery, params: dict[str, str], result: Result, ask: Callable[[str], Result]
) -> None:
    """An empty answer because an exact-term parameter names a term the graph does not hold is no answer
    at all: fail with one line saying so (kg.pack.checks), instead of printing zero rows."""
    if result.kind == "boolean" or result.rows or result.triples:
        return
    absent = absent_terms(query, params, ask)
    if absent:
        raise InputError(absent[0])


def cmd_queries(args: argparse.Namespace) -> int:
    pack = load_pack()
    width = max((len(name) for name in pack), default=0)
    out = []
    for name, query in pack.items():
        out.append(f"{name.ljust(width)}  {query.summary}\n")
        out += [f"{'':{width}}    {line}\n" for line in describe_parameters(query)]
    _write("".join(out))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    query = find_query(args.query)
    params = _parse_params(args.param)
    bound = query.bound(params)
    notices = list(bound.notices)
    if args.show_query:
        output = bound.text if bound.text.endswith("\n") else bound.text + "\n"
    else:
        if args.endpoint:
            deadline = time.monotonic() + args.timeout

            def ask(text: str) -> Result:
                return ask_endpoint(args.endpoint, text, timeout=max(deadline - time.monotonic(), 0.001))
        else:
            store = open_read_only(args.build)

            def ask(text: str) -> Result:
                return run_text(store, text, query.name)

        for line in absent_edition(query, params, ask):  # every count would be zero: no answer at all
            raise InputError(line)
        result = ask(bound.text)
        check_exact_terms(query, params, result, ask)
        output = format_result(result, args.format)
        notices += pooled_editions(query, params, ask)
    for notice in notices:  # with the answer only: a failed run prints its one error line
        print(f"kg query: {notice}", file=sys.stderr)
    _write(output)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser(
        "queries", help="list the query pack (name, summary, parameters and defaults)"
    )
    listing.set_defaults(func=cmd_queries)

    parser = subparsers.add_parser(
        "query",
        help="run a pack query (or a .rq file) on the build or on a SPARQL endpoint",
        description="Run a query of the pack by name, or any .rq file. Parameters are bound as typed "
        "RDF terms wherever the query uses them (never pasted in as text); a required parameter not "
        "given takes the query's default, and stderr says so. Region parameters take 广东省, 广东, "
        "Guangdong, 440000 or the IRI. Tables clip long cells; csv, tsv and json carry full text. "
        "CONSTRUCT/DESCRIBE answers print as Turtle, or JSON-LD with --format json.",
    )
    parser.add_argument("query", metavar="NAME|FILE.rq")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter value (repeatable)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument(
        "--show-query",
        action="store_true",
        help="print the query with the values bound (to paste into YASGUI or any endpoint), do not run it",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint instead of the build")
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds the whole exchange with an endpoint may take (default 60)",
    )
    parser.set_defaults(func=cmd_query)
