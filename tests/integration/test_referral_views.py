"""Whether a referral step was taken in time (``referral_ledger.deadline_line``).

Worked examples on deadlines computed by the deadline engine from the bundled rules,
as the store keeps them (a ``DeadlineRow`` with its UTC moments):

* decree310.transfer — 24 hours from the approval at 2026-03-12 09:00, exact
  (Decree 310 Art. 5 ¶2): due 2026-03-13 09:00;
* decree310.head_decision — 3 日 from the report received Friday 2026-03-13
  (Art. 5 ¶2): calendar reading due Monday 2026-03-16, working-day reading (outer
  bound) Wednesday 2026-03-18.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from ipflow.domain.deadline_outcomes import Standing as Verdict
from ipflow.domain.deadline_outcomes import decide_closing
from ipflow.domain.deadline_rules import DeadlineUnit, Obligor
from ipflow.domain.deadlines import compute_deadline
from ipflow.services.context import ServiceEnv
from ipflow.services.referral_ledger import deadline_line
from ipflow.store.tables import DeadlineRow, DeadlineStatus

BJ = timezone(timedelta(hours=8))


def row_for(env: ServiceEnv, rule_id: str, start: date | datetime) -> DeadlineRow:
    result = compute_deadline(
        env.rule_book.get(rule_id), start, env.calendar, day_policy=env.day_policy
    )
    return DeadlineRow(
        aggregate_kind="referral",
        aggregate_id="R-1",
        rule_id=rule_id,
        start=start.isoformat(),
        due_date=result.due_date,
        due_at=result.due.astimezone(UTC) if isinstance(result.due, datetime) else None,
        basis=result.model_dump(mode="json"),
    )


def closed(env: ServiceEnv, row: DeadlineRow, at: datetime, status: DeadlineStatus) -> DeadlineRow:
    """Closed as the deadline keeper closes it: the outcome decided once, stored."""
    closing = decide_closing(
        due=row.due_at or row.due_date,
        done=at,
        unit=DeadlineUnit(row.basis["unit"]),
        obligor=Obligor.BUREAU,
        extensions=row.extensions,
        cancelled=status is DeadlineStatus.CANCELLED,
        calendar=env.calendar,
        timezone=BJ,
    )
    row.closed_at, row.status = at.astimezone(UTC), status
    row.outcome, row.late_by = closing.outcome.value, closing.late_by
    row.late_unit = closing.late_unit.value if closing.late_unit else None
    return row


LATER = datetime(2026, 6, 1, 9, 0, tzinfo=BJ)  # "now" for closed rows: irrelevant


@pytest.mark.parametrize(
    ("done", "verdict"),
    [
        (datetime(2026, 3, 13, 8, 59, tzinfo=BJ), Verdict.ON_TIME),
        (datetime(2026, 3, 13, 9, 0, tzinfo=BJ), Verdict.ON_TIME),  # "24小时内": the 24th hour
        (datetime(2026, 3, 13, 9, 1, tzinfo=BJ), Verdict.LATE),  # to the minute
    ],
)
def test_the_24_hour_transfer_is_judged_to_the_minute(
    env: ServiceEnv, done: datetime, verdict: Verdict
) -> None:
    row = row_for(env, "decree310.transfer", datetime(2026, 3, 12, 9, 0, tzinfo=BJ))
    line = deadline_line(closed(env, row, done, DeadlineStatus.MET), now=LATER, timezone=BJ)
    assert line.counted_in_hours and line.due == datetime(2026, 3, 13, 9, 0, tzinfo=BJ)
    assert (line.verdict, line.length_zh) == (verdict, "24小时")
    assert line.article == "第五条第二款"


@pytest.mark.parametrize(
    ("done", "verdict", "within_working_day_reading"),
    [
        (datetime(2026, 3, 16, 23, 59, tzinfo=BJ), Verdict.ON_TIME, None),  # to 24:00 of the day
        (datetime(2026, 3, 17, 0, 0, tzinfo=BJ), Verdict.LATE, True),
        (datetime(2026, 3, 18, 17, 0, tzinfo=BJ), Verdict.LATE, True),
        (datetime(2026, 3, 19, 9, 0, tzinfo=BJ), Verdict.LATE, False),
    ],
)
def test_a_3_day_period_ends_at_midnight_of_its_last_bureau_day(
    env: ServiceEnv, done: datetime, verdict: Verdict, within_working_day_reading: bool | None
) -> None:
    row = row_for(env, "decree310.head_decision", date(2026, 3, 13))
    line = deadline_line(closed(env, row, done, DeadlineStatus.MET), now=LATER, timezone=BJ)
    assert (line.due, line.outer_bound) == (date(2026, 3, 16), date(2026, 3, 18))
    assert line.verdict is verdict
    assert line.within_outer_bound is within_working_day_reading
    if within_working_day_reading:
        assert line.verdict_zh.endswith("（按工作日计算未超期）")


def test_an_open_deadline_counts_down_and_then_is_overdue(env: ServiceEnv) -> None:
    row = row_for(env, "decree310.head_decision", date(2026, 3, 13))
    before = deadline_line(row, now=datetime(2026, 3, 16, 18, 0, tzinfo=BJ), timezone=BJ)
    assert (before.verdict, before.remaining) == (Verdict.PENDING, timedelta(hours=6))
    after = deadline_line(row, now=datetime(2026, 3, 17, 1, 0, tzinfo=BJ), timezone=BJ)
    assert (after.verdict, after.remaining) == (Verdict.OVERDUE, timedelta(hours=-1))


def test_a_missed_or_cancelled_deadline_keeps_its_status(env: ServiceEnv) -> None:
    start = datetime(2026, 3, 12, 9, 0, tzinfo=BJ)
    in_time = datetime(2026, 3, 12, 10, 0, tzinfo=BJ)
    late = datetime(2026, 3, 13, 14, 30, tzinfo=BJ)
    missed = closed(env, row_for(env, "decree310.transfer", start), late, DeadlineStatus.MISSED)
    line = deadline_line(missed, now=LATER, timezone=BJ)
    assert (line.verdict, line.late_zh) == (Verdict.LATE, "6小时")  # 5 h 30 min, rounded up
    dropped = closed(
        env, row_for(env, "decree310.transfer", start), in_time, DeadlineStatus.CANCELLED
    )
    assert deadline_line(dropped, now=LATER, timezone=BJ).verdict is Verdict.CANCELLED
