"""Quantified commitments (targets) read from a task's or a deliverable's text.

A target is a number with a counting unit (``20 家``, ``2万人次``, ``70%``, ``1-2 期``), the comparator
the text puts on it, and the indicator it measures (``万人有效发明专利拥有量``, ``专业市场``).
``extract_targets`` returns them in document order; every ``source_text`` is an exact substring of the
input at ``start``. The module is pure (no I/O) so that the entity stage can run it on every task and
deliverable cell, and the tests on every line of the source document.

Decisions (the rules the code follows; tests/entities/test_targets.py pins them on real rows):

1. A number is a target only when a counting unit follows it: 件 家 个 项 人次 人 名 期 场 次 所 条 篇
   份 台次 台 班次 班 部 元 课时 起 户 位 种 套 本 册 处 座 笔 宗 例 门 支 轮 倍 批 ``%`` 百分点. Bare
   numbers are never targets, which is what keeps out years (``2017 年``, ``2016-2020 年``), dates
   (``4.26``, ``“4·26”``, ``4 月``), hotlines (``12330``, ``12315``), list markers (``1.`` ``2、``
   ``（1）``), document numbers (``〔2016〕12号``), standards (``GB/T 29490``), versions (``4.0``) and
   names (``中国制造 2025``, ``剑网 2017``, ``世界 500 强``, ``114 查号台``). One exception: ``亿`` with
   no unit after it (``20 亿``, ``6 个亿``) is money in this document, unit 元.
2. Time spans are not targets: 年 月 日 天 工作日 小时 are not units (``2 年内``, ``于 7 日内公开``,
   ``由 3 年调整为 1 年``, ``5个工作日``). They say when something falls due, not how much is
   promised, and admitting 年 would let every year through.
3. 届 (edition), 类, 级, 大, 区 are not units. ``16 区`` (组织 16 区专利执法人员, line 50) is not a
   target: 区 is a noun, not a classifier, and the phrase names the scope (all 16 Beijing districts),
   not an amount to deliver. With a classifier (``4个区``, ``14 个地级市``, ``四个新建工作站``) a count
   is kept even where it restates an enumeration: the text cannot tell the two apart reliably.
4. Ordinals and names are skipped: a number after 第 (``第九届``, ``第 7 届``, ``第3期``), a phase in
   brackets (``（一期）``), anything inside “…” or 《…》 (``“十大重点产业”``, ``“5 大计划”``,
   ``《…七条措施》``) or 〔〕 [] 【】, numbers glued to Latin letters, ``/`` or ``+`` (``1+N``), and a
   Chinese count right after a closing quote (``“…”四项司法政策``: a label for the quoted list).
5. Chinese numerals (一 二 两 … 十 百 千 万 亿: ``二十``, ``一百五十``, ``两万``) count only when well
   formed and starting with a digit or 十, so ``十三五`` / ``十二五`` (two digits in a row), ``百千万``,
   ``千人计划``, ``万人发明专利``, ``二〇一七`` are not numbers. 一 with 个 项 条 种 部 套 批 本 位 is
   the indefinite article ("a"), not a count; ``一次性``, ``一条龙``, ``一等奖``, ``五部门``, ``两个层面``,
   ``两条途径`` are not counts. ``一带一路``, ``一对一``, ``一站式``, ``三合一``, ``双打``, ``三大科技城``
   have no classifier and fail rule 1. ``一批`` ("a number of") is not read.
6. Multipliers are applied: 万 ×10⁴, 亿 ×10⁸, 千 ×10³ (``5亿元`` → 500000000 元, ``2万人次`` → 20000
   人次, ``5 万余份`` → 50000 份); ``个亿`` is 亿.
7. Ranges ``1-2期``, ``3～5家``, ``3至5家``, ``1 至 2 家``, ``2~3``, ``10—20``, ``两到三家``: value is the
   low end, max_value the high end; max_value is None for single values.
8. Fractions and doubling: ``百分之八十`` → 80 %, ``三分之二`` → 66.67 % (two decimals), ``翻一番`` /
   ``翻两番`` → 100 % / 300 % growth (the indicator gets 增长). ``半数`` is not read.
9. Comparators, strongest first:
   - after the number: ``以上 及以上`` → "≥", ``余 多`` (``100余个``) → ">", ``以内 以下`` → "≤",
     ``左右 上下`` → "≈";
   - right before it: ``不少于 不低于 至少 最少`` → "≥"; ``超过 突破 高于 多于 逾 超`` → ">";
     ``不超过 不高于 不多于 最多 至多``, and ``前`` before a rank (``前 10 名``) → "≤";
     ``少于 低于 不足 不到`` → "<"; ``约 大约 近 将近 接近`` → "≈";
   - a bound across a "…的" phrase (``不低于所得净收入的70%``) or a verb (``至少确定5个``,
     ``至少开展两次``) → as above;
   - a hedge earlier in the same sentence (up to 。；): ``力争 争取 努力 预计`` → "≈" (a stated aim, as
     docs/graph-model.md says of 力争; it governs the whole sentence: ``力争商标申请量 1500 件，注册量
     1000 件`` gives "≈" to both);
   - ``达到 达`` right before the number → "≥" (reaching X makes X a floor);
   - otherwise "=".
10. ``source_text`` is the tight span: an adjacent comparator word before the number (``不少于6家``,
    ``达到 20 亿``), the number, multiplier, unit, and a comparator after it (``10%以上``). The
    indicator is not part of it, because it may sit on either side of the number.
11. Indicator. A classifier is followed by the noun it counts, so the phrase after the unit wins when
    there is one (``确定 20 家专业市场开展试点`` → 专业市场; it stops at punctuation, a digit or the
    next verb, and skips a "…、…的" relative clause to the head noun; a fraction counts a noun too:
    ``三分之二县市区``). Otherwise, and always for ``%``, it is the phrase before the number in its
    clause (``万人有效发明专利拥有量达到 6.8 件``) without scope words (全市, 全年, 2017 年, 同比 …),
    leading verbs (新增, 组织开展, 举办 …) and trailing comparators. A bare growth word borrows the
    previous target's indicator (``金额达到 5.6 亿元，同比增长 80.65%`` → 质押融资金额增长); a bare
    verb gets a unit noun (``全年培训超过5000人`` → 培训人数); money with no noun is 资金
    (``拿出300万元资助…``). At most 20 characters; quote marks, brackets, HTML and spaces removed.
    Per-period amounts keep their number (``每年至少确定5个`` → ≥ 5 个, ``每两年评选一次`` → 1 次);
    the period itself is not part of the target.
12. Input is any text: a cell, a joined task or deliverable, or a raw tab-separated line of the source
    (tabs and HTML fragments end clauses). Fullwidth digits, ％, ．, ～ are read as their ASCII forms;
    offsets always refer to the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Target", "extract_targets"]


@dataclass(frozen=True)
class Target:
    """One quantified commitment read from a text."""

    indicator: str  # what is counted, Chinese, e.g. 万人发明专利拥有量
    value: Decimal  # multipliers applied: 5亿元 → 500000000
    max_value: Decimal | None  # high end of a range (1-2期 → 2), else None
    unit: str  # counting unit without the multiplier: 件, 家, 人次, 元, % …
    comparator: str  # one of ≥ > ≤ < = ≈
    source_text: str  # the exact span of the input the target was read from
    start: int  # offset of source_text in the input


# --- units ------------------------------------------------------------------------------------------

# Longest first, so that 人次 wins over 人 and 个百分点 over 个.
_UNITS = (
    "个百分点",
    "百分点",
    "人次",
    "台次",
    "班次",
    "课时",
    "篇次",
    "件",
    "家",
    "个",
    "项",
    "人",
    "名",
    "期",
    "场",
    "次",
    "所",
    "条",
    "篇",
    "份",
    "台",
    "班",
    "部",
    "元",
    "起",
    "户",
    "位",
    "种",
    "套",
    "本",
    "册",
    "处",
    "座",
    "笔",
    "宗",
    "例",
    "门",
    "支",
    "轮",
    "倍",
    "%",
    "批",
)
# Units a Chinese numeral may take (一起 is "together", and the rest read as nouns after a numeral).
_CN_UNITS = frozenset(_UNITS) - {"起", "批", "本", "门", "支", "处", "例", "%"}
# 一 + these is the indefinite article, not a count.
_ARTICLE_UNITS = frozenset({"个", "项", "条", "种", "部", "套", "批", "本", "位"})
# A unit followed by these is the first character of another word (部门, 一次性, 个人, 名称 …), or a
# time span (5个工作日).
_UNIT_BLOCK = {
    "个": ("体", "人", "性", "别", "工作日", "月", "小时", "年", "季度", "星期", "半月"),
    "部": ("门", "署", "分", "长", "委", "局", "队"),
    "次": ("性",),
    "条": ("龙", "例", "件"),
    "名": ("称", "牌", "义", "单", "录", "家", "优"),
    "家": ("级",),
    "位": ("于",),
    "处": ("理", "置", "罚", "长"),
    "门": ("户", "类", "槛", "诊"),
    "支": ("持", "付", "撑", "出"),
    "本": ("地", "市", "省", "区", "级", "着", "土", "单"),
    "例": ("如",),
    "场": ("所", "景"),
    "班": ("子", "车"),
    "期": ("间", "刊", "待", "限"),
    "所": ("有", "在", "属", "得", "需", "谓", "以"),
    "户": ("籍",),
    "台": ("湾", "账"),
    "套": ("餐",),
    "起": ("来", "草", "诉", "步"),
    "座": ("谈",),
    "宗": ("旨",),
}
# After a classifier: abstract nouns that make the count a label (两个层面, 两条途径), not an amount.
_ABSTRACT_AFTER_UNIT = (
    "方面",
    "层面",
    "要点",
    "环节",
    "原则",
    "维度",
    "全面",
    "结合",
    "坚持",
    "转变",
    "途径",
)

_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}
_YI = Decimal(100_000_000)

# --- comparators ------------------------------------------------------------------------------------

_AFTER = (("及以上", "≥"), ("以上", "≥"), ("以内", "≤"), ("以下", "≤"), ("左右", "≈"), ("上下", "≈"))
_BEFORE = (
    ("不超过", "≤"),
    ("不高于", "≤"),
    ("不多于", "≤"),
    ("不少于", "≥"),
    ("不低于", "≥"),
    ("最多", "≤"),
    ("至多", "≤"),
    ("至少", "≥"),
    ("最少", "≥"),
    ("少于", "<"),
    ("低于", "<"),
    ("不足", "<"),
    ("不到", "<"),
    ("超过", ">"),
    ("突破", ">"),
    ("高于", ">"),
    ("多于", ">"),
    ("大约", "≈"),
    ("将近", "≈"),
    ("接近", "≈"),
    ("达到", ""),
    ("逾", ">"),
    ("超", ">"),
    ("约", "≈"),
    ("近", "≈"),
    ("前", "≤"),
    ("达", ""),
)  # "" marks 达到/达: "≥" only when nothing stronger applies (rule 9)
# A bound separated from its number: by a "…的" phrase (不低于所得净收入的70%) or by a verb (至少确定5个).
_DISTANT = re.compile(
    r"(不低于|不少于|不超过|不高于|不多于|低于|高于|超过)[^，。；,;：:\t|]{1,15}的\s*$"
    r"|(至少|最少|最多|至多)[\u4e00-\u9fff]{1,4}\s*$"
)
_DISTANT_SYMBOL = {
    "不低于": "≥",
    "不少于": "≥",
    "不超过": "≤",
    "不高于": "≤",
    "不多于": "≤",
    "低于": "<",
    "高于": ">",
    "超过": ">",
    "至少": "≥",
    "最少": "≥",
    "最多": "≤",
    "至多": "≤",
}
_HEDGES = ("力争", "争取", "努力", "预计")

# --- Chinese numerals -------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
# A Chinese digit after these is the tail of a word (统一, 进一步, 第一, 周一, 其一 …), not a numeral.
_CN_BLOCK_BEFORE = frozenset("第统进唯单划归合均周星初之其逐万专整同”")

# --- indicator vocabulary ---------------------------------------------------------------------------

_SCOPE_WORDS = (
    "全市",
    "全省",
    "全区",
    "全国",
    "全团",
    "全年",
    "年内",
    "年度",
    "今年",
    "本年",
    "当年",
    "每年",
    "一年",
    "每次",
    "本市",
    "我省",
    "我市",
    "我区",
    "省内",
    "市内",
    "区内",
    "各市",
    "各县",
    "各区",
    "共计划",
    "共计",
    "累计",
    "总计",
    "合计",
    "计划",
    "确保",
    "力争",
    "争取",
    "努力",
    "预计",
    "进一步",
    "继续",
    "重点",
    "积极",
    "其中",
    "此外",
    "同时",
    "累积",
    "每两年",
    "每三年",
    "每季度",
    "每月",
    "新一批",
    "一批",
    "年",
    "并",
    "且",
    "已",
    "将",
    "再",
    "另",
    "还",
    "共",
    "拟",
    "应",
    "可",
    "对",
    "向",
    "与",
    "在",
    "为",
)
# A preposition of _SCOPE_WORDS is kept where it begins one of these words.
_PREPOSITION_WORDS = ("对接", "对外", "在线", "为民", "与会", "向导")
_VERBS = (
    "组织开展",
    "组织实施",
    "评选出",
    "选拔培训",
    "编写出版",
    "推荐选拔",
    "明确提出",
    "新吸收",
    "新聚集",
    "新认定",
    "新获批",
    "制修订",
    "新增",
    "新建",
    "建设",
    "建立",
    "建成",
    "完成",
    "开展",
    "组织",
    "举办",
    "实施",
    "培育",
    "认定",
    "设立",
    "增设",
    "增加",
    "引进",
    "推动",
    "推进",
    "支持",
    "引导",
    "选择",
    "确定",
    "遴选",
    "选拔",
    "选派",
    "选取",
    "评选",
    "推荐",
    "指导",
    "申报",
    "搭建",
    "资助",
    "补贴",
    "拿出",
    "办理",
    "处理",
    "聘请",
    "委托",
    "检测",
    "吸收",
    "召开",
    "签订",
    "制定",
    "修订",
    "扶持",
    "创建",
    "发布",
    "编辑",
    "编写",
    "编制",
    "出版",
    "印发",
    "发放",
    "进行",
    "形成",
    "打造",
    "落实",
    "获批",
    "获得",
    "争创",
    "成立",
    "组建",
    "培养",
    "表彰",
    "批复",
    "实现",
    "帮助",
    "提供",
    "保持",
    "达到",
    "投入",
    "安排",
    "拥有",
    "吸引",
    "帮扶",
    "开设",
    "收集",
    "受理",
    "查处",
    "办结",
    "举行",
    "参加",
    "筹建",
    "评审",
    "审核",
    "部署",
    "利用",
    "依托",
    "加强",
    "聚集",
    "给予",
    "提出",
    "提取",
    "用于",
    "培训",
    "通过",
)
# Verbs that end a subject-and-verb prefix inside a phrase (财政厅批复|省发明专利申请补助资金). A short
# list: most verbs also occur inside nouns (利用网点, 培育市场, 认证企业).
_INNER_VERBS = (
    "组织开展",
    "明确提出",
    "开展",
    "举办",
    "批复",
    "给予",
    "提出",
    "引进",
    "新增",
    "完成",
    "建成",
    "实现",
    "推动",
    "选择",
    "确定",
    "拿出",
    "聘请",
    "吸收",
    "召开",
    "申报",
)
# Verbs that also name what is counted (培训人员, 各类培训): kept at the front and at the end of a phrase.
_KEEP_LEADING = ("培训",)
_TRAILING_WORDS = (
    "保持在",
    "控制在",
    "稳定在",
    "提高到",
    "提升到",
    "增长到",
    "增至",
    "达至",
    "达到",
    "力争",
    "争取",
    "努力",
    "预计",
    "突破",
    "超过",
    "不少于",
    "不低于",
    "不超过",
    "不高于",
    "至少",
    "最少",
    "最多",
    "大约",
    "将近",
    "接近",
    "约",
    "近",
    "共计",
    "共",
    "累计",
    "总计",
    "合计",
    "为",
    "在",
    "达",
    "完成",
    "计划",
    "拟",
    "将",
    "一年",
    "每年",
    "全年",
    "年度",
    "年内",
    "今年",
    "前",
    "逾",
    "超",
    "的",
    "了",
)
_PREPOSITIONS = (
    "对",
    "为",
    "向",
    "给",
    "与",
    "在",
    "从",
    "于",
    "把",
    "将",
    "让",
    "使",
    "由",
    "等",
    "和",
    "及",
)
_GROWTH_WORDS = frozenset({"增长", "提高", "递增", "增加", "提升", "下降", "降低", "增速"})
# Where the noun after a classifier ends: the next verb or function word.
_AFTER_STOPS = (
    "开展",
    "进行",
    "实施",
    "建立",
    "成立",
    "参加",
    "参与",
    "获得",
    "获评",
    "获批",
    "实行",
    "挂牌",
    "入驻",
    "作为",
    "开办",
    "申报",
    "进入",
    "引进",
    "纳入",
    "达到",
    "完成",
    "加快",
    "列入",
    "建成",
    "实现",
    "提供",
    "落地",
    "通过",
    "形成",
    "签订",
    "推进",
    "拥有",
    "资助",
    "用于",
    "开通",
    "上线",
    "培育一批",
    "获",
    "的",
    "并",
)
# Single-character stops that are also the second half of common words (行为, 所在, 可以, 发达, 服从).
_AFTER_STOPS_GUARDED = {
    "为": "行作认成因以较",
    "在": "所存现实内外",
    "以": "可所予加难得",
    "达": "发到表下传",
    "从": "服自听遵",
    "向": "方导意倾志取走定",
    "等": "",
}
_DENG_WORDS = ("等奖", "等级")  # 等 ends the noun, except in 一等奖, 同等级
# The noun after a classifier does not start with these (资助全省…, 用于奖励, 、工程师 …).
_AFTER_START_BLOCK = (
    _AFTER_STOPS
    + tuple(_AFTER_STOPS_GUARDED)
    + (
        "资助",
        "帮助",
        "支持",
        "推动",
        "引导",
        "、",
        "对",
        "与",
        "及",
        "和",
        "或",
    )
)
_UNIT_NOUN = {"元": "资金", "%": "比例", "人次": "人次", "人": "人数", "名": "人数"}
_LEADING_WORDS = tuple(sorted(_SCOPE_WORDS + _VERBS, key=len, reverse=True))

# --- scanning ---------------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％～－", "0123456789.%~-")  # one char for one: offsets hold
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_RUN = r"[零〇一二两三四五六七八九十百千万亿]+"
_NUMBER = re.compile(rf"{_ARABIC}|{_CN_RUN}")
_RANGE_SEP = re.compile(r"\s*(?:-|~|—|–|至|到)\s*")
_FRACTION = re.compile(rf"百分之({_ARABIC}|{_CN_RUN})|({_CN_RUN}|{_ARABIC})分之({_CN_RUN}|{_ARABIC})")
_DOUBLING = re.compile(r"翻(一|两|三)番")
_SENTENCE_END = re.compile(r"[。；;！？!?\t\n|<>]")
_BEFORE_CUT = re.compile(r"[。；;，,：:！？!?\t\n|<>（()）\[\]【】〔〕①-⑩\d]")
_AFTER_END = re.compile(r"[。；;，,：:！？!?\t\n|<>（()）\[\]【】〔〕\d]")
_PARENTHETICAL = re.compile(r"[（(][^（()）]{0,10}[)）]")
_YEARISH = re.compile(
    r"(?:19|20)\d{2}\s*(?:[-—–~至]\s*(?:19|20)\d{2}\s*)?年度?"
    r"|(?:同比|较|比)\s*(?:上年|去年|(?:19|20)\d{2}\s*年)?(?=\s*(?:增长|增加|提高|提升|下降|降低|递增|翻))"
    r"|同比"
)
_HTML = re.compile(r"<[^<>]*>")
_DROP_CHARS = re.compile(r"[\s“”\"'‘’《》「」『』]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_INDICATOR = 20


@dataclass(frozen=True)
class _Hit:
    """A quantity found by the scanner, before comparator and indicator are read from its context."""

    start: int  # first character of the number (or of 百分之 / 翻)
    end: int  # after the unit and any comparator suffix
    value: Decimal
    max_value: Decimal | None
    unit: str
    after: str | None  # comparator read after the number
    suffix: str = ""  # added to the indicator (翻一番 → 增长)


def extract_targets(text: str) -> tuple[Target, ...]:
    """All quantified commitments in ``text``, in document order (rules in the module docstring)."""
    norm = text.translate(_FULLWIDTH)
    hits = _scan(norm)
    targets: list[Target] = []
    prev_end = 0
    prev_indicator = ""
    for hit in hits:
        start, before, reach, indicator_end = _comparator_before(norm, hit, prev_end)
        comparator = hit.after or before or _hedge(norm, start) or ("≥" if reach else "=")
        indicator = _indicator(norm, hit, prev_end, indicator_end, prev_indicator)
        targets.append(
            Target(indicator, hit.value, hit.max_value, hit.unit, comparator, text[start : hit.end], start)
        )
        prev_end, prev_indicator = hit.end, indicator
    return tuple(targets)


# --- finding quantities -----------------------------------------------------------------------------


def _scan(text: str) -> list[_Hit]:
    blocked = _blocked_spans(text)
    hits: list[_Hit] = []

    def free(a: int, b: int) -> bool:
        return not _inside(a, blocked) and all(b <= h.start or a >= h.end for h in hits)

    for m in _FRACTION.finditer(text):
        if m.group(1):
            value = _parse_number(m.group(1))
        else:
            den, num = _parse_number(m.group(2)), _parse_number(m.group(3))
            value = None if not den or num is None else (num * 100 / den).quantize(Decimal("0.01"))
        if value is not None and free(m.start(), m.end()):
            hits.append(_Hit(m.start(), m.end(), _tidy(value), None, "%", None))
    for m in _DOUBLING.finditer(text):
        if free(m.start(), m.end()):
            times = {"一": 1, "两": 2, "三": 3}[m.group(1)]
            hits.append(_Hit(m.start(), m.end(), Decimal((2**times - 1) * 100), None, "%", None, "增长"))
    for m in _NUMBER.finditer(text):
        hit = _read_quantity(text, m)
        if hit is not None and free(hit.start, hit.end):
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


#: Spans whose numbers are names or references: quotes, book titles, document-number brackets (each
#: pattern on its own: their matches may overlap).
_BLOCKING = tuple(
    re.compile(pattern)
    for pattern in (
        r"“[^“”\t\n]{0,40}”",
        r"《[^《》\t\n]{0,80}》",
        r"〔[^〔〕]{0,8}〕",
        r"\[[^\[\]]{0,8}\]",
        r"【[^【】]{0,8}】",
        r"\"[^\"\t\n]{0,40}\"",
    )
)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose numbers are names or references (``_BLOCKING``)."""
    return [(m.start(), m.end()) for pattern in _BLOCKING for m in pattern.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _read_quantity(text: str, m: re.Match[str]) -> _Hit | None:
    """Number [range] [multiplier] [余/多] unit [以上 …] at ``m``; None when it is not a quantity."""
    token = m.group()
    is_cn = not token[0].isdigit()
    value = _parse_number(token)
    if value is None or _looks_like_label(text, m.start(), m.end(), is_cn):
        return None
    pos = m.end()
    max_value = None
    sep = _RANGE_SEP.match(text, pos)
    second = _NUMBER.match(text, sep.end()) if sep else None
    if second and second.group()[0].isdigit() != is_cn:
        value2 = _parse_number(second.group())
        if value2 is not None and value2 > value:
            max_value, pos = value2, second.end()
    money = is_cn and text[m.start() : pos].endswith("亿")  # 五亿: the multiplier is in the numeral
    pos = _skip_spaces(text, pos)
    multiplier = Decimal(1)
    if not is_cn and text[pos : pos + 1] in _MULTIPLIERS:
        multiplier, pos = _MULTIPLIERS[text[pos]], pos + 1
    elif text.startswith("个亿", pos):
        multiplier, pos = _YI, pos + 2
    money = money or multiplier == _YI
    more = None
    if text[pos : pos + 1] in ("余", "多") and not text.startswith("多种", pos):
        more, pos = ">", pos + 1
    pos = _skip_spaces(text, pos)
    unit = _unit_at(text, pos, is_cn, value == 1 and max_value is None)
    if unit is None:
        if not money:
            return None
        unit, end = "元", pos  # 20 亿 / 6 个亿: yuan (rule 1)
    else:
        end = pos + len(unit)
        unit = "百分点" if unit == "个百分点" else unit
    probe = _skip_spaces(text, end)
    for word, symbol in _AFTER:
        if text.startswith(word, probe):
            more = more or symbol
            end = probe + len(word)
            break
    value *= multiplier
    max_value = _tidy(max_value * multiplier) if max_value is not None else None
    return _Hit(m.start(), end, _tidy(value), max_value, unit, more)


def _unit_at(text: str, pos: int, is_cn: bool, is_one: bool) -> str | None:
    unit = next((u for u in _UNITS if text.startswith(u, pos)), None)
    if unit is None:
        return None
    after = pos + len(unit)
    if text.startswith(_UNIT_BLOCK.get(unit, ()), after) or text.startswith(_ABSTRACT_AFTER_UNIT, after):
        return None
    if is_cn and (unit not in _CN_UNITS or (is_one and unit in _ARTICLE_UNITS)):
        return None
    return unit


def _looks_like_label(text: str, start: int, end: int, is_cn: bool) -> bool:
    """Ordinals, codes, hotlines and names: numbers whose neighbours show they count nothing."""
    before = text[:start].rstrip(" ")
    prev = before[-1:]
    nxt = text[end : end + 1]
    if prev in {"第", "+", "/", "·"} or nxt == "+" or (prev.isascii() and prev.isalpha()):
        return True
    if start >= 2 and text[start - 1] == "." and text[start - 2].isdigit():
        return True  # 2.0.1
    if not is_cn:
        if re.fullmatch(r"123\d\d", text[start:end]):
            return True  # complaint hotlines 12330, 12315 …
        return nxt in {".", "、", ")", "）"} and not text[end + 1 : end + 2].isdigit()  # 1. 2、 1）
    if prev in _CN_BLOCK_BEFORE:
        return True
    return prev in {"（", "("} and text[end : end + 2] in {"期）", "期)"}  # （一期）: a phase


def _parse_number(token: str) -> Decimal | None:
    """An Arabic or well-formed Chinese numeral; None for 十三五, 百千万, 二〇一七 and the like."""
    if token[0].isdigit():
        return Decimal(token.replace(",", ""))
    if len(token) > 1 and all(c in _CN_DIGITS for c in token):
        return None  # 二〇一七, 一二三: read digit by digit, a year or a list
    total = section = 0
    digit: int | None = None
    last_small: int | None = None
    last_big = 10**12
    for i, ch in enumerate(token):
        if ch in _CN_DIGITS:
            if digit not in (None, 0):
                return None  # two digits in a row: 十三五
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            small = _CN_SMALL[ch]
            if last_small is not None and small >= last_small:
                return None
            if digit is None and ch == "十" and i == 0:
                digit = 1  # 十四 = 14
            if not digit:
                return None  # 百千万, 零十
            section += digit * small
            digit, last_small = None, small
        else:
            big = _CN_BIG[ch]
            section += digit or 0
            if big >= last_big or section == 0:
                return None
            total += section * big
            section, digit, last_small, last_big = 0, None, None, big
    value = total + section + (digit or 0)
    return Decimal(value) if value > 0 else None


def _tidy(value: Decimal) -> Decimal:
    """A plain integer where the value is whole (5.6亿 → 560000000, not 5.600000000E+8)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \u3000":
        pos += 1
    return pos


# --- comparators ------------------------------------------------------------------------------------


def _comparator_before(text: str, hit: _Hit, floor: int) -> tuple[int, str | None, bool, int]:
    """(span start, comparator or None, 达到 seen, where the indicator text before the number ends)."""
    head = text[floor : hit.start]
    stripped = head.rstrip(" ")
    for word, symbol in _BEFORE:
        if stripped.endswith(word) and (word != "前" or hit.unit in {"名", "位"}):
            start = floor + len(stripped) - len(word)
            return start, symbol or None, not symbol, start
    distant = _DISTANT.search(head)
    if distant:
        word = distant.group(1) or distant.group(2)
        indicator_end = floor + distant.start() if distant.group(1) else hit.start
        return hit.start, _DISTANT_SYMBOL[word], False, indicator_end
    return hit.start, None, False, hit.start


def _hedge(text: str, start: int) -> str | None:
    """'≈' when 力争/争取/努力/预计 stands earlier in the number's sentence (it governs the whole of it)."""
    head = text[:start]
    cuts = list(_SENTENCE_END.finditer(head))
    clause = head[cuts[-1].end() :] if cuts else head
    return "≈" if any(h in clause for h in _HEDGES) else None


# --- indicators -------------------------------------------------------------------------------------


def _indicator(text: str, hit: _Hit, floor: int, before_end: int, prev_indicator: str) -> str:
    """The phrase the number measures: the noun after the classifier, else the phrase before it."""
    if (hit.unit not in {"%", "百分点"} or "分之" in text[hit.start : hit.end]) and not hit.suffix:
        after = _phrase_after(text, hit.end)  # 三分之二县市区: a fraction of the noun after it
        if after:
            return after
    before = _clean_before(text[max(floor, before_end - 60) : before_end])
    ends_in_verb = _ends_with(before, _VERBS + _PREPOSITIONS) and not _ends_with(before, _KEEP_LEADING)
    lead = _strip_leading(before)
    if lead and not ends_in_verb:
        if lead in _GROWTH_WORDS and prev_indicator:
            return _cap(prev_indicator.removesuffix(lead) + lead)
        return _cap(lead + hit.suffix)
    trimmed = before
    while _ends_with(trimmed, _VERBS + _PREPOSITIONS + ("中",)):
        trimmed = _strip_one_trailing(trimmed)
    lead = _strip_leading(trimmed)
    if lead:
        return _cap(lead + hit.suffix)
    verb = _strip_leading(before, keep_last=True)
    if verb and hit.unit != "元":
        return _cap(verb + (_UNIT_NOUN.get(hit.unit, "") if verb in _VERBS else "") + hit.suffix)
    return _UNIT_NOUN.get(hit.unit, "数量") + hit.suffix


def _clean_before(segment: str) -> str:
    """The clause before a number, cut at punctuation and other numbers, years and brackets removed."""
    segment = _HTML.sub("|", segment)
    segment = _PARENTHETICAL.sub("", segment)
    segment = _YEARISH.sub("", segment)
    cuts = list(_BEFORE_CUT.finditer(segment))
    if cuts:
        segment = segment[cuts[-1].end() :]
    segment = _DROP_CHARS.sub("", segment).lstrip(".．、·")
    while segment:
        word = next((w for w in _TRAILING_WORDS if segment.endswith(w)), None)
        if word is None:
            break
        segment = segment[: -len(word)]
    return segment


def _strip_leading(phrase: str, keep_last: bool = False) -> str:
    """Drop scope words and verbs from the front, then a subject-and-verb prefix inside the phrase.

    With ``keep_last`` the phrase is never stripped to nothing: a lone verb (培训) survives.
    """
    while phrase:
        word = next((w for w in _LEADING_WORDS if phrase.startswith(w)), None)
        if word is None or (word in _KEEP_LEADING and len(phrase) > len(word)):
            break
        if phrase.startswith(_PREPOSITION_WORDS) or (keep_last and len(phrase) == len(word)):
            break
        phrase = phrase[len(word) :]
    if keep_last:
        return phrase if _CJK.search(phrase) else ""
    for verb in _INNER_VERBS:
        idx = phrase.rfind(verb)
        rest = phrase[idx + len(verb) :]
        if idx > 0 and len(rest) >= 2 and not rest.startswith("的"):
            phrase = rest
    _, de, tail = phrase.rpartition("的")
    if de and len(tail) >= 4:
        phrase = tail  # 奖励发明人的收益比例 → 收益比例
    return phrase.lstrip("的") if _CJK.search(phrase) else ""


def _strip_one_trailing(phrase: str) -> str:
    word = max((w for w in _VERBS + _PREPOSITIONS + ("中",) if phrase.endswith(w)), key=len)
    return phrase[: -len(word)]


def _phrase_after(text: str, end: int) -> str:
    """The counted noun after the classifier: up to punctuation, a digit or the next verb."""
    pos = _skip_spaces(text, end)
    while text.startswith("的", pos):
        pos += 1
    stop = _AFTER_END.search(text, pos, pos + 60)
    clause = text[pos : stop.start() if stop else pos + 60]
    last_de = clause.rfind("的")
    first_list = clause.find("、")
    if 0 < first_list < last_de and not any(p in clause[:first_list] for p in "从向由把将对"):
        pos += last_de + 1  # "3-5 所…较为完善、…成效明显的试点示范学校": skip to the head noun
    phrase = ""
    while pos < len(text) and len(phrase) < _MAX_INDICATOR:
        ch = text[pos]
        if _AFTER_END.match(ch) or (ch == " " and phrase):
            break
        if phrase and (
            text.startswith(_AFTER_STOPS, pos)
            or (
                ch in _AFTER_STOPS_GUARDED
                and phrase[-1] not in _AFTER_STOPS_GUARDED[ch]
                and not text.startswith(_DENG_WORDS, pos)
            )
        ):
            break
        phrase += ch
        pos += 1
    phrase = _DROP_CHARS.sub("", phrase).rstrip("、和及与或")
    if not _CJK.search(phrase) or phrase.startswith(_AFTER_START_BLOCK):
        return ""
    return phrase


def _cap(phrase: str) -> str:
    """At most _MAX_INDICATOR characters, keeping the end (the head noun) and whole list items."""
    if len(phrase) <= _MAX_INDICATOR:
        return phrase
    tail = phrase[-_MAX_INDICATOR:]
    return tail.split("、", 1)[1] if "、" in tail[1:] and not tail.startswith("、") else tail.lstrip("、")


def _ends_with(text: str, words: tuple[str, ...]) -> bool:
    return any(text.endswith(w) for w in words)
