"""kg.analysis.layout: the positions shared by pages and network files."""

from __future__ import annotations


def test_components_are_packed_to_the_pages_width() -> None:
    import networkx as nx

    from kg.analysis.layout import spring

    graph = nx.Graph()
    for i in range(12):  # twelve separate triangles
        nx.add_cycle(graph, [f"{i}a", f"{i}b", f"{i}c"])
    positions = spring(graph)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert 1.2 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 3  # wide, like the graph area, not a column
