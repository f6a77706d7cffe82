"""Map a region's printed focus-area heading to one of the six national focus areas, by meaning.

Regions number their headings differently (重庆市 prints none, some merge or reorder them), so the
number is never used: the heading's words are.  Rules are tried in order; the first that matches wins.
"""

from __future__ import annotations

NATIONAL_FOCUS_AREAS: dict[int, tuple[str, str]] = {
    1: ("推进知识产权管理体制机制改革", "Reforming IP management systems and mechanisms"),
    2: ("实施严格的知识产权保护", "Strict IP protection"),
    3: ("促进知识产权创造运用", "Promoting IP creation and utilisation"),
    4: ("加强重点产业知识产权海外布局和风险防控", "Overseas IP positioning and risk control of key industries"),
    5: ("提升知识产权对外合作水平", "International IP cooperation"),
    6: ("加强组织实施和政策保障", "Organisation, implementation and policy support"),
}

_RULES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("海外布局", "风险防控", "海外"), 4),
    (("对外合作", "国际合作", "对外"), 5),
    (("组织实施", "政策保障", "保障"), 6),
    (("保护",), 2),
    (("创造", "运用"), 3),
    (("管理", "体制", "机制", "改革"), 1),
)


def national_focus_area(heading: str) -> int | None:
    """The number (1–6) of the national focus area a printed heading belongs to, or None."""
    for words, number in _RULES:
        if any(word in heading for word in words):
            return number
    return None
