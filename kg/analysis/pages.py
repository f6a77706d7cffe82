"""Interactive network pages: pyvis assembles the vis-network node/edge data, Jinja2 templates render it.

Every page is one self-contained file: the vis-network library that ships inside the pyvis package is
inlined (no CDN, no remote fonts), positions are precomputed (kg.analysis.layout) and physics is off,
so a page is readable as soon as it is parsed. The HTML shell is a Jinja2 template with autoescaping
(kg/templates/network.html, network-index.html). Document text travels as JSON in a
``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped) and is put into the page as DOM
text nodes only, so task text can never become markup or script.

The national page is a map of the 31 regional networks: each agency is drawn in its region's cell
with its region's own measures (the union has no meaningful agency measures, kg.analysis.results).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyvis
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network

from kg.analysis.graphdata import GraphData, Region
from kg.analysis.layout import TYPES_KEY, Positions, layouts
from kg.analysis.metrics import NodeMetrics
from kg.analysis.results import AnalysedNetwork, Results
from kg.analysis.style import OKABE_ITO, Look, group_looks, type_looks
from kg.templating import templates

MAX_TASKS_IN_TIP = 10
MAX_TEXT = 140
#: the national map: regional layouts drawn this much closer, their nodes NATIONAL_NODE_SCALE larger, so
#: the agencies stay visible when all 31 regions fit the screen
NATIONAL_SPREAD = 0.45
NATIONAL_NODE_SCALE = 2.0
GRID_COLUMNS = 8  # the national map: 31 regions in 4 rows, about the shape of a wide screen
NODE_SIZE = (7.0, 24.0)  # smallest and largest node radius, canvas units

NETWORK_PAGE = "network.html"
PAGES_DIR = "networks"
TYPES_PAGE = "agency-types.html"


@cache
def vis_js() -> str:
    """The vis-network bundle shipped with pyvis, minus its source-map comment (no stray file lookups)."""
    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+", "", text)
    if "</script" in text.lower():  # pragma: no cover - would end the inline script early
        text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text


def _drawn(
    look: Look, position: tuple[float, float], sizes: dict[str, dict[str, float]], key: str
) -> dict[str, object]:
    """What every drawn node carries: its look, its place, and its size by each measure (the page resizes)."""
    x, y = position
    return {
        "color": look.color,
        "shape": look.shape,
        "group_key": look.group.key,
        "x": x,
        "y": y,
        "size": sizes["degree"][key],
        "sizes": {name: by_node[key] for name, by_node in sizes.items()},
    }


def json_for_script(value: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators survive raw."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def render(data: dict) -> str:
    """A network page: the JSON data and the inlined library are the only values not escaped, and
    both are made safe for a ``<script>`` element above."""
    return (
        templates()
        .get_template("network.html")
        .render(
            title=f"{data['title_zh']} · {data['title_en']}",
            data=Markup(json_for_script(data)),
            vis_js=Markup(vis_js()),
        )
    )


def _short(text: str) -> str:
    text = text or "（无描述 no description）"
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _num(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


@dataclass
class PageContext:
    data: GraphData
    looks: dict[str, Look]  # agency-type code -> its group's colour and shape
    task_text: dict[str, tuple[str, str]]  # task IRI -> (key, description)
    agency_regions: dict[str, list[str]]  # agency IRI -> region keys of its tasks, document order
    regional: dict[str, tuple[str, NodeMetrics]]  # agency IRI -> (its first region, its measures there)
    region_numbers: dict[str, list[list[object]]]  # region key -> rows of the region's own measures


def context(results: Results) -> PageContext:
    data = results.data
    order = {r.key: i for i, r in enumerate(data.regions)}
    regions: dict[str, set[str]] = {}
    for task in data.tasks:
        for agency in task.responsible:
            regions.setdefault(agency, set()).add(task.region)
    regional: dict[str, tuple[str, NodeMetrics]] = {}
    numbers: dict[str, list[list[object]]] = {}
    for analysed in results.regional:
        for iri, m in analysed.nodes.items():
            regional.setdefault(iri, (analysed.network.key, m))
        s = analysed.summary
        test = results.tie_tests[s.key]
        numbers[s.key] = [
            ["部门 Agencies", s.agencies],
            [
                "协同关系 Ties",
                f"{s.ties}（随机期望 expected {test.expected_ties:.1f}, z {_num(test.ties_z)}）",
            ],
            ["密度 Density", _num(s.density)],
            ["加权中心势 Weighted centralization", _num(s.weighted_centralization)],
            ["碎片化 Fragmentation", _num(s.fragmentation)],
            ["知识产权局连线占比 IPO tie share", _num(s.ipo_tie_share)],
        ]
    return PageContext(
        data=data,
        looks=type_looks(data.agency_types),
        task_text={t.iri: (t.key, t.description) for t in data.tasks},
        agency_regions={
            a: sorted(rs, key=lambda k: (order.get(k, len(order)), k)) for a, rs in regions.items()
        },
        regional=regional,
        region_numbers=numbers,
    )


def _region_name(data: GraphData, key: str) -> str:
    region = next((r for r in data.regions if r.key == key), None)
    return f"{region.label_zh} {region.label_en}" if region else key


def _legend(data: GraphData, ctx: PageContext, present: list[str]) -> tuple[list[dict], list[dict]]:
    """The type filter (types present, in the scheme's order) and the group legend of a page."""
    order = {t.code: i for i, t in enumerate(data.agency_types)}
    types = [
        {
            "code": code,
            "zh": data.type_by_code[code].label_zh,
            "en": data.type_by_code[code].label_en,
            "group": ctx.looks[code].group.key,
        }
        for code in sorted(set(present), key=order.__getitem__)
    ]
    used = {ctx.looks[code].group.key for code in present}
    groups = [
        {
            "key": key,
            "zh": look.group.label_zh,
            "en": look.group.label_en,
            "color": look.color,
            "shape": look.shape,
        }
        for key, look in group_looks().items()
        if key in used
    ]
    return types, groups


def _sizes(values: dict[str, float], factor: float = 1.0) -> dict[str, float]:
    """Node radius by a measure: area proportional to the value, between NODE_SIZE (times ``factor``)."""
    top = max(values.values(), default=0.0)
    small, large = (factor * size for size in NODE_SIZE)
    return {
        v: round(small + (large - small) * math.sqrt(x / top), 2) if top > 0 and not math.isnan(x) else small
        for v, x in values.items()
    }


def agency_page_data(
    ctx: PageContext,
    analysed: AnalysedNetwork,
    positions: Positions,
    links: list[list[str]],
) -> dict:
    data = ctx.data
    graph = analysed.network.graph
    region = analysed.network.region
    net = Network(directed=False, cdn_resources="local")
    # every agency is measured in its region (the national page shows each region's own numbers)
    measured = {iri: ctx.regional[iri] for iri in graph}
    factor = NATIONAL_NODE_SCALE if region is None else 1.0
    sizes = {
        name: _sizes({iri: float(getattr(m, name)) for iri, (_, m) in measured.items()}, factor)
        for name in ("degree", "betweenness_weighted", "pagerank")
    }
    for iri in graph:
        node = graph.nodes[iri]
        measured_in, m = measured[iri]
        kind = data.type_by_code[node["type"]]
        look = ctx.looks[node["type"]]
        node_regions = ctx.agency_regions.get(iri, [])
        net.add_node(
            iri,
            label=node["label"],
            **_drawn(look, positions[iri], sizes, iri),
            community=m.community,
            isolate=graph.degree(iri) == 0,
            type=node["type"],
            region=node_regions,
            measured_in=measured_in,
            tip=[
                ["部门 Agency", node["label"]],
                ["类型 Type", f"{kind.code} {kind.label_zh} · {kind.label_en}"],
                ["类型组 Group", f"{look.group.label_zh} · {look.group.label_en}"],
                ["地区 Region", "、".join(_region_name(data, k) for k in node_regions)],
                [
                    "任务 Tasks",
                    f"{node['tasks']}（牵头 lead {node['lead']}，配合 supporting {node['supporting']}）",
                ],
                ["测度所在网络 Measured in", _region_name(data, measured_in)],
                ["协同部门 Partners (degree)", m.degree],
                ["共同任务 Shared tasks (weighted degree)", int(m.weighted_degree)],
                ["中介中心度（无权） Betweenness, unweighted", _num(m.betweenness_unweighted)],
                ["中介中心度（加权） Betweenness, weighted (length 1/weight)", _num(m.betweenness_weighted)],
                ["PageRank", _num(m.pagerank)],
                ["社群 Community", m.community],
                ["约束 Constraint", _num(m.constraint)],
            ],
        )
    for index, (a, b, d) in enumerate(graph.edges(data=True)):
        tasks = [list(ctx.task_text[t]) for t in d["tasks"]]
        edge = Edge(
            a,
            b,
            directed=False,
            id=f"e{index}",
            weight=d["weight"],
            width=_width(d["weight"]),
            tip=[
                ["协同 Tie", f"{graph.nodes[a]['label']} — {graph.nodes[b]['label']}"],
                ["共同任务 Shared tasks", d["weight"]],
            ],
            tasks=[[key, _short(text)] for key, text in tasks[:MAX_TASKS_IN_TIP]],
            more=max(0, len(tasks) - MAX_TASKS_IN_TIP),
        )
        net.edges.append(edge.options)  # networkx already guarantees unique pairs; pyvis's check is O(E²)
    types, groups = _legend(data, ctx, [graph.nodes[v]["type"] for v in graph])
    regions: list[dict[str, object]] = []
    if region is None:
        regions = [{"key": r.key, "zh": r.label_zh, "en": r.label_en} for r in data.regions]
    s = analysed.summary
    if region is None:
        title_zh, title_en = (
            "全国部门协同网络：31个地区网络",
            "Agency co-responsibility networks of the 31 regions",
        )
        about = (
            "各地区的部门协同网络并排显示；部门的测度均在其所属地区网络内计算（全国网络只是各地区网络的并集）。"
            "The 31 regional networks side by side; every agency's measures are those of its own "
            f"region's network (the national network is only their union). {s.tasks} tasks, "
            f"{s.agencies} agencies, {s.ties} ties."
        )
    else:
        title_zh = f"{region.label_zh}部门协同网络"
        title_en = f"Agency co-responsibility network: {region.label_en}"
        about = (
            "两个部门在同一项具体任务中共同负责即相连，连线粗细为共同任务数。"
            "Agencies are linked when one task names both; tie width = shared tasks. "
            f"{s.tasks} tasks, {s.agencies} agencies, {s.ties} ties"
            + (f", density {_num(s.density)}" if not math.isnan(s.density) else "")
            + "."
        )
    return {
        "title_zh": title_zh,
        "title_en": title_en,
        "about": about,
        "links": links,
        "nodes": net.nodes,
        "edges": net.edges,
        "types": types,
        "groups": groups,
        "community_colors": OKABE_ITO,
        "regions": regions,
        "region_numbers": {k: v for k, v in ctx.region_numbers.items() if region is None or k == region.key},
        "captions": [],
        "node_unit": ["部门", "agencies"],
        "sizes": [
            ["degree", "协同部门数 partners (degree)"],
            ["betweenness_weighted", "加权中介中心度 weighted betweenness"],
            ["pagerank", "PageRank"],
        ],
        "max_weight": max((d["weight"] for _, _, d in graph.edges(data=True)), default=1),
    }


def _width(weight: float) -> float:
    return round(min(1 + 1.5 * (weight - 1), 10), 2)


def type_page_data(
    ctx: PageContext, analysed: AnalysedNetwork, positions: Positions, links: list[list[str]]
) -> dict:
    data = ctx.data
    graph = analysed.network.type_graph
    net = Network(directed=False, cdn_resources="local")
    sizes = {
        "degree": _sizes({c: float(graph.nodes[c]["tasks"]) for c in graph}),
        "pagerank": _sizes({c: analysed.type_nodes[c].pagerank for c in graph}),
    }
    for code in graph:
        node = graph.nodes[code]
        m = analysed.type_nodes[code]
        look = ctx.looks.get(code) or group_looks()["other"]
        net.add_node(
            code,
            label=f"{node['label_zh']} {code}",
            **_drawn(look, positions[code], sizes, code),
            community=0,
            isolate=graph.degree(code) == 0,
            type=code,
            region=[],
            measured_in="",
            tip=[
                ["类型 Type", f"{code} {node['label_zh']} · {node['label_en']}"],
                ["类型组 Group", f"{look.group.label_zh} · {look.group.label_en}"],
                ["任务 Tasks", node["tasks"]],
                ["部门 Agencies", node["agencies"]],
                ["协同类型 Partner types (degree)", m.degree],
                ["中介中心度（无权） Betweenness, unweighted", _num(m.betweenness_unweighted)],
                ["PageRank", _num(m.pagerank)],
            ],
        )
    for index, (a, b, d) in enumerate(graph.edges(data=True)):
        net.edges.append(
            Edge(
                a,
                b,
                id=f"e{index}",
                weight=d["weight"],
                width=round(min(1 + math.sqrt(d["weight"]), 12), 2),
                tip=[
                    ["协同 Tie", f"{graph.nodes[a]['label_zh']} — {graph.nodes[b]['label_zh']}"],
                    ["共同任务 Shared tasks", d["weight"]],
                ],
                tasks=[],
                more=0,
            ).options
        )
    types, groups = _legend(data, ctx, [c for c in graph if c in ctx.looks])
    about = (
        "部门类型网络：把部门归并到类型（知识产权局、法院、财政……），两类部门在同一任务中共同负责即相连。"
        "Agencies aggregated to their type; two types are linked by the tasks naming both."
    )
    return {
        "title_zh": "全国部门类型协同网络",
        "title_en": "National agency-type network",
        "about": about,
        "links": links,
        "nodes": net.nodes,
        "edges": net.edges,
        "types": types,
        "groups": groups,
        "community_colors": OKABE_ITO,
        "regions": [],
        "region_numbers": {},
        "captions": [],
        "node_unit": ["部门类型", "agency types"],
        "sizes": [["degree", "任务数 tasks"], ["pagerank", "PageRank"]],
        "max_weight": max((d["weight"] for _, _, d in graph.edges(data=True)), default=1),
    }


def national_positions(
    results: Results, regional: dict[str, Positions]
) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """Each region's own layout, drawn closer together (NATIONAL_SPREAD), placed in a grid cell in
    document order (agencies in several regions: the first), and a caption per cell naming the region.
    Agencies without ties are listed beside the map, not drawn, so they do not widen the cells."""
    tied = {
        n.network.key: {
            v: (x * NATIONAL_SPREAD, y * NATIONAL_SPREAD)
            for v, (x, y) in regional[n.network.key].items()
            if n.network.graph.degree(v)
        }
        for n in results.regional
    }
    radius = max(
        (max((math.hypot(x, y) for x, y in pos.values()), default=0.0) for pos in tied.values()),
        default=0.0,
    )
    cell = 2 * radius + 200
    out: dict[str, tuple[float, float]] = {}
    captions = []
    for index, analysed in enumerate(results.regional):
        row, column = divmod(index, GRID_COLUMNS)
        region = analysed.network.region
        assert region is not None  # regional networks always have a region
        captions.append(
            {
                "key": region.key,
                "text": region.label_zh,
                "size": round(cell * 0.08),
                "x": round(column * cell, 1),
                "y": round(row * cell - radius - cell * 0.04, 1),
            }
        )
        for iri, (x, y) in tied[analysed.network.key].items():
            out.setdefault(iri, (round(column * cell + x, 1), round(row * cell + y, 1)))
    for iri in results.national.network.graph:  # agencies outside any region (should not happen)
        out.setdefault(iri, (0.0, -cell))
    return out, captions


def region_file(region: Region) -> str:
    return f"{region.key}.html"


def index_html(results: Results) -> str:
    rows = []
    for analysed in results.regional:
        region = analysed.network.region
        assert region is not None  # regional networks always have a region
        s = analysed.summary
        test = results.tie_tests[s.key]
        rows.append(
            {
                "file": region_file(region),
                "key": region.key,
                "zh": region.label_zh,
                "en": region.label_en,
                "cells": [
                    s.tasks,
                    s.agencies,
                    s.ties,
                    f"{test.expected_ties:.1f}",
                    _num(test.ties_z),
                    _num(s.density),
                    _num(s.weighted_centralization),
                    _num(s.fragmentation),
                    _num(s.ipo_tie_share),
                ],
            }
        )
    national = results.national.summary
    return (
        templates()
        .get_template("network-index.html")
        .render(
            rows=rows,
            national=national,
            network_page=NETWORK_PAGE,
            types_page=TYPES_PAGE,
            regions=len(results.data.regions),
            tasks=len(results.data.tasks),
        )
    )


def write_pages(results: Results, out_dir: Path, positions: dict[str, Positions] | None = None) -> list[Path]:
    """``network.html`` (national), ``networks/<region>.html``, ``networks/agency-types.html``,
    ``networks/index.html``, drawn at ``positions`` (kg.analysis.layout; computed here if not given)."""
    ctx = context(results)
    positions = layouts(results) if positions is None else positions
    pages_dir = out_dir / PAGES_DIR
    pages_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for analysed in results.regional:
        region = analysed.network.region
        assert region is not None  # regional networks always have a region
        links = [["index.html", "← 索引 Index"], [f"../{NETWORK_PAGE}", "全国 National"]]
        path = pages_dir / region_file(region)
        page = agency_page_data(ctx, analysed, positions[analysed.network.key], links)
        path.write_text(render(page), encoding="utf-8")
        written.append(path)
    national = results.national
    links = [
        [f"{PAGES_DIR}/index.html", "← 索引 Index"],
        [f"{PAGES_DIR}/{TYPES_PAGE}", "部门类型 Agency types"],
    ]
    path = out_dir / NETWORK_PAGE
    grid, captions = national_positions(results, positions)
    page = agency_page_data(ctx, national, grid, links)
    page["captions"] = captions
    path.write_text(render(page), encoding="utf-8")
    written.append(path)
    path = pages_dir / TYPES_PAGE
    path.write_text(
        render(
            type_page_data(
                ctx,
                national,
                positions[TYPES_KEY],
                [["index.html", "← 索引 Index"], [f"../{NETWORK_PAGE}", "全国 National"]],
            )
        ),
        encoding="utf-8",
    )
    written.append(path)
    path = pages_dir / "index.html"
    path.write_text(index_html(results), encoding="utf-8")
    written.append(path)
    return written
