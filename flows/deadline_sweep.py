"""The deadline sweep (hourly by default): missed deadlines recorded, reminders and
escalations queued in the outbox, each exactly once (``deadline_sweep.sweep_batch``),
from 1 November a once-a-year warning when next year's holiday notice is missing, and each
officer's daily digest of what is due (once a day, whatever the number of sweeps).
"""

from __future__ import annotations

from prefect import flow
from pydantic import BaseModel, Field

from flows import runtime
from flows.inputs import DeadlineSweepInput
from ipflow.services import deadline_sweep, digests
from ipflow.services.automation import Refused, as_of
from ipflow.services.deadline_sweep import SweepBatch


class DeadlineSweepResult(BaseModel):
    deadlines_seen: int = 0
    missed_recorded: int = 0
    reminders_queued: int = 0
    escalations_queued: int = 0
    calendar_warning_queued: bool = False
    digests_queued: int = 0
    refused: list[Refused] = Field(default_factory=list)
    batches: int = 0


@runtime.batch_task("sweep-batch")
def sweep_batch(after_id: int, params: DeadlineSweepInput) -> SweepBatch:
    with runtime.transaction() as (uow, found):
        at = as_of(found.env, params.as_of)
        return deadline_sweep.sweep_batch(
            uow, found.env, found.reminders, at, after_id=after_id, limit=params.batch_size
        )


@runtime.batch_task("calendar-warning")
def calendar_warning(params: DeadlineSweepInput) -> bool:
    with runtime.transaction() as (uow, found):
        at = as_of(found.env, params.as_of)
        return deadline_sweep.warn_missing_calendar(uow, found.env, found.reminders, at)


@runtime.batch_task("daily-digests")
def daily_digests(params: DeadlineSweepInput) -> int:
    """Each officer's digest of what is due, once a day (key ``digest:<officer>|<date>``)."""
    with runtime.transaction() as (uow, found):
        at = as_of(found.env, params.as_of)
        within = found.settings.notify_digest_days
        return digests.queue_daily_digests(uow, found.env, at, within_days=within).queued


@flow(name="deadline-sweep", task_runner=runtime.task_runner(), validate_parameters=True)
def deadline_sweep_flow(params: DeadlineSweepInput) -> DeadlineSweepResult:
    result = DeadlineSweepResult()
    after = 0
    while True:
        batch = sweep_batch(after, params)
        result.batches += 1
        result.deadlines_seen += batch.rows
        result.missed_recorded += batch.missed_recorded
        result.reminders_queued += batch.reminders_queued
        result.escalations_queued += batch.escalations_queued
        result.refused += batch.refused
        if batch.last_id is None or batch.rows < params.batch_size:
            break
        after = batch.last_id
    result.calendar_warning_queued = calendar_warning(params)
    result.digests_queued = daily_digests(params)
    return result
