"""The daily digest: one notice per officer per day listing the statutory deadlines due.

For every active officer, the deadlines still open on the cases (and their clues and
referrals) the officer handles — overdue ones and those falling due within
``IPFLOW_NOTIFY_DIGEST_DAYS`` calendar days — read through
:func:`ipflow.services.deadline_views.list_deadlines`, with the time left as each rule
counts it. An officer with nothing due gets no digest.

Queued under the key ``digest:<officer>|<date>`` (the bureau's date), so running the
job twice on a day — or after a crash — queues nothing twice. The row is addressed to
the officer (``recipient_id``) in the officer's primary role; routing then reaches the
officer's own channels (``officer:<id>`` tags, per-officer e-mail), where the text is
full because the officer is an officer of those cases.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from ipflow.services import outbox_intents
from ipflow.services.context import ServiceEnv
from ipflow.services.deadline_views import list_deadlines
from ipflow.services.message_context import deadline_variables
from ipflow.store.tables import OfficerRow, OutboxMessage, OutboxStatus
from ipflow.store.uow import UnitOfWork

DIGEST_KIND = "daily_digest"


class DigestRun(BaseModel):
    officers: int = 0  # active officers looked at
    queued: int = 0  # digests queued by this run
    already_queued: int = 0  # digests of the day queued before (a rerun)
    nothing_due: int = 0


def digest_key(officer_id: str, day: str) -> str:
    return f"digest:{officer_id}|{day}"


def queue_daily_digests(
    uow: UnitOfWork, env: ServiceEnv, at: datetime, *, within_days: int
) -> DigestRun:
    """Queue today's digest for every active officer with something due (not committed)."""
    session = uow.session
    local = env.local_date(at)
    day = local.date().isoformat()
    run = DigestRun()
    officers = session.exec(
        select(OfficerRow).where(col(OfficerRow.active)).order_by(col(OfficerRow.id))
    ).all()
    for officer in officers:
        run.officers += 1
        key = digest_key(officer.id, day)
        if session.exec(select(OutboxMessage.id).where(OutboxMessage.key == key)).first():
            run.already_queued += 1
            continue
        views = list_deadlines(
            session, local, env.calendar, due_within=within_days, officer_id=officer.id
        )
        if not views:
            run.nothing_due += 1
            continue
        items = [deadline_variables(v) for v in views]
        outbox_intents.queue_message(
            session,
            {
                "key": key,
                "kind": DIGEST_KIND,
                "aggregate_kind": "officer",
                "aggregate_id": officer.id,
                "case_id": None,
                "recipient_role": officer.role,
                "recipient_id": officer.id,
                "rung": "",
                "payload": {
                    "purpose_zh": f"{day} 待办期限摘要",
                    "date": day,
                    "within_days": within_days,
                    "items": items,
                    "overdue": sum(1 for i in items if i["overdue"]),
                    "due_soon": sum(1 for i in items if not i["overdue"]),
                },
                "created_at": env.clock(),
                "not_before": at,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
            },
        )
        run.queued += 1
    session.flush()
    return run
