"""Generate the DOCX templates in config/templates/documents/ (run once; commit the result).

    .venv/bin/python scripts/make_document_templates.py

The templates are ordinary Word files: a bureau may restyle them in Word (fonts,
letterhead, seal position) as long as the ``{{ … }}`` expressions stay. Layout follows
the usual official-document style (GB/T 9704): title in 小标宋 二号, body in 仿宋 三号.
The output is reproducible (fixed core properties and ZIP timestamps).
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "config" / "templates" / "documents"
BODY_FONT, TITLE_FONT = "仿宋", "方正小标宋简体"


def _font(paragraph: Paragraph, name: str, size: float, *, bold: bool = False) -> None:
    for run in paragraph.runs:
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, name
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _line(document: docx.document.Document, text: str, *, align: str = "left",
          indent: bool = False, size: float = 16) -> None:  # fmt: skip
    paragraph = document.add_paragraph(text)
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    _font(paragraph, BODY_FONT, size)


def referral_letter() -> bytes:
    document = docx.Document()
    title = document.add_paragraph("涉嫌犯罪案件移送书")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, TITLE_FONT, 22, bold=True)
    _line(document, "编号：{{ letter_number }}", align="right", size=14)
    _line(document, "{{ police_unit }}：")
    _line(
        document,
        "我局在查办案件编号为{{ case_id }}的案件（立案日期：{{ filed_on }}）中，发现当事人的行为"
        "涉嫌{{ suspected_crime }}。根据《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）"
        "第三条、第六条的规定，现将该案移送你局，请依法审查，并将是否立案的决定书面告知我局。",
        indent=True,
    )
    _line(document, "一、当事人")
    _line(document, "{{ parties }}", indent=True)
    _line(document, "二、涉嫌犯罪的事实")
    _line(document, "{{ facts }}", indent=True)
    _line(document, "三、随案移送的材料（《行政执法机关移送涉嫌犯罪案件的规定》第六条）")
    _line(document, "{{ materials }}", indent=True)
    _line(document, "抄送：{{ procuratorate }}（同时抄送本移送书及有关材料目录）")
    _line(document, "{{ bureau_name }}（印章）", align="right")
    _line(document, "{{ date }}", align="right")
    props = document.core_properties
    props.title, props.author, props.last_modified_by = (
        "涉嫌犯罪案件移送书（模板）",
        "ipflow",
        "ipflow",
    )
    props.created = props.modified = props.last_printed = datetime(2026, 1, 1)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())


def _reproducible(data: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "referral_letter.docx"
    path.write_bytes(referral_letter())
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
