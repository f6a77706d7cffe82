"""One analysis run: graph (via SPARQL) → networks and measures → CSVs, RDF, pages, figures."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from kg.analysis import csv_tables, graphdata, result_triples, robustness
from kg.analysis.layout import layouts
from kg.analysis.network_files import write_network_files
from kg.analysis.networks import Networks, build_networks
from kg.analysis.results import analyse
from kg.analysis.summary import AnalysisSummary
from kg.errors import InputError
from kg.jobs import Jobs, paths

ANALYSIS_DIR = "analysis"
FIGURES_DIR = "figures"
#: Workers drawing the figures while this process computes the measures and writes the tables and pages.
#: Two was fastest on a 2-CPU machine (benchmarks/bench_analysis.py): every worker costs CPU to start,
#: and with two the figures take about as long as this process's own share.
FIGURE_WORKERS = 2


def load_networks(store: ox.Store | graphdata.Select) -> Networks:
    data = graphdata.load(store)
    if not data.tasks or not data.regions:
        raise InputError("the graph holds no ipkg:Region with ipkg:Task resources: nothing to analyse")
    return build_networks(data)


def run_analyses(
    store: ox.Store | graphdata.Select,
    out_dir: Path,
    *,
    pages: bool = True,
    figures: bool = True,
    parallel: bool | None = None,
    meanwhile: Callable[[list[ox.Quad]], None] | None = None,
) -> AnalysisSummary:
    """Analyse the graph in ``store`` and write ``out_dir/analysis/*.csv`` (+ README.md data dictionary),
    the network files ``networks/<key>.gexf|.graphml|-nodes.csv|-edges.csv``, ``network.html``,
    ``networks/*.html`` and ``figures/*``. The store is only read; the returned quads
    (``ipkg:Network`` and ``ipkg:AgencyCentrality`` resources) are the caller's to add.

    Work that only reads is done in worker processes (kg.jobs; ``parallel=False`` keeps everything in
    this process): the figures that need only the networks, and the community-seed checks of
    robustness.csv (thirty Louvain runs per region), start before the measures; its other checks and
    the region-comparison figure start once the measures and the null model are computed, and the
    network files (networkx's GEXF and GraphML writers) once the layouts are, while this process
    writes the tables and pages.
    ``meanwhile`` is called with the result quads as soon as they are computed, before the tables, network
    files, pages and figures are written: `kg build`'s analysis process sends them to the build, which
    writes its exports (they include the quads) meanwhile (kg.analysis.process)."""
    if figures:
        from kg.analysis.figures import FIGURES, cjk_font, write_figures

        cjk_font()  # fail on a missing CJK font before writing anything
    out_dir = Path(out_dir)
    base = load_networks(store)
    with Jobs(parallel) as jobs:
        if figures:
            for i in range(FIGURE_WORKERS):
                job = partial(write_figures, base, out_dir / FIGURES_DIR, FIGURES[i::FIGURE_WORKERS])
                jobs.submit(f"figures {i + 1}/{FIGURE_WORKERS}", job)
        jobs.submit("community seeds", partial(robustness.community_checks, base))
        results = analyse(base)
        jobs.submit("model checks", partial(robustness.model_checks, results))
        if figures:
            from kg.analysis.figures import write_result_figures

            jobs.submit("figures from results", partial(write_result_figures, results, out_dir / FIGURES_DIR))
        quads = result_triples.quads(results)
        if meanwhile is not None:
            meanwhile(quads)
        national = results.national.summary
        summary = AnalysisSummary(
            quads=quads,
            tables=csv_tables.write_tables(results, out_dir / ANALYSIS_DIR),
            regions=len(results.data.regions),
            tasks=national.tasks,
            agencies=national.agencies,
            ties=national.ties,
            editions=results.data.editions,
        )
        positions = layouts(results)
        jobs.submit("network files", partial(write_network_files, results, out_dir, positions))
        if pages:
            from kg.analysis.pages import write_pages

            summary.pages = write_pages(results, out_dir, positions)
        done = jobs.wait()
        checks = done.pop("model checks"), done.pop("community seeds")
        summary.tables += csv_tables.write_robustness(
            [check for part in checks for check in _checks(part)], out_dir / ANALYSIS_DIR
        )
        summary.network_files = paths(done.pop("network files"))
        summary.figures = [path for value in done.values() for path in paths(value)]
    return summary


def _checks(value: object) -> list[robustness.Check]:
    assert isinstance(value, list) and all(isinstance(check, robustness.Check) for check in value)
    return value
