"""涉嫌犯罪案件移送书 (Decree 310 Art. 6 (一)): what it says, and the parties' lines.

The letter names the case, the parties (legal persons by name and unified social
credit code; natural persons in full — the letter goes to public security — but
masked anywhere else, see :func:`party_line`), the suspected crime, the facts, and
the list of the Art. 6 materials attached, in the article's order. The list is the
package's checklist, so what the letter says is attached is what the package holds.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ipflow.documents.docx_render import render_docx
from ipflow.domain.case_records import CaseFacts
from ipflow.domain.evidence import EvidenceItem, Material, PackageChecklist
from ipflow.domain.parties import Party, PartyKind

TEMPLATE_NAME = "referral_letter.docx"
TITLE_ZH = "涉嫌犯罪案件移送书"
_NUMERALS = "一二三四五"
_AMOUNTS = (
    ("illegal_business", "非法经营数额"),
    ("illegal_gains", "违法所得数额"),
    ("sales", "销售金额"),
    ("unsold_value", "尚未销售货值"),
)


def _mask_id(value: str) -> str:
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "****"


def _mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1)


def party_line(party: Party, *, masked: bool) -> str:
    """One party as the letter names it; ``masked`` hides a natural person's name and
    identity number (and an individual business's operator), as in messages and logs."""
    kind = party.kind.label_zh
    if party.kind is PartyKind.NATURAL_PERSON:
        assert party.resident_id is not None  # guaranteed by Party
        name = _mask_name(party.name) if masked else party.name
        number = _mask_id(party.resident_id) if masked else party.resident_id
        return f"{name}（{kind}，公民身份号码 {number}）"
    line = f"{party.name}（{kind}，统一社会信用代码 {party.credit_code}）"
    if party.operator_name:
        operator = _mask_name(party.operator_name) if masked else party.operator_name
        line += f"，经营者 {operator}"
    return line


def _date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f} 元"


def facts_lines(summary: str | None, facts: CaseFacts) -> str:
    lines = [text for text in (summary, facts.summary) if text]
    act = facts.act
    period = _date_zh(act.first_act_date)
    if act.last_act_date and act.last_act_date != act.first_act_date:
        period += f"至{_date_zh(act.last_act_date)}"
    elif act.ongoing:
        period += "起（持续至今）"
    lines.append(f"违法行为时间：{period}")
    for field, label in _AMOUNTS:
        value = getattr(facts, field)
        if value is not None:
            lines.append(f"{label}：{_yuan(value)}")
    if facts.labels is not None:
        lines.append(f"标识数量：{facts.labels} 件")
    if facts.reasonable_suspicion:
        lines.append(
            "承办人认为存在犯罪的合理嫌疑，需公安机关采取措施进一步获取证据（第三条第二款）"
        )
    return "\n".join(lines)


def materials_lines(checklist: PackageChecklist, evidence: list[EvidenceItem]) -> str:
    """The five Art. 6 materials, each with what the package holds (or 无)."""
    lines = []
    for numeral, line in zip(_NUMERALS, checklist.lines, strict=True):
        if line.material is Material.REFERRAL_LETTER:
            held = "本文书"
        else:
            titles = [i.title or Path(i.file).name for i in evidence if i.material is line.material]
            held = "；".join(titles) if titles else "无"
        lines.append(f"{numeral}、{line.label_zh}：{held}")
    return "\n".join(lines)


class ReferralLetter(BaseModel):
    """Everything the letter says (built by the referral-dispatch service)."""

    model_config = ConfigDict(frozen=True)

    referral_id: str
    case_id: str
    filed_on: date
    bureau_name: str
    police_unit: str
    procuratorate: str
    parties: tuple[Party, ...]
    suspected_crime: str
    report_summary: str | None
    facts: CaseFacts
    checklist: PackageChecklist
    evidence: list[EvidenceItem]
    dated: datetime

    def context(self) -> dict[str, str]:
        return {
            "letter_number": self.referral_id,
            "bureau_name": self.bureau_name,
            "police_unit": self.police_unit,
            "procuratorate": self.procuratorate,
            "case_id": self.case_id,
            "filed_on": _date_zh(self.filed_on),
            "parties": "\n".join(party_line(p, masked=False) for p in self.parties) or "（未列明）",
            "suspected_crime": self.suspected_crime,
            "facts": facts_lines(self.report_summary, self.facts),
            "materials": materials_lines(self.checklist, self.evidence),
            "date": _date_zh(self.dated.date()),
        }

    def render(self, template: Path) -> bytes:
        return render_docx(
            template, self.context(), title=TITLE_ZH, author=self.bureau_name, when=self.dated
        )
