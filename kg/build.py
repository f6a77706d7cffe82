"""One build: source -> parsed tables -> entities -> RDF -> store -> exports -> analyses.

The build is written into a fresh folder beside the output and swapped in only when every stage has
succeeded, so a failed build never damages the previous one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kg.entities.model import Entities
from kg.entities.resolve import resolve
from kg.errors import InputError
from kg.export import ontology_triples, write_graph_exports, write_tasks_csv
from kg.ontology_doc import ontology_file, write_ontology_page
from kg.rdf.dataset import describe_dataset
from kg.rdf.graph import build_triples
from kg.rdf.terms import canonical
from kg.source.parser import ParsedDocument, parse_document
from kg.source.reader import bundled_source
from kg.store import add_ontology, bulk_add, create_store

DEFAULT_OUT = Path("build")
#: Written into every build: only a folder holding it (or an empty one) is ever replaced by a new build.
BUILD_MARKER = ".ipkg-build"


@dataclass(frozen=True)
class BuildResult:
    out: Path
    document: ParsedDocument
    entities: Entities
    triples: int
    seconds: float


class _Progress:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:5.2f}s] {message}", file=sys.stderr, flush=True)


def build(source: Path, out: Path, *, analyses: bool = True, quiet: bool = True) -> BuildResult:
    """Run the whole pipeline into ``out`` (replaced atomically on success)."""
    out = out.resolve()
    _check_replaceable(out)  # before any work: a wrong --out is the cheapest mistake to report
    progress = _Progress(quiet)
    progress(f"reading {source}")
    document = parse_document(source)
    progress(
        f"parsed {len(document.rows)} tasks in {len(document.regions)} regions "
        f"({document.lines_read} lines, {len(document.repairs)} layout repairs)"
    )
    entities = resolve(document.rows, document.path)
    progress(
        f"resolved {len(entities.agencies)} agencies, {len(entities.measures)} measures, "
        f"{sum(len(t.targets) for t in entities.tasks)} targets, {len(entities.documents)} documents"
    )
    for item in entities.unresolved:
        progress(f"unresolved agency fragment: {item.region} row {item.row_number}: {item.fragment!r}")
    for key in entities.new_keys:
        progress(f"new {key.kind} key {key.key} (not in kg/data/keys.csv): {key.label}")
    for key in entities.retired_keys:
        progress(f"retired {key.kind} key {key.key} ({key.label}) -> {key.replaced_by or 'no successor'}")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    triples = build_triples(entities, ontology_file("national-focus-areas.ttl"), digest)
    progress(f"graph: {len(triples)} triples")

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    (staging / BUILD_MARKER).write_text("made by `kg build`, which replaces this folder\n", encoding="utf-8")
    try:
        # the store holds a set of canonical terms: so do the exports
        core = list(dict.fromkeys(canonical(t) for t in triples))
        final = list(core)
        store = create_store(staging / "store", core)
        add_ontology(store, ontology_triples())
        progress("store loaded (build/store: the graph, and the ontology in its own graph too)")
        if analyses:
            from kg.analysis import run_analyses  # networkx, scipy, matplotlib: only when analysing

            summary = run_analyses(store, staging)
            seen = set(final)
            added = [t for t in dict.fromkeys(canonical(q.triple) for q in summary.quads) if t not in seen]
            final += added
            progress(f"analyses: {len(summary.quads)} result triples, pages and figures written")
        description = describe_dataset(final)
        bulk_add(store, final[len(core) :] + description)
        final += description
        del store
        write_tasks_csv(entities, staging / "tasks.csv")
        write_graph_exports(final, staging)  # after tasks.csv, which void.ttl describes too
        write_ontology_page(staging / "ontology.html")
        progress("exports written (kg.nt, kg.ttl, kg.jsonld, kg.nq, tasks.csv, void.ttl, ontology.html)")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    progress(f"build ready in {out}")
    return BuildResult(out, document, entities, len(final), time.perf_counter() - progress.start)


def _check_replaceable(out: Path) -> None:
    """Never replace a folder that is not an earlier build (``kg build --out ~`` must not eat a home)."""
    if out.exists() and not (out / BUILD_MARKER).exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(
            f"refusing to replace {out}: it is not an earlier build (no {BUILD_MARKER}); "
            "choose an empty or new folder",
            path=str(out),
        )


def _swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def summary_lines(result: BuildResult) -> list[str]:
    """The per-region summary printed at the end of ``kg build``."""
    width = max(len(r.region) for r in result.document.regions)
    lines = [f"{'region':<{width}}  tasks  lines"]
    for region in result.document.regions:
        label = region.region + "\u3000" * (width - len(region.region))
        lines.append(f"{label}  {region.tasks:5d}  {region.first_line}-{region.last_line}")
    lines.append(
        f"{len(result.document.regions)} regions, {len(result.document.rows)} tasks, "
        f"{result.document.lines_read} lines read, {result.triples} triples, "
        f"{len(result.entities.unresolved)} unresolved agency fragments -> {result.out}"
    )
    return lines


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the knowledge graph from the source document",
        description="Parse the work-plan compilation and build the graph, store, exports and analyses.",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help="the text extraction to read (default: the bundled 2017 compilation)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build)")
    parser.add_argument(
        "--no-analysis", action="store_true", help="skip the network analyses, pages and figures"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    result = build(args.source or bundled_source(), args.out, analyses=not args.no_analysis, quiet=args.quiet)
    print("\n".join(summary_lines(result)))
    return 0
