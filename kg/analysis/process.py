"""`kg build`'s analyses in their own process, forked before the source is parsed.

Why: importing networkx, scipy and matplotlib takes about half a second, longer than parsing
the whole document. Forked at the start of the build (kg.jobs.Helper), the analysis process imports
them on the other CPU while the build parses; it is then sent the graph as N-Triples, loads it into
its own in-memory store and runs ``run_analyses``. It sends the result triples back as soon as they
are computed, so the build writes its exports and its store while the figures are still being
drawn, then the summary once every file is written. Where jobs are not forked (kg.jobs.can_fork),
``InProcessAnalyses`` does the same in the build's own process, one step after another.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from pyoxigraph import RdfFormat, Triple, parse, serialize

from kg.analysis.summary import AnalysisSummary
from kg.jobs import Helper, can_fork
from kg.rdf.graph import ontology_triples
from kg.store import graph_store


class AnalysisRunner(Protocol):
    """What `kg build` needs of its analyses: ``start`` with the graph, the result triples, the summary."""

    def start(self, graph: bytes, out_dir: Path) -> None: ...

    def result_triples(self) -> list[Triple]: ...

    def finish(self) -> AnalysisSummary: ...

    def stop(self) -> None: ...


def analysis_runner(parallel: bool | None = None) -> AnalysisRunner:
    """A forked analysis process where jobs are forked (Linux, more than one CPU), else in-process."""
    return ForkedAnalyses() if (can_fork() if parallel is None else parallel) else InProcessAnalyses()


def _ntriples(triples: list[Triple]) -> bytes:
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert data is not None  # no output given: serialize returns the bytes
    return data


def _triples(data: bytes) -> list[Triple]:
    return [quad.triple for quad in parse(data, format=RdfFormat.N_TRIPLES)]


class ForkedAnalyses:
    def __init__(self) -> None:
        self._helper = Helper("analyses", _serve)

    def start(self, graph: bytes, out_dir: Path) -> None:
        self._helper.send((graph, out_dir))

    def result_triples(self) -> list[Triple]:
        data = self._helper.receive()
        assert isinstance(data, bytes)
        return _triples(data)

    def finish(self) -> AnalysisSummary:
        summary = self._helper.receive()
        assert isinstance(summary, AnalysisSummary)
        self._helper.wait()
        return summary

    def stop(self) -> None:
        self._helper.stop()


def _serve(receive: Callable[[], object], reply: Callable[[object], None]) -> None:
    """The analysis process: import (the reason it was forked early), wait for the graph, analyse."""
    # imported now, while the parent parses: what the analyses and the workers forked before the measures
    # need (pages and pyvis come later, in the busy part)
    from kg.analysis import figures, run  # noqa: F401

    message = receive()  # the one message ForkedAnalyses.start sends
    assert isinstance(message, tuple)
    graph, out_dir = message
    store = graph_store(None, graph, ontology_triples())
    summary = run.run_analyses(
        store, out_dir, meanwhile=lambda quads: reply(_ntriples([q.triple for q in quads]))
    )
    reply(replace(summary, quads=[]))  # the quads went ahead as N-Triples


class InProcessAnalyses:
    def __init__(self) -> None:
        self._summary: AnalysisSummary | None = None
        self._input: tuple[bytes, Path] | None = None

    def start(self, graph: bytes, out_dir: Path) -> None:
        self._input = (graph, out_dir)

    def result_triples(self) -> list[Triple]:
        from kg.analysis.run import run_analyses

        assert self._input is not None, "start() first"
        graph, out_dir = self._input
        # the collector runs for the analyses' own objects but skips the build's (millions at 16 editions)
        gc.freeze()
        try:
            self._summary = run_analyses(
                graph_store(None, graph, ontology_triples()), out_dir, parallel=False
            )
        finally:
            gc.unfreeze()
        return [q.triple for q in self._summary.quads]

    def finish(self) -> AnalysisSummary:
        assert self._summary is not None, "result_triples() first"
        return self._summary

    def stop(self) -> None:
        pass
