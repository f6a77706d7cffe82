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
        "ipkg:Network / ipkg:AgencyCentrality resources in DIR/store; then renews the dataset's "
        "self-description and rewrites the exports (kg.nt, kg.ttl, kg.jsonld) from the store.",
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
    _refresh_description_and_exports(store, build)
    store.flush()
    print(
        f"analysed {summary.regions} regions, {summary.tasks} tasks: {summary.agencies} agencies, "
        f"{summary.ties} co-responsibility ties; {len(summary.quads)} triples replaced in {store_path}; "
        f"wrote {len(summary.tables)} tables, {len(summary.pages)} pages, {len(summary.figures)} figure files"
    )
    return 0


def _refresh_description_and_exports(store, build: Path) -> None:
    """Keep the build consistent: the VoID counts and the exports describe the store as it now is."""
    import pyoxigraph as ox

    from kg.export import write_graph_exports
    from kg.rdf.dataset import describe_dataset, is_dataset_description
    from kg.store import dataset_triples

    triples = dataset_triples(store)
    for old in (t for t in triples if is_dataset_description(t)):
        store.remove(ox.Quad(old.subject, old.predicate, old.object, ox.DefaultGraph()))
    content = [t for t in triples if not is_dataset_description(t)]
    description = describe_dataset(content)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in description)
    write_graph_exports(content + description, build)
