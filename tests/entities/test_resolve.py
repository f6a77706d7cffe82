"""Resolution of parsed rows into entities: shared measures, focus mapping, documents, stable keys."""

from __future__ import annotations

import pytest

from kg.entities.focus import national_focus_area
from kg.entities.model import Entities, content_key
from kg.entities.resolve import document_titles, resolve_entities
from kg.source.parser import parse_document
from kg.source.reader import bundled_source

TRAINING = "加大对各类创新人才的知识产权培训力度"
# Sections printing this work item as a whole cell (grep -n of the third column): lines 89 142 189 212 242
# 305 353 466 540 578 637 750 799 858 945 1030 1106 1142 1220 1338 1372 1444 1548 1596 1631 1678; and split:
# 黑龙江省 392+395 (page break), 江西省 675+678 (page break), 四川省 1296 (a space inside the word),
# 甘肃省 1493 (joined with a second item by ；). 上海市 prints no such item.
TRAINING_REGIONS = {
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "云南省",
    "贵州省",
    "陕西省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "新疆生产建设兵团",
    "黑龙江省",
    "江西省",
    "四川省",
    "甘肃省",
}


@pytest.fixture(scope="module")
def entities() -> Entities:
    document = parse_document(bundled_source())
    return resolve_entities([document])


def test_one_measure_node_for_a_work_item_many_regions_adopted(entities: Entities) -> None:
    key = content_key(TRAINING)
    assert [m.label for m in entities.measures if m.key == key] == [TRAINING]
    regions = {t.row.region for t in entities.tasks if key in t.measure_keys}
    assert regions == TRAINING_REGIONS


def test_every_region_maps_its_headings_onto_the_six_national_focus_areas(entities: Entities) -> None:
    by_region: dict[str, set[int]] = {}
    for focus in entities.focus_areas:
        by_region.setdefault(focus.region_key, set()).add(focus.national)
    assert len(by_region) == 31
    # 重庆市 (500000) prints no 序号 for its first heading (line 1155): it still gets focus area 1
    assert by_region["500000"] == {1, 2, 3, 4, 5, 6}
    chongqing_first = next(f for f in entities.focus_areas if f.key == "2017/500000-1")
    assert chongqing_first.label == "推进知识产权管理体制机制改革"


@pytest.mark.parametrize(
    ("heading", "national"),
    [
        ("推进知识产权综合管理改革试点", 1),  # 上海市, line 401
        ("推进知识产权管理体制改革", 1),
        ("实施严格的知识产权保护", 2),
        ("促进知识产权创造运用", 3),
        ("加强重点产业知识产权海外布局和风险防控", 4),  # must not fall into "保护" or "管理"
        ("提升知识产权对外合作水平", 5),
        ("加强组织实施和政策保障", 6),  # "保障", not "保护"
    ],
)
def test_headings_map_by_meaning(heading: str, national: int) -> None:
    assert national_focus_area(heading) == national


def test_documents_named_in_deliverables_become_document_nodes(entities: Entities) -> None:
    titles = {d.title for d in entities.documents}
    # 北京市 line 59, deliverable: 制定并发布《中关村小微企业知识产权帮扶方案》
    assert "中关村小微企业知识产权帮扶方案" in titles
    beijing = next(t for t in entities.tasks if t.row.region == "北京市" and t.row.first_line == 59)
    assert beijing.deliverable_documents == (content_key("中关村小微企业知识产权帮扶方案"),)


def test_document_titles_keep_nested_titles_and_drop_duplicates() -> None:
    nested = "自治区关于落实〈国务院关于新形势下加快知识产权强国建设的若干意见〉的实施方案"
    text = f"出台《{nested}》，印发《办法》《办法》"  # 新疆维吾尔自治区, line 1628
    assert document_titles(text) == [nested, "办法"]


def test_task_keys_are_year_then_region_code_and_row(entities: Entities) -> None:
    first = entities.tasks[0]
    assert (first.key, first.row.region, first.row.row_number) == ("2017/110000-1", "北京市", 1)
    assert first.focus_key == "2017/110000-1"
    xpcc = [t for t in entities.tasks if t.row.region == "新疆生产建设兵团"]
    assert xpcc[0].key == "2017/xpcc-1" and xpcc[-1].key == f"2017/xpcc-{len(xpcc)}"


def test_no_agency_fragment_is_left_unresolved(entities: Entities) -> None:
    assert entities.unresolved == ()


def test_resolution_is_deterministic(entities: Entities) -> None:
    document = parse_document(bundled_source())
    again = resolve_entities([document])
    assert again == entities
