"""English agency names (kg.entities.english): 60 agencies across all 31 regions checked by hand, and
every agency of the bundled document named in English, uniquely."""

from __future__ import annotations

import re
from functools import cache

import pytest

from kg.entities.agencies import classify_agency, normalise_agency_name
from kg.entities.english import english_name
from kg.entities.model import Entities
from kg.entities.resolve import resolve_entities
from kg.source.parser import parse_document
from kg.source.reader import bundled_source

# (source line, region section, the form printed in that line's 责任部门 cell, canonical name, English name):
# each read off kg/data/ip-strategy-work-plans-2017.txt and translated by hand by the rule of the module.
HAND_CHECKED = [
    (46, "北京市", "中关村管委会", "中关村管委会", "Zhongguancun Administrative Committee"),
    (49, "北京市", "北京海关", "北京海关", "Beijing Customs"),
    (
        106,
        "天津市",
        "市场监管委",
        "天津市市场监管委",
        "Tianjin Municipal Market Supervision and Administration Commission",
    ),
    (
        107,
        "天津市",
        "天津检验检疫局",
        "天津出入境检验检疫局",
        "Tianjin Entry-Exit Inspection and Quarantine Bureau",
    ),
    (172, "河北省", "人行", "河北省人民银行", "Hebei Branch of the People's Bank of China"),
    (
        176,
        "河北省",
        "国资委",
        "河北省国资委",
        "Hebei Provincial State-owned Assets Supervision and Administration Commission",
    ),
    (204, "山西省", "省工商局", "山西省工商局", "Shanxi Provincial Administration for Industry and Commerce"),
    (204, "山西省", "省文化厅", "山西省文化厅", "Shanxi Provincial Department of Culture"),
    (
        222,
        "内蒙古自治区",
        "新闻出版广电局（版权局）",
        "内蒙古自治区新闻出版广电局（版权局）",
        "Inner Mongolia Autonomous Region Press, Publication, Radio, Film and Television Bureau"
        " (Copyright Administration)",
    ),
    (
        244,
        "内蒙古自治区",
        "自治区党委宣传部",
        "内蒙古自治区党委宣传部",
        "Publicity Department of the Inner Mongolia Autonomous Region Party Committee",
    ),
    (276, "辽宁省", "人民银行沈阳分行", "人民银行沈阳分行", "People's Bank of China Shenyang Branch"),
    (302, "辽宁省", "财政厅", "辽宁省财政厅", "Liaoning Provincial Department of Finance"),
    (339, "吉林省", "省文化厅", "吉林省文化厅", "Jilin Provincial Department of Culture"),
    (347, "吉林省", "外办", "吉林省外办", "Jilin Provincial Foreign Affairs Office"),
    (366, "黑龙江省", "林业厅", "黑龙江省林业厅", "Heilongjiang Provincial Department of Forestry"),
    (
        366,
        "黑龙江省",
        "森工总局",
        "黑龙江省森工总局",
        "Heilongjiang Provincial Forest Industry General Bureau",
    ),
    (405, "上海市", "知识产权法院", "上海知识产权法院", "Shanghai Intellectual Property Court"),
    (
        406,
        "上海市",
        "检三分院",
        "上海市人民检察院第三分院",
        "Third Branch of the Shanghai Municipal People's Procuratorate",
    ),
    (466, "江苏省", "教育厅", "江苏省教育厅", "Jiangsu Provincial Department of Education"),
    (472, "江苏省", "团省委", "共青团江苏省委", "Jiangsu Provincial Committee of the Communist Youth League"),
    (481, "浙江省", "人才办", "浙江省人才办", "Zhejiang Provincial Talent Work Office"),
    (
        534,
        "浙江省",
        "省政府办公厅",
        "浙江省人民政府办公厅",
        "General Office of the Zhejiang Provincial People's Government",
    ),
    (552, "安徽省", "省知识产权局", "安徽省知识产权局", "Anhui Provincial Intellectual Property Office"),
    (593, "福建省", "商务厅", "福建省商务厅", "Fujian Provincial Department of Commerce"),
    (594, "福建省", "发改委", "福建省发展改革委", "Fujian Provincial Development and Reform Commission"),
    (647, "江西省", "省知识产权局", "江西省知识产权局", "Jiangxi Provincial Intellectual Property Office"),
    (700, "山东省", "农业厅", "山东省农业厅", "Shandong Provincial Department of Agriculture"),
    (732, "山东省", "省司法厅", "山东省司法厅", "Shandong Provincial Department of Justice"),
    (
        763,
        "河南省",
        "知识产权创意产业园",
        "河南省知识产权创意产业园",
        "Henan Provincial Intellectual Property Creative Industry Park",
    ),
    (763, "河南省", "省知识产权局", "河南省知识产权局", "Henan Provincial Intellectual Property Office"),
    (815, "湖北省", "省新闻出版局", "湖北省新闻出版局", "Hubei Provincial Press and Publication Bureau"),
    (843, "湖北省", "中科院武汉分院", "中科院武汉分院", "Wuhan Branch of the Chinese Academy of Sciences"),
    (
        878,
        "湖南省",
        "双打办",
        "湖南省打击侵权假冒工作领导小组办公室",
        "Hunan Provincial Office of the Leading Group on Combating IPR Infringement and Counterfeiting",
    ),
    (887, "湖南省", "检察院", "湖南省人民检察院", "Hunan Provincial People's Procuratorate"),
    (956, "广东省", "省知识产权局", "广东省知识产权局", "Guangdong Provincial Intellectual Property Office"),
    (
        989,
        "广东省",
        "省代办处",
        "国家知识产权局专利局广州代办处",
        "Guangzhou Patent Agency of the Patent Office of the State Intellectual Property Office",
    ),
    (1080, "广西壮族自治区", "自治区银监局", "广西银监局", "Guangxi Banking Regulatory Bureau"),
    (1080, "广西壮族自治区", "保监局", "广西保监局", "Guangxi Insurance Regulatory Bureau"),
    (1129, "海南省", "省政府金融办", "海南省金融办", "Hainan Provincial Financial Affairs Office"),
    (1135, "海南省", "省农业厅", "海南省农业厅", "Hainan Provincial Department of Agriculture"),
    (1155, "重庆市", "科委", "重庆市科委", "Chongqing Municipal Science and Technology Commission"),
    (
        1160,
        "重庆市",
        "市政府督查室",
        "重庆市人民政府督查室",
        "Inspection Office of the Chongqing Municipal People's Government",
    ),
    (
        1244,
        "四川省",
        "外侨办",
        "四川省外侨办",
        "Sichuan Provincial Foreign and Overseas Chinese Affairs Office",
    ),
    (
        1297,
        "四川省",
        "省委组织部",
        "四川省委组织部",
        "Organization Department of the Sichuan Provincial Party Committee",
    ),
    (
        1307,
        "云南省",
        "人力资源和社会保障厅",
        "云南省人力资源社会保障厅",
        "Yunnan Provincial Department of Human Resources and Social Security",
    ),
    (1340, "云南省", "教育厅", "云南省教育厅", "Yunnan Provincial Department of Education"),
    (
        1348,
        "贵州省",
        "省检验检疫局",
        "贵州出入境检验检疫局",
        "Guizhou Entry-Exit Inspection and Quarantine Bureau",
    ),
    (
        1369,
        "贵州省",
        "省质监局",
        "贵州省质监局",
        "Guizhou Provincial Quality and Technical Supervision Bureau",
    ),
    (
        1422,
        "陕西省",
        "卫计委",
        "陕西省卫生计生委",
        "Shaanxi Provincial Health and Family Planning Commission",
    ),
    (
        1423,
        "陕西省",
        "中小企业局",
        "陕西省中小企业局",
        "Shaanxi Provincial Small and Medium Enterprises Bureau",
    ),
    (1463, "甘肃省", "公安厅", "甘肃省公安厅", "Gansu Provincial Public Security Department"),
    (
        1470,
        "甘肃省",
        "人社厅",
        "甘肃省人力资源社会保障厅",
        "Gansu Provincial Department of Human Resources and Social Security",
    ),
    (
        1519,
        "青海省",
        "省工商管理局",
        "青海省工商局",
        "Qinghai Provincial Administration for Industry and Commerce",
    ),
    (1524, "青海省", "省检察院", "青海省人民检察院", "Qinghai Provincial People's Procuratorate"),
    (
        1567,
        "宁夏回族自治区",
        "发改委",
        "宁夏回族自治区发展改革委",
        "Ningxia Hui Autonomous Region Development and Reform Commission",
    ),
    (
        1571,
        "宁夏回族自治区",
        "自治区公安厅",
        "宁夏回族自治区公安厅",
        "Ningxia Hui Autonomous Region Public Security Department",
    ),
    (
        1605,
        "新疆维吾尔自治区",
        "编办",
        "新疆维吾尔自治区编办",
        "Xinjiang Uygur Autonomous Region Institutional Organization Commission Office",
    ),
    (1611, "新疆维吾尔自治区", "乌鲁木齐市海关", "乌鲁木齐海关", "Urumqi Customs"),
    (
        1641,
        "新疆生产建设兵团",
        "兵团知识产权局",
        "新疆生产建设兵团科技局（知识产权局）",
        "Xinjiang Production and Construction Corps Science and Technology Bureau"
        " (Intellectual Property Office)",
    ),
    (
        1649,
        "新疆生产建设兵团",
        "第八师中级人民法院",
        "新疆生产建设兵团第八师中级人民法院",
        "Xinjiang Production and Construction Corps 8th Division Intermediate People's Court",
    ),
]


@cache
def _lines() -> list[str]:
    return bundled_source().read_text(encoding="utf-8").split("\n")


@cache
def _entities() -> Entities:
    return resolve_entities([parse_document(bundled_source())])


def test_the_hand_checked_agencies_cover_every_region() -> None:
    assert len(HAND_CHECKED) == 60
    assert len({region for _, region, *_ in HAND_CHECKED}) == 31


@pytest.mark.parametrize(("line", "region", "printed", "name", "english"), HAND_CHECKED)
def test_hand_checked_english_name(line: int, region: str, printed: str, name: str, english: str) -> None:
    assert printed in _lines()[line - 1], "the cited source line prints the agency"
    assert normalise_agency_name(printed, region) == name
    code = classify_agency(name)
    assert code is not None
    assert english_name(name, code) == english


def test_every_agency_has_a_unique_english_name_in_latin_script() -> None:
    agencies = _entities().agencies
    names = [a.name_en for a in agencies]
    assert all(re.fullmatch(r"[A-Za-z0-9 ,'()&.-]+", n) for n in names), [n for n in names if not n.isascii()]
    assert len(set(names)) == len(names)


def test_a_department_missing_from_the_table_takes_its_type_name() -> None:
    assert english_name("河北省博物馆管理处", "CUL") == "Hebei Provincial Department of Culture"


def test_a_body_outside_the_rule_keeps_its_chinese_name_beside_its_type() -> None:
    # e.g. a national body a later edition names: no invented translation, no failed build
    assert english_name("国家版权局", "CPR") == "Copyright Administration (国家版权局)"
