"""One analysis run: graph (via SPARQL) → networks and measures → CSVs, RDF, pages, figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from kg.analysis import csv_tables, graphdata, result_triples
from kg.analysis.layout import layouts
from kg.analysis.network_files import write_network_files
from kg.analysis.networks import Networks, build_networks
from kg.analysis.results import analyse
from kg.errors import InputError
from kg.jobs import Jobs

ANALYSIS_DIR = "analysis"
FIGURES_DIR = "figures"
#: Workers drawing the figures while this process computes the measures and writes the tables and pages.
#: Two was fastest on a 2-CPU machine (benchmarks/bench_analysis.py): every worker costs CPU to start,
#: and with two the figures take about as long as this process's own share.
FIGURE_WORKERS = 2


@dataclass
class AnalysisSummary:
    """What a run produced. ``quads`` (default graph) are for the caller to add to the store."""

    quads: list[ox.Quad]
    tables: list[Path] = field(default_factory=list)
    network_files: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
    regions: int = 0
    tasks: int = 0
    agencies: int = 0
    ties: int = 0
    editions: list[str] = field(default_factory=list)  # in the graph; the latest is the one analysed

    @property
    def files(self) -> list[Path]:
        return [*self.tables, *self.network_files, *self.pages, *self.figures]


def load_networks(store: ox.Store) -> Networks:
    data = graphdata.load(store)
    if not data.tasks or not data.regions:
        raise InputError("the graph holds no ipkg:Region with ipkg:Task resources: nothing to analyse")
    return build_networks(data)


def run_analyses(
    store: ox.Store,
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

    Work that only reads is done in worker processes (kg.jobs; ``parallel=False`` keeps
    everything in this process): the figures that need only the networks start before the measures;
    robustness.csv (thirty Louvain runs per region) and the region-comparison figure start once the
    measures and the null model are computed, and the network files (networkx's GEXF and GraphML
    writers) once the layouts are, while this process writes the tables and pages.
    ``meanwhile`` is then called with the result quads while the workers finish: `kg build` writes its
    exports there (they include the quads) instead of after the last figure."""
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
        results = analyse(base)
        jobs.submit("robustness", partial(csv_tables.write_robustness, results, out_dir / ANALYSIS_DIR))
        if figures:
            from kg.analysis.figures import write_result_figures

            jobs.submit("figures from results", partial(write_result_figures, results, out_dir / FIGURES_DIR))
        national = results.national.summary
        summary = AnalysisSummary(
            quads=result_triples.quads(results),
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
        if meanwhile is not None:
            meanwhile(summary.quads)
        done = jobs.wait()
        summary.tables += done.pop("robustness")
        summary.network_files = done.pop("network files")
        summary.figures = [path for paths in done.values() for path in paths]
    return summary
