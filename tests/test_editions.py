"""Several editions in one graph: a second edition derived from the bundled 2017 document.

The derived "2018" document is the bundled one with its years rewritten (headings, contents, title
page: 二〇一八年三月), the sections of 天津市 (lines 97-150) and 河北省 (lines 151-198) and their contents
lines (10, 11) dropped, and 北京市's first row (line 46, 知识产权服务业集聚区建设) dropped.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import pytest
from support import run_kg

from kg.build import BuildResult, build
from kg.edition import EDITION_2017, edition_of
from kg.pack.loading import load_pack
from kg.run import run_local
from kg.serve import web
from kg.source.parser import measure_key, parse_document
from kg.source.reader import bundled_source

ID = "https://w3id.org/ipkg/id/"
DROPPED_LINES = {10, 11, 46, *range(97, 199)}  # 1-based
TRAINING = "加大对各类创新人才的知识产权培训力度"
SERVICE_CLUSTERS = "知识产权服务业集聚区建设"


def derived_2018(path: Path) -> Path:
    lines = bundled_source().read_text(encoding="utf-8").split("\n")
    kept = [text for number, text in enumerate(lines, start=1) if number not in DROPPED_LINES]
    text = "\n".join(kept).replace("2017 年工作要点", "2018 年工作要点")
    text = text.replace("2017 年全国地方", "2018 年全国地方", 1).replace(
        "二〇一七年四月", "二〇一八年三月", 1
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("editions")
    return build([bundled_source(), derived_2018(folder / "2018.txt")], folder / "build", analyses=False)


def _select(build_dir: Path, query: str) -> list[dict[str, str]]:
    store = pyoxigraph.Store.read_only(str(build_dir / "store"))
    prefixes = "PREFIX ipkg: <https://w3id.org/ipkg/def#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    solutions = store.query(prefixes + query)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return [{str(v)[1:]: s[v].value for v in solutions.variables if s[v] is not None} for s in solutions]


def test_the_edition_is_read_from_the_files_own_headings(tmp_path: Path) -> None:
    assert parse_document(bundled_source()).edition is EDITION_2017
    derived = parse_document(derived_2018(tmp_path / "2018.txt")).edition
    assert (derived.year, derived.issued) == (2018, "2018-03")
    assert derived.title == "2018年全国地方知识产权战略暨强国建设实施工作要点汇编"
    assert derived.national_focus_headings == EDITION_2017.national_focus_headings  # carried over
    assert derived.section_heading.match("北京市 2018 年工作要点")
    assert not derived.section_heading.match("北京市 2017 年工作要点")


def test_an_unknown_year_without_a_title_page_gets_no_title() -> None:
    edition = edition_of(["北京市 2019 年工作要点", "序号\t工作重点"], "x.txt")
    assert (edition.year, edition.title, edition.issued) == (2019, "", "2019")


def test_both_years_tasks_are_in_one_graph(two_editions: BuildResult) -> None:
    rows = _select(two_editions.out, "SELECT ?t WHERE { ?t a ipkg:Task }")
    by_year: dict[str, int] = defaultdict(int)
    for row in rows:
        assert row["t"].startswith(ID + "task/")
        by_year[row["t"][len(ID + "task/") :].split("/")[0]] += 1
    first, second = two_editions.documents
    tianjin_hebei = sum(r.tasks for r in first.regions if r.region in {"天津市", "河北省"})
    assert dict(by_year) == {"2017": 1121, "2018": 1121 - tianjin_hebei - 1}
    assert len(second.regions) == 29
    # the same region and row in two years are two tasks, each derived from its own edition's source
    sources = _select(
        two_editions.out,
        f"SELECT ?t ?s ?issued WHERE {{ VALUES ?t {{ <{ID}task/2017/110000-2> <{ID}task/2018/110000-1> }} "
        "?t <http://www.w3.org/ns/prov#wasDerivedFrom> ?s . ?s dcterms:issued ?issued }",
    )
    assert sorted((r["t"][len(ID) :], r["s"][len(ID) :], r["issued"]) for r in sources) == [
        ("task/2017/110000-2", "source/2017", "2017-04"),
        ("task/2018/110000-1", "source/2018", "2018-03"),
    ]


def test_agencies_regions_and_measures_are_shared(two_editions: BuildResult, built_kg: Path) -> None:
    for cls in ("Agency", "Region", "Measure"):
        query = f"SELECT ?x WHERE {{ ?x a ipkg:{cls} }}"
        both = {r["x"] for r in _select(two_editions.out, query)}
        only_2017 = {r["x"] for r in _select(built_kg, query)}
        assert both == only_2017 != set(), cls  # the derived edition names nothing new: one node each
    beijing_office = f"{ID}agency/" + next(
        a.key for a in two_editions.entities.agencies if a.name == "北京市知识产权局"
    )
    years = _select(
        two_editions.out,
        f"SELECT DISTINCT ?s WHERE {{ ?t ipkg:responsibleAgency <{beijing_office}> ; "
        "<http://www.w3.org/ns/prov#wasDerivedFrom> ?s }",
    )
    assert sorted(r["s"] for r in years) == [f"{ID}source/2017", f"{ID}source/2018"]


def test_focus_areas_deliverables_and_targets_belong_to_one_edition(two_editions: BuildResult) -> None:
    rows = _select(
        two_editions.out,
        "SELECT ?x WHERE { VALUES ?class { ipkg:FocusArea ipkg:Deliverable ipkg:Target } ?x a ?class }",
    )
    keys = {row["x"][len(ID) :].split("/", 2)[1] for row in rows}
    assert keys == {"2017", "2018"}


def test_measure_adoption_over_time_answers_from_the_two_editions(two_editions: BuildResult) -> None:
    result = run_kg(
        "query", "measure-adoption-over-time", "--build", str(two_editions.out), "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    answer = {(row["label"], int(row["year"])): int(row["regions"]) for row in rows}
    # hand-checked: the training item is printed by 30 sections in 2017 (tests/entities/test_resolve.py,
    # TRAINING_REGIONS, 天津市 line 142 and 河北省 line 189 among them); the derived edition drops those two
    assert (answer[(TRAINING, 2017)], answer[(TRAINING, 2018)]) == (30, 28)
    # 知识产权服务业集聚区建设 (grep of the third column): 北京市 46, 河北省 154, 吉林省 317, 上海市 403,
    # 浙江省 480, 山东省 685, 河南省 763, 湖北省 816, 湖南省 874, 广西 1056, 重庆市 1156, 四川省 1236,
    # 陕西省 1385, 新疆维吾尔自治区 1606: 14; the derived edition drops 北京市's row and 河北省
    assert (answer[(SERVICE_CLUSTERS, 2017)], answer[(SERVICE_CLUSTERS, 2018)]) == (14, 12)
    # every row against the parsed tables of both editions (independent of the RDF and query stages;
    # a measure is its work item in comparison form, as the parser shares them)
    expected: dict[tuple[str, int], set[str]] = defaultdict(set)
    for document in two_editions.documents:
        for row in document.rows:
            for measure in row.measures:
                expected[(measure_key(measure), document.edition.year)].add(row.region)
    assert answer == {key: len(regions) for key, regions in expected.items()}
    assert [(row["label"], row["year"]) for row in rows] == sorted(
        (row["label"], row["year"]) for row in rows
    )


def test_two_files_of_the_same_year_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copyfile(bundled_source(), copy)
    result = run_kg(
        "build",
        "--no-analysis",
        "--quiet",
        "--source",
        str(bundled_source()),
        "--source",
        str(copy),
        "--out",
        str(tmp_path / "b"),
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"kg build: error: {copy}: a second source of the 2017 edition (the first is {bundled_source()}): "
        "one file per year"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.txt"]


def test_the_cli_builds_two_editions_and_summarises_each(tmp_path: Path) -> None:
    derived = derived_2018(tmp_path / "2018.txt")
    result = run_kg(
        "build",
        "--no-analysis",
        "--source",
        str(bundled_source()),
        "--source",
        str(derived),
        "--out",
        str(tmp_path / "b"),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"2017 edition: {bundled_source()}" and f"2018 edition: {derived}" in lines
    assert lines[-1].startswith("2 editions, 60 regions, ")
    with (tmp_path / "b" / "tasks.csv").open(encoding="utf-8") as handle:
        years = [row["year"] for row in csv.DictReader(handle)]
    assert years.count("2017") == 1121 and set(years) == {"2017", "2018"}


def test_a_count_over_several_editions_says_it_pools_them(two_editions: BuildResult, built_kg: Path) -> None:
    """tasks-per-region counts the tasks of both years together: kg query and the page say so; a query
    that reads the edition (measure-adoption-over-time), or a graph of one edition, gets no such notice."""
    pooled = run_kg("query", "tasks-per-region", "--build", str(two_editions.out), "--format", "csv")
    assert pooled.returncode == 0, pooled.stderr
    notice = "the graph holds 2 editions (2017, 2018) and tasks-per-region counts them together"
    assert notice in pooled.stderr and "give edition (2018) to count one" in pooled.stderr
    one = run_kg("query", "tasks-per-region", "--build", str(two_editions.out), "--param", "edition=2018")
    assert one.returncode == 0 and one.stderr == "", one.stderr  # one edition counted: nothing to say
    per_year = run_kg(
        "query", "measure-adoption-over-time", "--build", str(two_editions.out), "--format", "csv"
    )
    assert per_year.returncode == 0 and "editions" not in per_year.stderr, per_year.stderr
    single = run_kg("query", "tasks-per-region", "--build", str(built_kg), "--format", "csv")
    assert single.returncode == 0 and single.stderr == "", single.stderr
    store = pyoxigraph.Store.read_only(str(two_editions.out / "store"))
    answer = web.bind(json.dumps({"name": "tasks-per-region", "params": {}}).encode(), store)
    assert any(notice in line for line in json.loads(answer.body)["notices"])
    answer = web.bind(json.dumps({"name": "top-agencies-by-centrality", "params": {}}).encode(), store)
    latest = "top-agencies-by-centrality reads the analysis results, which are the latest edition's (2018)"
    assert any(latest in line for line in json.loads(answer.body)["notices"])


@pytest.fixture(scope="module")
def each_alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each edition built on its own (no analyses, like ``two_editions``): year -> build folder."""
    folder = tmp_path_factory.mktemp("alone")
    sources = {"2017": bundled_source(), "2018": derived_2018(folder / "2018.txt")}
    return {year: build([path], folder / year, analyses=False).out for year, path in sources.items()}


def _answer(build_dir: Path, name: str, params: dict[str, str]) -> list[str]:
    result = run_local(build_dir, load_pack()[name], params)
    return sorted(" | ".join(str(term) for term in row) for row in result.rows)


def test_the_edition_parameter_answers_as_that_edition_built_alone(
    two_editions: BuildResult, each_alone: dict[str, Path]
) -> None:
    """Every counting query that takes ``edition``, run on the graph of both editions for one year, gives
    exactly what it gives on a build of that edition alone: the years are kept apart, nothing is lost."""
    takes_edition = [n for n, q in load_pack().items() if any(p.name == "edition" for p in q.parameters)]
    assert len(takes_edition) >= 15 and "tasks-per-region" in takes_edition
    for name in takes_edition:
        for year, alone in each_alone.items():
            both = _answer(two_editions.out, name, {"edition": year})
            assert both == _answer(alone, name, {}), (name, year)
        pooled = _answer(two_editions.out, name, {})  # both years together: not the 2017 answer
        assert pooled != _answer(two_editions.out, name, {"edition": "2017"}), name


def test_an_edition_the_graph_lacks_is_refused(two_editions: BuildResult) -> None:
    ran = run_kg("query", "tasks-per-region", "--build", str(two_editions.out), "--param", "edition=2019")
    assert ran.returncode == 2 and ran.stdout == "" and ran.stderr.count("\n") == 1, ran.stderr
    said = "parameter 'edition': the graph holds no 2019 edition (its editions: 2017, 2018)"
    assert said in ran.stderr
    odd = run_kg("query", "tasks-per-region", "--build", str(two_editions.out), "--param", "edition=1899")
    assert odd.returncode == 2 and "unknown edition '1899': give a year" in odd.stderr, odd.stderr
    store = pyoxigraph.Store.read_only(str(two_editions.out / "store"))
    answer = web.bind(json.dumps({"name": "tasks-per-region", "params": {"edition": "2019"}}).encode(), store)
    assert answer.status == 400 and said in answer.body.decode()
