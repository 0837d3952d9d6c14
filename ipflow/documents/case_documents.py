"""A case's statutory documents: 立案审批表, 行政处罚告知书, 行政处罚决定书, 送达回证.

Each is a plain model of what the document says (built from the records by
:mod:`ipflow.reports.case_documents`) and renders through the shared DOCX renderer
(:func:`ipflow.documents.docx_render.render_docx`) with its template in
``config/templates/documents/``. The documents go to the party, so names are in full.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ipflow.documents.document_numbers import DocumentKind
from ipflow.documents.docx_render import render_docx
from ipflow.documents.referral_letter import party_line
from ipflow.domain.parties import Party

TEMPLATES = {
    DocumentKind.FILING_APPROVAL: "filing_approval.docx",
    DocumentKind.PENALTY_NOTICE: "penalty_notice.docx",
    DocumentKind.PENALTY_DECISION: "penalty_decision.docx",
    DocumentKind.SERVICE_RECEIPT: "service_receipt.docx",
}
BLANK_DATE = "　　　　年　　月　　日"


def date_zh(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else BLANK_DATE


def yuan_zh(value: Decimal) -> str:
    return f"{value:,.2f}元"


class CaseDocument(BaseModel):
    """What every case document names."""

    model_config = ConfigDict(frozen=True)

    kind: DocumentKind
    number: str  # 文号
    bureau_name: str
    case_id: str
    filed_on: date
    parties: tuple[Party, ...]
    offence_zh: str
    dated: datetime  # when the document is made (its core properties)

    def context(self) -> dict[str, str]:
        return {
            "number": self.number,
            "bureau_name": self.bureau_name,
            "case_id": self.case_id,
            "filed_on": date_zh(self.filed_on),
            "parties": "\n".join(party_line(p, masked=False) for p in self.parties) or "（未列明）",
            "party_names": "、".join(p.name for p in self.parties) or "当事人",
            "offence": self.offence_zh,
        }

    def render(self, template_dir: Path) -> bytes:
        return render_docx(
            template_dir / TEMPLATES[self.kind],
            self.context(),
            title=f"{self.kind.label_zh}（{self.number}）",
            author=self.bureau_name,
            when=self.dated,
        )


class FilingApprovalForm(CaseDocument):
    """立案审批表 (SAMR 程序规定 Art. 18, 19)."""

    clue_id: str
    source_zh: str
    received_on: date
    summary: str
    officers: str
    approver: str

    def context(self) -> dict[str, str]:
        return {
            **super().context(),
            "clue_id": self.clue_id,
            "source": self.source_zh,
            "received_on": date_zh(self.received_on),
            "summary": self.summary,
            "officers": self.officers or "（未指定）",
            "approver": self.approver,
        }


class PenaltyNotice(CaseDocument):
    """行政处罚告知书 (行政处罚法 Art. 44, 45, 63, 64; SAMR 程序规定 Art. 57)."""

    facts: str
    proposed_penalty: str
    hearing_right: bool
    served_on: date

    def context(self) -> dict[str, str]:
        hearing = "和要求听证" if self.hearing_right else ""
        return {
            **super().context(),
            "facts": self.facts,
            "proposed_penalty": self.proposed_penalty,
            "rights": (
                f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条"
                f"{'、第六十三条、第六十四条' if self.hearing_right else ''}"
                f"及《市场监督管理行政处罚程序规定》第五十七条的规定，你（单位）享有陈述、申辩{hearing}的权利。"
                f"你（单位）自收到本告知书之日起五个工作日内，未行使陈述、申辩权"
                f"{'，未要求听证' if self.hearing_right else ''}的，视为放弃此权利。"
            ),
            "date": date_zh(self.served_on),
        }


class PenaltyDecisionLetter(CaseDocument):
    """行政处罚决定书 (SAMR 程序规定 Art. 62; 行政处罚法 Art. 59, 67, 72)."""

    facts: str
    legal_basis: str
    fine: Decimal
    confiscated_gains: Decimal
    confiscated_goods: tuple[str, ...]
    other_measures: tuple[str, ...]
    decided_on: date

    def penalties(self) -> list[str]:
        lines = list(self.other_measures)
        if self.fine > 0:
            lines.append(f"罚款{yuan_zh(self.fine)}")
        if self.confiscated_gains > 0:
            lines.append(f"没收违法所得{yuan_zh(self.confiscated_gains)}")
        lines += [f"没收{g}" for g in self.confiscated_goods]
        return lines

    def context(self) -> dict[str, str]:
        numbered = [f"{i}. {line}" for i, line in enumerate(self.penalties(), start=1)]
        payment = (
            "当事人应当自收到本决定书之日起十五日内，将罚没款缴至指定银行或者通过电子支付系统缴纳"
            "（《中华人民共和国行政处罚法》第六十七条第三款）。到期不缴纳罚款的，每日按罚款数额的"
            "百分之三加处罚款，加处罚款的数额不超出罚款的数额（第七十二条）。"
            if self.fine > 0 or self.confiscated_gains > 0
            else ""
        )
        return {
            **super().context(),
            "facts": self.facts,
            "legal_basis": self.legal_basis,
            "penalties": "\n".join(numbered) or "（无）",
            "payment": payment,
            "date": date_zh(self.decided_on),
        }


class ServiceReceipt(CaseDocument):
    """送达回证 (SAMR 程序规定 Art. 82): the document served, to whom, how and when."""

    served_title: str  # 行政处罚决定书 / 行政处罚告知书
    served_number: str
    address: str
    method_zh: str
    served_on: date | None
    officers: str

    def context(self) -> dict[str, str]:
        return {
            **super().context(),
            "served_document": f"{self.served_title}（{self.served_number}）",
            "address": self.address or "",
            "method": self.method_zh or "",
            "served_on": date_zh(self.served_on),
            "officers": self.officers,
        }
