"""Reconstruct the printed tables from the text extraction.

Pipeline inside this stage: lines -> layout items (``layout``) -> realigned table lines -> rows
stitched across page breaks and merged cells -> cleaned ``TableRow``s.

How a table line is placed (each rule is applied, and counted, in ``ParseReport.repairs``):

Realignment (the extraction sometimes drops or misplaces empty cells):
* a 序号 cell holding text instead of a number means the row lost its two leading empty cells
  (lines 642, 849): the text is moved right by two columns;
* an agency list ends every row: on a row without 序号 (not the first after a page break) whose
  last filled cell is an agency list left of 责任部门, after at least two other filled cells, the
  empty cells after it were lost at its left, and its cells move right until the agency list is in
  责任部门 (lines 862, 1125, 1353 — by two — 1511-1514);
* a 工作重点 cell holding text on a row without 序号 is a work item that lost one empty cell to
  its left (lines 1040, 1042, 1045-1047) — unless it is the tail of a focus heading
  split by a page break (``创造运用``, ``险防控``: a suffix of one of the six national headings) or
  a whole national heading printed without 序号 (重庆市, line 1155), which opens a focus area that is
  numbered by its position;
* the extraction misplaces a whole stretch of a page: after a shifted line, a later line of the
  same page with text in 工作内容 but an empty 具体任务 (and a 成果形式 or 责任部门) is shifted
  the same way — its text is the task, the work item is inherited (lines 1041, 1043, 1044);
* an agency list left in the 成果形式 column with an empty 责任部门 column is moved to 责任部门
  (line 642 after its shift).

Page breaks: the first row after a repeated page header either continues the last row of the
previous page (its cells are joined back cell by cell, nothing added) or starts a new row.  It
continues when one of these signals holds (``continuation_signal`` names the one that fired):
* ``focus-tail``: its 工作重点 cell is the tail of a national focus heading;
* ``no-measure-no-agency``: it has neither a work item nor an agency — a new task always has an
  agency or shares the work item above, so such a line holds fragments;
* ``open-bracket``: a cell of the previous row leaves a bracket or quote open (（《“);
* ``mid-sentence``: a cell of the new line starts with punctuation that cannot start a cell (、，”）》);
* ``agency-fragment``: the previous agency cell ends in an unfinished name (``市工`` + ``商局``,
  ``、知`` + ``知识产权局``) — names end in 局/厅/委/院/办/… ;
* ``measure-fragment``: the work-item cell is a fragment (``度``, ``务``, ``机制``: four characters
  or fewer) or the two halves make a work item that other regions print whole;
* ``no-agency-open-text``: the line has no agency and a previous cell in the same column does not end
  a sentence while the line's text does not start a list item.
Some breaks print a cell's last character again at the top of the next page (``…法律服务`` + ``务``,
``…、知`` + ``知识产权局``): when the two characters side by side never occur together anywhere else
in the document, the repeated one is dropped (and recorded).

Merged cells: an empty 序号/工作重点/工作内容/责任部门 cell inherits from the row above (the same
cell object, so its text is counted once); a line that carries only a work item adds a measure to
the task above (one task, several measures); a work-item cell that joins standard work items with
``；`` (and ``，`` inside them) yields one measure per item, where every part is a standard item
(printed whole by at least three regions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.edition import Edition, edition_of
from kg.errors import InputError
from kg.source.cleaning import clean_text, strip_markup
from kg.source.layout import COLUMNS, PageHeader, SectionHeading, TableLine, classify
from kg.source.reader import SourceText, read_source
from kg.source.rows import TableRow

_OPENERS, _CLOSERS = "（(《“‘「【", "）)》”’」】"
_NO_START = "、，,。；;：:”’）)》」】"
_SENTENCE_END = "。；;！？!?"
_AGENCY_END = "局厅委院办会府关门队组位所行处部室司署庭团区站社馆校协盟联市省县州"
_AGENCY_SUFFIX_START = "门局厅委院办会府关处"
_LIST_START = re.compile(r"^\s*(?:<[^>]+>\s*)*(?:\d{1,2}\s*[.．、]|[（(]\d{1,2}[)）]|[①-⑳])")
_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")
_STANDARD_MIN_REGIONS = 3


@dataclass
class SourceCell:
    """One printed cell: the pieces of it found on one or more lines, joined back in order."""

    column: str
    pieces: list[tuple[int, str]] = field(default_factory=list)  # (line, raw field text)
    dropped: list[tuple[int, str]] = field(default_factory=list)  # repeated characters dropped at a break

    def add(self, line: int, text: str) -> None:
        self.pieces.append((line, text))

    @property
    def raw(self) -> str:
        return "".join(text for _, text in self.pieces)

    @property
    def visible(self) -> str:
        return strip_markup(self.raw).strip()

    @property
    def lines(self) -> list[int]:
        return [line for line, _ in self.pieces]


@dataclass
class _Row:
    region: str
    no: SourceCell | None
    focus: SourceCell | None
    measures: list[SourceCell]
    task: SourceCell | None
    deliverable: SourceCell | None
    agencies: SourceCell | None
    lines: list[int]

    def cell(self, column: str) -> SourceCell | None:
        if column == "measure":
            return self.measures[-1] if self.measures else None
        value: SourceCell | None = getattr(self, column)
        return value


@dataclass(frozen=True)
class RegionSummary:
    region: str
    heading_line: int
    tasks: int
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Repair:
    line: int
    kind: str  # realign-*, page-break join signal, dropped-repeat, split-measure, extra-measure …
    detail: str


@dataclass(frozen=True)
class ParsedDocument:
    path: str
    sha256: str  # of the file's bytes
    edition: Edition  # read from the document's own section headings
    lines_read: int
    rows: tuple[TableRow, ...]
    regions: tuple[RegionSummary, ...]
    cells: tuple[SourceCell, ...]  # every printed table cell, each once (for provenance and audits)
    repairs: tuple[Repair, ...]


def parse_document(path: Path) -> ParsedDocument:
    return parse_text(read_source(path))


def parse_text(source: SourceText) -> ParsedDocument:
    edition = edition_of(source.lines, source.path)
    items = classify(source.lines, edition)
    sections = _split_sections(source, items, edition)
    standard = _standard_measures(sections)
    doubled = _doubled_characters(source.lines)
    rows: list[TableRow] = []
    cells: list[SourceCell] = []
    repairs: list[Repair] = []
    summaries: list[RegionSummary] = []
    for heading, section_lines in sections:
        stitched = _Stitcher(heading.region, edition, standard, doubled, repairs).run(section_lines)
        if not stitched:
            raise InputError(
                f"section {heading.region} has no table rows", path=source.path, line=heading.line
            )
        region_rows = _finish(stitched, standard, repairs)
        rows.extend(region_rows)
        cells.extend(_unique_cells(stitched))
        summaries.append(
            RegionSummary(
                heading.region,
                heading.line,
                len(region_rows),
                min(r.first_line for r in region_rows),
                max(r.last_line for r in region_rows),
            )
        )
    return ParsedDocument(
        path=source.path,
        sha256=source.sha256,
        edition=edition,
        lines_read=len(source.lines),
        rows=tuple(rows),
        regions=tuple(summaries),
        cells=tuple(cells),
        repairs=tuple(repairs),
    )


# --- sections and realignment -------------------------------------------------------------------

_RealignedLine = tuple[TableLine, dict[str, str], bool]  # line, cells by role, first after a page break


def _split_sections(
    source: SourceText, items: list, edition: Edition
) -> list[tuple[SectionHeading, list[_RealignedLine]]]:
    sections: list[tuple[SectionHeading, list[_RealignedLine]]] = []
    columns: tuple[str, ...] | None = None
    after_break = False
    last_table_line = 0
    for item in items:
        if isinstance(item, SectionHeading):
            earlier = next((h for h, _ in sections if h.region == item.region), None)
            if earlier is not None:
                raise InputError(
                    f"section {item.region} appears twice (lines {earlier.line} and {item.line}): "
                    "one table per region",
                    path=source.path,
                    line=item.line,
                )
            sections.append((item, []))
            columns, after_break = None, False
        elif isinstance(item, PageHeader):
            if not sections:
                continue  # a header before any section heading: nothing to attach it to
            after_break = columns is not None and bool(sections[-1][1])
            columns = item.columns
        elif sections and columns is not None:
            cells = _cells_by_role(source, item, columns)
            sections[-1][1].append((item, cells, after_break))
            after_break = False
            last_table_line = item.line
        elif sections:
            raise InputError(
                "table row before the column header of its section", path=source.path, line=item.line
            )
    assert sections, "edition_of found a section heading"
    if last_table_line and not source.ends_with_newline and last_table_line == len(source.lines):
        line, cells, _ = sections[-1][1][-1]
        if not cells["agencies"].strip():
            raise InputError(
                "the file ends in the middle of a table row (no 责任部门 cell): cut off?",
                path=source.path,
                line=line.line,
            )
    _check_table_of_contents(source, sections, edition)
    return sections


def _check_table_of_contents(source: SourceText, sections: list, edition: Edition) -> None:
    """A document whose table of contents lists sections that never come was cut off."""
    listed = [m.group("name") for text in source.lines if (m := edition.contents_line.match(text))]
    present = {heading.region for heading, _ in sections}
    missing = [name for name in listed if name not in present]
    if missing:
        last = sections[-1][0]
        raise InputError(
            f"the file ends in section {last.region}; {len(missing)} sections listed in its table of "
            f"contents are missing ({missing[0]} …): cut off?",
            path=source.path,
            line=len(source.lines),
        )


def _cells_by_role(source: SourceText, line: TableLine, columns: tuple[str, ...]) -> dict[str, str]:
    fields = list(line.fields)
    if len(fields) > len(columns):
        extra = fields[len(columns) :]
        if any(text.strip() for text in extra):
            raise InputError(
                f"table row has {len(fields)} fields but the table has {len(columns)} columns",
                path=source.path,
                line=line.line,
            )
        fields = fields[: len(columns)]
    fields += [""] * (len(columns) - len(fields))
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(zip(columns, fields, strict=True))
    return cells


def is_focus_tail(text: str, national_headings: tuple[str, ...]) -> bool:
    """A fragment that ends one of the national focus headings (a heading split by a page break)."""
    clean = clean_text(text)
    return bool(clean) and any(h.endswith(clean) and h != clean for h in national_headings)


def _looks_like_agencies(text: str) -> bool:
    clean = clean_text(text, agencies=True)
    return 0 < len(clean) <= 40 and not any(p in clean for p in "。；;") and clean[-1] in _AGENCY_END + "等"


def _realign(
    cells: dict[str, str], national_headings: tuple[str, ...], after_break: bool, page_shifted: bool = False
) -> list[str]:
    """Put misplaced cells back in their columns; returns the names of the rules applied.

    ``page_shifted``: an earlier line of the same page needed a shift (the extraction misplaces the
    cells of a whole stretch of a page, not of one line).
    """
    applied: list[str] = []
    order = list(COLUMNS)
    values = [cells[c] for c in order]
    filled = [bool(strip_markup(v).strip()) for v in values]
    last = max((i for i, f in enumerate(filled) if f), default=-1)
    focus = values[1].strip()
    if values[0].strip() and not _NUMBER.match(values[0]):
        if all(not v.strip() for v in values[-2:]):
            values = ["", ""] + values[:-2]
            applied.append("realign-shift-2")
    elif (
        not after_break
        and not filled[0]
        and 0 < last < 5
        and _looks_like_agencies(values[last])
        and sum(filled[1:last]) >= 2
    ):
        # the agency list always ends a row: the empty cells after it were lost at its left
        shift = 5 - last
        values = [values[0]] + [""] * shift + values[1 : last + 1]
        applied.append(f"realign-shift-{shift}")
    elif (
        not filled[0]
        and focus
        and not (after_break and is_focus_tail(focus, national_headings))
        and clean_text(focus) not in national_headings
    ):
        empties = [i for i in range(2, len(values)) if not values[i].strip()]
        if empties:
            values.pop(empties[0])
            values.insert(1, "")
            applied.append("realign-shift-1")
    elif (
        page_shifted
        and not after_break
        and filled[2]
        and not (filled[0] or filled[1] or filled[3])
        and (filled[4] or filled[5])
    ):
        # same page as a shifted line, same defect: the 具体任务 text sits in 工作内容
        values.pop(3)
        values.insert(2, "")
        applied.append("realign-shift-1-page")
    if not values[5].strip() and values[4].strip() and _looks_like_agencies(values[4]):
        values[4], values[5] = "", values[4]
        applied.append("realign-agencies")
    cells.update(zip(order, values, strict=True))
    return applied


# --- standard measures and repeated characters --------------------------------------------------


def _standard_measures(sections: list) -> set[str]:
    """Work items printed whole, as one cell, by at least three regions: the national standard items."""
    regions_by_text: dict[str, set[str]] = {}
    for heading, lines in sections:
        for _, cells, _ in lines:
            text = measure_key(cells["measure"])
            if text:
                regions_by_text.setdefault(text, set()).add(heading.region)
    return {text for text, regions in regions_by_text.items() if len(regions) >= _STANDARD_MIN_REGIONS}


def _doubled_characters(lines: tuple[str, ...]) -> frozenset[str]:
    """Characters the document prints twice in a row somewhere (``市市场``): such doubles are real."""
    return frozenset(match.group(1) for match in re.finditer(r"(.)\1", "\n".join(lines)))


# --- stitching ----------------------------------------------------------------------------------


class _Stitcher:
    """Turns one section's realigned lines into rows (page-break joins, merged-cell inheritance)."""

    def __init__(
        self,
        region: str,
        edition: Edition,
        standard: set[str],
        doubled: frozenset[str],
        repairs: list[Repair],
    ) -> None:
        self.region = region
        self.national_headings = edition.national_focus_headings
        self.standard = standard
        self.doubled = doubled
        self.repairs = repairs
        self.rows: list[_Row] = []
        self.no: SourceCell | None = None
        self.focus: SourceCell | None = None
        self.focus_ordinal = 0

    def run(self, lines: list[_RealignedLine]) -> list[_Row]:
        page_shifted = False
        for line, cells, after_break in lines:
            page_shifted = page_shifted and not after_break
            for rule in _realign(cells, self.national_headings, after_break, page_shifted):
                self.repairs.append(Repair(line.line, rule, self.region))
                page_shifted = page_shifted or rule.startswith("realign-shift")
            self._place(line.line, cells, after_break)
        return self.rows

    def _place(self, line: int, cells: dict[str, str], after_break: bool) -> None:
        prev = self.rows[-1] if self.rows else None
        has = {c: bool(strip_markup(cells[c]).strip()) for c in COLUMNS}
        focus_tail = has["focus"] and after_break and is_focus_tail(cells["focus"], self.national_headings)
        if has["no"] or (has["focus"] and not focus_tail) or self.focus is None:
            self._new_focus(line, cells)
            self._new_row(line, cells, has)
            return
        if focus_tail:
            self._append(self.focus, line, cells["focus"], after_break=True)
            self.repairs.append(Repair(line, "join:focus-tail", self.region))
        rest = [c for c in ("measure", "task", "deliverable", "agencies") if has[c]]
        if not rest:
            if prev is not None:
                prev.lines.append(line)
            return
        if prev is not None and after_break:
            signal = self.continuation_signal(prev, cells, has)
            if signal:
                self.repairs.append(Repair(line, f"join:{signal}", self.region))
                for column in rest:
                    target = prev.cell(column)
                    if (
                        column == "measure"
                        and target is not None
                        and self._starts_standard(cells[column])
                        and measure_key(target.raw) in self.standard
                    ):
                        target = None  # one task, several work items: the page adds another item
                    if target is None:
                        target = SourceCell(column)
                        self._attach(prev, column, target)
                    self._append(target, line, cells[column], after_break=True)
                prev.lines.append(line)
                return
        if prev is not None and rest == ["measure"]:
            last = prev.measures[-1] if prev.measures else None
            if last is not None and self._measure_continues(last.visible, cells["measure"]):
                self._append(last, line, cells["measure"], after_break=False)
                self.repairs.append(Repair(line, "join:measure-split-in-page", self.region))
            else:
                cell = SourceCell("measure")
                cell.add(line, cells["measure"])
                prev.measures.append(cell)
                self.repairs.append(Repair(line, "extra-measure", self.region))
            prev.lines.append(line)
            return
        if prev is not None and has["measure"] and prev.measures:
            last = prev.measures[-1]
            if self._measure_continues(last.visible, cells["measure"]) and not after_break:
                # a merged work-item cell whose second line landed on the next row (line 1368)
                self._append(last, line, cells["measure"], after_break=False)
                self.repairs.append(Repair(line, "join:measure-split-in-page", self.region))
                cells = {**cells, "measure": ""}
                has = {**has, "measure": False}
        self._new_row(line, cells, has)

    def continuation_signal(self, prev: _Row, cells: dict[str, str], has: dict[str, bool]) -> str | None:
        """Why the first line after a page break continues ``prev`` (None: it starts a new row)."""
        if not has["measure"] and not has["agencies"]:
            return "no-measure-no-agency"
        if not (has["measure"] or has["task"] or has["deliverable"]):
            return "agency-only"
        pairs = []
        for column in ("measure", "task", "deliverable", "agencies"):
            before = prev.cell(column)
            if has[column] and before is not None and before.visible:
                pairs.append((column, before.visible, strip_markup(cells[column]).strip()))
        for column, tail, head in pairs:
            if _unbalanced(tail):
                return "open-bracket"
            if head[0] in _NO_START:
                return "mid-sentence"
            if column == "agencies" and (_unfinished_agency(tail) or head[0] in _AGENCY_SUFFIX_START):
                return "agency-fragment"
        if has["measure"] and self._starts_standard(cells["measure"]):
            last = prev.cell("measure")
            if last is None or measure_key(last.raw) in self.standard:
                return None  # a new standard work item under a complete one: a new row
        if not (has["task"] or has["deliverable"] or has["agencies"]):
            return "measure-only"
        for column, tail, head in pairs:
            if column == "measure" and (len(clean_text(head)) <= 4 or self._measure_continues(tail, head)):
                return "measure-fragment"
        if not has["agencies"]:
            for column, tail, head in pairs:
                open_text = tail[-1] not in _SENTENCE_END and not _LIST_START.match(head)
                if column in ("task", "deliverable") and open_text:
                    return "no-agency-open-text"
        return None

    def _starts_standard(self, text: str) -> bool:
        return measure_key(_split_measure(text, self.standard)[0]) in self.standard

    def _measure_continues(self, before: str, text: str) -> bool:
        if measure_key(before + strip_markup(text)) in self.standard:
            return True
        first = measure_key(before)
        return first not in self.standard and bool(first) and first[-1] in "、，的和与及推为"

    def _new_focus(self, line: int, cells: dict[str, str]) -> None:
        self.focus_ordinal += 1
        self.no = SourceCell("no")
        if cells["no"].strip():
            self.no.add(line, cells["no"])
        self.focus = SourceCell("focus")
        self.focus.add(line, cells["focus"])

    def _new_row(self, line: int, cells: dict[str, str], has: dict[str, bool]) -> None:
        prev = self.rows[-1] if self.rows else None
        inherited_focus = prev is not None and prev.focus is self.focus

        def fresh(column: str) -> SourceCell | None:
            if not has[column]:
                return None
            cell = SourceCell(column)
            cell.add(line, cells[column])
            return cell

        measure = fresh("measure")
        measures = [measure] if measure else (list(prev.measures) if prev and inherited_focus else [])
        agencies = fresh("agencies")
        if agencies is None and prev is not None and inherited_focus and has["task"]:
            agencies = prev.agencies
            self.repairs.append(Repair(line, "inherit-agencies", self.region))
        if self.focus is None:
            self.no, self.focus = SourceCell("no"), SourceCell("focus")
        task, deliverable = fresh("task"), fresh("deliverable")
        row = _Row(self.region, self.no, self.focus, measures, task, deliverable, agencies, [line])
        self.rows.append(row)

    def _attach(self, row: _Row, column: str, cell: SourceCell) -> None:
        if column == "measure":
            row.measures.append(cell)
        else:
            setattr(row, column, cell)

    def _append(self, cell: SourceCell, line: int, text: str, *, after_break: bool) -> None:
        """Join a piece to a cell; at a page break drop a character the printer repeated."""
        tail = cell.visible
        head = strip_markup(text).lstrip()
        repeated = after_break and tail and head and tail[-1] == head[0]
        if repeated and (
            tail[-1] not in self.doubled
            or (cell.column == "measure" and measure_key(tail + head[1:]) in self.standard)
        ):
            offset = text.index(head[0])
            self.repairs.append(Repair(line, "dropped-repeat", f"{self.region}: {head[0]}"))
            cell.dropped.append((line, head[0]))
            text = text[:offset] + text[offset + 1 :]
        cell.add(line, text)


def _unbalanced(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in zip(_OPENERS, _CLOSERS, strict=True))


def _unfinished_agency(text: str) -> bool:
    last = re.split(r"[、，,；;\s]", text.strip())[-1]
    return not last or (last[-1] not in _AGENCY_END + "等）)" and not last.endswith("配合"))


# --- rows -> TableRow ---------------------------------------------------------------------------


def measure_key(text: str) -> str:
    """The comparison form of a work item: cleaned, with ASCII punctuation read as its full-width twin."""
    return clean_text(text).translate(_FULLWIDTH)


_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
_MEASURE_SEPARATORS = (r"[；;]", r"\s+", r"[，,]")


def _split_measure(raw: str, standard: set[str]) -> list[str]:
    """Clean a work-item cell; split it where it joins standard items (with ；, a space or ，)."""
    text = strip_markup(raw).strip()
    return _standard_items(text, standard, _MEASURE_SEPARATORS) or [clean_text(text)]


def _standard_items(text: str, standard: set[str], separators: tuple[str, ...]) -> list[str] | None:
    if measure_key(text) in standard:
        return [clean_text(text)]
    for index, separator in enumerate(separators):
        parts = [p for p in re.split(separator, text) if p.strip()]
        if len(parts) < 2:
            continue
        items: list[str] = []
        for part in parts:
            found = _standard_items(part.strip(), standard, separators[index + 1 :])
            if found is None:
                break
            items.extend(found)
        else:
            return items
    return None


def _finish(rows: list[_Row], standard: set[str], repairs: list[Repair]) -> list[TableRow]:
    result: list[TableRow] = []
    focus_numbers: dict[int, str] = {}
    for number, row in enumerate(rows, start=1):
        measures: list[str] = []
        for cell in row.measures:
            parts = _split_measure(cell.raw, standard)
            if len(parts) > 1:
                repairs.append(Repair(cell.lines[0], "split-measure", " | ".join(parts)))
            measures.extend(p for p in parts if p and p not in measures)
        focus_key = id(row.focus)
        printed_no = clean_text(row.no.raw) if row.no else ""
        focus_no = focus_numbers.setdefault(focus_key, printed_no or str(len(focus_numbers) + 1))
        lines = sorted(set(row.lines))
        result.append(
            TableRow(
                region=row.region,
                row_number=number,
                focus_no=focus_no,
                focus_area=clean_text(row.focus.raw) if row.focus else "",
                measures=tuple(measures),
                task=clean_text(row.task.raw) if row.task else "",
                deliverable=clean_text(row.deliverable.raw) if row.deliverable else "",
                agencies_raw=clean_text(row.agencies.raw, agencies=True) if row.agencies else "",
                first_line=lines[0],
                last_line=lines[-1],
            )
        )
    return result


def _unique_cells(rows: list[_Row]) -> list[SourceCell]:
    seen: dict[int, SourceCell] = {}
    for row in rows:
        for cell in (row.no, row.focus, *row.measures, row.task, row.deliverable, row.agencies):
            if cell is not None and cell.pieces:
                seen.setdefault(id(cell), cell)
    return sorted(seen.values(), key=lambda c: (c.pieces[0][0], COLUMNS.index(c.column)))
