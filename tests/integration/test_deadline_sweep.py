"""The deadline sweep: reminders at each rung once, missed recorded once, escalation to
the officer then the head, and the November warning about next year's calendar."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from ipflow.services.context import ServiceEnv
from ipflow.services.deadline_sweep import SweepBatch, sweep_batch, warn_missing_calendar
from ipflow.services.reminder_policy import ReminderPolicy, load_reminder_policy
from ipflow.settings import bundled_config_dir
from ipflow.store.tables import AuditEntry, DeadlineRow, OutboxMessage
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import CASE_ID, investigating_case
from tests.unit.lifecycle_factories import TZ, Clock

POLICY = load_reminder_policy(bundled_config_dir() / "rules")


def at_10(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=TZ)


def sweep(
    engine: Engine, env: ServiceEnv, day: date, policy: ReminderPolicy = POLICY
) -> SweepBatch:
    # The sweep runs on ``day``: its clock says so (a missed deadline is never recorded ahead).
    on_the_day = replace(env, clock=lambda: at_10(day))
    with UnitOfWork(engine) as uow:
        batch = sweep_batch(uow, on_the_day, policy, at_10(day), limit=2)
        uow.commit()
    return batch


def queued(engine: Engine, prefix: str = "deadline:") -> list[tuple[str, str | None]]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.exec(
            select(OutboxMessage.key, OutboxMessage.recipient_id)
            .where(col(OutboxMessage.key).startswith(prefix))
            .order_by(col(OutboxMessage.id))
        ).all()
    return [(key.split("|", 1)[1], recipient) for key, recipient in rows]


@pytest.fixture
def due(engine: Engine, env: ServiceEnv) -> date:
    """An investigating case whose case period (90 days) is the one open deadline."""
    investigating_case(engine, env, Clock())
    with UnitOfWork(engine) as uow:
        row = uow.session.exec(
            select(DeadlineRow).where(col(DeadlineRow.closed_at).is_(None))
        ).one()
        assert (row.rule_id, row.officer_id) == ("samr.case_period", "officer-li")
        return row.due_date


def test_each_reminder_rung_is_queued_once_to_the_officer(
    engine: Engine, env: ServiceEnv, due: date
) -> None:
    before = env.calendar.subtract_working_days
    assert sweep(engine, env, before(due, 8)).reminders_queued == 0
    assert sweep(engine, env, before(due, 7)).reminders_queued == 1
    assert sweep(engine, env, before(due, 7)).reminders_queued == 0  # same day, again
    assert sweep(engine, env, before(due, 5)).reminders_queued == 0  # still rung 7
    assert sweep(engine, env, before(due, 2)).reminders_queued == 1  # rung 3 reached
    assert sweep(engine, env, before(due, 1)).reminders_queued == 1
    assert sweep(engine, env, due).reminders_queued == 1
    assert queued(engine) == [
        ("case_officer|T-7", "officer-li"),
        ("case_officer|T-3", "officer-li"),
        ("case_officer|T-1", "officer-li"),
        ("case_officer|T-0", "officer-li"),
    ]


def test_an_overdue_deadline_is_recorded_missed_once_then_escalated_officer_then_head(
    engine: Engine, env: ServiceEnv, due: date
) -> None:
    next_day = env.calendar.add_working_days(due, 1)
    first = sweep(engine, env, next_day)
    assert (first.missed_recorded, first.escalations_queued, first.refused) == (1, 1, [])
    assert queued(engine) == [("case_officer|T+0", "officer-li")]
    with UnitOfWork(engine) as uow:
        period = DeadlineRow.rule_id == "samr.case_period"
        row = uow.session.exec(select(DeadlineRow).where(period)).one()
        audit = uow.session.exec(
            select(AuditEntry).where(AuditEntry.command == "record_deadline_missed")
        ).one()
        assert (row.status, row.closed_at) == ("missed", None)
        assert (audit.aggregate_id, audit.actor_id, audit.role) == (
            CASE_ID,
            "ipflow-system",
            "administrator",
        )
    assert sweep(engine, env, next_day + timedelta(hours=1)).missed_recorded == 0
    later = sweep(engine, env, env.calendar.add_working_days(due, 2))
    assert (later.missed_recorded, later.escalations_queued) == (0, 1)
    assert queued(engine)[-1] == ("head|T+2", None)
    assert sweep(engine, env, env.calendar.add_working_days(due, 5)).escalations_queued == 0
    # the DeadlineMissed event itself notifies as its intent says (one set, once)
    with UnitOfWork(engine) as uow:
        notices = uow.session.exec(
            select(OutboxMessage.recipient_role).where(OutboxMessage.kind == "deadline_missed")
        ).all()
    assert sorted(notices) == ["case_officer", "head"]


def test_next_years_calendar_is_asked_for_from_1_november_once(
    engine: Engine, env: ServiceEnv
) -> None:
    assert 2027 not in env.calendar.covered_years
    with UnitOfWork(engine) as uow:
        assert not warn_missing_calendar(uow, env, POLICY, at_10(date(2026, 10, 31)))
        assert warn_missing_calendar(uow, env, POLICY, at_10(date(2026, 11, 1)))
        assert not warn_missing_calendar(uow, env, POLICY, at_10(date(2026, 11, 2)))
        uow.commit()
    [(key, _)] = queued(engine, prefix="calendar:")
    assert key == "administrator|missing"
    with UnitOfWork(engine) as uow:
        message = uow.session.exec(select(OutboxMessage)).one()
        assert "2027年节假日安排尚未载入" in message.payload["purpose_zh"]
        assert "ipflow calendar import-notice 通知.txt --load" in message.payload["purpose_zh"]


def test_a_partys_window_lapses_without_being_missed_or_escalated(
    engine: Engine, env: ServiceEnv, due: date
) -> None:
    """陈述申辩、听证 (5 working days) is the party's window (obligor: party): when it ends
    unused the sweep records no missed deadline and sends no reminder or escalation."""
    from ipflow.services import cases
    from tests.unit.lifecycle_factories import OFFICER, REVIEWER

    clock = Clock(datetime(2026, 3, 20, 9, 0, tzinfo=TZ))  # after the case was opened
    with UnitOfWork(engine) as uow:
        cases.request_legal_review(uow, env, CASE_ID, OFFICER, clock.tick())
        cases.pass_legal_review(uow, env, CASE_ID, REVIEWER, clock.tick(), opinion="同意")
        cases.notify_penalty(
            uow, env, CASE_ID, OFFICER, clock.tick(), proposed_penalty="罚款", hearing_right=True
        )
        uow.commit()
    with UnitOfWork(engine) as uow:
        window = uow.session.exec(
            select(DeadlineRow).where(DeadlineRow.rule_id == "samr.hearing_request")
        ).one()
        window_id, window_due = window.id, window.due_date
    for day in (window_due - timedelta(days=1), window_due + timedelta(days=10)):
        sweep(engine, env, day)
    with UnitOfWork(engine) as uow:
        row = uow.session.get(DeadlineRow, window_id)
        assert row is not None and row.missed_at is None and row.status == "open"
        missed = uow.session.exec(
            select(AuditEntry).where(AuditEntry.command == "record_deadline_missed")
        ).all()
    assert not any("hearing_request" in str(e.events) for e in missed)
    assert not [key for key, _ in queued(engine) if str(window_id) in key.split("|")[0]]
