"""How a table cell reads as text (DOCX, Markdown, the terminal)."""

from __future__ import annotations

from decimal import Decimal

from ipflow.reports.tables import Cell, Percent


def cell_text(value: Cell | Percent) -> str:
    if value is None:
        return "—"
    if isinstance(value, Percent):
        return f"{value.value * 100:.1f}%"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
