"""The network pages in real headless Chromium: offline, no errors, the analysed counts, escaped text,
working filters. Every non-file request is aborted and recorded."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from kg.analysis.run import AnalysisSummary

pytestmark = pytest.mark.slow

A = "https://w3id.org/ipkg/id/agency/"


class Opened:
    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1300, "height": 850})
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

        def route(route) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                self.requests.append(route.request.url)
                route.abort()

        self.page.route("**/*", route)
        self.page.goto(path.as_uri())

    def wait_ready(self) -> None:
        self.page.wait_for_function("window.ipkgPage && window.ipkgPage.ready", timeout=10_000)

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


@pytest.fixture
def opened(browser):
    pages: list[Opened] = []

    def open_page(path: Path) -> Opened:
        page = Opened(browser, path)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def drawn_as_computed(page) -> bool:
    """Readable at once: physics off and every node where the layout put it, to the whole pixel that
    vis-network reports. How soon a page is ready is measured by benchmarks/bench_pages.py, not here."""
    return page.evaluate(
        """() => {
             const net = ipkgPage.network, drawn = net.getPositions();
             return net.physics.options.enabled === false && ipkgPage.nodes.get().every(n =>
               Number.isFinite(n.x) && Number.isFinite(n.y) && n.id in drawn
               && Math.abs(drawn[n.id].x - n.x) < 1 && Math.abs(drawn[n.id].y - n.y) < 1);
           }"""
    )


def counts(page) -> list[int]:
    return page.evaluate(
        "[ipkgPage.nodes.length, ipkgPage.edges.length, ipkgPage.nodeView.length,"
        " ipkgPage.edgeView.length, ipkgPage.network.body.nodeIndices.length]"
    )


def test_region_page_offline_counts_and_layout(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    assert drawn_as_computed(page.page)
    assert counts(page.page) == [5, 4, 5, 4, 5]  # the analysed Beijing network: 5 agencies, 4 ties
    html = (out / "networks" / "110000.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?:""", html)
    assert "cdn" not in html.lower().replace("cdn_resources", "")
    assert page.console == [] and page.requests == []


def test_edge_tooltip_shows_task_text_as_text(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    p = page.page
    point = p.evaluate(
        """([a, b]) => {
             const net = ipkgPage.network, pos = net.getPositions([a, b]);
             const mid = { x: (pos[a].x + pos[b].x) / 2, y: (pos[a].y + pos[b].y) / 2 };
             const dom = net.canvasToDOM(mid);
             const box = document.getElementById('graph').getBoundingClientRect();
             return { x: box.left + dom.x, y: box.top + dom.y };
           }""",
        [A + "bj-ipo", A + "bj-aic"],
    )
    p.mouse.move(point["x"] - 20, point["y"] - 20)
    p.mouse.move(point["x"], point["y"], steps=4)
    p.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && getComputedStyle(t).visibility === 'visible' && t.textContent.includes('110000-6'); }",
        timeout=5000,
    )
    tip = p.evaluate(
        """() => { const t = document.querySelector('div.vis-tooltip');
                   return { text: t.textContent, scripts: t.querySelectorAll('script').length,
                            bolds: [...t.querySelectorAll('b')].map(b => b.textContent) }; }"""
    )
    assert "打击商标侵权<script>window.__pwned = 1;</script>行为" in tip["text"]
    assert "开展<b>快速维权</b>工作" in tip["text"]
    assert tip["scripts"] == 0
    assert "快速维权" not in tip["bolds"]  # the only <b> elements are our own row labels
    assert p.evaluate("typeof window.__pwned") == "undefined"
    assert p.evaluate("document.querySelectorAll('script').length") == 3  # data, vis-network, page code
    assert page.console == [] and page.requests == []


def test_type_filter_changes_what_is_drawn(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    p = page.page
    p.click("input[data-type=IPO]")
    # without the IP office: AIC, PSB, FIN, CRT remain, and only the AIC–PSB tie
    assert counts(p)[2:] == [4, 1, 4]
    p.click("#no-types")
    assert counts(p)[2:] == [0, 0, 0]
    p.click("#all-types")
    assert counts(p)[2:] == [5, 4, 5]
    assert page.console == [] and page.requests == []


def test_click_highlights_the_neighbourhood(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    p = page.page
    faded = p.evaluate(
        """(id) => { const net = ipkgPage.network;
                     net.body.emitter.emit('click', { nodes: [id], edges: [] });
                     return ipkgPage.nodes.get().filter(n => n.color.background.startsWith('rgba(200'))
                       .map(n => n.id).sort(); }""",
        A + "bj-fin",
    )
    # FIN's neighbourhood is FIN and the IP office; the others fade
    assert faded == sorted([A + "bj-aic", A + "bj-psb", A + "bj-crt"])
    assert "北京市财政局" in p.text_content("#details")


def test_national_page_region_filter_and_search(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "network.html")
    page.wait_ready()
    p = page.page
    assert counts(p) == [9, 7, 9, 7, 9]
    p.select_option("#region", "120000")
    assert counts(p)[2:] == [3, 3, 3]
    p.select_option("#region", "")
    p.fill("#search", "财政")
    p.press("#search", "Enter")
    assert "2 个匹配" in p.text_content("#search-result")
    assert p.evaluate("ipkgPage.network.getSelectedNodes().length") == 2
    assert page.console == [] and page.requests == []


def test_type_page_and_index(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "agency-types.html")
    page.wait_ready()
    assert counts(page.page)[:2] == [6, 6]
    index = opened(out / "networks" / "index.html")
    index.page.wait_for_load_state("load")
    links = index.page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    for href in links:
        assert (out / "networks" / href).resolve().exists(), href
    assert {"110000.html", "120000.html", "xpcc.html", "../network.html"} <= set(links)
    text = index.page.text_content("body")
    assert "部门协同网络" in text and "Agency networks" in text
    assert index.console == [] and index.requests == [] and page.console == [] and page.requests == []


def test_page_data_is_inert_json(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    html = (out / "networks" / "110000.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="ipkg-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert "打击商标侵权<script>" in json.dumps(json.loads(block), ensure_ascii=False)


def test_real_build_pages(built_kg: Path, opened) -> None:
    """Every page of the real build: offline, no console errors, the analysed counts, drawn at once."""
    with (built_kg / "analysis" / "networks.csv").open(encoding="utf-8") as handle:
        expected = {r["network"]: (int(r["agencies"]), int(r["ties"])) for r in csv.DictReader(handle)}
    national = opened(built_kg / "network.html")
    national.wait_ready()
    assert drawn_as_computed(national.page)
    assert tuple(counts(national.page)[:2]) == expected["national"]
    assert national.console == [] and national.requests == []
    regional = [k for k in expected if k != "national"]
    assert len(regional) == 31
    for key in regional:
        page = opened(built_kg / "networks" / f"{key}.html")
        page.wait_ready()
        assert drawn_as_computed(page.page), key
        assert tuple(counts(page.page)[:2]) == expected[key], key
        assert page.console == [] and page.requests == [], key
        page.close()
    for name in ("agency-types.html", "index.html"):
        page = opened(built_kg / "networks" / name)
        page.page.wait_for_load_state("load")
        assert page.console == [] and page.requests == [], name
