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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import RdfFormat, Triple, serialize

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
from kg.store import bulk_add, graph_store

if TYPE_CHECKING:
    from kg.analysis.process import AnalysisRunner

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


def build(
    sources: Sequence[Path],
    out: Path,
    *,
    analyses: bool = True,
    quiet: bool = True,
    parallel: bool | None = None,
) -> BuildResult:
    """Run the whole pipeline on one or more editions into ``out`` (replaced on success only).

    The analyses run in a process forked before the source is parsed (kg.analysis.process), unless
    ``parallel`` is False or jobs are not forked on this machine (kg.jobs.can_fork)."""
    out = out.resolve()
    progress = _Progress(quiet)
    for message in recover(out):
        progress(message)
    check_replaceable(out)  # before any work: a wrong --out is the cheapest mistake to report
    with ExitStack() as cleanup:
        runner = None
        if analyses:
            from kg.analysis.process import analysis_runner

            runner = analysis_runner(parallel)
            cleanup.callback(runner.stop)
        with _cyclic_gc_paused():
            documents, entities, triples = _graph(sources, progress)
        try:
            with staged(out, "building") as staging:
                final = _write(staging, triples, entities, runner, progress)
                keep_sources(staging, documents)
        except OSError as error:
            raise InputError(
                f"cannot write the build: {describe(error)}; nothing was replaced", path=str(out)
            ) from None
    progress(f"build ready in {out}")
    return BuildResult(out, tuple(documents), entities, len(final), time.perf_counter() - progress.start)


def _write(
    staging: Path,
    triples: list[Triple],
    entities: Entities,
    analyses: AnalysisRunner | None,
    progress: _Progress,
) -> list[Triple]:
    """Every output of a build into ``staging``; returns the graph's triples as loaded into the store."""
    # the store holds a set of canonical terms: so do the exports
    with _cyclic_gc_paused():
        final = list(dict.fromkeys(canonical(t) for t in triples))
        core = len(final)
        graph = serialize(final, format=RdfFormat.N_TRIPLES)  # once: for the analyses and for the store
    assert graph is not None  # no output given: serialize returns the bytes
    # The on-disk store is loaded in a thread (the bulk loader runs in Rust, without the GIL) while the
    # analysis process reads the graph into its own in-memory store and analyses it; the exports wait
    # only for the analyses' result triples, not for their figures.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ipkg-store") as loader:
        loading = loader.submit(graph_store, staging / "store", graph, ontology_triples())
        if analyses is not None:
            analyses.start(graph, staging)
        del graph
        with _cyclic_gc_paused():
            write_tasks_csv(entities, staging / "tasks.csv")
            write_ontology_page(staging / "ontology.html")
        if analyses is not None:
            results = analyses.result_triples()
            seen = set(final)
            final += [t for t in dict.fromkeys(canonical(t) for t in results) if t not in seen]
        with _cyclic_gc_paused():
            final += describe_dataset(final)
            write_graph_exports(final, staging)  # after tasks.csv, which void.ttl describes too
            progress("exports written (kg.nt, kg.ttl, kg.jsonld, kg.nq, tasks.csv, void.ttl, ontology.html)")
            if analyses is not None:
                summary = analyses.finish()
                progress(f"analyses: {len(results)} result triples, {len(summary.files)} files written")
            store = loading.result()
            bulk_add(store, final[core:])
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
