"""Dates cannot lie: an act is never dated after now; a late entry (补录) is told apart.

Paper comes first, so an act may be recorded after it happened (backdated); every audit
entry keeps both times, ``occurred_at`` (the act) and ``recorded_at`` (the writing).
What cannot be recorded is an act that has not happened yet: a time after now, beyond a
small tolerance for clocks that disagree, is refused. The same rule checks the act time
of every command and the plain dates an officer types (收到日期, 复查日期 …).

Pure: ``now``, the tolerance, the time zone and the calendar are passed in.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.errors import RuleViolation

DEFAULT_TOLERANCE = timedelta(minutes=10)
DEFAULT_LATE_ENTRY_WORKING_DAYS = 3
RULE = "行为日期不得晚于记录时间（不能记录将来发生的行为）"


def refuse_future(
    label_zh: str,
    moment: datetime | date,
    now: datetime,
    tz: tzinfo,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> None:
    """Raise :class:`RuleViolation` if ``moment`` lies after ``now`` + ``tolerance``.

    A plain date is in the future when it is after the bureau's day of ``now`` + tolerance.
    The message names the field (``label_zh``) and both times, in bureau time.
    """
    latest = (now + tolerance).astimezone(tz)
    current = now.astimezone(tz)
    if isinstance(moment, datetime):
        if moment <= latest:
            return
        shown, now_shown = f"{moment.astimezone(tz):%Y-%m-%d %H:%M}", f"{current:%Y-%m-%d %H:%M}"
    else:
        if moment <= latest.date():
            return
        shown, now_shown = moment.isoformat(), f"{current:%Y-%m-%d %H:%M}"
    minutes = int(tolerance.total_seconds() // 60)
    raise RuleViolation(
        f"{label_zh} {shown} 晚于当前时间 {now_shown}，不能记录将来发生的行为"
        + (f"（允许误差{minutes}分钟）" if isinstance(moment, datetime) and minutes else ""),
        f"{label_zh} {shown} is after now ({now_shown}): a future act cannot be recorded",
        rule=RULE,
        field=label_zh,
        at=moment,
        now=now,
    )


def is_late_entry(
    occurred_at: datetime,
    recorded_at: datetime,
    calendar: WorkingDayCalendar,
    tz: tzinfo,
    working_days: int = DEFAULT_LATE_ENTRY_WORKING_DAYS,
) -> bool:
    """补录: written more than ``working_days`` working days after the act's day (bureau days)."""
    act_day = occurred_at.astimezone(tz).date()
    written_day = recorded_at.astimezone(tz).date()
    return written_day > calendar.add_working_days(act_day, working_days)
