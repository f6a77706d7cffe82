"""One analysis run: graph (via SPARQL) → networks and measures → CSVs, RDF, pages, figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.analysis import graphdata, rdf, tables
from kg.analysis.results import Results, analyse
from kg.errors import InputError

ANALYSIS_DIR = "analysis"
FIGURES_DIR = "figures"


@dataclass
class AnalysisSummary:
    """What a run produced. ``quads`` (default graph) are for the caller to add to the store."""

    quads: list[ox.Quad]
    tables: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
    regions: int = 0
    tasks: int = 0
    agencies: int = 0
    ties: int = 0

    @property
    def files(self) -> list[Path]:
        return [*self.tables, *self.pages, *self.figures]


def compute(store: ox.Store) -> Results:
    data = graphdata.load(store)
    if not data.tasks or not data.regions:
        raise InputError("the graph holds no ipkg:Region with ipkg:Task resources: nothing to analyse")
    return analyse(data)


def run_analyses(
    store: ox.Store, out_dir: Path, *, pages: bool = True, figures: bool = True
) -> AnalysisSummary:
    """Analyse the graph in ``store`` and write ``out_dir/analysis/*.csv`` (+ README.md data dictionary),
    ``network.html``, ``networks/*.html`` and ``figures/*``. The store is only read; the returned quads
    (``ipkg:Network`` and ``ipkg:AgencyCentrality`` resources) are the caller's to add."""
    from kg.analysis.figures import cjk_font  # fail on a missing CJK font before writing anything

    if figures:
        cjk_font()
    out_dir = Path(out_dir)
    results = compute(store)
    national = results.national.summary
    summary = AnalysisSummary(
        quads=rdf.quads(results),
        regions=len(results.data.regions),
        tasks=national.tasks,
        agencies=national.agencies,
        ties=national.ties,
    )
    summary.tables = tables.write_tables(results, out_dir / ANALYSIS_DIR)
    if pages:
        from kg.analysis.pages import write_pages

        summary.pages = write_pages(results, out_dir)
    if figures:
        from kg.analysis.figures import write_figures

        summary.figures = write_figures(results, out_dir / FIGURES_DIR)
    return summary
