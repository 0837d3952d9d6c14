"""The statutory deadline engine: a rule, a start and a calendar give a due date.

How periods are counted (DOMAIN.md "Policies" and §5.1):

- The start day is not counted (SAMR 程序规定 Art. 80; 民法典 Art. 201).
- Working days come from the calendar's index.
- Calendar days and months (民法典 Art. 201–203: a month period ends on the
  corresponding day, or on the month's last day when there is none): if the last
  day is not a working day, the period ends on the next working day (Art. 80).
- Hours are exact on the date-time and never roll over: Decree 310's "24小时内"
  sets a moment, not a last *day* (Art. 80 rolls a last day that is a 法定节假日),
  and police accept referrals on every day; rolling would only delay a transfer
  that the rule wants prompt.
- Excluded intervals (中止、听证、公告、检测、检验、检疫、鉴定、权利人辨认或者鉴别 …)
  do not count: the days (working days, for a working-day rule) they cover inside
  the running period are added. Overlapping intervals are merged first; an
  interval that starts after the deadline as it stands does not count.
- Decree 310's "3日" follow :class:`DayCountPolicy`; with calendar days, the
  working-day reading is reported as ``outer_bound``.
- A result that touches a year the calendar does not cover is ``provisional``.
"""

from __future__ import annotations

import calendar as _month_lengths
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_results import (
    AppliedExtension,
    Basis,
    DeadlineResult,
    ExcludedInterval,
    merge_intervals,
    time_left,
    warnings_zh,
    working_days_left,
)
from ipflow.domain.deadline_rules import (
    CONFIDENCE_ZH,
    DeadlineRule,
    DeadlineUnit,
    Direction,
    approver_zh,
    format_length,
)
from ipflow.domain.policy import DayCountPolicy
from ipflow.errors import DeadlineRuleError

__all__ = [
    "AppliedExtension",
    "Basis",
    "DeadlineResult",
    "ExcludedInterval",
    "add_months",
    "compute_deadline",
    "merge_intervals",
    "time_left",
    "warnings_zh",
    "working_days_left",
]


@dataclass
class _Count:
    due: date
    nominal: date | None = None
    used: list[ExcludedInterval] = field(default_factory=list)
    ignored: list[ExcludedInterval] = field(default_factory=list)
    added: int = 0


def add_months(day: date, months: int) -> date:
    """民法典 Art. 202: the corresponding day of the month, else that month's last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = _month_lengths.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def _count(
    unit: DeadlineUnit,
    direction: Direction,
    start: date,
    total: int,
    intervals: Sequence[ExcludedInterval],
    cal: WorkingDayCalendar,
) -> _Count:
    if direction is Direction.BEFORE:
        if unit is DeadlineUnit.WORKING_DAYS:
            return _Count(due=cal.subtract_working_days(start, total))
        raw = add_months(start, -total) if unit is DeadlineUnit.MONTHS else start - timedelta(total)
        # Counting backwards, a day off moves the latest day *earlier*: acting sooner is lawful.
        due = cal.previous_working_day_on_or_before(raw)
        return _Count(due=due, nominal=raw if due != raw else None)
    result = _Count(due=start)
    first_counted = start + timedelta(days=1)
    if unit is DeadlineUnit.WORKING_DAYS:
        end = cal.add_working_days(start, total)
    elif unit is DeadlineUnit.MONTHS:
        end = add_months(start, total)
    else:
        end = start + timedelta(days=total)
    for iv in intervals:
        low = max(iv.from_, first_counted)
        if iv.from_ > end or iv.to < low:
            result.ignored.append(iv)
            continue
        if unit is DeadlineUnit.WORKING_DAYS:
            added = cal.working_days_in(low, iv.to)
            end = cal.add_working_days(end, added)
        else:
            added = (iv.to - low).days + 1
            end = end + timedelta(days=added)
        result.used.append(iv)
        result.added += added
    if unit is DeadlineUnit.WORKING_DAYS:
        result.due = end
    else:
        result.due = cal.next_working_day_on_or_after(end)
        result.nominal = end if result.due != end else None
    return result


def _base_length(rule: DeadlineRule, length: int | None) -> int:
    if rule.length is None:
        if length is None or length < 1:
            raise DeadlineRuleError(
                f"时限 {rule.id}（{rule.title_zh}）的期限按专项行动或案件设定，须给出期限（--length）",
                f"rule {rule.id} needs a length",
                rule_id=rule.id,
            )
        return length
    if length is not None and length != rule.length:
        raise DeadlineRuleError(
            f"时限 {rule.id} 的期限由{rule.source}{rule.article}规定为"
            f"{format_length(rule.length, rule.unit)}，不能另行指定",
            f"rule {rule.id} has a fixed length",
            rule_id=rule.id,
        )
    return rule.length


def _allowed_zh(rule: DeadlineRule) -> str:
    return "；".join(f"第{i}次 {e.describe_zh()}" for i, e in enumerate(rule.extensions, 1))


def _error_context(rule: DeadlineRule) -> dict[str, object]:
    return {
        "rule_id": rule.id,
        "extensions": [(e.length, e.unit.value, str(e.approver)) for e in rule.extensions],
    }


def _apply_extensions(
    rule: DeadlineRule, count: int, lengths: Sequence[int]
) -> list[AppliedExtension]:
    if count == 0 and not lengths:
        return []
    if count < 0 or count > len(rule.extensions):
        what = f"可依次延长：{_allowed_zh(rule)}" if rule.extensions else "该时限不能延长"
        raise DeadlineRuleError(
            f"时限 {rule.id}（{rule.title_zh}）不能延长{count}次；{what}",
            f"rule {rule.id} allows {len(rule.extensions)} extension(s), {count} asked",
            **_error_context(rule),
        )
    pending = list(lengths)
    applied: list[AppliedExtension] = []
    for order, ext in enumerate(rule.extensions[:count], 1):
        length = ext.length
        if length is None:
            if not pending or pending[0] < 1:
                raise DeadlineRuleError(
                    f"时限 {rule.id} 第{order}次延长（{approver_zh(ext.approver)}）的期限在批准时确定，"
                    f"须给出延长天数（--extension-days）；可依次延长：{_allowed_zh(rule)}",
                    f"extension {order} of rule {rule.id} is open-ended: give its length",
                    **_error_context(rule),
                )
            length = pending.pop(0)
        applied.append(
            AppliedExtension(
                order=order,
                length=length,
                unit=ext.unit,
                approver=ext.approver,
                approver_zh=approver_zh(ext.approver),
                basis_zh=ext.basis_zh,
                source=ext.source,
                article=ext.article,
                confidence=ext.confidence or rule.confidence,
            )
        )
    if pending:
        raise DeadlineRuleError(
            f"时限 {rule.id} 所适用的延长没有待定的期限，多给了延长天数 {pending}；可依次延长：{_allowed_zh(rule)}",
            f"extension lengths {pending} left unused for rule {rule.id}",
            **_error_context(rule),
        )
    return applied


_BASES: dict[int, tuple[DeadlineRule, Basis]] = {}


def _basis(rule: DeadlineRule) -> Basis:
    """The rule's legal basis, built once per rule object (rules are frozen)."""
    known = _BASES.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    basis = Basis(
        source=rule.source,
        article=rule.article,
        confidence=rule.confidence,
        confidence_zh=CONFIDENCE_ZH[rule.confidence],
        quote=rule.quote,
    )
    if len(_BASES) > 4096:  # rule books reloaded many times in one process
        _BASES.clear()
    _BASES[id(rule)] = (rule, basis)
    return basis


def compute_deadline(
    rule: DeadlineRule,
    start: date | datetime,
    calendar: WorkingDayCalendar,
    *,
    excluded: Iterable[ExcludedInterval] = (),
    extensions: int = 0,
    extension_lengths: Sequence[int] = (),
    length: int | None = None,
    day_policy: DayCountPolicy = DayCountPolicy.CALENDAR_DAYS,
) -> DeadlineResult:
    """Compute ``rule``'s deadline from ``start`` (see the module docstring for the semantics)."""
    total = _base_length(rule, length)
    applied = _apply_extensions(rule, extensions, extension_lengths)
    if applied:
        total += sum(a.length for a in applied)
    intervals = merge_intervals(excluded) if excluded else []
    if intervals and not rule.excluded_intervals_allowed:
        raise DeadlineRuleError(
            f"时限 {rule.id}（{rule.title_zh}）没有可扣除的期间，不能扣除 "
            + "、".join(f"{iv.from_}至{iv.to}" for iv in intervals),
            f"rule {rule.id} allows no excluded intervals",
            rule_id=rule.id,
        )
    basis = _basis(rule)
    common: dict[str, Any] = {
        "rule_id": rule.id,
        "title_zh": rule.title_zh,
        "start_event_zh": rule.start_event_zh,
        "direction": rule.direction,
        "start": start,
        "rule_unit": rule.unit,
        "length_total": total,
        "extensions_applied": applied,
        "basis": basis,
    }
    if rule.unit is DeadlineUnit.HOURS:
        if not isinstance(start, datetime):
            raise DeadlineRuleError(
                f"时限 {rule.id}（{rule.title_zh}）以小时计算，起算时间须精确到时分（YYYY-MM-DDTHH:MM）",
                f"rule {rule.id} counts hours: the start needs a time of day",
                rule_id=rule.id,
            )
        step = timedelta(hours=total)
        due_at = start - step if rule.direction is Direction.BEFORE else start + step
        return DeadlineResult(
            **common,
            due=due_at,
            unit=rule.unit,
            provisional=False,
            missing_years=[],
            excluded=[],
            excluded_ignored=[],
            excluded_count=0,
        )
    start_day = start.date() if isinstance(start, datetime) else start
    unit, policy = rule.unit, None
    if rule.unit is DeadlineUnit.DECREE310_DAYS:
        policy = day_policy
        unit = (
            DeadlineUnit.WORKING_DAYS
            if day_policy is DayCountPolicy.WORKING_DAYS
            else DeadlineUnit.CALENDAR_DAYS
        )
    counted = _count(unit, rule.direction, start_day, total, intervals, calendar)
    outer = None
    if rule.unit is DeadlineUnit.DECREE310_DAYS and unit is DeadlineUnit.CALENDAR_DAYS:
        outer = _count(
            DeadlineUnit.WORKING_DAYS, rule.direction, start_day, total, intervals, calendar
        ).due
    low, high = (start_day, counted.due) if start_day <= counted.due else (counted.due, start_day)
    if outer is not None:
        low, high = min(low, outer), max(high, outer)
    missing = calendar.missing_years(low, high)
    return DeadlineResult(
        **common,
        due=counted.due,
        unit=unit,
        day_policy=policy,
        nominal_due=counted.nominal,
        outer_bound=outer,
        provisional=bool(missing),
        missing_years=list(missing),
        excluded=counted.used,
        excluded_ignored=counted.ignored,
        excluded_count=counted.added,
    )
