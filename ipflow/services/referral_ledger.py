"""Each Decree 310 deadline of a referral against the step that closed it (read model).

Each line reads the outcome stored on the row when it closed
(:mod:`ipflow.domain.deadline_outcomes` decides it once: to the minute for a period in
hours, to 24:00 of the last day for one in days); an open one is pending or overdue at
``now``. A step late by calendar days but within the working-day reading of Decree 310's
"3日" (the ``outer_bound`` the deadline engine gives) says so, because that reading is
disputed (DOMAIN.md §2.1). Each line names who owed the act.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.domain.deadline_outcomes import OBLIGOR_LABELS_ZH, Standing, aware, late_text, standing
from ipflow.domain.deadline_rules import Obligor
from ipflow.store.tables import DeadlineRow, DeadlineStatus


class DeadlineLine(BaseModel):
    """One Decree 310 period the referral opened, against the step that closed it."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    instance: int
    title_zh: str
    start: str  # ISO date, or date-time for a period counted in hours
    due: date | datetime
    counted_in_hours: bool
    length_zh: str
    provisional: bool
    outer_bound: date | None  # the working-day reading of a Decree 310 "3日"
    done_at: datetime | None
    status: DeadlineStatus
    verdict: Standing
    within_outer_bound: bool | None  # late by calendar days, in time by working days
    obligor: str  # who owed the act: bureau | police | party
    late_zh: str  # a late act: by how much, in the rule's unit ("2日", "5小时")
    cancel_reason: str | None
    remaining: timedelta | None  # open deadlines: time left (negative when overdue)
    source: str
    article: str
    confidence_zh: str

    @property
    def verdict_zh(self) -> str:
        text = self.verdict.label_zh
        if self.late_zh:
            text += f"（超期{self.late_zh}）"
        if self.within_outer_bound:
            text += "（按工作日计算未超期）"
        return text

    @property
    def obligor_zh(self) -> str:
        return OBLIGOR_LABELS_ZH[Obligor(self.obligor)]


def _local(value: datetime, timezone: tzinfo) -> datetime:
    """A stored moment (UTC; naive only if built in memory without a zone) in bureau time."""
    return aware(value).astimezone(timezone)


def deadline_line(row: DeadlineRow, *, now: datetime, timezone: tzinfo) -> DeadlineLine:
    """The row as it stood at ``now``: its stored outcome once closed by then."""
    basis: dict[str, Any] = row.basis or {}
    in_hours = row.due_at is not None
    due: date | datetime = _local(row.due_at, timezone) if row.due_at else row.due_date
    closed = row.closed_at is not None and aware(row.closed_at) <= aware(now)
    done = _local(row.closed_at, timezone) if closed and row.closed_at else None
    outer = date.fromisoformat(basis["outer_bound"]) if basis.get("outer_bound") else None
    verdict = standing(row.outcome, due, row.closed_at, now, timezone, obligor=row.obligor)
    within_outer: bool | None = None
    remaining: timedelta | None = None
    late_zh = ""
    if verdict is Standing.LATE:
        if outer is not None and done is not None:
            within_outer = done.date() <= outer
        late_zh = late_text(row.late_by, row.late_unit)
    if done is None and verdict is not Standing.CANCELLED:
        end = (
            due
            if isinstance(due, datetime)
            else datetime.combine(due + timedelta(days=1), time.min, tzinfo=timezone)
        )
        remaining = end - now.astimezone(timezone)
    citation = basis.get("basis", {})
    unit = basis.get("unit", "")
    length = basis.get("length_total")
    return DeadlineLine(
        rule_id=row.rule_id,
        instance=row.instance,
        title_zh=basis.get("title_zh", row.rule_id),
        start=row.start,
        due=due,
        counted_in_hours=in_hours,
        length_zh=_length_zh(length, unit),
        provisional=row.provisional,
        outer_bound=outer,
        done_at=done,
        status=DeadlineStatus(row.status),
        verdict=verdict,
        within_outer_bound=within_outer,
        obligor=row.obligor or Obligor.BUREAU.value,
        late_zh=late_zh,
        cancel_reason=row.cancel_reason,
        remaining=remaining,
        source=citation.get("source", ""),
        article=citation.get("article", ""),
        confidence_zh=citation.get("confidence_zh", ""),
    )


def _length_zh(length: int | None, unit: str) -> str:
    if length is None:
        return "—"
    suffix = {"working_days": "个工作日", "hours": "小时", "months": "个月"}.get(unit, "日")
    return f"{length}{suffix}"


def deadline_rows(session: Session, referral_ids: list[str]) -> list[DeadlineRow]:
    if not referral_ids:
        return []
    query = (
        select(DeadlineRow)
        .where(
            DeadlineRow.aggregate_kind == "referral",
            col(DeadlineRow.aggregate_id).in_(referral_ids),
        )
        .order_by(col(DeadlineRow.id))
    )
    return list(session.exec(query).all())


def deadlines_of(
    session: Session, referral_id: str, *, now: datetime, timezone: tzinfo
) -> list[DeadlineLine]:
    """Every deadline the referral opened, in the order they opened."""
    rows = deadline_rows(session, [referral_id])
    return [deadline_line(r, now=now, timezone=timezone) for r in rows]
