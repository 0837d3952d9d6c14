"""Generate the case documents' DOCX templates (run once; commit the result).

    .venv/bin/python scripts/make_case_document_templates.py

立案审批表, 行政处罚告知书, 行政处罚决定书 and 送达回证, in the style and with the
helpers of ``make_document_templates.py`` (the 涉嫌犯罪案件移送书). A bureau may
restyle them in Word as long as the ``{{ … }}`` expressions stay; the names each
template may use are those of ``ipflow/documents/case_documents.py``.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_document_templates import (
    BODY_FONT,
    OUT,
    ROOT,
    TITLE_FONT,
    _font,
    _line,
    _reproducible,
)

Document = docx.document.Document


def _new(title: str) -> Document:
    document = docx.Document()
    heading = document.add_paragraph(title)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading, TITLE_FONT, 22, bold=True)
    _line(document, "{{ bureau_name }}", align="center", size=14)
    _line(document, "{{ number }}", align="right", size=14)
    return document


def _form(document: Document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        for cell in cells:
            _font(cell.paragraphs[0], BODY_FONT, 12)


def _save(document: Document, title: str) -> bytes:
    props = document.core_properties
    props.title, props.author, props.last_modified_by = f"{title}（模板）", "ipflow", "ipflow"
    props.created = props.modified = props.last_printed = datetime(2026, 1, 1)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())


def filing_approval() -> bytes:
    document = _new("立案审批表")
    _form(document, [
        ("案件编号", "{{ case_id }}"),
        ("案件来源", "{{ source }}（线索编号 {{ clue_id }}，{{ received_on }}发现或受理）"),
        ("当事人", "{{ parties }}"),
        ("案由", "涉嫌{{ offence }}"),
        ("简要案情", "{{ summary }}"),
        ("立案依据", "《市场监督管理行政处罚程序规定》第十八条、第十九条"),
        ("承办人意见", "符合立案条件，建议立案。\n承办人：{{ officers }}"),
        ("负责人审批意见", "同意立案。\n{{ approver }}　{{ filed_on }}"),
    ])  # fmt: skip
    return _save(document, "立案审批表")


def penalty_notice() -> bytes:
    document = _new("行政处罚告知书")
    _line(document, "{{ party_names }}：")
    _line(document, "本局于{{ filed_on }}对你（单位）涉嫌{{ offence }}一案立案调查（案件编号{{ case_id }}）。"
          "经查：", indent=True)  # fmt: skip
    _line(document, "{{ facts }}", indent=True)
    _line(document, "本局拟对你（单位）作出如下行政处罚：{{ proposed_penalty }}。", indent=True)
    _line(document, "{{ rights }}", indent=True)
    _line(document, "{{ bureau_name }}（印章）", align="right")
    _line(document, "{{ date }}", align="right")
    return _save(document, "行政处罚告知书")


def penalty_decision() -> bytes:
    document = _new("行政处罚决定书")
    _line(document, "当事人：{{ parties }}")
    _line(document, "本局于{{ filed_on }}对当事人涉嫌{{ offence }}一案立案调查（案件编号{{ case_id }}）。"
          "经查明：", indent=True)  # fmt: skip
    _line(document, "{{ facts }}", indent=True)
    _line(document, "依据{{ legal_basis }}的规定，本局决定对当事人作出如下行政处罚：", indent=True)
    _line(document, "{{ penalties }}", indent=True)
    _line(document, "{{ payment }}", indent=True)
    _line(document, "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
          "也可以在六个月内依法向人民法院提起行政诉讼。", indent=True)  # fmt: skip
    _line(document, "{{ bureau_name }}（印章）", align="right")
    _line(document, "{{ date }}", align="right")
    return _save(document, "行政处罚决定书")


def service_receipt() -> bytes:
    document = _new("送达回证")
    _form(document, [
        ("送达文书名称及文号", "{{ served_document }}"),
        ("受送达人", "{{ parties }}"),
        ("送达地点", "{{ address }}"),
        ("送达方式", "{{ method }}"),
        ("送达日期", "{{ served_on }}"),
        ("送达人", "{{ officers }}"),
        ("受送达人签名或者盖章", "\n　　　　年　　月　　日"),
        ("备注", "依据《市场监督管理行政处罚程序规定》第八十二条"),
    ])  # fmt: skip
    return _save(document, "送达回证")


TEMPLATES = {
    "filing_approval.docx": filing_approval,
    "penalty_notice.docx": penalty_notice,
    "penalty_decision.docx": penalty_decision,
    "service_receipt.docx": service_receipt,
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in TEMPLATES.items():
        path = OUT / name
        path.write_bytes(make())
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
