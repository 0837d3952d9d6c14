"""Each Decree 310 deadline of a referral against the step that closed it (read model).

A deadline counted in hours (the 24-hour transfer, Art. 5 ¶2) is compared to the
minute: "24小时内" is met at the 24th hour. One counted in days runs to 24:00 of its
last day (民法典 Art. 203) in the bureau's time zone. A step late by calendar days but
within the working-day reading of Decree 310's "3日" (the ``outer_bound`` the deadline
engine gives) says so, because that reading is disputed (DOMAIN.md §2.1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.store.tables import DeadlineRow, DeadlineStatus


class Verdict(StrEnum):
    """A deadline against the step it timed."""

    MET = "met"  # done on or before the due time
    LATE = "late"  # done after it
    PENDING = "pending"  # open, not yet due
    OVERDUE = "overdue"  # open and past due
    CANCELLED = "cancelled"  # the referral went another way; the step is no longer due

    @property
    def label_zh(self) -> str:
        return VERDICT_LABELS_ZH[self]


VERDICT_LABELS_ZH = {
    Verdict.MET: "按期",
    Verdict.LATE: "超期",
    Verdict.PENDING: "未到期",
    Verdict.OVERDUE: "逾期未办",
    Verdict.CANCELLED: "不再计算",
}


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
    verdict: Verdict
    within_outer_bound: bool | None  # late by calendar days, in time by working days
    remaining: timedelta | None  # open deadlines: time left (negative when overdue)
    source: str
    article: str
    confidence_zh: str

    @property
    def verdict_zh(self) -> str:
        text = self.verdict.label_zh
        if self.within_outer_bound:
            text += "（按工作日计算未超期）"
        return text


def _local(value: datetime, timezone: tzinfo) -> datetime:
    """A stored moment (UTC; naive only if built in memory without a zone) in bureau time."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(timezone)


def _end_of(due: date | datetime, timezone: tzinfo) -> datetime:
    """A day deadline ends at 24:00 of its last day (民法典 Art. 203)."""
    if isinstance(due, datetime):
        return due
    return datetime.combine(due + timedelta(days=1), time.min, tzinfo=timezone)


def deadline_line(row: DeadlineRow, *, now: datetime, timezone: tzinfo) -> DeadlineLine:
    basis: dict[str, Any] = row.basis or {}
    in_hours = row.due_at is not None
    due: date | datetime = _local(row.due_at, timezone) if row.due_at else row.due_date
    end = _end_of(due, timezone)
    done = _local(row.closed_at, timezone) if row.closed_at else None
    outer = date.fromisoformat(basis["outer_bound"]) if basis.get("outer_bound") else None
    within_outer: bool | None = None
    remaining: timedelta | None = None
    status = DeadlineStatus(row.status)
    if status is DeadlineStatus.CANCELLED:
        verdict = Verdict.CANCELLED
    elif done is not None:
        # "24小时内" is met at the 24th hour; a day period runs to 24:00 of its last day.
        late = status is DeadlineStatus.MISSED or (done > end if in_hours else done >= end)
        verdict = Verdict.LATE if late else Verdict.MET
        if late and outer is not None:
            within_outer = done.date() <= outer
    else:
        remaining = end - now.astimezone(timezone)
        overdue = status is DeadlineStatus.MISSED or remaining < timedelta(0)
        verdict = Verdict.OVERDUE if overdue else Verdict.PENDING
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
        status=status,
        verdict=verdict,
        within_outer_bound=within_outer,
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
