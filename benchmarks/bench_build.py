"""Benchmark: `kg build` against an rdflib-only route, without and with the analyses.

Run: python benchmarks/bench_build.py [--runs 5]

Baseline ("rdflib route"): the same parsed and resolved entities and the same triples, put into an
rdflib Graph and serialised with rdflib to Turtle, N-Triples and JSON-LD (rdflib has no comparable
on-disk store, so it gets no store to write). Its whole form then runs the same analyses, pages and
figures (kg.analysis.run, forked workers and all) reading the graph through rdflib's SPARQL engine
instead of pyoxigraph's: the whole job done with rdflib in place of pyoxigraph. Before timing, one run
of each checks that the two whole routes write the same analysis files. Rows, each a median (and
minimum) of --runs runs:

* ``build(..., analyses=False)`` in this process: parse -> graph -> on-disk pyoxigraph store -> exports,
  against the rdflib route in this process (imports warm for both);
* ``kg build --no-analysis`` and the whole ``kg build`` (analyses, pages, figures included) as a user
  runs them: a fresh ``python -m kg.cli build --quiet`` each time, start-up and imports included; the
  whole rdflib route likewise as a fresh process (``--rdflib-whole OUT``).

Targets (issue 14): the whole `kg build` under 3 s, and at most half of the rdflib route's time in the
same run (ratio at least 2), whole against whole. Wall times rise on a busy machine, CPU time (user +
system, of the command and its forked workers; of this process for the in-process rows) much less;
the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph
import rdflib

from kg.analysis.run import run_analyses
from kg.build import build
from kg.entities.resolve import resolve_entities
from kg.ontology_doc import ontology_file
from kg.rdf.graph import build_triples, ontology_triples
from kg.source.cleaning import clean_text
from kg.source.parser import parse_document
from kg.source.reader import bundled_source

sys.path.insert(0, str(Path(__file__).parent))
from bench_scale import Run, run_build, run_command  # noqa: E402 — the one way the benchmarks run `kg build` as a command


def _rdflib_term(term: object) -> rdflib.term.Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, pyoxigraph.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def ipkg_route(out: Path) -> None:
    clean_text.cache_clear()
    build([bundled_source()], out, analyses=False)


def rdflib_route(out: Path) -> rdflib.Graph:
    """Parse, resolve, the triples into an rdflib Graph, serialised three ways (the graph is returned)."""
    clean_text.cache_clear()
    source = bundled_source()
    document = parse_document(source)
    entities = resolve_entities([document])
    triples = build_triples(
        entities, ontology_file("national-focus-areas.ttl"), {document.edition.year: document.sha256}
    )
    graph = rdflib.Graph()
    graph.addN(
        (_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object), graph) for t in triples
    )
    out.mkdir(parents=True, exist_ok=True)
    graph.serialize(out / "kg.ttl", format="turtle")
    graph.serialize(out / "kg.nt", format="nt", encoding="utf-8")
    context = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    graph.serialize(out / "kg.jsonld", format="json-ld", context=context)
    return graph


def rdflib_whole_route(out: Path) -> None:
    """The rdflib route, then kg build's analyses reading that graph (and the ontology, which kg build's
    store holds too) through rdflib's SPARQL engine."""
    graph = rdflib_route(out)
    graph.addN(
        (_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object), graph)
        for t in ontology_triples()
    )

    def select(query: str) -> list[dict[str, str]]:
        result = graph.query(query)
        return [{str(v): "" if row[v] is None else str(row[v]) for v in result.vars} for row in result]

    run_analyses(select, out)


def same_analysis_files(tmp: Path) -> list[str]:
    """Both whole routes once: the analysis files (tables, network files, pages, figures) that differ."""
    build([bundled_source()], tmp / "kg")
    rdflib_whole_route(tmp / "rdflib")
    folders = ("analysis", "networks", "figures")
    files = sorted(
        p.relative_to(tmp / "kg") for f in folders for p in (tmp / "kg" / f).rglob("*") if p.is_file()
    )
    files.append(Path("network.html"))
    return [str(f) for f in files if (tmp / "kg" / f).read_bytes() != (tmp / "rdflib" / f).read_bytes()]


def measure(route, runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run; a route run as a command returns its own (with its workers')."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            start, cpu_start = time.perf_counter(), time.process_time()
            child = route(Path(tmp) / f"run{run}")
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            times.append((child.wall, child.cpu) if isinstance(child, Run) else (wall, cpu))
    return times


def command(*, analyses: bool):
    """`kg build` in a fresh Python process, as a user runs it (bench_scale.run_build)."""

    def route(out: Path) -> Run:
        return run_build([bundled_source()], out, analyses=analyses)

    return route


def rdflib_whole_command(out: Path) -> Run:
    """The whole rdflib route in a fresh Python process, like `kg build`."""
    return run_command([sys.executable, __file__, "--rdflib-whole", str(out)])


TARGET_WHOLE_SECONDS = 3.0
TARGET_RATIO = 2.0


BASELINE = "baseline: rdflib graph + serialisation"
WHOLE_BASELINE = "baseline: rdflib route, whole (command)"
WHOLE = "kg build, whole (command)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-whole", type=Path, metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rdflib_whole:  # the child process of rdflib_whole_command
        rdflib_whole_route(args.rdflib_whole)
        return
    with tempfile.TemporaryDirectory() as tmp:
        different = same_analysis_files(Path(tmp))
    if different:
        raise SystemExit(f"the rdflib route's analyses differ from kg build's: {different}")
    rows = {
        "kg build, in-process, no analyses": measure(ipkg_route, args.runs),
        BASELINE: measure(rdflib_route, args.runs),
        "kg build --no-analysis (command)": measure(command(analyses=False), args.runs),
        WHOLE: measure(command(analyses=True), args.runs),
        WHOLE_BASELINE: measure(rdflib_whole_command, args.runs),
    }
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print("both whole routes write the same analysis files (tables, network files, pages, figures)")
    print(f"{'route':<42} {'median s':>9} {'min s':>7} {'cpu s':>7} runs")
    medians, cpus = {}, {}
    for label, times in rows.items():
        walls = [wall for wall, _ in times]
        medians[label] = statistics.median(walls)
        cpus[label] = statistics.median(cpu for _, cpu in times)
        print(f"{label:<42} {medians[label]:9.3f} {min(walls):7.3f} {cpus[label]:7.3f} {len(times)}")
    pairs = [
        ("kg build, in-process, no analyses", BASELINE),
        ("kg build --no-analysis (command)", BASELINE),
        (WHOLE, WHOLE_BASELINE),
    ]
    for label, baseline in pairs:
        ratio = medians[baseline] / medians[label]
        verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
        print(
            f"ratio {baseline.removeprefix('baseline: ')} / {label}: {ratio:.1f}x "
            f"(target at least {TARGET_RATIO:.0f}x: {verdict}; CPU time {cpus[baseline] / cpus[label]:.1f}x)"
        )
    whole = medians[WHOLE]
    verdict = "met" if whole < TARGET_WHOLE_SECONDS else "NOT met"
    print(f"whole kg build: median {whole:.2f} s (target under {TARGET_WHOLE_SECONDS:.0f} s: {verdict})")


if __name__ == "__main__":
    main()
