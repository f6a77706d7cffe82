"""Tests for kg.entities.targets: hand-checked targets of real rows of the bundled 2017 document, the
look-alikes that must not become targets, and properties that hold over every line of the document."""

from __future__ import annotations

import re
from decimal import Decimal
from importlib import resources

import pytest

from kg.entities.targets import Target, extract_targets

SOURCE = resources.files("kg") / "data" / "ip-strategy-work-plans-2017.txt"
SOURCE_LINES = SOURCE.read_text("utf-8").split("\n")
COMPARATORS = {"≥", ">", "≤", "<", "=", "≈"}
# (source_text, indicator, value, max_value, unit, comparator), numbers as strings
Row = tuple[str, str, str, str | None, str, str]


def _rows(targets: tuple[Target, ...]) -> list[tuple[str, str, Decimal, Decimal | None, str, str]]:
    return [(t.source_text, t.indicator, t.value, t.max_value, t.unit, t.comparator) for t in targets]


def _expected(rows: list[Row]) -> list[tuple[str, str, Decimal, Decimal | None, str, str]]:
    return [(s, i, Decimal(v), None if m is None else Decimal(m), u, c) for s, i, v, m, u, c in rows]


# (line number, [(source_text, indicator, value, max_value, unit, comparator), …]), each read by hand
# from kg/data/ip-strategy-work-plans-2017.txt; the comment quotes the words the targets come from. The
# whole line (all its cells, tab-separated) is the input, so every target of the row is listed.
CASES = [
    # line 57: ，专利行政执法保护案件指标完成 70% | 北京知识产权法
    pytest.param(
        57,
        [
            ("70%", "专利行政执法保护案件指标", "70", None, "%", "="),
        ],
        id="line-57",
    ),
    # line 84: 导,新增国家知识产权试点城区力争达到3个 | 市知识产权局
    pytest.param(
        84,
        [
            ("达到3个", "国家知识产权试点城区", "3", None, "个", "≈"),
        ],
        id="line-84",
    ),
    # line 93: 教育读本》（中学版、小学版）完成16个区中小学知识产权教育达到120家，实现全市4个区中小学知识产权
    pytest.param(
        93,
        [
            ("16个", "区中小学知识产权教育", "16", None, "个", "="),
            ("达到120家", "区中小学知识产权教育", "120", None, "家", "≥"),
            ("4个", "区中小学知识产权教育全覆盖", "4", None, "个", "="),
        ],
        id="line-93",
    ),
    # line 131: 动宝坻区、武清区、红桥区、宁河区四个新建工作站加快建设。 | 完成2-4家区县工作站挂牌运行,全市挂…
    pytest.param(
        131,
        [
            ("四个", "新建工作站", "4", None, "个", "="),
            ("2-4家", "区县工作站", "2", "4", "家", "="),
            ("不少于6家", "挂牌工作站总数", "6", None, "家", "≥"),
        ],
        id="line-131",
    ),
    # line 142: 培训力度。 | 全市组织开展各类培训200期,培训各类创新人才2万人次 | 市知识产权局牵
    pytest.param(
        142,
        [
            ("200期", "各类培训", "200", None, "期", "="),
            ("2万人次", "培训各类创新人才", "20000", None, "人次", "="),
        ],
        id="line-142",
    ),
    # line 148: 天津市青少年小发明设计大赛。新增5-10家天津市知识产权示
    pytest.param(
        148,
        [
            ("5-10家", "天津市知识产权示范校", "5", "10", "家", "="),
        ],
        id="line-148",
    ),
    # line 166: 化市场知识产权管理和保护 | 确定 20 家专业市场开展试点
    pytest.param(
        166,
        [
            ("20 家", "专业市场", "20", None, "家", "="),
        ],
        id="line-166",
    ),
    # line 224: 托管服务 | 针对托管企业，至少开展两次知识产权保护专项
    pytest.param(
        224,
        [
            ("两次", "知识产权保护专项培训", "2", None, "次", "≥"),
        ],
        id="line-224",
    ),
    # line 232: 服务 | 新增专利信息传播与利用网点三个，培训人员 500 名 | 自治区知识产权
    pytest.param(
        232,
        [
            ("三个", "专利信息传播与利用网点", "3", None, "个", "="),
            ("500 名", "培训人员", "500", None, "名", "="),
        ],
        id="line-232",
    ),
    # line 241: 案》并组织实施，质押融资规模力争突破 2000 万元 | 自治区知识产权
    pytest.param(
        241,
        [
            ("突破 2000 万元", "质押融资规模", "20000000", None, "元", ">"),
        ],
        id="line-241",
    ),
    # line 257: 量的考核 | 万人有效发明专利拥有量达到 6.8 件 | 省知识产权局、
    pytest.param(
        257,
        [
            ("达到 6.8 件", "万人有效发明专利拥有量", "6.8", None, "件", "≥"),
        ],
        id="line-257",
    ),
    # line 276: 押融资金额 | 知识产权质押融资金额达到 20 亿 | 省知识产权局、
    pytest.param(
        276,
        [
            ("达到 20 亿", "知识产权质押融资金额", "2000000000", None, "元", "≥"),
        ],
        id="line-276",
    ),
    # line 281: 2017 年新注册农产品商标 400 件 2. 绿色食品
    pytest.param(
        281,
        [
            ("400 件", "新注册农产品商标", "400", None, "件", "="),
        ],
        id="line-281",
    ),
    # line 284: ，增加农民收入 | 个，有机食品数量达到 50 个，农产品地理标志达到 45 个 |
    pytest.param(
        284,
        [
            ("达到 50 个", "有机食品数量", "50", None, "个", "≥"),
            ("达到 45 个", "农产品地理标志", "45", None, "个", "≥"),
        ],
        id="line-284",
    ),
    # line 302: 政厅批复省发明专利申请补助资金 500 万元；中国专利奖及辽宁省专利奖奖励基金 185 万元；推动 50…
    pytest.param(
        302,
        [
            ("500 万元", "省发明专利申请补助资金", "5000000", None, "元", "="),
            ("185 万元", "中国专利奖及辽宁省专利奖奖励基金", "1850000", None, "元", "="),
            ("50 项以上", "重大科技成果", "50", None, "项", "≥"),
        ],
        id="line-302",
    ),
    # line 304: 贵问题 | 知识产权质押融资金额力争达到 20 亿元 | 省知识产权局、
    pytest.param(
        304,
        [
            ("达到 20 亿元", "知识产权质押融资金额", "2000000000", None, "元", "≈"),
        ],
        id="line-304",
    ),
    # line 307: 知识产 | 1. 新闻媒体报道篇次 200 篇以上。 2. 微信公众号发布知识产权相关信息 300 篇以上。 | 省…
    pytest.param(
        307,
        [
            ("200 篇以上", "新闻媒体报道篇次", "200", None, "篇", "≥"),
            ("300 篇以上", "微信公众号发布知识产权相关信息", "300", None, "篇", "≥"),
        ],
        id="line-307",
    ),
    # line 337: 开展实务培训 | 及时统计分析，完成1期年报、12期月报；组织5场相关培训 | 省知识
    pytest.param(
        337,
        [
            ("1期", "年报", "1", None, "期", "="),
            ("12期", "月报", "12", None, "期", "="),
            ("5场", "相关培训", "5", None, "场", "="),
        ],
        id="line-337",
    ),
    # line 345: 展海外专利布局研究 | 建立收储资金1亿元 | 省知识产权局
    pytest.param(
        345,
        [
            ("1亿元", "收储资金", "100000000", None, "元", "="),
        ],
        id="line-345",
    ),
    # line 351: 级专利转化项目计划 | 补贴专利项目20项，资金700万元 | 省知识产权局
    pytest.param(
        351,
        [
            ("20项", "专利项目", "20", None, "项", "="),
            ("700万元", "资金", "7000000", None, "元", "="),
        ],
        id="line-351",
    ),
    # line 354: 开展知识产权文化进校园活动 | 拿出300万元资助全省20所中小学校开展知识
    pytest.param(
        354,
        [
            ("300万元", "资金", "3000000", None, "元", "="),
            ("20所", "中小学校", "20", None, "所", "="),
        ],
        id="line-354",
    ),
    # line 358: 展全省知识产权宣讲活动 | 普及教育1万人次 | 省知识产权局
    pytest.param(
        358,
        [
            ("1万人次", "普及教育", "10000", None, "人次", "="),
        ],
        id="line-358",
    ),
    # line 359: ，设立专家咨询站点 | 微博推送广告10万条以上，车体广告投放100台次，设立咨询站点30个 | 省知识产…
    pytest.param(
        359,
        [
            ("10万条以上", "微博推送广告", "100000", None, "条", "≥"),
            ("100台次", "车体广告投放", "100", None, "台次", "="),
            ("30个", "咨询站点", "30", None, "个", "="),
        ],
        id="line-359",
    ),
    # line 392: 设工程”，制定知识产权 | 全年培训超过5000人 | 省知识产权局
    pytest.param(
        392,
        [
            ("超过5000人", "培训人数", "5000", None, "人", ">"),
        ],
        id="line-392",
    ),
    # line 415: 立健全知识产权转移转化机构 | 在 20 家高校、科研院开展技术转移转化体系建设 | 建立 20 家技术转…
    pytest.param(
        415,
        [
            ("20 家", "高校、科研院", "20", None, "家", "="),
            ("20 家", "技术转移转化服务机构", "20", None, "家", "="),
        ],
        id="line-415",
    ),
    # line 444: 理 | 全年各类专利案件立案量增长 10%以上 | 省知识产权局
    pytest.param(
        444,
        [
            ("10%以上", "各类专利案件立案量增长", "10", None, "%", "≥"),
        ],
        id="line-444",
    ),
    # line 447: 家级知识产权保护规范化培育市场 3-6 家； 2. 遴选 10-15 家省“正版正货”示范街区、3-6 家省示范创…
    pytest.param(
        447,
        [
            ("3-6 家", "国家级知识产权保护规范化培育市场", "3", "6", "家", "="),
            ("10-15 家", "省正版正货示范街区", "10", "15", "家", "="),
            ("3-6 家", "省示范创建行业", "3", "6", "家", "="),
            ("500 家", "省正版正货承诺企业", "500", None, "家", "="),
        ],
        id="line-447",
    ),
    # line 453: 识产权质押融资 | 知识产权融资金额超过 20 亿元 | 省知识产权局
    pytest.param(
        453,
        [
            ("超过 20 亿元", "知识产权融资金额", "2000000000", None, "元", ">"),
        ],
        id="line-453",
    ),
    # line 466: 产权教育试点师资培训 | 培训总监 770 人、工程师 1400 人、专利代理人资格考试考前培训 120 人。举…
    pytest.param(
        466,
        [
            ("770 人", "培训总监", "770", None, "人", "="),
            ("1400 人", "工程师", "1400", None, "人", "="),
            ("120 人", "专利代理人资格考试考前培训", "120", None, "人", "="),
        ],
        id="line-466",
    ),
    # line 472: 产权意识 | 联合省教育厅重点建设 10—20 个省级知识产权教育
    pytest.param(
        472,
        [
            ("10—20 个", "省级知识产权教育试点学校", "10", "20", "个", "="),
        ],
        id="line-472",
    ),
    # line 497: 力 | 举办小微企业知识产权培训班 15 班次以上 | 省知识产权局、
    pytest.param(
        497,
        [
            ("15 班次以上", "小微企业知识产权培训班", "15", None, "班次", "≥"),
        ],
        id="line-497",
    ),
    # line 498: 苗木的生产流通；年检测种子样品 1000 份以上 | 省林业厅、工商
    pytest.param(
        498,
        [
            ("1000 份以上", "种子样品", "1000", None, "份", "≥"),
        ],
        id="line-498",
    ),
    # line 517: 力度。 | 培育“浙江制造”品牌企业300家以上，“浙江制造”认证企业60家 | 省质监局、工商
    pytest.param(
        517,
        [
            ("300家以上", "浙江制造品牌企业", "300", None, "家", "≥"),
            ("60家", "浙江制造认证企业", "60", None, "家", "="),
        ],
        id="line-517",
    ),
    # line 537: 突破,新增省知识产权工作示范县区5家,三分之二县市区进入省知识
    pytest.param(
        537,
        [
            ("5家", "省知识产权工作示范县区", "5", None, "家", "="),
            ("三分之二", "县市区", "66.67", None, "%", "="),
        ],
        id="line-537",
    ),
    # line 556: 维权中心 | 努力在 2 年内成立 1 至 2 家知识产权快速维权
    pytest.param(
        556,
        [
            ("1 至 2 家", "知识产权快速维权中心", "1", "2", "家", "≈"),
        ],
        id="line-556",
    ),
    # line 567: 部执法 | 各县开展农村执法工作一年不少于2次 | 省知识产权局
    pytest.param(
        567,
        [
            ("不少于2次", "农村执法工作", "2", None, "次", "≥"),
        ],
        id="line-567",
    ),
    # line 578: 新人才的知识产权培训力度 | 开展 5 期专利信息分析与利用实战培训班，培训约 400 名企业研发和高校…
    pytest.param(
        578,
        [
            ("5 期", "专利信息分析与利用实战培训班", "5", None, "期", "="),
            ("约 400 名", "企业研发和高校院所研究人员", "400", None, "名", "≈"),
            ("约 40 项", "行业项目专利信息分析与评议报告", "40", None, "项", "≈"),
        ],
        id="line-578",
    ),
    # line 604: 管理和保护 | 各设区市每年至少确定5个重点产业或专业市
    pytest.param(
        604,
        [
            ("5个", "重点产业或专业市场", "5", None, "个", "≥"),
        ],
        id="line-604",
    ),
    # line 649: 用于奖励发明人（团队）的收益比例不低于 60%。3. 对未及时
    pytest.param(
        649,
        [
            ("不低于 60%", "收益比例", "60", None, "%", "≥"),
        ],
        id="line-649",
    ),
    # line 653: 的资助力度，力争发明专利申请占比达 25%以上，PCT 国际专利申请年均增速 20%以上。</p> <p
    pytest.param(
        653,
        [
            ("达 25%以上", "发明专利申请占比", "25", None, "%", "≥"),
            ("20%以上", "PCT国际专利申请年均增速", "20", None, "%", "≥"),
        ],
        id="line-653",
    ),
    # line 674: 即提升专利申请质量，发明专利授权达 3000 件以上；专利转化率提高 3%；执法能力提升，案件数量超过…
    pytest.param(
        674,
        [
            ("达 3000 件以上", "发明专利授权", "3000", None, "件", "≥"),
            ("3%", "专利转化率提高", "3", None, "%", "="),
            ("超过 600 件", "案件数量", "600", None, "件", ">"),
            ("达到 6 个亿以上", "知识产权质押融资规模", "600000000", None, "元", "≥"),
        ],
        id="line-674",
    ),
    # line 750: 果。 | 1. 年内拟举办各类培训班100余个，各类创新人才受训人次达到5000人。 2. 通过走出去的形式，…
    pytest.param(
        750,
        [
            ("100余个", "各类培训班", "100", None, "个", ">"),
            ("达到5000人", "各类创新人才受训人次", "5000", None, "人", "≥"),
            ("1-2次", "高级别知识产权人才培训班", "1", "2", "次", "="),
        ],
        id="line-750",
    ),
    # line 758: 涂广告或与 114 查号台合作等至少 3 种方式开展 123
    pytest.param(
        758,
        [
            ("至少 3 种", "方式", "3", None, "种", "≥"),
        ],
        id="line-758",
    ),
    # line 779: 立重点产业知识产权运营基金 | 设立不低于 2.5 亿元的重点产业知识产
    pytest.param(
        779,
        [
            ("不低于 2.5 亿元", "重点产业知识产权运营基金", "250000000", None, "元", "≥"),
        ],
        id="line-779",
    ),
    # line 787: 信息公共服务平台功能 | 重点服务 200 家企业开展专利信息推送和检索分析；完成 2~3 个河南省主导产…
    pytest.param(
        787,
        [
            ("200 家", "企业", "200", None, "家", "="),
            ("2~3 个", "河南省主导产业", "2", "3", "个", "="),
        ],
        id="line-787",
    ),
    # line 803: ,指导学院制定年度人才引进计划,3个知识产权学院引进博士5-8人,支持学院建设 |
    pytest.param(
        803,
        [
            ("3个", "知识产权学院", "3", None, "个", "="),
            ("5-8人", "博士", "5", "8", "人", "="),
        ],
        id="line-803",
    ),
    # line 828: 四类犯罪活动 | 力争全年成功收网 5 起以上集群战役，工作综合绩效进入全国前 10 名 | 湖北省公安厅
    pytest.param(
        828,
        [
            ("5 起以上", "集群战役", "5", None, "起", "≥"),
            ("前 10 名", "工作综合绩效进入全国", "10", None, "名", "≤"),
        ],
        id="line-828",
    ),
    # line 877: 湖南省专利奖的评审工作 | 评选出 1 个特别奖、8 个一等奖、12 个二等奖、30 个三等奖 | 省知识产
    pytest.param(
        877,
        [
            ("1 个", "特别奖", "1", None, "个", "="),
            ("8 个", "一等奖", "8", None, "个", "="),
            ("12 个", "二等奖", "12", None, "个", "="),
            ("30 个", "三等奖", "30", None, "个", "="),
        ],
        id="line-877",
    ),
    # line 878: 犯知识产权行政处罚案件信息公开率达 85%以上 | 双打办、“双打
    pytest.param(
        878,
        [
            ("达 85%以上", "侵犯知识产权行政处罚案件信息公开率", "85", None, "%", "≥"),
        ],
        id="line-878",
    ),
    # line 921: 要针对长株潭地区的工业园区，增设1个以上的传播与利用分中心。 2. 根据统一规划安排，完成新一代专…
    pytest.param(
        921,
        [
            ("1个以上", "传播与利用分中心", "1", None, "个", "≥"),
            ("一场以上", "培训", "1", None, "场", "≥"),
            ("一场以上", "培训活动", "1", None, "场", "≥"),
        ],
        id="line-921",
    ),
    # line 999: 省名牌产品，并参与品牌价值测算 | 5个区域获批“全国知名品牌创建示范区”，不超过10家企业或组织获…
    pytest.param(
        999,
        [
            ("5个", "区域", "5", None, "个", "="),
            ("不超过10家", "企业或组织", "10", None, "家", "≤"),
            ("500个左右", "产品", "500", None, "个", "≈"),
        ],
        id="line-999",
    ),
    # line 1133: | 力争今年专利申请同比2016年翻一番，并实现个别市县清零；PCT国际申请递增50% | 省知识产权局
    pytest.param(
        1133,
        [
            ("翻一番", "专利申请增长", "100", None, "%", "≈"),
            ("50%", "PCT国际申请递增", "50", None, "%", "="),
        ],
        id="line-1133",
    ),
    # line 1141: | 力争 2017 年质押融资金额达到 5.6 亿元，同比 2016 年增长 80.65% | 省知识产权局
    pytest.param(
        1141,
        [
            ("达到 5.6 亿元", "质押融资金额", "560000000", None, "元", "≈"),
            ("80.65%", "质押融资金额增长", "80.65", None, "%", "≈"),
        ],
        id="line-1141",
    ),
    # line 1173: 正版正货”承诺活动。 | 1. 培育10家国家级知识产权保护规范化试点市场。 2. “保护知识产权，销售正…
    pytest.param(
        1173,
        [
            ("10家", "国家级知识产权保护规范化试点市场", "10", None, "家", "="),
            ("达到200余家", "销售正版正货承诺活动商家", "200", None, "家", ">"),
        ],
        id="line-1173",
    ),
    # line 1220: 警、维权援助、价值分析、质押融资100期，培训20000人次 | 市知识产权局、
    pytest.param(
        1220,
        [
            ("100期", "分析预警、维权援助、价值分析、质押融资", "100", None, "期", "="),
            ("20000人次", "培训人次", "20000", None, "人次", "="),
        ],
        id="line-1220",
    ),
    # line 1225: 内刊《重庆知识产权》(双月刊) 6 期。 2. 知识产权公众微信号成功上线运行。 3. 编写出版知识产权…
    pytest.param(
        1225,
        [
            ("6 期", "内刊重庆知识产权", "6", None, "期", "="),
            ("1-2 部", "知识产权实务丛书", "1", "2", "部", "="),
        ],
        id="line-1225",
    ),
    # line 1229: 研院所知识产权管理水平。 | 建成 3-5 所知识产权教育工作
    pytest.param(
        1229,
        [
            ("3-5 所", "知识产权教育试点示范学校", "3", "5", "所", "="),
        ],
        id="line-1229",
    ),
    # line 1230: 选编》 2. 编辑各类宣传资料 5 万余份。 3. 开展知识产权宣传培训 1-2 次。 | 市知识产权局
    pytest.param(
        1230,
        [
            ("5 万余份", "各类宣传资料", "50000", None, "份", ">"),
            ("1-2 次", "知识产权宣传培训", "1", "2", "次", "="),
        ],
        id="line-1230",
    ),
    # line 1378: 进人员进行知识产权知识基础培训 | 10 个班 1500 人接受培训 | 省知识
    pytest.param(
        1378,
        [
            ("10 个", "班", "10", None, "个", "="),
            ("1500 人", "接受培训", "1500", None, "人", "="),
        ],
        id="line-1378",
    ),
    # line 1417: 心专利 | 发明专利申请量同比增长 10%以上，每万人发明专利拥有量达到 8.5 件 | 省知识产权局、
    pytest.param(
        1417,
        [
            ("10%以上", "发明专利申请量增长", "10", None, "%", "≥"),
            ("达到 8.5 件", "每万人发明专利拥有量", "8.5", None, "件", "≥"),
        ],
        id="line-1417",
    ),
    # line 1441: 权综合管理服务能力 | 1. 全省 1 个示范城市、3 个试点城市、34 个知识产权强县（区）年度工作对标…
    pytest.param(
        1441,
        [
            ("1 个", "示范城市", "1", None, "个", "="),
            ("3 个", "试点城市", "3", None, "个", "="),
            ("34 个", "知识产权强县", "34", None, "个", "="),
            ("达到 30%以上", "优秀率", "30", None, "%", "≥"),
        ],
        id="line-1441",
    ),
    # line 1452: 知识产权宣传 | 发布知识产权微博 5000 条、微信 200 条以上 | 省知识产权局
    pytest.param(
        1452,
        [
            ("5000 条", "知识产权微博", "5000", None, "条", "="),
            ("200 条以上", "微信", "200", None, "条", "≥"),
        ],
        id="line-1452",
    ),
    # line 1459: 省专利奖评奖工作 | 评选出一等奖 5 项、二等奖 20 项、三等奖 25 项 | 省科技厅、知识
    pytest.param(
        1459,
        [
            ("5 项", "一等奖", "5", None, "项", "="),
            ("20 项", "二等奖", "20", None, "项", "="),
            ("25 项", "三等奖", "25", None, "项", "="),
        ],
        id="line-1459",
    ),
    # line 1544: 著名商标拥有量。力争商标申请量 1500 件，注册量 1000 件，认定青海省著名商标 20 件以上。 | 省…
    pytest.param(
        1544,
        [
            ("1500 件", "商标申请量", "1500", None, "件", "≈"),
            ("1000 件", "注册量", "1000", None, "件", "≈"),
            ("20 件以上", "青海省著名商标", "20", None, "件", "≥"),
        ],
        id="line-1544",
    ),
    # line 1548: 2017 年我省专利代 | 组织 5 期知识产权相关培训班；实现专利代理机构执业代理人年度执业培训不少…
    pytest.param(
        1548,
        [
            ("5 期", "知识产权相关培训班", "5", None, "期", "="),
            ("不少于 12 课时", "专利代理机构执业代理人年度执业培训", "12", None, "课时", "≥"),
        ],
        id="line-1548",
    ),
    # line 1579: 理质量 | 授权发明专利比上年增长 10%，万人有效发明专利达到 3 件以上 | 自治区各级知识
    pytest.param(
        1579,
        [
            ("10%", "授权发明专利增长", "10", None, "%", "="),
            ("达到 3 件以上", "万人有效发明专利", "3", None, "件", "≥"),
        ],
        id="line-1579",
    ),
    # line 1626: 队)的奖励比例不低于所得净收入的70%等相关政策。激励
    pytest.param(
        1626,
        [
            ("70%", "奖励比例", "70", None, "%", "≥"),
        ],
        id="line-1626",
    ),
    # line 1651: 域专利行政执法，全年专利行政执法不少于8次 | 兵团知识产权局
    pytest.param(
        1651,
        [
            ("不少于8次", "专利行政执法", "8", None, "次", "≥"),
        ],
        id="line-1651",
    ),
    # line 1682: 识产权教育试点示范活动 | 争取兵团一所学校列入“全国知
    pytest.param(
        1682,
        [
            ("一所", "学校", "1", None, "所", "≈"),
        ],
        id="line-1682",
    ),
    # line 1644: 有效发明专利拥有量 2020 年达到 3 件。 | 质监局、发展
    pytest.param(
        1644,
        [
            ("达到 3 件", "每万人有效发明专利拥有量", "3", None, "件", "≥"),
        ],
        id="line-1644",
    ),
    # line 1288: 五”知识产权人才发展规划》。加强8个国省知识产权培训
    pytest.param(
        1288,
        [
            ("8个", "国省知识产权培训基地建设", "8", None, "个", "="),
        ],
        id="line-1288",
    ),
    # line 727: 成并开展服务； 2. 在省内增设1-2个专利信息传播利用站点、5个专利文献服务网点
    pytest.param(
        727,
        [
            ("1-2个", "专利信息传播利用站点", "1", "2", "个", "="),
            ("5个", "专利文献服务网点", "5", None, "个", "="),
        ],
        id="line-727",
    ),
    # line 379: 护、管理“四个计划”，争取实现 100 家以上企业专利申请“零
    pytest.param(
        379,
        [
            ("100 家以上", "企业专利申请零突破", "100", None, "家", "≥"),
        ],
        id="line-379",
    ),
    # line 196: 石家庄市第九中学、河北省临城中学两家国家级试点 | 省知
    pytest.param(
        196,
        [
            ("两家", "国家级试点", "2", None, "家", "="),
        ],
        id="line-196",
    ),
]


@pytest.mark.parametrize(("line_no", "expected"), CASES)
def test_targets_of_real_rows(line_no: int, expected: list[Row]) -> None:
    """Every target of the row, in order: value, range, unit, comparator and indicator as read by hand."""
    text = SOURCE_LINES[line_no - 1]
    assert _rows(extract_targets(text)) == _expected(expected)
    for target in extract_targets(text):
        assert text[target.start : target.start + len(target.source_text)] == target.source_text


# Rows whose numbers are all look-alikes: none of them is a quantified commitment.
NO_TARGETS = [
    pytest.param(46, id="line-46"),  # 三大科技城, 全国首个
    pytest.param(50, id="line-50"),  # 组织 16 区专利执法人员 (区 is no classifier: scope, not an amount)
    pytest.param(59, id="line-59"),  # “一对一”帮扶
    pytest.param(80, id="line-80"),  # “一带一路”, 举办2017年知识产权与创新大会
    pytest.param(106, id="line-106"),  # hotlines 12330、12312、12315、12318、12365
    pytest.param(111, id="line-111"),  # “剑网 2017”专项行动
    pytest.param(149, id="line-149"),  # “4.26世界知识产权日”, “12.4法制宣传日”, 天津12330
    pytest.param(156, id="line-156"),  # 第九届, 第三届
    pytest.param(197, id="line-197"),  # 12330 热线
    pytest.param(258, id="line-258"),  # 辽知发[2011]8 号
    pytest.param(289, id="line-289"),  # （2016-2020 年）
    pytest.param(298, id="line-298"),  # “十三五”规划
    pytest.param(306, id="line-306"),  # 第七个五年规划（2016—2020 年）, list markers 1. 2. 3.
    pytest.param(355, id="line-355"),  # “4·26全国知识产权宣传周”
    pytest.param(372, id="line-372"),  # 2015 年国家第二批, 第三批, 第四批
    pytest.param(425, id="line-425"),  # 第14届上海知识产权国际论坛
    pytest.param(483, id="line-483"),  # 评选周期由 3 年调整为 1 年 (time spans are no targets)
    pytest.param(555, id="line-555"),  # 于 7 日内公开 (a deadline)
    pytest.param(601, id="line-601"),  # “…比例协调”四项司法政策 (a label for the quoted list)
    pytest.param(665, id="line-665"),  # 两条途径
    pytest.param(800, id="line-800"),  # 世界 500 强企业
    pytest.param(889, id="line-889"),  # 第一批, 湖南万家丽
    pytest.param(1062, id="line-1062"),  # 国发〔2014〕6号
    pytest.param(1219, id="line-1219"),  # 办理流程5个工作日 (a time span)
    pytest.param(1278, id="line-1278"),  # 美国 337 调查
    pytest.param(1331, id="line-1331"),  # （2016-2020年）, “十三五”重点专项规划
    pytest.param(1352, id="line-1352"),  # “…营造舆论”五个要点
    pytest.param(1422, id="line-1422"),  # 2017 丝博会暨第 21 届西洽会
    pytest.param(1464, id="line-1464"),  # 五部门, (甘高发[2016]94 号)
    pytest.param(1566, id="line-1566"),  # 两个层面
]


@pytest.mark.parametrize("line_no", NO_TARGETS)
def test_look_alikes_are_not_targets(line_no: int) -> None:
    """Years, dates, hotlines, ordinals, document numbers and names carry no commitment."""
    assert extract_targets(SOURCE_LINES[line_no - 1]) == ()


# Forms the document does not print, from the brief's list; (text, expected targets as above).
SYNTHETIC = [
    pytest.param(
        "培训１２０人次",
        [("１２０人次", "培训人次", "120", None, "人次", "=")],
        id="fullwidth digits",
    ),
    pytest.param(
        "新增专利1,200件以上",
        [("1,200件以上", "专利", "1200", None, "件", "≥")],
        id="thousands",
    ),
    pytest.param(
        "举办一百五十场讲座",
        [("一百五十场", "讲座", "150", None, "场", "=")],
        id="chinese compound",
    ),
    pytest.param(
        "培训约二十名专家",
        [("约二十名", "专家", "20", None, "名", "≈")],
        id="chinese tens",
    ),
    pytest.param(
        "覆盖率达到百分之八十",
        [("达到百分之八十", "覆盖率", "80", None, "%", "≥")],
        id="percent words",
    ),
    pytest.param(
        "培育3～5家示范企业",
        [("3～5家", "示范企业", "3", "5", "家", "=")],
        id="range wave dash",
    ),
    pytest.param(
        "培育3至5家示范企业",
        [("3至5家", "示范企业", "3", "5", "家", "=")],
        id="range with zhi",
    ),
    pytest.param(
        "培育两到三家服务机构",
        [("两到三家", "服务机构", "2", "3", "家", "=")],
        id="chinese range",
    ),
    pytest.param(
        "融资五亿",
        [("五亿", "融资", "500000000", None, "元", "=")],
        id="bare chinese yi is yuan",
    ),
    pytest.param(
        "发明专利拥有量提高3个百分点",
        [("3个百分点", "发明专利拥有量提高", "3", None, "百分点", "=")],
        id="percentage points",
    ),
    pytest.param(
        "申请量翻两番",
        [("翻两番", "申请量增长", "300", None, "%", "=")],
        id="quadrupling",
    ),
    pytest.param(
        "贯彻GB/T 29490标准",
        [],
        id="standard number",
    ),
    pytest.param(
        "推进工业4.0建设",
        [],
        id="version",
    ),
    pytest.param(
        "举办第3期培训班",
        [],
        id="ordinal di-3-qi",
    ),
    pytest.param(
        "4月26日举办活动",
        [],
        id="date",
    ),
    pytest.param(
        "一是加强保护，二是完善制度",
        [],
        id="yi-shi er-shi",
    ),
    pytest.param(
        "① 建立机制（1）完善制度",
        [],
        id="list markers",
    ),
    pytest.param(
        "实施十三五规划、十二五总结",
        [],
        id="plan names 13-5 12-5",
    ),
    pytest.param(
        "提供“一站式”服务，打造一个平台",
        [],
        id="yi-zhan-shi, article yi-ge",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SYNTHETIC)
def test_forms_not_printed_in_the_document(text: str, expected: list[Row]) -> None:
    """Fullwidth digits, separators, Chinese numerals and ranges read the same way as the printed forms."""
    assert _rows(extract_targets(text)) == _expected(expected)


def test_cell_joined_across_a_page_break() -> None:
    """A deliverable split by a page break (lines 281 and 284) reads whole once joined, as the parser
    delivers it: 800 and its unit 个 sit on different lines."""
    first, second = SOURCE_LINES[280].split("\t")[4], SOURCE_LINES[283].split("\t")[4]
    assert first.endswith("绿色食品数量达到 800") and second.startswith("个，")
    cell = first + second
    assert _rows(extract_targets(cell)) == _expected(
        [
            ("400 件", "新注册农产品商标", "400", None, "件", "="),
            ("达到 800个", "绿色食品数量", "800", None, "个", "≥"),
            ("达到 50 个", "有机食品数量", "50", None, "个", "≥"),
            ("达到 45 个", "农产品地理标志", "45", None, "个", "≥"),
        ]
    )


def _all_targets() -> list[tuple[int, str, Target]]:
    return [(n, line, t) for n, line in enumerate(SOURCE_LINES, 1) for t in extract_targets(line)]


def test_whole_document_properties() -> None:
    """Over every line: spans are exact and ordered, fields are well formed, and no year, hotline or
    document number slips through."""
    found = _all_targets()
    assert found, "the document has targets"
    by_line: dict[int, list[Target]] = {}
    for n, line, t in found:
        by_line.setdefault(n, []).append(t)
        where = f"line {n}: {t}"
        assert line[t.start : t.start + len(t.source_text)] == t.source_text, where
        assert not re.match(r"(?:19|20)\d{2}\s*(?:[-—~]\s*(?:19|20)\d{2}\s*)?年", line[t.start :]), where
        assert "年" not in t.source_text and "日" not in t.source_text, where
        assert not re.search(r"123\d\d", t.source_text), where
        assert not line[: t.start].rstrip(" ").endswith("第"), where
        assert t.comparator in COMPARATORS, where
        assert t.unit and t.unit != "年", where
        assert t.value > 0, where
        assert t.max_value is None or t.max_value > t.value, where
        assert 0 < len(t.indicator) <= 20 and re.search(r"[\u4e00-\u9fff]", t.indicator), where
        assert not re.search(r"[\s“”《》<>]", t.indicator), where
    for n, targets in by_line.items():
        ends = [t.start + len(t.source_text) for t in targets]
        assert all(end <= nxt.start for end, nxt in zip(ends, targets[1:], strict=False)), f"line {n}"


def test_fragments_of_lines_never_break() -> None:
    """Cells arrive cut anywhere (page breaks): every head and tail of every line still reads cleanly."""
    for line in SOURCE_LINES:
        for cut in range(0, len(line), 23):
            for fragment in (line[:cut], line[cut:]):
                for t in extract_targets(fragment):
                    assert fragment[t.start : t.start + len(t.source_text)] == t.source_text
    assert extract_targets("") == () and extract_targets("个亿 十 1- 亿") == ()


def test_whole_document_count() -> None:
    """The number of targets over the document, pinned: a change of rule shows up here, to be re-checked."""
    found = _all_targets()
    assert len(found) == 301
    assert len({n for n, _, _ in found}) == 205
    assert sum(1 for _, _, t in found if t.max_value is not None) == 64
