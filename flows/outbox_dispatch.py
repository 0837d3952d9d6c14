"""Deliver queued notifications: one coarse task per run (ipflow.services.outbox_dispatch).

Scheduled by the scheduler (every minute, say) and safe to run in several places at once:
rows are claimed under a lease, so two runs never send the same row.
"""

from __future__ import annotations

from prefect import flow, task
from pydantic import BaseModel, ConfigDict, Field

from flows.runtime import retry_transient, services
from ipflow.services.outbox_dispatch import build_dispatcher


class OutboxDispatchInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_batches: int | None = Field(default=None, ge=1, description="None: until nothing is due")


class OutboxDispatchResult(BaseModel):
    claimed: int
    sent: int
    retrying: int
    dead: int
    lease_lost: int
    released: int
    batches: int
    deferred: int = 0  # held back by a channel's rate limit


@task(retries=2, retry_delay_seconds=10, retry_condition_fn=retry_transient)
def dispatch_due_messages(input: OutboxDispatchInput) -> OutboxDispatchResult:
    """Idempotent: a message already sent is never claimed again."""
    found = services()
    report = build_dispatcher(found.settings, found.engine).run(max_batches=input.max_batches)
    return OutboxDispatchResult(**report.__dict__)


@flow(name="outbox-dispatch", log_prints=False)
def outbox_dispatch(input: OutboxDispatchInput = OutboxDispatchInput()) -> OutboxDispatchResult:
    return dispatch_due_messages(input)
