"""Deliver queued notifications: claim due outbox rows, render, send, record, retry or give up.

Guarantee: **at least once, with deduplication where the receiver allows it.** Every
attempt is recorded in ``outbox_attempt`` right after it is made. A dispatcher killed
between sending and recording leaves its lease to expire; the next dispatcher sends
again, carrying the same idempotency key (``X-Ipflow-Idempotency-Key`` header for
webhooks and the local sink, the Message-ID for e-mail), so a receiver that
deduplicates on it shows the message once. Channels that already accepted a message
are not sent it again on a retry.

Outcomes per message: every channel accepted → ``sent``; a permanent failure (bad
address, 4xx other than 408/429, a template that cannot render) → ``dead`` at once;
a transient one → retried after exponential backoff with jitter, ``dead`` after
``IPFLOW_NOTIFY_MAX_ATTEMPTS`` attempts. ``ipflow outbox retry`` gives a dead
message a fresh start.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from ipflow.notify.apprise_notifier import AppriseNotifier
from ipflow.notify.backoff import RetryPolicy
from ipflow.notify.channels import ChannelBook, load_channel_book
from ipflow.notify.outbox_claims import ClaimedMessage, claim_due, record_attempt, release
from ipflow.notify.port import ChannelResult, Notifier, OutgoingMessage, idempotency_key
from ipflow.notify.rendering import MessageRenderer, RenderError
from ipflow.settings import Settings, environment_value
from ipflow.store.tables import OutboxStatus

log = logging.getLogger("ipflow.notify")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    lease_lost: int = 0
    released: int = 0
    batches: int = 0

    def add(self, other: DispatchReport) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class OutboxDispatcher:
    engine: Engine
    notifier: Notifier
    renderer: MessageRenderer
    channels: ChannelBook
    policy: RetryPolicy
    lease: timedelta
    batch_size: int
    worker_id: str = field(default_factory=new_worker_id)
    clock: Callable[[], datetime] = _utc_now
    rng: random.Random = field(default_factory=random.Random)

    def run(self, *, max_batches: int | None = None) -> DispatchReport:
        """Dispatch batch after batch until nothing is due (or ``max_batches`` ran)."""
        report = DispatchReport()
        while max_batches is None or report.batches < max_batches:
            batch = self.dispatch_batch()
            report.add(batch)
            if batch.claimed == 0:
                break
        return report

    def dispatch_batch(self) -> DispatchReport:
        claimed = claim_due(
            self.engine,
            worker=self.worker_id,
            now=self.clock(),
            lease=self.lease,
            limit=self.batch_size,
        )
        report = DispatchReport(claimed=len(claimed), batches=1 if claimed else 0)
        margin = min(timedelta(seconds=30), self.lease / 4)
        for index, message in enumerate(claimed):
            # Never start a send the lease might not cover: another dispatcher could
            # take the row over mid-send and deliver it a second time.
            if self.clock() >= message.lease_expires_at - margin:
                rest = [m.id for m in claimed[index:]]
                report.released += release(self.engine, worker=self.worker_id, outbox_ids=rest)
                break
            outcome = self._deliver(message)
            setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def _deliver(self, message: ClaimedMessage) -> str:
        row = message.row
        attempted_at = self.clock()
        attempts = message.attempts + 1
        try:
            subject, body = self.renderer.render(row)
        except RenderError as exc:
            return self._record(message, attempted_at, [], self._dead(attempts, str(exc)))
        channels = [
            c
            for c in self.channels.for_role(row["recipient_role"])
            if c.label not in message.delivered
        ]
        outgoing = OutgoingMessage(
            subject=subject,
            body=body,
            idempotency_key=idempotency_key(row["key"]),
            kind=row["kind"],
            recipient_role=row["recipient_role"],
        )
        results = self.notifier.send(outgoing, channels) if channels else []
        failed = [r for r in results if not r.ok]
        now = self.clock()
        if not failed:
            changes: dict[str, Any] = {
                "status": OutboxStatus.SENT.value,
                "attempts": attempts,
                "sent_at": now,
                "last_error": None,
                "next_attempt_at": None,
            }
        elif any(r.permanent for r in failed):
            changes = self._dead(attempts, _summary(failed, "永久性失败，不再重试"))
        elif self.policy.exhausted(attempts):
            changes = self._dead(attempts, _summary(failed, f"已尝试 {attempts} 次，转入死信"))
        else:
            changes = {
                "attempts": attempts,
                "next_attempt_at": now + self.policy.delay(attempts, self.rng),
                "last_error": _summary(failed, "临时性失败，将重试"),
            }
        return self._record(message, attempted_at, results, changes)

    def _dead(self, attempts: int, error: str) -> dict[str, Any]:
        return {"status": OutboxStatus.DEAD.value, "attempts": attempts, "last_error": error}

    def _record(
        self,
        message: ClaimedMessage,
        attempted_at: datetime,
        results: list[ChannelResult],
        changes: dict[str, Any],
    ) -> str:
        held = record_attempt(
            self.engine,
            outbox_id=message.id,
            worker=self.worker_id,
            attempted_at=attempted_at,
            results=results,
            changes=changes,
        )
        if not held:
            log.warning("outbox %s: lease lost before recording; left to its new owner", message.id)
            return "lease_lost"
        status = changes.get("status")
        if status == OutboxStatus.SENT.value:
            return "sent"
        if status == OutboxStatus.DEAD.value:
            log.warning("outbox %s dead: %s", message.id, changes.get("last_error"))
            return "dead"
        return "retrying"


def _summary(failed: list[ChannelResult], verdict: str) -> str:
    parts = [f"{r.channel.label}：{r.error or '发送失败'}" for r in failed]
    return f"{verdict}。" + "；".join(parts)


def channel_book_for(settings: Settings) -> ChannelBook:
    """The configured channels; with no notify.yaml at the default place, the local sink only."""
    path = settings.notify_config_path
    if settings.notify_config_file is None and not path.exists():
        return ChannelBook(by_role={}, sink_file=settings.notifications_file)
    return load_channel_book(path, settings.notifications_file, environment_value)


def renderer_for(settings: Settings) -> MessageRenderer:
    return MessageRenderer(
        settings.notify_templates_dir,
        bureau_name=settings.bureau_name,
        timezone=ZoneInfo(settings.timezone),
    )


def build_dispatcher(
    settings: Settings,
    engine: Engine,
    *,
    notifier: Notifier | None = None,
    clock: Callable[[], datetime] | None = None,
    worker_id: str | None = None,
    rng: random.Random | None = None,
) -> OutboxDispatcher:
    """The one place the dispatcher's parts are chosen (tests pass a clock or a worker id)."""
    return OutboxDispatcher(
        engine=engine,
        notifier=notifier or AppriseNotifier(),
        renderer=renderer_for(settings),
        channels=channel_book_for(settings),
        policy=RetryPolicy(
            max_attempts=settings.notify_max_attempts,
            base_seconds=settings.notify_backoff_base_seconds,
            max_seconds=settings.notify_backoff_max_seconds,
        ),
        lease=timedelta(seconds=settings.notify_lease_seconds),
        batch_size=settings.notify_batch_size,
        worker_id=worker_id or new_worker_id(),
        clock=clock or _utc_now,
        rng=rng or random.Random(),
    )


def send_test_notice(
    settings: Settings, role: str, *, notifier: Notifier | None = None, now: datetime | None = None
) -> list[ChannelResult]:
    """``ipflow notify test ROLE``: one test message to every channel of ``role``, no outbox."""
    channels = channel_book_for(settings).for_role(role)
    moment = now or _utc_now()
    message = OutgoingMessage(
        subject=f"【{settings.bureau_name}】ipflow 测试通知",
        body=(
            f"这是一条测试通知，用于确认「{role}」的通知渠道可用。\n"
            f"发送时间：{moment.astimezone(ZoneInfo(settings.timezone)):%Y-%m-%d %H:%M:%S}\n"
            "收到即表示渠道配置正确，无需回复。"
        ),
        idempotency_key=idempotency_key(f"test|{role}|{moment.isoformat()}"),
        kind="test",
        recipient_role=role,
    )
    return (notifier or AppriseNotifier()).send(message, channels)
