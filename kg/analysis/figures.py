"""Figures for papers (matplotlib, Agg): PNG + SVG, each with a ``.txt`` caption saying how it was made.

Chinese labels need a CJK font. We look for Noto Sans CJK (Debian ``fonts-noto-cjk``) or another
CJK-capable font and refuse to draw without one — a figure full of empty boxes (tofu) is worse than
a clear error. Every label is checked against the chosen font's character map before drawing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402
from matplotlib.path import Path as Path2D  # noqa: E402
from matplotlib.textpath import TextPath  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from matplotlib.transforms import Affine2D  # noqa: E402

from kg.analysis.networks import Networks  # noqa: E402
from kg.analysis.style import type_colors  # noqa: E402
from kg.errors import InputError  # noqa: E402

CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
CJK_FAMILY_HINTS = ("Noto Sans CJK", "Noto Sans SC", "Source Han Sans", "WenQuanYi", "Droid Sans Fallback")
PROBE = "知识产权局北京"
TOP_AGENCIES = 20
TOP_TYPES = 24


class MissingFontError(InputError):
    """No CJK-capable font: install Debian's fonts-noto-cjk (or any Noto Sans CJK / Source Han Sans)."""


def _covers(path: str, text: str) -> bool:
    try:
        font = FT2Font(path)
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text if not ch.isspace())


@cache
def cjk_font() -> str:
    """Path of a font with Chinese glyphs (Noto Sans CJK preferred); MissingFontError if there is none."""
    candidates = [p for p in CJK_FONT_FILES if Path(p).is_file()]
    candidates += sorted(
        f.fname for f in font_manager.fontManager.ttflist if any(h in f.name for h in CJK_FAMILY_HINTS)
    )
    path = first_cjk_font(candidates)
    font_manager.fontManager.addfont(path)
    return path


def first_cjk_font(candidates: Iterable[str]) -> str:
    """The first candidate font file that has Chinese glyphs, or MissingFontError."""
    for path in candidates:
        if _covers(path, PROBE):
            return path
    raise MissingFontError(
        "no CJK font found for the figures' Chinese labels; install one "
        "(Debian/Ubuntu: apt-get install fonts-noto-cjk) and run again"
    )


def missing_glyphs(path: str, texts: Iterable[str]) -> set[str]:
    """Characters of ``texts`` the font at ``path`` has no glyph for (they would render as boxes)."""
    font = FT2Font(path)
    return {ch for text in texts for ch in text if not ch.isspace() and font.get_char_index(ord(ch)) == 0}


def _style(path: str) -> dict:
    family = font_manager.FontProperties(fname=path).get_name()
    return {
        "font.family": [family],  # one family: no per-text fallback lookups
        "axes.unicode_minus": False,
        "svg.hashsalt": "ipkg",  # stable SVG ids
        "svg.fonttype": "path",  # glyphs embedded: the SVG looks the same without the font installed
        "figure.dpi": 100,
        # one coloured square per cell: PNG draws it with nearest neighbours, SVG embeds the small
        # matrix itself (marked pixelated) instead of a resampled full-size raster
        "image.interpolation": "none",
    }


@dataclass(frozen=True)
class Figure:
    name: str
    caption: str
    labels: list[str]  # every text drawn, for the glyph check


def _save(fig: plt.Figure, out: Path, spec: Figure, font: str) -> list[Path]:
    missing = missing_glyphs(font, spec.labels)
    if missing:
        plt.close(fig)
        raise MissingFontError(f"font {font} lacks glyphs for {''.join(sorted(missing))!r} ({spec.name})")
    paths = [out / f"{spec.name}.png", out / f"{spec.name}.svg", out / f"{spec.name}.txt"]
    # the tight bounding box once (text extents only), reused for both formats: two draws instead of four
    # the canvas is a FigureCanvasAgg (backend set above), but the stubs type it as FigureCanvasBase
    bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)  # type: ignore[attr-defined]
    fig.savefig(
        paths[0], dpi=150, bbox_inches=bbox, metadata={"Software": None}, pil_kwargs={"compress_level": 2}
    )
    fig.savefig(paths[1], bbox_inches=bbox, metadata={"Date": None, "Creator": None})
    paths[2].write_text(spec.caption.strip() + "\n", encoding="utf-8")
    plt.close(fig)
    return paths


def focus_heatmap(networks: Networks) -> tuple[plt.Figure, Figure]:
    data = networks.data
    areas = data.focus_areas
    matrix = np.array(
        [[networks.focus_counts.get((r.key, f.code), 0) for f in areas] for r in data.regions], dtype=float
    ).reshape(len(data.regions), len(areas))
    if matrix.size == 0:  # a graph without national focus areas: an empty, labelled grid
        matrix = np.zeros((max(len(data.regions), 1), max(len(areas), 1)))
    row_labels = [r.label_zh for r in data.regions]
    col_labels = [f"{f.code} {f.label_zh}" for f in areas]
    fig, ax = plt.subplots(figsize=(2.0 + 1.3 * max(len(areas), 1), 1.2 + 0.32 * max(len(data.regions), 1)))
    image = ax.imshow(matrix, aspect="auto", cmap="YlGnBu")
    ax.set_xticks(range(len(areas)), [_wrap(c, 8) for c in col_labels], fontsize=8)
    ax.set_yticks(range(len(data.regions)), row_labels, fontsize=8)
    top = matrix.max() if matrix.size else 0
    texts = _cell_numbers(fig, ax, matrix, dark_above=top * 0.6)
    colorbar = fig.colorbar(image, ax=ax, shrink=0.6, label="任务数 tasks")
    colorbar.locator = MaxNLocator(integer=True)  # counts: no 2.5 tasks on the scale
    ax.set_title("各地区按全国工作重点的任务数\nTasks by region and national focus area", fontsize=10)
    shown = {f.code for f in areas}
    unmatched = sum(n for (_, code), n in networks.focus_counts.items() if code not in shown)
    caption = f"""
Tasks by region and national focus area (各地区按全国工作重点的任务数).
Each cell counts the tasks (rows of a region's work-plan table) whose printed focus-area heading
(工作重点) maps to that national focus area by skos:broadMatch; rows are regions in document order,
columns the six national focus areas; empty cells are left blank. {len(data.tasks)} tasks in all;
{unmatched} without a national focus area are not shown. Source: analysis/focus_area_tasks.csv.
"""
    labels = (
        row_labels + col_labels + texts + ["任务数 tasks", "各地区按全国工作重点的任务数", "Tasks by region"]
    )
    return fig, Figure("tasks-by-focus-area", caption, labels)


def top_agencies(networks: Networks) -> tuple[plt.Figure, Figure]:
    data = networks.data
    graph = networks.national.graph
    degrees = {v: (graph.degree(v), graph.degree(v, weight="weight")) for v in graph}
    ranked = sorted(degrees.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:TOP_AGENCIES]
    colors = type_colors(data.agency_types)
    names = [data.agencies[iri].label for iri, _ in ranked]
    types = [data.agencies[iri].type_code for iri, _ in ranked]
    fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.3 * max(len(ranked), 1)))
    ax.barh(range(len(ranked)), [degree for _, (degree, _) in ranked], color=[colors[t] for t in types])
    ax.set_yticks(range(len(ranked)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("协同部门数（度） partners (degree)")
    ax.set_title(
        f"协同部门最多的{len(ranked)}个部门\nTop {len(ranked)} agencies by co-responsibility degree",
        fontsize=10,
    )
    seen = sorted(set(types), key=[t.code for t in data.agency_types].index)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[c]) for c in seen]
    legend = [f"{c} {data.type_by_code[c].label_zh}" for c in seen]
    ax.legend(handles, legend, fontsize=7, loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    caption = f"""
Top {len(ranked)} agencies by degree in the national agency co-responsibility network
(协同部门最多的部门). Two agencies are tied when one task's 责任部门 cell names both; an agency's degree is
the number of distinct agencies it shares at least one task with (ties broken by the number of shared
tasks, then by IRI). Bars are coloured by agency type. Other measures (betweenness, eigenvector, PageRank,
constraint) are in analysis/agency_centrality.csv.
"""
    labels = names + legend + ["协同部门数（度） partners (degree)", "协同部门最多的个部门"]
    return fig, Figure("top-agencies", caption, labels)


def type_network_figure(networks: Networks) -> tuple[plt.Figure, Figure]:
    data = networks.data
    graph = networks.national.type_graph
    keep = sorted(graph, key=lambda c: (-graph.nodes[c]["tasks"], c))[:TOP_TYPES]
    sub = graph.subgraph(keep).copy()
    colors = type_colors(data.agency_types)
    order = [t.code for t in data.agency_types]
    nodelist = sorted(sub, key=order.index)
    positions = nx.circular_layout(nodelist)  # scheme order round the circle: readable, no overlaps
    fig, ax = plt.subplots(figsize=(9, 8))
    top_tasks = max((sub.nodes[c]["tasks"] for c in sub), default=1)
    top_weight = max((d["weight"] for _, _, d in sub.edges(data=True)), default=1)
    edges = sorted(sub.edges(data=True), key=lambda e: e[2]["weight"])
    nx.draw_networkx_edges(
        sub,
        positions,
        ax=ax,
        edgelist=[(a, b) for a, b, _ in edges],
        width=[0.3 + 6 * d["weight"] / top_weight for _, _, d in edges],
        alpha=0.45,
        edge_color="#555555",
    )
    nx.draw_networkx_nodes(
        sub,
        positions,
        ax=ax,
        nodelist=nodelist,
        node_color=[colors[c] for c in nodelist],
        node_size=[60 + 1100 * math.sqrt(sub.nodes[c]["tasks"] / top_tasks) for c in nodelist],
        edgecolors="#333333",
        linewidths=0.6,
    )
    labels = {c: f"{sub.nodes[c]['label_zh']}\n{c}" for c in nodelist}
    nx.draw_networkx_labels(
        sub, positions, labels=labels, ax=ax, font_size=7, font_family=plt.rcParams["font.family"]
    )
    ax.set_title("部门类型协同网络（全国）\nAgency-type co-responsibility network (national)", fontsize=10)
    ax.axis("off")
    caption = f"""
Agency-type co-responsibility network, national (部门类型协同网络). Agencies are aggregated to their type
(kg/data/agency-types.csv); two types are linked by the number of tasks naming agencies of both (a task
counts once per pair of types). Node area grows with the square root of the tasks naming the type, edge
width with the shared tasks. The {len(keep)} types with most tasks are drawn (of {graph.number_of_nodes()}),
round a circle in the order of the agency-type scheme.
Full data: analysis/type_ties.csv and analysis/type_centrality.csv.
"""
    all_labels = [line for text in labels.values() for line in text.split("\n")]
    return fig, Figure("agency-type-network", caption, all_labels + ["部门类型协同网络（全国）"])


def similarity_matrix(networks: Networks) -> tuple[plt.Figure, Figure]:
    data = networks.data
    index = {r.key: i for i, r in enumerate(data.regions)}
    n = len(data.regions)
    matrix = np.zeros((n, n))
    for s in networks.similarity:
        matrix[index[s.region_a], index[s.region_b]] = s.jaccard
    labels = [r.label_zh for r in data.regions]
    fig, ax = plt.subplots(figsize=(2.5 + 0.28 * max(n, 1), 2.0 + 0.28 * max(n, 1)))
    off = matrix.copy()
    np.fill_diagonal(off, np.nan)
    image = ax.imshow(
        off, cmap="magma_r", vmin=0, vmax=np.nanmax(off) if n > 1 and np.isfinite(off).any() else 1
    )
    ax.set_xticks(range(n), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(n), labels, fontsize=7)
    fig.colorbar(image, ax=ax, shrink=0.6, label="Jaccard")
    ax.set_title("地区间工作内容相似度\nRegion similarity by adopted measures (Jaccard)", fontsize=10)
    caption = f"""
Region–region similarity by adopted measures (地区间工作内容相似度). A region's measure set is the set of
工作内容 work items (ipkg:Measure; identical text in several regions is one measure) of its tasks; the
similarity of two regions is the Jaccard index |A∩B| / |A∪B|. Regions in document order; the diagonal
(always 1) is left blank so the colour scale shows the off-diagonal range. {len(data.measures)} measures
in all. Source: analysis/region_similarity.csv.
"""
    return fig, Figure("region-similarity", caption, labels + ["地区间工作内容相似度"])


def _cell_numbers(fig: plt.Figure, ax: plt.Axes, matrix: np.ndarray, dark_above: float) -> list[str]:
    """Write each non-zero count in its cell (white on dark cells) and return the texts written.

    The numbers are one PathCollection of glyph outlines, each distinct number outlined once, rather
    than a Text artist per cell: two hundred Text artists are laid out again in every drawing pass,
    which made them a third of the figure's drawing time. Empty cells stay blank.
    """
    prop = font_manager.FontProperties(fname=cjk_font(), size=7)
    outlines: dict[str, Path2D] = {}
    paths, offsets, colors = [], [], []
    for (i, j), value in np.ndenumerate(matrix):
        if not value:
            continue
        text = str(int(value))
        if text not in outlines:
            outline = TextPath((0, 0), text, prop=prop)  # in points
            box = outline.get_extents()
            centre = Affine2D().translate(-(box.x0 + box.x1) / 2, -(box.y0 + box.y1) / 2)
            outlines[text] = outline.transformed(centre)
        paths.append(outlines[text])
        offsets.append((j, i))
        colors.append("white" if value > dark_above else "black")
    numbers = PathCollection(
        paths,
        offsets=offsets,
        offset_transform=ax.transData,  # placed at the cell centres...
        transform=Affine2D().scale(1 / 72) + fig.dpi_scale_trans,  # ...and sized in points at any dpi
        facecolors=colors,
        edgecolors="none",
    )
    ax.add_collection(numbers, autolim=False)
    return sorted(outlines)


def _wrap(text: str, width: int) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


FigureMaker = Callable[[Networks], tuple[plt.Figure, Figure]]
#: Every figure, most expensive first: FIGURES[0::2] and FIGURES[1::2] take about the same time to draw.
FIGURES: tuple[FigureMaker, ...] = (focus_heatmap, similarity_matrix, top_agencies, type_network_figure)


def write_figure(make: FigureMaker, networks: Networks, out_dir: Path) -> list[Path]:
    """One figure into ``out_dir``: PNG, SVG and caption (figures are independent: each can be a job)."""
    font = cjk_font()
    out_dir.mkdir(parents=True, exist_ok=True)
    with plt.rc_context(_style(font)):
        fig, spec = make(networks)
        return _save(fig, out_dir, spec, font)


def write_figures(networks: Networks, out_dir: Path, makers: Sequence[FigureMaker] = FIGURES) -> list[Path]:
    """The figures (all by default) into ``out_dir``, one after another."""
    return [path for make in makers for path in write_figure(make, networks, out_dir)]
