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

from kg.entities.targets.extract import Target, extract_targets

__all__ = ["Target", "extract_targets"]
