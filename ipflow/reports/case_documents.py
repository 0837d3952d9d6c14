"""A case's statutory documents built from its records (read only).

The case file (snapshot) gives the parties, facts and decision; the clue its source;
the audit trail what was notified (告知书: the proposal and hearing right recorded by
``notify_penalty``), who approved the filing and how the decision was served. A
document whose step has not been recorded yet is refused with what to do first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from ipflow.documents.case_documents import (
    CaseDocument,
    FilingApprovalForm,
    PenaltyDecisionLetter,
    PenaltyNotice,
    ServiceReceipt,
    date_zh,
    yuan_zh,
)
from ipflow.documents.document_numbers import DocumentKind, case_sequence, document_number
from ipflow.domain.case_records import CaseFacts
from ipflow.domain.cases import Case
from ipflow.domain.clues import Clue
from ipflow.domain.grounds import ServiceMethod
from ipflow.errors import DomainError
from ipflow.services.case_views import OFFENCE_ZH
from ipflow.services.timeline_views import officer_names
from ipflow.settings import Settings
from ipflow.store.repositories import AggregateRepository
from ipflow.store.tables import AuditEntry


def facts_text(facts: CaseFacts) -> str:
    """The facts as an administrative document states them (违法经营额, 违法所得)."""
    act = facts.act
    period = date_zh(act.first_act_date)
    if act.last_act_date and act.last_act_date != act.first_act_date:
        period += f"至{date_zh(act.last_act_date)}"
    lines = [facts.summary] if facts.summary else []
    lines.append(f"违法行为时间：{period}")
    if facts.business_amount is not None:
        lines.append(f"违法经营额：{yuan_zh(facts.business_amount)}")
    if facts.illegal_gains is not None:
        lines.append(f"违法所得：{yuan_zh(facts.illegal_gains)}")
    return "\n".join(lines)


def _entry(session: Session, kind: str, aggregate_id: str, *commands: str) -> AuditEntry | None:
    """The latest audit entry of one of ``commands`` on the aggregate."""
    return session.exec(
        select(AuditEntry)
        .where(
            AuditEntry.aggregate_kind == kind,
            AuditEntry.aggregate_id == aggregate_id,
            col(AuditEntry.command).in_(commands),
        )
        .order_by(col(AuditEntry.seq).desc())
    ).first()


def _event(entry: AuditEntry | None) -> dict[str, Any]:
    return entry.events[0] if entry is not None and entry.events else {}


def _not_yet(case_id: str, step_zh: str, kind: DocumentKind) -> DomainError:
    return DomainError(
        f"案件 {case_id} 尚未{step_zh}，不能制作{kind.label_zh}（先用 ipflow case 登记该步骤）",
        f"case {case_id}: {kind.value} needs the step first",
        case_id=case_id,
        kind=kind.value,
    )


def case_document(
    session: Session, case_id: str, kind: DocumentKind, *, settings: Settings, now: datetime
) -> CaseDocument:
    """The document ``kind`` of case ``case_id`` (NotFound for an unknown case)."""
    repo = AggregateRepository(session)
    case, _ = repo.get(Case, case_id)
    decision = case.decision
    year, seq = case_sequence(
        case.id, case.filed_on, decision.number if decision else None,
        pattern=settings.case_number_pattern, prefix=settings.case_number_prefix,
    )  # fmt: skip

    def number(of: DocumentKind) -> str:
        if of is DocumentKind.PENALTY_DECISION and decision is not None and decision.number:
            return decision.number
        return document_number(
            of, pattern=settings.case_number_pattern, prefix=settings.case_number_prefix,
            year=year, seq=seq,
        )  # fmt: skip

    names = officer_names(session, case.officer_ids)
    officers = "、".join(names.get(o, o) for o in case.officer_ids)
    common: dict[str, Any] = {
        "kind": kind, "number": number(kind), "bureau_name": settings.bureau_name,
        "case_id": case.id, "filed_on": case.filed_on, "parties": case.parties,
        "offence_zh": OFFENCE_ZH[case.facts.offence], "dated": now,
    }  # fmt: skip
    if kind is DocumentKind.FILING_APPROVAL:
        clue, _ = repo.get(Clue, case.clue_id)
        filed = _entry(session, "clue", clue.id, "file_case", "approve_filing")
        approver = filed.actor_id if filed is not None else ""
        return FilingApprovalForm(
            **common, clue_id=clue.id, source_zh=clue.source.label_zh,
            received_on=clue.received_on, summary=case.facts.summary or clue.summary,
            officers=officers, approver=officer_names(session, [approver]).get(approver, approver),
        )  # fmt: skip
    notified = _event(_entry(session, "case", case.id, "notify_penalty"))
    if kind is DocumentKind.PENALTY_NOTICE:
        if not notified:
            raise _not_yet(case.id, "送达行政处罚告知书", kind)
        return PenaltyNotice(
            **common, facts=facts_text(case.facts), proposed_penalty=notified["proposed_penalty"],
            hearing_right=bool(notified["hearing_right"]), served_on=notified["served_on"],
        )  # fmt: skip
    if decision is None:
        raise _not_yet(case.id, "作出行政处罚决定", kind)
    if kind is DocumentKind.PENALTY_DECISION:
        return PenaltyDecisionLetter(
            **common, facts=facts_text(case.facts), legal_basis=decision.legal_basis,
            fine=decision.fine, confiscated_gains=decision.confiscated_illegal_gains,
            confiscated_goods=decision.confiscated_goods, other_measures=decision.other_measures,
            decided_on=decision.decided_on,
        )  # fmt: skip
    served = _event(_entry(session, "case", case.id, "serve_decision"))
    method = ServiceMethod(served["method"]).label_zh if served.get("method") else ""
    return ServiceReceipt(
        **common, served_title=DocumentKind.PENALTY_DECISION.label_zh,
        served_number=number(DocumentKind.PENALTY_DECISION),
        address=next((p.address for p in case.parties if p.address), ""),
        method_zh=method, served_on=decision.served_on, officers=officers,
    )  # fmt: skip
