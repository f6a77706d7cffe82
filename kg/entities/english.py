"""English names of agencies, built from the structure of their canonical Chinese names.

The rule (docs/graph-model.md, "English agency names"):

* A canonical name is a place, a department and, sometimes, a bracketed plate or a sub-unit:
  `广东省` + `知识产权局`; `新疆生产建设兵团` + `科技局` + `（知识产权局）`; `浙江省` + `人民政府` + `办公厅`.
* The place is named as government bodies name themselves in English: a province `Guangdong Provincial`, a
  municipality or city `Beijing Municipal`, `Chengdu Municipal`, an autonomous region by its full name
  (`Guangxi Zhuang Autonomous Region`), the XPCC `Xinjiang Production and Construction Corps`, a district
  or zone by its name (`Pudong New Area`, `Zhongguancun`). Branches of vertically managed national systems
  that name themselves with the short place name (`北京海关`, `广西银监局`) and courts take the plain
  place name: `Beijing Customs`, `Guangxi Banking Regulatory Bureau`, `Guangdong Higher People's Court`.
* The department is translated by `DEPARTMENTS` (the printed department names, which tell a 厅 "Department of"
  from a 局 "Bureau" and a 委 "Commission"); a department not listed there takes its agency type's English
  name (kg/data/agency-types.csv), so every agency gets a name.
* A plate follows in brackets; a sub-unit comes first: `General Office of the Zhejiang Provincial People's
  Government`; a party committee's department likewise: `Publicity Department of the Beijing Municipal Party
  Committee`.
* Bodies outside this structure (national bodies' branches, enterprises) are listed whole in `WHOLE_NAMES`.
  One that is not (a new edition's) gets its type's English name with the Chinese name in brackets, so the
  build never stops for want of a translation and never invents one.
"""

from __future__ import annotations

import re

from kg.entities.agencies import _PLACES, _SHORT_NAMED, _regions
from kg.entities.vocab import agency_types, regions

WHOLE_NAMES: dict[str, str] = {
    "国家知识产权局专利局广州代办处": (
        "Guangzhou Patent Agency of the Patent Office of the State Intellectual Property Office"
    ),
    "海关总署广东分署": "Guangdong Sub-Administration of the General Administration of Customs",
    "中科院武汉分院": "Wuhan Branch of the Chinese Academy of Sciences",
    "中科院沈阳分院": "Shenyang Branch of the Chinese Academy of Sciences",
    "人民银行兰州中心支行": "People's Bank of China Lanzhou Central Sub-branch",
    "人民银行成都分行": "People's Bank of China Chengdu Branch",
    "人民银行杭州支行": "People's Bank of China Hangzhou Sub-branch",
    "人民银行沈阳分行": "People's Bank of China Shenyang Branch",
    "人民银行西安分行": "People's Bank of China Xi'an Branch",
    "人民银行重庆营业管理部": "People's Bank of China Chongqing Operations Office",
    "中华联合保险公司石河子分公司": "China United Property Insurance Company Shihezi Branch",
    "石河子国民村镇银行": "Shihezi Guomin Village Bank",
}

DEPARTMENTS: dict[str, str] = {
    "知识产权局": "Intellectual Property Office",
    "工商局": "Administration for Industry and Commerce",
    "市场监管委": "Market Supervision and Administration Commission",
    "版权局": "Copyright Administration",
    "新闻出版广电局": "Press, Publication, Radio, Film and Television Bureau",
    "新闻出版局": "Press and Publication Bureau",
    "文化和新闻出版厅": "Department of Culture, Press and Publication",
    "海关": "Customs",
    "出入境检验检疫局": "Entry-Exit Inspection and Quarantine Bureau",
    "高级人民法院": "Higher People's Court",
    "中级人民法院": "Intermediate People's Court",
    "知识产权法院": "Intellectual Property Court",
    "法院": "Court",
    "人民检察院": "People's Procuratorate",
    "公安厅": "Public Security Department",
    "公安局": "Public Security Bureau",
    "商务厅": "Department of Commerce",
    "商务委": "Commission of Commerce",
    "商务局": "Commerce Bureau",
    "博览局": "Exposition Bureau",
    "教育厅": "Department of Education",
    "教委": "Education Commission",
    "教育局": "Education Bureau",
    "科技厅": "Department of Science and Technology",
    "科委": "Science and Technology Commission",
    "科技局": "Science and Technology Bureau",
    "科技创新委员会": "Science, Technology and Innovation Commission",
    "科技奖励办公室": "Science and Technology Awards Office",
    "财政厅": "Department of Finance",
    "财政局": "Finance Bureau",
    "财务局": "Finance Bureau",
    "发展改革委": "Development and Reform Commission",
    "经信委": "Economy and Information Technology Commission",
    "工信厅": "Department of Industry and Information Technology",
    "工信委": "Industry and Information Technology Commission",
    "中小企业局": "Small and Medium Enterprises Bureau",
    "国防科工办": "Office of National Defense Science, Technology and Industry",
    "国防工办": "Office of National Defense Industry",
    "国资委": "State-owned Assets Supervision and Administration Commission",
    "司法厅": "Department of Justice",
    "司法局": "Justice Bureau",
    "法制办": "Legislative Affairs Office",
    "文化厅": "Department of Culture",
    "文化委": "Culture Commission",
    "文广局": "Culture, Radio and Television Bureau",
    "文化广电局": "Culture, Radio and Television Bureau",
    "文化执法总队": "Cultural Law Enforcement Corps",
    "文化市场综合执法局": "Cultural Market Law Enforcement Bureau",
    "文体厅": "Department of Culture and Sports",
    "文物局": "Cultural Heritage Administration",
    "农业厅": "Department of Agriculture",
    "农委": "Agriculture Commission",
    "农牧业厅": "Department of Agriculture and Animal Husbandry",
    "农牧厅": "Department of Agriculture and Animal Husbandry",
    "农业局": "Agriculture Bureau",
    "农垦总局": "Land Reclamation General Bureau",
    "林业厅": "Department of Forestry",
    "林业局": "Forestry Bureau",
    "园林绿化局": "Landscape and Forestry Bureau",
    "森工总局": "Forest Industry General Bureau",
    "质监局": "Quality and Technical Supervision Bureau",
    "食品药品监督管理局": "Food and Drug Administration",
    "卫生厅": "Department of Health",
    "卫生计生委": "Health and Family Planning Commission",
    "人力资源社会保障厅": "Department of Human Resources and Social Security",
    "人力资源社会保障局": "Human Resources and Social Security Bureau",
    "金融办": "Financial Affairs Office",
    "金融局": "Financial Work Bureau",
    "人民银行": "Branch of the People's Bank of China",
    "银监局": "Banking Regulatory Bureau",
    "证监局": "Securities Regulatory Bureau",
    "保监局": "Insurance Regulatory Bureau",
    "外办": "Foreign Affairs Office",
    "外侨办": "Foreign and Overseas Chinese Affairs Office",
    "统计局": "Statistics Bureau",
    "人才办": "Talent Work Office",
    "人民政府": "People's Government",
    "人大": "People's Congress",
    "打击侵权假冒工作领导小组": "Leading Group on Combating IPR Infringement and Counterfeiting",
    "打击侵权假冒工作领导小组办公室": (
        "Office of the Leading Group on Combating IPR Infringement and Counterfeiting"
    ),
    "知识产权工作领导小组办公室": "Office of the Intellectual Property Leading Group",
    "知识产权战略实施工作联席会议办公室": "Office of the Joint Conference on Intellectual Property Strategy",
    "知识产权厅际联席会议": "Inter-departmental Joint Conference on Intellectual Property",
    "管委会": "Administrative Committee",
    "知识产权创意产业园": "Intellectual Property Creative Industry Park",
    "科学院": "Academy of Sciences",
    "社科院": "Academy of Social Sciences",
    "农科所": "Agricultural Science Institute",
    "知识产权研究与发展中心": "Intellectual Property Research and Development Center",
    "科协": "Association for Science and Technology",
    "贸促会": "Council for the Promotion of International Trade",
    "律师协会": "Lawyers Association",
    "城管执法局": "Urban Management Law Enforcement Bureau",
    "编办": "Institutional Organization Commission Office",
    "考核办": "Performance Assessment Office",
    "效能办": "Administrative Efficiency Office",
    "信用办": "Social Credit Office",
    "扶贫移民局": "Poverty Alleviation and Migration Bureau",
    "知识产权信息中心": "Intellectual Property Information Center",
}

#: Sub-units printed after their parent department: "<sub-unit> of the <parent>".
SUB_UNITS: dict[str, str] = {
    "办公厅": "General Office",
    "督查室": "Inspection Office",
    "经侦总队": "Economic Crime Investigation Corps",
    "第三分院": "Third Branch",
}

#: Party committee departments (`省委宣传部`, `自治区党委组织部`): "<department> of the <place> Party
#: Committee".
PARTY_DEPARTMENTS: dict[str, str] = {"宣传部": "Publicity Department", "组织部": "Organization Department"}

#: Places below the regions that start named sub-units (kg.entities.agencies._PLACES), by full name.
PLACES: dict[str, str] = {
    "中关村": "Zhongguancun",
    "滨海新区": "Binhai New Area",
    "石家庄市": "Shijiazhuang",
    "太原高新区": "Taiyuan High-tech Zone",
    "太原市": "Taiyuan",
    "呼和浩特市": "Hohhot",
    "满洲里市": "Manzhouli",
    "沈阳市": "Shenyang",
    "大连市": "Dalian",
    "长春市": "Changchun",
    "浦东新区": "Pudong New Area",
    "徐汇区": "Xuhui District",
    "南京市": "Nanjing",
    "宁波市": "Ningbo",
    "杭州市": "Hangzhou",
    "福州市": "Fuzhou",
    "厦门市": "Xiamen",
    "泉州市": "Quanzhou",
    "青岛市": "Qingdao",
    "济南市": "Jinan",
    "潍坊市": "Weifang",
    "崂山区": "Laoshan District",
    "武汉市": "Wuhan",
    "长沙市": "Changsha",
    "广州市": "Guangzhou",
    "南宁高新区": "Nanning High-tech Zone",
    "柳州高新区": "Liuzhou High-tech Zone",
    "桂林高新区": "Guilin High-tech Zone",
    "南宁市": "Nanning",
    "海口市": "Haikou",
    "两江新区": "Liangjiang New Area",
    "成都市": "Chengdu",
    "德阳市": "Deyang",
    "绵阳市": "Mianyang",
    "西咸新区": "Xixian New Area",
    "杨凌示范区": "Yangling Demonstration Zone",
    "西安市": "Xi'an",
    "宝鸡市": "Baoji",
    "兰州新区": "Lanzhou New Area",
    "兰州市": "Lanzhou",
    "西宁市": "Xining",
    "乌鲁木齐市": "Urumqi",
    "新疆生产建设兵团第八师": "Xinjiang Production and Construction Corps 8th Division",
}

_AUTONOMOUS = {
    "壮族自治区": "Zhuang Autonomous Region",
    "回族自治区": "Hui Autonomous Region",
    "维吾尔自治区": "Uygur Autonomous Region",
    "自治区": "Autonomous Region",
}
#: Departments named with the plain place name, as these bodies name themselves (courts, bank branches).
_PLAIN_PLACE = ("法院", "人民银行", *_SHORT_NAMED)


def _region_names(label: str) -> tuple[str, str, str]:
    """(short, full, adjectival) English names of a region section: ("Guangxi", "Guangxi Zhuang
    Autonomous Region", "Guangxi Zhuang Autonomous Region"), ("Guangdong", "Guangdong", "Guangdong
    Provincial")."""
    short = regions()[label].label_en
    for suffix, english in _AUTONOMOUS.items():
        if label.endswith(suffix):
            return short, f"{short} {english}", f"{short} {english}"
    if label.endswith("省"):
        return short, short, f"{short} Provincial"
    if label.endswith("市"):
        return short, short, f"{short} Municipal"
    return short, short, short  # the XPCC


def _place(name: str) -> tuple[str, str, str] | None:
    """(plain English place, adjectival English place, rest of the name), or None without a known place."""
    for full, english in sorted(PLACES.items(), key=lambda item: -len(item[0])):
        place = next((p for p in _PLACES if p.full == full), None)
        for form in (full, place.short if place else full):
            if name.startswith(form) and len(name) > len(form):
                adjective = f"{english} Municipal" if full.endswith("市") else english
                return english, adjective, name[len(form) :]
    for short in (False, True):  # every full label before any short name (新疆生产建设兵团 is not 新疆)
        for region in _regions():
            form = region.short if short else region.label
            if name.startswith(form) and len(name) > len(form):
                short_en, full_en, adjective = _region_names(region.label)
                if short:  # 北京海关, 广西银监局: the short name, as the branch names itself
                    return short_en, short_en, name[len(form) :]
                return full_en, adjective, name[len(form) :]
    return None


def _department(rest: str, type_code: str) -> str:
    return DEPARTMENTS.get(rest) or agency_types()[type_code].label_en


def english_name(name: str, type_code: str) -> str:
    """The English name of an agency from its canonical Chinese name and type code (see the module doc)."""
    if name in WHOLE_NAMES:
        return WHOLE_NAMES[name]
    if (youth := re.fullmatch(r"共青团(.+)委", name)) is not None and (
        place := _place(youth.group(1) + "委")
    ):
        return f"{place[1]} Committee of the Communist Youth League"
    if (found := _place(name)) is None:
        return f"{agency_types()[type_code].label_en} ({name})"
    plain, adjective, rest = found
    party = re.fullmatch(r"党?委(宣传部|组织部)", rest)
    if party:
        return f"{PARTY_DEPARTMENTS[party.group(1)]} of the {adjective} Party Committee"
    plate = ""
    if (bracket := re.fullmatch(r"(.+)（(.+)）", rest)) is not None:
        rest, plate = bracket.group(1), f" ({_department(bracket.group(2), type_code)})"
    for suffix, english in SUB_UNITS.items():
        if rest.endswith(suffix) and rest != suffix:
            parent = rest.removesuffix(suffix)
            return f"{english} of the {adjective} {_department(parent, type_code)}{plate}"
    named = plain if rest.endswith(_PLAIN_PLACE) else adjective
    return f"{named} {_department(rest, type_code)}{plate}"
