"""kg/formats.py: one registry of result and graph formats, consistent with pyoxigraph's own."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.formats import GRAPH_FORMATS, RESULT_FORMATS, by_media_type, readable_format


def test_each_format_is_pyoxigraphs_own_media_type() -> None:
    for fmt in (*RESULT_FORMATS, *GRAPH_FORMATS):
        assert fmt.media_type == fmt.oxigraph.media_type.split(";")[0], fmt.name  # without charset
        assert fmt.graph == (fmt in GRAPH_FORMATS)
    names = [fmt.name for fmt in (*RESULT_FORMATS, *GRAPH_FORMATS)]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("media", "graph", "name"),
    [
        ("application/sparql-results+json", False, "json"),
        ("application/json", False, "json"),
        ("application/json", True, "jsonld"),  # the same media type means JSON-LD for a graph
        ("Text/Turtle", True, "turtle"),
        ("text/plain", True, "nt"),
        ("text/xml", False, "xml"),
        ("text/csv", True, None),
        ("image/png", False, None),
    ],
)
def test_media_types_name_one_format_per_kind(media: str, graph: bool, name: str | None) -> None:
    found = by_media_type(media, graph)
    assert (found.name if found else None) == name


def test_readable_formats_exclude_lossy_csv() -> None:
    assert readable_format("text/csv") is None
    json_format = readable_format("application/json")
    assert json_format is not None and json_format.oxigraph == ox.QueryResultsFormat.JSON
    turtle = readable_format("text/turtle")
    assert turtle is not None and turtle.oxigraph == ox.RdfFormat.TURTLE
