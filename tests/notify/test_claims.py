"""Claiming under a lease, on SQLite and PostgreSQL: a live lease keeps other dispatchers
off a row, an expired one lets them take it over, and the late owner cannot overwrite."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ipflow.errors import RuleViolation
from ipflow.notify.outbox_claims import claim_due, record_attempt
from ipflow.services.outbox_admin import retry_messages, show_message
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.store.tables import OutboxStatus
from tests.notify.conftest import T0, StepClock, notify_settings, queue, routes
from tests.notify.receivers import Answer, HttpReceiver

LEASE = timedelta(minutes=5)


def test_a_live_lease_keeps_others_off_and_an_expired_one_lets_them_take_over(
    engine: Engine,
) -> None:
    queue(engine, 3)
    first = claim_due(engine, worker="A", now=T0, lease=LEASE, limit=2)
    assert [m.id for m in first] == [1, 2]
    second = claim_due(engine, worker="B", now=T0 + timedelta(seconds=1), lease=LEASE, limit=10)
    assert [m.id for m in second] == [3]
    assert (
        claim_due(engine, worker="C", now=T0 + LEASE - timedelta(seconds=1), lease=LEASE, limit=10)
        == []
    )

    later = T0 + LEASE + timedelta(seconds=1)
    taken_over = claim_due(engine, worker="C", now=later, lease=LEASE, limit=10)
    assert sorted(m.id for m in taken_over) == [1, 2, 3]

    # A wakes up late: its outcome must not overwrite C's claim.
    sent = {"status": OutboxStatus.SENT.value, "attempts": 1, "sent_at": later}
    assert not record_attempt(
        engine, outbox_id=1, worker="A", attempted_at=later, results=[], changes=sent
    )
    assert record_attempt(
        engine, outbox_id=1, worker="C", attempted_at=later, results=[], changes=sent
    )
    assert show_message(engine, 1).row["status"] == OutboxStatus.SENT


def test_rows_not_yet_due_are_not_claimed(engine: Engine) -> None:
    queue(engine, 1, at=T0 + timedelta(hours=1))
    assert claim_due(engine, worker="A", now=T0, lease=LEASE, limit=10) == []
    assert (
        len(claim_due(engine, worker="A", now=T0 + timedelta(hours=1), lease=LEASE, limit=10)) == 1
    )


def test_a_transient_failure_waits_for_its_backoff_then_dead_letter_can_be_retried(
    engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    queue(engine)
    http_receiver.script("/hook", Answer(502), Answer(502))
    settings = notify_settings(
        tmp_path,
        routes(head=[http_receiver.url("/hook")]),
        notify_backoff_base_seconds=60,
        notify_max_attempts=2,
    )
    clock = StepClock()
    dispatcher = build_dispatcher(settings, engine, clock=clock)

    assert dispatcher.run().retrying == 1
    waiting = show_message(engine, 1).row
    assert timedelta(seconds=30) <= waiting["next_attempt_at"] - T0 <= timedelta(seconds=60)
    assert dispatcher.run().claimed == 0  # not yet due
    clock.advance(seconds=61)
    assert dispatcher.run().dead == 1
    assert len(http_receiver.requests) == 2

    assert retry_messages(engine, [1], now=clock()) == 1
    assert show_message(engine, 1).row["attempts"] == 0
    assert dispatcher.run().sent == 1
    detail = show_message(engine, 1)
    assert (detail.row["status"], len(detail.attempts)) == (OutboxStatus.SENT, 3)
    with pytest.raises(RuleViolation, match="已发送，不能重发"):
        retry_messages(engine, [1], now=clock())


class RunningClock:
    """Moves ``step`` forward on every reading: a slow batch against its lease."""

    def __init__(self, step: timedelta) -> None:
        self.now, self.step = T0, step

    def __call__(self):  # type: ignore[no-untyped-def]
        self.now += self.step
        return self.now


def test_a_batch_outrunning_its_lease_gives_back_what_it_has_not_started(
    engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    queue(engine, 5)
    settings = notify_settings(
        tmp_path,
        routes(head=[http_receiver.url("/hook")]),
        notify_lease_seconds=60,
        notify_batch_size=5,
    )
    dispatcher = build_dispatcher(settings, engine, clock=RunningClock(timedelta(seconds=5)))
    first = dispatcher.dispatch_batch()
    # 60 s lease, 15 s safety margin, 15 s per message: three sent, two given back.
    assert (first.sent, first.released) == (3, 2)
    assert dispatcher.run().sent == 2
    assert len(http_receiver.requests) == 5 and http_receiver.duplicates == 0
