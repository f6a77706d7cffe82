"""Arabic and Chinese numerals as they are written in the plans (rules 5 and 12 of the package docstring)."""

from __future__ import annotations

import re
from decimal import Decimal

# --- Chinese numerals -------------------------------------------------------------------------------

CN_DIGITS = {
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
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
# A Chinese digit after these is the tail of a word (统一, 进一步, 第一, 周一, 其一 …), not a numeral.
CN_BLOCK_BEFORE = frozenset("第统进唯单划归合均周星初之其逐万专整同”")

ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
CN_RUN = r"[零〇一二两三四五六七八九十百千万亿]+"
NUMBER = re.compile(rf"{ARABIC}|{CN_RUN}")


def parse_number(token: str) -> Decimal | None:
    """An Arabic or well-formed Chinese numeral; None for 十三五, 百千万, 二〇一七 and the like."""
    if token[0].isdigit():
        return Decimal(token.replace(",", ""))
    if len(token) > 1 and all(c in CN_DIGITS for c in token):
        return None  # 二〇一七, 一二三: read digit by digit, a year or a list
    total = section = 0
    digit: int | None = None
    last_small: int | None = None
    last_big = 10**12
    for i, ch in enumerate(token):
        if ch in CN_DIGITS:
            if digit not in (None, 0):
                return None  # two digits in a row: 十三五
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            small = CN_SMALL[ch]
            if last_small is not None and small >= last_small:
                return None
            if digit is None and ch == "十" and i == 0:
                digit = 1  # 十四 = 14
            if not digit:
                return None  # 百千万, 零十
            section += digit * small
            digit, last_small = None, small
        else:
            big = CN_BIG[ch]
            section += digit or 0
            if big >= last_big or section == 0:
                return None
            total += section * big
            section, digit, last_small, last_big = 0, None, None, big
    value = total + section + (digit or 0)
    return Decimal(value) if value > 0 else None


def tidy(value: Decimal) -> Decimal:
    """A plain integer where the value is whole (5.6亿 → 560000000, not 5.600000000E+8)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
