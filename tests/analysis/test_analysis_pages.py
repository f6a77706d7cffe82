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
        self.context = browser.new_context(viewport={"width": 1280, "height": 720})
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
             return net.physics.options.enabled === false && ipkgPage.nodeView.get().every(n =>
               Number.isFinite(n.x) && Number.isFinite(n.y) && n.id in drawn
               && Math.abs(drawn[n.id].x - n.x) < 1 && Math.abs(drawn[n.id].y - n.y) < 1);
           }"""
    )


def labels_readable(page) -> bool:
    """Every label vis-network draws is at least 11 px on screen (vis hides labels below its threshold)."""
    return page.evaluate(
        """() => { const net = ipkgPage.network, scale = net.getScale();
                   return Object.values(net.body.nodes).every(n => !n.labelModule.visible()
                     || n.labelModule.fontOptions.size * scale >= 11); }"""
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
    # the analysed Beijing network: 5 agencies, 4 ties; the isolated court is listed, not drawn
    assert counts(page.page) == [5, 4, 4, 4, 4]
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
    p.click("details summary")
    p.click("input[data-type=IPO]")
    # without the IP office: AIC, PSB, FIN drawn (CRT listed), and only the AIC–PSB tie
    assert counts(p)[2:] == [3, 1, 3]
    p.click("#no-types")
    assert counts(p)[2:] == [0, 0, 0]
    p.click("#all-types")
    assert counts(p)[2:] == [4, 4, 4]
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
    assert counts(p) == [9, 7, 7, 7, 7]  # 北京 CRT and the Corps' IP office share no task: listed
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
    assert not page.page.is_visible("#color-by")  # types have no communities to colour by
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
    assert labels_readable(national.page)
    assert national.console == [] and national.requests == []
    regional = [k for k in expected if k != "national"]
    assert len(regional) == 31
    for key in regional:
        page = opened(built_kg / "networks" / f"{key}.html")
        page.wait_ready()
        assert drawn_as_computed(page.page), key
        assert tuple(counts(page.page)[:2]) == expected[key], key
        assert labels_readable(page.page), key
        assert page.console == [] and page.requests == [], key
        page.close()
    for name in ("agency-types.html", "index.html"):
        page = opened(built_kg / "networks" / name)
        page.page.wait_for_load_state("load")
        assert page.console == [] and page.requests == [], name


def shot(page: Opened, tmp_path: Path, name: str) -> None:
    """A screenshot of what was tested, kept with the test's files (a person can look at it)."""
    path = tmp_path / f"{name}.png"
    page.page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 40 <= 720 and box["x"] + box["width"] <= 1280


def test_click_shows_details_partners_and_tasks_in_view(
    mini_run: tuple[Path, AnalysisSummary], opened, tmp_path: Path
) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    p = page.page
    point = p.evaluate(
        """(id) => { const net = ipkgPage.network, dom = net.canvasToDOM(net.getPositions([id])[id]);
                     const box = document.getElementById('graph').getBoundingClientRect();
                     return { x: box.left + dom.x, y: box.top + dom.y }; }""",
        A + "bj-ipo",
    )
    p.mouse.click(point["x"], point["y"])
    p.wait_for_selector("#details .agency")
    assert in_view(p, "#details .agency h3") and in_view(p, "#details .partners")
    text = p.text_content("#details")
    assert "北京市知识产权局" in text and "IPO 知识产权局" in text
    assert "密度 Density: 0.400" in text  # the region's own numbers (4 ties of 10 possible)
    partners = p.eval_on_selector_all(
        "#details .partners > li", "els => els.map(e => [e.dataset.partner, e.textContent])"
    )
    # IPO shares tasks 1, 2 and 6 with AIC, task 1 with PSB, task 4 with FIN (fixture tasks 110000-1..6)
    assert [who[len(A) :] for who, _ in partners] == ["bj-aic", "bj-fin", "bj-psb"]
    assert "3 项共同任务" in partners[0][1] and "开展<b>快速维权</b>工作" in partners[0][1]
    assert "110000-4" in partners[1][1] and "设立质押融资风险补偿资金" in partners[1][1]
    shot(page, tmp_path, "details")
    # Enter in the search box does the same
    p.fill("#search", "财政局")
    p.press("#search", "Enter")
    p.wait_for_function("document.querySelector('#details .agency h3').textContent === '北京市财政局'")
    assert in_view(p, "#details .partners")
    assert page.console == [] and page.requests == []


def test_isolates_are_listed_and_clickable(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    p = page.page
    assert p.eval_on_selector_all("#isolates button", "els => els.map(e => e.textContent)") == [
        "北京知识产权法院"
    ]
    p.click("#isolates button")
    assert "0 个" not in p.text_content("#details h3") and "Partners (0)" in p.text_content("#details")
    assert "另 1 个无协同" in p.text_content("#counts")


def test_palette_shapes_and_legends(mini_run: tuple[Path, AnalysisSummary], opened, tmp_path: Path) -> None:
    from kg.analysis.style import OKABE_ITO, OTHER_COLOR

    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    p = page.page
    colors = set(p.evaluate("ipkgPage.nodes.get().map(n => n.baseColor)"))
    assert colors <= {*OKABE_ITO, OTHER_COLOR} and len(colors) == 4  # IPO, AIC, CRT, FIN/PSB groups
    assert "节点大小 Node size" in p.text_content("#size-legend")
    assert "连线粗细 Tie width" in p.text_content("#width-legend")
    assert p.text_content("#groups").count("·") == 4
    before = p.evaluate(f"ipkgPage.nodes.get('{A}bj-fin').size")
    p.select_option("#size-by", "pagerank")
    after = p.evaluate(f"ipkgPage.nodes.get('{A}bj-fin').size")
    assert before != after
    p.select_option("#color-by", "community")
    communities = p.evaluate("ipkgPage.nodes.get().map(n => [n.community, n.color.background])")
    assert len({c for c, _ in communities}) == len({color for _, color in communities})
    assert "社群" in p.text_content("#groups")
    shot(page, tmp_path, "community")


def test_edge_weight_threshold(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "110000.html")
    page.wait_ready()
    p = page.page
    p.fill("#min-weight", "2")
    assert counts(p)[3] == 1  # only IPO–AIC shares more than one task (3)
    p.fill("#min-weight", "1")
    assert counts(p)[3] == 4


def test_glitches_fixed(mini_run: tuple[Path, AnalysisSummary], opened, tmp_path: Path) -> None:
    out, _ = mini_run
    page = opened(out / "network.html")
    page.wait_ready()
    p = page.page
    # highlight cleared when its node is hidden
    p.evaluate(f"ipkgPage.showAgency('{A}bj-fin')")
    assert p.evaluate("ipkgPage.highlighted() !== null")
    p.evaluate("ipkgPage.setTypeVisible('FIN', false)")
    assert p.evaluate("ipkgPage.highlighted() === null")
    p.evaluate("ipkgPage.setTypeVisible('FIN', true)")
    # legend counts follow the region filter: three IP offices in all, one in 天津
    p.click("details summary")
    assert p.text_content("[data-count=IPO]") == "(3)"
    p.select_option("#region", "120000")
    assert p.text_content("[data-count=IPO]") == "(1)" and p.text_content("[data-count=AIC]") == "(0)"
    assert "天津市 Tianjin" in p.text_content("#details .region h3")  # and the region's own numbers:
    assert "密度 Density: 1.000" in p.text_content("#details")  # three agencies, all tied (fixture)
    assert "Showing 3 of 9 agencies" in p.text_content("#counts") and "3 of 7 ties" in p.text_content(
        "#counts"
    )
    # tooltips cleared on region change
    p.evaluate("document.querySelectorAll('div.vis-tooltip').forEach(t => t.style.visibility = 'visible')")
    p.select_option("#region", "")
    assert p.evaluate(
        "[...document.querySelectorAll('div.vis-tooltip')].every(t => t.style.visibility === 'hidden')"
    )
    # search highlights every match
    p.fill("#search", "知识产权局")
    p.press("#search", "Enter")
    kept = p.evaluate("Object.keys(ipkgPage.highlighted()).sort()")
    assert {A + "bj-ipo", A + "tj-ipo"} <= set(kept)  # both drawn IP offices (the Corps' one is listed)
    assert "3 个匹配" in p.text_content("#search-result")
    shot(page, tmp_path, "national-search")
    assert page.console == [] and page.requests == []


def test_national_page_shows_each_regions_own_numbers(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "network.html")
    page.wait_ready()
    p = page.page
    p.evaluate(f"ipkgPage.showAgency('{A}bj-ipo')")
    text = p.text_content("#details")
    # measured in Beijing (3 partners there), with Beijing's own density: 4 ties of 10 possible
    assert "Measured in: 北京市 Beijing" in text and "Partners (degree): 3" in text
    assert "密度 Density: 0.400" in text


def test_shell_is_autoescaped() -> None:
    from kg.analysis.pages import render

    html = render({"title_zh": "<b>标题</b>", "title_en": "a & b"})
    assert "<title>&lt;b&gt;标题&lt;/b&gt; · a &amp; b</title>" in html
    assert '"title_zh":"\\u003cb\\u003e标题\\u003c/b\\u003e"' in html  # the data block stays inert JSON


def test_a_network_without_ties_says_so(mini_run: tuple[Path, AnalysisSummary], opened) -> None:
    out, _ = mini_run
    page = opened(out / "networks" / "xpcc.html")  # the Corps: one agency, no tie
    page.wait_ready()
    p = page.page
    assert p.is_visible("#empty") and "Nothing to draw" in p.text_content("#empty")
    assert p.eval_on_selector_all("#isolates button", "els => els.map(e => e.textContent)") == [
        "兵团知识产权局"
    ]
    assert p.text_content("#isolates-title") == "无协同的部门 Agencies without ties"
    beijing = opened(out / "networks" / "110000.html")
    beijing.wait_ready()
    assert not beijing.page.is_visible("#empty")
