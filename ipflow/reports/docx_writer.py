"""The campaign summary as a Word document (python-docx): prose, tables, charts.

Layout follows the usual official-document style (GB/T 9704): title in 小标宋,
headings in 黑体, body in 仿宋 with a two-character first-line indent. Fonts are named,
not embedded: Word substitutes where they are missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ipflow.documents.page_layout import apply_official_layout
from ipflow.private_files import private_output
from ipflow.reports.cells import cell_text
from ipflow.reports.prose import Block
from ipflow.reports.tables import Table

BODY, HEADING, TITLE = "仿宋", "黑体", "方正小标宋简体"
FLAGS = {"overdue": RGBColor(0xC0, 0x00, 0x00), "late": RGBColor(0xC5, 0x5A, 0x11)}


def _font(paragraph: Paragraph, name: str, size: float, *, bold: bool = False) -> None:
    for run in paragraph.runs:
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, name
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _block(document: Document, block: Block) -> None:
    paragraph = document.add_paragraph(block.text)
    if block.level == 1:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph, TITLE, 22, bold=True)
    elif block.level == 2:
        _font(paragraph, HEADING, 16)
    else:
        paragraph.paragraph_format.first_line_indent = Pt(32)
        _font(paragraph, BODY, 16)


def _table(document: Document, table: Table) -> None:
    title = document.add_paragraph(table.title)
    _font(title, HEADING, 14)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = name
        _font(cell.paragraphs[0], HEADING, 10.5)
    for r, row in enumerate(table.rows):
        cells = grid.add_row().cells
        for c, value in enumerate(row):
            cells[c].text = cell_text(value)
            paragraph = cells[c].paragraphs[0]
            _font(paragraph, BODY, 10.5)
            tone = table.highlight.get((r, c))
            if tone is not None:
                for run in paragraph.runs:
                    run.font.color.rgb, run.font.bold = FLAGS[tone], True
    if table.note:
        note = document.add_paragraph(table.note)
        _font(note, BODY, 10.5)


def write_summary_docx(
    path: Path,
    blocks: Sequence[Block],
    tables: Sequence[Table],
    *,
    title: str,
    author: str,
    charts: Sequence[Path] = (),
) -> Path:
    document = docx.Document()
    apply_official_layout(document)
    for block in blocks:
        _block(document, block)
    appendix = document.add_paragraph("附表")
    _font(appendix, HEADING, 16)
    for table in tables:
        _table(document, table)
    if charts:
        figures = document.add_paragraph("附图")
        _font(figures, HEADING, 16)
        for chart in charts:
            document.add_picture(str(chart), width=Cm(15))
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    with private_output(path) as tmp:
        document.save(str(tmp))
    return path
