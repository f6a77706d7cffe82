"""Conservation: every printed character of the table cells ends up in exactly one parsed cell.

The source side is read here independently of the parser: a table line is a tab-separated line that
follows a repeated column header (a line whose first field is 序号) within a section (opened by a
``<region> 2017 年工作要点`` heading); table-of-contents lines, headings and headers are not table
content.  A field's printed characters are its characters without HTML tags and without whitespace.
The only differences allowed between the two sides are the repeated characters the parser dropped at
page breaks (``SourceCell.dropped``) and, in the cleaned text, the English -> Chinese repairs of
``kg.source.cleaning.REPAIRS``.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from kg.source.cleaning import REPAIRS, clean_text
from kg.source.layout import COLUMNS
from kg.source.parser import ParsedDocument, SourceCell, parse_document
from kg.source.reader import bundled_source

HEADING = re.compile(r"^\s*\S+?\s*2017\s*年工作要点\s*$")
TABLE_OF_CONTENTS = re.compile(r"工作要点\.{2,}")
TAG = re.compile(r"<[^>]+>")


def printed(text: str) -> str:
    """The printed characters of a field: no HTML tags, no whitespace."""
    return re.sub(r"\s+", "", TAG.sub("", text))


def source_fields(lines: list[str]) -> dict[int, list[str]]:
    """Printed text of every non-empty table field, by 1-based line, in field order."""
    fields: dict[int, list[str]] = {}
    in_table = False
    for number, text in enumerate(lines, start=1):
        if TABLE_OF_CONTENTS.search(text):
            continue
        if HEADING.match(text) and "\t" not in text:
            in_table = False
            continue
        parts = text.split("\t")
        if parts[0].strip() == "序号":
            in_table = True
            continue
        if in_table and len(parts) > 1:
            found = [printed(part) for part in parts if printed(part)]
            if found:
                fields[number] = found
    return fields


def output_fields(cells: tuple[SourceCell, ...]) -> dict[int, list[str]]:
    """The parsed cells' pieces by line, in column order, with the dropped characters put back."""
    by_line: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for cell in cells:
        dropped = dict(cell.dropped)
        for line, text in cell.pieces:
            piece = dropped.get(line, "") + printed(text)
            if piece:
                by_line[line].append((COLUMNS.index(cell.column), piece))
    return {line: [piece for _, piece in sorted(pieces)] for line, pieces in by_line.items()}


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(bundled_source())


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    """The bundled document's lines; index 0 is line 1."""
    return bundled_source().read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def source(source_lines: list[str]) -> dict[int, list[str]]:
    return source_fields(source_lines)


def test_the_source_side_is_the_whole_tables(source: dict[int, list[str]], document: ParsedDocument) -> None:
    assert len(document.regions) == 31
    first_table_line = min(source)
    assert first_table_line == document.regions[0].first_line == 46
    assert max(source) == document.regions[-1].last_line
    # page headers and headings are not content
    assert not any(fields[0] == "序号" or "年工作要点" in fields[0] for fields in source.values())


def test_every_table_field_is_in_exactly_one_cell_in_order(
    source: dict[int, list[str]], document: ParsedDocument
) -> None:
    parsed = output_fields(document.cells)
    missing = sorted(set(source) - set(parsed))
    invented = sorted(set(parsed) - set(source))
    assert not missing, f"table lines whose text is in no cell: {missing[:10]}"
    assert not invented, f"cells with text from lines that are not table lines: {invented[:10]}"
    for line, fields in source.items():
        assert parsed[line] == fields, f"line {line}"


def test_character_totals_balance(source: dict[int, list[str]], document: ParsedDocument) -> None:
    printed_in_source = sum(len(field) for fields in source.values() for field in fields)
    in_cells = sum(len(printed(cell.raw)) for cell in document.cells)
    dropped = sum(len(cell.dropped) for cell in document.cells)
    assert in_cells + dropped == printed_in_source
    assert dropped == 3


def test_pieces_of_a_cell_come_in_line_order(document: ParsedDocument) -> None:
    for cell in document.cells:
        lines = cell.lines
        assert lines == sorted(lines) and len(set(lines)) == len(lines), cell.pieces
        assert cell.pieces and printed(cell.raw), cell.pieces


def test_cells_are_in_document_order(document: ParsedDocument) -> None:
    keys = [(cell.pieces[0][0], COLUMNS.index(cell.column)) for cell in document.cells]
    assert keys == sorted(keys)
    assert len({id(cell) for cell in document.cells}) == len(document.cells)


def test_dropped_characters_repeat_the_end_of_the_cell(
    source: dict[int, list[str]], document: ParsedDocument
) -> None:
    for cell in document.cells:
        for line, char in cell.dropped:
            position = cell.lines.index(line)
            assert position > 0, "a dropped character continues a cell from an earlier page"
            before = printed("".join(text for _, text in cell.pieces[:position]))
            assert before.endswith(char)
            assert any(field.startswith(char) for field in source[line])


def _repaired(text: str) -> str:
    """Printed text with the English substitutes between Chinese characters replaced."""
    for english, chinese in REPAIRS.items():
        text = re.sub(rf"(?<=[^\x00-\x7f]){english}(?=[^\x00-\x7f])", chinese, text)
    return text


def test_cleaned_cells_differ_only_by_the_english_repairs(document: ParsedDocument) -> None:
    repaired_lines = set()
    for cell in document.cells:
        raw = printed(cell.raw)
        cleaned = re.sub(r"\s+", "", clean_text(cell.raw, agencies=cell.column == "agencies"))
        assert cleaned == _repaired(raw), cell.pieces
        if cleaned != raw:
            for line, text in cell.pieces:
                if printed(text) != _repaired(printed(text)):
                    repaired_lines.add(line)
    assert repaired_lines == {76, 141, 344, 1587, 1623}


def test_row_texts_are_cleaned_cells(document: ParsedDocument) -> None:
    """Each row field is the cleaned text of a cell read on the row's lines (or above: merged cells)."""
    cells: dict[str, dict[str, list[SourceCell]]] = defaultdict(lambda: defaultdict(list))
    for cell in document.cells:
        cells[cell.column][clean_text(cell.raw, agencies=cell.column == "agencies")].append(cell)

    def starts(column: str, text: str) -> list[int]:
        """The first lines of the cells of ``column`` whose cleaned text is ``text``."""
        return [cell.pieces[0][0] for cell in cells[column][text]]

    for row in document.rows:
        where = (row.region, row.row_number)
        for column, text in (("task", row.task), ("deliverable", row.deliverable)):
            if text:  # its own cell, on its own lines
                assert any(row.first_line <= line <= row.last_line for line in starts(column, text)), where
        assert any(line <= row.last_line for line in starts("agencies", row.agencies_raw)), where
        assert any(line <= row.first_line for line in starts("focus", row.focus_area)), where
        measure_cells = [
            text
            for text, found in cells["measure"].items()
            if any(cell.pieces[0][0] <= row.last_line for cell in found)
        ]
        for measure in row.measures:
            assert any(measure in text for text in measure_cells), (where, measure)
