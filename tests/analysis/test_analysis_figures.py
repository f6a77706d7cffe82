"""Figures: PNG + SVG + caption each, drawn with a CJK font that has every label's glyphs (no tofu)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from kg.analysis import figures
from kg.analysis.results import Results
from kg.analysis.run import AnalysisSummary
from kg.errors import InputError

NAMES = ("tasks-by-focus-area", "region-comparison", "agency-type-ties", "region-similarity")


def test_each_figure_has_png_svg_and_caption(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, summary = mini_run
    for name in NAMES:
        png = out / "figures" / f"{name}.png"
        svg = out / "figures" / f"{name}.svg"
        caption = (out / "figures" / f"{name}.txt").read_text(encoding="utf-8")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert len(caption.split()) > 25 and "analysis/" in caption  # says how and where from
    assert len(summary.figures) == 3 * len(NAMES)


def test_a_cjk_font_is_used_and_has_every_label_glyph(mini_results: Results) -> None:
    path = figures.cjk_font()
    font = FT2Font(path)
    assert font.get_char_index(ord("知")) != 0
    assert "CJK" in font_manager.FontProperties(fname=path).get_name() or "SC" in font.family_name
    labels = [r.label_zh for r in mini_results.data.regions]
    labels += [a.label for a in mini_results.data.agencies.values()]
    labels += [t.label_zh for t in mini_results.data.agency_types]
    labels += [f.label_zh for f in mini_results.data.focus_areas]
    assert figures.missing_glyphs(path, labels) == set()
    assert figures.missing_glyphs(path, ["\U0010fffd"]) == {"\U0010fffd"}  # the check can fail


def test_no_cjk_font_is_a_clear_error_not_tofu() -> None:
    latin_only = font_manager.findfont("DejaVu Sans", fallback_to_default=False)
    assert figures.missing_glyphs(latin_only, ["知"]) == {"知"}
    with pytest.raises(figures.MissingFontError, match="fonts-noto-cjk"):
        figures.first_cjk_font([latin_only, "/nonexistent/font.ttf"])
    assert isinstance(figures.MissingFontError("x"), InputError)  # the CLI prints one line, exit 2
    assert figures.first_cjk_font([latin_only, figures.cjk_font()]) == figures.cjk_font()


def test_heatmap_cell_counts_are_text_in_the_svg(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    with (out / "analysis" / "focus_area_tasks.csv").open(encoding="utf-8") as table:
        cells = [row["tasks"] for row in csv.DictReader(table) if row["tasks"] not in ("", "0")]
    assert cells  # the mini graph has counts to draw
    svg = (out / "figures" / "tasks-by-focus-area.svg").read_text(encoding="utf-8")
    numbers = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.isdigit()]
    assert set(cells) <= set(numbers)  # every count is searchable text (the PNG draws outlines)
    assert len(numbers) >= len(cells)  # one text per cell (plus the colour bar's ticks)


def test_svg_text_is_kept_as_text(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    svg = (out / "figures" / "region-comparison.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "北京市" in texts and "天津市" in texts  # the region names, searchable in the SVG
    assert "Noto Sans CJK" in svg or "Source Han" in svg  # and the font they need is named


def test_similarity_is_ordered_by_clustering() -> None:
    # two blocks {0, 2} and {1, 3} interleaved in document order: the clustering puts them together
    similarity = np.array(
        [[1.0, 0.1, 0.9, 0.1], [0.1, 1.0, 0.1, 0.8], [0.9, 0.1, 1.0, 0.2], [0.1, 0.8, 0.2, 1.0]]
    )
    order = figures.cluster_order(similarity)
    assert sorted(order) == [0, 1, 2, 3]
    assert abs(order.index(0) - order.index(2)) == 1 and abs(order.index(1) - order.index(3)) == 1


def test_region_comparison_caption_and_palette(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    caption = (out / "figures" / "region-comparison.txt").read_text(encoding="utf-8")
    assert "null model" in caption and "500" in caption
    svg = (out / "figures" / "region-comparison.svg").read_text(encoding="utf-8").lower()
    from kg.analysis.style import OKABE_ITO

    assert OKABE_ITO[1].lower() in svg  # colour-blind-safe marks


def test_real_build_figure_labels_have_glyphs(built_kg: Path) -> None:
    path = figures.cjk_font()
    caption = (built_kg / "figures" / "region-comparison.txt").read_text(encoding="utf-8")
    assert "dot = observed" in caption and "null model" in caption
    with (built_kg / "analysis" / "agency_centrality.csv").open(encoding="utf-8") as handle:
        names = {row["agency_label"] for row in csv.DictReader(handle)}
    assert figures.missing_glyphs(path, names) == set()
