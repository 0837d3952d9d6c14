"""What a report covers: one campaign's records, or every record dated in a period.

A **campaign** report counts what carries the campaign's id (its target list,
inspections, clues, cases, their referrals and rectification orders), whenever dated.
A **period** report counts what *began* in the period, in or outside any campaign
(inspections by their date, clues by the day received, cases by the day filed,
referrals by the day the special team was formed), with each record's outcome as it
stands when the report is made. Counting every record by the day it began is what
makes two reports of adjacent periods add up, and a figure checkable by one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipflow.errors import InputError


@dataclass(frozen=True)
class Period:
    """Both days included."""

    start: date
    end: date

    @classmethod
    def parse(cls, text: str, *, field: str = "--period") -> Period:
        """``FROM:TO`` as ISO dates (``2026-01-01:2026-12-31``) or a year (``2026``)."""
        raw = text.strip()
        if raw.isdigit() and len(raw) == 4:
            year = int(raw)
            return cls(date(year, 1, 1), date(year, 12, 31))
        first, sep, last = raw.partition(":")
        try:
            if not sep:
                raise ValueError(raw)
            period = cls(date.fromisoformat(first.strip()), date.fromisoformat(last.strip()))
        except ValueError:
            raise InputError(
                f"{field} 的值「{text}」应为 起始日期:截止日期（如 2026-01-01:2026-06-30）或年份",
                f"invalid period {text!r}: expected FROM:TO",
                field=field,
            ) from None
        if period.end < period.start:
            raise InputError(
                f"{field} 的截止日期 {period.end} 早于起始日期 {period.start}",
                "period ends before it starts",
                field=field,
            )
        return period

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period to compare with: a year to date (from 1 January) against the same
        dates a year earlier (同比); whole months against as many months just before
        (环比); any other span against as many days just before."""
        if (self.start.month, self.start.day) == (1, 1) and self.end.year == self.start.year:
            return Period(_year_earlier(self.start), _year_earlier(self.end))
        months = _whole_months(self)
        if months:
            end = self.start - timedelta(days=1)
            return Period(_add_months(self.start, -months), end)
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label_zh(self) -> str:
        return f"{_date_zh(self.start)}至{_date_zh(self.end)}"


def _date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _year_earlier(day: date) -> date:
    if (day.month, day.day) == (2, 29):
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _whole_months(period: Period) -> int:
    """The number of whole calendar months the period spans, or 0."""
    after_end = period.end + timedelta(days=1)
    if period.start.day != 1 or after_end.day != 1:
        return 0
    return (after_end.year - period.start.year) * 12 + after_end.month - period.start.month


@dataclass(frozen=True)
class ReportScope:
    """Exactly one of ``campaign_id`` and ``period``."""

    campaign_id: str | None = None
    period: Period | None = None

    def __post_init__(self) -> None:
        if (self.campaign_id is None) == (self.period is None):
            raise InputError(
                "请指定专项行动编号或 --period 期间（二者选一）",
                "give a campaign id or a period, not both",
                field="--period",
            )

    @property
    def key(self) -> str:
        """A file-name friendly name: the campaign id or ``FROM_TO``."""
        if self.campaign_id is not None:
            return self.campaign_id
        assert self.period is not None
        return f"{self.period.start.isoformat()}_{self.period.end.isoformat()}"
