"""What an analysis run produced (kept apart from kg.analysis.run, which imports networkx and matplotlib:
`kg build` reads a summary sent by its analysis process without importing them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox


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
