"""Reading produced files back with their own libraries, and counting on the store in SQL
independently of ipflow's report code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.engine import Engine


def docx_tables(path: Path) -> dict[str, list[list[str]]]:
    """Each table of the document by the title paragraph just before it."""
    document = docx.Document(str(path))
    found: dict[str, list[list[str]]] = {}
    title = ""
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            title = Paragraph(child, document).text
        elif tag == "tbl":
            table = DocxTable(child, document)
            found[title] = [[cell.text for cell in row.cells] for row in table.rows]
    return found


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def xlsx_tables(path: Path) -> dict[str, list[list[Any]]]:
    """Each sheet by the title in its first row: the column names, then the rows."""
    workbook = load_workbook(str(path))
    return {
        str(sheet.cell(row=1, column=1).value): [
            list(row) for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)
        ]
        for sheet in workbook.worksheets
    }


def row_of(rows: list[list[Any]], label: str) -> list[Any]:
    return next(row for row in rows if row[0] == label)


def count(engine: Engine, sql: str, **params: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def amount_text(value: Decimal | int) -> str:
    return f"{Decimal(value):,.2f}"


CAMPAIGN_CASES = "SELECT id FROM enforcement_case WHERE campaign_id = :c"
CAMPAIGN_REFERRALS = f"SELECT id FROM referral WHERE case_id IN ({CAMPAIGN_CASES})"


def referrals_with_step(engine: Engine, campaign_id: str, *commands: str) -> int:
    names = ", ".join(f"'{c}'" for c in commands)
    return count(
        engine,
        "SELECT COUNT(DISTINCT aggregate_id) FROM audit_entry WHERE aggregate_kind = 'referral'"
        f" AND command IN ({names}) AND aggregate_id IN ({CAMPAIGN_REFERRALS})",
        c=campaign_id,
    )


def campaign_deadlines(where: str) -> str:
    """Deadline rows of a campaign's clues, cases, referrals and rectification orders."""
    return (
        "SELECT COUNT(*) FROM deadline WHERE rule_id NOT IN"
        " ('samr.hearing_request', 'samr.fine_payment') AND ("
        " (aggregate_kind = 'clue' AND aggregate_id IN (SELECT id FROM clue WHERE campaign_id = :c))"
        f" OR (aggregate_kind = 'case' AND aggregate_id IN ({CAMPAIGN_CASES}))"
        f" OR (aggregate_kind = 'referral' AND aggregate_id IN ({CAMPAIGN_REFERRALS}))"
        " OR (aggregate_kind = 'rectification' AND aggregate_id IN"
        "     (SELECT id FROM rectification WHERE campaign_id = :c))"
        f") AND {where}"
    )
