"""What a computed deadline says: the result, its excluded intervals and extensions.

A :class:`DeadlineResult` is JSON-serialisable and carries everything needed to
explain the date to an officer: start, due, the unit counted, the last day before a
holiday roll-over, the working-day outer bound of a Decree 310 period, the excluded
intervals used and ignored, the extensions applied with their approvers, the legal
basis, and whether the result is provisional (a year the calendar does not cover).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_rules import (
    Approver,
    Confidence,
    DeadlineUnit,
    Direction,
    format_length,
)
from ipflow.domain.policy import DayCountPolicy


class ExcludedInterval(BaseModel):
    """Days that do not count towards a time limit, inclusive at both ends."""

    model_config = ConfigDict(
        frozen=True, validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    from_: date = Field(alias="from")
    to: date
    reason_zh: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ExcludedInterval:
        if self.from_ > self.to:
            raise ValueError(
                f"扣除期间的起始日 {self.from_} 晚于结束日 {self.to}（from is after to）"
            )
        return self


def merge_intervals(intervals: Iterable[ExcludedInterval]) -> list[ExcludedInterval]:
    """Sorted, with overlapping or touching intervals merged into one."""
    merged: list[ExcludedInterval] = []
    for iv in sorted(intervals, key=lambda i: (i.from_, i.to)):
        last = merged[-1] if merged else None
        if last is not None and iv.from_ <= last.to + timedelta(days=1):
            reasons = [r for r in (last.reason_zh, iv.reason_zh) if r]
            merged[-1] = ExcludedInterval(
                from_=last.from_,
                to=max(last.to, iv.to),
                reason_zh="；".join(dict.fromkeys(reasons)) or None,
            )
        else:
            merged.append(iv)
    return merged


@dataclass(frozen=True, slots=True)
class AppliedExtension:
    order: int
    length: int
    unit: DeadlineUnit
    approver: Approver
    approver_zh: str
    basis_zh: str
    confidence: Confidence
    source: str | None = None  # when the extension has its own source
    article: str | None = None


@dataclass(frozen=True, slots=True)
class Basis:
    source: str
    article: str
    confidence: Confidence
    confidence_zh: str
    quote: str | None


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    """A computed deadline, with everything needed to explain it (JSON-serialisable).

    A slotted dataclass, not a pydantic model: building the result was most of the
    cost of one computation (issue 20). ``model_dump``, ``model_dump_json`` and
    ``model_validate`` keep the pydantic API through one shared ``TypeAdapter``.
    """

    rule_id: str
    title_zh: str
    start_event_zh: str
    direction: Direction
    start: date | datetime
    due: date | datetime
    unit: DeadlineUnit  # the unit counted (decree310_days resolved)
    rule_unit: DeadlineUnit
    length_total: int
    provisional: bool
    missing_years: list[int]
    excluded: list[ExcludedInterval]
    excluded_ignored: list[ExcludedInterval]
    excluded_count: int  # days (or working days) the exclusions added
    extensions_applied: list[AppliedExtension]
    basis: Basis
    day_policy: DayCountPolicy | None = None
    nominal_due: date | None = None  # the last day before the holiday roll-over, when it rolled
    outer_bound: date | None = None

    @property
    def due_date(self) -> date:
        return self.due.date() if isinstance(self.due, datetime) else self.due

    def length_zh(self) -> str:
        return format_length(self.length_total, self.unit)

    def model_dump(self, *, mode: Literal["json", "python"] = "python") -> dict[str, Any]:
        return _adapter().dump_python(self, mode=mode, by_alias=True)

    def model_dump_json(self) -> str:
        return _adapter().dump_json(self, by_alias=True).decode()

    @classmethod
    def model_validate(cls, data: Any) -> DeadlineResult:
        return _adapter().validate_python(data)


@cache
def _adapter() -> TypeAdapter[DeadlineResult]:
    return TypeAdapter(DeadlineResult)


def working_days_left(result: DeadlineResult, today: date, calendar: WorkingDayCalendar) -> int:
    """Working days from ``today`` (not counted) to the due day (counted): 0 = due today.

    Negative when overdue: -1 means the due day was the previous working day.
    """
    return calendar.working_days_between(today, result.due_date)


def time_left(result: DeadlineResult, now: datetime) -> timedelta:
    """Time until the deadline: an hours deadline at its moment, a day deadline at 24:00 of
    its last day (民法典 Art. 203). ``now`` must be naive or aware as the start was."""
    if isinstance(result.due, datetime):
        return result.due - now
    end = datetime.combine(result.due + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return end - now


def warnings_zh(result: DeadlineResult) -> list[str]:
    """Warnings to show beside a deadline: provisional calendar years, unconfirmed basis."""
    warnings: list[str] = []
    if result.provisional:
        years = "、".join(f"{y}年" for y in result.missing_years)
        warnings.append(f"{years}节假日安排未载入，本结果仅按周末计算，为临时结果")
    unconfirmed = [e for e in result.extensions_applied if e.confidence is Confidence.U]
    if result.basis.confidence is Confidence.U or unconfirmed:
        warnings.append("所适用的依据可信度为待核实（U），使用前请核对官方文本")
    return warnings
