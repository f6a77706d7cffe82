"""The command line: argument parsing and printing only.

Each command lives in the module that does its work; that module exposes ``register(subparsers)``
which adds its sub-parser and sets ``func`` to a callable taking the parsed arguments and returning an
exit code. Only the module of the command being run is imported, so `kg query` never loads what
`kg build` or `kg analyze` need (rdflib, networkx, matplotlib, pySHACL); ``kg --help`` lists the
commands from ``COMMANDS`` alone (tests/test_cli.py checks that it matches what each module registers).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kg.errors import InputError

#: command -> (the module that registers it, the one-line help `kg --help` shows)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("kg.build", "build the knowledge graph from the source document"),
    "analyze": ("kg.analysis.cli", "network analyses, network pages and figures of an existing build"),
    "validate": ("kg.validate", "check a build's graph against the SHACL shapes"),
    "queries": ("kg.pack.cli", "list the query pack (name, summary, parameters and defaults)"),
    "query": ("kg.pack.cli", "run a pack query (or a .rq file) on the build or on a SPARQL endpoint"),
    "serve": ("kg.serve", "serve the build as a read-only SPARQL endpoint with a query page"),
    "push": ("kg.push", "load the build into an external triple store (SPARQL 1.1 Graph Store Protocol)"),
}


def _command_in(argv: list[str]) -> str | None:
    """The command named on the command line (the first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command`` given, only that command's module is imported and registered (the
    others are listed by name and help only). ``make_parser()`` registers every module."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="ipkg: knowledge graph of China's provincial IP-strategy work plans (annual editions).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = COMMANDS[command][0] if command in COMMANDS else None
    registered: set[str] = set()
    for name, (module, help_text) in COMMANDS.items():
        if command is not None and module != chosen:
            subparsers.add_parser(name, help=help_text)
        elif module not in registered:
            importlib.import_module(module).register(subparsers)
            registered.add(module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = _command_in(argv)
    args = make_parser(command if command in COMMANDS else "").parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as error:
        print(f"kg {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
