"""All or nothing: a failure after the state row was written leaves the database as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from ipflow.domain.case_records import ExcludedInterval
from ipflow.domain.grounds import ExcludedIntervalKind
from ipflow.services import cases, clues, outbox_intents, referrals
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import AggregateRepository
from ipflow.store.uow import UnitOfWork
from tests.integration.conftest import dump_tables
from tests.integration.scenario import (
    CASE_ID,
    CLUE_ID,
    HEAD,
    OFFICER,
    REFERRAL_ID,
    investigating_case,
    receive,
    referral_with_package,
    step,
)
from tests.unit.lifecycle_factories import ACT, DECISION, FACTS, REVIEWER, Clock


class Injected(RuntimeError):
    pass


def _nothing(engine: Engine, env: ServiceEnv, clock: Clock) -> None:
    return None


def _received(engine: Engine, env: ServiceEnv, clock: Clock) -> None:
    receive(engine, env, clock)
    step(engine, env, lambda u, e: clues.start_verification(u, e, CLUE_ID, OFFICER, clock.tick()))


def _approved(engine: Engine, env: ServiceEnv, clock: Clock) -> None:
    referral_with_package(engine, env, clock)
    step(engine, env, lambda u, e: referrals.approve(u, e, REFERRAL_ID, HEAD, clock.tick()))


def _penalty_notice_served(engine: Engine, env: ServiceEnv, clock: Clock) -> None:
    investigating_case(engine, env, clock)
    step(engine, env, lambda u, e: cases.request_legal_review(u, e, CASE_ID, OFFICER, clock.tick()))
    step(engine, env, lambda u, e: cases.pass_legal_review(u, e, CASE_ID, REVIEWER, clock.tick()))
    step(engine, env, lambda u, e: cases.notify_penalty(u, e, CASE_ID, OFFICER, clock.tick(), proposed_penalty="罚款十万元", hearing_right=False))  # fmt: skip


INTERVAL = ExcludedInterval(
    kind=ExcludedIntervalKind.APPRAISAL, start=date(2026, 3, 10), end=date(2026, 3, 19)
)
Setup = Callable[[Engine, ServiceEnv, Clock], None]
Action = Callable[[UnitOfWork, ServiceEnv, Clock], Any]
CASES: dict[str, tuple[Setup, Action, tuple[str, str]]] = {
    "receive a clue": (
        _nothing,
        lambda u, e, k: clues.receive_clue(u, e, OFFICER, k.tick(), clue_id=CLUE_ID, source="complaint", summary="举报"),  # type: ignore[arg-type]
        ("clue", CLUE_ID),
    ),
    "file a case": (
        _received,
        lambda u, e, k: clues.file_case(u, e, CLUE_ID, HEAD, k.tick(), case_id=CASE_ID, act=ACT, facts=FACTS),
        ("case", CASE_ID),
    ),
    "record an exclusion": (
        investigating_case,
        lambda u, e, k: cases.record_excluded_interval(u, e, CASE_ID, OFFICER, k.tick(), interval=INTERVAL),
        ("case", CASE_ID),
    ),
    "approve a referral": (
        referral_with_package,
        lambda u, e, k: referrals.approve(u, e, REFERRAL_ID, HEAD, k.tick()),
        ("referral", REFERRAL_ID),
    ),
    "send a referral": (
        _approved,
        lambda u, e, k: referrals.send(u, e, REFERRAL_ID, OFFICER, k.tick(hours=2), police_unit="示县公安局", procuratorate="示县人民检察院"),
        ("referral", REFERRAL_ID),
    ),
    "decide a penalty": (
        _penalty_notice_served,
        lambda u, e, k: cases.decide(u, e, CASE_ID, HEAD, k.tick(), decision=DECISION),
        ("case", CASE_ID),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_a_failure_after_the_state_write_rolls_everything_back(
    name: str, engine: Engine, env: ServiceEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup, action, (kind, aggregate_id) = CASES[name]
    clock = Clock()
    setup(engine, env, clock)
    before = dump_tables(engine)
    written: list[int] = []

    real = outbox_intents.queue_event_notices

    def failing_outbox(session: Any, intents: Any, event: Any, **kwargs: Any) -> int:
        if (event.aggregate_kind.value, event.aggregate_id) != (kind, aggregate_id):
            return real(session, intents, event, **kwargs)
        row = AggregateRepository(session).row(event.aggregate_kind, aggregate_id)
        assert row is not None and row.version == event.version  # state row already written
        written.append(row.version)
        raise Injected("outbox writer failed")

    monkeypatch.setattr(outbox_intents, "queue_event_notices", failing_outbox)
    with pytest.raises(Injected), UnitOfWork(engine) as uow:
        action(uow, env, clock)
        uow.commit()

    assert written, "the failure was injected after the state row was written"
    assert dump_tables(engine) == before
