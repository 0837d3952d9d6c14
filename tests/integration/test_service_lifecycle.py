"""A case from clue to closing, and a referral to the police, through the services.

After each step: one more audit entry for the aggregate, the deadlines the new state
runs are open (the ones it left are met or cancelled), and the notices are queued.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ipflow.domain.case_records import ExcludedInterval
from ipflow.domain.cases import CaseState
from ipflow.domain.grounds import ExcludedIntervalKind, ServiceMethod
from ipflow.domain.referrals import ReferralState
from ipflow.errors import ConcurrencyConflict, IllegalTransition
from ipflow.services import cases, referrals
from ipflow.services.audit import verify_audit
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import AggregateRepository
from ipflow.store.tables import AuditEntry, CaseRow, DeadlineRow, OutboxMessage
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import (
    CASE_ID,
    CLUE_ID,
    HEAD,
    OFFICER,
    POLICE,
    REFERRAL_ID,
    file,
    investigating_case,
    receive,
    referral_with_package,
    step,
)
from tests.unit.lifecycle_factories import DECISION, FINE, REVIEWER, Clock


def audit_commands(engine: Engine, kind: str, aggregate_id: str) -> list[str]:
    with Session(engine) as s:
        rows = s.exec(
            select(AuditEntry)
            .where(AuditEntry.aggregate_kind == kind, AuditEntry.aggregate_id == aggregate_id)
            .order_by(col(AuditEntry.seq))
        ).all()
        return [r.command for r in rows]


def deadlines(engine: Engine, aggregate_id: str) -> dict[tuple[str, int], DeadlineRow]:
    with Session(engine) as s:
        rows = s.exec(select(DeadlineRow).where(DeadlineRow.aggregate_id == aggregate_id)).all()
        return {(r.rule_id, r.instance): r for r in rows}


def outbox_keys(engine: Engine) -> set[str]:
    with Session(engine) as s:
        return set(s.exec(select(OutboxMessage.key)).all())


def test_receiving_a_clue_records_audit_deadline_and_notice(
    engine: Engine, env: ServiceEnv
) -> None:
    result = receive(engine, env, Clock())

    assert result.version == 1
    assert audit_commands(engine, "clue", CLUE_ID) == ["receive"]
    row = deadlines(engine, CLUE_ID)[("samr.filing_check", 0)]
    assert row.status == "open"
    assert row.start == "2026-03-03"
    assert row.due_date == date(2026, 3, 24)  # 15 working days
    assert row.basis["basis"]["article"] == "第十八条"
    assert outbox_keys(engine) == {f"clue:{CLUE_ID}#1|head|"}


def test_filing_files_the_clue_and_opens_the_case_in_one_transaction(
    engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    receive(engine, env, clock)
    filed, opened = file(engine, env, clock)

    assert filed.aggregate.state.value == "filed"
    assert opened.aggregate.state is CaseState.FILED
    assert audit_commands(engine, "clue", CLUE_ID) == ["receive", "start_verification", "file_case"]
    assert audit_commands(engine, "case", CASE_ID) == ["open"]
    assert deadlines(engine, CLUE_ID)[("samr.filing_check", 0)].status == "met"
    case_period = deadlines(engine, CASE_ID)[("samr.case_period", 0)]
    assert case_period.status == "open"
    assert case_period.due_date == date(2026, 6, 3)  # filed 2026-03-05 + 90 days
    assert f"clue:{CLUE_ID}#3|case_officer|" in outbox_keys(engine)


def test_an_exclusion_and_an_extension_move_the_case_period(
    engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    investigating_case(engine, env, clock)
    interval = ExcludedInterval(
        kind=ExcludedIntervalKind.APPRAISAL, start=date(2026, 3, 10), end=date(2026, 3, 19)
    )
    step(
        engine,
        env,
        lambda u, e: cases.record_excluded_interval(
            u, e, CASE_ID, OFFICER, clock.tick(), interval=interval
        ),
    )
    after_exclusion = deadlines(engine, CASE_ID)[("samr.case_period", 0)]
    assert after_exclusion.due_date == date(2026, 6, 15)  # 10 days later, then Monday
    step(
        engine, env, lambda u, e: cases.extend(u, e, CASE_ID, HEAD, clock.tick(), reason="案情复杂")
    )
    extended = deadlines(engine, CASE_ID)[("samr.case_period", 0)]
    assert extended.extensions == 1
    assert extended.due_date == date(2026, 7, 13)
    assert extended.version == 3


def test_a_full_case_walks_to_closing(engine: Engine, env: ServiceEnv) -> None:
    clock = Clock()
    investigating_case(engine, env, clock)
    walk = [
        (lambda u, e: cases.request_legal_review(u, e, CASE_ID, OFFICER, clock.tick()), "legal_review", {"samr.case_period", "samr.legal_review"}),
        (lambda u, e: cases.pass_legal_review(u, e, CASE_ID, REVIEWER, clock.tick(), opinion="事实清楚"), "reviewed", {"samr.case_period"}),
        (lambda u, e: cases.notify_penalty(u, e, CASE_ID, OFFICER, clock.tick(), proposed_penalty="罚款十万元", hearing_right=True), "penalty_notice_served", {"samr.case_period", "samr.hearing_request"}),
        (lambda u, e: cases.decide(u, e, CASE_ID, HEAD, clock.tick(), decision=DECISION), "decided", {"samr.decision_service", "samr.penalty_publication"}),
        (lambda u, e: cases.serve_decision(u, e, CASE_ID, OFFICER, clock.tick(), method=ServiceMethod.DIRECT), "served", {"samr.fine_payment", "samr.penalty_publication"}),
        (lambda u, e: cases.record_payment(u, e, CASE_ID, OFFICER, clock.tick(), amount=FINE), "paid", set()),
        (lambda u, e: cases.record_execution(u, e, CASE_ID, OFFICER, clock.tick()), "executed", {"samr.case_closing"}),
        (lambda u, e: cases.close(u, e, CASE_ID, HEAD, clock.tick()), "closed", set()),
    ]  # fmt: skip
    for number, (action, state, open_rules) in enumerate(walk, start=3):
        result = step(engine, env, action)
        assert result.aggregate.state.value == state
        assert result.version == number
        assert len(audit_commands(engine, "case", CASE_ID)) == number
        still_open = {
            rule for (rule, _), row in deadlines(engine, CASE_ID).items() if row.closed_at is None
        }
        assert still_open == open_rules, state
    rows = deadlines(engine, CASE_ID)
    assert rows[("samr.case_period", 0)].status == "met"
    assert rows[("samr.fine_payment", 0)].status == "met"
    assert f"case:{CASE_ID}#3|legal_reviewer|" in outbox_keys(engine)
    with UnitOfWork(engine) as uow:
        assert AggregateRepository(uow.session).open_case_ids_of("officer-li") == []
        assert verify_audit(uow, env.chain).ok
    with Session(engine) as s:
        row = s.get(CaseRow, CASE_ID)
        assert row is not None and row.decision_number == DECISION.number


def test_a_referral_goes_to_the_police_and_the_case_period_is_cancelled(
    engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    referral_with_package(engine, env, clock)
    assert deadlines(engine, CASE_ID)[("samr.case_period", 0)].status == "cancelled"
    head_decision = deadlines(engine, REFERRAL_ID)[("decree310.head_decision", 0)]
    assert head_decision.status == "open"

    approved = step(
        engine, env, lambda u, e: referrals.approve(u, e, REFERRAL_ID, HEAD, clock.tick())
    )
    transfer = deadlines(engine, REFERRAL_ID)[("decree310.transfer", 0)]
    assert transfer.due_at is not None
    assert transfer.due_at == approved.events[0].occurred_at + timedelta(hours=24)
    assert deadlines(engine, REFERRAL_ID)[("decree310.head_decision", 0)].status == "met"

    sent = step(
        engine,
        env,
        lambda u, e: referrals.send(
            u, e, REFERRAL_ID, OFFICER, clock.tick(hours=2),
            police_unit="示县公安局食药环侦大队", procuratorate="示县人民检察院",
        ),
    )  # fmt: skip
    assert deadlines(engine, REFERRAL_ID)[("decree310.transfer", 0)].status == "met"
    keys = outbox_keys(engine)
    sent_id = sent.events[0].event_id
    assert sent_id == f"referral:{REFERRAL_ID}#8"
    assert {f"{sent_id}|police_liaison|", f"{sent_id}|procuratorate_liaison|"} <= keys

    step(engine, env, lambda u, e: referrals.record_police_filing(u, e, REFERRAL_ID, POLICE, clock.tick(), notice_number="LA-001"))  # fmt: skip
    step(engine, env, lambda u, e: referrals.hand_over_exhibits(u, e, REFERRAL_ID, OFFICER, clock.tick(), items=("运动鞋 320 双",)))  # fmt: skip
    closed = step(engine, env, lambda u, e: referrals.close(u, e, REFERRAL_ID, HEAD, clock.tick()))
    assert closed.aggregate.state is ReferralState.CLOSED
    case = step(engine, env, lambda u, e: cases.close(u, e, CASE_ID, HEAD, clock.tick()))
    assert case.aggregate.state is CaseState.CLOSED
    assert len(audit_commands(engine, "referral", REFERRAL_ID)) == closed.version
    with UnitOfWork(engine) as uow:
        assert verify_audit(uow, env.chain).ok


def test_a_refused_command_leaves_no_trace(engine: Engine, env: ServiceEnv) -> None:
    clock = Clock()
    investigating_case(engine, env, clock)
    with pytest.raises(IllegalTransition), UnitOfWork(engine) as uow:
        cases.decide(uow, env, CASE_ID, HEAD, clock.tick(), decision=DECISION)
    assert audit_commands(engine, "case", CASE_ID) == ["open", "assign_officers"]


def test_a_stale_expected_version_is_a_conflict(engine: Engine, env: ServiceEnv) -> None:
    clock = Clock()
    investigating_case(engine, env, clock)
    with pytest.raises(ConcurrencyConflict) as caught, UnitOfWork(engine) as uow:
        cases.request_legal_review(uow, env, CASE_ID, OFFICER, clock.tick(), expected_version=1)
    assert caught.value.zh.startswith("案件 C-2026-001 已被他人修改")
    assert caught.value.expected_version == 1
