"""Finding quantities in a text and reading the comparator and indicator around each one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.entities.targets.numbers import ARABIC, CN_BLOCK_BEFORE, CN_RUN, NUMBER, parse_number, tidy
from kg.entities.targets.vocabulary import (
    ABSTRACT_AFTER_UNIT,
    AFTER,
    AFTER_START_BLOCK,
    AFTER_STOPS,
    AFTER_STOPS_GUARDED,
    ARTICLE_UNITS,
    BEFORE,
    CN_UNITS,
    DENG_WORDS,
    DISTANT,
    DISTANT_SYMBOL,
    GROWTH_WORDS,
    HEDGES,
    INNER_VERBS,
    KEEP_LEADING,
    LEADING_WORDS,
    MULTIPLIERS,
    PREPOSITION_WORDS,
    PREPOSITIONS,
    TRAILING_WORDS,
    UNIT_BLOCK,
    UNIT_NOUN,
    UNITS,
    VERBS,
    YI,
)


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


_FULLWIDTH = str.maketrans("０１２３４５６７８９．％～－", "0123456789.%~-")  # one char for one: offsets hold
_RANGE_SEP = re.compile(r"\s*(?:-|~|—|–|至|到)\s*")
_FRACTION = re.compile(rf"百分之({ARABIC}|{CN_RUN})|({CN_RUN}|{ARABIC})分之({CN_RUN}|{ARABIC})")
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
    """All quantified commitments in ``text``, in document order (rules in the package docstring)."""
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
            value = parse_number(m.group(1))
        else:
            den, num = parse_number(m.group(2)), parse_number(m.group(3))
            value = None if not den or num is None else (num * 100 / den).quantize(Decimal("0.01"))
        if value is not None and free(m.start(), m.end()):
            hits.append(_Hit(m.start(), m.end(), tidy(value), None, "%", None))
    for m in _DOUBLING.finditer(text):
        if free(m.start(), m.end()):
            times = {"一": 1, "两": 2, "三": 3}[m.group(1)]
            hits.append(_Hit(m.start(), m.end(), Decimal((2**times - 1) * 100), None, "%", None, "增长"))
    for m in NUMBER.finditer(text):
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
    value = parse_number(token)
    if value is None or _looks_like_label(text, m.start(), m.end(), is_cn):
        return None
    pos = m.end()
    max_value = None
    sep = _RANGE_SEP.match(text, pos)
    second = NUMBER.match(text, sep.end()) if sep else None
    if second and second.group()[0].isdigit() != is_cn:
        value2 = parse_number(second.group())
        if value2 is not None and value2 > value:
            max_value, pos = value2, second.end()
    money = is_cn and text[m.start() : pos].endswith("亿")  # 五亿: the multiplier is in the numeral
    pos = _skip_spaces(text, pos)
    multiplier = Decimal(1)
    if not is_cn and text[pos : pos + 1] in MULTIPLIERS:
        multiplier, pos = MULTIPLIERS[text[pos]], pos + 1
    elif text.startswith("个亿", pos):
        multiplier, pos = YI, pos + 2
    money = money or multiplier == YI
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
    for word, symbol in AFTER:
        if text.startswith(word, probe):
            more = more or symbol
            end = probe + len(word)
            break
    value *= multiplier
    max_value = tidy(max_value * multiplier) if max_value is not None else None
    return _Hit(m.start(), end, tidy(value), max_value, unit, more)


def _unit_at(text: str, pos: int, is_cn: bool, is_one: bool) -> str | None:
    unit = next((u for u in UNITS if text.startswith(u, pos)), None)
    if unit is None:
        return None
    after = pos + len(unit)
    if text.startswith(UNIT_BLOCK.get(unit, ()), after) or text.startswith(ABSTRACT_AFTER_UNIT, after):
        return None
    if is_cn and (unit not in CN_UNITS or (is_one and unit in ARTICLE_UNITS)):
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
    if prev in CN_BLOCK_BEFORE:
        return True
    return prev in {"（", "("} and text[end : end + 2] in {"期）", "期)"}  # （一期）: a phase


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \u3000":
        pos += 1
    return pos


# --- comparators ------------------------------------------------------------------------------------


def _comparator_before(text: str, hit: _Hit, floor: int) -> tuple[int, str | None, bool, int]:
    """(span start, comparator or None, 达到 seen, where the indicator text before the number ends)."""
    head = text[floor : hit.start]
    stripped = head.rstrip(" ")
    for word, symbol in BEFORE:
        if stripped.endswith(word) and (word != "前" or hit.unit in {"名", "位"}):
            start = floor + len(stripped) - len(word)
            return start, symbol or None, not symbol, start
    distant = DISTANT.search(head)
    if distant:
        word = distant.group(1) or distant.group(2)
        indicator_end = floor + distant.start() if distant.group(1) else hit.start
        return hit.start, DISTANT_SYMBOL[word], False, indicator_end
    return hit.start, None, False, hit.start


def _hedge(text: str, start: int) -> str | None:
    """'≈' when 力争/争取/努力/预计 stands earlier in the number's sentence (it governs the whole of it)."""
    head = text[:start]
    cuts = list(_SENTENCE_END.finditer(head))
    clause = head[cuts[-1].end() :] if cuts else head
    return "≈" if any(h in clause for h in HEDGES) else None


# --- indicators -------------------------------------------------------------------------------------


def _indicator(text: str, hit: _Hit, floor: int, before_end: int, prev_indicator: str) -> str:
    """The phrase the number measures: the noun after the classifier, else the phrase before it."""
    if (hit.unit not in {"%", "百分点"} or "分之" in text[hit.start : hit.end]) and not hit.suffix:
        after = _phrase_after(text, hit.end)  # 三分之二县市区: a fraction of the noun after it
        if after:
            return after
    before = _clean_before(text[max(floor, before_end - 60) : before_end])
    ends_in_verb = _ends_with(before, VERBS + PREPOSITIONS) and not _ends_with(before, KEEP_LEADING)
    lead = _strip_leading(before)
    if lead and not ends_in_verb:
        if lead in GROWTH_WORDS and prev_indicator:
            return _cap(prev_indicator.removesuffix(lead) + lead)
        return _cap(lead + hit.suffix)
    trimmed = before
    while _ends_with(trimmed, VERBS + PREPOSITIONS + ("中",)):
        trimmed = _strip_one_trailing(trimmed)
    lead = _strip_leading(trimmed)
    if lead:
        return _cap(lead + hit.suffix)
    verb = _strip_leading(before, keep_last=True)
    if verb and hit.unit != "元":
        return _cap(verb + (UNIT_NOUN.get(hit.unit, "") if verb in VERBS else "") + hit.suffix)
    return UNIT_NOUN.get(hit.unit, "数量") + hit.suffix


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
        word = next((w for w in TRAILING_WORDS if segment.endswith(w)), None)
        if word is None:
            break
        segment = segment[: -len(word)]
    return segment


def _strip_leading(phrase: str, keep_last: bool = False) -> str:
    """Drop scope words and verbs from the front, then a subject-and-verb prefix inside the phrase.

    With ``keep_last`` the phrase is never stripped to nothing: a lone verb (培训) survives.
    """
    while phrase:
        word = next((w for w in LEADING_WORDS if phrase.startswith(w)), None)
        if word is None or (word in KEEP_LEADING and len(phrase) > len(word)):
            break
        if phrase.startswith(PREPOSITION_WORDS) or (keep_last and len(phrase) == len(word)):
            break
        phrase = phrase[len(word) :]
    if keep_last:
        return phrase if _CJK.search(phrase) else ""
    for verb in INNER_VERBS:
        idx = phrase.rfind(verb)
        rest = phrase[idx + len(verb) :]
        if idx > 0 and len(rest) >= 2 and not rest.startswith("的"):
            phrase = rest
    _, de, tail = phrase.rpartition("的")
    if de and len(tail) >= 4:
        phrase = tail  # 奖励发明人的收益比例 → 收益比例
    return phrase.lstrip("的") if _CJK.search(phrase) else ""


def _strip_one_trailing(phrase: str) -> str:
    word = max((w for w in VERBS + PREPOSITIONS + ("中",) if phrase.endswith(w)), key=len)
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
            text.startswith(AFTER_STOPS, pos)
            or (
                ch in AFTER_STOPS_GUARDED
                and phrase[-1] not in AFTER_STOPS_GUARDED[ch]
                and not text.startswith(DENG_WORDS, pos)
            )
        ):
            break
        phrase += ch
        pos += 1
    phrase = _DROP_CHARS.sub("", phrase).rstrip("、和及与或")
    if not _CJK.search(phrase) or phrase.startswith(AFTER_START_BLOCK):
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
