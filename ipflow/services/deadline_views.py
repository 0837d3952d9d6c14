"""What is due: read models over the deadline table, with the time left on the calendar.

A :class:`DeadlineView` is one open (or missed, still open for work) statutory deadline
with its legal basis and the time left *as the rule counts it*: working days for a rule
in 工作日, calendar days for 日/月, hours and minutes for a rule in 小时 (Decree 310's
24-hour transfer). Queries only; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_outcomes import OBLIGOR_LABELS_ZH, late_text, standing
from ipflow.domain.deadline_results import DeadlineResult, time_left, working_days_left
from ipflow.domain.deadline_rules import DeadlineUnit, Obligor
from ipflow.domain.deadlines import warnings_zh
from ipflow.errors import NotFound
from ipflow.store.tables import (
    UNCLOSED,
    CaseOfficer,
    DeadlineRow,
    DeadlineStatus,
    OfficerRow,
    UnitRow,
)

KIND_ZH = {
    "campaign": "专项行动",
    "clue": "线索",
    "case": "案件",
    "referral": "移送",
    "rectification": "责令整改",
}
STATUS_ZH = {
    DeadlineStatus.OPEN: "进行中",
    DeadlineStatus.MET: "已完成",
    DeadlineStatus.MISSED: "已超期",
    DeadlineStatus.CANCELLED: "已取消",
}


class DeadlineView(BaseModel):
    """One statutory deadline as an officer reads it."""

    model_config = ConfigDict(frozen=True)

    aggregate_kind: str
    aggregate_kind_zh: str
    aggregate_id: str
    case_id: str | None
    rule_id: str
    title_zh: str
    instance: int
    start: str
    due_date: date
    due_at: datetime | None  # the moment, for a rule in hours
    unit: DeadlineUnit  # the unit counted (Decree 310 "日" resolved)
    status: DeadlineStatus
    status_zh: str
    provisional: bool
    extensions: int
    excluded_count: int
    officer_id: str | None
    officer_name: str | None
    basis_source: str
    basis_article: str
    confidence: str
    confidence_zh: str
    obligor: str  # who owes the act: bureau | police | party
    obligor_zh: str
    outcome: str  # the stored outcome as it stands now (ipflow.domain.deadline_outcomes)
    outcome_zh: str
    late_zh: str  # a late act: by how much, as stored
    overdue: bool
    left: int  # in left_unit; negative when overdue
    left_unit: str  # working_days | calendar_days | minutes
    left_zh: str
    warnings: list[str]

    @property
    def basis_zh(self) -> str:
        return f"{self.basis_source}{self.basis_article}"


def describe_left(
    result: DeadlineResult, now: datetime, calendar: WorkingDayCalendar
) -> tuple[bool, int, str, str]:
    """(overdue, left, left_unit, Chinese text) for ``result`` seen at ``now``."""
    today = now.date()
    if isinstance(result.due, datetime):
        minutes = int(time_left(result, now).total_seconds() // 60)
        if minutes < 0:
            hours, rest = divmod(-minutes, 60)
            return True, minutes, "minutes", f"已超时 {hours} 小时 {rest} 分"
        hours, rest = divmod(minutes, 60)
        return False, minutes, "minutes", f"剩余 {hours} 小时 {rest} 分"
    due = result.due_date
    if result.unit is DeadlineUnit.WORKING_DAYS:
        left = working_days_left(result, today, calendar)
        if today > due:
            late = (today - due).days
            extra = f"（{-left} 个工作日）" if left < 0 else ""
            return True, left, "working_days", f"已超期 {late} 日{extra}"
        text = "今日到期" if today == due else f"剩余 {left} 个工作日"
        return False, left, "working_days", text
    days = (due - today).days
    if days < 0:
        return True, days, "calendar_days", f"已超期 {-days} 日"
    return False, days, "calendar_days", "今日到期" if days == 0 else f"剩余 {days} 日"


def view_of(
    row: DeadlineRow, now: datetime, calendar: WorkingDayCalendar, officer_name: str | None
) -> DeadlineView:
    result = DeadlineResult.model_validate(row.basis)
    overdue, left, left_unit, left_zh = describe_left(result, now, calendar)
    status = DeadlineStatus(row.status)
    due: date | datetime = row.due_at if row.due_at is not None else row.due_date
    stands = standing(row.outcome, due, row.closed_at, now, now.tzinfo or UTC, obligor=row.obligor)
    return DeadlineView(
        obligor=row.obligor,
        obligor_zh=OBLIGOR_LABELS_ZH[Obligor(row.obligor)],
        outcome=stands.value,
        outcome_zh=stands.label_zh,
        late_zh=late_text(row.late_by, row.late_unit),
        aggregate_kind=row.aggregate_kind,
        aggregate_kind_zh=KIND_ZH.get(row.aggregate_kind, row.aggregate_kind),
        aggregate_id=row.aggregate_id,
        case_id=row.case_id,
        rule_id=row.rule_id,
        title_zh=result.title_zh,
        instance=row.instance,
        start=row.start,
        due_date=row.due_date,
        due_at=result.due if isinstance(result.due, datetime) else None,
        unit=result.unit,
        status=status,
        status_zh=STATUS_ZH[status],
        provisional=row.provisional,
        extensions=row.extensions,
        excluded_count=result.excluded_count,
        officer_id=row.officer_id,
        officer_name=officer_name,
        basis_source=result.basis.source,
        basis_article=result.basis.article,
        confidence=result.basis.confidence.value,
        confidence_zh=result.basis.confidence_zh,
        overdue=overdue,
        left=left,
        left_unit=left_unit,
        left_zh=left_zh,
        warnings=warnings_zh(result),
    )


def _names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.exec(select(OfficerRow).where(col(OfficerRow.id).in_(wanted))).all()
    return {r.id: r.name for r in rows}


def _views(
    session: Session, rows: Iterable[DeadlineRow], now: datetime, calendar: WorkingDayCalendar
) -> list[DeadlineView]:
    rows = list(rows)
    names = _names(session, (r.officer_id for r in rows))
    views = [view_of(r, now, calendar, names.get(r.officer_id or "")) for r in rows]
    return sorted(views, key=lambda v: (v.due_at or _end_of(v.due_date, now), v.aggregate_id))


def _end_of(day: date, now: datetime) -> datetime:
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)


def open_deadlines_of_case(
    session: Session, case_id: str, now: datetime, calendar: WorkingDayCalendar
) -> list[DeadlineView]:
    """The deadlines still running on a case and on its clue and referral."""
    query = select(DeadlineRow).where(
        DeadlineRow.case_id == case_id,
        col(DeadlineRow.closed_at).is_(None),
        col(DeadlineRow.status).in_(UNCLOSED),
    )
    return _views(session, session.exec(query).all(), now, calendar)


def list_deadlines(
    session: Session,
    now: datetime,
    calendar: WorkingDayCalendar,
    *,
    due_within: int | None = None,
    overdue: bool = False,
    officer_id: str | None = None,
    unit_id: str | None = None,
) -> list[DeadlineView]:
    """Open deadlines of the whole bureau, soonest first.

    ``due_within``: due on or before ``now``'s day + that many calendar days (overdue
    ones included); ``overdue``: only those already past; ``officer_id``: deadlines of
    the cases (and referrals) that officer handles; ``unit_id``: of that unit's officers.
    """
    query = select(DeadlineRow).where(
        col(DeadlineRow.closed_at).is_(None), col(DeadlineRow.status).in_(UNCLOSED)
    )
    today = now.date()
    if overdue:
        query = query.where(DeadlineRow.due_date <= today)  # hour rules are checked below
    elif due_within is not None:
        query = query.where(DeadlineRow.due_date <= today + timedelta(days=due_within))
    officer_ids: list[str] = []
    if officer_id is not None:
        officer_id = _resolve(session, OfficerRow, officer_id, "执法人员", "officer", "--officer")
        officer_ids.append(officer_id)
    if unit_id is not None:
        unit_id = _resolve(session, UnitRow, unit_id, "单位", "unit", "--unit")
        members = session.exec(select(OfficerRow.id).where(OfficerRow.unit_id == unit_id)).all()
        officer_ids.extend(members)
    if officer_id is not None or unit_id is not None:
        cases = select(CaseOfficer.case_id).where(col(CaseOfficer.officer_id).in_(officer_ids))
        conditions: list[ColumnElement[bool]] = [
            col(DeadlineRow.officer_id).in_(officer_ids),
            col(DeadlineRow.case_id).in_(cases),
        ]
        if unit_id is not None:
            conditions.append(col(DeadlineRow.unit) == unit_id)
        query = query.where(or_(*conditions))
    views = _views(session, session.exec(query).all(), now, calendar)
    return [v for v in views if v.overdue] if overdue else views


def _resolve(session: Session, table: Any, key: str, what_zh: str, entity: str, option: str) -> str:
    """The id of the officer (or unit) named ``key``: by id, else by its exact name."""
    if session.get(table, key) is not None:
        return key
    named = session.exec(select(table.id).where(table.name == key)).all()
    if len(named) == 1:
        return str(named[0])
    hint = f"有{len(named)}个同名，请用编号" if named else f"未登记（ipflow {entity} list 查看）"
    raise NotFound(
        f"{what_zh} {key} {hint}", f"unknown or ambiguous {entity} {key}",
        entity=entity, key=key, field=option,
    )  # fmt: skip
