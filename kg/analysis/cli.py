"""``kg analyze [--build DIR]``: re-run the analyses on an existing build, replacing earlier results.

Like ``kg build``, it works on a staging copy next to the build (``.<name>.analyzing-<pid>``: the build's
files except the analysis outputs, which are written afresh) and swaps it in only when everything is
written, so an interrupted run (Ctrl-C, a crash, SIGKILL) leaves the previous build as it was
(kg.staging: the swap, and the recovery of what killed runs left).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from kg.errors import InputError
from kg.staging import describe, recover, staged

STORE_DIR = "store"
#: What an analysis run writes: not copied into the staging folder, written there afresh.
OUTPUTS = ("analysis", "networks", "figures", "network.html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="network analyses, network pages and figures of an existing build",
        description="Analyse the agency networks of a build: writes DIR/analysis/*.csv (with a data "
        "dictionary), DIR/networks/<network>.gexf|.graphml|-nodes.csv|-edges.csv, DIR/network.html, "
        "DIR/networks/*.html and DIR/figures/*, and replaces the "
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

    from kg.analysis import result_triples
    from kg.analysis.run import run_analyses

    build: Path = args.build
    for message in recover(build):
        print(message, file=sys.stderr)
    store_path = build / STORE_DIR
    if not store_path.is_dir():
        raise InputError(f"no store at {store_path}; run `kg build --out {build}` first")
    try:
        with staged(build, "analyzing") as staging:
            try:
                shutil.copytree(
                    build,
                    staging,
                    ignore=lambda folder, names: OUTPUTS if Path(folder) == build else (),
                    dirs_exist_ok=True,
                )
            except OSError as error:
                raise InputError(f"cannot copy {build} into a staging folder beside it: {error}") from error
            try:
                store = ox.Store(str(staging / STORE_DIR))
            except OSError as error:
                raise InputError(f"cannot open the store {store_path}: {error}") from error
            summary = run_analyses(store, staging)
            result_triples.replace_in_store(store, summary.quads)
            _refresh_description_and_exports(store, staging)
            store.flush()
            del store
    except OSError as error:
        raise InputError(
            f"cannot write the analyses in a staging folder beside {build}: {describe(error)}; "
            "nothing was replaced"
        ) from None
    print(
        f"analysed {summary.regions} regions, {summary.tasks} tasks: {summary.agencies} agencies, "
        f"{summary.ties} co-responsibility ties; {len(summary.quads)} triples replaced in {store_path}; "
        f"wrote {len(summary.tables)} tables, {len(summary.network_files)} network files, "
        f"{len(summary.pages)} pages, {len(summary.figures)} figure files"
    )
    if len(summary.editions) > 1:
        print(
            f"the graph holds the editions {', '.join(summary.editions)}: the networks are those of the "
            f"latest, {summary.editions[-1]} (tasks of different years are never mixed in one network)"
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
