"""Benchmark: the analyses of the whole document (networks and measures, CSVs, RDF, pages, figures).

Run: python benchmarks/bench_analysis.py [--build DIR] [--runs 5]

Without --build, the graph is built once first (``kg build --no-analysis`` into a temporary folder);
that build is not timed. Each run reads the graph from the store through SPARQL and writes every output
into a fresh folder. Prints the median (and minimum) of each stage run one after another, then of the
whole ``run_analyses`` call as `kg build` / `kg analyze` run it (figures and pages in forked workers,
kg.jobs) against the named baseline, the same call with every job in-process
(``parallel=False``), with the ratio. The target for the whole is under 3 s. Imports and the one-off
font lookup are outside the timing (the first run is a warm-up and is not counted).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.analysis import csv_tables, graphdata, nullmodel, result_triples, robustness
from kg.analysis.figures import cjk_font, write_figures, write_result_figures
from kg.analysis.layout import layouts
from kg.analysis.network_files import write_network_files
from kg.analysis.networks import build_networks
from kg.analysis.pages import write_pages
from kg.analysis.results import analyse
from kg.analysis.run import run_analyses
from kg.jobs import can_fork

TARGET_SECONDS = 3.0
SERIAL = "run_analyses, baseline: all in-process"
PARALLEL = "run_analyses, as built: forked workers"


def graph_store(build_dir: Path | None, scratch: Path) -> ox.Store:
    if build_dir is not None:
        return ox.Store.read_only(str(build_dir / "store"))
    from kg.build import build
    from kg.source.reader import bundled_source

    out = scratch / "build"
    build([bundled_source()], out, analyses=False)
    return ox.Store.read_only(str(out / "store"))


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="an existing build folder (with store/)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        store = graph_store(args.build, scratch)
        cjk_font()
        stages: dict[str, list[float]] = {
            k: []
            for k in (
                "read (SPARQL)",
                "networks + measures (null model incl.)",
                "  of which the null model",
                "tables + RDF",
                "robustness.csv",
                "layout + network files",
                "pages",
                "figures",
                SERIAL,
                PARALLEL,
            )
        }
        for run in range(args.runs + 1):
            out = scratch / f"run-{run}"
            t_read, data = timed(lambda: graphdata.load(store))
            t_analyse, results = timed(lambda: analyse(build_networks(data)))  # noqa: B023

            def write_tables_and_rdf(results=results, out=out) -> object:
                return csv_tables.write_tables(results, out / "analysis"), result_triples.quads(results)

            def null_model(results=results) -> object:
                incidences = [
                    nullmodel.incidence(n.key, [t.responsible for t in n.tasks])
                    for n in results.base.agency[1:]
                ]
                return nullmodel.tie_tests(incidences)

            t_null, _ = timed(null_model)
            t_tables, _ = timed(write_tables_and_rdf)
            t_robust, _ = timed(
                lambda: csv_tables.write_robustness(robustness.robustness(results), out / "analysis")  # noqa: B023
            )

            def files(results=results, out=out) -> dict:
                positions = layouts(results)
                write_network_files(results, out, positions)
                return positions

            t_files, positions = timed(files)
            t_pages, _ = timed(lambda: write_pages(results, out, positions))  # noqa: B023

            def all_figures(results=results, out=out) -> object:
                return write_figures(results.base, out / "figures"), write_result_figures(
                    results, out / "figures"
                )

            t_figures, _ = timed(all_figures)
            t_serial, _ = timed(lambda: run_analyses(store, scratch / f"serial-{run}", parallel=False))  # noqa: B023
            t_whole, summary = timed(lambda: run_analyses(store, scratch / f"whole-{run}"))  # noqa: B023
            if run == 0:
                print(
                    f"warm-up done: {summary.regions} regions, {summary.tasks} tasks, {summary.agencies} "
                    f"agencies, {summary.ties} ties, {len(summary.quads)} triples, "
                    f"{len(summary.files)} files; {os.cpu_count()} CPUs, "
                    f"forked workers {'on' if can_fork() else 'off (serial)'}"
                )
                continue
            for key, value in zip(
                stages,
                (
                    t_read,
                    t_analyse,
                    t_null,
                    t_tables,
                    t_robust,
                    t_files,
                    t_pages,
                    t_figures,
                    t_serial,
                    t_whole,
                ),
                strict=True,
            ):
                stages[key].append(value)

    print(f"{'stage':<44}{'median s':>10}{'min s':>10}   ({args.runs} runs)")
    for key, values in stages.items():
        print(f"{key:<44}{statistics.median(values):>10.3f}{min(values):>10.3f}")
    whole = statistics.median(stages[PARALLEL])
    serial = statistics.median(stages[SERIAL])
    verdict = "within" if whole < TARGET_SECONDS else "OVER"
    print(
        f"whole document: median {whole:.2f} s — {verdict} the {TARGET_SECONDS:.0f} s target; "
        f"{serial / whole:.2f}× faster than the baseline (everything in-process: {serial:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
