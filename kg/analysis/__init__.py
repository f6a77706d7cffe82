"""Network analyses of the graph: agency co-responsibility networks, measures, pages and figures.

Reads the graph only through SPARQL on the store. ``run_analyses(store, out_dir)`` is the entry point
for the build; ``kg analyze`` re-runs it on an existing build. Imported lazily so that the CLI and the
build don't pay for matplotlib/networkx until an analysis actually runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# One BLAS thread (unless the user chose otherwise), set before numpy and scipy load OpenBLAS: their
# matrices here are small (a few hundred nodes at most), and the analyses already run side by side in
# forked workers (kg.jobs). OpenBLAS's own threads only spin on the other CPUs: on two CPUs they cost
# about 0.4 s of CPU per build, taken from the workers (benchmarks/bench_build.py).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if TYPE_CHECKING:
    from kg.analysis.run import AnalysisSummary, run_analyses

__all__ = ["AnalysisSummary", "run_analyses"]

#: The one random seed of the analyses (communities, null model, layouts): every run gives the same outputs.
SEED = 42


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg.analysis import run

        return getattr(run, name)
    raise AttributeError(name)
