"""The read models the commands print: case list and file, deadlines with time left,
the deadline changes a command makes, and a case's verified audit trail."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ipflow.domain.case_lifecycle import CaseState
from ipflow.domain.case_records import ExcludedInterval
from ipflow.domain.deadlines import compute_deadline
from ipflow.domain.grounds import ExcludedIntervalKind
from ipflow.services import case_views, cases, deadline_changes, deadline_views
from ipflow.services.audit_views import audit_trail
from ipflow.services.context import ServiceEnv
from ipflow.services.deadline_changes import DueMark
from ipflow.services.deadline_views import describe_left
from ipflow.store.tables import DeadlineStatus
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import CASE_ID, CLUE_ID, OFFICER, investigating_case, receive
from tests.unit.lifecycle_factories import TZ, Clock

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def test_time_left_is_counted_in_the_rules_own_unit(env: ServiceEnv) -> None:
    cal, book = env.calendar, env.rule_book
    # samr.legal_review: 10 working days from Monday 2026-03-09 → Monday 03-23.
    review = compute_deadline(book.get("samr.legal_review"), date(2026, 3, 9), cal)
    assert describe_left(review, at(date(2026, 3, 20)), cal) == (
        False, 1, "working_days", "剩余 1 个工作日"
    )  # fmt: skip
    assert describe_left(review, at(date(2026, 3, 23)), cal)[3] == "今日到期"
    assert describe_left(review, at(date(2026, 3, 24)), cal) == (
        True, -1, "working_days", "已超期 1 日（1 个工作日）"
    )  # fmt: skip
    # samr.case_period: 90 calendar days.
    period = compute_deadline(book.get("samr.case_period"), date(2026, 3, 5), cal)
    assert describe_left(period, at(date(2026, 6, 1)), cal) == (
        False, 2, "calendar_days", "剩余 2 日"
    )  # fmt: skip
    # decree310.transfer: 24 hours, to the minute.
    sent = datetime(2026, 2, 14, 16, 30, tzinfo=TZ)
    transfer = compute_deadline(book.get("decree310.transfer"), sent, cal)
    assert describe_left(transfer, sent + timedelta(hours=1, minutes=15), cal) == (
        False, 22 * 60 + 45, "minutes", "剩余 22 小时 45 分"
    )  # fmt: skip
    assert describe_left(transfer, sent + timedelta(hours=25), cal)[::3] == (
        True, "已超时 1 小时 0 分"
    )  # fmt: skip


def test_deadline_changes_say_what_opened_moved_and_closed() -> None:
    def mark(
        due: str, status: DeadlineStatus = DeadlineStatus.OPEN, closed: bool = False
    ) -> DueMark:
        return DueMark(title_zh="期限", due=due, status=status, closed=closed)

    key = ("case", "C-1", "samr.case_period", 0)
    review = ("case", "C-1", "samr.legal_review", 0)
    transfer = ("referral", "R-1", "decree310.transfer", 0)
    before = {key: mark("2026-06-03"), review: mark("2026-03-23")}
    after = {
        key: mark("2026-06-15"),
        review: mark("2026-03-23", DeadlineStatus.MET, closed=True),
        transfer: mark("2026-03-08T16:30:00+08:00"),
    }
    changes = {
        (c.rule_id, c.change, c.old_due, c.new_due)
        for c in deadline_changes.deadline_changes(before, after)
    }
    assert changes == {
        ("samr.case_period", "moved", "2026-06-03", "2026-06-15"),
        ("samr.legal_review", "met", "2026-03-23", None),
        ("decree310.transfer", "opened", None, "2026-03-08 16:30"),
    }
    assert deadline_changes.deadline_changes(after, after) == []


def test_case_list_detail_and_the_moved_case_period(engine: Engine, env: ServiceEnv) -> None:
    clock = Clock()
    investigating_case(engine, env, clock)
    with Session(engine) as session:
        assert [c.id for c in case_views.list_cases(session, state=CaseState.INVESTIGATING)] == [
            CASE_ID
        ]
        assert case_views.list_cases(session, state=CaseState.CLOSED) == []
        assert [c.id for c in case_views.list_cases(session, officer_id="officer-wang")] == [
            CASE_ID
        ]
        assert case_views.list_cases(session, officer_id="nobody") == []
    with UnitOfWork(engine) as uow:
        before = deadline_changes.due_dates(uow.session, CASE_ID)
        interval = ExcludedInterval(
            kind=ExcludedIntervalKind.APPRAISAL, start=date(2026, 3, 10), end=date(2026, 3, 19)
        )
        cases.record_excluded_interval(
            uow, env, CASE_ID, OFFICER, clock.tick(days=20), interval=interval
        )
        changes = deadline_changes.deadline_changes(
            before, deadline_changes.due_dates(uow.session, CASE_ID)
        )
        uow.commit()
    moved = [(c.rule_id, c.old_due, c.new_due) for c in changes if c.change == "moved"]
    filed_on = date(2026, 3, 5)  # the clock ticks a day: received 03-03, verified 03-04
    # 90 days → 06-03; + 10 days of appraisal → Saturday 06-13, rolled to Monday (Art. 80).
    assert moved == [("samr.case_period", "2026-06-03", "2026-06-15")]
    with Session(engine) as session:
        detail = case_views.case_detail(session, CASE_ID, at(date(2026, 6, 1)), env.calendar)
    assert (detail.state, detail.clue_id, detail.filed_on) == (
        CaseState.INVESTIGATING, CLUE_ID, filed_on
    )  # fmt: skip
    assert [e.command for e in detail.timeline] == [
        "open", "assign_officers", "record_excluded_interval"
    ]  # fmt: skip
    assert detail.timeline[2].detail_zh == "鉴定 2026-03-10至2026-03-19"
    [period] = detail.deadlines
    assert (period.rule_id, period.due_date, period.left_zh) == (
        "samr.case_period", date(2026, 6, 15), "剩余 14 日"
    )  # fmt: skip


@sqlite_only
def test_deadlines_are_listed_soonest_first_and_filtered(engine: Engine, env: ServiceEnv) -> None:
    clock = Clock()
    investigating_case(engine, env, clock)
    receive(engine, env, clock, clue_id="X-2026-002")
    with Session(engine) as session:
        now = at(date(2026, 3, 20))
        listed = deadline_views.list_deadlines(session, now, env.calendar)
        assert [v.rule_id for v in listed] == ["samr.filing_check", "samr.case_period"]
        assert deadline_views.list_deadlines(session, now, env.calendar, overdue=True) == []
        later = at(date(2026, 7, 1))
        overdue = deadline_views.list_deadlines(session, later, env.calendar, overdue=True)
        assert [v.overdue for v in overdue] == [True, True]
        soon = deadline_views.list_deadlines(session, now, env.calendar, due_within=30)
        assert [v.aggregate_id for v in soon] == ["X-2026-002"]


@sqlite_only
def test_the_audit_trail_marks_entries_after_a_tampered_one(
    engine: Engine, env: ServiceEnv
) -> None:
    investigating_case(engine, env, Clock())
    with Session(engine) as session:
        trail = audit_trail(session, env.chain, CASE_ID, TZ)
    assert trail.ok
    assert [c.aggregate_kind for c in trail.chains] == ["clue", "case"]
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE audit_entry SET reason = 'later edit' WHERE aggregate_id = :c AND seq = 1"
            ),
            {"c": CASE_ID},
        )
    with Session(engine) as session:
        trail = audit_trail(session, env.chain, CASE_ID, TZ)
    case_chain = trail.chains[1]
    assert not trail.ok
    assert [e.verified for e in case_chain.entries] == [False, False]
    assert case_chain.problems_zh == ["第1条审计条目内容被修改"]
    assert trail.chains[0].ok
