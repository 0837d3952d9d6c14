"""What ipflow refuses: no XLSX output (campaign report, ledger, worklist) holds a formula.

ipflow writes no formulas itself, so any formula cell in its workbooks would be injected text.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.reports.county import CAMPAIGN
from tests.reports.test_cli_report import AS_OF, ipflow, run

__all__ = ["ipflow"]  # the county fixture, shared with tests/reports


def _formula_cells(path: Path) -> list[str]:
    book = load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_every_workbook_ipflow_writes_is_formula_free(ipflow: Path) -> None:
    out = ipflow / "attack-out"
    written = [
        *run(
            "report", "campaign", CAMPAIGN, "--format", "xlsx", "--out", str(out), *AS_OF
        ).stdout.split(),
        run("report", "ledger", "--out", str(out), *AS_OF).stdout.strip().splitlines()[-1],
        run("report", "worklist", "--out", str(out), *AS_OF).stdout.strip().splitlines()[-1],
    ]
    books = [Path(p) for p in written if p.endswith(".xlsx")]
    assert len(books) == 3 and all(p.is_file() for p in books)
    assert {str(p): _formula_cells(p) for p in books} == {str(p): [] for p in books}
