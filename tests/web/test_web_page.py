"""The researcher's query workbench (`kg serve`'s `/`) in real headless Chromium, offline.

Every test runs on the real build, refuses every request that leaves the loopback (and fails if the page
tries one), records console errors (and fails on any: a CSP violation is one; kg serve sends the page
with Content-Security-Policy default-src 'self'), and keeps a screenshot of each step in its tmp_path.
What the page shows is compared with what the SPARQL endpoint itself answers for the same query text.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest
from offline import LOOPBACK, Offline
from playwright.sync_api import expect

from kg.pack.loading import load_pack

pytestmark = pytest.mark.slow

ID = "https://w3id.org/ipkg/id/"


def endpoint(base: str, query: str, accept: str = "application/sparql-results+json") -> bytes:
    """The endpoint's own answer, as any SPARQL client gets it."""
    request = urllib.request.Request(
        base + "/query",
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def bindings(base: str, query: str) -> list[dict[str, dict[str, str]]]:
    return json.loads(endpoint(base, query))["results"]["bindings"]


def open_page(offline: Offline, path: str = "/"):
    page = offline.new_page()
    response = page.goto(offline.base + path, wait_until="load")
    assert "default-src 'self'" in response.headers["content-security-policy"]  # no inline script or style
    page.wait_for_selector("body[data-ready=true]", timeout=20000)
    return page


def editor_text(page) -> str:
    return page.evaluate("yasgui.getTab().getYasqe().getValue()")


def set_editor(page, text: str) -> None:
    """Replace the editor's text and put the cursor at its end (as if typed there)."""
    page.evaluate(
        """text => { const y = yasgui.getTab().getYasqe(); y.setValue(text); y.focus();
                     y.setCursor(y.lastLine(), y.getLine(y.lastLine()).length); }""",
        text,
    )


def expect_table_info(page, text: str) -> None:
    """The table's "Showing a to b of n entries" line (waits for a redraw, as a reader would)."""
    expect(page.locator(".tabPanel.active .yasr_results .dt-info")).to_have_text(text)


def open_example(page, name: str) -> None:
    page.click(f'#examples [data-example="{name}"]')
    # (functions, not expression strings: Playwright evaluates those with eval, which the page's CSP refuses)
    page.wait_for_function("name => yasgui.getTab().getName().startsWith(name)", arg=name)


def test_editor_highlights_completes_runs_reports_errors_and_keeps_tabs(
    open_offline: Callable[[], Offline],
) -> None:
    offline = open_offline()
    page = open_page(offline)
    assert page.locator(".CodeMirror .cm-keyword").count() > 0  # syntax highlighting
    offline.shot(page, "editor")

    page.click(".CodeMirror-code")
    page.keyboard.press("Control+Enter")  # runs the starter query: the 31 regions
    page.wait_for_selector(".tabPanel.active .yasr_results tbody tr")
    expect_table_info(page, "Showing 1 to 31 of 31 entries")
    assert page.locator(".tabPanel.active .yasr_results a.ipkg-local", has_text="Guangdong").get_attribute(
        "href"
    ) == ("/id/region/440000")
    offline.shot(page, "regions")

    # Ctrl-Space: one of our prefixes, a class, then a property of our ontology (from /api/completions;
    # prefix.cc and Linked Open Vocabularies are never asked: such a request would be refused and recorded)
    set_editor(page, "PREFIX sko")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    assert page.locator(".CodeMirror-hints li").all_inner_texts() == [
        "skos: <http://www.w3.org/2004/02/skos/core#>"
    ]
    page.keyboard.press("Escape")
    set_editor(page, "PREFIX ipkg: <https://w3id.org/ipkg/def#>\nSELECT * WHERE {\n  ?r a ipkg:Reg")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    assert "ipkg:Region" in page.locator(".CodeMirror-hints li").all_inner_texts()
    offline.shot(page, "class-completion")
    page.keyboard.press("Enter")
    page.keyboard.type(" .\n?t ipkg:leadAg")  # the editor indents the new line itself
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    assert page.locator(".CodeMirror-hints li").all_inner_texts() == ["ipkg:leadAgency"]
    page.keyboard.press("Enter")
    assert "\n  ?r a ipkg:Region .\n" in editor_text(page) and editor_text(page).endswith(
        " ?t ipkg:leadAgency"
    )

    # a live error mark while typing, and the engine's errors as one readable line each
    error = ".tabPanel.active .yasr_results .ipkg-error"
    undeclared = "SELECT ?task WHERE {\n  ?task ipkg:region ?r\n}"
    set_editor(page, undeclared)
    page.wait_for_selector(".parseErrorIcon")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(error)
    message = page.inner_text(error)
    assert message.startswith("Syntax error at line 2, column "), message
    assert "ipkg: is not declared" in message and "\n" not in message and "\\u{" not in message
    offline.shot(page, "error-prefix")
    unfinished = "SELECT ?task WHERE {\n  ?task ?p ?r FILTER (?r > )\n}"
    set_editor(page, unfinished)
    page.keyboard.press("Control+Enter")
    page.wait_for_function("error => document.querySelector(error).innerText.includes('ABS')", arg=error)
    message = page.inner_text(error)  # the engine's list without its character-class noise ([_], ['-' | …])
    assert message.startswith("Syntax error at line 3, column 2: expected ABS, AVG, DAY, IRI, "), message
    assert message.endswith("isLITERAL, isNUMERIC") and "[" not in message and "\n" not in message
    offline.expected_failures = 2  # Chromium logs the endpoint's 400 for each
    offline.shot(page, "error-expected")

    # tabs are kept in the browser: a reload shows the same tab and text
    page.reload(wait_until="load")
    page.wait_for_selector("body[data-ready=true]")
    assert editor_text(page) == unfinished
    offline.assert_clean()


def test_example_from_the_gallery_run_with_a_parameter(open_offline: Callable[[], Offline]) -> None:
    offline = open_offline()
    page = open_page(offline)
    binds: list[str] = []
    page.on("request", lambda r: binds.append(r.url) if r.url.endswith("/api/bind") else None)

    # searchable (every word, in name, summary, description or tags), filterable by tag
    listing = {q["name"]: q for q in json.loads(urllib.request.urlopen(offline.base + "/api/queries").read())}

    def shown() -> list[str]:
        return page.locator("#examples [data-example]").evaluate_all("bs => bs.map(b => b.dataset.example)")

    assert shown() == list(listing)  # every pack query, in the pack's order
    page.fill("#search", "agencies 责任部门")
    text = {n: " ".join([n, q["summary"], q["description"], *q["tags"]]).lower() for n, q in listing.items()}
    assert shown() == [n for n in listing if "agencies" in text[n] and "责任部门" in text[n]]
    assert "agencies-of-region" in shown() and len(shown()) < len(listing)
    page.fill("#search", "")
    page.click('#tags [data-tag="regions"]')
    assert shown() == [name for name, q in listing.items() if "regions" in q["tags"]]
    offline.shot(page, "gallery-filtered")

    open_example(page, "agencies-of-region")
    region = page.locator('#fields input[name="region"]')
    assert region.input_value() == "北京市"  # the example's `#+ defaults`
    page.wait_for_selector("#values-region[data-loaded]", state="attached")
    offered = page.locator("#values-region option").evaluate_all("os => os.map(o => o.value)")
    assert {"广东省", "Guangdong", "440000", "新疆生产建设兵团"} <= set(offered)  # Chinese, English, code
    assert len(offered) == len(set(offered)) >= 31 * 2
    offline.shot(page, "example-form")

    region.fill("")  # a required field left empty is refused on the page, nothing is sent
    page.click(".tabPanel.active .CodeMirror-code")
    page.keyboard.press("Control+Enter")  # an unbound example runs through its form
    expect(page.locator("#params-status")).to_contain_text("“region” is required")
    page.click(".tabPanel.active .yasqe_queryButton")  # YASQE's run button too
    expect(page.locator("#params-status")).to_contain_text("“region” is required")
    assert binds == []
    offline.shot(page, "required-refused")

    region.fill("Guangdong")
    page.click("#bind-run")
    page.wait_for_selector(".tabPanel.active .yasr_results tbody tr")
    bound = editor_text(page)  # the exact text the server bound, shown in the editor, then run on /query
    assert bound == load_pack()["agencies-of-region"].bind({"region": "Guangdong"}) and len(binds) == 1
    marked = "".join(page.locator(".tabPanel.active .ipkg-bound").all_inner_texts())
    template = listing["agencies-of-region"]["text"]
    assert marked.strip() and marked not in template  # what binding changed is marked, in view
    expected = bindings(offline.base, bound)
    expect_table_info(page, f"Showing 1 to {len(expected)} of {len(expected)} entries")
    first = page.locator(".tabPanel.active .yasr_results tbody tr").first.locator("a.ipkg-local").first
    agency = expected[0]["agency"]["value"]
    english = (
        f"SELECT ?l WHERE {{ <{agency}> <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        'FILTER (LANG(?l) = "en") }'
    )
    (label,) = [b["l"]["value"] for b in bindings(offline.base, english)]
    assert first.inner_text().startswith(label)  # the agency's label (the page prefers English), then its id
    path = "/" + expected[0]["agency"]["value"].removeprefix("https://w3id.org/ipkg/")
    assert first.get_attribute("href") == path and path.startswith("/id/agency/")
    offline.shot(page, "example-results")

    page.reload(wait_until="load")  # the tab, its form and the values used are kept in the browser
    page.wait_for_selector("body[data-ready=true]")
    assert page.input_value('#fields input[name="region"]') == "Guangdong" and editor_text(page) == bound
    # the whole of a long (English) label, not YASR's ellipsis over it, so that the link itself is clicked
    page.uncheck('.tabPanel.active label.switch:has-text("Ellipse") input')
    first = page.locator(".tabPanel.active .yasr_results tbody tr").first.locator("a.ipkg-local").first
    with page.expect_popup() as opened:
        first.click()
    resource = opened.value
    resource.wait_for_load_state()
    url = urllib.parse.urlsplit(resource.url)
    assert (url.hostname, url.path) == (urllib.parse.urlsplit(offline.base).hostname, path)
    assert url.hostname in LOOPBACK
    offline.shot(resource, "resource-page")
    offline.assert_clean()


def test_sorting_paging_and_csv_download(open_offline: Callable[[], Offline], tmp_path) -> None:
    offline = open_offline()
    page = open_page(offline)
    open_example(page, "measure-adoption-matrix")  # no required parameter: it runs at once
    page.wait_for_selector(".tabPanel.active .yasr_results tbody tr")
    query = editor_text(page)
    expected = bindings(offline.base, query)
    total = len(expected)
    assert total > 1000  # the tidy adoption matrix of the whole document
    expect_table_info(page, f"Showing 1 to 50 of {total:,} entries")
    page.click(".tabPanel.active .yasr_results .dt-paging-button.next")
    expect_table_info(page, f"Showing 51 to 100 of {total:,} entries")
    offline.shot(page, "page-2")

    # sorting by the line column, as numbers: as text, "1000" would come before "999"
    lines = sorted(int(b["firstLine"]["value"]) for b in expected)
    assert lines[0] < 1000 <= lines[-1]
    titles = [t.strip() for t in page.locator(".tabPanel.active .yasr_results thead th").all_inner_texts()]
    header = page.locator(".tabPanel.active .yasr_results thead th").nth(titles.index("firstLine"))

    def shown_lines() -> list[int]:
        cells = page.locator(
            f".tabPanel.active .yasr_results tbody tr td:nth-child({titles.index('firstLine') + 1})"
        )
        return [int(c.split('"')[1]) for c in cells.all_inner_texts()]

    header.click()
    page.wait_for_selector(".tabPanel.active .yasr_results thead th[aria-sort=ascending]")
    expect_table_info(page, f"Showing 1 to 50 of {total:,} entries")
    assert shown_lines() == lines[:50]
    header.click()
    page.wait_for_selector(".tabPanel.active .yasr_results thead th[aria-sort=descending]")
    assert shown_lines() == lines[::-1][:50]
    offline.shot(page, "sorted-descending")

    with page.expect_download() as downloading:
        page.click('.tabPanel.active .ipkg-downloads [data-download="csv"]')
    saved = tmp_path / "adoption.csv"
    downloading.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows[0] == ["measure", "region", "tasks", "firstLine"] and len(rows) - 1 == total
    assert downloading.value.suggested_filename.endswith(".csv")
    offline.assert_clean()


def test_chart_view_and_a_share_link_reloaded_in_a_fresh_browser(open_offline: Callable[[], Offline]) -> None:
    offline = open_offline()
    page = open_page(offline)
    open_example(page, "tasks-per-region")  # its `#+ view: chart` decorator chooses the chart
    page.wait_for_selector(".tabPanel.active .yasr_results[data-chart=drawn] canvas")
    chart = (
        "(() => { const c = Chart.getChart(document.querySelector('.tabPanel.active .yasr_results canvas')); "
        "return [c.config.type, c.data.labels, c.data.datasets[0].data]; })()"
    )
    kind, labels, values = page.evaluate(chart)
    query = editor_text(page)
    expected = bindings(offline.base, query)
    assert kind == "bar" and len(labels) == 31
    assert labels == [b["label"]["value"] for b in expected]  # each region IRI shown by its English label
    assert values == [int(b["tasks"]["value"]) for b in expected]
    offline.shot(page, "chart")

    page.click(".tabPanel.active .yasqe_share")
    link = page.input_value(".tabPanel.active .yasqe_sharePopup input")
    assert link.startswith(offline.base + "/#") and "outputFormat=chart" in link
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).fragment)["query"] == [query]
    offline.shot(page, "share-link")
    offline.assert_clean()

    stranger = open_offline()  # someone else's browser: no tabs, no stored results
    fresh = open_page(stranger, link.removeprefix(offline.base))
    fresh.wait_for_selector(".tabPanel.active .yasr_results[data-chart=drawn] canvas", timeout=20000)
    assert editor_text(fresh) == query
    assert fresh.evaluate(chart) == [kind, labels, values]
    stranger.shot(fresh, "share-link-opened")
    fresh.click(".tabPanel.active .yasr_btn.select_table")
    fresh.wait_for_selector(".tabPanel.active .yasr_results tbody tr")
    expect_table_info(fresh, "Showing 1 to 31 of 31 entries")
    stranger.shot(fresh, "share-link-table")
    stranger.assert_clean()


def test_an_example_with_unbound_parameters_is_never_sent_as_is(open_offline: Callable[[], Offline]) -> None:
    """A link to an example's raw text (its ?_region unbound would match every region) opens its form,
    binds the defaults shown there and runs the bound text: what ran is in the editor for all to see."""
    offline = open_offline()
    listing = {q["name"]: q for q in json.loads(urllib.request.urlopen(offline.base + "/api/queries").read())}
    template = listing["agencies-of-region"]["text"]
    page = offline.new_page()
    sent: list[str] = []
    page.on(
        "request",
        lambda r: (
            sent.extend(urllib.parse.parse_qs(r.post_data or "").get("query", []))
            if r.url.endswith("/query")
            else None
        ),
    )
    page.goto(offline.base + "/#" + urllib.parse.urlencode({"query": template}), wait_until="load")
    page.wait_for_selector(".tabPanel.active .yasr_results tbody tr", timeout=20000)
    assert page.input_value('#fields input[name="region"]') == "北京市"
    bound = editor_text(page)
    assert bound == load_pack()["agencies-of-region"].bind({})  # bound to its default, 北京市
    assert template not in sent and bound in sent
    expected = bindings(offline.base, bound)
    expect_table_info(page, f"Showing 1 to {len(expected)} of {len(expected)} entries")
    offline.shot(page, "unbound-link-bound")
    offline.assert_clean()


def test_data_is_text_never_markup(open_offline: Callable[[], Offline]) -> None:
    offline = open_offline()
    page = open_page(offline)
    set_editor(page, 'SELECT ?x WHERE { BIND("<img src=x onerror=window.__pwned=1>" AS ?x) }')
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".tabPanel.active .yasr_results tbody tr")
    cell = page.locator(".tabPanel.active .yasr_results tbody td").nth(1)
    assert cell.inner_text() == "<img src=x onerror=window.__pwned=1>"
    assert page.locator(".tabPanel.active .yasr_results img").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    offline.assert_clean()


def test_a_name_the_graph_lacks_is_said_above_the_empty_answer(open_offline: Callable[[], Offline]) -> None:
    """agency-portfolio matches an agency's exact name: a near miss (广东知识产权局, no 省) is shown as
    a notice with the graph's nearest names, not as an empty table alone (kg.pack.checks, /api/bind)."""
    offline = open_offline()
    page = open_page(offline)
    open_example(page, "agency-portfolio")
    page.locator('#fields input[name="agency"]').fill("广东知识产权局")
    page.click("#bind-run")
    notice = page.locator("#params-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(
        "the graph has no @zh term '广东知识产权局'; did you mean 广东省知识产权局"
    )
    offline.shot(page, "absent-name-notice")
    page.locator('#fields input[name="agency"]').fill("广东省知识产权局")
    page.click("#bind-run")
    page.wait_for_selector(".tabPanel.active .yasr_results tbody tr")
    expect(notice).to_be_hidden()
    offline.assert_clean()


def test_the_edition_field_offers_the_graphs_editions(open_offline: Callable[[], Offline]) -> None:
    """A counting example's optional edition field lists the editions the graph holds (here one: 2017, with
    its 1121 tasks), so a reader picks a year the graph has."""
    offline = open_offline()
    page = open_page(offline)
    open_example(page, "measures-by-adoption")
    page.wait_for_selector(".tabPanel.active .yasr_results tbody tr")  # only an optional field: it ran
    page.wait_for_selector("#values-edition[data-loaded]", state="attached")
    offered = page.locator("#values-edition option").evaluate_all("os => os.map(o => [o.value, o.label])")
    assert offered == [["2017", "1121 tasks"]]
    offline.assert_clean()
