"""Tables as an Excel workbook (openpyxl): one sheet per table, numbers kept numeric.

Each sheet has the table's title in row 1, the column names in row 2 and the rows
below, so a reader can sum a column in Excel and find the report's figure. Flagged
cells are filled: red for a step overdue and still not done, orange for one done late.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ipflow.private_files import private_output
from ipflow.reports.tables import Cell, Percent, Table

FILLS = {
    "overdue": PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
    "late": PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEADER_ROWS = 2  # title, column names
# OWASP CSV/formula injection: text starting with these is read by Excel as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def sheet_name(table: Table, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", re.sub(r"^[一二三四五六七八九十]+、", "", table.title))[:28]
    name, n = base or table.key, 1
    while name in taken:
        n += 1
        name = f"{base[:25]}({n})"
    taken.add(name)
    return name


def _value(value: Cell | Percent) -> object:
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _format(value: Cell | Percent) -> str | None:
    if isinstance(value, Percent):
        return "0.0%"
    if isinstance(value, Decimal):
        return "#,##0.00"
    return None


def put(sheet: Worksheet, row: int, column: int, value: object) -> OpenpyxlCell:
    """Write one cell; text is always stored as a string, never as a formula.

    openpyxl turns any str starting with ``=`` into a formula cell; user text (a party
    name such as ``=HYPERLINK(...)``) must stay inert, so it gets the explicit string type.
    """
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
    return cell


def write_table(workbook: Workbook, table: Table, taken: set[str]) -> None:
    sheet = workbook.create_sheet(sheet_name(table, taken))
    put(sheet, 1, 1, table.title).font = Font(bold=True, size=13)
    for c, name in enumerate(table.columns, start=1):
        cell = put(sheet, 2, c, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            cell = put(sheet, r + HEADER_ROWS + 1, c + 1, _value(value))
            number_format = _format(value)
            if number_format:
                cell.number_format = number_format
            tone = table.highlight.get((r, c))
            if tone is not None:
                cell.fill = FILLS[tone]
    if table.note:
        put(sheet, len(table.rows) + HEADER_ROWS + 2, 1, table.note)
    for c, name in enumerate(table.columns, start=1):
        widest = max([len(str(name)), *(len(str(row[c - 1] or "")) for row in table.rows)])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(8, widest * 2 + 2), 60)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROWS + 1, column=1)


def write_workbook(path: Path, tables: Sequence[Table], *, title: str, author: str) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        write_table(workbook, table, taken)
    workbook.properties.title, workbook.properties.creator = title, author
    with private_output(path) as tmp:
        workbook.save(str(tmp))
    return path
