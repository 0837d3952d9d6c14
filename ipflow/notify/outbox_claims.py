"""Claiming due outbox rows under a lease, and recording what each attempt did.

A row is due when it is pending, its time has come (``next_attempt_at``, or
``not_before`` before the first attempt) and nobody holds a live lease on it. Claiming
marks a batch with the dispatcher's id and a lease expiry, in one short transaction:

* PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` — concurrent dispatchers skip rows
  another is claiming instead of waiting for them, and a row whose lease was committed
  meanwhile is re-checked and dropped (READ COMMITTED re-evaluates the WHERE clause).
* SQLite: the transaction begins with ``BEGIN IMMEDIATE`` (one writer at a time), so
  the select and the conditional update cannot interleave with another claim.

A dispatcher that dies keeps its lease until it expires; the rows are then due again.
Recording is conditional on still holding the lease (``lease_owner`` = us), so a
dispatcher that overran its lease cannot overwrite the outcome of the one that took over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, or_, select, true, update
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlmodel.sql.sqltypes import UTCDateTime

from ipflow.notify.port import ChannelResult
from ipflow.store.tables import OutboxAttempt, OutboxMessage, OutboxStatus
from ipflow.store.uow import UnitOfWork

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[attr-defined]
ATTEMPTS: Table = OutboxAttempt.__table__  # type: ignore[attr-defined]
DUE_AT = func.coalesce(OUTBOX.c.next_attempt_at, OUTBOX.c.not_before, type_=UTCDateTime())


def rows_changed(result: Result[Any]) -> int:
    """Rows an UPDATE matched (``Session.execute`` is typed as a plain Result)."""
    return int(cast(CursorResult[Any], result).rowcount)


@dataclass(frozen=True)
class ClaimedMessage:
    row: dict[str, Any]  # the outbox row's columns
    lease_expires_at: datetime
    delivered: frozenset[str]  # labels of channels that already accepted this message

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def attempts(self) -> int:
        return int(self.row["attempts"])


def claim_due(
    engine: Engine, *, worker: str, now: datetime, lease: timedelta, limit: int
) -> list[ClaimedMessage]:
    """Lease up to ``limit`` due rows to ``worker``; oldest due first."""
    expires = now + lease
    with UnitOfWork(engine) as uow:
        session = uow.session
        ids = list(
            session.execute(
                select(OUTBOX.c.id)
                .where(
                    OUTBOX.c.status == OutboxStatus.PENDING.value,
                    now >= DUE_AT,
                    or_(OUTBOX.c.lease_expires_at.is_(None), OUTBOX.c.lease_expires_at <= now),
                )
                .order_by(DUE_AT, OUTBOX.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite is under BEGIN IMMEDIATE
            ).scalars()
        )
        if not ids:
            return []
        session.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(ids))
            .values(lease_owner=worker, lease_expires_at=expires)
        )
        rows = session.execute(
            select(OUTBOX).where(OUTBOX.c.id.in_(ids)).order_by(DUE_AT, OUTBOX.c.id)
        ).mappings()
        claimed = [dict(row) for row in rows]
        delivered: dict[int, set[str]] = {}
        for outbox_id, channel in session.execute(
            select(ATTEMPTS.c.outbox_id, ATTEMPTS.c.channel).where(
                ATTEMPTS.c.outbox_id.in_(ids), ATTEMPTS.c.ok == true()
            )
        ):
            delivered.setdefault(outbox_id, set()).add(channel)
        uow.commit()
    return [
        ClaimedMessage(row, expires, frozenset(delivered.get(row["id"], ()))) for row in claimed
    ]


def record_attempt(
    engine: Engine,
    *,
    outbox_id: int,
    worker: str,
    attempted_at: datetime,
    results: Sequence[ChannelResult],
    changes: dict[str, Any],
) -> bool:
    """Log each channel's result and apply ``changes`` to the row if ``worker`` still holds it.

    Returns False when the lease was lost (another dispatcher took the row over): the
    attempts are still logged, the row is left to its new owner.
    """
    with UnitOfWork(engine) as uow:
        session = uow.session
        if results:
            session.execute(
                ATTEMPTS.insert(),
                [
                    {
                        "outbox_id": outbox_id,
                        "attempted_at": attempted_at,
                        "channel": r.channel.label[:200],
                        "ok": r.ok,
                        "error": r.error,
                    }
                    for r in results
                ],
            )
        held = rows_changed(
            session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == outbox_id, OUTBOX.c.lease_owner == worker)
                .values(lease_owner=None, lease_expires_at=None, **changes)
            )
        )
        uow.commit()
    return held == 1


def release(engine: Engine, *, worker: str, outbox_ids: Sequence[int]) -> int:
    """Give back claimed rows that were not attempted (due again at once)."""
    if not outbox_ids:
        return 0
    with UnitOfWork(engine) as uow:
        count = rows_changed(
            uow.session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(list(outbox_ids)), OUTBOX.c.lease_owner == worker)
                .values(lease_owner=None, lease_expires_at=None)
            )
        )
        uow.commit()
    return int(count)


def recent_sends(engine: Engine, channel_name: str, since: datetime) -> list[datetime]:
    """When messages were last sent on a channel (any officer's copy of it) since ``since``.

    Seeds a rate limiter: labels are ``<name>（…`` or, per officer, ``<name>→<officer>（…``.
    """
    label = ATTEMPTS.c.channel
    query = select(ATTEMPTS.c.attempted_at).where(
        ATTEMPTS.c.attempted_at >= since,
        or_(
            label.startswith(f"{channel_name}（", autoescape=True),
            label.startswith(f"{channel_name}→", autoescape=True),
        ),
    )
    with engine.connect() as conn:
        return [cast(datetime, t) for t in conn.execute(query).scalars()]
