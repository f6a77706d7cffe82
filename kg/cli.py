"""The command line: argument parsing and printing only.

Each command lives in the module that does its work; that module exposes
``register(subparsers)`` which adds its sub-parser and sets ``func`` to a
callable taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kg.errors import InputError

COMMAND_MODULES = [
    "kg.build",
    "kg.analysis.cli",
    "kg.validate",
    "kg.pack.cli",
    "kg.serve",
    "kg.push",
]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="ipkg: knowledge graph of China's provincial IP-strategy work plans (annual editions).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as error:
        print(f"kg {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
