"""文号 of a case's documents, from the bureau's case-number pattern.

The configured pattern (``IPFLOW_CASE_NUMBER_PATTERN``, e.g. ``{prefix}市监处罚〔{year}〕{seq}号``)
numbers the 行政处罚决定书. The case's other documents share its year and sequence
number with their own type word in place of 处罚: 立案审批表 ``示县市监立〔2026〕12号``,
行政处罚告知书 ``示县市监罚告〔2026〕12号``. A pattern without 处罚 numbers them all alike.

The year and sequence come from the decision's number where one was given, else from
the digits the case number ends with (``C-2026-012`` → 12) and the filing year.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from ipflow.domain.identifiers import format_case_number, parse_case_number
from ipflow.errors import InputError

_TRAILING_DIGITS = re.compile(r"(\d+)\D*$")


class DocumentKind(StrEnum):
    FILING_APPROVAL = "filing_approval"  # 立案审批表
    PENALTY_NOTICE = "penalty_notice"  # 行政处罚告知书
    PENALTY_DECISION = "penalty_decision"  # 行政处罚决定书
    SERVICE_RECEIPT = "service_receipt"  # 送达回证

    @property
    def label_zh(self) -> str:
        return KIND_LABELS_ZH[self]

    @classmethod
    def parse(cls, text: str) -> DocumentKind:
        """By id (``penalty_notice``, ``penalty-notice``) or Chinese name (``行政处罚告知书``)."""
        wanted = text.strip().replace("-", "_")
        for kind in cls:
            if wanted in (kind.value, kind.label_zh):
                return kind
        names = "、".join(f"{k.value}（{k.label_zh}）" for k in cls)
        raise InputError(
            f"文书种类「{text}」无效，可选：{names}",
            f"unknown document kind {text!r}",
            field="KIND",
        )


KIND_LABELS_ZH = {
    DocumentKind.FILING_APPROVAL: "立案审批表",
    DocumentKind.PENALTY_NOTICE: "行政处罚告知书",
    DocumentKind.PENALTY_DECISION: "行政处罚决定书",
    DocumentKind.SERVICE_RECEIPT: "送达回证",
}
TYPE_WORDS = {DocumentKind.FILING_APPROVAL: "立", DocumentKind.PENALTY_NOTICE: "罚告"}
DECISION_WORD = "处罚"


def case_sequence(
    case_id: str, filed_on: date, decision_number: str | None, *, pattern: str, prefix: str
) -> tuple[int, int]:
    """(year, sequence number) shared by the case's documents."""
    if decision_number:
        return parse_case_number(decision_number, pattern, prefix=prefix)
    match = _TRAILING_DIGITS.search(case_id)
    if match is None or int(match.group(1)) < 1:
        raise InputError(
            f"案件编号「{case_id}」不以序号结尾，无法编排文号；请先在处罚决定中登记文号",
            f"case id {case_id!r} ends with no sequence number",
            field="CASE",
        )
    return filed_on.year, int(match.group(1))


def document_number(kind: DocumentKind, *, pattern: str, prefix: str, year: int, seq: int) -> str:
    word = TYPE_WORDS.get(kind)
    if word is not None and DECISION_WORD in pattern:
        pattern = pattern.replace(DECISION_WORD, word, 1)
    return format_case_number(pattern, prefix=prefix, year=year, seq=seq)
