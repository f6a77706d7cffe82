"""Line classification: which lines are section headings, page headers and table rows.

The extraction prints every PDF page of a table with the column header again (spelled 工作重点,
重点工作 or 工作要点 in the second column); a heading ``<region> <year> 年工作要点`` opens each section
(the pattern is the edition's, ``Edition.section_heading``).
Table rows are the tab-separated lines in between; everything else (title, table of contents, blank
lines) is not table content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.edition import Edition

#: Column roles, in the order of a full (six-column) table.
COLUMNS = ("no", "focus", "measure", "task", "deliverable", "agencies")

_HEADER_NAMES = {
    "序号": "no",
    "工作重点": "focus",
    "重点工作": "focus",
    "工作要点": "focus",
    "工作内容": "measure",
    "具体任务": "task",
    "成果形式": "deliverable",
    "责任部门": "agencies",
}
_TOC_LINE = re.compile(r"工作要点\.{2,}")


@dataclass(frozen=True)
class SectionHeading:
    line: int
    region: str


@dataclass(frozen=True)
class PageHeader:
    line: int
    columns: tuple[str, ...]  # column roles present, in order (福建省 has no "deliverable")


@dataclass(frozen=True)
class TableLine:
    line: int
    fields: tuple[str, ...]  # raw tab-separated fields, untouched


LayoutItem = SectionHeading | PageHeader | TableLine


def page_header_columns(line: str) -> tuple[str, ...] | None:
    """The column roles of a repeated page header, or None when the line is not one."""
    names = [field.strip() for field in line.split("\t") if field.strip()]
    if len(names) < 4 or names[0] != "序号" or any(name not in _HEADER_NAMES for name in names):
        return None
    return tuple(_HEADER_NAMES[name] for name in names)


def classify(lines: tuple[str, ...], edition: Edition) -> list[LayoutItem]:
    """Section headings, page headers and candidate table lines, in document order (1-based lines)."""
    items: list[LayoutItem] = []
    for index, text in enumerate(lines):
        number = index + 1
        if not text.strip() or _TOC_LINE.search(text):
            continue
        heading = edition.section_heading.match(text)
        if heading and "\t" not in text:
            items.append(SectionHeading(number, heading.group("name")))
            continue
        columns = page_header_columns(text)
        if columns is not None:
            items.append(PageHeader(number, columns))
        elif "\t" in text:
            items.append(TableLine(number, tuple(text.split("\t"))))
    return items
