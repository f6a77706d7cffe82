"""Node positions shared by the network pages and the network files (GEXF ``viz:position``).

Computed once per run, so a network opened in Gephi looks like its page.
"""

from __future__ import annotations

import math

import networkx as nx

from kg.analysis import SEED
from kg.analysis.results import Results

ISOLATE_STEP = 110.0
GAP = 80.0
WIDE = 1.6
#: The key of the national agency-type network among the layouts (and its file names).
TYPES_KEY = "agency-types"

Positions = dict[str, tuple[float, float]]


def spring(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Pixel positions: each connected component laid out on its own (seeded spring layout, radius
    growing with √n) and the components packed in rows, largest first; isolated agencies in rows
    underneath. Laying out the whole disconnected graph at once would push the components apart and
    squeeze each of them into a corner."""
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph) if len(c) > 1), key=lambda c: (-len(c), c[0])
    )
    isolates = [v for v in graph if graph.degree(v) == 0]
    radii = [50.0 + 85.0 * math.sqrt(len(c)) for c in components]
    # rows about 1.6 times as wide as the whole is tall: the shape of a page's graph area
    area = sum((2 * r + GAP) ** 2 for r in radii)
    width = max([2 * r for r in radii[:1]] + [ISOLATE_STEP * 6, math.sqrt(area * WIDE)])
    positions: dict[str, tuple[float, float]] = {}
    x = top = row_height = 0.0
    for component, radius in zip(components, radii, strict=True):
        if x > 0 and x + 2 * radius > width:
            x, top, row_height = 0.0, top + row_height + GAP, 0.0
        ordered = nx.Graph()  # the layout depends on node order: make it the sorted one, not set order
        ordered.add_nodes_from(component)
        ordered.add_edges_from(graph.subgraph(component).edges())
        layout = nx.spring_layout(ordered, seed=SEED, weight=None, scale=radius, iterations=60)
        for v, (dx, dy) in layout.items():
            positions[v] = (x + radius + float(dx), top + radius + float(dy))
        x += 2 * radius + GAP
        row_height = max(row_height, 2 * radius)
    top = top + row_height + (GAP if components else 0.0)
    per_row = max(1, int(width // ISOLATE_STEP))
    for i, v in enumerate(isolates):
        row, column = divmod(i, per_row)
        positions[v] = (column * ISOLATE_STEP, top + row * 90.0)
    if not positions:
        return {}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {v: (round(px - cx, 1), round(py - cy, 1)) for v, (px, py) in positions.items()}


def layouts(results: Results) -> dict[str, Positions]:
    """Positions of every regional network (by region key) and of the national agency-type network."""
    out = {n.network.key: spring(n.network.graph) for n in results.regional}
    out[TYPES_KEY] = spring(results.national.network.type_graph)
    return out
