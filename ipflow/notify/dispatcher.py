"""The outbox dispatcher: claim due rows, render, route, mask, rate-limit, send, record.

Guarantee: **at least once, with deduplication where the receiver allows it.** Every
attempt is recorded in ``outbox_attempt`` right after it is made. A dispatcher killed
between sending and recording leaves its lease to expire; the next dispatcher sends
again, carrying the same idempotency key (``X-Ipflow-Idempotency-Key`` header for
webhooks, robots and the local sink, the Message-ID for e-mail), so a receiver that
deduplicates on it shows the message once. Channels that already accepted a message
are not sent it again on a retry.

Per message: the template is rendered once with the row's context; the recipient is
routed to channels (:mod:`ipflow.notify.channels`); group and other non-direct channels
get the text with personal data masked (:mod:`ipflow.notify.masking`); a channel whose
rate window is full is skipped for now and the message deferred to when it frees (not
a failed attempt). Documents the row's context names (``attachments``: the 移送书 of a
``referral_sent`` notice) go with the message to every channel that is not a group;
the notifier sends them by e-mail only.

Outcomes: every channel accepted → ``sent``; a permanent failure (bad address, 4xx
other than 408/429, a template that cannot render) → ``dead`` at once; a transient one
(5xx, timeout, a robot's ``errcode``) → retried after exponential backoff with jitter,
``dead`` after ``IPFLOW_NOTIFY_MAX_ATTEMPTS`` attempts; only rate-limited → deferred.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from ipflow.notify.backoff import RetryPolicy
from ipflow.notify.channels import ChannelBook, Delivery
from ipflow.notify.directory import Directory
from ipflow.notify.masking import PersonalData, mask_text
from ipflow.notify.outbox_claims import ClaimedMessage, claim_due, record_attempt, release
from ipflow.notify.port import Attachment, ChannelResult, Notifier, OutgoingMessage, idempotency_key
from ipflow.notify.rate_limit import RateLimiter
from ipflow.notify.rendering import MessageRenderer, RenderError
from ipflow.store.tables import OutboxStatus

log = logging.getLogger("ipflow.notify")
RowContext = Callable[[Mapping[str, Any], datetime], Mapping[str, Any]]  # (row, now) → variables


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    deferred: int = 0  # held back by a channel's rate limit, due again when it frees
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
    directory: Directory
    limiter: RateLimiter
    context: RowContext | None = None
    worker_id: str = field(default_factory=new_worker_id)
    clock: Callable[[], datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    _contexts: dict[tuple[Any, ...], Mapping[str, Any]] = field(
        default_factory=dict, init=False, repr=False
    )  # per batch: rows about the same case share one context lookup

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
        if claimed:
            self.directory.refresh()  # officers, units, addresses as of now; clears its caches
        self._contexts = {}
        margin = min(timedelta(seconds=30), self.lease / 4)
        for index, message in enumerate(claimed):
            # Never start a send the lease might not cover: another dispatcher could
            # take the row over mid-send and deliver it a second time.
            started = self.clock()
            if started >= message.lease_expires_at - margin:
                rest = [m.id for m in claimed[index:]]
                report.released += release(self.engine, worker=self.worker_id, outbox_ids=rest)
                break
            outcome = self._deliver(message, started)
            setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def _deliver(self, message: ClaimedMessage, started: datetime) -> str:
        row = message.row
        attempts = message.attempts + 1
        context = self._context(row, started)
        attachments = tuple((context or {}).get("attachments") or ())
        try:
            subject, body = self.renderer.render(row, context)
        except RenderError as exc:
            return self._record(message, started, [], self._dead(attempts, str(exc)))
        deliveries = [
            d
            for d in self.channels.route(row["kind"], self.directory.recipient(row))
            if d.channel.label not in message.delivered
        ]
        ready: list[Delivery] = []
        free_at: list[datetime] = []
        limits: list[str] = []
        attempted_at = self.clock()  # when the send starts: a rate slot is taken then
        for delivery in deliveries:
            waiting_until = self.limiter.acquire(delivery.channel, attempted_at)
            if waiting_until is None:
                ready.append(delivery)
            else:
                free_at.append(waiting_until)
                limits.append(self.limiter.describe(delivery.channel))
        results = self._send(row, subject, body, ready, attachments)
        failed = [r for r in results if not r.ok]
        now = self.clock()
        if not failed and not free_at:
            changes: dict[str, Any] = {
                "status": OutboxStatus.SENT.value,
                "attempts": attempts,
                "sent_at": now,
                "last_error": None,
                "next_attempt_at": None,
            }
        elif not failed:  # only held back by a rate limit: not an attempt that failed
            changes = {
                "attempts": message.attempts,
                "next_attempt_at": min(free_at),
                "last_error": "限速延后：" + "；".join(dict.fromkeys(limits)),
            }
            return self._record(message, attempted_at, results, changes, outcome="deferred")
        elif any(r.permanent for r in failed):
            changes = self._dead(attempts, _summary(failed, "永久性失败，不再重试"))
        elif self.policy.exhausted(attempts):
            changes = self._dead(attempts, _summary(failed, f"已尝试 {attempts} 次，转入死信"))
        else:
            retry_at = now + self.policy.delay(attempts, self.rng)
            changes = {
                "attempts": attempts,
                "next_attempt_at": max([retry_at, *free_at]),
                "last_error": _summary(failed, "临时性失败，将重试"),
            }
        return self._record(message, attempted_at, results, changes)

    def _context(self, row: Mapping[str, Any], at: datetime) -> Mapping[str, Any] | None:
        """The row's template context; rows of one batch about the same thing share it."""
        if self.context is None:
            return None
        payload = row.get("payload") or {}
        key = (
            row.get("kind"),  # the documents a notice carries depend on its kind
            row.get("case_id"),
            row.get("aggregate_kind"),
            row.get("aggregate_id"),
            row.get("recipient_id"),
            payload.get("deadline_id"),
            payload.get("rule_id") or (payload.get("event") or {}).get("rule_id"),
            payload.get("campaign_id"),
        )
        if key not in self._contexts:
            self._contexts[key] = self.context(row, at)
        return self._contexts[key]

    def _send(
        self,
        row: Mapping[str, Any],
        subject: str,
        body: str,
        ready: list[Delivery],
        attachments: tuple[Attachment, ...] = (),
    ) -> list[ChannelResult]:
        key = idempotency_key(row["key"])
        full = OutgoingMessage(subject, body, key, row["kind"], row["recipient_role"], attachments)
        masked = full
        if not all(d.full_text for d in ready):
            personal = self.directory.personal_data(row) or PersonalData()
            masked = replace(
                full, subject=mask_text(subject, personal), body=mask_text(body, personal)
            )
        # A document goes to an addressee's own mailbox even where the text is masked (the
        # 移送书 is addressed to public security and names the parties in full by law);
        # never to a group.
        batches = (
            (full, [d.channel for d in ready if d.full_text]),
            (masked, [d.channel for d in ready if not d.full_text and not d.channel.group]),
            (replace(masked, attachments=()), [d.channel for d in ready if d.channel.group]),
        )
        return [r for m, channels in batches if channels for r in self.notifier.send(m, channels)]

    def _dead(self, attempts: int, error: str) -> dict[str, Any]:
        return {"status": OutboxStatus.DEAD.value, "attempts": attempts, "last_error": error}

    def _record(
        self,
        message: ClaimedMessage,
        attempted_at: datetime,
        results: list[ChannelResult],
        changes: dict[str, Any],
        outcome: str | None = None,
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
        if outcome is not None:
            return outcome
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
