"""Cell-text cleaning (contract, Text section): the exact rules of ``kg.source.cleaning``."""

from __future__ import annotations

import pytest

from kg.source.cleaning import REPAIRS, clean_text, strip_markup


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>推进知识产权</p>", "推进知识产权"),
        ('<ol style="list-style-type: none"> 落实方案 </ol>', "落实方案"),
        ("<li>甲</li><br/>乙<br>", "甲乙"),
        # the fragments of line 649 (江西省): markup between list items, a word split by </p>
        (
            "<p>1. 切实推进。</p> <p>2. 促进专利量质提升。</p> <p>3. 加大力度，促</p>",
            "1. 切实推进。 2. 促进专利量质提升。 3. 加大力度，促",
        ),
    ],
)
def test_markup_removed(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert "<" not in clean_text(raw, agencies=True)


def test_strip_markup_keeps_everything_else() -> None:
    assert strip_markup("<p>a  b</p> 中 文") == "a  b 中 文"
    assert strip_markup("1 < 2 > 0") == "1 < 2 > 0"  # not a tag


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("加强组织实 施和政策保 障", "加强组织实施和政策保障"),  # line 1139
        ("省知识产权局 配合部门", "省知识产权局配合部门"),
        ("组织 16 区专利执法人员", "组织16区专利执法人员"),  # line 50
        ("专利行政执法保护案件指标完成 70%", "专利行政执法保护案件指标完成70%"),  # line 57
        ("重点提高授权发明专利和 PCT 等高质量专利", "重点提高授权发明专利和PCT等高质量专利"),
        ("“剑网 2017”专项行动", "“剑网2017”专项行动"),
        ("转化率。 根据《办法》", "转化率。根据《办法》"),  # CJK punctuation counts as Chinese text
        ("  前后空白  ", "前后空白"),
        ("知识\u3000产权", "知识产权"),  # ideographic space
    ],
)
def test_spaces_between_chinese_removed(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "text",
    ["WPS OFFICE", "1+N", "4.26", "5.6亿元", "10-20家", "2—5个"],
)
def test_latin_and_numbers_left_alone(text: str) -> None:
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("1. 开展评选工作。 2. 做好遴选工作", "1. 开展评选工作。 2. 做好遴选工作"),  # line 648
        ("实现；四 4. 增强服务能力", "实现；四 4. 增强服务能力"),  # line 653
        ("工作。   2. 推进", "工作。 2. 推进"),  # several spaces: one kept
        ("（1）推进 （2）完善", "（1）推进 （2）完善"),
        ("甲 ① 乙", "甲 ① 乙"),
        ("增长 80.65%", "增长80.65%"),  # a decimal number is not a list item
    ],
)
def test_list_markers_keep_one_space(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("天津海关 天津检验检疫局", "天津海关 天津检验检疫局"),  # line 107
        ("市委宣传部  市知识产权局", "市委宣传部 市知识产权局"),  # line 94 (collapsed to one)
        ("市知识产权局 配合部门：市经信委、市国资委", "市知识产权局 配合部门：市经信委、市国资委"),  # line 64
        (" 省知识产权局 ", "省知识产权局"),
        ("知识产权 局 16 个", "知识产权 局16个"),
    ],
)
def test_agencies_separator_space_kept(raw: str, clean: str) -> None:
    assert clean_text(raw, agencies=True) == clean


def test_same_text_outside_agencies_loses_the_space() -> None:
    assert clean_text("天津海关 天津检验检疫局") == "天津海关天津检验检疫局"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("加强重点产业知识产权海外布局 and 风险防控", "加强重点产业知识产权海外布局和风险防控"),  # line 76
        ("支持民营企业、科技型企业 and 高新技术企业", "支持民营企业、科技型企业和高新技术企业"),  # line 141
        ("《关于激发科研机构 and 科研人员", "《关于激发科研机构和科研人员"),  # line 1623
        ("为企业provide服务", "为企业提供服务"),
        ("为企业 provide 优质服务", "为企业提供优质服务"),
    ],
)
def test_english_words_repaired_between_chinese(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert clean_text(raw, agencies=True) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "research and development",  # Latin on both sides
        "R&D and 创新",  # Latin on one side
        "创新 and",  # nothing after it
        "品牌 brand 建设",  # not a known substitution
        "推进 android 应用",  # "and" inside a word
        "推进 candidates 名单",
    ],
)
def test_english_words_elsewhere_not_repaired(raw: str) -> None:
    cleaned = clean_text(raw)
    assert "和" not in cleaned and "提供" not in cleaned


def test_repairs_map_english_words_to_chinese() -> None:
    assert REPAIRS == {"and": "和", "provide": "提供"}
    for english, chinese in REPAIRS.items():
        assert english.isascii() and english.isalpha()
        assert all("\u4e00" <= char <= "\u9fff" for char in chinese)


def test_nothing_else_rewritten() -> None:
    text = "建立收集假冒产品来源地信息工作机制，定期通报工作情况及不定期交换重要案情简报"
    assert clean_text(text) == text
    mixed = "完善(区县)—园区,促进“互联网+知识产权”;发展"
    assert clean_text(mixed) == mixed
