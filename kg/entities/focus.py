"""Map a region's printed focus-area heading to one of the six national focus areas, by meaning.

Regions number their headings differently (重庆市 prints none, some merge or reorder them), so the
number is never used: the heading's words are.  Rules are tried in order; the first that matches wins.
The six national focus areas themselves (labels, definitions) are in ontology/national-focus-areas.ttl.
"""

from __future__ import annotations

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
