"""``kg analyze [--build DIR]``: re-run the analyses on an existing build, replacing earlier results."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.errors import InputError

STORE_DIR = "store"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="network analyses, network pages and figures of an existing build",
        description="Analyse the agency networks of a build: writes DIR/analysis/*.csv (with a data "
        "dictionary), DIR/network.html, DIR/networks/*.html and DIR/figures/*, and replaces the "
        "ipkg:Network / ipkg:AgencyCentrality resources in DIR/store. The exports (kg.nt, kg.ttl, "
        "kg.jsonld) are written by `kg build`, which runs the same, deterministic analyses.",
    )
    parser.add_argument(
        "--build",
        metavar="DIR",
        type=Path,
        default=Path("build"),
        help="the build directory (default: build)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg.analysis import rdf
    from kg.analysis.run import run_analyses

    build: Path = args.build
    store_path = build / STORE_DIR
    if not store_path.is_dir():
        raise InputError(f"no store at {store_path}; run `kg build --out {build}` first")
    try:
        store = ox.Store(str(store_path))
    except OSError as error:
        raise InputError(f"cannot open the store {store_path}: {error}") from error
    summary = run_analyses(store, build)
    rdf.replace_in_store(store, summary.quads)
    store.flush()
    print(
        f"analysed {summary.regions} regions, {summary.tasks} tasks: {summary.agencies} agencies, "
        f"{summary.ties} co-responsibility ties; {len(summary.quads)} triples replaced in {store_path}; "
        f"wrote {len(summary.tables)} tables, {len(summary.pages)} pages, {len(summary.figures)} figure files"
    )
    return 0
