"""Interactive network pages: pyvis assembles the vis-network node/edge data, our own template renders it.

Every page is one self-contained file: the vis-network library that ships inside the pyvis package is
inlined (no CDN, no remote fonts), positions are precomputed with a seeded spring layout and physics is
off, so a page is readable as soon as it is parsed. Document text travels as JSON in a
``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped) and is put into the page as DOM
text nodes only, so task text can never become markup or script.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pyvis
from pyvis.edge import Edge
from pyvis.network import Network

from kg.analysis.graphdata import GraphData, Region
from kg.analysis.layout import TYPES_KEY, Positions, layouts
from kg.analysis.metrics import NodeMetrics
from kg.analysis.results import AnalysedNetwork, Results
from kg.analysis.style import type_colors

MAX_TASKS_IN_TIP = 10
MAX_TEXT = 140
GRID_COLUMNS = 6

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


@cache
def template() -> str:
    return resources.files("kg").joinpath("templates/network.html").read_text(encoding="utf-8")


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
    values = {
        "TITLE": html.escape(f"{data['title_zh']} · {data['title_en']}"),
        "DATA": json_for_script(data),
        "VIS_JS": vis_js(),
    }
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template())


def _short(text: str) -> str:
    text = text or "（无描述 no description）"
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _num(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


@dataclass
class PageContext:
    data: GraphData
    colors: dict[str, str]
    task_text: dict[str, tuple[str, str]]  # task IRI -> (key, description)
    agency_regions: dict[str, list[str]]  # agency IRI -> region keys of its tasks, document order
    regional_metrics: dict[str, tuple[str, NodeMetrics]]  # agency IRI -> (first region, its measures there)


def context(results: Results) -> PageContext:
    data = results.data
    order = {r.key: i for i, r in enumerate(data.regions)}
    regions: dict[str, set[str]] = {}
    for task in data.tasks:
        for agency in task.responsible:
            regions.setdefault(agency, set()).add(task.region)
    regional_metrics: dict[str, tuple[str, NodeMetrics]] = {}
    for analysed in results.regional:
        for iri, m in analysed.nodes.items():
            regional_metrics.setdefault(iri, (analysed.network.key, m))
    return PageContext(
        data=data,
        regional_metrics=regional_metrics,
        colors=type_colors(data.agency_types),
        task_text={t.iri: (t.key, t.description) for t in data.tasks},
        agency_regions={
            a: sorted(rs, key=lambda k: (order.get(k, len(order)), k)) for a, rs in regions.items()
        },
    )


def _region_name(data: GraphData, key: str) -> str:
    region = next((r for r in data.regions if r.key == key), None)
    return f"{region.label_zh} {region.label_en}" if region else key


def _legend(data: GraphData, ctx: PageContext, counts: dict[str, int]) -> list[dict[str, object]]:
    """The type legend (and filter) of a page: the types present, in the scheme's order, with counts."""
    order = {t.code: i for i, t in enumerate(data.agency_types)}
    return [
        {
            "code": code,
            "zh": data.type_by_code[code].label_zh,
            "en": data.type_by_code[code].label_en,
            "color": ctx.colors[code],
            "count": counts[code],
        }
        for code in sorted(counts, key=order.__getitem__)
    ]


def agency_page_data(
    ctx: PageContext,
    analysed: AnalysedNetwork,
    positions: dict[str, tuple[float, float]],
    links: list[list[str]],
) -> dict:
    data = ctx.data
    graph = analysed.network.graph
    region = analysed.network.region
    net = Network(directed=False, cdn_resources="local")
    # every agency is measured in its region (the national page shows each region's own numbers)
    measured = {iri: ctx.regional_metrics[iri] for iri in graph}
    top = max((m.degree for _, m in measured.values()), default=0) or 1
    for iri in graph:
        node = graph.nodes[iri]
        measured_in, m = measured[iri]
        kind = data.type_by_code[node["type"]]
        node_regions = ctx.agency_regions.get(iri, [])
        x, y = positions[iri]
        net.add_node(
            iri,
            label=node["label"],
            color=ctx.colors[node["type"]],
            x=x,
            y=y,
            size=round(7 + 17 * math.sqrt(m.degree / top), 2),
            type=node["type"],
            region=node_regions,
            tip=[
                ["部门 Agency", node["label"]],
                ["类型 Type", f"{kind.code} {kind.label_zh} · {kind.label_en}"],
                ["地区 Region", "、".join(_region_name(data, k) for k in node_regions)],
                [
                    "任务 Tasks",
                    f"{node['tasks']}（牵头 lead {node['lead']}，配合 supporting {node['supporting']}）",
                ],
                ["测度所在网络 Measured in", _region_name(data, measured_in)],
                ["协同部门 Partners (degree)", m.degree],
                ["共同任务 Shared tasks (weighted degree)", int(m.weighted_degree)],
                ["中介中心度 Betweenness", _num(m.betweenness_unweighted)],
                ["特征向量 Eigenvector", _num(m.eigenvector)],
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
            width=round(min(1 + 1.5 * (d["weight"] - 1), 10), 2),
            tip=[
                ["协同 Tie", f"{graph.nodes[a]['label']} — {graph.nodes[b]['label']}"],
                ["共同任务 Shared tasks", d["weight"]],
            ],
            tasks=[[key, _short(text)] for key, text in tasks[:MAX_TASKS_IN_TIP]],
            more=max(0, len(tasks) - MAX_TASKS_IN_TIP),
        )
        net.edges.append(edge.options)  # networkx already guarantees unique pairs; pyvis's check is O(E²)
    present = {graph.nodes[v]["type"] for v in graph}
    counts = {code: sum(1 for v in graph if graph.nodes[v]["type"] == code) for code in present}
    types = _legend(data, ctx, counts)
    regions: list[dict[str, object]] = []
    if region is None:
        per_region = {r.key: 0 for r in data.regions}
        for v in graph:
            for k in ctx.agency_regions.get(v, []):
                per_region[k] = per_region.get(k, 0) + 1
        regions = [
            {"key": r.key, "zh": r.label_zh, "en": r.label_en, "count": per_region[r.key]}
            for r in data.regions
        ]
    s = analysed.summary
    about = (
        f"部门协同网络：两个部门在同一项具体任务中共同负责即相连，连线粗细为共同任务数。"
        f"Agencies are linked when one task names both; tie width = shared tasks. "
        f"{s.tasks} tasks, {s.agencies} agencies, {s.ties} ties"
        + (f", density {_num(s.density)}" if not math.isnan(s.density) else "")
        + "."
    )
    if region is None:
        title_zh, title_en = "全国部门协同网络", "National agency co-responsibility network"
    else:
        title_zh = f"{region.label_zh}部门协同网络"
        title_en = f"Agency co-responsibility network: {region.label_en}"
    return {
        "title_zh": title_zh,
        "title_en": title_en,
        "about": about,
        "links": links,
        "nodes": net.nodes,
        "edges": net.edges,
        "types": types,
        "regions": regions,
        "captions": [],
        "node_unit": "部门 agencies",
    }


def type_page_data(
    ctx: PageContext, analysed: AnalysedNetwork, positions: Positions, links: list[list[str]]
) -> dict:
    data = ctx.data
    graph = analysed.network.type_graph
    net = Network(directed=False, cdn_resources="local")
    top = max((graph.nodes[v]["tasks"] for v in graph), default=0) or 1
    for code in graph:
        node = graph.nodes[code]
        m = analysed.type_nodes[code]
        x, y = positions[code]
        net.add_node(
            code,
            label=f"{node['label_zh']} {code}",
            color=ctx.colors[code],
            x=x,
            y=y,
            size=round(8 + 24 * math.sqrt(node["tasks"] / top), 2),
            type=code,
            region=[],
            tip=[
                ["类型 Type", f"{code} {node['label_zh']} · {node['label_en']}"],
                ["任务 Tasks", node["tasks"]],
                ["部门 Agencies", node["agencies"]],
                ["协同类型 Partner types (degree)", m.degree],
                ["中介中心度 Betweenness", _num(m.betweenness_unweighted)],
                ["PageRank", _num(m.pagerank)],
            ],
        )
    for index, (a, b, d) in enumerate(graph.edges(data=True)):
        net.edges.append(
            Edge(
                a,
                b,
                id=f"e{index}",
                width=round(min(1 + math.sqrt(d["weight"]), 12), 2),
                tip=[
                    ["协同 Tie", f"{graph.nodes[a]['label_zh']} — {graph.nodes[b]['label_zh']}"],
                    ["共同任务 Shared tasks", d["weight"]],
                ],
                tasks=[],
                more=0,
            ).options
        )
    types = _legend(data, ctx, {c: graph.nodes[c]["agencies"] for c in graph})
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
        "regions": [],
        "captions": [],
        "node_unit": "部门类型 agency types",
    }


def national_positions(
    results: Results, regional: dict[str, Positions]
) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """Each region's own layout placed in a grid cell, in document order (agencies in several regions:
    the first), and a caption per cell naming the region."""
    radius = max(
        (
            max((math.hypot(x, y) for x, y in regional[n.network.key].values()), default=0.0)
            for n in results.regional
        ),
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
                "text": f"{region.label_zh} {region.label_en}",
                "size": round(cell * 0.08),
                "x": round(column * cell, 1),
                "y": round(row * cell - radius - cell * 0.04, 1),
            }
        )
        for iri, (x, y) in regional[analysed.network.key].items():
            out.setdefault(iri, (round(column * cell + x, 1), round(row * cell + y, 1)))
    for iri in results.national.network.graph:  # agencies outside any region (should not happen)
        out.setdefault(iri, (0.0, -cell))
    return out, captions


def region_file(region: Region) -> str:
    return f"{region.key}.html"


def index_html(results: Results) -> str:
    data = results.data
    e = html.escape
    rows = []
    for analysed in results.regional:
        region = analysed.network.region
        assert region is not None  # regional networks always have a region
        s = analysed.summary
        rows.append(
            f'<tr><td><a href="{e(region_file(region))}">{e(region.label_zh)}</a></td>'
            f"<td>{e(region.label_en)}</td>"
            f"<td>{s.tasks}</td><td>{s.agencies}</td><td>{s.ties}</td><td>{_num(s.density)}</td>"
            f"<td>{_num(s.degree_centralization)}</td><td>{_num(s.ipo_lead_share)}</td>"
            f"<td>{_num(s.multi_agency_share)}</td></tr>"
        )
    national = results.national.summary
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>部门协同网络 · Agency networks</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; max-width: 980px; margin: 20px auto;
       padding: 0 14px; color: #222; line-height: 1.55; }}
table {{ border-collapse: collapse; font-size: 14px; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: right; }}
th:nth-child(-n+2), td:nth-child(-n+2) {{ text-align: left; }}
.en {{ color: #555; }}
</style>
</head>
<body>
<h1>2017年地方知识产权战略实施工作要点：部门协同网络<br>
<span class="en">Agency networks of the 2017 provincial IP-strategy work plans</span></h1>
<p>每个地区的工作要点表为每项具体任务列出责任部门。两个部门在同一项任务中共同负责即相连，连线越粗，共同任务越多；
节点按部门类型着色，按协同部门数（度）确定大小。悬停查看部门与共同任务，点击突出其邻居，可按名称搜索、按类型筛选。</p>
<p class="en">Each region's work-plan table names the agencies responsible for every task. Two agencies are
linked when one task names both; the thicker the tie, the more tasks they share. Nodes are coloured by agency
type and sized by their number of partners (degree). Hover for the agency and the shared tasks, click to
highlight a neighbourhood, search by name, filter by type.</p>
<ul>
<li><a href="../{NETWORK_PAGE}">全国网络 National network</a>
({national.agencies} agencies, {national.ties} ties; filter by region / 可按地区筛选)</li>
<li><a href="{TYPES_PAGE}">部门类型网络 Agency-type network</a> — 知识产权局是否与法院、财政部门协同？
Does the IP office work with courts, with finance?</li>
<li><a href="../analysis/README.md">数据字典 Data dictionary</a> of the CSV tables in <code>analysis/</code>;
figures in <code>figures/</code>.</li>
</ul>
<h2>地区 Regions</h2>
<p class="en">density = share of possible ties present; centralisation = Freeman degree centralisation (1 = a
star around one agency); IPO lead = share of tasks led by the IP office (marked lead, or sole responsible
agency); multi = share of tasks naming two or more agencies.</p>
<table>
<tr><th>地区</th><th>Region</th><th>tasks</th><th>agencies</th><th>ties</th><th>density</th>
<th>centralisation</th><th>IPO lead</th><th>multi</th></tr>
{chr(10).join(rows)}
</table>
<p class="en">{len(data.regions)} regions · {len(data.tasks)} tasks</p>
</body>
</html>
"""


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
