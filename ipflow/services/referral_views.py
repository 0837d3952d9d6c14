"""Read model of referrals (移送, 两法衔接): lists and one referral's ledger.

Queries only: the CLI formats. A referral's ledger is its steps (the audit entries of
the referral, and the case's 发现涉嫌犯罪 / 恢复行政办理 entries that name it), each
Decree 310 deadline it opened against the step that closed it (``referral_ledger``),
and the Art. 6 package checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.domain.act_times import DEFAULT_LATE_ENTRY_WORKING_DAYS, is_late_entry
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE, CaseState
from ipflow.domain.deadline_outcomes import Standing
from ipflow.domain.evidence import ChecklistLine
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE, ReferralState
from ipflow.domain.referrals import Referral
from ipflow.domain.roles import Role
from ipflow.errors import InputError, NotFound
from ipflow.services.referral_ledger import (
    DeadlineLine,
    deadline_line,
    deadline_rows,
    deadlines_of,
)
from ipflow.store.tables import (
    AuditEntry,
    OfficerRow,
    ReferralRow,
    UnitKind,
    UnitRow,
)

CASE_STEPS_ZH = {"find_suspected_crime": "发现涉嫌犯罪", "take_back": "恢复行政办理"}


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class StepLine(_View):
    """One recorded step: who, in which role, when, from which state to which."""

    aggregate_kind: str  # "referral", or "case" for the case's own steps
    seq: int
    command: str
    command_zh: str
    occurred_at: datetime
    actor_id: str
    actor_name: str | None
    role: Role
    from_state: str | None
    to_state: str | None
    to_state_zh: str | None
    reason: str | None
    basis: str | None
    recorded_at: datetime | None = None  # when the step was written (audit)
    late_entry: bool = False  # 补录: written more than the configured working days late


class ReferralSummary(_View):
    id: str
    case_id: str
    state: ReferralState
    state_zh: str
    police_unit: str | None
    sent_at: datetime | None
    updated_at: datetime
    next_deadline: DeadlineLine | None  # the earliest open one


class ReferralDetail(_View):
    summary: ReferralSummary
    version: int
    team_officer_ids: tuple[str, ...]
    suspected_crime: str | None
    report_summary: str | None
    procuratorate: str | None
    police_receipt_number: str | None
    police_notice_number: str | None
    police_notice_received_on: date | None
    police_notice_dated_on: date | None  # the date on the notice (when the police decided)
    police_reasons: str | None
    reconsideration_outcome: str | None
    supervision_outcome: str | None
    exhibits: tuple[str, ...]
    returned_by_zh: str | None
    steps: list[StepLine]
    deadlines: list[DeadlineLine]
    checklist: list[ChecklistLine]
    package_complete: bool
    allowed_next_zh: list[str]


# -- lists and one referral -------------------------------------------------------------------
def _summary(
    referral: Referral, open_lines: list[DeadlineLine], updated_at: datetime
) -> ReferralSummary:
    next_line = min(open_lines, key=lambda d: d.remaining or timedelta(0), default=None)
    return ReferralSummary(
        id=referral.id,
        case_id=referral.case_id,
        state=referral.state,
        state_zh=REFERRAL_LIFECYCLE.state_label(referral.state),
        police_unit=referral.police_unit,
        sent_at=referral.sent_at,
        updated_at=updated_at,
        next_deadline=next_line,
    )


def list_referrals(
    session: Session,
    *,
    now: datetime,
    timezone: tzinfo,
    state: ReferralState | None = None,
    case_id: str | None = None,
) -> list[ReferralSummary]:
    query = select(ReferralRow).order_by(col(ReferralRow.id))
    if state is not None:
        query = query.where(ReferralRow.state == state.value)
    if case_id is not None:
        query = query.where(ReferralRow.case_id == case_id)
    rows = list(session.exec(query).all())
    open_by_id: dict[str, list[DeadlineLine]] = {r.id: [] for r in rows}
    for d in deadline_rows(session, list(open_by_id)):
        if d.closed_at is None:
            open_by_id[d.aggregate_id].append(deadline_line(d, now=now, timezone=timezone))
    return [
        _summary(Referral.model_validate(r.snapshot), open_by_id[r.id], r.updated_at) for r in rows
    ]


def _steps(
    session: Session, referral: Referral, late: Callable[[datetime, datetime], bool]
) -> list[StepLine]:
    names = {o.id: o.name for o in session.exec(select(OfficerRow)).all()}
    own = session.exec(
        select(AuditEntry)
        .where(AuditEntry.aggregate_kind == "referral", AuditEntry.aggregate_id == referral.id)
        .order_by(col(AuditEntry.seq))
    ).all()
    case_entries = session.exec(
        select(AuditEntry)
        .where(
            AuditEntry.aggregate_kind == "case",
            AuditEntry.aggregate_id == referral.case_id,
            col(AuditEntry.command).in_(list(CASE_STEPS_ZH)),
        )
        .order_by(col(AuditEntry.seq))
    ).all()
    mine = [e for e in case_entries if e.events and e.events[0].get("referral_id") == referral.id]
    # Same moment (the case finds the crime as the team is formed): in recorded order.
    ordered = sorted([*own, *mine], key=lambda e: (e.occurred_at, e.id or 0))
    return [_step(e, names, late) for e in ordered]


def _step(
    entry: AuditEntry, names: dict[str, str], late: Callable[[datetime, datetime], bool]
) -> StepLine:
    is_referral = entry.aggregate_kind == "referral"
    command_zh = (
        REFERRAL_LIFECYCLE.command_label(entry.command)
        if is_referral
        else f"案件{CASE_STEPS_ZH[entry.command]}"
    )
    to_zh = None
    if entry.to_state is not None and is_referral:
        to_zh = REFERRAL_LIFECYCLE.state_label(ReferralState(entry.to_state))
    elif entry.to_state is not None:
        to_zh = "案件" + CASE_LIFECYCLE.state_label(CaseState(entry.to_state))
    return StepLine(
        aggregate_kind=entry.aggregate_kind,
        seq=entry.seq,
        command=entry.command,
        command_zh=command_zh,
        occurred_at=entry.occurred_at,
        actor_id=entry.actor_id,
        actor_name=names.get(entry.actor_id),
        role=Role(entry.role),
        from_state=entry.from_state,
        to_state=entry.to_state,
        to_state_zh=to_zh,
        reason=entry.reason,
        basis=entry.basis,
        recorded_at=aware(entry.recorded_at),
        late_entry=late(aware(entry.occurred_at), aware(entry.recorded_at)),
    )


def aware(moment: datetime) -> datetime:
    """A stored time with its zone (SQLite hands back UTC without one)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def referral_detail(
    session: Session,
    referral_id: str,
    *,
    now: datetime,
    timezone: tzinfo,
    calendar: WorkingDayCalendar | None = None,
    late_entry_days: int = DEFAULT_LATE_ENTRY_WORKING_DAYS,
) -> ReferralDetail:
    """One referral as ``referral show`` prints it; with a ``calendar``, steps written more
    than ``late_entry_days`` working days after they happened are marked 补录."""
    row = session.get(ReferralRow, referral_id)
    if row is None:
        raise NotFound(
            f"没有编号为 {referral_id} 的移送（ipflow referral list 查看）",
            f"no referral {referral_id}",
            entity="referral",
            key=referral_id,
        )
    referral = Referral.model_validate(row.snapshot)

    def late(occurred_at: datetime, recorded_at: datetime) -> bool:
        if calendar is None:
            return False
        return is_late_entry(occurred_at, recorded_at, calendar, timezone, late_entry_days)

    deadlines = deadlines_of(session, referral_id, now=now, timezone=timezone)
    open_lines = [d for d in deadlines if d.done_at is None and d.verdict is not Standing.CANCELLED]
    checklist = referral.checklist()
    allowed = [
        REFERRAL_LIFECYCLE.command_label(c)
        for c in referral.allowed_commands()
        if c not in ("correct", "record_deadline_missed")
    ]
    return ReferralDetail(
        summary=_summary(referral, open_lines, row.updated_at),
        version=referral.version,
        team_officer_ids=referral.team_officer_ids,
        suspected_crime=referral.suspected_crime,
        report_summary=referral.report_summary,
        procuratorate=referral.procuratorate,
        police_receipt_number=referral.police_receipt_number,
        police_notice_number=referral.police_notice_number,
        police_notice_received_on=referral.police_notice_received_on,
        police_notice_dated_on=referral.police_notice_dated_on,
        police_reasons=referral.police_reasons,
        reconsideration_outcome=referral.reconsideration_outcome,
        supervision_outcome=referral.supervision_outcome,
        exhibits=referral.exhibits,
        returned_by_zh=referral.returned_by.label_zh if referral.returned_by else None,
        steps=_steps(session, referral, late),
        deadlines=deadlines,
        checklist=list(checklist.lines),
        package_complete=checklist.complete,
        allowed_next_zh=allowed,
    )


# -- what a step needs to know ------------------------------------------------------------------
def suspected_crime_found(session: Session, case_id: str, referral_id: str) -> str | None:
    """The suspected crime the case recorded when it found it for ``referral_id``."""
    entries = session.exec(
        select(AuditEntry)
        .where(
            AuditEntry.aggregate_kind == "case",
            AuditEntry.aggregate_id == case_id,
            AuditEntry.command == "find_suspected_crime",
        )
        .order_by(col(AuditEntry.seq).desc())
    ).all()
    for entry in entries:
        event = entry.events[0] if entry.events else {}
        if event.get("referral_id") == referral_id:
            crime = event.get("suspected_crime")
            return str(crime) if crime else None
    return None


def contact_unit(session: Session, kind: UnitKind, given: str | None, *, option: str) -> str:
    """The name of the police (or procuratorate) unit to record.

    ``given`` may be a registered unit's id (its name is recorded) or a name as written
    on the referral letter. Without it, the one registered unit of ``kind`` is used.
    """
    if given is not None and given.strip():
        unit = session.get(UnitRow, given.strip())
        return unit.name if unit is not None else given.strip()
    units = list(session.exec(select(UnitRow).where(UnitRow.kind == kind.value)).all())
    if len(units) == 1:
        return units[0].name
    found = "、".join(f"{u.id}（{u.name}）" for u in units) or "无"
    raise InputError(
        f"请用 {option} 指明{kind.label_zh}（单位编号或名称）；已登记的{kind.label_zh}：{found}",
        f"{option} is needed: {len(units)} registered units of kind {kind.value}",
        field=option,
    )
