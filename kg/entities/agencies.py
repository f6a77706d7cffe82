"""Resolve a 责任部门 (responsible agencies) cell into canonical, typed agencies with roles.

Why: the graph needs one node per real agency, but the printed cells name the same agency in many ways
(`省知识产权局`, `知识产权局` after an earlier `省…`, `高院`/`高法`/`省法院`), mix in role markers
(`牵头`, `配合部门：`, `A会同B`) and unspecified groups (`各有关部门`). This module turns one cell plus the
region section it belongs to into `AgencyMention`s whose `name` is stable across the whole document.

Decisions (kept here so that the graph's agency labels can be explained):

* Region prefixes. `省…`/`市…`/`自治区…`/`兵团…` are expanded to the section name (`省工商局` in 河北省 →
  `河北省工商局`). A bare department name (`工商局`, also after an ellipsis such as `省知识产权局、工商局`)
  belongs to the section's region too: the cells list departments of one government. `省、市组织部门`
  distributes the dangling `省` over the next name.
* Named sub-units keep their own name: a name that starts with a place (city, district, zone:
  `石家庄海关`, `中关村管委会`, `绵阳市人民政府`), with another region's name (`新疆知识产权局` in the
  兵团 section → `新疆维吾尔自治区知识产权局`, jurisdiction 新疆维吾尔自治区) or with a national body
  (`国家…`, `海关总署…`, `中科院…`, `人民银行沈阳分行`). A bare place means its government
  (`西安市` → `西安市人民政府`) or, for a zone, its administrative committee
  (`太原高新区` → `太原高新区管委会`).
* Branches of vertically managed national systems are named with the short region name, as they call
  themselves: customs, entry-exit inspection, banking/securities/insurance regulators and the IP courts
  (`自治区银监局` → `广西银监局`, `知识产权法院` in 上海市 → `上海知识产权法院`, `乌鲁木齐市海关` →
  `乌鲁木齐海关`).
* Abbreviations are normalised by `_ALIASES` (printed form → canonical form) so that one agency gets one
  name; the printed form stays in `AgencyMention.printed`. Only forms that certainly denote the same body
  are merged (e.g. 高院/高法/高法院/高级法院/法院 at provincial level → 高级人民法院; 工商行政管理局 → 工商局;
  科学技术厅 → 科技厅; 双打办/打侵办 → 打击侵权假冒工作领导小组办公室). `_REGION_NAMES` holds the few
  section-specific identities the cells themselves establish (兵团 `知识产权局` is its
  `科技局（知识产权局）`; 广东 `省代办处` is the patent office's 广州代办处). Not merged, for want of
  certainty: 卫生厅 vs 卫生计生委, 经信委 vs 工信委 within one region, a leading group vs its office.
  A bare `人行`/`人民银行` becomes `<region>人民银行`: the cell does not say which branch serves the region.
* Roles: `（牵头）` and `…牵头` → lead; `…配合`/`参与`/`协助` and everything after `配合部门：` →
  supporting; in `A会同B` A is lead and B supporting; everything else is "responsible" (also the first
  agency of `A 配合部门：B`, which the contract does not mark as lead).
* Collectives (`各有关部门`, `相关部门`, `…领导小组各成员单位`, `各市政府`, `有关市`, and in a province
  a bare `市…` — city-level bodies the cell does not name) set `involves_collective` and are not agencies.
  A trailing `等` ("etc.") closes a list and is not a collective. A leading group, its office and a joint
  conference are agencies of type LGO.
* Descriptive cells (`质监局提供…，农业部门负责…`) keep the agency before the verb.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

LEAD = "lead"
SUPPORTING = "supporting"
RESPONSIBLE = "responsible"


@dataclass(frozen=True)
class AgencyMention:
    """One agency named in a 责任部门 cell, resolved to the canonical name the graph uses for it."""

    name: str  # canonical full name with its region (河北省知识产权局); named sub-units keep their name
    printed: str  # the form as printed in the cell (for skos:altLabel), e.g. 省知识产权局 or 高院
    type_code: str  # a code of kg/data/agency-types.csv
    role: str  # "lead" | "supporting" | "responsible"
    jurisdiction: str  # region label (a section name), e.g. 河北省


@dataclass(frozen=True)
class ResolvedCell:
    """A whole 责任部门 cell: its agencies, whether it names an unspecified group, what was not understood."""

    agencies: tuple[AgencyMention, ...]  # document order, no duplicate names
    involves_collective: bool  # the cell also names an unspecified group (各有关部门, …各成员单位)
    unresolved: tuple[str, ...]  # fragments that could not be resolved


# --- regions and places -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Region:
    label: str  # section name, e.g. 广西壮族自治区
    prefix: str  # how its own cells abbreviate it: 省 / 市 / 自治区 / 兵团
    short: str  # the name vertically managed branches use: 广西, 北京; the XPCC keeps its full name


def _region(label: str) -> _Region:
    if label.endswith("兵团"):
        return _Region(label, "兵团", label)
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区"):
        if label.endswith(suffix):
            return _Region(label, "自治区", label.removesuffix(suffix))
    if label.endswith(("省", "市")):
        return _Region(label, label[-1], label[:-1])
    raise ValueError(f"not a provincial-level region label: {label!r}")


@cache
def _regions() -> tuple[_Region, ...]:
    """All section regions, longest label first (so 新疆生产建设兵团 wins over 新疆)."""
    text = resources.files("kg").joinpath("data", "regions.csv").read_text(encoding="utf-8")
    labels = [row["label_zh"] for row in csv.DictReader(text.splitlines())]
    return tuple(sorted((_region(label) for label in labels), key=lambda r: -len(r.label)))


@dataclass(frozen=True)
class _Place:
    short: str  # 乌鲁木齐
    full: str  # 乌鲁木齐市
    region: str  # the section it lies in
    default_body: str  # what a bare mention of the place means


_GOV = "人民政府"
_ZONE = "管委会"
# Places that start named sub-units in the document (cities, districts, zones, an XPCC division).
_PLACES: tuple[_Place, ...] = tuple(
    sorted(
        [
            _Place("中关村", "中关村", "北京市", _ZONE),
            _Place("滨海新区", "滨海新区", "天津市", _GOV),
            _Place("石家庄", "石家庄市", "河北省", _GOV),
            _Place("太原高新区", "太原高新区", "山西省", _ZONE),
            _Place("太原", "太原市", "山西省", _GOV),
            _Place("呼和浩特", "呼和浩特市", "内蒙古自治区", _GOV),
            _Place("满洲里", "满洲里市", "内蒙古自治区", _GOV),
            _Place("沈阳", "沈阳市", "辽宁省", _GOV),
            _Place("大连", "大连市", "辽宁省", _GOV),
            _Place("长春", "长春市", "吉林省", _GOV),
            _Place("浦东新区", "浦东新区", "上海市", _GOV),
            _Place("徐汇区", "徐汇区", "上海市", _GOV),
            _Place("南京", "南京市", "江苏省", _GOV),
            _Place("宁波", "宁波市", "浙江省", _GOV),
            _Place("杭州", "杭州市", "浙江省", _GOV),
            _Place("福州", "福州市", "福建省", _GOV),
            _Place("厦门", "厦门市", "福建省", _GOV),
            _Place("泉州", "泉州市", "福建省", _GOV),
            _Place("青岛", "青岛市", "山东省", _GOV),
            _Place("济南", "济南市", "山东省", _GOV),
            _Place("潍坊", "潍坊市", "山东省", _GOV),
            _Place("崂山区", "崂山区", "山东省", _GOV),
            _Place("武汉", "武汉市", "湖北省", _GOV),
            _Place("长沙", "长沙市", "湖南省", _GOV),
            _Place("广州", "广州市", "广东省", _GOV),
            _Place("南宁高新区", "南宁高新区", "广西壮族自治区", _ZONE),
            _Place("柳州高新区", "柳州高新区", "广西壮族自治区", _ZONE),
            _Place("桂林高新区", "桂林高新区", "广西壮族自治区", _ZONE),
            _Place("南宁", "南宁市", "广西壮族自治区", _GOV),
            _Place("海口", "海口市", "海南省", _GOV),
            _Place("两江新区", "两江新区", "重庆市", _ZONE),
            _Place("成都", "成都市", "四川省", _GOV),
            _Place("德阳", "德阳市", "四川省", _GOV),
            _Place("绵阳", "绵阳市", "四川省", _GOV),
            _Place("西咸新区", "西咸新区", "陕西省", _ZONE),
            _Place("杨凌示范区", "杨凌示范区", "陕西省", _ZONE),
            _Place("西安", "西安市", "陕西省", _GOV),
            _Place("宝鸡", "宝鸡市", "陕西省", _GOV),
            _Place("兰州新区", "兰州新区", "甘肃省", _ZONE),
            _Place("兰州", "兰州市", "甘肃省", _GOV),
            _Place("西宁", "西宁市", "青海省", _GOV),
            _Place("乌鲁木齐", "乌鲁木齐市", "新疆维吾尔自治区", _GOV),
            _Place("第八师", "新疆生产建设兵团第八师", "新疆生产建设兵团", _GOV),
        ],
        key=lambda p: -len(p.full),
    )
)

# Names that start with a national body are named sub-units kept as printed (after normalisation).
_NATIONAL_PREFIXES = ("国家", "海关总署", "中国科学院", "中科院", "中华", "中国")

# Department names whose regional branches are named with the short region / city name.
_SHORT_NAMED = ("海关", "出入境检验检疫局", "银监局", "证监局", "保监局", "知识产权法院")

# --- normalisation tables ---------------------------------------------------------------------------

# Printed department name (region prefix removed) → canonical department name.
_ALIASES: dict[str, str] = {
    # courts and procuratorates: a province's "法院" in these cells is its high court
    "高院": "高级人民法院",
    "高法": "高级人民法院",
    "高法院": "高级人民法院",
    "高级法院": "高级人民法院",
    "法院": "高级人民法院",
    "检察院": "人民检察院",
    "检三分院": "人民检察院第三分院",
    # extraction / printing slips
    "知识产局": "知识产权局",
    "文化执法部队": "文化执法总队",
    # same body, long and short form
    "工商行政管理局": "工商局",
    "工商管理局": "工商局",
    "检验检疫局": "出入境检验检疫局",
    "科学技术厅": "科技厅",
    "发改委": "发展改革委",
    "工业和信息化委": "工信委",
    "经济信息委": "经信委",
    "商委": "商务委",
    "人社厅": "人力资源社会保障厅",
    "人力资源和社会保障厅": "人力资源社会保障厅",
    "人社局": "人力资源社会保障局",
    "人力社保局": "人力资源社会保障局",
    "政府国资委": "国资委",
    "质量技术监督局": "质监局",
    "食药监局": "食品药品监督管理局",
    "卫计委": "卫生计生委",
    "政府金融办": "金融办",
    "律协": "律师协会",
    "委编办": "编办",
    "人行": "人民银行",
    "政府": "人民政府",
    # party committee departments (党委 is written 委 after 省/市, see _compose)
    "宣传部": "党委宣传部",
    "委宣传部": "党委宣传部",
    "组织部": "党委组织部",
    "委组织部": "党委组织部",
    "组织部门": "党委组织部",
    # the office of the leading group against IP infringement and counterfeiting
    "双打办": "打击侵权假冒工作领导小组办公室",
    "打侵办": "打击侵权假冒工作领导小组办公室",
    "打击侵犯知识产权和制售假冒伪劣商品工作领导小组办公室": "打击侵权假冒工作领导小组办公室",
    "知识产权领导小组办公室": "知识产权工作领导小组办公室",
}

# (section, printed department name) → canonical full name, where the cells establish the identity.
_REGION_NAMES: dict[tuple[str, str], str] = {
    # the XPCC's IP office is its S&T bureau: cells print 兵团科技局（知识产权局） and 兵团知识产权局
    ("新疆生产建设兵团", "知识产权局"): "新疆生产建设兵团科技局（知识产权局）",
    # the XPCC has no high court of its own (its courts are a branch of Xinjiang's)
    ("新疆生产建设兵团", "法院"): "新疆生产建设兵团法院",
    # the same cell family prints 市农业局; 农业部门 is that body
    ("北京市", "农业部门"): "北京市农业局",
    # 省代办处 in 广东 is the patent office's Guangzhou agency (printed in full elsewhere in the section)
    ("广东省", "代办处"): "国家知识产权局专利局广州代办处",
}

# Keyword → agency-type code; the longest keyword found in the name decides (parentheses first).
_TYPE_KEYWORDS: dict[str, str] = {
    "知识产权局": "IPO",
    "代办处": "IPO",
    "工商局": "AIC",
    "市场监管": "MSA",
    "市场监督管理": "MSA",
    "版权局": "CPR",
    "新闻出版": "PPB",
    "海关": "CUS",
    "检验检疫": "CIQ",
    "法院": "CRT",
    "检察院": "PRO",
    "公安": "PSB",
    "经侦": "PSB",
    "商务厅": "COM",
    "商务委": "COM",
    "商务局": "COM",
    "博览局": "COM",
    "教育厅": "EDU",
    "教委": "EDU",
    "教育局": "EDU",
    "科技厅": "SCI",
    "科委": "SCI",
    "科技局": "SCI",
    "科技创新委员会": "SCI",
    "科技奖励办公室": "SCI",
    "财政厅": "FIN",
    "财政局": "FIN",
    "财务局": "FIN",
    "发展改革委": "DRC",
    "经信委": "IIT",
    "工信厅": "IIT",
    "工信委": "IIT",
    "中小企业局": "IIT",
    "国防科工办": "IIT",
    "国防工办": "IIT",
    "国资委": "SAS",
    "司法厅": "JUS",
    "司法局": "JUS",
    "法制办": "LEG",
    "文化厅": "CUL",
    "文化委": "CUL",
    "文广局": "CUL",
    "文化广电局": "CUL",
    "文化执法总队": "CUL",
    "文化市场": "CUL",
    "文体厅": "CUL",
    "文物局": "HER",
    "农业厅": "AGR",
    "农委": "AGR",
    "农牧业厅": "AGR",
    "农牧厅": "AGR",
    "农业局": "AGR",
    "农垦": "AGR",
    "林业厅": "FOR",
    "林业局": "FOR",
    "园林绿化局": "FOR",
    "森工总局": "FOR",
    "质监局": "QTS",
    "食品药品": "FDA",
    "卫生厅": "HLT",
    "卫生计生委": "HLT",
    "中医药管理局": "HLT",
    "人力资源社会保障": "HRS",
    "金融办": "FNO",
    "金融局": "FNO",
    "人民银行": "PBC",
    "银监局": "CBR",
    "证监局": "CSR",
    "保监局": "CIR",
    "外办": "FAO",
    "外侨办": "FAO",
    "统计局": "STA",
    "国税局": "TAX",
    "地税局": "TAX",
    "宣传部": "PRP",
    "组织部": "ORG",
    "人才办": "TAL",
    "人民政府": "GOV",
    "人大": "PAR",
    "领导小组": "LGO",
    "联席会议": "LGO",
    "管委会": "ZON",
    "产业园": "ZON",
    "科学院": "CAS",
    "中科院": "CAS",
    "社科院": "CAS",
    "高校": "UNI",
    "研究院": "UNI",
    "农科所": "UNI",
    "研究与发展中心": "UNI",
    "协会": "ASC",
    "科协": "ASC",
    "贸促会": "ASC",
    "共青团": "ASC",
    "城管": "URB",
    "银行": "ENT",
    "公司": "ENT",
    # known bodies with no better kind in the scheme
    "编办": "OTH",
    "考核办": "OTH",
    "效能办": "OTH",
    "信用办": "OTH",
    "扶贫移民局": "OTH",
    "信息中心": "OTH",
}


def classify_agency(name: str) -> str | None:
    """The agency-type code of a canonical name (most specific keyword wins), or None if nothing fits."""
    inner = re.search(r"（(.+?)）", name)
    if inner and (code := classify_agency(inner.group(1))):
        return code  # 科技局（知识产权局）: the bracketed plate is the function the cell refers to
    best = max((k for k in _TYPE_KEYWORDS if k in name), key=len, default=None)
    return _TYPE_KEYWORDS[best] if best else None


def _canonical_department(rest: str) -> str:
    """Normalise a department name without its region: aliases, then spelled-out abbreviations."""
    rest = _ALIASES.get(rest, rest)
    if rest.startswith("人行"):
        rest = "人民银行" + rest[2:]
    rest = rest.replace("营管部", "营业管理部")
    return re.sub(r"(?<!人民)政府", "人民政府", rest)


def _recognised(rest: str) -> bool:
    return bool(rest) and classify_agency(_canonical_department(rest)) is not None


def _compose(region: _Region, department: str) -> str:
    """Full name of a department of a region."""
    if department.endswith(_SHORT_NAMED):
        return region.short + department
    if department.startswith("党委") and region.prefix in ("省", "市"):
        return region.label + department[1:]  # 河北省委宣传部, but 内蒙古自治区党委宣传部
    if department in ("团省委", "团市委"):
        return "共青团" + region.label + "委"
    return region.label + department


@lru_cache(maxsize=8192)
def _resolve_name(printed: str, section: str) -> tuple[str, str, str] | None:
    """(canonical name, type code, jurisdiction) of one printed name in a section; None if not an agency."""
    name, jurisdiction = _name_and_jurisdiction(printed, _region(section))
    code = classify_agency(name)
    return (name, code, jurisdiction) if code else None


def _name_and_jurisdiction(printed: str, ctx: _Region) -> tuple[str, str]:
    """Canonical name and jurisdiction by the module docstring's rules (not yet checked to be a name)."""
    rest, region = printed, ctx
    for other in _regions():
        if printed.startswith(other.label) and len(printed) > len(other.label):
            rest, region = printed[len(other.label) :], other
            break
    else:
        stripped = printed.removeprefix(ctx.prefix)
        if stripped != printed and stripped and (_recognised(stripped) or not _recognised(printed)):
            rest = stripped
    if (known := _REGION_NAMES.get((region.label, rest))) is not None:
        return known, region.label
    if classify_agency(rest) == "ENT" or rest.startswith(_NATIONAL_PREFIXES):
        return _canonical_department(rest), region.label  # named enterprise or national body
    if rest.startswith(("人行", "人民银行")) and rest not in ("人行", "人民银行"):
        return _canonical_department(rest), region.label  # 人民银行沈阳分行: named branch
    for place in _PLACES:
        for form in (place.full, place.short):
            if rest.startswith(form):
                department = _canonical_department(rest[len(form) :])
                if not department:
                    return place.full + place.default_body, place.region
                head = place.short if department.endswith(_SHORT_NAMED) else place.full
                return head + department, place.region
    for other in _regions():
        if rest.startswith(other.short) and len(rest) > len(other.short) and other.short != other.label:
            region, rest = other, rest[len(other.short) :]  # 北京海关, 新疆知识产权局
            break
    return _compose(region, _canonical_department(rest)), region.label


# --- cell syntax ------------------------------------------------------------------------------------

_PUNCTUATION = str.maketrans(
    {
        "(": "（",
        ")": "）",
        ",": "，",
        ";": "；",
        ":": "：",
        "“": None,
        "”": None,
        '"': None,
        "‘": None,
        "’": None,
        "。": "；",
    }
)
_HTML = re.compile(r"<[^>]*>")
_SEPARATORS = "、，；：及"
_NAME_FINAL = set("局厅委院办会关部府室处队组区行所位门心地司议）")
_SUBUNIT_TAILS = ("总队", "代办处")  # printed after a space below their parent: 公安厅 经侦总队
# two names printed without a separator: 省文化厅省文化市场综合执法局, 市科委市财政局
_RUN_TOGETHER = re.compile(r"(?:(?<=[局厅委院办会部府])|(?<=[^有相]关))(?=省|市|自治区|兵团)")
# a descriptive tail: 质监局提供标准化…, 农科所负责…, …按职责分别负责
_DESCRIPTION = re.compile(r"(?:按职责分别|分工|分别)?(?:负责|提供).*$")
_ROLE_TAIL = re.compile(r"(牵头|配合|参与|协助)$")
_ROLE_OF_TAIL = {"牵头": LEAD, "配合": SUPPORTING, "参与": SUPPORTING, "协助": SUPPORTING}
_COLLECTIVE = re.compile(r"有关|相关|成员|所在|各|行办|管理部门$|^(?:部门|单位|培训基地)$")
_DANGLING_PREFIXES = ("省", "市", "自治区", "兵团")


def _handle_spaces(text: str) -> str:
    """Spaces separate two names (`市知识产权局 市教委`) or are stray inside one (`林 业厅`)."""
    pieces = text.split()
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        left = re.split(f"[{_SEPARATORS}]", out)[-1]
        right = re.split(f"[{_SEPARATORS}]", piece)[0]
        continues = (right.endswith(_SUBUNIT_TAILS) and not right.startswith(_DANGLING_PREFIXES)) or (
            right.startswith(("各成员单位", "成员单位"))
        )
        separate = bool(left) and bool(right) and left[-1] in _NAME_FINAL and not continues
        out += ("、" if separate else "") + piece
    return out


def _clean(cell: str) -> str:
    text = _HTML.sub("", cell).translate(_PUNCTUATION).replace("知知识产权", "知识产权")  # doubled at a break
    text = re.sub(r"\s*配合部门：\s*", "；配合部门：", text)
    text = _handle_spaces(text)
    return _RUN_TOGETHER.sub("、", text).strip("；，、")


def _split_items(part: str) -> list[str]:
    # 等 ("etc.") ends a list or separates a name from a following group (版权局等知识产权相关部门)
    return [item for item in re.split(r"[、及]|(?<!高)等", part) if item]


def _items_with_roles(text: str) -> Iterator[tuple[str, str]]:
    """Yield (printed item, role) in document order."""
    head, marker, support = text.partition("配合部门：")
    for clause in re.split("[，；]", head):
        clause = _DESCRIPTION.sub("", clause)
        role = RESPONSIBLE
        if tail := _ROLE_TAIL.search(clause):
            role, clause = _ROLE_OF_TAIL[tail.group(1)], clause[: tail.start()]
        leaders, joint, partners = clause.partition("会同")
        for item in _split_items(leaders):
            yield item, LEAD if joint else role
        for item in _split_items(partners):
            yield item, SUPPORTING
    if marker:
        for item in _split_items(re.sub("[，；]", "、", support)):
            yield item, SUPPORTING


def _is_collective(item: str, region: _Region) -> bool:
    if _COLLECTIVE.search(item):
        return True
    # in a province, 市… names city-level bodies without saying which city
    return region.prefix != "市" and item.startswith("市") and not item.startswith("市场")


def normalise_agency_name(printed: str, region: str) -> str | None:
    """The canonical name of one printed agency name in a region's cell; None if it names no agency."""
    printed = "".join(printed.translate(_PUNCTUATION).split()).strip("；，、")
    resolved = None if _is_collective(printed, _region(region)) else _resolve_name(printed, region)
    return resolved[0] if resolved else None


def resolve_agencies(cell: str, region: str) -> ResolvedCell:
    """Resolve one cleaned 责任部门 cell of a region's table (section name as printed) into agencies."""
    ctx = _region(region)
    items = list(_items_with_roles(_clean(cell)))
    agencies: dict[str, AgencyMention] = {}
    collective = False
    unresolved: list[str] = []
    for index, (item, role) in enumerate(items):
        if item in _DANGLING_PREFIXES and index + 1 < len(items):
            following = items[index + 1][0]  # 省、市组织部门 → 省组织部门
            for prefix in _DANGLING_PREFIXES:
                if following.startswith(prefix):
                    item = item + following[len(prefix) :]
                    break
        if item.endswith("（牵头）"):
            item, role = item.removesuffix("（牵头）"), LEAD
        if _is_collective(item, ctx):
            collective = True
            continue
        resolved = _resolve_name(item, region) if item.count("（") == item.count("）") else None
        if resolved is None:
            unresolved.append(item)
            continue
        name, code, jurisdiction = resolved
        if name not in agencies:
            agencies[name] = AgencyMention(name, item, code, role, jurisdiction)
    return ResolvedCell(tuple(agencies.values()), collective, tuple(unresolved))
