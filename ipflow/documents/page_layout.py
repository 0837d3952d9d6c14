"""The 公文 page: A4 with the margins of GB/T 9704-2012《党政机关公文格式》§5.2.

Paper 210 mm × 297 mm; 天头 (top margin) 37 mm, bottom 35 mm, 订口 (left) 28 mm and
right 26 mm, which leave the 156 mm × 225 mm 版心 the standard sets. Every DOCX ipflow
writes (case documents and reports) goes through :func:`apply_official_layout`.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def apply_official_layout(document: Any) -> None:
    """Set every section of ``document`` (a python-docx Document) to the 公文 A4 page."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
