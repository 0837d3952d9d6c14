"""The two commands every kind has: a correction and a missed deadline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import JsonValue

from ipflow.domain.events_base import AggregateKind
from ipflow.domain.lifecycle import Actor
from ipflow.services.commands import CommandResult, run_command
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import KIND_CLASSES
from ipflow.store.uow import UnitOfWork


def correct(
    uow: UnitOfWork,
    env: ServiceEnv,
    kind: AggregateKind,
    aggregate_id: str,
    actor: Actor,
    at: datetime,
    *,
    event_id: str,
    field: str,
    new_value: JsonValue,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Any]:
    """更正: a compensating entry overrides one field of an earlier event."""
    return run_command(
        uow,
        env,
        KIND_CLASSES[kind],
        aggregate_id,
        actor,
        at,
        "correct",
        expected_version=expected_version,
        event_id=event_id,
        field=field,
        new_value=new_value,
        reason=reason,
    )


def record_deadline_missed(
    uow: UnitOfWork,
    env: ServiceEnv,
    kind: AggregateKind,
    aggregate_id: str,
    actor: Actor,
    at: datetime,
    *,
    rule_id: str,
    due: date,
    due_at: datetime | None = None,
) -> CommandResult[Any]:
    """The sweep records an overdue deadline once; its row is marked missed."""
    return run_command(
        uow,
        env,
        KIND_CLASSES[kind],
        aggregate_id,
        actor,
        at,
        "record_deadline_missed",
        rule_id=rule_id,
        due=due,
        due_at=due_at,
    )
