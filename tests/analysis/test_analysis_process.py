"""kg.analysis.process: `kg build`'s analyses, forked early or in-process, give the same and fail alike."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize

from kg.analysis.process import ForkedAnalyses, InProcessAnalyses
from kg.errors import InputError


@pytest.mark.skipif(sys.platform != "linux", reason="the analyses are forked on Linux only")
def test_the_forked_and_the_in_process_runner_give_the_same(fresh_mini_store, tmp_path: Path) -> None:
    mini = fresh_mini_store().quads_for_pattern(None, None, None)
    graph = serialize([quad.triple for quad in mini], format=RdfFormat.N_TRIPLES)
    assert graph is not None
    answers = []
    for name, runner in (("forked", ForkedAnalyses()), ("here", InProcessAnalyses())):
        try:
            runner.start(graph, tmp_path / name)
            triples = runner.result_triples()
            summary = runner.finish()
        finally:
            runner.stop()
        answers.append((sorted(map(str, triples)), [p.relative_to(tmp_path / name) for p in summary.files]))
    assert answers[0] == answers[1] and len(answers[0][0]) > 100


@pytest.mark.parametrize("runner", [ForkedAnalyses, InProcessAnalyses])
def test_an_analysis_input_error_reaches_the_build_as_is(runner: type, tmp_path: Path) -> None:
    analyses = runner()
    try:
        analyses.start(b"", tmp_path)  # a graph without regions or tasks
        with pytest.raises(InputError, match="the graph holds no ipkg:Region with ipkg:Task resources"):
            analyses.result_triples()
    finally:
        analyses.stop()
