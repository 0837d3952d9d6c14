"""The one rule of act dates: nothing dated after now (beyond the tolerance); 补录 is an
entry written more than N working days after its act (bureau days, working-day calendar)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ipflow.domain.act_times import is_late_entry, refuse_future
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.errors import RuleViolation
from ipflow.loaders.calendar_files import build_calendar_from
from ipflow.settings import bundled_config_dir

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 3, 20, 0, tzinfo=TZ)
TEN = timedelta(minutes=10)


@pytest.fixture(scope="module")
def calendar(tmp_path_factory: pytest.TempPathFactory) -> WorkingDayCalendar:
    return build_calendar_from(bundled_config_dir(), tmp_path_factory.mktemp("no-loaded-years"))


@pytest.mark.parametrize(
    "moment",
    [
        NOW - timedelta(days=400),  # backdating stays possible: paper comes first
        NOW,
        NOW + timedelta(minutes=10),  # within the tolerance (clocks disagree)
        date(2026, 12, 3),  # today
    ],
)
def test_a_past_or_present_act_is_accepted(moment: datetime | date) -> None:
    refuse_future("受理日期", moment, NOW, TZ, TEN)


def test_an_act_after_now_beyond_the_tolerance_is_refused_naming_field_and_both_times() -> None:
    with pytest.raises(
        RuleViolation, match="受理日期 2026-12-03 20:11 晚于当前时间 2026-12-03 20:00"
    ):
        refuse_future("受理日期", NOW + timedelta(minutes=11), NOW, TZ, TEN)


def test_a_plain_date_after_today_is_refused() -> None:
    with pytest.raises(
        RuleViolation,
        match=r"^受理日期 2026-12-10 晚于当前时间 2026-12-03 20:00，不能记录将来发生的行为",
    ):
        refuse_future("受理日期", date(2026, 12, 10), NOW, TZ, TEN)


def test_tomorrow_is_today_within_the_tolerance_near_midnight() -> None:
    late_evening = datetime(2026, 12, 3, 23, 55, tzinfo=TZ)
    refuse_future("受理日期", date(2026, 12, 4), late_evening, TZ, TEN)


@pytest.mark.parametrize(
    ("occurred", "recorded", "late"),
    [
        ("2026-12-01T10:00", "2026-12-04T17:00", False),  # Tue → Fri: 3 working days
        ("2026-12-01T10:00", "2026-12-07T09:00", True),  # Tue → Mon: 4 working days
        ("2026-12-03T10:00", "2026-12-08T09:00", False),  # Thu → Tue over the weekend: 3
        ("2026-12-03T10:00", "2026-12-03T09:00", False),  # the same day
    ],
)
def test_a_late_entry_is_one_written_more_than_three_working_days_after_its_act(
    calendar: WorkingDayCalendar, occurred: str, recorded: str, late: bool
) -> None:
    at, written = (datetime.fromisoformat(t).replace(tzinfo=TZ) for t in (occurred, recorded))
    assert is_late_entry(at, written, calendar, TZ) is late


def test_the_late_entry_threshold_is_configurable(calendar: WorkingDayCalendar) -> None:
    at = datetime(2026, 12, 1, 10, tzinfo=TZ)
    written = datetime(2026, 12, 7, 9, tzinfo=TZ)
    assert is_late_entry(at, written, calendar, TZ, working_days=4) is False
    assert is_late_entry(at, written, calendar, TZ, working_days=0) is True
