"""The PRC working-day calendar (DOMAIN.md §5) as a precomputed index.

A working day is a day the State Council calendar makes a workday: a weekday
that is not in an announced holiday block, or an adjusted weekend workday
(调休上班). Sources, in rising precedence, are handed in as data:

1. the calendar library's years and YAML year files (:class:`YearSchedule`,
   one per year: a YAML year replaces the library's year — the loader decides);
2. the county override (:class:`CountyOverride`: ethnic-minority holidays set by
   local governments under 《全国年节及纪念日放假办法》 Art. 4), on top.

A year no source covers is *uncovered*: only weekends are off there, and a
deadline touching it is provisional (see :mod:`ipflow.domain.deadlines`).

The calendar keeps the sorted ordinals of every working day over a fixed span
and answers with :mod:`bisect`, so one question costs microseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ipflow.domain.calendar_years import CalendarYear, CountyOverride, HolidayBlock, weekday_zh
from ipflow.errors import DeadlineRuleError

__all__ = [
    "CalendarSource",
    "CalendarYear",
    "CountyOverride",
    "HolidayBlock",
    "SourceKind",
    "WorkingDayCalendar",
    "YearSchedule",
    "weekday_zh",
]

DEFAULT_FIRST_YEAR = 2004
DEFAULT_LAST_YEAR = 2040


class SourceKind(StrEnum):
    LIBRARY = "library"
    FILE = "file"
    UNCOVERED = "uncovered"


SOURCE_KIND_ZH: dict[SourceKind, str] = {
    SourceKind.LIBRARY: "日历库内置数据",
    SourceKind.FILE: "节假日安排文件",
    SourceKind.UNCOVERED: "未载入（仅按周末计算）",
}


@dataclass(frozen=True)
class CalendarSource:
    """Where a year's days come from: ``label`` is the library version or the file path."""

    year: int
    kind: SourceKind
    label: str
    document: str | None = None


@dataclass(frozen=True)
class YearSchedule:
    """One covered year as plain data: days off (with their holiday name) and make-up workdays."""

    year: int
    days_off: Mapping[date, str]
    workdays: frozenset[date]
    kind: SourceKind
    label: str
    document: str | None = None

    @classmethod
    def from_calendar_year(cls, data: CalendarYear, label: str) -> YearSchedule:
        return cls(
            year=data.year,
            days_off=data.days_off(),
            workdays=frozenset(data.workdays),
            kind=SourceKind.FILE,
            label=label,
            document=data.source,
        )

    @property
    def source(self) -> CalendarSource:
        return CalendarSource(self.year, self.kind, self.label, self.document)


class WorkingDayCalendar:
    """Answers working-day questions from a precomputed, sorted index of working days."""

    def __init__(
        self,
        years: Iterable[YearSchedule] = (),
        override: CountyOverride | None = None,
        *,
        first_year: int = DEFAULT_FIRST_YEAR,
        last_year: int = DEFAULT_LAST_YEAR,
    ) -> None:
        self._years: dict[int, YearSchedule] = {}
        for schedule in years:
            if schedule.year in self._years:
                raise ValueError(f"year {schedule.year} given twice")
            self._years[schedule.year] = schedule
        self.override = override
        first_year = min([first_year, *self._years])
        last_year = max([last_year, *self._years])
        self._first = date(first_year, 1, 1)
        self._last = date(last_year, 12, 31)
        self._names: dict[date, str] = {}
        off: set[date] = set()
        work: set[date] = set()
        for schedule in self._years.values():
            off.update(schedule.days_off)
            work.update(schedule.workdays)
            self._names.update(schedule.days_off)
        if override is not None:
            local_off = {d: b.name for b in override.days_off for d in b.days()}
            off.difference_update(override.workdays)
            work.difference_update(local_off)
            off.update(local_off)
            work.update(override.workdays)
            self._names.update(local_off)
        work_ord = {d.toordinal() for d in work}
        off_ord = {d.toordinal() for d in off}
        # date.toordinal() of a Monday is ≡ 1 (mod 7): weekday() == (ordinal - 1) % 7.
        self._ordinals: list[int] = [
            n
            for n in range(self._first.toordinal(), self._last.toordinal() + 1)
            if n in work_ord or ((n - 1) % 7 < 5 and n not in off_ord)
        ]

    # -- coverage -------------------------------------------------------------------------

    @property
    def span(self) -> tuple[date, date]:
        return self._first, self._last

    @property
    def covered_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def source_of(self, year: int) -> CalendarSource:
        schedule = self._years.get(year)
        if schedule is None:
            return CalendarSource(year, SourceKind.UNCOVERED, SOURCE_KIND_ZH[SourceKind.UNCOVERED])
        return schedule.source

    def missing_years(self, first: date, last: date) -> tuple[int, ...]:
        """Uncovered years between two dates (in either order), inclusive."""
        low, high = sorted((first.year, last.year))
        return tuple(y for y in range(low, high + 1) if y not in self._years)

    def day_off_name(self, day: date) -> str | None:
        """The holiday name of a day off, ``"周末"`` for a plain weekend, None on a working day."""
        if self.is_working_day(day):
            return None
        return self._names.get(day, "周末")

    # -- questions ------------------------------------------------------------------------

    def _ordinal(self, day: date) -> int:
        if not self._first <= day <= self._last:
            raise DeadlineRuleError(
                f"日期 {day} 超出工作日历范围（{self._first.year}–{self._last.year}年）",
                "date outside the calendar span",
                day=day,
            )
        return day.toordinal()

    def _at(self, index: int, day: date) -> date:
        if not 0 <= index < len(self._ordinals):
            raise DeadlineRuleError(
                f"从 {day} 起算的结果超出工作日历范围（{self._first.year}–{self._last.year}年）",
                "result outside the calendar span",
                day=day,
            )
        return date.fromordinal(self._ordinals[index])

    def is_working_day(self, day: date) -> bool:
        n = self._ordinal(day)
        i = bisect_left(self._ordinals, n)
        return i < len(self._ordinals) and self._ordinals[i] == n

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day strictly after ``day`` (the start day is not counted); n=0 → day."""
        if n < 0:
            return self.subtract_working_days(day, -n)
        if n == 0:
            return day
        return self._at(bisect_right(self._ordinals, self._ordinal(day)) + n - 1, day)

    def subtract_working_days(self, day: date, n: int) -> date:
        """The n-th working day strictly before ``day``; n=0 → day."""
        if n < 0:
            return self.add_working_days(day, -n)
        if n == 0:
            return day
        return self._at(bisect_left(self._ordinals, self._ordinal(day)) - n, day)

    def next_working_day_on_or_after(self, day: date) -> date:
        return self._at(bisect_left(self._ordinals, self._ordinal(day)), day)

    def previous_working_day_on_or_before(self, day: date) -> date:
        return self._at(bisect_right(self._ordinals, self._ordinal(day)) - 1, day)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open range (start, end]: start excluded, end included.

        This is how a period counts ("期间开始的日不计算在内"); negative when end < start.
        """
        return bisect_right(self._ordinals, self._ordinal(end)) - bisect_right(
            self._ordinals, self._ordinal(start)
        )

    def working_days_in(self, first: date, last: date) -> int:
        """Working days in the closed range [first, last]; 0 when last < first."""
        if last < first:
            return 0
        return bisect_right(self._ordinals, self._ordinal(last)) - bisect_left(
            self._ordinals, self._ordinal(first)
        )


def coverage_warnings_zh(calendar: WorkingDayCalendar, today: date) -> list[str]:
    """What an officer must be told about the calendar on ``today``.

    The State Council publishes next year's notice in early-to-mid November, so from
    1 November a missing next year is announced ahead of the deadlines that reach it.
    """
    warnings: list[str] = []
    covered = set(calendar.covered_years)
    if today.year not in covered:
        warnings.append(
            f"{today.year}年节假日安排尚未载入，今年的期限仅按周末计算，均为临时结果；"
            f"请把国务院办公厅《关于{today.year}年部分节假日安排的通知》存为文本文件，"
            f"运行 ipflow calendar import-notice 通知.txt --load 载入。"
        )
    if today >= date(today.year, 11, 1) and today.year + 1 not in covered:
        warnings.append(
            f"{today.year + 1}年节假日安排尚未载入，跨入{today.year + 1}年的期限仅按周末计算，"
            "为临时结果；国务院办公厅《关于"
            f"{today.year + 1}年部分节假日安排的通知》（通常11月上中旬发布）发布后，"
            "请把通知存为文本文件，运行 ipflow calendar import-notice 通知.txt --load 载入。"
        )
    if calendar.override is not None and calendar.override.example:
        warnings.append(
            f"县级节假日调整「{calendar.override.name}」是示例数据，不是真实通知，"
            "请勿用于正式办案。"
        )
    return warnings
