"""The printed tables, reconstructed: one ``TableRow`` per 具体任务 (task) of a region's table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableRow:
    """One task row of a region's work-plan table, cells cleaned, with its source line span."""

    region: str  # section name as printed, e.g. 北京市
    row_number: int  # 1-based, document order within the region
    focus_no: str  # printed 序号 of the focus area (its position where none is printed: 重庆市, line 1155)
    focus_area: str  # 工作重点 / 重点工作 heading
    measures: tuple[str, ...]  # 工作内容 work items (usually one)
    task: str  # 具体任务 ("" where the cell is empty)
    deliverable: str  # 成果形式 ("" where none or where the table has no such column)
    agencies_raw: str  # 责任部门 cell, cleaned
    first_line: int  # 1-based line of the source document
    last_line: int
