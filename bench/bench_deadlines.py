"""How fast is one deadline? The working-day index against a naive day-by-day walk.

Computes ``samr.filing_check`` with its extension (30 working days) and one excluded
interval, from every day of 2025, three ways:

- the index: ``WorkingDayCalendar`` answers with ``bisect`` over sorted ordinals;
- a naive walk: the same questions answered by stepping one day at a time over a
  precomputed set of working days (the baseline, implemented here);
- a naive walk asking ``chinese_calendar.is_workday`` for every day, which is what
  the calendar must not do at compute time.

Prints µs per ``compute_deadline`` call and the ratios. Runs in a few seconds.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadlines import ExcludedInterval, compute_deadline
from ipflow.loaders.calendar_files import build_calendar_from, library_schedules
from ipflow.loaders.deadline_rules_file import load_rule_book
from ipflow.settings import bundled_config_dir

ONE_DAY = timedelta(days=1)


class NaiveWalkCalendar(WorkingDayCalendar):
    """The same calendar, answering by walking day by day (the baseline)."""

    def __init__(self, index: WorkingDayCalendar) -> None:
        super().__init__(library_schedules())
        first, last = index.span
        self._working = {
            first + timedelta(n)
            for n in range((last - first).days + 1)
            if index.is_working_day(first + timedelta(n))
        }

    def is_working_day(self, day: date) -> bool:
        return day in self._working

    def add_working_days(self, day: date, n: int) -> date:
        while n > 0:
            day += ONE_DAY
            n -= self.is_working_day(day)
        return day

    def subtract_working_days(self, day: date, n: int) -> date:
        while n > 0:
            day -= ONE_DAY
            n -= self.is_working_day(day)
        return day

    def next_working_day_on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_days_in(self, first: date, last: date) -> int:
        count = 0
        while first <= last:
            count += self.is_working_day(first)
            first += ONE_DAY
        return count


class LibraryPerDayCalendar(NaiveWalkCalendar):
    """The naive walk, asking the calendar library about every single day."""

    def is_working_day(self, day: date) -> bool:
        return bool(chinese_calendar.is_workday(day))


def per_call_us(run: Callable[[date], object], starts: list[date], rounds: int) -> float:
    began = time.perf_counter()
    for _ in range(rounds):
        for start in starts:
            run(start)
    return (time.perf_counter() - began) / (rounds * len(starts)) * 1e6


def main() -> None:
    config = bundled_config_dir()
    with tempfile.TemporaryDirectory() as empty:
        index = build_calendar_from(config, Path(empty))
    naive = NaiveWalkCalendar(index)
    per_day = LibraryPerDayCalendar(index)
    rule = load_rule_book(config / "rules" / "deadlines.yaml").get("samr.filing_check")
    starts = [date(2025, 1, 1) + timedelta(n) for n in range(365)]

    def with_calendar(calendar: WorkingDayCalendar) -> Callable[[date], object]:
        def run(start: date) -> object:
            testing = ExcludedInterval(from_=start + timedelta(5), to=start + timedelta(11))
            return compute_deadline(rule, start, calendar, extensions=1, excluded=[testing]).due

        return run

    for start in starts[::7]:  # the three must agree before they are timed
        due = with_calendar(index)(start)
        assert due == with_calendar(naive)(start) == with_calendar(per_day)(start), start

    t_index = per_call_us(with_calendar(index), starts, rounds=20)
    t_naive = per_call_us(with_calendar(naive), starts, rounds=20)
    t_library = per_call_us(with_calendar(per_day), starts[::6], rounds=1)
    core_index = per_call_us(lambda d: index.add_working_days(d, 30), starts, rounds=200)
    core_naive = per_call_us(lambda d: naive.add_working_days(d, 30), starts, rounds=20)

    print("compute_deadline: samr.filing_check + extension (30 working days), one excluded")
    print("interval, from each day of 2025")
    print(f"  index (bisect)                        {t_index:9.1f} µs/call")
    print(
        f"  naive day-by-day walk over a set      {t_naive:9.1f} µs/call"
        f"   ratio {t_naive / t_index:5.1f}×"
    )
    print(
        f"  naive walk, is_workday() per day      {t_library:9.1f} µs/call"
        f"   ratio {t_library / t_index:5.0f}×"
    )
    plain = per_call_us(lambda d: compute_deadline(rule, d, index), starts, rounds=100)
    empty = per_call_us(lambda d: d, starts, rounds=100)  # the loop alone (baseline)
    print("one plain computation: compute_deadline(samr.filing_check, day) (goal ≥ 200 k/s)")
    print(
        f"  index (bisect)                        {plain:9.2f} µs/call"
        f"   {1000 / plain:7.0f} k/s   {plain / core_index:4.1f}× add_working_days,"
        f" loop alone {empty:.2f} µs"
    )
    print("core step: add_working_days(day, 30)")
    print(f"  index (bisect)                        {core_index:9.2f} µs/call")
    print(
        f"  naive day-by-day walk over a set      {core_naive:9.2f} µs/call"
        f"   ratio {core_naive / core_index:5.1f}×"
    )


if __name__ == "__main__":
    main()
