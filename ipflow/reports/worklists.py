"""Worklists: deadlines overdue and at risk by officer and by unit, and each officer's
caseload.

Nothing here re-queries deadlines or cases: every list is the one ``ipflow deadline
list --officer X`` / ``--unit U`` prints (:func:`ipflow.services.deadline_views.list_deadlines`)
and ``ipflow case list --officer X`` (:func:`ipflow.services.case_views.list_cases`),
so a worklist line can be checked against those commands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.case_lifecycle import CaseState
from ipflow.reports.tables import OVERDUE, Table
from ipflow.services.case_views import list_cases
from ipflow.services.deadline_views import DeadlineView, list_deadlines
from ipflow.store.tables import OfficerRow, UnitKind, UnitRow

AT_RISK_DAYS = 3  # calendar days ahead counted as "at risk" by default


@dataclass
class OfficerWorklist:
    officer_id: str
    name: str
    unit_id: str | None
    unit_name: str | None
    overdue: list[DeadlineView] = field(default_factory=list)
    at_risk: list[DeadlineView] = field(default_factory=list)
    open_cases: int = 0
    cases_by_state: dict[str, int] = field(default_factory=dict)
    case_ids: set[str] = field(default_factory=set)


@dataclass
class UnitWorklist:
    unit_id: str
    name: str
    overdue: int
    at_risk: int
    open_cases: int


@dataclass
class Worklist:
    as_of: datetime
    within_days: int
    officers: list[OfficerWorklist]
    units: list[UnitWorklist]
    unassigned: list[DeadlineView]  # due soon or overdue, no officer and no case officer


def _key(v: DeadlineView) -> tuple[str, str, str, int]:
    return (v.aggregate_kind, v.aggregate_id, v.rule_id, v.instance)


def _split(views: list[DeadlineView]) -> tuple[list[DeadlineView], list[DeadlineView]]:
    return [v for v in views if v.overdue], [v for v in views if not v.overdue]


def build_worklist(
    session: Session,
    now: datetime,
    calendar: WorkingDayCalendar,
    *,
    within_days: int = AT_RISK_DAYS,
) -> Worklist:
    units = {u.id: u for u in session.exec(select(UnitRow).order_by(col(UnitRow.id))).all()}
    people = session.exec(
        select(OfficerRow).where(col(OfficerRow.active).is_(True)).order_by(col(OfficerRow.id))
    ).all()
    officers: list[OfficerWorklist] = []
    seen: set[tuple[str, str, str, int]] = set()
    for person in people:
        views = list_deadlines(session, now, calendar, due_within=within_days, officer_id=person.id)
        cases = [
            c for c in list_cases(session, officer_id=person.id) if c.state is not CaseState.CLOSED
        ]
        if not views and not cases:
            continue
        unit = units.get(person.unit_id or "")
        work = OfficerWorklist(person.id, person.name, person.unit_id, unit.name if unit else None)
        work.overdue, work.at_risk = _split(views)
        work.open_cases, work.case_ids = len(cases), {c.id for c in cases}
        work.cases_by_state = dict(Counter(c.state_zh for c in cases))
        officers.append(work)
        seen.update(_key(v) for v in views)
    unit_lines = []
    for unit in units.values():
        if unit.kind != UnitKind.INTERNAL.value:
            continue
        views = list_deadlines(session, now, calendar, due_within=within_days, unit_id=unit.id)
        overdue, at_risk = _split(views)
        members = [o for o in officers if o.unit_id == unit.id]
        team_cases: set[str] = set().union(*(o.case_ids for o in members))
        unit_lines.append(
            UnitWorklist(unit.id, unit.name, len(overdue), len(at_risk), len(team_cases))
        )
    everything = list_deadlines(session, now, calendar, due_within=within_days)
    unassigned = [v for v in everything if _key(v) not in seen]
    return Worklist(now, within_days, officers, unit_lines, unassigned)


def _deadline_row(who: str, unit: str | None, v: DeadlineView) -> list[object]:
    due = v.due_at.strftime("%Y-%m-%d %H:%M") if v.due_at else v.due_date.isoformat()
    return [who, unit or "—", v.aggregate_kind_zh, v.aggregate_id, v.case_id or "—",
            v.title_zh, due, v.left_zh, v.basis_zh]  # fmt: skip


def worklist_tables(worklist: Worklist) -> list[Table]:
    columns = ["承办人", "单位", "类别", "编号", "案件", "期限", "到期", "剩余/超期", "依据"]
    deadlines = Table(
        "worklist_deadlines",
        f"一、逾期与{worklist.within_days}日内到期的法定期限（按承办人）",
        columns,
    )
    for o in worklist.officers:
        for v in [*o.overdue, *o.at_risk]:
            if v.overdue:
                deadlines.highlight[(len(deadlines.rows), 7)] = OVERDUE
            deadlines.rows.append(_deadline_row(o.name, o.unit_name, v))  # type: ignore[arg-type]
    for v in worklist.unassigned:
        if v.overdue:
            deadlines.highlight[(len(deadlines.rows), 7)] = OVERDUE
        deadlines.rows.append(_deadline_row("（未指定承办人）", None, v))  # type: ignore[arg-type]
    load = Table(
        "worklist_caseload",
        "二、承办人在办案件与期限",
        [
            "承办人",
            "编号",
            "单位",
            "在办案件（件）",
            "案件状态",
            "逾期未办（项）",
            f"{worklist.within_days}日内到期（项）",
        ],
    )
    for o in worklist.officers:
        states = "、".join(f"{s}{n}件" for s, n in sorted(o.cases_by_state.items()))
        load.rows.append(
            [
                o.name,
                o.officer_id,
                o.unit_name or "—",
                o.open_cases,
                states or "—",
                len(o.overdue),
                len(o.at_risk),
            ]
        )
        if o.overdue:
            load.highlight[(len(load.rows) - 1, 5)] = OVERDUE
    units = Table(
        "worklist_units",
        "三、按单位汇总",
        [
            "单位",
            "编号",
            "在办案件（件）",
            "逾期未办（项）",
            f"{worklist.within_days}日内到期（项）",
        ],
    )
    for u in worklist.units:
        units.rows.append([u.name, u.unit_id, u.open_cases, u.overdue, u.at_risk])
    return [deadlines, load, units]
