"""The query pack on the real build: every query runs, and its answers match the source document.

Each query has a test whose expected answer was checked by hand against the bundled source
(kg/data/ip-strategy-work-plans-2017.txt, cited by line number): counts and rows read from the
printed tables, not from the graph. Region sections: 北京市 46-95, 山西省 202-214, 重庆市 1155-1230.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.pack.lexer import tokens
from kg.pack.loading import PackQuery, load_pack
from kg.run import Term, run_local, run_text
from kg.store import open_read_only

ID = "https://w3id.org/ipkg/id/"
IPKG = "https://w3id.org/ipkg/def#"
SHANXI_TASKS = [f"140000-{n}" for n in range(1, 12)]


@pytest.fixture(scope="module")
def pack() -> dict[str, PackQuery]:
    return load_pack()


def run(build: Path, name: str, **params: str) -> list[dict[str, str]]:
    """The answer of a pack query as rows of {variable: value} (IRIs shortened to their id/ key)."""
    result = run_local(build, load_pack()[name], params)
    assert result.kind == "solutions", name
    return [
        {v: short(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]


def short(term: Term) -> str:
    value = term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)
    for kind in ("task/2017/", "agency/", "region/", "document/", "network/", "measure/", ""):
        if value.startswith(ID + kind):
            return value.removeprefix(ID + kind)
    return value


def keys(rows: list[dict[str, str]], column: str = "task") -> list[str]:
    return sorted(row[column] for row in rows)


def by(rows: list[dict[str, str]], column: str) -> dict[str, dict[str, str]]:
    out = {row[column]: row for row in rows}
    assert len(out) == len(rows), f"{column} is not a key"
    return out


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


# --- the pack as a whole -----------------------------------------------------------------------------


def test_pack_has_at_least_25_documented_queries(pack: Mapping[str, PackQuery]) -> None:
    assert len(pack) >= 25
    for name, query in pack.items():
        assert query.summary and query.description and query.tags, name
        assert query.text.startswith("#+ summary:"), f"{name}: decorators first"
        for parameter in query.parameters:  # an optional one (?__edition_iri) left out stays unbound
            assert parameter.default is not None or not parameter.required, (
                f"{name}: no default for {parameter.name}"
            )
            assert "_" not in parameter.name, name


AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


def test_pack_reads_like_wikidata_examples(pack: Mapping[str, PackQuery]) -> None:
    """Plain graph patterns: a sub-select only where it aggregates (count first, then labels), never one
    wrapped around a single pattern to steer the optimiser."""
    for name, query in pack.items():
        found = list(tokens(query.text))
        for k, token in enumerate(found):
            if k == 0 or token.text.upper() != "SELECT" or found[k - 1].kind != "{":
                continue
            depth, end = 1, k
            while depth:
                end += 1
                depth += {"{": 1, "}": -1}.get(found[end].kind, 0)
            words = {t.text.upper() for t in found[k:end] if t.kind == "word"}
            assert words & AGGREGATES, f"{name}: a sub-select that does not aggregate"
        assert "optimi" not in query.text.lower() and "hash-join" not in query.text.lower(), name


def test_every_query_runs_with_its_defaults_and_finds_something(
    built_kg: Path, pack: Mapping[str, PackQuery]
) -> None:
    for name, query in pack.items():
        result = run_local(built_kg, query, {})
        if result.kind == "graph":
            assert result.triples, f"{name} constructs nothing"
        else:
            assert result.kind == "solutions" and result.rows, f"{name} finds nothing with its defaults"


def test_a_hostile_keyword_is_only_a_string(built_kg: Path) -> None:
    nt_before = len(run_text(open_read_only(built_kg), "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples)
    assert run(built_kg, "tasks-by-keyword", keyword='"} DROP ALL #') == []
    assert run(built_kg, "agencies-by-name", keyword="') } ; CLEAR DEFAULT #") == []
    after = len(run_text(open_read_only(built_kg), "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples)
    assert after == nt_before > 30000


# --- command line ------------------------------------------------------------------------------------


def test_kg_queries_lists_the_pack_name_first() -> None:
    done = kg("queries")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if not line.startswith(" ")]
    assert len(lines) >= 25
    pack = load_pack()
    assert [line.split()[0] for line in lines] == list(pack)
    for line in lines:
        name = line.split()[0]
        assert line[len(name) :].strip() == pack[name].summary


def test_kg_queries_shows_each_parameter_and_its_default() -> None:
    lines = kg("queries").stdout.splitlines()
    names = [line.split()[0] for line in lines]
    region = names.index("agencies-of-region")
    assert lines[region + 1].startswith(" ")  # indented under its query
    assert (
        lines[region + 1].strip()
        == "--param region=…  (region (name, code or IRI), required, default 北京市)"
    )
    edition = "--param edition=…  (edition (a year, or its source document's IRI), optional)"
    assert lines[region + 2].strip() == edition  # a counting query takes an edition (several in one graph)
    assert not lines[region + 3].startswith(" ")  # its two parameters, then the next query
    pairs = names.index("agency-pairs")
    assert lines[pairs + 1].strip() == "--param min=…  (xsd:integer, required, default 6)"


def test_kg_query_prints_standard_sparql_json(built_kg: Path) -> None:
    done = kg(
        "query",
        "tasks-by-keyword",
        "--param",
        "keyword=中关村小微企业",
        "--format",
        "json",
        "--build",
        str(built_kg),
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["head"]["vars"] == ["region", "row", "task", "description", "firstLine"]
    [binding] = answer["results"]["bindings"]  # 北京市 row 11, line 59
    assert binding["task"] == {"type": "uri", "value": ID + "task/2017/110000-11"}
    assert binding["region"] == {"type": "literal", "value": "北京市", "xml:lang": "zh"}
    assert binding["row"] == {
        "type": "literal",
        "value": "11",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }


@pytest.mark.parametrize(
    "args",
    [
        ("query", "no-such-query"),
        ("query", "tasks-by-keyword", "--param", "colour=red"),
        ("query", "tasks-at-source-line", "--param", "line=fifty-nine"),
        ("query", "multi-agency-tasks", "--param", "min"),
    ],
)
def test_kg_query_errors_exit_2_with_one_line(built_kg: Path, args: tuple[str, ...]) -> None:
    done = kg(*args, "--build", str(built_kg))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


# --- tasks -------------------------------------------------------------------------------------------


def test_tasks_by_keyword_finds_exactly_the_pledge_financing_tasks(built_kg: Path) -> None:
    # grep 知识产权质押 in the 具体任务 column: lines 66 85 86 208 241 276 302 304 453 465 530 659 674
    # 808 (河南 row 34 continued) 944 991 1029 1080 1141 1184 1217 1219 1264 1292 1443 1492 1674+1677
    # (one 兵团 task across a page break): 28 lines, 27 tasks
    rows = run(built_kg, "tasks-by-keyword", keyword="知识产权质押")
    assert keys(rows) == sorted(
        [
            "110000-15",
            "110000-30",
            "110000-31",
            "140000-7",
            "150000-15",
            "210000-18",
            "210000-37",
            "210000-39",
            "320000-16",
            "320000-26",
            "330000-38",
            "360000-7",
            "360000-17",
            "410000-34",
            "430000-47",
            "440000-29",
            "440000-55",
            "450000-18",
            "460000-17",
            "500000-21",
            "500000-40",
            "500000-42",
            "510000-23",
            "510000-44",
            "610000-45",
            "620000-28",
            "xpcc-26",
        ]
    )
    assert all("知识产权质押" in row["description"] for row in rows)
    assert by(rows, "task")["320000-16"]["firstLine"] == "453"


def test_tasks_per_region(built_kg: Path) -> None:
    rows = by(run(built_kg, "tasks-per-region"), "label")
    assert len(rows) == 31
    assert rows["Shanxi"]["tasks"] == "11"  # rows 1-4 and 1-7 ... lines 202-208, 211-214
    assert rows["Shanxi"]["focusAreas"] == "4"  # 序号 1, 2, 3, 4 (lines 202, 204, 208, 211)
    # 山西: 省考核办, 省知识产权局, 省商务厅, 省工商局, 省文化厅, 太原海关, 省公安厅, 省高院, 太原高新区,
    # 省新闻出版广电局, 省司法厅 (lines 202-214)
    assert rows["Shanxi"]["agencies"] == "11"
    assert rows["Chongqing"]["tasks"] == "49"
    assert sum(int(row["tasks"]) for row in rows.values()) == 1121


def test_tasks_per_region_and_national_focus_area(built_kg: Path) -> None:
    rows = by(run(built_kg, "tasks-per-region-and-focus-area"), "region")
    # 山西: 管理体制机制改革 lines 202-203, 严格保护 204-207, 创造运用 208, 组织实施和政策保障 211-214
    assert {
        k: rows["山西省"][k]
        for k in ("tasks", "reform", "protection", "creation", "overseas", "cooperation", "organisation")
    } == {
        "tasks": "11",
        "reform": "2",
        "protection": "4",
        "creation": "1",
        "overseas": "0",
        "cooperation": "0",
        "organisation": "4",
    }
    for row in rows.values():
        assert int(row["tasks"]) == sum(
            int(row[k])
            for k in ("reform", "protection", "creation", "overseas", "cooperation", "organisation")
        )


def test_tasks_of_region(built_kg: Path) -> None:
    rows = run(built_kg, "tasks-of-region")  # default 山西省
    assert [row["row"] for row in rows] == [str(n) for n in range(1, 12)]
    first, third = rows[0], rows[2]
    assert first["description"] == "将发明专利拥有量纳入省、市政府目标责任考核"  # line 202
    assert first["agenciesText"] == "省考核办"
    assert third["agenciesText"] == "省商务厅、省知识产权局、省工商局、省文化厅 太原海关"  # line 204
    assert rows[10]["measures"] == "其他"  # line 214
    assert "deliverable" not in rows[3]  # line 205: empty 成果形式
    assert keys(run(built_kg, "tasks-of-region", region="Shanxi")) == keys(rows)
    assert keys(run(built_kg, "tasks-of-region", region="140000")) == keys(rows)
    assert keys(run(built_kg, "tasks-of-region", region="山西")) == keys(rows)  # the short name too


def test_tasks_without_deliverable(built_kg: Path) -> None:
    rows = run(built_kg, "tasks-without-deliverable")
    # 山西: the 成果形式 cell is empty on lines 205, 208 and 213 (rows 4, 7, 10)
    assert [r["task"] for r in rows if r["region"] == "山西省"] == ["140000-4", "140000-7", "140000-10"]
    # 北京: line 54 (row 8, 将故意侵犯知识产权行为…) and line 58 (row 10, 北京知识产权法院) are empty
    beijing = [r["task"] for r in rows if r["region"] == "北京市"]
    assert {"110000-8", "110000-10"} <= set(beijing)
    assert "110000-11" not in beijing  # line 59 has 《中关村小微企业知识产权帮扶方案》


def test_tasks_at_source_line(built_kg: Path) -> None:
    [row] = run(built_kg, "tasks-at-source-line")  # default: line 59
    assert (row["region"], row["row"], row["agencies"]) == ("北京市", "11", "市知识产权局")
    [row] = run(built_kg, "tasks-at-source-line", line="46")
    assert row["task"] == "110000-1"
    assert row["agencies"] == "市知识产权局、中关村管委会"  # line 46: 北京市 row 1
    # 重庆 row 26 runs from line 1184 across a page break to line 1187 (文化委、工 | 商局)
    assert run(built_kg, "tasks-at-source-line", line="1187")[0]["firstLine"] == "1184"
    assert run(built_kg, "tasks-at-source-line", line="1") == []


def test_multi_agency_tasks(built_kg: Path) -> None:
    rows = run(built_kg, "multi-agency-tasks", min="10")
    counts = [int(r["agencies"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 10
    beijing = [r for r in rows if r["region"] == "北京市"]
    # lines 51-53 (北京 row 6): 市知识产权局、市工商局、市文化执法部队、市城管执法局、北京海关、市公安局、
    # 市农业局、市园林绿化局 = 8 agencies, below 10
    assert beijing == []
    eight = {r["task"]: r for r in run(built_kg, "multi-agency-tasks")}
    assert eight["110000-6"]["agencies"] == "8"
    assert eight["110000-6"]["agenciesText"] == (
        "市知识产权局、市工商局、市文化执法部队、市城管执法局、北京海关、市公安局、市农业局、市园林绿化局"
    )


# --- agencies ----------------------------------------------------------------------------------------


def test_agencies_of_region(built_kg: Path) -> None:
    rows = by(run(built_kg, "agencies-of-region"), "name")  # default 北京市
    assert rows["北京市人民检察院"]["tasks"] == "2"  # 市检察院, lines 47 and 55
    assert rows["北京知识产权法院"]["tasks"] == "2"  # lines 57 and 58
    assert rows["北京市高级人民法院"]["tasks"] == "1"  # line 80 (配合部门 list)
    assert rows["中关村管委会"]["type"] == "ZON"
    assert rows["北京知识产权法院"]["type"] == "CRT"


def test_agencies_by_name(built_kg: Path) -> None:
    rows = run(built_kg, "agencies-by-name")  # default 法院
    assert all(r["type"] == "CRT" for r in rows)
    courts = {r["name"]: r for r in rows}
    assert courts["北京知识产权法院"]["region"] == "北京市" and courts["北京知识产权法院"]["tasks"] == "2"
    customs = {r["name"] for r in run(built_kg, "agencies-by-name", keyword="海关")}
    assert {"北京海关", "太原海关"} <= customs  # lines 51-53 and 204-214


@pytest.mark.parametrize("agency_type", ["CRT", "人民法院", "People's Court", "crt"])
def test_agencies_of_type(built_kg: Path, agency_type: str) -> None:
    rows = by(run(built_kg, "agencies-of-type", agencyType=agency_type), "name")
    assert rows["北京知识产权法院"] == {
        **rows["北京知识产权法院"],
        "region": "北京市",
        "tasks": "2",
    }  # lines 57-58
    # line 1649: 第八师中级人民法院 in a 兵团 cell
    assert rows["新疆生产建设兵团第八师中级人民法院"]["tasks"] == "1"
    assert all(name.endswith("法院") for name in rows)


def test_agency_portfolio(built_kg: Path) -> None:
    rows = run(built_kg, "agency-portfolio", agency="北京知识产权法院")
    # lines 57-58: 妥善处理好涉各类批发市场的知识产权纠纷案件 / 积极履行审判职能…
    assert [(r["region"], r["row"], r["role"]) for r in rows] == [
        ("北京市", "9", "responsible"),
        ("北京市", "10", "responsible"),
    ]
    assert rows[0]["description"] == "妥善处理好涉各类批发市场的知识产权纠纷案件"
    assert {r["focusArea"] for r in rows} == {"实施严格的知识产权保护"}
    # 河北省知识产权局 is marked lead by …会同… on lines 158, 160, 168-171 and 173
    hebei = run(built_kg, "agency-portfolio", agency="河北省知识产权局")
    assert sum(r["role"] == "lead" for r in hebei) == 7
    # a printed form: 市检察院 is how the cells of 北京 (lines 47, 55) name its procuratorate
    printed = {(r["agencyName"], r["row"]) for r in run(built_kg, "agency-portfolio", agency="市检察院")}
    assert {("北京市人民检察院", "2"), ("北京市人民检察院", "7")} <= printed


def test_busiest_agencies(built_kg: Path) -> None:
    rows = by(run(built_kg, "busiest-agencies", min="30"), "name")
    # 重庆: 知识产权局 in the 责任部门 cell on 38 task rows of lines 1155-1230; 工商局 on 32 (the 31 of
    # agency-pairs and line 1197), 文化委 on 31
    assert rows["重庆市知识产权局"]["tasks"] == "38"
    assert rows["重庆市工商局"]["tasks"] == "32"
    assert rows["重庆市文化委"]["tasks"] == "31"
    assert all(int(r["tasks"]) >= 30 for r in rows.values())


def test_agency_pairs(built_kg: Path) -> None:
    rows = run(built_kg, "agency-pairs")
    # 重庆: 知识产权局、文化委、工商局 together on lines 1156 1159 1160 1161 1177 1180-1183 1184+1187
    # 1189 1190 1196 1200 1204 1208-1213 1217-1220 1223-1226 1229 1230: 31 tasks
    top = {frozenset((r["nameA"], r["nameB"])) for r in rows[:3]}
    assert top == {
        frozenset(p)
        for p in (
            ("重庆市知识产权局", "重庆市文化委"),
            ("重庆市知识产权局", "重庆市工商局"),
            ("重庆市文化委", "重庆市工商局"),
        )
    }
    assert [r["shared"] for r in rows[:3]] == ["31"] * 3
    assert int(rows[3]["shared"]) < 31
    assert all(r["agencyA"] < r["agencyB"] and int(r["shared"]) >= 6 for r in rows)  # default min 6
    # 重庆市工商局 and 重庆市质监局 share only line 1189's task and line 1197's (市工商局、质监局)
    two = {frozenset((r["nameA"], r["nameB"])): r["shared"] for r in run(built_kg, "agency-pairs", min="2")}
    assert two[frozenset(("重庆市工商局", "重庆市质监局"))] == "2"


def test_lead_vs_supporting(built_kg: Path) -> None:
    rows = by(run(built_kg, "lead-vs-supporting"), "name")
    # 河北: 省知识产权局会同… lines 158, 168-171, 173; 省商务厅、知识产权局会同… line 160 → 7 leads
    assert rows["河北省知识产权局"]["lead"] == "7"
    assert rows["河北省商务厅"]["lead"] == "2"  # lines 160 and 177
    assert rows["河北省工信厅"]["lead"] == "1"  # line 167
    for row in rows.values():
        assert int(row["lead"]) + int(row["supporting"]) + int(row["unmarked"]) >= int(row["tasks"])


def test_lead_share_by_agency_type(built_kg: Path) -> None:
    rows = [r for r in run(built_kg, "lead-share-by-agency-type") if r["region"] == "山西省"]
    # 山西: single-agency rows 202 (省考核办, OTH), 203 and 211 (IPO), 205 and 214 (太原海关), 207 (省文化厅),
    # 208 (太原高新区); rows 204, 206, 212, 213 name several agencies and mark no lead
    assert {(r["type"], r["led"], r["percent"]) for r in rows} == {
        ("IPO", "2", "18.2"),
        ("CUS", "2", "18.2"),
        ("CUL", "1", "9.1"),
        ("OTH", "1", "9.1"),
        ("ZON", "1", "9.1"),
    }
    assert {r["regionTasks"] for r in rows} == {"11"}
    hebei = by([r for r in run(built_kg, "lead-share-by-agency-type") if r["region"] == "河北省"], "type")
    assert int(hebei["IPO"]["led"]) >= 7  # at least the seven …会同… rows


def test_judicial_and_enforcement_involvement(built_kg: Path) -> None:
    rows = by(run(built_kg, "judicial-enforcement-involvement"), "region")
    assert len(rows) == 31
    # 山西: 太原海关 on lines 204, 205, 214; 省公安厅 and 省高院 on line 206; no procuratorate
    assert {
        k: rows["山西省"][k] for k in ("tasks", "courts", "procuratorates", "publicSecurity", "customs")
    } == {"tasks": "4", "courts": "1", "procuratorates": "0", "publicSecurity": "1", "customs": "3"}
    # 北京: 检察院 lines 47, 55; 知识产权法院 57, 58 and 高级人民法院 80; 北京海关 and 市公安局 on 51-53
    assert rows["北京市"]["procuratorates"] == "2"
    assert rows["北京市"]["courts"] == "3"


def test_tasks_per_agency_type(built_kg: Path) -> None:
    rows = by(run(built_kg, "tasks-per-agency-type"), "type")
    assert rows["IPO"]["label"] == "Intellectual Property Office"
    assert int(rows["IPO"]["regions"]) == 31
    assert int(rows["CUS"]["tasks"]) >= 5  # 北京海关 (lines 51-53 and one more), 太原海关 204, 205, 214
    # courts: at least 北京's three court tasks (lines 57, 58, 80) and 山西's line 206
    assert int(rows["CRT"]["tasks"]) >= 4
    assert rows["HER"]["tasks"] == "1" and rows["HER"]["regions"] == "1"  # 北京市文物局 only


def test_collective_involvement_share(built_kg: Path) -> None:
    rows = by(run(built_kg, "collective-involvement-share"), "region")
    # 山西 (lines 202-214) names no 各有关部门/成员单位; 河北: cells ending in 会同(省)有关部门 and the
    # like
    assert (rows["山西省"]["collective"], rows["山西省"]["percent"]) == ("0", "0")
    assert rows["河北省"]["tasks"] == "37"
    assert int(rows["河北省"]["collective"]) >= 9  # at least the nine …会同有关部门 rows (158-177)


def test_top_agencies_by_centrality(built_kg: Path) -> None:
    rows = run(built_kg, "top-agencies-by-centrality")
    for region in {r["region"] for r in rows}:
        ranks = [int(r["rank"]) for r in rows if r["region"] == region]
        assert ranks == sorted(ranks) and ranks[0] == 1 and max(ranks) <= 5
    beijing = [r["name"] for r in rows if r["region"] == "北京市"]
    assert beijing[0] == "北京市知识产权局"
    # 山西 (lines 202-214): row 204 ties 商务厅, 知识产权局, 工商局, 文化厅, 太原海关 (5 agencies);
    # row 212 知识产权局, 文化厅, 新闻出版广电局; row 213 知识产权局, 司法厅, 工商局, 新闻出版广电局.
    # Partners: 知识产权局 6, 工商局 6 (same betweenness; PageRank decides), 文化厅 5,
    # 新闻出版广电局 4, 太原海关 and 商务厅 4 (tied)
    shanxi = [(r["rank"], r["name"], r["degree"]) for r in rows if r["region"] == "山西省"]
    assert shanxi == [
        ("1", "山西省知识产权局", "6"),
        ("2", "山西省工商局", "6"),
        ("3", "山西省文化厅", "5"),
        ("4", "山西省新闻出版广电局", "4"),
        ("5", "太原海关", "4"),
        ("5", "山西省商务厅", "4"),
    ]


def test_network_summary(built_kg: Path) -> None:
    rows = by(run(built_kg, "network-summary"), "network")
    # 山西: 11 agencies; ties: row 204 (5 agencies, 10 pairs), 206 (1), 212 (+2), 213 (+4) = 17
    assert (rows["140000"]["tasks"], rows["140000"]["agencies"], rows["140000"]["ties"]) == ("11", "11", "17")
    assert rows["national"]["tasks"] == "1121"


# --- measures ----------------------------------------------------------------------------------------


def test_measure_adoption_matrix(built_kg: Path) -> None:
    rows = run(built_kg, "measure-adoption-matrix")
    adopters: dict[str, set[str]] = {}
    for row in rows:
        adopters.setdefault(row["measure"], set()).add(row["region"])
    assert len(rows) == sum(len(regions) for regions in adopters.values())  # one row per pair
    # 工作内容 实施专利导航项目 on lines 76 132 181 233 290 344 385 418 457 523 571 626 671 729 788 850 923
    # 1008 1092 1134 1202 1281 1364 1426 1481 1627 1668: 27 regions; none in 山西 (202-214), 云南
    # (1306-1340), 青海 (1499-1561), 宁夏 (1566-1600)
    navigation = adopters["实施专利导航项目"]
    assert len(navigation) == 27
    assert not navigation & {"山西省", "云南省", "青海省", "宁夏回族自治区"}
    # a local innovation: 深化知识产权司法审判机制改革, 上海 line 405 only
    [row] = [r for r in rows if r["measure"] == "深化知识产权司法审判机制改革"]
    assert (row["region"], row["tasks"], row["firstLine"]) == ("上海市", "1", "405")
    lines = [int(r["firstLine"]) for r in rows]
    assert lines == sorted(lines)


def test_local_innovations(built_kg: Path) -> None:
    rows = run(built_kg, "local-innovations")
    found = {(r["label"], r["region"]) for r in rows}
    # each text occurs once in the whole document: lines 405, 989, 1424, 625
    assert {
        ("深化知识产权司法审判机制改革", "上海市"),
        ("开展专利复审、无效宣告请求受理试点", "广东省"),
        ("推进军民融合知识产权运营", "陕西省"),
        ("加强版权交易平台建设", "福建省"),
    } <= found
    assert "实施专利导航项目" not in {r["label"] for r in rows}
    assert all(r["tasks"] == "1" or int(r["tasks"]) > 1 for r in rows)


def test_measures_by_adoption(built_kg: Path) -> None:
    rows = run(built_kg, "measures-by-adoption")
    labels = by(rows, "label")
    assert labels["实施专利导航项目"]["regions"] == "27"  # the 27 lines listed above
    assert labels["推进军民融合知识产权运营"]["regions"] == "1"  # line 1424
    counts = [int(r["regions"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] <= 31


def test_measure_coverage(built_kg: Path) -> None:
    rows = by(run(built_kg, "measure-coverage"), "region")  # default 专利导航
    assert len(rows) == 31
    # no 专利导航 anywhere in the sections of 山西, 云南, 青海, 宁夏
    assert sorted(k for k, r in rows.items() if r["tasks"] == "0") == sorted(
        ["山西省", "云南省", "青海省", "宁夏回族自治区"]
    )
    assert rows["北京市"]["measures"] == "实施专利导航项目"  # line 76


def test_similar_regions(built_kg: Path) -> None:
    rows = by(run(built_kg, "similar-regions"), "other")  # default 山西省
    assert len(rows) == 30 and "山西省" not in rows
    # 山西 lists 11 different 工作内容 (lines 202-214); of them 上海 (lines 401-426) lists only
    # 加快建设知识产权运营服务体系 (山西 line 208)
    assert {row["measures"] for row in rows.values()} == {"11"}
    assert rows["上海市"]["shared"] == "1"
    for row in rows.values():
        shared, a, b = int(row["shared"]), int(row["measures"]), int(row["otherMeasures"])
        assert shared <= min(a, b)
        assert Decimal(row["jaccard"]) == round(Decimal(shared) / (a + b - shared), 3)
    jaccard = [Decimal(r["jaccard"]) for r in run(built_kg, "similar-regions")]
    assert jaccard == sorted(jaccard, reverse=True)
    # the same count as the adoption matrix gives for the most similar pair of 山东
    top = run(built_kg, "similar-regions", region="Shandong")[0]
    assert (top["other"], top["shared"]) == ("湖南省", "54")
    adopters: dict[str, set[str]] = {}
    for row in run(built_kg, "measure-adoption-matrix"):
        adopters.setdefault(row["measure"], set()).add(row["region"])
    assert sum({"山东省", "湖南省"} <= regions for regions in adopters.values()) == 54


def test_national_focus_areas(built_kg: Path) -> None:
    rows = by(run(built_kg, "national-focus-areas"), "number")
    assert list(rows) == ["1", "2", "3", "4", "5", "6"]
    assert rows["2"]["label"] == "实施严格的知识产权保护"
    # 山西 has no heading under 4 or 5 (lines 202-214), so neither is in all 31 regions
    assert int(rows["4"]["regions"]) < 31 and int(rows["5"]["regions"]) < 31
    per_region = run(built_kg, "tasks-per-region-and-focus-area")
    assert int(rows["2"]["tasks"]) == sum(int(r["protection"]) for r in per_region)


# --- targets -----------------------------------------------------------------------------------------


def test_targets_by_indicator(built_kg: Path) -> None:
    rows = run(built_kg, "targets-by-indicator")  # default 万人发明专利拥有量
    # every numeric 万人…发明专利 commitment: line 257 (辽宁 6.8件), 1417 (陕西 8.5件),
    # 1579 (宁夏 3件以上), 1644 (兵团 3件)
    assert sorted((r["region"], Decimal(r["value"]), r["unit"], r["comparator"]) for r in rows) == sorted(
        [
            ("辽宁省", Decimal("6.8"), "件", "≥"),
            ("陕西省", Decimal("8.5"), "件", "≥"),
            ("宁夏回族自治区", Decimal("3"), "件", "≥"),
            ("新疆生产建设兵团", Decimal("3"), "件", "≥"),
        ]
    )
    assert run(built_kg, "targets-by-indicator", indicator="每万人有效发明专利拥有量") != []


def test_pledge_financing_targets(built_kg: Path) -> None:
    rows = run(built_kg, "pledge-financing-targets")
    # lines 241 (突破2000万元), 276 (达到20亿), 304 (力争达到20亿元), 453 (超过20亿元), 674 (6个亿以上),
    # 1141 (力争…5.6亿元)
    assert sorted((r["task"], Decimal(r["value"]), r["comparator"]) for r in rows) == sorted(
        [
            ("150000-15", Decimal("20000000"), ">"),
            ("210000-18", Decimal("2000000000"), "≥"),
            ("210000-39", Decimal("2000000000"), "≈"),
            ("320000-16", Decimal("2000000000"), ">"),
            ("360000-17", Decimal("600000000"), "≥"),
            ("460000-17", Decimal("560000000"), "≈"),
        ]
    )
    assert {r["unit"] for r in rows} == {"元"}


def test_training_targets(built_kg: Path) -> None:
    rows = {(r["region"], r["row"]): r for r in run(built_kg, "training-targets")}
    # line 142: 培训各类创新人才2万人次 (天津); 1220: 培训20000人次 (重庆); 392: 超过5000人次 (黑龙江);
    # 466: 770人 and 120人 (江苏); 232: 500名 (内蒙古); 1542: 420人次 (青海)
    assert Decimal(rows[("天津市", "32")]["value"]) == 20000
    assert Decimal(rows[("重庆市", "43")]["value"]) == 20000
    assert (Decimal(rows[("黑龙江省", "19")]["value"]), rows[("黑龙江省", "19")]["comparator"]) == (5000, ">")
    assert Decimal(rows[("内蒙古自治区", "9")]["value"]) == 500
    assert Decimal(rows[("青海省", "29")]["value"]) == 420
    assert {r["unit"] for r in rows.values()} <= {"人", "人次", "名"}
    assert all("培训" in r["indicator"] for r in rows.values())


def test_targets_with_ranges(built_kg: Path) -> None:
    rows = run(built_kg, "targets-with-ranges")
    assert all(Decimal(r["value"]) < Decimal(r["maxValue"]) for r in rows)
    found = {(r["region"], r["sourceText"]) for r in rows}
    assert ("甘肃省", "25-30期") in found  # line 1493: 各类知识产权培训班 25-30 期
    assert ("宁夏回族自治区", "1-2期") in found  # lines 1580, 1586, 1587: 培训班 1-2 期


def test_targets_of_region(built_kg: Path) -> None:
    rows = run(built_kg, "targets-of-region")  # default 辽宁省
    found = {(r["row"], Decimal(r["value"]), r["unit"]) for r in rows}
    # line 257: 万人有效发明专利拥有量达到 6.8 件 (row 4); 276: 20 亿 (row 18);
    # 302: 500 万元, 185 万元 (row 37)
    assert {
        ("4", Decimal("6.8"), "件"),
        ("18", Decimal("2000000000"), "元"),
        ("37", Decimal("5000000"), "元"),
        ("37", Decimal("1850000"), "元"),
    } <= found
    assert [int(r["row"]) for r in rows] == sorted(int(r["row"]) for r in rows)


# --- documents and subgraphs -------------------------------------------------------------------------


def test_planned_documents(built_kg: Path) -> None:
    rows = run(built_kg, "planned-documents")
    beijing = sorted((r["row"], r["title"], r["namedIn"]) for r in rows if r["region"] == "北京市")
    # 《》 in the 北京 section: lines 59 (成果形式), 83 (具体任务), 93 (成果形式)
    assert beijing == sorted(
        [
            ("11", "中关村小微企业知识产权帮扶方案", "deliverable"),
            ("28", "关于加快知识产权首善之区建设的意见", "task"),
            ("36", "中小学知识产权教育读本", "deliverable"),
        ]
    )
    assert ("内蒙古自治区", "自治区知识产权金融服务工作方案") in {
        (r["region"], r["title"]) for r in rows
    }  # line 241


def test_region_subgraph(built_kg: Path) -> None:
    result = run_local(built_kg, load_pack()["region-subgraph"], {})  # default 山西省
    assert result.kind == "graph"
    graph = result.triples
    tasks = sorted(short(t.subject) for t in graph if t.predicate.value == IPKG + "rowNumber")
    assert tasks == sorted(SHANXI_TASKS)  # lines 202-214
    regions = {t.object.value for t in graph if t.predicate.value == IPKG + "region"}
    assert regions == {ID + "region/140000"}
    labels = {
        t.object.value
        for t in graph
        if t.subject.value == ID + "region/140000" and t.predicate.value.endswith("#label")
    }
    assert labels == {"山西省", "Shanxi"}
    agencies = {
        t.object.value
        for t in graph
        if t.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"
        and t.subject.value.startswith(ID + "agency/")
    }
    assert {"太原海关", "山西省高级人民法院", "山西省公安厅"} <= agencies  # lines 204-206
