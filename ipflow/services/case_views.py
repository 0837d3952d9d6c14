"""Read models of cases: the list, one case's file (parties, facts, decision, timeline,
running deadlines) and its evidence. Queries only; the CLI formats what they return.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.domain.act_times import DEFAULT_LATE_ENTRY_WORKING_DAYS
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE, CaseState
from ipflow.domain.case_records import OffenceType
from ipflow.domain.case_standing import case_state_zh
from ipflow.domain.cases import Case
from ipflow.domain.lifecycle import CORRECT, RECORD_DEADLINE_MISSED
from ipflow.services.deadline_views import DeadlineView, open_deadlines_of_case
from ipflow.services.timeline_views import TimelineEntry, officer_names, timeline
from ipflow.store.repositories import AggregateRepository
from ipflow.store.tables import (
    CaseOfficer,
    CaseRow,
    DeadlineRow,
    ReferralRow,
)

OFFENCE_ZH: dict[OffenceType, str] = {
    OffenceType.TRADEMARK_INFRINGEMENT: "商标侵权",
    OffenceType.COUNTERFEIT_PATENT: "假冒专利",
    OffenceType.GI_MARK_MISUSE: "地理标志专用标志违法使用",
    OffenceType.OFFICIAL_MARK_MISUSE: "违反商标法禁用、标注规定",
    OffenceType.ABNORMAL_PATENT_APPLICATION: "非正常专利申请",
    OffenceType.MALICIOUS_TRADEMARK_APPLICATION: "恶意商标注册申请",
    OffenceType.AGENCY_VIOLATION: "商标、专利代理违法",
    OffenceType.OTHER: "其他",
}


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class OfficerRef(_View):
    id: str
    name: str | None


class CaseListItem(_View):
    id: str
    state: CaseState
    state_zh: str
    clue_id: str
    campaign_id: str | None
    filed_on: date
    parties: list[str]
    officers: list[OfficerRef]
    decision_number: str | None
    case_period_due: date | None


class PartyView(_View):
    kind: str
    kind_zh: str
    name: str
    identifier: str
    operator_name: str | None
    address: str | None


class CaseDetail(_View):
    id: str
    version: int
    state: CaseState
    state_zh: str
    clue_id: str
    campaign_id: str | None
    filed_on: date
    offence: str
    offence_zh: str
    facts: dict[str, Any]
    parties: list[PartyView]
    officers: list[OfficerRef]
    excluded_intervals: list[dict[str, Any]]
    extensions: list[dict[str, Any]]
    decision: dict[str, Any] | None
    payment: dict[str, Any] | None
    referral_id: str | None
    referred: bool
    deadlines: list[DeadlineView]
    timeline: list[TimelineEntry]
    next_steps_zh: list[str]


def _refs(ids: Iterable[str], names: dict[str, str]) -> list[OfficerRef]:
    return [OfficerRef(id=i, name=names.get(i)) for i in ids]


def referral_states_of(session: Session, referral_ids: list[str]) -> dict[str, str]:
    """Each referral's state, by id (one query)."""
    if not referral_ids:
        return {}
    query = select(ReferralRow.id, ReferralRow.state).where(col(ReferralRow.id).in_(referral_ids))
    return {rid: state for rid, state in session.exec(query).all()}


def list_cases(
    session: Session,
    *,
    state: CaseState | None = None,
    campaign_id: str | None = None,
    officer_id: str | None = None,
) -> list[CaseListItem]:
    """Cases by number, with their parties, officers and case-period due date."""
    query = select(CaseRow).order_by(col(CaseRow.id))
    if state is not None:
        query = query.where(CaseRow.state == state.value)
    if campaign_id is not None:
        query = query.where(CaseRow.campaign_id == campaign_id)
    if officer_id is not None:
        mine = select(CaseOfficer.case_id).where(CaseOfficer.officer_id == officer_id)
        query = query.where(col(CaseRow.id).in_(mine))
    rows = session.exec(query).all()
    due: dict[str, date] = dict(
        session.exec(
            select(col(DeadlineRow.aggregate_id), col(DeadlineRow.due_date)).where(
                DeadlineRow.aggregate_kind == "case",
                DeadlineRow.rule_id == "samr.case_period",
                col(DeadlineRow.closed_at).is_(None),
            )
        ).all()
    )
    cases = [Case.model_validate(r.snapshot) for r in rows]
    names = officer_names(session, (o for c in cases for o in c.officer_ids))
    referral_states = referral_states_of(session, [r.referral_id for r in rows if r.referral_id])
    return [
        CaseListItem(
            id=c.id,
            state=c.state,
            state_zh=case_state_zh(c.state, referral_states.get(row.referral_id or "")),
            clue_id=c.clue_id,
            campaign_id=row.campaign_id,
            filed_on=c.filed_on,
            parties=[p.name for p in c.parties],
            officers=_refs(c.officer_ids, names),
            decision_number=row.decision_number,
            case_period_due=due.get(c.id),
        )
        for c, row in zip(cases, rows, strict=True)
    ]


def _party(p: Any) -> PartyView:
    return PartyView(
        kind=p.kind.value,
        kind_zh=p.kind.label_zh,
        name=p.name,
        identifier=p.party_key,
        operator_name=p.operator_name,
        address=p.address,
    )


def case_detail(
    session: Session,
    case_id: str,
    now: datetime,
    calendar: WorkingDayCalendar,
    late_entry_days: int = DEFAULT_LATE_ENTRY_WORKING_DAYS,
) -> CaseDetail:
    """One case file as ``case show`` prints it; NotFound for an unknown number."""
    case, row = AggregateRepository(session).get(Case, case_id)
    names = officer_names(session, case.officer_ids)
    referral_id = getattr(row, "referral_id", None)
    referral_states = referral_states_of(session, [referral_id] if referral_id else [])
    automatic = {CORRECT, RECORD_DEADLINE_MISSED}
    next_steps = [
        CASE_LIFECYCLE.command_label(c) for c in case.allowed_commands() if c not in automatic
    ]
    return CaseDetail(
        id=case.id,
        version=case.version,
        state=case.state,
        state_zh=case_state_zh(case.state, referral_states.get(referral_id or "")),
        clue_id=case.clue_id,
        campaign_id=getattr(row, "campaign_id", None),
        filed_on=case.filed_on,
        offence=case.facts.offence.value,
        offence_zh=OFFENCE_ZH[case.facts.offence],
        facts=case.facts.model_dump(mode="json"),
        parties=[_party(p) for p in case.parties],
        officers=_refs(case.officer_ids, names),
        excluded_intervals=[
            {**i.model_dump(mode="json"), "kind_zh": i.kind.label_zh}
            for i in case.excluded_intervals_until(now.date())
        ],
        extensions=[e.model_dump(mode="json") for e in case.extensions],
        decision=case.decision.model_dump(mode="json") if case.decision else None,
        payment=case.payment.model_dump(mode="json") if case.payment else None,
        referral_id=case.referral_id,
        referred=case.referred,
        deadlines=open_deadlines_of_case(session, case.id, now, calendar),
        timeline=timeline(session, "case", case.id, now.tzinfo or UTC, calendar, late_entry_days),
        next_steps_zh=next_steps,
    )


__all__ = [
    "CaseDetail",
    "CaseListItem",
    "PartyView",
    "TimelineEntry",
    "case_detail",
    "list_cases",
    "timeline",
]
