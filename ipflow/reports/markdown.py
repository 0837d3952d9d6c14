"""The summary (or any tables) as Markdown: for the terminal and for Prefect artifacts."""

from __future__ import annotations

from collections.abc import Sequence

from ipflow.reports.cells import cell_text
from ipflow.reports.prose import Block
from ipflow.reports.tables import Table


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(table: Table) -> str:
    lines = [f"### {table.title}", ""]
    lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for r, row in enumerate(table.rows):
        cells = []
        for c, value in enumerate(row):
            text = _escape(cell_text(value))
            cells.append(f"**{text}**" if (r, c) in table.highlight else text)
        lines.append("| " + " | ".join(cells) + " |")
    if table.note:
        lines += ["", table.note]
    return "\n".join(lines)


def summary_markdown(blocks: Sequence[Block], tables: Sequence[Table]) -> str:
    parts = []
    for block in blocks:
        prefix = {1: "# ", 2: "## "}.get(block.level, "")
        parts.append(prefix + block.text)
    if tables:
        parts.append("## 附表")
        parts += [table_markdown(t) for t in tables]
    return "\n\n".join(parts) + "\n"
