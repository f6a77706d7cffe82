"""Cell text cleaning, per the contract's Text section.

Only three things are changed, each recorded here so a reader can audit it:
1. HTML fragments left by the extraction (``<p>``, ``</p>``, ``<ol style=…>``) are removed.
2. Whitespace that breaks Chinese text is removed: between two CJK characters, and between a CJK
   character (or CJK punctuation) and a digit or Latin letter.  A space that starts a numbered list
   item (``… 2. 推进``) is kept as one space, so numbered lists stay readable.  In the 责任部门 column a
   space between two names separates agencies (``天津海关 天津检验检疫局``) and is kept as one space.
   Any other run of whitespace (beside ASCII punctuation: ``1. 开展``, ``学院, 加强``) becomes one space.
3. English words that replaced Chinese ones in the extraction are repaired (``REPAIRS``, the editions'
   repair tables in ``kg/edition.py``) where they
   stand between Chinese characters (spaced or not, ``布局 and 风险`` -> ``布局和风险``); the brand
   names that are really Latin in the printed tables (``WPS OFFICE``, ``创途在 XIAN``, ``PCT``, ``LED``,
   ``DTMB``, ``1+N``) are left alone.
Nothing else is rewritten.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.edition import all_text_repairs

MARKUP = re.compile(r"</?p>|<ol\b[^>]*>|</ol>|<li\b[^>]*>|</li>|<br\s*/?>")

#: English words the extraction substituted for Chinese ones: the printed tables have the Chinese word.
REPAIRS: dict[str, str] = all_text_repairs()

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2026\u2014"
_REPAIR = re.compile(r"(?<=[" + _CJK + r"])\s*(" + "|".join(REPAIRS) + r")\s*(?=[" + _CJK + r"])")
_LIST_MARKER = re.compile(r"\s+(?=(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]))")
_GAP_CJK = re.compile(r"(?<=[" + _CJK + r"])\s+(?=[" + _CJK + r"])")
_GAP_CJK_ASCII = re.compile(
    r"(?<=[" + _CJK + r"])\s+(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%])\s+(?=[" + _CJK + r"])"
)
_PLACEHOLDER = "\x00"
_HAS_LATIN = re.compile(r"[A-Za-z]")
_HAS_SPACE = re.compile(r"\s")


def strip_markup(text: str) -> str:
    return MARKUP.sub("", text) if "<" in text else text


@lru_cache(maxsize=65536)
def clean_text(text: str, *, agencies: bool = False) -> str:
    """Clean one cell's joined text (see the module docstring for the exact rules)."""
    text = strip_markup(text)
    if _HAS_LATIN.search(text):
        text = _REPAIR.sub(lambda m: REPAIRS[m.group(1)], text)
    if not _HAS_SPACE.search(text):
        return text
    if agencies:
        # a space between two names separates agencies: keep one, drop the rest of the gaps
        text = re.sub(r"\s+", " ", text).strip()
        return _GAP_CJK_ASCII.sub("", text)
    text = _LIST_MARKER.sub(_PLACEHOLDER, text)
    text = _GAP_CJK.sub("", text)
    text = _GAP_CJK_ASCII.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace(_PLACEHOLDER, " ").strip()
