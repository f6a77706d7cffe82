"""``kg analyze [--build DIR]``: re-run the analyses on an existing build, replacing earlier results.

Like ``kg build``, it works on a staging copy next to the build (``.<name>.analyzing-<pid>``: the build's
files except the analysis outputs, which are written afresh) and swaps it in only when everything is
written, so an interrupted run (Ctrl-C, a crash, SIGKILL) leaves the previous build as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

from kg.errors import InputError

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
    store_path = build / STORE_DIR
    if not store_path.is_dir():
        raise InputError(f"no store at {store_path}; run `kg build --out {build}` first")
    _remove_abandoned_staging(build)
    staging = build.parent / f".{build.name}.analyzing-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        try:
            shutil.copytree(
                build, staging, ignore=lambda folder, names: OUTPUTS if Path(folder) == build else ()
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
        _swap_in(staging, build)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
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


def _remove_abandoned_staging(build: Path) -> None:
    """Staging folders of runs that were killed (their process is gone) are deleted; a running one's kept."""
    for folder in build.parent.glob(f".{build.name}.analyzing-*"):
        try:
            os.kill(int(folder.name.rsplit("-", 1)[1]), 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # another user's live process
            pass


def _swap_in(staging: Path, build: Path) -> None:
    """Replace ``build`` by ``staging`` with two renames (the same move as kg.build's swap)."""
    old = build.parent / f".{build.name}.old-{os.getpid()}"
    build.rename(old)
    staging.rename(build)
    shutil.rmtree(old, ignore_errors=True)


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
