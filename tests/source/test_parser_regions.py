"""The parsed tables against hand-checked regions, and the structure of the whole document.

Each ``fixtures/regions/*.json`` file holds one whole region: every row's cells, read from the
source lines it names (``source_lines``: the section heading to the last table line) and checked
against the printed layout; ``covers`` lists the extraction defects that region exercises.  A row
may carry ``"xfail": "<reason>"`` where the parser is known to be wrong; none does at present.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from kg.source.parser import ParsedDocument, parse_document
from kg.source.reader import bundled_source
from kg.source.rows import TableRow

REGION_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "regions").glob("*.json"))
REGIONS_CSV = Path(__file__).parents[2] / "kg" / "data" / "regions.csv"
ROW_FIELDS = (
    "focus_no",
    "focus_area",
    "measures",
    "task",
    "deliverable",
    "agencies_raw",
    "first_line",
    "last_line",
)


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _row_params() -> list[Any]:
    params = []
    for path in REGION_FIXTURES:
        fixture = _load(path)
        for row in fixture["rows"]:
            marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if "xfail" in row else []
            name = f"{path.stem}-row{row['row']:02d}"
            params.append(pytest.param(fixture["region"], row, id=name, marks=marks))
    return params


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(bundled_source())


@pytest.fixture(scope="module")
def rows_by_region(document: ParsedDocument) -> dict[str, list[TableRow]]:
    grouped: dict[str, list[TableRow]] = defaultdict(list)
    for row in document.rows:
        grouped[row.region].append(row)
    return grouped


def _as_expected(row: TableRow) -> dict[str, Any]:
    actual = asdict(row)
    actual["measures"] = list(row.measures)
    return {field: actual[field] for field in ROW_FIELDS}


# --- hand-checked regions -----------------------------------------------------------------------


def test_fixtures_cover_at_least_eight_whole_regions() -> None:
    regions = [_load(path)["region"] for path in REGION_FIXTURES]
    assert len(set(regions)) == len(regions) >= 8


@pytest.mark.parametrize("path", REGION_FIXTURES, ids=lambda path: path.stem)
def test_region_row_count(path: Path, document: ParsedDocument, rows_by_region: dict) -> None:
    fixture = _load(path)
    summary = next(s for s in document.regions if s.region == fixture["region"])
    assert summary.heading_line == fixture["source_lines"][0]
    assert summary.last_line == fixture["source_lines"][1]
    assert len(fixture["rows"]) == fixture["row_count"]
    assert [row["row"] for row in fixture["rows"]] == list(range(1, fixture["row_count"] + 1))
    assert len(rows_by_region[fixture["region"]]) == fixture["row_count"]
    assert summary.tasks == fixture["row_count"]


@pytest.mark.parametrize(("region", "expected"), _row_params())
def test_region_row(region: str, expected: dict[str, Any], rows_by_region: dict) -> None:
    rows = rows_by_region[region]
    assert len(rows) >= expected["row"], f"{region} has only {len(rows)} rows"
    row = rows[expected["row"] - 1]
    assert row.row_number == expected["row"]
    actual = _as_expected(row)
    for field in ROW_FIELDS:
        assert actual[field] == expected[field], f"{region} row {expected['row']}: {field}"


def test_fixtures_cover_every_kind_of_repair(document: ParsedDocument) -> None:
    """Every layout repair the parser applies to the document happens in some hand-checked region."""
    spans = [_load(path)["source_lines"] for path in REGION_FIXTURES]
    applied = {repair.kind for repair in document.repairs}
    checked = {repair.kind for repair in document.repairs if any(a <= repair.line <= b for a, b in spans)}
    uncovered = applied - checked
    assert not uncovered


# --- specific defects, across the whole document ------------------------------------------------


def test_repeated_characters_dropped_at_page_breaks(document: ParsedDocument) -> None:
    """Read from the document: 133 …法律服务 + 136 务; 225 、知 + 228 知识产权局; 1292 …知识产权 + 1295 权运营
    (the first character of the new page repeats the last one of the cell and is dropped)."""
    dropped = sorted(item for cell in document.cells for item in cell.dropped)
    assert dropped == [(136, "务"), (228, "知"), (1295, "权")]


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        (76, "focus_area", "加强重点产业知识产权海外布局和风险防控"),
        (141, "task", "支持民营企业、科技型企业和高新技术企业投保专利保险"),
        (344, "focus_area", "加强重点产业知识产权海外布局和风险防控"),
        (1587, "measures", "支持法律服务机构为企业提供全方位、高品质知识产权法律服务"),
        (1623, "deliverable", "《关于激发科研机构和科研人员创新活力促进科技成果转化若干政策》"),
    ],
)
def test_english_words_repaired(document: ParsedDocument, line: int, field: str, expected: str) -> None:
    row = next(row for row in document.rows if row.first_line <= line <= row.last_line)
    value = " | ".join(row.measures) if field == "measures" else getattr(row, field)
    assert expected in value


def test_no_english_substitutes_or_markup_left(document: ParsedDocument) -> None:
    leftover = re.compile(r"(?<![A-Za-z])(and|provide)(?![A-Za-z])|<|>")
    for row in document.rows:
        for value in (row.focus_area, *row.measures, row.task, row.deliverable, row.agencies_raw):
            assert not leftover.search(value), (row.region, row.row_number, value)


def test_cells_are_never_blank_or_padded(document: ParsedDocument) -> None:
    for row in document.rows:
        for value in (row.focus_area, *row.measures, row.task, row.deliverable, row.agencies_raw):
            assert value == value.strip() and "  " not in value, (row.region, row.row_number)
        assert row.focus_area and row.measures and all(row.measures) and row.agencies_raw
        # every printed row of this document has a 具体任务; the rows that once came out without one
        # (广东省 1041, 1043, 1044) were task texts misplaced in the 工作内容 column
        assert row.task, (row.region, row.row_number)


# --- structure of the whole document ------------------------------------------------------------


def test_all_31_regions_present_once(document: ParsedDocument) -> None:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        labels = [record["label_zh"] for record in csv.DictReader(handle)]
    names = [summary.region for summary in document.regions]
    assert len(labels) == 31
    assert len(names) == len(set(names)) == 31
    assert set(names) == set(labels)


def test_region_counts_add_up(document: ParsedDocument, rows_by_region: dict) -> None:
    assert all(summary.tasks > 0 for summary in document.regions)
    assert sum(summary.tasks for summary in document.regions) == len(document.rows)
    for summary in document.regions:
        assert len(rows_by_region[summary.region]) == summary.tasks, summary.region


def test_rows_numbered_in_document_order(rows_by_region: dict) -> None:
    for region, rows in rows_by_region.items():
        assert [row.row_number for row in rows] == list(range(1, len(rows) + 1)), region
        firsts = [row.first_line for row in rows]
        assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts), region


def test_row_lines_lie_inside_their_section(document: ParsedDocument, rows_by_region: dict) -> None:
    headings = [summary.heading_line for summary in document.regions] + [document.lines_read + 1]
    for summary, next_heading in zip(document.regions, headings[1:], strict=True):
        rows = rows_by_region[summary.region]
        for row in rows:
            where = (row.region, row.row_number)
            assert summary.heading_line < row.first_line <= row.last_line < next_heading, where
        assert summary.first_line == rows[0].first_line
        assert summary.last_line == max(row.last_line for row in rows)


def test_row_spans_do_not_overlap(rows_by_region: dict) -> None:
    for region, rows in rows_by_region.items():
        for before, after in zip(rows, rows[1:], strict=False):
            assert before.last_line < after.first_line, (region, before.row_number)


def test_focus_numbers_count_up_from_one(rows_by_region: dict) -> None:
    for region, rows in rows_by_region.items():
        numbers = [int(row.focus_no) for row in rows]
        assert numbers[0] == 1 and numbers == sorted(numbers), region
        assert set(numbers) == set(range(1, numbers[-1] + 1)), region
        focus_by_number = {(row.focus_no, row.focus_area) for row in rows}
        assert len(focus_by_number) == len(set(numbers)), region
