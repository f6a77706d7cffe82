"""One build: sources -> parsed tables -> entities -> RDF -> store -> exports -> analyses.

The build is written into a staging folder beside the output (``.build.building-PID``) and swapped in
only when every stage has succeeded, so a failed build never damages the previous one; the swap and the
recovery of killed runs are kg.staging's, shared with ``kg analyze``. A failure to write
(full disk, read-only folder, ``--out`` inside a file) is one line and exit 2.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, Store, Triple

from kg.entities.model import Entities
from kg.entities.resolve import resolve_entities
from kg.errors import InputError
from kg.export import write_graph_exports, write_tasks_csv
from kg.ontology_doc import ontology_file, write_ontology_page
from kg.rdf.dataset import describe_dataset
from kg.rdf.graph import build_triples, ontology_triples
from kg.rdf.terms import ID, canonical, source_document
from kg.source.parser import ParsedDocument, parse_document
from kg.source.reader import bundled_source
from kg.staging import check_replaceable, describe, recover, staged
from kg.store import add_ontology, bulk_add, create_store

DEFAULT_OUT = Path("build")
#: The build keeps a byte-exact copy of each source document, so its pages can quote the lines a task was
#: read from even when the original file has moved (kg serve); see ``source_copy``.
SOURCE_COPIES = "source"


@dataclass(frozen=True)
class BuildResult:
    out: Path
    documents: tuple[ParsedDocument, ...]  # one per edition, in the order given
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


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """The pipeline makes millions of small objects and no reference cycles; the cyclic collector would
    walk all of them again and again (about a sixth of a large build). Reference counting still frees
    everything; the collector runs as before once the block ends (and during the analyses)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _objects_so_far_left_out_of_gc() -> Iterator[None]:
    """The collector runs (for the analyses' own objects) but skips every object made before the block:
    the pipeline's millions at 16 editions, which it would otherwise walk in every full collection."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build(sources: Sequence[Path], out: Path, *, analyses: bool = True, quiet: bool = True) -> BuildResult:
    """Run the whole pipeline on one or more editions into ``out`` (replaced on success only)."""
    out = out.resolve()
    progress = _Progress(quiet)
    for message in recover(out):
        progress(message)
    check_replaceable(out)  # before any work: a wrong --out is the cheapest mistake to report
    with _cyclic_gc_paused():
        documents, entities, triples = _graph(sources, progress)

    try:
        with staged(out, "building") as staging:
            final = _write(staging, triples, entities, analyses, progress)
            keep_sources(staging, documents)
    except OSError as error:
        raise InputError(
            f"cannot write the build: {describe(error)}; nothing was replaced", path=str(out)
        ) from None
    progress(f"build ready in {out}")
    return BuildResult(out, tuple(documents), entities, len(final), time.perf_counter() - progress.start)


def _write(
    staging: Path, triples: list[Triple], entities: Entities, analyses: bool, progress: _Progress
) -> list[Triple]:
    """Every output of a build into ``staging``; returns the graph's triples as loaded into the store."""
    # the store holds a set of canonical terms: so do the exports
    with _cyclic_gc_paused():
        core = list(dict.fromkeys(canonical(t) for t in triples))
        final = list(core)
    ontology = ontology_triples()

    def write_exports(result_quads: list[Quad]) -> None:
        """The analyses' result triples join the graph; then the exports and the rest of the store."""
        seen = set(final)
        final.extend(t for t in dict.fromkeys(canonical(q.triple) for q in result_quads) if t not in seen)
        with _cyclic_gc_paused():
            final.extend(describe_dataset(final))
            write_tasks_csv(entities, staging / "tasks.csv")
            write_graph_exports(final, staging)  # after tasks.csv, which void.ttl describes too
            write_ontology_page(staging / "ontology.html")
        progress("exports written (kg.nt, kg.ttl, kg.jsonld, kg.nq, tasks.csv, void.ttl, ontology.html)")

    # The on-disk store is loaded in a thread (the bulk loader runs in Rust, without the GIL) while
    # this thread runs the analyses on an in-memory copy (read faster, loaded in a fraction of the
    # time); the exports, which need the analyses' result triples but not their figures, are written
    # while the analysis workers are still drawing (run_analyses' ``meanwhile``).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ipkg-store") as loader:
        loading = loader.submit(_graph_store, staging / "store", core, ontology)
        if analyses:
            from kg.analysis import run_analyses  # networkx, scipy, matplotlib: only when analysing

            with _objects_so_far_left_out_of_gc():
                summary = run_analyses(_graph_store(None, core, ontology), staging, meanwhile=write_exports)
            progress(f"analyses: {len(summary.quads)} result triples, pages and figures written")
        else:
            write_exports([])
        with _cyclic_gc_paused():
            store = loading.result()
            bulk_add(store, final[len(core) :])
            del store, loading  # the last references: the store closes now, before the swap moves it
    progress("store loaded (build/store: the graph, and the ontology in its own graph too)")
    return final


def source_copy(build_dir: Path, document: str) -> Path | None:
    """Where a build keeps its copy of the source document ``document`` (``…/id/source/<key>``):
    ``<build>/source/<key>.txt``; None for an IRI that names no source document."""
    key = document.removeprefix(f"{ID}source/")
    if key == document or any(part in ("", ".", "..") for part in key.split("/")):
        return None
    return build_dir / SOURCE_COPIES / f"{key}.txt"


def keep_sources(build_dir: Path, documents: Sequence[ParsedDocument]) -> None:
    """Copy each edition's source file to where ``source_copy`` says: the very bytes that were parsed
    (a file changed since is refused, so a page never quotes lines the graph was not read from)."""
    for document in documents:
        copy = source_copy(build_dir, source_document(document.edition.year).value)
        assert copy is not None  # source_document() names a source document
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(document.path, copy)
        if hashlib.sha256(copy.read_bytes()).hexdigest() != document.sha256:
            raise InputError("the file changed while it was being built; build again", path=document.path)


def _graph_store(path: Path | None, core: list[Triple], ontology: list[Triple]) -> Store:
    """The graph's content and the ontology (also in its own graph), on disk at ``path`` or in memory."""
    store = create_store(path, core)
    add_ontology(store, ontology)
    return store


def _graph(
    sources: Sequence[Path], progress: _Progress
) -> tuple[list[ParsedDocument], Entities, list[Triple]]:
    """Sources -> parsed editions -> entities -> the graph's content triples."""
    documents = []
    for source in sources:
        progress(f"reading {source}")
        document = parse_document(source)
        progress(
            f"parsed the {document.edition.year} edition: {len(document.rows)} tasks in "
            f"{len(document.regions)} regions ({document.lines_read} lines, "
            f"{len(document.repairs)} layout repairs)"
        )
        documents.append(document)
    entities = resolve_entities(documents)
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
    digests = {document.edition.year: document.sha256 for document in documents}
    triples = build_triples(entities, ontology_file("national-focus-areas.ttl"), digests)
    progress(f"graph: {len(triples)} triples")
    return documents, entities, triples


def summary_lines(result: BuildResult) -> list[str]:
    """The per-region summary printed at the end of ``kg build`` (one table per edition)."""
    documents = result.documents
    width = max(len(r.region) for document in documents for r in document.regions)
    lines = []
    for document in documents:
        if len(documents) > 1:
            lines.append(f"{document.edition.year} edition: {document.path}")
        lines.append(f"{'region':<{width}}  tasks  lines")
        for region in document.regions:
            label = region.region + "\u3000" * (width - len(region.region))
            lines.append(f"{label}  {region.tasks:5d}  {region.first_line}-{region.last_line}")
    editions = f"{len(documents)} editions, " if len(documents) > 1 else ""
    lines.append(
        f"{editions}{sum(len(d.regions) for d in documents)} regions, "
        f"{sum(len(d.rows) for d in documents)} tasks, {sum(d.lines_read for d in documents)} lines read, "
        f"{result.triples} triples, "
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
        action="append",
        metavar="FILE",
        help="a text extraction of one edition, its year read from its section headings; repeat it to build "
        "several editions into one graph (default: the bundled 2017 compilation)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build)")
    parser.add_argument(
        "--no-analysis", action="store_true", help="skip the network analyses, pages and figures"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    result = build(
        args.source or [bundled_source()], args.out, analyses=not args.no_analysis, quiet=args.quiet
    )
    print("\n".join(summary_lines(result)))
    return 0
