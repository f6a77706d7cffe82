"""Tests for kg.entities.agencies: hand-checked 责任部门 cells of the bundled document, plus whole-document
properties (every cell resolves, one real agency gets one name)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from importlib import resources

import pytest

from kg.entities.agencies import (
    LEAD,
    RESPONSIBLE,
    SUPPORTING,
    AgencyMention,
    classify_agency,
    normalise_agency_name,
    resolve_agencies,
)
from kg.entities.vocab import agency_types

L, S, R = LEAD, SUPPORTING, RESPONSIBLE

# (region, cell as printed, expected agencies as (name, type, role), expected collective flag), each
# checked by hand against kg/data/ip-strategy-work-plans-2017.txt; "line N" is the source line of the
# 责任部门 cell. Cells split by a page break are given joined, as the table parser delivers them.
CASES = [
    # line 46
    pytest.param(
        "北京市",
        "市知识产权局、中关村管委会",
        [("北京市知识产权局", "IPO", R), ("中关村管委会", "ZON", R)],
        False,
        id="line-46",
    ),
    # line 47
    pytest.param(
        "北京市",
        "市检察院",
        [("北京市人民检察院", "PRO", R)],
        False,
        id="line-47",
    ),
    # line 49
    pytest.param(
        "北京市",
        "北京海关",
        [("北京海关", "CUS", R)],
        False,
        id="line-49",
    ),
    # line 57
    pytest.param(
        "北京市",
        "北京知识产权法院",
        [("北京知识产权法院", "CRT", R)],
        False,
        id="line-57",
    ),
    # line 64
    pytest.param(
        "北京市",
        "市知识产权局 配合部门：市经信委、市国资委",
        [("北京市知识产权局", "IPO", R), ("北京市经信委", "IIT", S), ("北京市国资委", "SAS", S)],
        False,
        id="line-64",
    ),
    # line 80
    pytest.param(
        "北京市",
        (
            "市知识产权局 配合部门:市外办、市工商局;市科委、市经信委、市商委、市工商局、市"
            "文化执法总队、中关村管委会、市高级人民法院"
        ),
        [
            ("北京市知识产权局", "IPO", R),
            ("北京市外办", "FAO", S),
            ("北京市工商局", "AIC", S),
            ("北京市科委", "SCI", S),
            ("北京市经信委", "IIT", S),
            ("北京市商务委", "COM", S),
            ("北京市文化执法总队", "CUL", S),
            ("中关村管委会", "ZON", S),
            ("北京市高级人民法院", "CRT", S),
        ],
        False,
        id="line-80",
    ),
    # line 85
    pytest.param(
        "北京市",
        "市知识产权局配合部门:市金融局、市财政局",
        [("北京市知识产权局", "IPO", R), ("北京市金融局", "FNO", S), ("北京市财政局", "FIN", S)],
        False,
        id="line-85",
    ),
    # line 93
    pytest.param(
        "北京市",
        "市知识产权局 市教委",
        [("北京市知识产权局", "IPO", R), ("北京市教委", "EDU", R)],
        False,
        id="line-93",
    ),
    # line 94
    pytest.param(
        "北京市",
        "市委宣传部 市知识产权局",
        [("北京市委宣传部", "PRP", R), ("北京市知识产权局", "IPO", R)],
        False,
        id="line-94",
    ),
    # line 102
    pytest.param(
        "天津市",
        "市科委、知识产权局",
        [("天津市科委", "SCI", R), ("天津市知识产权局", "IPO", R)],
        False,
        id="line-102",
    ),
    # line 104
    pytest.param(
        "天津市",
        "市知识产权局，相关部门配合",
        [("天津市知识产权局", "IPO", R)],
        True,
        id="line-104",
    ),
    # line 106
    pytest.param(
        "天津市",
        "市知识产权局、市场监管委、版权局、商务委分工负责",
        [
            ("天津市知识产权局", "IPO", R),
            ("天津市市场监管委", "MSA", R),
            ("天津市版权局", "CPR", R),
            ("天津市商务委", "COM", R),
        ],
        False,
        id="line-106",
    ),
    # line 107
    pytest.param(
        "天津市",
        "天津海关 天津检验检疫局",
        [("天津海关", "CUS", R), ("天津出入境检验检疫局", "CIQ", R)],
        False,
        id="line-107",
    ),
    # line 113
    pytest.param(
        "天津市",
        "市高法院、检察院、公安局",
        [("天津市高级人民法院", "CRT", R), ("天津市人民检察院", "PRO", R), ("天津市公安局", "PSB", R)],
        False,
        id="line-113",
    ),
    # line 114
    pytest.param(
        "天津市",
        "市市场监管委、知识产权局",
        [("天津市市场监管委", "MSA", R), ("天津市知识产权局", "IPO", R)],
        False,
        id="line-114",
    ),
    # line 115
    pytest.param(
        "天津市",
        "市商务委牵头，知识产权局、市场监管委配合",
        [("天津市商务委", "COM", L), ("天津市知识产权局", "IPO", S), ("天津市市场监管委", "MSA", S)],
        False,
        id="line-115",
    ),
    # line 123
    pytest.param(
        "天津市",
        "市知识产权局、金融局、滨海新区",
        [("天津市知识产权局", "IPO", R), ("天津市金融局", "FNO", R), ("滨海新区人民政府", "GOV", R)],
        False,
        id="line-123",
    ),
    # line 140
    pytest.param(
        "天津市",
        "市知识产权局、市场监管委、版权局等知识产权相关部门",
        [("天津市知识产权局", "IPO", R), ("天津市市场监管委", "MSA", R), ("天津市版权局", "CPR", R)],
        True,
        id="line-140",
    ),
    # line 141
    pytest.param(
        "天津市",
        "市知识产权局、天津银监局",
        [("天津市知识产权局", "IPO", R), ("天津银监局", "CBR", R)],
        False,
        id="line-141",
    ),
    # line 145
    pytest.param(
        "天津市",
        "市知识产权局、人力社保局",
        [("天津市知识产权局", "IPO", R), ("天津市人力资源社会保障局", "HRS", R)],
        False,
        id="line-145",
    ),
    # line 147
    pytest.param(
        "天津市",
        "市知识产权局牵头，市委宣传部、教委、科委、科协、版权局、农委配合，其他各相关部门参与",
        [
            ("天津市知识产权局", "IPO", L),
            ("天津市委宣传部", "PRP", S),
            ("天津市教委", "EDU", S),
            ("天津市科委", "SCI", S),
            ("天津市科协", "ASC", S),
            ("天津市版权局", "CPR", S),
            ("天津市农委", "AGR", S),
        ],
        True,
        id="line-147",
    ),
    # line 149
    pytest.param(
        "天津市",
        "市知识产权局牵头，版权局、市场监管委等配合",
        [("天津市知识产权局", "IPO", L), ("天津市版权局", "CPR", S), ("天津市市场监管委", "MSA", S)],
        False,
        id="line-149",
    ),
    # line 155
    pytest.param(
        "河北省",
        "各市政府",
        [],
        True,
        id="line-155",
    ),
    # line 157
    pytest.param(
        "河北省",
        "省打侵办，各有关部门",
        [("河北省打击侵权假冒工作领导小组办公室", "LGO", R)],
        True,
        id="line-157",
    ),
    # line 158
    pytest.param(
        "河北省",
        "省知识产权局会同有关部门",
        [("河北省知识产权局", "IPO", L)],
        True,
        id="line-158",
    ),
    # line 159
    pytest.param(
        "河北省",
        "石家庄海关",
        [("石家庄海关", "CUS", R)],
        False,
        id="line-159",
    ),
    # line 160
    pytest.param(
        "河北省",
        "省商务厅、知识产权局会同有关部门",
        [("河北省商务厅", "COM", L), ("河北省知识产权局", "IPO", L)],
        True,
        id="line-160",
    ),
    # line 172
    pytest.param(
        "河北省",
        "人行、工商局、新闻出版广电局、知识产权局、银监局、证监局",
        [
            ("河北省人民银行", "PBC", R),
            ("河北省工商局", "AIC", R),
            ("河北省新闻出版广电局", "PPB", R),
            ("河北省知识产权局", "IPO", R),
            ("河北银监局", "CBR", R),
            ("河北证监局", "CSR", R),
        ],
        False,
        id="line-172",
    ),
    # line 187
    pytest.param(
        "河北省",
        "省财政厅及有关部门",
        [("河北省财政厅", "FIN", R)],
        True,
        id="line-187",
    ),
    # line 194
    pytest.param(
        "河北省",
        "省知战领导小组成员单位",
        [],
        True,
        id="line-194",
    ),
    # line 202
    pytest.param(
        "山西省",
        "省考核办",
        [("山西省考核办", "OTH", R)],
        False,
        id="line-202",
    ),
    # line 204
    pytest.param(
        "山西省",
        "省商务厅、省知识产权局、省工商局、省文化厅 太原海关",
        [
            ("山西省商务厅", "COM", R),
            ("山西省知识产权局", "IPO", R),
            ("山西省工商局", "AIC", R),
            ("山西省文化厅", "CUL", R),
            ("太原海关", "CUS", R),
        ],
        False,
        id="line-204",
    ),
    # line 206
    pytest.param(
        "山西省",
        "省公安厅 省高院",
        [("山西省公安厅", "PSB", R), ("山西省高级人民法院", "CRT", R)],
        False,
        id="line-206",
    ),
    # line 208
    pytest.param(
        "山西省",
        "太原高新区",
        [("太原高新区管委会", "ZON", R)],
        False,
        id="line-208",
    ),
    # line 222
    pytest.param(
        "内蒙古自治区",
        (
            "自治区高级人民法院、检察院，公安厅、商务厅、文化厅、工商局、新闻出版广电局（版权"
            "局）、质监局、农牧业厅、林业厅、知识产权局，呼和浩特海关、满洲里海关"
        ),
        [
            ("内蒙古自治区高级人民法院", "CRT", R),
            ("内蒙古自治区人民检察院", "PRO", R),
            ("内蒙古自治区公安厅", "PSB", R),
            ("内蒙古自治区商务厅", "COM", R),
            ("内蒙古自治区文化厅", "CUL", R),
            ("内蒙古自治区工商局", "AIC", R),
            ("内蒙古自治区新闻出版广电局（版权局）", "CPR", R),
            ("内蒙古自治区质监局", "QTS", R),
            ("内蒙古自治区农牧业厅", "AGR", R),
            ("内蒙古自治区林业厅", "FOR", R),
            ("内蒙古自治区知识产权局", "IPO", R),
            ("呼和浩特海关", "CUS", R),
            ("满洲里海关", "CUS", R),
        ],
        False,
        id="line-222",
    ),
    # line 234
    pytest.param(
        "内蒙古自治区",
        "自治区知识产权厅际联席会议",
        [("内蒙古自治区知识产权厅际联席会议", "LGO", R)],
        False,
        id="line-234",
    ),
    # line 244
    pytest.param(
        "内蒙古自治区",
        "自治区党委宣传部、知识产权局、教育厅、文化厅、工商局、新闻出版广电局（版权局）",
        [
            ("内蒙古自治区党委宣传部", "PRP", R),
            ("内蒙古自治区知识产权局", "IPO", R),
            ("内蒙古自治区教育厅", "EDU", R),
            ("内蒙古自治区文化厅", "CUL", R),
            ("内蒙古自治区工商局", "AIC", R),
            ("内蒙古自治区新闻出版广电局（版权局）", "CPR", R),
        ],
        False,
        id="line-244",
    ),
    # line 254
    pytest.param(
        "辽宁省",
        "省知识产权局、工商局、版权局、编办",
        [
            ("辽宁省知识产权局", "IPO", R),
            ("辽宁省工商局", "AIC", R),
            ("辽宁省版权局", "CPR", R),
            ("辽宁省编办", "OTH", R),
        ],
        False,
        id="line-254",
    ),
    # line 266
    pytest.param(
        "辽宁省",
        "省公安厅、高法、检察院、知识产权局、工商局、版权局",
        [
            ("辽宁省公安厅", "PSB", R),
            ("辽宁省高级人民法院", "CRT", R),
            ("辽宁省人民检察院", "PRO", R),
            ("辽宁省知识产权局", "IPO", R),
            ("辽宁省工商局", "AIC", R),
            ("辽宁省版权局", "CPR", R),
        ],
        False,
        id="line-266",
    ),
    # line 276
    pytest.param(
        "辽宁省",
        "省知识产权局、工商局、版权局、人民银行沈阳分行、辽宁证监局",
        [
            ("辽宁省知识产权局", "IPO", R),
            ("辽宁省工商局", "AIC", R),
            ("辽宁省版权局", "CPR", R),
            ("人民银行沈阳分行", "PBC", R),
            ("辽宁证监局", "CSR", R),
        ],
        False,
        id="line-276",
    ),
    # line 290
    pytest.param(
        "辽宁省",
        "省知识产权局、知识产权局、发展改革委、工业和信息化委",
        [("辽宁省知识产权局", "IPO", R), ("辽宁省发展改革委", "DRC", R), ("辽宁省工信委", "IIT", R)],
        False,
        id="line-290",
    ),
    # line 303
    pytest.param(
        "辽宁省",
        "省知识产权局、保监局",
        [("辽宁省知识产权局", "IPO", R), ("辽宁保监局", "CIR", R)],
        False,
        id="line-303",
    ),
    # line 307
    pytest.param(
        "辽宁省",
        "省知识产权局、委宣传部、工商局、版权局",
        [
            ("辽宁省知识产权局", "IPO", R),
            ("辽宁省委宣传部", "PRP", R),
            ("辽宁省工商局", "AIC", R),
            ("辽宁省版权局", "CPR", R),
        ],
        False,
        id="line-307",
    ),
    # line 317
    pytest.param(
        "吉林省",
        "省知识产权局、长春市知识产权局",
        [("吉林省知识产权局", "IPO", R), ("长春市知识产权局", "IPO", R)],
        False,
        id="line-317",
    ),
    # line 322
    pytest.param(
        "吉林省",
        "省知识产权局、市知识产权局、市工商局",
        [("吉林省知识产权局", "IPO", R)],
        True,
        id="line-322",
    ),
    # line 323
    pytest.param(
        "吉林省",
        "省公安厅、法院、知识产权局",
        [("吉林省公安厅", "PSB", R), ("吉林省高级人民法院", "CRT", R), ("吉林省知识产权局", "IPO", R)],
        False,
        id="line-323",
    ),
    # line 366
    pytest.param(
        "黑龙江省",
        "省商务厅牵头，知识产权局、工商局、版权局、农委、林业厅、森工总局、农垦总局、文化厅按职责分别负责",
        [
            ("黑龙江省商务厅", "COM", L),
            ("黑龙江省知识产权局", "IPO", R),
            ("黑龙江省工商局", "AIC", R),
            ("黑龙江省版权局", "CPR", R),
            ("黑龙江省农委", "AGR", R),
            ("黑龙江省林业厅", "FOR", R),
            ("黑龙江省森工总局", "FOR", R),
            ("黑龙江省农垦总局", "AGR", R),
            ("黑龙江省文化厅", "CUL", R),
        ],
        False,
        id="line-366",
    ),
    # line 396
    pytest.param(
        "黑龙江省",
        "省知识产权局牵头，各成员单位配合",
        [("黑龙江省知识产权局", "IPO", L)],
        True,
        id="line-396",
    ),
    # line 401
    pytest.param(
        "上海市",
        "市知识产权局市工商局、版权局、编办",
        [
            ("上海市知识产权局", "IPO", R),
            ("上海市工商局", "AIC", R),
            ("上海市版权局", "CPR", R),
            ("上海市编办", "OTH", R),
        ],
        False,
        id="line-401",
    ),
    # line 402
    pytest.param(
        "上海市",
        "市知识产权局、浦东新区政府",
        [("上海市知识产权局", "IPO", R), ("浦东新区人民政府", "GOV", R)],
        False,
        id="line-402",
    ),
    # line 405
    pytest.param(
        "上海市",
        "市高院、知识产权法院",
        [("上海市高级人民法院", "CRT", R), ("上海知识产权法院", "CRT", R)],
        False,
        id="line-405",
    ),
    # line 406
    pytest.param(
        "上海市",
        "市检察院、检三分院",
        [("上海市人民检察院", "PRO", R), ("上海市人民检察院第三分院", "PRO", R)],
        False,
        id="line-406",
    ),
    # line 408
    pytest.param(
        "上海市",
        "市经信委、知识产权局、工商局、版权局、公安局、文化执法总队、城管执法局、上海海关",
        [
            ("上海市经信委", "IIT", R),
            ("上海市知识产权局", "IPO", R),
            ("上海市工商局", "AIC", R),
            ("上海市版权局", "CPR", R),
            ("上海市公安局", "PSB", R),
            ("上海市文化执法总队", "CUL", R),
            ("上海市城管执法局", "URB", R),
            ("上海海关", "CUS", R),
        ],
        False,
        id="line-408",
    ),
    # line 431
    pytest.param(
        "江苏省",
        "省政府知识产权联席会议相关成员单位",
        [],
        True,
        id="line-431",
    ),
    # line 445
    pytest.param(
        "江苏省",
        "省法院，检察院，公安厅、司法厅、知识产权局、工商局、版权局",
        [
            ("江苏省高级人民法院", "CRT", R),
            ("江苏省人民检察院", "PRO", R),
            ("江苏省公安厅", "PSB", R),
            ("江苏省司法厅", "JUS", R),
            ("江苏省知识产权局", "IPO", R),
            ("江苏省工商局", "AIC", R),
            ("江苏省版权局", "CPR", R),
        ],
        False,
        id="line-445",
    ),
    # line 466
    pytest.param(
        "江苏省",
        "省知识产权局、人才办、教育厅、知识产权联席会议成员单位",
        [("江苏省知识产权局", "IPO", R), ("江苏省人才办", "TAL", R), ("江苏省教育厅", "EDU", R)],
        True,
        id="line-466",
    ),
    # line 470
    pytest.param(
        "江苏省",
        "省委宣传部, 知识产权局、工商局、版权局",
        [
            ("江苏省委宣传部", "PRP", R),
            ("江苏省知识产权局", "IPO", R),
            ("江苏省工商局", "AIC", R),
            ("江苏省版权局", "CPR", R),
        ],
        False,
        id="line-470",
    ),
    # line 472
    pytest.param(
        "江苏省",
        "省知识产权局、教育厅、团省委",
        [("江苏省知识产权局", "IPO", R), ("江苏省教育厅", "EDU", R), ("共青团江苏省委", "ASC", R)],
        False,
        id="line-472",
    ),
    # line 489
    pytest.param(
        "浙江省",
        "省双打办，各有关部门",
        [("浙江省打击侵权假冒工作领导小组办公室", "LGO", R)],
        True,
        id="line-489",
    ),
    # line 494
    pytest.param(
        "浙江省",
        "省信用办、知识产权局、工商局、食品药品监督管理局",
        [
            ("浙江省信用办", "OTH", R),
            ("浙江省知识产权局", "IPO", R),
            ("浙江省工商局", "AIC", R),
            ("浙江省食品药品监督管理局", "FDA", R),
        ],
        False,
        id="line-494",
    ),
    # line 498
    pytest.param(
        "浙江省",
        "省林业厅、工商局、食药监局、农业厅",
        [
            ("浙江省林业厅", "FOR", R),
            ("浙江省工商局", "AIC", R),
            ("浙江省食品药品监督管理局", "FDA", R),
            ("浙江省农业厅", "AGR", R),
        ],
        False,
        id="line-498",
    ),
    # line 499
    pytest.param(
        "浙江省",
        "省知识产权局、打击侵权假冒工作领导小组及相关成员单位",
        [("浙江省知识产权局", "IPO", R), ("浙江省打击侵权假冒工作领导小组", "LGO", R)],
        True,
        id="line-499",
    ),
    # line 508
    pytest.param(
        "浙江省",
        "省知识产权局、人行杭州支行",
        [("浙江省知识产权局", "IPO", R), ("人民银行杭州支行", "PBC", R)],
        False,
        id="line-508",
    ),
    # line 534
    pytest.param(
        "浙江省",
        "省政府办公厅、知识产权局",
        [("浙江省人民政府办公厅", "GOV", R), ("浙江省知识产权局", "IPO", R)],
        False,
        id="line-534",
    ),
    # line 540
    pytest.param(
        "浙江省",
        "省知识产权局、培训基地",
        [("浙江省知识产权局", "IPO", R)],
        True,
        id="line-540",
    ),
    # line 588
    pytest.param(
        "福建省",
        "厦门市政府",
        [("厦门市人民政府", "GOV", R)],
        False,
        id="line-588",
    ),
    # line 591
    pytest.param(
        "福建省",
        "省效能办、统计局、知识产权局",
        [("福建省效能办", "OTH", R), ("福建省统计局", "STA", R), ("福建省知识产权局", "IPO", R)],
        False,
        id="line-591",
    ),
    # line 617
    pytest.param(
        "福建省",
        "福州、厦门、泉州市政府，省知识产权局",
        [
            ("福州市人民政府", "GOV", R),
            ("厦门市人民政府", "GOV", R),
            ("泉州市人民政府", "GOV", R),
            ("福建省知识产权局", "IPO", R),
        ],
        False,
        id="line-617",
    ),
    # line 633
    pytest.param(
        "福建省",
        "各设区市政府、省直各有关部门",
        [],
        True,
        id="line-633",
    ),
    # line 685
    pytest.param(
        "山东省",
        "省知识产权局、崂山区科技创新委员会",
        [("山东省知识产权局", "IPO", R), ("崂山区科技创新委员会", "SCI", R)],
        False,
        id="line-685",
    ),
    # line 687
    pytest.param(
        "山东省",
        "省、市组织部门",
        [("山东省委组织部", "ORG", R)],
        True,
        id="line-687",
    ),
    # line 693
    pytest.param(
        "山东省",
        "青岛海关、济南海关及省知识产权局",
        [("青岛海关", "CUS", R), ("济南海关", "CUS", R), ("山东省知识产权局", "IPO", R)],
        False,
        id="line-693",
    ),
    # line 709
    pytest.param(
        "山东省",
        "省知识产权局、国资委及有关部门、单位",
        [("山东省知识产权局", "IPO", R), ("山东省国资委", "SAS", R)],
        True,
        id="line-709",
    ),
    # line 711
    pytest.param(
        "山东省",
        "省知识产权局、知识产权运营试点单位所在市知识产权局",
        [("山东省知识产权局", "IPO", R)],
        True,
        id="line-711",
    ),
    # line 720
    pytest.param(
        "山东省",
        "省工商行政管理局",
        [("山东省工商局", "AIC", R)],
        False,
        id="line-720",
    ),
    # line 742
    pytest.param(
        "山东省",
        "省知识产权战略实施工作联席会议办公室及各成员单位",
        [("山东省知识产权战略实施工作联席会议办公室", "LGO", R)],
        True,
        id="line-742",
    ),
    # line 828
    pytest.param(
        "湖北省",
        "湖北省公安厅 经侦总队",
        [("湖北省公安厅经侦总队", "PSB", R)],
        False,
        id="line-828",
    ),
    # line 843
    pytest.param(
        "湖北省",
        "中科院武汉分院",
        [("中科院武汉分院", "CAS", R)],
        False,
        id="line-843",
    ),
    # line 878
    pytest.param(
        "湖南省",
        "双打办、“双打”有关成员单位",
        [("湖南省打击侵权假冒工作领导小组办公室", "LGO", R)],
        True,
        id="line-878",
    ),
    # line 887
    pytest.param(
        "湖南省",
        "省双打办、检察院",
        [("湖南省打击侵权假冒工作领导小组办公室", "LGO", R), ("湖南省人民检察院", "PRO", R)],
        False,
        id="line-887",
    ),
    # line 888
    pytest.param(
        "湖南省",
        "人民银行",
        [("湖南省人民银行", "PBC", R)],
        False,
        id="line-888",
    ),
    # line 969
    pytest.param(
        "广东省",
        "省知识产权局、海关总署广东分署",
        [("广东省知识产权局", "IPO", R), ("海关总署广东分署", "CUS", R)],
        False,
        id="line-969",
    ),
    # line 978
    pytest.param(
        "广东省",
        "省文化厅省文化市场综合执法局",
        [("广东省文化厅", "CUL", R), ("广东省文化市场综合执法局", "CUL", R)],
        False,
        id="line-978",
    ),
    # line 981
    pytest.param(
        "广东省",
        "省高院、公安厅、检察院",
        [("广东省高级人民法院", "CRT", R), ("广东省公安厅", "PSB", R), ("广东省人民检察院", "PRO", R)],
        False,
        id="line-981",
    ),
    # line 989
    pytest.param(
        "广东省",
        "省代办处",
        [("国家知识产权局专利局广州代办处", "IPO", R)],
        False,
        id="line-989",
    ),
    # line 1000
    pytest.param(
        "广东省",
        "省知识产权局、省知识产权研究与发展中心",
        [("广东省知识产权局", "IPO", R), ("广东省知识产权研究与发展中心", "UNI", R)],
        False,
        id="line-1000",
    ),
    # line 1001
    pytest.param(
        "广东省",
        "广东省林业厅",
        [("广东省林业厅", "FOR", R)],
        False,
        id="line-1001",
    ),
    # line 1055
    pytest.param(
        "广西壮族自治区",
        "自治区知识产权局、发展改革委、工信委、教育厅、科技厅、统计局等,各有关市人民政府。",
        [
            ("广西壮族自治区知识产权局", "IPO", R),
            ("广西壮族自治区发展改革委", "DRC", R),
            ("广西壮族自治区工信委", "IIT", R),
            ("广西壮族自治区教育厅", "EDU", R),
            ("广西壮族自治区科技厅", "SCI", R),
            ("广西壮族自治区统计局", "STA", R),
        ],
        True,
        id="line-1055",
    ),
    # line 1056
    pytest.param(
        "广西壮族自治区",
        "自治区知识产权局、南宁高新区管委会、柳州高新区管委会、桂林高新区管委会",
        [
            ("广西壮族自治区知识产权局", "IPO", R),
            ("南宁高新区管委会", "ZON", R),
            ("柳州高新区管委会", "ZON", R),
            ("桂林高新区管委会", "ZON", R),
        ],
        False,
        id="line-1056",
    ),
    # line 1062
    pytest.param(
        "广西壮族自治区",
        "自治区商务厅、知识产权局、工商局、新闻出版广电局、高级法院、检察院、司法厅、南宁海关等",
        [
            ("广西壮族自治区商务厅", "COM", R),
            ("广西壮族自治区知识产权局", "IPO", R),
            ("广西壮族自治区工商局", "AIC", R),
            ("广西壮族自治区新闻出版广电局", "PPB", R),
            ("广西壮族自治区高级人民法院", "CRT", R),
            ("广西壮族自治区人民检察院", "PRO", R),
            ("广西壮族自治区司法厅", "JUS", R),
            ("南宁海关", "CUS", R),
        ],
        False,
        id="line-1062",
    ),
    # line 1080
    pytest.param(
        "广西壮族自治区",
        "自治区银监局、保监局、证监局、知识产权局、金融办、发改委、国资委等",
        [
            ("广西银监局", "CBR", R),
            ("广西保监局", "CIR", R),
            ("广西证监局", "CSR", R),
            ("广西壮族自治区知识产权局", "IPO", R),
            ("广西壮族自治区金融办", "FNO", R),
            ("广西壮族自治区发展改革委", "DRC", R),
            ("广西壮族自治区国资委", "SAS", R),
        ],
        False,
        id="line-1080",
    ),
    # line 1098
    pytest.param(
        "广西壮族自治区",
        "自治区质监局、出入境检验检疫局、工商局、农业厅等",
        [
            ("广西壮族自治区质监局", "QTS", R),
            ("广西出入境检验检疫局", "CIQ", R),
            ("广西壮族自治区工商局", "AIC", R),
            ("广西壮族自治区农业厅", "AGR", R),
        ],
        False,
        id="line-1098",
    ),
    # line 1109
    pytest.param(
        "广西壮族自治区",
        "自治区宣传部、知识产权局、新闻出版广电局等",
        [
            ("广西壮族自治区党委宣传部", "PRP", R),
            ("广西壮族自治区知识产权局", "IPO", R),
            ("广西壮族自治区新闻出版广电局", "PPB", R),
        ],
        False,
        id="line-1109",
    ),
    # line 1124
    pytest.param(
        "海南省",
        "省知识产权局、省高院",
        [("海南省知识产权局", "IPO", R), ("海南省高级人民法院", "CRT", R)],
        False,
        id="line-1124",
    ),
    # line 1129
    pytest.param(
        "海南省",
        "省知识产权局、省政府金融办",
        [("海南省知识产权局", "IPO", R), ("海南省金融办", "FNO", R)],
        False,
        id="line-1129",
    ),
    # line 1131
    pytest.param(
        "海南省",
        "省知识产权局、省工商局、省文体厅、省知识产权局",
        [("海南省知识产权局", "IPO", R), ("海南省工商局", "AIC", R), ("海南省文体厅", "CUL", R)],
        False,
        id="line-1131",
    ),
    # line 1135
    pytest.param(
        "海南省",
        "海南出入境检验检疫局、省农业厅",
        [("海南出入境检验检疫局", "CIQ", R), ("海南省农业厅", "AGR", R)],
        False,
        id="line-1135",
    ),
    # line 1147
    pytest.param(
        "海南省",
        "省战略协作各部门 各市县",
        [],
        True,
        id="line-1147",
    ),
    # line 1155
    pytest.param(
        "重庆市",
        "市知识产权局、发展改革委、经济信息委、科委",
        [
            ("重庆市知识产权局", "IPO", R),
            ("重庆市发展改革委", "DRC", R),
            ("重庆市经信委", "IIT", R),
            ("重庆市科委", "SCI", R),
        ],
        False,
        id="line-1155",
    ),
    # line 1160
    pytest.param(
        "重庆市",
        "市政府督查室、国资委、知识产权局、文化委、工商局",
        [
            ("重庆市人民政府督查室", "GOV", R),
            ("重庆市国资委", "SAS", R),
            ("重庆市知识产权局", "IPO", R),
            ("重庆市文化委", "CUL", R),
            ("重庆市工商局", "AIC", R),
        ],
        False,
        id="line-1160",
    ),
    # line 1163
    pytest.param(
        "重庆市",
        "市打击侵犯知识产权和制售假冒伪劣商品工作领导小组各成员单位、两江新区管委会",
        [("两江新区管委会", "ZON", R)],
        True,
        id="line-1163",
    ),
    # line 1173
    pytest.param(
        "重庆市",
        "市打击侵犯知识产权和制售假冒伪劣商品工作领导小组 各成员单位",
        [],
        True,
        id="line-1173",
    ),
    # line 1235
    pytest.param(
        "四川省",
        "省知识产权局、省委编办、工商局、版权局，成都市、德阳市、绵阳市人民政府",
        [
            ("四川省知识产权局", "IPO", R),
            ("四川省编办", "OTH", R),
            ("四川省工商局", "AIC", R),
            ("四川省版权局", "CPR", R),
            ("成都市人民政府", "GOV", R),
            ("德阳市人民政府", "GOV", R),
            ("绵阳市人民政府", "GOV", R),
        ],
        False,
        id="line-1235",
    ),
    # line 1243
    pytest.param(
        "四川省",
        (
            "省打击侵权假冒工作领导小组办公室、发改委、人行成都分行、工商局、质监局、版权局、"
            "知识产权局、农业厅、林业厅、文化厅"
        ),
        [
            ("四川省打击侵权假冒工作领导小组办公室", "LGO", R),
            ("四川省发展改革委", "DRC", R),
            ("人民银行成都分行", "PBC", R),
            ("四川省工商局", "AIC", R),
            ("四川省质监局", "QTS", R),
            ("四川省版权局", "CPR", R),
            ("四川省知识产权局", "IPO", R),
            ("四川省农业厅", "AGR", R),
            ("四川省林业厅", "FOR", R),
            ("四川省文化厅", "CUL", R),
        ],
        False,
        id="line-1243",
    ),
    # line 1290
    pytest.param(
        "四川省",
        "省知识产权领导小组办公室、知识产权局,相关市人民政府",
        [("四川省知识产权工作领导小组办公室", "LGO", R), ("四川省知识产权局", "IPO", R)],
        True,
        id="line-1290",
    ),
    # line 1298
    pytest.param(
        "四川省",
        "省知识产权局、工商局、 省版权局、农业厅、林 业厅、文化厅、质监局",
        [
            ("四川省知识产权局", "IPO", R),
            ("四川省工商局", "AIC", R),
            ("四川省版权局", "CPR", R),
            ("四川省农业厅", "AGR", R),
            ("四川省林业厅", "FOR", R),
            ("四川省文化厅", "CUL", R),
            ("四川省质监局", "QTS", R),
        ],
        False,
        id="line-1298",
    ),
    # line 1300
    pytest.param(
        "四川省",
        "省知识产局、教育厅",
        [("四川省知识产权局", "IPO", R), ("四川省教育厅", "EDU", R)],
        False,
        id="line-1300",
    ),
    # line 1348
    pytest.param(
        "贵州省",
        "省检验检疫局",
        [("贵州出入境检验检疫局", "CIQ", R)],
        False,
        id="line-1348",
    ),
    # line 1358
    pytest.param(
        "贵州省",
        "省高法院",
        [("贵州省高级人民法院", "CRT", R)],
        False,
        id="line-1358",
    ),
    # line 1385
    pytest.param(
        "陕西省",
        "省知识产权局、发改委、农业厅、林业厅、质监局、西安市、西咸新区、杨凌示范区",
        [
            ("陕西省知识产权局", "IPO", R),
            ("陕西省发展改革委", "DRC", R),
            ("陕西省农业厅", "AGR", R),
            ("陕西省林业厅", "FOR", R),
            ("陕西省质监局", "QTS", R),
            ("西安市人民政府", "GOV", R),
            ("西咸新区管委会", "ZON", R),
            ("杨凌示范区管委会", "ZON", R),
        ],
        False,
        id="line-1385",
    ),
    # line 1413
    pytest.param(
        "陕西省",
        "省知识产权局、陕西银监局、人民银行西安分行",
        [("陕西省知识产权局", "IPO", R), ("陕西银监局", "CBR", R), ("人民银行西安分行", "PBC", R)],
        False,
        id="line-1413",
    ),
    # line 1431
    pytest.param(
        "陕西省",
        "省知识产权局、律协",
        [("陕西省知识产权局", "IPO", R), ("陕西省律师协会", "ASC", R)],
        False,
        id="line-1431",
    ),
    # line 1458
    pytest.param(
        "甘肃省",
        "省科技厅、发展改革委、财政厅、工信委、政府国资委、知识产权局",
        [
            ("甘肃省科技厅", "SCI", R),
            ("甘肃省发展改革委", "DRC", R),
            ("甘肃省财政厅", "FIN", R),
            ("甘肃省工信委", "IIT", R),
            ("甘肃省国资委", "SAS", R),
            ("甘肃省知识产权局", "IPO", R),
        ],
        False,
        id="line-1458",
    ),
    # line 1482
    pytest.param(
        "甘肃省",
        "省司法厅、商务厅、知识产权局、各市州政府负责",
        [("甘肃省司法厅", "JUS", R), ("甘肃省商务厅", "COM", R), ("甘肃省知识产权局", "IPO", R)],
        True,
        id="line-1482",
    ),
    # line 1490
    pytest.param(
        "甘肃省",
        "省知识产权强省建设工作领导小组各成员单位；各市州人民政府",
        [],
        True,
        id="line-1490",
    ),
    # line 1492
    pytest.param(
        "甘肃省",
        "省知识产权局、政府金融办、财政厅、银监局、人行兰州中心支行",
        [
            ("甘肃省知识产权局", "IPO", R),
            ("甘肃省金融办", "FNO", R),
            ("甘肃省财政厅", "FIN", R),
            ("甘肃银监局", "CBR", R),
            ("人民银行兰州中心支行", "PBC", R),
        ],
        False,
        id="line-1492",
    ),
    # line 1501
    pytest.param(
        "青海省",
        "省科学技术厅",
        [("青海省科技厅", "SCI", R)],
        False,
        id="line-1501",
    ),
    # line 1503
    pytest.param(
        "青海省",
        "省文化和新闻出版厅",
        [("青海省文化和新闻出版厅", "PPB", R)],
        False,
        id="line-1503",
    ),
    # line 1519
    pytest.param(
        "青海省",
        "省工商管理局",
        [("青海省工商局", "AIC", R)],
        False,
        id="line-1519",
    ),
    # line 1574
    pytest.param(
        "宁夏回族自治区",
        "自治区公安厅、法院、检察院",
        [
            ("宁夏回族自治区公安厅", "PSB", R),
            ("宁夏回族自治区高级人民法院", "CRT", R),
            ("宁夏回族自治区人民检察院", "PRO", R),
        ],
        False,
        id="line-1574",
    ),
    # line 1579
    pytest.param(
        "宁夏回族自治区",
        "自治区各级知识产权管理部门",
        [],
        True,
        id="line-1579",
    ),
    # line 1586
    pytest.param(
        "宁夏回族自治区",
        "自治区知识产权局、质量技术监督局",
        [("宁夏回族自治区知识产权局", "IPO", R), ("宁夏回族自治区质监局", "QTS", R)],
        False,
        id="line-1586",
    ),
    # line 1609
    pytest.param(
        "新疆维吾尔自治区",
        "自治区人民政府、财政厅、知识产权局、各地州市人民政府",
        [
            ("新疆维吾尔自治区人民政府", "GOV", R),
            ("新疆维吾尔自治区财政厅", "FIN", R),
            ("新疆维吾尔自治区知识产权局", "IPO", R),
        ],
        True,
        id="line-1609",
    ),
    # line 1611
    pytest.param(
        "新疆维吾尔自治区",
        "自治区知识产权局、乌鲁木齐市海关",
        [("新疆维吾尔自治区知识产权局", "IPO", R), ("乌鲁木齐海关", "CUS", R)],
        False,
        id="line-1611",
    ),
    # line 1627
    pytest.param(
        "新疆维吾尔自治区",
        "自治区知识产权局、相关行办",
        [("新疆维吾尔自治区知识产权局", "IPO", R)],
        True,
        id="line-1627",
    ),
    # line 1608
    pytest.param(
        "新疆维吾尔自治区",
        "自治区组织部、知识产权局",
        [("新疆维吾尔自治区党委组织部", "ORG", R), ("新疆维吾尔自治区知识产权局", "IPO", R)],
        False,
        id="line-1608",
    ),
    # line 1642
    pytest.param(
        "新疆生产建设兵团",
        "兵团组织部、科技局（知识产权局）、商务局、新闻出版局",
        [
            ("新疆生产建设兵团党委组织部", "ORG", R),
            ("新疆生产建设兵团科技局（知识产权局）", "IPO", R),
            ("新疆生产建设兵团商务局", "COM", R),
            ("新疆生产建设兵团新闻出版局", "PPB", R),
        ],
        False,
        id="line-1642",
    ),
    # line 1645
    pytest.param(
        "新疆生产建设兵团",
        "兵团知识产权局会同新疆知识产权局、乌鲁木齐知识产权局",
        [
            ("新疆生产建设兵团科技局（知识产权局）", "IPO", L),
            ("新疆维吾尔自治区知识产权局", "IPO", S),
            ("乌鲁木齐市知识产权局", "IPO", S),
        ],
        False,
        id="line-1645",
    ),
    # line 1648
    pytest.param(
        "新疆生产建设兵团",
        (
            "兵团“双打”办、法院、公安局、科技局（知识产权局）、农业局、商务局、质监局、文化"
            "广电局、新闻出版局、食药监局、林业局"
        ),
        [
            ("新疆生产建设兵团打击侵权假冒工作领导小组办公室", "LGO", R),
            ("新疆生产建设兵团法院", "CRT", R),
            ("新疆生产建设兵团公安局", "PSB", R),
            ("新疆生产建设兵团科技局（知识产权局）", "IPO", R),
            ("新疆生产建设兵团农业局", "AGR", R),
            ("新疆生产建设兵团商务局", "COM", R),
            ("新疆生产建设兵团质监局", "QTS", R),
            ("新疆生产建设兵团文化广电局", "CUL", R),
            ("新疆生产建设兵团新闻出版局", "PPB", R),
            ("新疆生产建设兵团食品药品监督管理局", "FDA", R),
            ("新疆生产建设兵团林业局", "FOR", R),
        ],
        False,
        id="line-1648",
    ),
    # line 1649
    pytest.param(
        "新疆生产建设兵团",
        "兵团第八师知识产权局、第八师中级人民法院",
        [("新疆生产建设兵团第八师知识产权局", "IPO", R), ("新疆生产建设兵团第八师中级人民法院", "CRT", R)],
        False,
        id="line-1649",
    ),
    # line 1659
    pytest.param(
        "新疆生产建设兵团",
        "兵团第八师知识产权局、石河子国民村镇银行、中华联合保险公司石河子分公司",
        [
            ("新疆生产建设兵团第八师知识产权局", "IPO", R),
            ("石河子国民村镇银行", "ENT", R),
            ("中华联合保险公司石河子分公司", "ENT", R),
        ],
        False,
        id="line-1659",
    ),
    # line 1667
    pytest.param(
        "新疆生产建设兵团",
        "兵团知识产权局、兵团知识产权信息中心",
        [("新疆生产建设兵团科技局（知识产权局）", "IPO", R), ("新疆生产建设兵团知识产权信息中心", "OTH", R)],
        False,
        id="line-1667",
    ),
    # line 1668
    pytest.param(
        "新疆生产建设兵团",
        "兵团科技局(知识产权局)、发展改革委、工信委",
        [
            ("新疆生产建设兵团科技局（知识产权局）", "IPO", R),
            ("新疆生产建设兵团发展改革委", "DRC", R),
            ("新疆生产建设兵团工信委", "IIT", R),
        ],
        False,
        id="line-1668",
    ),
    # line 1672
    pytest.param(
        "新疆生产建设兵团",
        "兵团各师(市)、各有关部门",
        [],
        True,
        id="line-1672",
    ),
    # lines 51-54 (page break, joined)
    pytest.param(
        "北京市",
        "市知识产权局、市工商局、市文化执法部队、市城管执法局、北京海关、市公安局、市农业局、市园林绿化局",
        [
            ("北京市知识产权局", "IPO", R),
            ("北京市工商局", "AIC", R),
            ("北京市文化执法总队", "CUL", R),
            ("北京市城管执法局", "URB", R),
            ("北京海关", "CUS", R),
            ("北京市公安局", "PSB", R),
            ("北京市农业局", "AGR", R),
            ("北京市园林绿化局", "FOR", R),
        ],
        False,
        id="lines-51-54",
    ),
    # lines 60-63 (page break, joined)
    pytest.param(
        "北京市",
        (
            "质监局提供标准化及标准体系建设的知识和指导，农业部门负责安全质量监管监测落实，农"
            "科所负责各项栽培技术及技术标准的推广、培训及落实"
        ),
        [("北京市质监局", "QTS", R), ("北京市农业局", "AGR", R), ("北京市农科所", "UNI", R)],
        False,
        id="lines-60-63",
    ),
    # lines 177-180 (page break, joined)
    pytest.param(
        "河北省",
        "省商务厅会同有关部门",
        [("河北省商务厅", "COM", L)],
        True,
        id="lines-177-180",
    ),
    # lines 225-228 (page break, joined)
    pytest.param(
        "内蒙古自治区",
        "自治区人大、法制办、知知识产权局",
        [
            ("内蒙古自治区人大", "PAR", R),
            ("内蒙古自治区法制办", "LEG", R),
            ("内蒙古自治区知识产权局", "IPO", R),
        ],
        False,
        id="lines-225-228",
    ),
    # lines 270-273 (page break, joined)
    pytest.param(
        "辽宁省",
        "省知识产权局、教育厅、科技厅、工业和信息化委、国资委、中科院沈阳分院",
        [
            ("辽宁省知识产权局", "IPO", R),
            ("辽宁省教育厅", "EDU", R),
            ("辽宁省科技厅", "SCI", R),
            ("辽宁省工信委", "IIT", R),
            ("辽宁省国资委", "SAS", R),
            ("中科院沈阳分院", "CAS", R),
        ],
        False,
        id="lines-270-273",
    ),
    # lines 1002-1005 (page break, joined)
    pytest.param(
        "广东省",
        "国家知识产权局专利局 广州代办处",
        [("国家知识产权局专利局广州代办处", "IPO", R)],
        False,
        id="lines-1002-1005",
    ),
    # lines 1184-1187 (page break, joined)
    pytest.param(
        "重庆市",
        "市科委市财政局、知识产权局、文化委、工商局、金融办、人行重庆营管部、重庆银监局、重庆保监局",
        [
            ("重庆市科委", "SCI", R),
            ("重庆市财政局", "FIN", R),
            ("重庆市知识产权局", "IPO", R),
            ("重庆市文化委", "CUL", R),
            ("重庆市工商局", "AIC", R),
            ("重庆市金融办", "FNO", R),
            ("人民银行重庆营业管理部", "PBC", R),
            ("重庆银监局", "CBR", R),
            ("重庆保监局", "CIR", R),
        ],
        False,
        id="lines-1184-1187",
    ),
    # lines 1397-1400 (page break, joined)
    pytest.param(
        "陕西省",
        "省法院、检察院、知识产权局、公安厅、商务厅、贸促会",
        [
            ("陕西省高级人民法院", "CRT", R),
            ("陕西省人民检察院", "PRO", R),
            ("陕西省知识产权局", "IPO", R),
            ("陕西省公安厅", "PSB", R),
            ("陕西省商务厅", "COM", R),
            ("陕西省贸促会", "ASC", R),
        ],
        False,
        id="lines-1397-1400",
    ),
    # lines 1521-1524 (page break, joined)
    pytest.param(
        "青海省",
        "省打击侵犯知识产权和制售假冒伪劣商品工作领导小组办公室及成员单位、省检察院",
        [("青海省打击侵权假冒工作领导小组办公室", "LGO", R), ("青海省人民检察院", "PRO", R)],
        True,
        id="lines-1521-1524",
    ),
    # lines 1654-1657 (page break, joined)
    pytest.param(
        "新疆生产建设兵团",
        "兵团科技局（知识产权局)、教育局、财务局、农业局、国资委",
        [
            ("新疆生产建设兵团科技局（知识产权局）", "IPO", R),
            ("新疆生产建设兵团教育局", "EDU", R),
            ("新疆生产建设兵团财务局", "FIN", R),
            ("新疆生产建设兵团农业局", "AGR", R),
            ("新疆生产建设兵团国资委", "SAS", R),
        ],
        False,
        id="lines-1654-1657",
    ),
]


@pytest.mark.parametrize(("region", "cell", "expected", "collective"), CASES)
def test_hand_checked_cells(
    region: str, cell: str, expected: list[tuple[str, str, str]], collective: bool
) -> None:
    resolved = resolve_agencies(cell, region)
    assert [(a.name, a.type_code, a.role) for a in resolved.agencies] == expected
    assert resolved.involves_collective is collective
    assert resolved.unresolved == ()


def test_cases_cover_enough_rows_and_regions() -> None:
    assert len(CASES) >= 60
    assert len({case.values[0] for case in CASES}) >= 10


def test_printed_form_and_jurisdiction_are_kept() -> None:
    resolved = resolve_agencies(
        "兵团知识产权局会同新疆知识产权局、乌鲁木齐知识产权局", "新疆生产建设兵团"
    )  # line 1645
    assert resolved.agencies == (
        AgencyMention("新疆生产建设兵团科技局（知识产权局）", "兵团知识产权局", "IPO", L, "新疆生产建设兵团"),
        AgencyMention("新疆维吾尔自治区知识产权局", "新疆知识产权局", "IPO", S, "新疆维吾尔自治区"),
        AgencyMention("乌鲁木齐市知识产权局", "乌鲁木齐知识产权局", "IPO", S, "新疆维吾尔自治区"),
    )
    (court,) = resolve_agencies("省高院", "山西省").agencies
    assert (court.printed, court.jurisdiction) == ("省高院", "山西省")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "省知识产权局（牵头）、省工商局、省公安厅",
            [("河北省知识产权局", L), ("河北省工商局", R), ("河北省公安厅", R)],
        ),
        ("省知识产权局(牵头)、工商局", [("河北省知识产权局", L), ("河北省工商局", R)]),
        ("省公安厅牵头，省检察院协助", [("河北省公安厅", L), ("河北省人民检察院", S)]),
        ("省知识产权局，省工商局参与", [("河北省知识产权局", R), ("河北省工商局", S)]),
        (
            "省知识产权局会同省工商局、版权局",
            [("河北省知识产权局", L), ("河北省工商局", S), ("河北省版权局", S)],
        ),
    ],
)
def test_role_markers(cell: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.name, a.role) for a in resolve_agencies(cell, "河北省").agencies] == expected


def test_stray_spaces_html_and_newlines() -> None:
    resolved = resolve_agencies("<p>省知识 产权局、工商\n局</p>", "河北省")
    assert [a.name for a in resolved.agencies] == ["河北省知识产权局", "河北省工商局"]
    assert resolve_agencies("", "河北省") == resolve_agencies("  ", "河北省")
    assert resolve_agencies("", "河北省").agencies == ()


def test_fragments_are_reported_not_guessed() -> None:
    resolved = resolve_agencies("市知识产权局、市工", "北京市")  # line 51, cut by a page break
    assert [a.name for a in resolved.agencies] == ["北京市知识产权局"]
    assert resolved.unresolved == ("市工",)
    assert resolve_agencies("兵团科技局（知识产权", "新疆生产建设兵团").unresolved == (
        "兵团科技局（知识产权",
    )


def test_unknown_region_is_rejected() -> None:
    with pytest.raises(ValueError):
        resolve_agencies("省知识产权局", "北京")


@pytest.mark.parametrize(
    "printed", ["省高院", "高院", "省高法", "高法院", "省高级法院", "高级人民法院", "省法院"]
)
def test_court_spellings_get_one_name(printed: str) -> None:
    assert normalise_agency_name(printed, "河北省") == "河北省高级人民法院"


@pytest.mark.parametrize(
    ("region", "spellings", "name"),
    [
        ("河北省", ["省工商局", "工商局", "省工商行政管理局", "省工商管理局"], "河北省工商局"),
        ("青海省", ["省科技厅", "省科学技术厅"], "青海省科技厅"),
        ("浙江省", ["食药监局", "食品药品监督管理局"], "浙江省食品药品监督管理局"),
        ("北京市", ["市商委", "市商务委"], "北京市商务委"),
        ("湖南省", ["双打办", "省双打办"], "湖南省打击侵权假冒工作领导小组办公室"),
        (
            "新疆生产建设兵团",
            ["兵团知识产权局", "科技局（知识产权局）", "科技局(知识产权局)"],
            "新疆生产建设兵团科技局（知识产权局）",
        ),
        ("广东省", ["省代办处", "国家知识产权局专利局广州代办处"], "国家知识产权局专利局广州代办处"),
        ("广西壮族自治区", ["自治区银监局", "银监局"], "广西银监局"),
        ("辽宁省", ["人行沈阳分行", "人民银行沈阳分行"], "人民银行沈阳分行"),
    ],
)
def test_spellings_of_one_agency_get_one_name(region: str, spellings: list[str], name: str) -> None:
    assert {normalise_agency_name(printed, region) for printed in spellings} == {name}


def test_collectives_are_not_names() -> None:
    for printed in ["各有关部门", "相关部门", "各成员单位", "各市政府", "省知战领导小组成员单位"]:
        assert normalise_agency_name(printed, "河北省") is None
    assert normalise_agency_name("市知识产权局", "吉林省") is None  # an unnamed city's office
    assert normalise_agency_name("市知识产权局", "北京市") == "北京市知识产权局"


def _scheme_rows() -> list[dict[str, str]]:
    text = resources.files("kg").joinpath("data", "agency-types.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_agency_types_load_from_the_scheme() -> None:
    types = list(agency_types().values())
    assert [t.code for t in types] == [row["code"] for row in _scheme_rows()]
    assert {t.code for t in types} >= {"IPO", "AIC", "CRT", "PRO", "CUS", "PBC", "ZON", "LGO", "OTH"}
    ipo = next(t for t in types if t.code == "IPO")
    assert (ipo.label_zh, ipo.label_en) == ("知识产权局", "Intellectual Property Office")


def test_scheme_examples_get_their_own_type() -> None:
    """The examples column of the scheme is the specification of the type keywords."""
    checked = 0
    for row in _scheme_rows():
        for example in filter(None, (e.strip() for e in row["examples"].split(";"))):
            region = {"市": "北京市", "自": "内蒙古自治区"}.get(example[0], "河北省")
            name = normalise_agency_name(example, region)
            if example.startswith("各"):
                assert name is None  # 各市政府: a collective, not an agency
                continue
            assert name is not None and classify_agency(name) == row["code"], example
            checked += 1
    assert checked > 100


# --- the whole document ------------------------------------------------------------------------------

_HEADING = re.compile(r"^(\S+) 2017 年工作要点$")


def _document_rows() -> list[tuple[int, str, str, bool]]:
    """(line, region, 责任部门 cell, first row after a page header) of every table row, crudely: the last
    column of 6-column rows (the 5th of 福建省's 5-column table). Cells cut by page breaks stay cut."""
    text = (
        resources.files("kg").joinpath("data", "ip-strategy-work-plans-2017.txt").read_text(encoding="utf-8")
    )
    rows: list[tuple[int, str, str, bool]] = []
    region, after_header = "", False
    for number, line in enumerate(text.splitlines(), start=1):
        if heading := _HEADING.match(line):
            region = heading.group(1)
            continue
        fields = line.split("\t")
        if fields[0] == "序号":
            after_header = True
            continue
        if len(fields) == 6 or (len(fields) == 5 and region == "福建省"):
            rows.append((number, region, fields[-1].strip(), after_header))
            after_header = False
    return rows


def _joined_cells() -> tuple[list[tuple[int, str, str]], int]:
    """Cells, a fragment cut by a page break joined to its continuation where that resolves it."""
    rows = _document_rows()
    cells: list[tuple[int, str, str]] = []
    joins = 0
    for index, (number, region, cell, after_header) in enumerate(rows):
        if after_header and cells and index and rows[index - 1][1] == region:
            previous = rows[index - 1]
            joined = previous[2] + cell
            broken = (
                resolve_agencies(previous[2], region).unresolved or resolve_agencies(cell, region).unresolved
            )
            if broken and not resolve_agencies(joined, region).unresolved:
                if cells[-1][0] == previous[0]:
                    cells.pop()
                cells.append((previous[0], region, joined))
                joins += 1
                continue
        if cell:
            cells.append((number, region, cell))
    return cells, joins


def test_document_extraction_sees_every_region() -> None:
    rows = _document_rows()
    assert len({region for _, region, _, _ in rows}) == 31
    assert sum(1 for *_, cell, _ in rows if cell) > 1000


def test_unresolved_fragments_only_at_page_breaks() -> None:
    rows = _document_rows()
    next_after_header = {rows[i - 1][0] for i in range(1, len(rows)) if rows[i][3]}
    for number, region, cell, after_header in rows:
        unresolved = resolve_agencies(cell, region).unresolved
        assert not unresolved or after_header or number in next_after_header, (number, cell, unresolved)


def test_every_document_cell_resolves() -> None:
    cells, joins = _joined_cells()
    assert 10 <= joins <= 30  # the page-break fragments of the 责任部门 column
    unresolved = [
        (n, cell, r.unresolved)
        for n, region, cell in cells
        if (r := resolve_agencies(cell, region)).unresolved
    ]
    assert unresolved == []
    empty = [
        (n, cell)
        for n, region, cell in cells
        if not (r := resolve_agencies(cell, region)).agencies and not r.involves_collective
    ]
    assert empty == []


def _document_mentions() -> list[AgencyMention]:
    cells, _ = _joined_cells()
    return [mention for _, region, cell in cells for mention in resolve_agencies(cell, region).agencies]


def test_one_provincial_department_gets_one_name() -> None:
    """Kinds of which a provincial government has exactly one department: all spellings must converge."""
    single = {
        "AIC",
        "MSA",
        "DRC",
        "HRS",
        "FDA",
        "QTS",
        "EDU",
        "FIN",
        "PRP",
        "ORG",
        "JUS",
        "SAS",
        "HLT",
        "FNO",
        "CPR",
    }
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mention in _document_mentions():
        if mention.type_code in single:
            names[(mention.jurisdiction, mention.type_code)].add(mention.name)
    assert {key: found for key, found in names.items() if len(found) > 1} == {}
    assert len(names) > 150


def test_each_region_has_one_ip_office_name() -> None:
    own_office = re.compile(
        r"^(省|市|自治区|兵团)?(知识产权局|知识产局|知知识产权局|科技局（知识产权局）|科技局\(知识产权局\))$"
    )
    names: dict[str, set[str]] = defaultdict(set)
    for mention in _document_mentions():
        if own_office.match(mention.printed):
            names[mention.jurisdiction].add(mention.name)
    assert len(names) == 31
    assert all(
        found == {f"{region}知识产权局"} for region, found in names.items() if region != "新疆生产建设兵团"
    )
    assert names["新疆生产建设兵团"] == {"新疆生产建设兵团科技局（知识产权局）"}


def test_every_document_agency_has_a_scheme_type() -> None:
    codes = set(agency_types())
    found = {mention.type_code for mention in _document_mentions()}
    assert found <= codes
    assert len(found) > 35  # the scheme is used broadly, not collapsed into a few kinds
