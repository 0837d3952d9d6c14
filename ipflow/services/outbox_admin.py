"""Looking into the outbox and giving dead letters another chance (``ipflow outbox …``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from ipflow.errors import NotFound, RuleViolation
from ipflow.notify.outbox_claims import ATTEMPTS, OUTBOX, rows_changed
from ipflow.store.tables import OutboxStatus
from ipflow.store.uow import UnitOfWork

STATUS_LABELS_ZH = {
    OutboxStatus.PENDING.value: "待发送",
    OutboxStatus.SENT.value: "已发送",
    OutboxStatus.DEAD.value: "死信",
}
SUMMARY_COLUMNS = (
    "id",
    "key",
    "kind",
    "case_id",
    "recipient_role",
    "status",
    "attempts",
    "not_before",
    "next_attempt_at",
    "sent_at",
    "last_error",
)


@dataclass(frozen=True)
class MessageDetail:
    row: dict[str, Any]
    attempts: list[dict[str, Any]]


def list_messages(
    engine: Engine, *, status: OutboxStatus | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """The newest messages first (optionally of one status)."""
    query = select(*(OUTBOX.c[name] for name in SUMMARY_COLUMNS)).order_by(OUTBOX.c.id.desc())
    if status is not None:
        query = query.where(OUTBOX.c.status == status.value)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query.limit(limit)).mappings()]


def count_by_status(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(OUTBOX.c.status, func.count()).group_by(OUTBOX.c.status))
        return {str(status): int(count) for status, count in rows}


def show_message(engine: Engine, outbox_id: int) -> MessageDetail:
    with engine.connect() as conn:
        row = conn.execute(select(OUTBOX).where(OUTBOX.c.id == outbox_id)).mappings().first()
        if row is None:
            raise NotFound(
                f"通知 {outbox_id} 不存在", "no such outbox message", entity="outbox", key=outbox_id
            )
        attempts = conn.execute(
            select(ATTEMPTS).where(ATTEMPTS.c.outbox_id == outbox_id).order_by(ATTEMPTS.c.id)
        ).mappings()
        return MessageDetail(dict(row), [dict(a) for a in attempts])


def retry_messages(engine: Engine, outbox_ids: Sequence[int], *, now: datetime) -> int:
    """Dead messages: due now with a fresh attempt budget (history kept); waiting ones: due now.

    Refuses a message already sent: sending it again would be a duplicate.
    """
    with UnitOfWork(engine) as uow:
        session = uow.session
        rows = session.execute(
            select(OUTBOX.c.id, OUTBOX.c.status).where(OUTBOX.c.id.in_(list(outbox_ids)))
        ).all()
        found = {row.id: row.status for row in rows}
        missing = [i for i in outbox_ids if i not in found]
        if missing:
            raise NotFound(
                f"通知 {missing[0]} 不存在",
                "no such outbox message",
                entity="outbox",
                key=missing[0],
            )
        sent = [i for i in outbox_ids if found[i] == OutboxStatus.SENT.value]
        if sent:
            raise RuleViolation(
                f"通知 {sent[0]} 已发送，不能重发（重发会造成重复通知）",
                "message already sent",
            )
        dead = [i for i in outbox_ids if found[i] == OutboxStatus.DEAD.value]
        waiting = [i for i in outbox_ids if found[i] == OutboxStatus.PENDING.value]
        count = rows_changed(
            session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(dead), OUTBOX.c.status == OutboxStatus.DEAD.value)
                .values(
                    status=OutboxStatus.PENDING.value,
                    attempts=0,
                    next_attempt_at=now,
                    lease_owner=None,
                    lease_expires_at=None,
                )
            )
        )
        # A pending message may be leased by a running dispatcher: only bring its time forward.
        count += rows_changed(
            session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(waiting), OUTBOX.c.status == OutboxStatus.PENDING.value)
                .values(next_attempt_at=now)
            )
        )
        uow.commit()
    return int(count)


def dead_message_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        query = select(OUTBOX.c.id).where(OUTBOX.c.status == OutboxStatus.DEAD.value)
        return [int(i) for i in conn.execute(query.order_by(OUTBOX.c.id)).scalars()]
