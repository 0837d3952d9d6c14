"""Deadline outcomes are stored on the row when it closes, with who owed the act.

The police's review (Decree 310 Art. 8) runs from their *acceptance*: a referral sent
on Friday 2026-05-08 and received on Monday 05-11 is due on 05-14, not 05-11; a filing
decision recorded on 05-15 is the police's lateness, one day, stored as such.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ipflow.services import referrals
from ipflow.services.context import ServiceEnv
from ipflow.services.deadline_sweep import sweep_batch
from ipflow.services.reminder_policy import load_reminder_policy
from ipflow.settings import bundled_config_dir
from ipflow.store.tables import DeadlineRow, OutboxMessage
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import (
    CASE_ID,
    HEAD,
    OFFICER,
    POLICE,
    REFERRAL_ID,
    referral_with_package,
    step,
)
from tests.unit.lifecycle_factories import TZ, Clock


def review_row(engine: Engine) -> DeadlineRow:
    with Session(engine) as session:
        return session.exec(
            select(DeadlineRow).where(
                DeadlineRow.aggregate_id == REFERRAL_ID,
                DeadlineRow.rule_id == "decree310.police_review",
            )
        ).one()


def sent_on_friday(engine: Engine, env: ServiceEnv) -> None:
    """The referral approved and sent to the police on Friday 2026-05-08."""
    referral_with_package(engine, env, Clock())
    step(engine, env, lambda u, e: referrals.approve(
        u, e, REFERRAL_ID, HEAD, datetime(2026, 5, 8, 9, 0, tzinfo=TZ)))  # fmt: skip
    step(engine, env, lambda u, e: referrals.send(
        u, e, REFERRAL_ID, OFFICER, datetime(2026, 5, 8, 15, 0, tzinfo=TZ),
        police_unit="某县公安局", procuratorate="某县人民检察院"))  # fmt: skip


def test_the_police_review_runs_from_acceptance_and_their_lateness_is_theirs(
    engine: Engine, env: ServiceEnv
) -> None:
    sent_on_friday(engine, env)
    assert review_row(engine).due_date == date(2026, 5, 11)  # from the transfer, until received
    step(engine, env, lambda u, e: referrals.record_police_receipt(
        u, e, REFERRAL_ID, POLICE, datetime(2026, 5, 11, 10, 0, tzinfo=TZ),
        receipt_number="SY-1"))  # fmt: skip
    row = review_row(engine)
    assert (row.start, row.due_date, row.obligor) == ("2026-05-11", date(2026, 5, 14), "police")
    step(engine, env, lambda u, e: referrals.record_police_filing(
        u, e, REFERRAL_ID, POLICE, datetime(2026, 5, 15, 11, 0, tzinfo=TZ),
        notice_number="LA-1"))  # fmt: skip
    row = review_row(engine)
    assert (row.outcome, row.late_by, row.late_unit) == ("late", 1, "calendar_days")
    assert row.closed_by == POLICE.officer_id
    assert row.closing_event is not None and row.closing_event.startswith(
        f"referral:{REFERRAL_ID}#"
    )


def test_a_step_taken_in_time_is_stored_on_time_with_its_act(
    engine: Engine, env: ServiceEnv
) -> None:
    sent_on_friday(engine, env)
    with Session(engine) as session:
        transfer = session.exec(
            select(DeadlineRow).where(DeadlineRow.rule_id == "decree310.transfer")
        ).one()
    assert (transfer.outcome, transfer.late_by, transfer.obligor) == ("on_time", None, "bureau")
    assert transfer.closed_by == OFFICER.officer_id


def test_the_sweep_records_the_polices_lateness_as_theirs_and_the_officer_chases_it(
    engine: Engine, env: ServiceEnv
) -> None:
    sent_on_friday(engine, env)
    policy = load_reminder_policy(bundled_config_dir() / "rules")
    for day in (12, 20, 29):  # past due 05-11, then long past every escalation rung
        with UnitOfWork(engine) as uow:
            sweep_batch(uow, env, policy, datetime(2026, 5, day, 10, 0, tzinfo=TZ))
            uow.commit()
    row = review_row(engine)
    assert (row.outcome, row.obligor, row.closed_at) == ("missed", "police", None)
    with Session(engine) as session:
        notices = session.exec(
            select(OutboxMessage.kind, OutboxMessage.recipient_role).where(
                col(OutboxMessage.key).startswith(f"deadline:{row.id}|")
            )
        ).all()
    overdue = [(k, r) for k, r in notices if k != "deadline_approaching"]
    assert overdue == [("police_overdue", "case_officer")]  # once, never to the head


def case_periods(engine: Engine) -> list[DeadlineRow]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(DeadlineRow)
                .where(DeadlineRow.rule_id == "samr.case_period")
                .order_by(col(DeadlineRow.instance))
            ).all()
        )


def test_a_case_back_from_a_declined_referral_does_not_count_the_days_away(
    engine: Engine, env: ServiceEnv
) -> None:
    """returned_case_clock (procedure.yaml, 待核实): by default the days between finding
    the suspected crime and taking the case back are excluded from the case period."""
    from ipflow.services import cases

    clock = Clock()
    referral_with_package(engine, env, clock)
    first = case_periods(engine)[0]
    assert first.outcome == "cancelled" and first.cancel_reason
    away = clock.now
    step(engine, env, lambda u, e: referrals.decline(
        u, e, REFERRAL_ID, HEAD, away + timedelta(days=20), reason="证据不足"))  # fmt: skip
    step(engine, env, lambda u, e: cases.take_back(
        u, e, CASE_ID, HEAD, away + timedelta(days=21), reason="不批准移送，恢复行政办理"))  # fmt: skip
    again = case_periods(engine)[-1]
    assert again.instance == 1 and again.closed_at is None
    excluded = again.basis["excluded"]
    assert any("移送公安机关期间" in (iv.get("reason_zh") or "") for iv in excluded)
    assert "待核实" in excluded[-1]["reason_zh"]
    assert again.due_date > first.due_date  # the days with the police were added back
