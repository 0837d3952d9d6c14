"""A deadline's outcome: decided once, when it closes, and stored on its row.

This module is the one definition of *on time* and *late* in ipflow. The deadline
keeper calls :func:`decide_closing` in the command's transaction and stores the
result (outcome, lateness in the rule's own unit, who owed the act); the sweep records
:attr:`Outcome.MISSED` for a row still open past due (:func:`is_past_due`); every
reader (views, ledger, reports, the demo's figures, notices) reads the stored outcome
through :func:`standing`, which for a row still open says *pending* or *overdue*
against a moment, and reads a row closed after ``as_of`` as still open then.

* A period counted in hours ends at its due minute ("24小时内" is met at the 24th hour).
* A period counted in days ends at 24:00 of its last day (民法典 Art. 203) in the
  bureau's time zone.
* Lateness is counted in the rule's own unit: whole hours (rounded up), working days
  (working days after the due date up to the day of the act) or calendar days.
* A party's window (``obligor: party``: to ask for a hearing, to pay) is not a duty of
  the bureau: when it ends after its due time it has *lapsed*, it is never late.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_rules import DeadlineUnit, Obligor


class Outcome(StrEnum):
    """What became of a deadline (stored on its row)."""

    ON_TIME = "on_time"  # the step was taken by the due time
    ON_TIME_EXTENDED = "on_time_extended"  # by the due time of an approved extension
    LATE = "late"  # taken after the due time (by ``late_by`` in the rule's unit)
    MISSED = "missed"  # still open past due: recorded by the sweep, still owed
    LAPSED = "lapsed"  # a party's window that simply passed
    CANCELLED = "cancelled"  # the step became moot (with the reason)

    @property
    def label_zh(self) -> str:
        return OUTCOME_LABELS_ZH[self]


class Standing(StrEnum):
    """A deadline as it stands at a moment: its stored outcome, or where an open one is."""

    ON_TIME = "on_time"
    ON_TIME_EXTENDED = "on_time_extended"
    LATE = "late"
    OVERDUE = "overdue"  # open and past due (missed, whether or not the sweep has run)
    PENDING = "pending"  # open, not yet due
    LAPSED = "lapsed"
    CANCELLED = "cancelled"

    @property
    def label_zh(self) -> str:
        return STANDING_LABELS_ZH[self]

    @property
    def finished(self) -> bool:
        return self in (Standing.ON_TIME, Standing.ON_TIME_EXTENDED, Standing.LATE)

    @property
    def on_time(self) -> bool:
        return self in (Standing.ON_TIME, Standing.ON_TIME_EXTENDED)


OUTCOME_LABELS_ZH = {
    Outcome.ON_TIME: "按期",
    Outcome.ON_TIME_EXTENDED: "延期后按期",
    Outcome.LATE: "超期完成",
    Outcome.MISSED: "逾期未办",
    Outcome.LAPSED: "期间届满（当事人未行使）",
    Outcome.CANCELLED: "不再计算",
}

STANDING_LABELS_ZH = {
    Standing.ON_TIME: "按期",
    Standing.ON_TIME_EXTENDED: "延期后按期",
    Standing.LATE: "超期完成",
    Standing.OVERDUE: "逾期未办",
    Standing.PENDING: "未到期",
    Standing.LAPSED: "期间届满（当事人未行使）",
    Standing.CANCELLED: "不再计算",
}

OBLIGOR_LABELS_ZH = {
    Obligor.BUREAU: "市场监管部门",
    Obligor.POLICE: "公安机关",
    Obligor.PARTY: "当事人",
}

LATE_UNIT_ZH = {
    DeadlineUnit.HOURS: "小时",
    DeadlineUnit.WORKING_DAYS: "个工作日",
    DeadlineUnit.CALENDAR_DAYS: "日",
}


@dataclass(frozen=True, slots=True)
class Closing:
    """The outcome of a deadline that closed, as stored on its row."""

    outcome: Outcome
    late_by: int | None = None  # for LATE: how late, in ``late_unit``
    late_unit: DeadlineUnit | None = None

    @property
    def late_zh(self) -> str:
        return late_text(self.late_by, self.late_unit)


def late_text(late_by: int | None, late_unit: str | None) -> str:
    """How late, as stored ("2日", "5小时"); empty when not late."""
    if late_by is None or not late_unit:
        return ""
    return f"{late_by}{LATE_UNIT_ZH[DeadlineUnit(late_unit)]}"


def aware(value: datetime) -> datetime:
    """A stored moment (UTC; naive only when SQLite dropped the zone) made aware."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def end_of(due: date | datetime, timezone: tzinfo) -> datetime:
    """When a period ends: its due minute, or 24:00 of its last day (民法典 Art. 203)."""
    if isinstance(due, datetime):
        return aware(due)
    return datetime.combine(due + timedelta(days=1), time.min, tzinfo=timezone)


def is_past_due(due: date | datetime, at: datetime, timezone: tzinfo) -> bool:
    """True once ``at`` is after the period's end (an hour period: after its due minute)."""
    end = end_of(due, timezone)
    moment = aware(at)
    return moment > end if isinstance(due, datetime) else moment >= end


def lateness(
    due: date | datetime,
    done: datetime,
    unit: DeadlineUnit,
    calendar: WorkingDayCalendar,
    timezone: tzinfo,
) -> tuple[int, DeadlineUnit]:
    """How late ``done`` is after ``due``, in the rule's own unit (at least 1)."""
    if isinstance(due, datetime):
        hours = (aware(done) - aware(due)).total_seconds() / 3600
        return max(math.ceil(hours), 1), DeadlineUnit.HOURS
    day = aware(done).astimezone(timezone).date()
    if unit is DeadlineUnit.WORKING_DAYS:
        # an act on a rest day after the due date is late by the next working day
        return max(calendar.working_days_between(due, day), 1), DeadlineUnit.WORKING_DAYS
    return max((day - due).days, 1), DeadlineUnit.CALENDAR_DAYS


def decide_closing(
    *,
    due: date | datetime,
    done: datetime,
    unit: DeadlineUnit,
    obligor: Obligor,
    extensions: int,
    cancelled: bool,
    calendar: WorkingDayCalendar,
    timezone: tzinfo,
) -> Closing:
    """The outcome of a deadline closed by an act at ``done`` (the act's own time)."""
    if cancelled:
        return Closing(Outcome.CANCELLED)
    if not is_past_due(due, done, timezone):
        return Closing(Outcome.ON_TIME_EXTENDED if extensions > 0 else Outcome.ON_TIME)
    if obligor is Obligor.PARTY:
        return Closing(Outcome.LAPSED)
    late_by, late_unit = lateness(due, done, unit, calendar, timezone)
    return Closing(Outcome.LATE, late_by, late_unit)


def standing(
    outcome: str | None,
    due: date | datetime,
    closed_at: datetime | None,
    at: datetime,
    timezone: tzinfo,
    *,
    obligor: str = Obligor.BUREAU.value,
) -> Standing:
    """The deadline as it stood at ``at``: closed by then, its stored outcome; else
    overdue or pending (a row closed after ``at`` was still open at ``at``). A party's
    window still open past due has lapsed: nobody owes it."""
    closed = closed_at is not None and aware(closed_at) <= aware(at)
    if closed and outcome is not None and outcome != Outcome.MISSED.value:
        return Standing(outcome)
    if not is_past_due(due, at, timezone):
        return Standing.PENDING
    return Standing.LAPSED if obligor == Obligor.PARTY.value else Standing.OVERDUE
