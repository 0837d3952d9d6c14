"""Checks of a parsed notice before it is stored: errors name the sentence, warnings advise.

Pure: the statutory holidays come in as :class:`StatutoryHolidays` (read by the loader
from ``config/calendar/statutory_holidays.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipflow.domain.calendar_notice import NoticeYear
from ipflow.domain.calendar_years import weekday_zh
from ipflow.errors import NoticeError


@dataclass(frozen=True)
class StatutoryHoliday:
    name: str
    days: int
    names: tuple[str, ...]
    fixed: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class StatutoryHolidays:
    source: str
    confidence: str
    max_consecutive_workdays: int
    holidays: tuple[StatutoryHoliday, ...]


def check_notice(notice: NoticeYear, statutory: StatutoryHolidays) -> None:
    """Raise :class:`NoticeError` for the first problem, naming its sentence."""
    off: dict[date, str] = {}
    for block in notice.blocks:
        for day in block.days():
            if day in off:
                raise NoticeError(
                    f"「{block.sentence}」：{day.isoformat()}已在「{off[day]}」的放假期间内，"
                    "两段放假重叠"
                )
            off[day] = block.sentence
    for wd in notice.workdays:
        if wd.day.weekday() < 5:
            raise NoticeError(
                f"「{wd.sentence}」：调休上班日{wd.day.isoformat()}是{weekday_zh(wd.day)}，"
                "不是周末，无需调休"
            )
        if wd.day in off:
            raise NoticeError(
                f"「{wd.sentence}」：调休上班日{wd.day.isoformat()}落在放假期间内"
                f"（「{off[wd.day]}」）"
            )
    for holiday in statutory.holidays:
        named = [b for b in notice.blocks if any(n in b.name for n in holiday.names)]
        if not named:
            raise NoticeError(
                f"通知没有{holiday.name}的放假安排（{statutory.source}规定的全体公民放假节日）"
            )
        total = sum(len(b.days()) for b in named)
        if total < holiday.days:
            raise NoticeError(
                f"「{named[0].sentence}」：{holiday.name}只放假{total}天，"
                f"少于{statutory.source}规定的{holiday.days}天"
            )
        for month, day_of in holiday.fixed:
            day = date(notice.year, month, day_of)
            if not any(b.from_ <= day <= b.to for b in named):
                raise NoticeError(
                    f"「{named[0].sentence}」：{holiday.name}的法定假日{day.isoformat()}"
                    "不在放假期间内"
                )


def notice_warnings(notice: NoticeYear, statutory: StatutoryHolidays) -> list[str]:
    """More than the Art. 7 limit of consecutive working days around a holiday."""
    off = {d for b in notice.blocks for d in b.days()}
    work = {w.day for w in notice.workdays}
    limit = statutory.max_consecutive_workdays
    warnings: list[str] = []
    day, end = date(notice.year, 1, 1), date(notice.year, 12, 31)
    run: list[date] = []
    while day <= end:
        working = day in work or (day.weekday() < 5 and day not in off)
        if working:
            run.append(day)
        if (not working or day == end) and run:
            if len(run) > limit and any(d in work for d in run):
                warnings.append(
                    f"{run[0].isoformat()}至{run[-1].isoformat()}连续上班{len(run)}天，"
                    f"超过《全国年节及纪念日放假办法》第七条「一般不超过{limit}天」"
                )
            run = []
        day += timedelta(1)
    return warnings
