"""A deadline's outcome is decided once, when it closes (ipflow.domain.deadline_outcomes).

Worked examples, bureau time (UTC+8), on the bundled working-day calendar:
* an hour period ends at its due minute; a day period at 24:00 of its last day;
* lateness is counted in the rule's own unit (hours rounded up, working days, days);
* a party's window that passed has lapsed: it is nobody's lateness;
* a row closed after the moment asked about was still open then.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_outcomes import Outcome, Standing, decide_closing, standing
from ipflow.domain.deadline_rules import DeadlineUnit, Obligor
from ipflow.loaders.calendar_files import build_calendar
from ipflow.settings import load_settings

BJ = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def calendar(tmp_path_factory: pytest.TempPathFactory) -> WorkingDayCalendar:
    return build_calendar(load_settings(data_dir=tmp_path_factory.mktemp("calendar")))


def close(
    calendar: WorkingDayCalendar,
    due: date | datetime,
    done: datetime,
    *,
    unit: DeadlineUnit = DeadlineUnit.CALENDAR_DAYS,
    obligor: Obligor = Obligor.BUREAU,
    extensions: int = 0,
    cancelled: bool = False,
) -> tuple[Outcome, str]:
    closing = decide_closing(
        due=due, done=done, unit=unit, obligor=obligor, extensions=extensions,
        cancelled=cancelled, calendar=calendar, timezone=BJ,
    )  # fmt: skip
    return closing.outcome, closing.late_zh


DUE_MINUTE = datetime(2026, 3, 13, 9, 0, tzinfo=BJ)


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        (datetime(2026, 3, 13, 9, 0, tzinfo=BJ), (Outcome.ON_TIME, "")),  # the 24th hour
        (datetime(2026, 3, 13, 9, 1, tzinfo=BJ), (Outcome.LATE, "1小时")),
        (datetime(2026, 3, 13, 14, 30, tzinfo=BJ), (Outcome.LATE, "6小时")),
    ],
)
def test_an_hour_period_is_judged_to_the_minute_and_late_in_hours(
    calendar: WorkingDayCalendar, done: datetime, expected: tuple[Outcome, str]
) -> None:
    assert close(calendar, DUE_MINUTE, done, unit=DeadlineUnit.HOURS) == expected


def test_a_day_period_runs_to_midnight_and_is_late_in_calendar_days(
    calendar: WorkingDayCalendar,
) -> None:
    due = date(2026, 5, 11)
    assert close(calendar, due, datetime(2026, 5, 11, 23, 59, tzinfo=BJ)) == (Outcome.ON_TIME, "")
    assert close(calendar, due, datetime(2026, 5, 12, 0, 0, tzinfo=BJ)) == (Outcome.LATE, "1日")
    assert close(calendar, due, datetime(2026, 5, 14, 10, 0, tzinfo=BJ)) == (Outcome.LATE, "3日")


def test_a_working_day_period_is_late_in_working_days(calendar: WorkingDayCalendar) -> None:
    # due Friday 2026-06-05; done Monday 06-08: one working day late, not three days
    done = datetime(2026, 6, 8, 10, 0, tzinfo=BJ)
    outcome = close(calendar, date(2026, 6, 5), done, unit=DeadlineUnit.WORKING_DAYS)
    assert outcome == (Outcome.LATE, "1个工作日")
    # Saturday 2026-05-09 is a make-up working day (调休): due Fri 05-08, done Mon 05-11
    done = datetime(2026, 5, 11, 10, 0, tzinfo=BJ)
    outcome = close(calendar, date(2026, 5, 8), done, unit=DeadlineUnit.WORKING_DAYS)
    assert outcome == (Outcome.LATE, "2个工作日")


def test_on_time_after_an_approved_extension_is_its_own_outcome(
    calendar: WorkingDayCalendar,
) -> None:
    done = datetime(2026, 5, 8, 10, 0, tzinfo=BJ)
    assert close(calendar, date(2026, 5, 8), done, extensions=1) == (
        Outcome.ON_TIME_EXTENDED,
        "",
    )


def test_a_partys_window_lapses_and_is_nobodys_lateness(calendar: WorkingDayCalendar) -> None:
    done = datetime(2026, 6, 1, 10, 0, tzinfo=BJ)
    assert close(calendar, date(2026, 5, 8), done, obligor=Obligor.PARTY) == (Outcome.LAPSED, "")


def test_a_moot_step_is_cancelled_whatever_the_time(calendar: WorkingDayCalendar) -> None:
    done = datetime(2026, 6, 1, 10, 0, tzinfo=BJ)
    assert close(calendar, date(2026, 5, 8), done, cancelled=True) == (Outcome.CANCELLED, "")


def test_the_police_are_late_like_anyone_else(calendar: WorkingDayCalendar) -> None:
    done = datetime(2026, 5, 15, 10, 0, tzinfo=BJ)
    assert close(calendar, date(2026, 5, 14), done, obligor=Obligor.POLICE) == (
        Outcome.LATE,
        "1日",
    )


def test_a_row_closed_later_was_still_open_at_an_earlier_moment() -> None:
    due = date(2026, 5, 8)
    closed = datetime(2026, 5, 12, 2, 0, tzinfo=BJ)
    before_due = datetime(2026, 5, 8, 12, 0, tzinfo=BJ)
    after_due = datetime(2026, 5, 10, 12, 0, tzinfo=BJ)
    later = datetime(2026, 6, 1, tzinfo=BJ)
    assert standing("late", due, closed, before_due, BJ) is Standing.PENDING
    assert standing("late", due, closed, after_due, BJ) is Standing.OVERDUE
    assert standing("late", due, closed, later, BJ) is Standing.LATE
    assert standing("missed", due, None, later, BJ) is Standing.OVERDUE
    assert standing(None, due, None, later, BJ, obligor="party") is Standing.LAPSED
