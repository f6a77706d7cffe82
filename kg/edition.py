"""What differs between editions of the compilation: year, headings, title, issue date, file, repairs.

The compilation is made every year on the same table form. Everything edition-specific lives in an
``Edition``; the parser, entities and RDF stages read it instead of literals. A file's edition is read
from its own section headings (``北京市 2018 年工作要点``): a registered edition (``EDITIONS``) is used as
is; any other year is derived from the latest registered edition before it (its national focus headings
and repair table), with the title and issue date read from the file's own title page. A derived edition
never guesses silently: a focus heading that matches none of the national ones stops the build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType

from kg.errors import InputError

_HEADING = r"^\s*(?P<name>\S+?)\s*(?P<year>(?:19|20)\d\d)\s*年工作要点"
_ANY_SECTION_HEADING = re.compile(_HEADING + r"\s*$")
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_CHINESE_MONTHS = {
    name: number
    for number, name in enumerate(
        ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), start=1
    )
}
_ISSUE_DATE = re.compile(
    r"^\s*([〇零一二三四五六七八九]{4})\s*年\s*(十[一二]?|[一二三四五六七八九])\s*月\s*$"
)
#: How far into a file its title page can be (the bundled document: title on line 3, date on line 5).
_TITLE_PAGE_LINES = 12


@dataclass(frozen=True)
class Edition:
    """One year's compilation of the provincial work-plan tables."""

    year: int
    title: str  # as printed on the title page, spaces removed ("" where a derived edition prints none)
    issued: str  # "2017-04" (xsd:gYearMonth) or "2017" (xsd:gYear) where no month is printed
    #: The national plan's focus areas, as most regions print them (tails of them mark page breaks).
    national_focus_headings: tuple[str, ...]
    #: English words the text extraction substituted for Chinese ones (repaired between Chinese text).
    text_repairs: tuple[tuple[str, str], ...] = ()
    bundled_file: str | None = None  # the copy shipped in kg/data/, if any

    @cached_property
    def section_heading(self) -> re.Pattern[str]:
        """``<region> <year> 年工作要点``: the line that opens a region's table."""
        return re.compile(_HEADING.replace("(?P<year>(?:19|20)\\d\\d)", str(self.year)) + r"\s*$")

    @cached_property
    def contents_line(self) -> re.Pattern[str]:
        """A table-of-contents line: ``<region> <year> 年工作要点.....<page>``."""
        return re.compile(_HEADING.replace("(?P<year>(?:19|20)\\d\\d)", str(self.year)) + r"\.{2,}")

    @property
    def key(self) -> str:
        """The first step of the IRI key of everything that belongs to this edition's tables."""
        return str(self.year)


EDITION_2017 = Edition(
    year=2017,
    title="2017年全国地方知识产权战略暨强国建设实施工作要点汇编",
    issued="2017-04",  # 二〇一七年四月, line 5 of the bundled document
    national_focus_headings=(
        "推进知识产权管理体制机制改革",
        "实施严格的知识产权保护",
        "促进知识产权创造运用",
        "加强重点产业知识产权海外布局和风险防控",
        "提升知识产权对外合作水平",
        "加强组织实施和政策保障",
    ),
    # found by reading the document (lines 76, 141, 344, 1587, 1623): the printed tables have the Chinese word
    text_repairs=(("and", "和"), ("provide", "提供")),
    bundled_file="ip-strategy-work-plans-2017.txt",
)

#: The editions whose particulars were checked against their document, by year.
EDITIONS: Mapping[int, Edition] = MappingProxyType({EDITION_2017.year: EDITION_2017})
DEFAULT_EDITION = EDITION_2017


def all_text_repairs() -> dict[str, str]:
    """Every registered edition's repairs: the extraction tool's defects, applied only between Chinese
    characters, where printed Chinese tables never have an English word, so they hold for every year."""
    return {english: chinese for edition in EDITIONS.values() for english, chinese in edition.text_repairs}


def edition_of(lines: Sequence[str], path: str) -> Edition:
    """The edition a document belongs to, read from its own section headings (one year per file)."""
    years: dict[int, int] = {}  # year -> first line with a heading of that year
    for number, text in enumerate(lines, start=1):
        match = _ANY_SECTION_HEADING.match(text)
        if match and "\t" not in text:
            years.setdefault(int(match.group("year")), number)
    if not years:
        first_text = next((number for number, text in enumerate(lines, 1) if text.strip()), 1)
        raise InputError(
            "no section headings found (expected lines like '北京市 2017 年工作要点'): not the work-plan "
            "compilation",
            path=path,
            line=first_text,
        )
    if len(years) > 1:
        (first, first_line), (second, second_line) = sorted(years.items(), key=lambda item: item[1])[:2]
        raise InputError(
            f"section headings of two years ({first} on line {first_line}, {second} here): "
            "one edition per file",
            path=path,
            line=second_line,
        )
    (year,) = years
    if year in EDITIONS:
        return EDITIONS[year]
    earlier = [known for known in EDITIONS if known < year] or list(EDITIONS)
    model = EDITIONS[max(earlier)]
    title, issued = _title_page(lines, year)
    return replace(model, year=year, title=title, issued=issued, bundled_file=None)


def _title_page(lines: Sequence[str], year: int) -> tuple[str, str]:
    """Title and issue date from the first lines of a document (``二〇一八年四月`` -> ``2018-04``)."""
    head = [text.strip() for text in lines[:_TITLE_PAGE_LINES] if text.strip()]
    title = next((re.sub(r"\s+", "", text) for text in head if str(year) in text and "汇编" in text), "")
    issued = str(year)
    for text in head:
        match = _ISSUE_DATE.match(text)
        if match and "".join(_CHINESE_DIGITS[c] for c in match.group(1)) == str(year):
            issued = f"{year}-{_CHINESE_MONTHS[match.group(2)]:02d}"
    return title, issued
