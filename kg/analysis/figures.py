"""Figures for papers (matplotlib, Agg): PNG + SVG, each with a ``.txt`` caption saying how it was made.

Chinese labels need a CJK font. We look for Noto Sans CJK (Debian ``fonts-noto-cjk``) or another
CJK-capable font and refuse to draw without one — a figure full of empty boxes (tofu) is worse than
a clear error. Every label is checked against the chosen font's character map before drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402
from matplotlib.path import Path as Path2D  # noqa: E402
from matplotlib.textpath import TextPath  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from matplotlib.transforms import Affine2D  # noqa: E402

from kg.analysis import (
    SEED,
    nullmodel,  # noqa: E402
)
from kg.analysis.networks import Networks  # noqa: E402
from kg.analysis.results import Results  # noqa: E402
from kg.analysis.style import OKABE_ITO  # noqa: E402
from kg.errors import InputError  # noqa: E402

CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
CJK_FAMILY_HINTS = ("Noto Sans CJK", "Noto Sans SC", "Source Han Sans", "WenQuanYi", "Droid Sans Fallback")
PROBE = "知识产权局北京"
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
        # labels, titles and ticks stay text (searchable, editable; the SVG names the CJK font family);
        # only the counts inside heatmap cells are glyph outlines (_cell_numbers: 3–5× faster)
        "svg.fonttype": "none",
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
    for numbers in fig.findobj(CellNumbers):
        numbers.as_text()  # the SVG keeps every text as text
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


def type_ties_heatmap(networks: Networks) -> tuple[plt.Figure, Figure]:
    """The agency-type network as a matrix (a hairball of 48 types reads worse than a table)."""
    data = networks.data
    graph = networks.national.type_graph
    keep = sorted(graph, key=lambda c: (-graph.nodes[c]["tasks"], c))[:TOP_TYPES]
    order = [t.code for t in data.agency_types]
    codes = sorted(keep, key=lambda c: order.index(c) if c in order else len(order))
    n = len(codes)
    matrix = np.zeros((max(n, 1), max(n, 1)))
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            if graph.has_edge(a, b):
                matrix[i, j] = graph.edges[a, b]["weight"]
    labels = [f"{graph.nodes[c]['label_zh']} {c}" for c in codes]
    fig, ax = plt.subplots(figsize=(3.0 + 0.36 * max(n, 1), 2.4 + 0.36 * max(n, 1)))
    shown = np.where(matrix > 0, matrix, np.nan)
    image = ax.imshow(shown, cmap="viridis_r", vmin=0)
    ax.set_xticks(range(n), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(n), labels, fontsize=7)
    top = matrix.max() if matrix.size else 0
    texts = _cell_numbers(fig, ax, matrix, dark_above=top * 0.5)
    colorbar = fig.colorbar(image, ax=ax, shrink=0.6, label="共同任务 shared tasks")
    colorbar.locator = MaxNLocator(integer=True)
    ax.set_title("部门类型之间的共同任务（全国）\nTasks shared by agency types (national)", fontsize=10)
    caption = f"""
Tasks shared by agency types, national (部门类型之间的共同任务). Agencies are aggregated to their type
(kg/data/agency-types.csv); a cell counts the tasks naming agencies of both types (a task counts once per
pair of types); the diagonal and pairs without a shared task are blank. The {n} types named by most tasks
(of {graph.number_of_nodes()}), in the order of the agency-type scheme; colour scale viridis (readable with
colour-vision deficiencies and in greyscale). Full data: analysis/type_ties.csv, type_centrality.csv; the
network itself: networks/agency-types.gexf.
"""
    return fig, Figure("agency-type-ties", caption, labels + texts + ["部门类型之间的共同任务（全国）"])


def similarity_matrix(networks: Networks) -> tuple[plt.Figure, Figure]:
    data = networks.data
    index = {r.key: i for i, r in enumerate(data.regions)}
    n = len(data.regions)
    matrix = np.zeros((n, n))
    for s in networks.similarity:
        matrix[index[s.region_a], index[s.region_b]] = s.jaccard
    order = cluster_order(matrix)
    matrix = matrix[np.ix_(order, order)]
    labels = [data.regions[i].label_zh for i in order]
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
similarity of two regions is the Jaccard index |A∩B| / |A∪B|. Regions are ordered by average-linkage
hierarchical clustering on the distance 1 − Jaccard with optimal leaf ordering (Bar-Joseph et al. 2001),
so similar regions sit together; the diagonal (always 1) is left blank so the colour scale shows the
off-diagonal range. {len(data.measures)} measures
in all. Source: analysis/region_similarity.csv.
"""
    return fig, Figure("region-similarity", caption, labels + ["地区间工作内容相似度"])


def cluster_order(similarity: np.ndarray) -> list[int]:
    """Row order of a similarity matrix by average-linkage clustering of 1 − similarity, leaves optimally
    ordered (scipy; Bar-Joseph, Gifford, Jaakkola 2001, Bioinformatics 17:S22)."""
    # imported here: only the worker drawing this figure pays for scipy.cluster (0.1 s), not every build's
    # serial start (kg.analysis.run imports this module before forking its workers)
    from scipy.cluster import hierarchy
    from scipy.spatial.distance import squareform

    n = len(similarity)
    if n < 3:
        return list(range(n))
    distance = 1.0 - similarity
    np.fill_diagonal(distance, 0.0)
    condensed = squareform(np.clip((distance + distance.T) / 2, 0.0, None), checks=False)
    tree = hierarchy.optimal_leaf_ordering(hierarchy.linkage(condensed, method="average"), condensed)
    return [int(i) for i in hierarchy.leaves_list(tree)]


def region_comparison(results: Results) -> tuple[plt.Figure, Figure]:
    """Regions on the size-adjusted measures and the null model: observed / expected ties with the
    null model's 95 % interval, then density, weighted centralisation, fragmentation, IPO tie share."""
    rows = [
        (n.network.region, n.summary, results.tie_tests[n.network.key])
        for n in results.regional
        if n.network.region is not None
    ]
    tested = [r for r in rows if r[2].expected_ties > 0]
    tested.sort(key=lambda r: r[1].ties / r[2].expected_ties)
    untested = [r for r in rows if r[2].expected_ties == 0]
    ordered = tested + untested
    names = [region.label_zh for region, _, _ in ordered]
    y = np.arange(len(ordered))
    panels = [
        ("density", "密度 density"),
        ("weighted_centralization", "加权中心势 weighted centralization"),
        ("fragmentation", "碎片化 fragmentation"),
        ("ipo_tie_share", "知识产权局连线占比 IPO tie share"),
    ]
    fig, axes = plt.subplots(
        1,
        1 + len(panels),
        sharey=True,
        figsize=(13, 1.2 + 0.26 * max(len(ordered), 1)),
        gridspec_kw={"width_ratios": [2.2] + [1] * len(panels)},
    )
    ax = axes[0]
    # one artist per kind (bars, dots inside, dots outside), not two per region: a few hundred fewer
    # artists to lay out in each of the figure's three drawing passes
    bars: list[tuple[int, float, float]] = []
    inside: list[tuple[float, int]] = []
    outside: list[tuple[float, int]] = []
    for i, (_, s, t) in enumerate(tested):
        low = (t.expected_ties - 1.96 * t.ties_sd) / t.expected_ties
        high = (t.expected_ties + 1.96 * t.ties_sd) / t.expected_ties
        bars.append((i, low, high))
        ratio = s.ties / t.expected_ties
        (outside if ratio < low or ratio > high else inside).append((ratio, i))
    if bars:
        heights, lows, highs = zip(*bars, strict=True)
        ax.hlines(heights, lows, highs, color="#999999", linewidth=4, capstyle="butt")
    for dots, colour in ((inside, OKABE_ITO[1]), (outside, OKABE_ITO[0])):
        if dots:
            ax.plot(*zip(*dots, strict=True), "o", color=colour, markersize=5, linestyle="none")
    ax.axvline(1.0, color="#444444", linewidth=0.8)
    ax.set_xlabel("协同关系 观测/期望 ties observed / expected")
    ax.set_title("零模型 null model (95 %)", fontsize=9)
    ax.set_yticks(y, names, fontsize=7)
    ax.invert_yaxis()
    for axis, (field, label) in zip(axes[1:], panels, strict=True):
        values = [getattr(s, field) for _, s, _ in ordered]
        axis.plot(values, y, "o", color=OKABE_ITO[1], markersize=4)
        axis.set_xlim(-0.05, 1.05)
        axis.set_title(label, fontsize=8)
        axis.grid(axis="x", color="#dddddd", linewidth=0.5)
    for axis in axes:
        axis.spines[["top", "right"]].set_visible(False)
    fig.suptitle(
        "各地区部门协同网络的比较\nRegions compared on size-adjusted measures and a null model", fontsize=10
    )
    caption = f"""
Regions compared on size-adjusted measures and a null model (各地区部门协同网络的比较). Left: a region's
ties (agency pairs sharing a task) divided by the mean under a null model that keeps each task's number
of agencies and each agency's number of tasks ({nullmodel.DRAWS} degree-preserving randomisations, seed
{SEED}); grey bar = mean ± 1.96 sd of the null model, dot = observed (vermillion: outside the
bar). Below 1, agencies are tied to fewer distinct partners than chance would give: the same agencies are
named together again and again. Regions sorted by that ratio; the {len(untested)} regions whose constraints
fix the network (one agency, or nothing to randomise) are listed last without a ratio. Right: density,
weighted degree centralisation (1 = every tie touches one agency), fragmentation (share of agency pairs
without a path) and the share of ties touching the IP office. Definitions and references:
analysis/README.md; data: analysis/region_comparison.csv.
"""
    labels = (
        names
        + [label for _, label in panels]
        + [
            "协同关系 观测/期望 ties observed / expected",
            "零模型 null model (95 %)",
            "各地区部门协同网络的比较",
        ]
    )
    return fig, Figure("region-comparison", caption, labels)


class CellNumbers(PathCollection):
    """Heatmap cell counts drawn as glyph outlines, which remember their cells (x, y, text, colour) so
    that the SVG can carry them as text instead."""

    def __init__(
        self, ax: plt.Axes, cells: list[tuple[float, float, str, str]], paths: list[Path2D], **kwargs: Any
    ) -> None:
        super().__init__(paths, **kwargs)
        self.cells = cells
        self.ax = ax

    def as_text(self) -> None:
        """Replace these outlines by one Text artist per cell, on the same axes."""
        self.remove()
        for x, y, text, colour in self.cells:
            self.ax.text(x, y, text, ha="center", va="center", fontsize=7, color=colour)


def _cell_numbers(fig: plt.Figure, ax: plt.Axes, matrix: np.ndarray, dark_above: float) -> list[str]:
    """Write each non-zero count in its cell (white on dark cells) and return the texts written.

    For the PNG the numbers are one PathCollection of glyph outlines, each distinct number outlined once,
    rather than a Text artist per cell: two hundred Text artists are laid out again in every drawing pass,
    which made them a third of the figure's drawing time. The SVG gets them as text (searchable,
    selectable): `_save` swaps the collection for Text artists after the PNG is written. Empty cells
    stay blank.
    """
    prop = font_manager.FontProperties(fname=cjk_font(), size=7)
    outlines: dict[str, Path2D] = {}
    paths, offsets, colors = [], [], []
    cells: list[tuple[float, float, str, str]] = []
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
        cells.append((j, i, text, colors[-1]))
    numbers = CellNumbers(
        ax,
        cells,
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
#: The figures that need only the networks, most expensive first: FIGURES[0::2] and FIGURES[1::2] take
#: about the same time to draw (they start before the measures are computed).
FIGURES: tuple[FigureMaker, ...] = (focus_heatmap, type_ties_heatmap, similarity_matrix)


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


def write_result_figures(results: Results, out_dir: Path) -> list[Path]:
    """The figure that needs the measures and the null model (drawn once they are computed)."""
    font = cjk_font()
    out_dir.mkdir(parents=True, exist_ok=True)
    with plt.rc_context(_style(font)):
        fig, spec = region_comparison(results)
        return _save(fig, out_dir, spec, font)
