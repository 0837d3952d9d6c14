"""The records in a report's scope (see :mod:`ipflow.reports.scope`), read once.

Inspections are the bulk (10⁵–10⁶ a year for a province) and are only ever counted in
SQL (:func:`inspections_in`). Clues, cases, referrals and rectification orders are few
enough (10²–10⁴) to be read whole: their snapshots carry the dates, offences and
amounts a report needs, the same JSON every other read model loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session, col, select

from ipflow.reports.scope import ReportScope
from ipflow.store.tables import CaseRow, ClueRow, InspectionRow, RectificationRow, ReferralRow


@dataclass(frozen=True)
class Record:
    """One aggregate row as a report reads it."""

    id: str
    state: str
    snapshot: dict[str, Any]
    campaign_id: str | None = None


@dataclass(frozen=True)
class Selection:
    scope: ReportScope
    clues: list[Record]
    cases: list[Record]
    referrals: list[Record]
    rectifications: list[Record]

    def ids(self, kind: str) -> list[str]:
        records: list[Record] = getattr(
            self, {"rectification": "rectifications"}.get(kind, kind + "s")
        )
        return [r.id for r in records]


def inspections_in(scope: ReportScope) -> Any:
    """A WHERE clause selecting the scope's inspections (for counts in SQL)."""
    if scope.campaign_id is not None:
        return InspectionRow.campaign_id == scope.campaign_id
    assert scope.period is not None
    return col(InspectionRow.inspected_on).between(scope.period.start, scope.period.end)


def _records(session: Session, query: Select[Any]) -> list[Record]:
    rows = session.exec(query).all()  # type: ignore[call-overload]
    return [Record(r.id, str(r.state), r.snapshot, getattr(r, "campaign_id", None)) for r in rows]


def _in_period(scope: ReportScope, day: str | date | None) -> bool:
    assert scope.period is not None
    if day is None:
        return False
    value = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    return scope.period.contains(value)


def select_records(session: Session, scope: ReportScope, timezone: tzinfo) -> Selection:
    """Clues, cases, their referrals and rectification orders in ``scope``."""
    if scope.campaign_id is not None:
        cid = scope.campaign_id
        clues = _records(
            session, select(ClueRow).where(ClueRow.campaign_id == cid).order_by(col(ClueRow.id))
        )
        cases = _records(
            session, select(CaseRow).where(CaseRow.campaign_id == cid).order_by(col(CaseRow.id))
        )
        case_ids = [c.id for c in cases]
        referrals = _records(
            session,
            select(ReferralRow)
            .where(col(ReferralRow.case_id).in_(case_ids))
            .order_by(col(ReferralRow.id)),
        )
        rectifications = _records(
            session,
            select(RectificationRow)
            .where(RectificationRow.campaign_id == cid)
            .order_by(col(RectificationRow.id)),
        )
        return Selection(scope, clues, cases, referrals, rectifications)
    assert scope.period is not None
    all_clues = _records(session, select(ClueRow).order_by(col(ClueRow.id)))
    all_cases = _records(session, select(CaseRow).order_by(col(CaseRow.id)))
    referral_rows = session.exec(select(ReferralRow).order_by(col(ReferralRow.id))).all()
    referrals = [
        Record(r.id, str(r.state), r.snapshot)
        for r in referral_rows
        if scope.period.contains(r.created_at.astimezone(timezone).date())
    ]
    visited = select(InspectionRow.id).where(inspections_in(scope))
    rectifications = _records(
        session,
        select(RectificationRow)
        .where(col(RectificationRow.inspection_id).in_(visited))
        .order_by(col(RectificationRow.id)),
    )
    return Selection(
        scope,
        [c for c in all_clues if _in_period(scope, c.snapshot.get("received_on"))],
        [c for c in all_cases if _in_period(scope, c.snapshot.get("filed_on"))],
        referrals,
        rectifications,
    )
