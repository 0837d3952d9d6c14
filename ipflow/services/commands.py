"""The one code path of every service: load, call the domain, record, in one transaction.

``create`` runs a creating command (``Clue.receive``, ``Case.open`` …) and
``run_command`` any other command by name. Both then :func:`record` the result:

1. one :class:`AuditEntry` for the command (who, role, when, from/to state, reason,
   legal basis, the event) appended to the aggregate's chain — and, for a new
   aggregate, its registration in the creation chain;
2. the aggregate row: inserted, or updated only if it still has the version loaded
   (optimistic lock) — with the snapshot, state, version, audit head and hot columns;
3. the deadlines that opened, closed or moved (``deadline_keeping``);
4. the notification intents of each event (``outbox_intents``).

Nothing is committed here: the caller's :class:`UnitOfWork` commits all of it or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.events_base import DomainEvent
from ipflow.domain.lifecycle import Actor
from ipflow.errors import InputError
from ipflow.services import deadline_keeping, outbox_intents
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import KIND_LABELS_ZH, AggregateRepository, conflict
from ipflow.store.tables import AggregateRow
from ipflow.store.uow import UnitOfWork

A = TypeVar("A", bound=Aggregate[Any])


@dataclass(frozen=True)
class CommandResult(Generic[A]):
    aggregate: A
    events: list[DomainEvent]
    audit_hash: str

    @property
    def version(self) -> int:
        return self.aggregate.version


def case_id_of(aggregate: Aggregate[Any]) -> str | None:
    if aggregate.kind.value == "case":
        return aggregate.id
    value = getattr(aggregate, "case_id", None)
    return value if isinstance(value, str) else None


def record(
    uow: UnitOfWork,
    env: ServiceEnv,
    aggregate: A,
    events: list[Any],
    command: str,
    loaded: AggregateRow | None,
    **extra_columns: Any,
) -> CommandResult[A]:
    """Persist an accepted command (see the module docstring for what and in which order)."""
    session = uow.session
    if len(events) != 1:  # the audit chain counts one entry per version
        raise RuntimeError(f"{command} returned {len(events)} events, expected 1")
    event: DomainEvent = events[0]
    kind = aggregate.kind.value
    # Dates cannot lie: every act of every aggregate passes here, so this is the one check
    # that an act is not dated after now (backdating stays possible: paper comes first).
    env.refuse_future(f"「{aggregate.lifecycle.command_label(command)}」的日期", event.occurred_at)
    recorded_at = env.clock()
    entry = env.chain.append(
        session,
        loaded.audit_head if loaded is not None else None,
        aggregate_kind=kind,
        aggregate_id=aggregate.id,
        seq=event.version,
        command=command,
        actor_id=event.actor_id,
        role=event.role.value,
        occurred_at=event.occurred_at,
        recorded_at=recorded_at,
        from_state=event.from_state,
        to_state=event.to_state,
        reason=event.reason,
        basis=event.basis,
        events=[e.model_dump(mode="json") for e in events],
    )
    repo = AggregateRepository(session)
    if loaded is None:
        env.chain.register(session, kind, aggregate.id, event.occurred_at)
        repo.add(aggregate, entry.entry_hash, **extra_columns)
    else:
        repo.save(aggregate, loaded.version, entry.entry_hash)
    deadline_keeping.keep_deadlines(session, env, aggregate, event)
    outbox_intents.queue_event_notices(
        session, env.intents, event, case_id=case_id_of(aggregate), recorded_at=recorded_at
    )
    session.flush()
    return CommandResult(aggregate, list(events), entry.entry_hash)


def create(
    uow: UnitOfWork,
    env: ServiceEnv,
    cls: type[A],
    factory: str,
    actor: Actor,
    at: datetime,
    *,
    extra_columns: dict[str, Any] | None = None,
    **kwargs: Any,
) -> CommandResult[A]:
    """Run the creating command ``cls.<factory>`` and record the new aggregate."""
    aggregate, events = getattr(cls, factory)(actor, at, **kwargs)
    if AggregateRepository(uow.session).exists(cls.kind, aggregate.id):
        raise InputError(
            f"{KIND_LABELS_ZH[cls.kind]} {aggregate.id} 已存在",
            f"{cls.kind.value} {aggregate.id} already exists",
            field="id",
        )
    return record(uow, env, aggregate, events, factory, None, **(extra_columns or {}))


def run_command(
    uow: UnitOfWork,
    env: ServiceEnv,
    cls: type[A],
    aggregate_id: str,
    actor: Actor,
    at: datetime,
    command: str,
    *,
    expected_version: int | None = None,
    **kwargs: Any,
) -> CommandResult[A]:
    """Load ``cls`` ``aggregate_id``, run ``command`` on it and record the result.

    ``expected_version`` is the version the officer saw; if the record has moved on
    since, :class:`~ipflow.errors.ConcurrencyConflict` is raised before anything runs.
    """
    aggregate, row = AggregateRepository(uow.session).get(cls, aggregate_id)
    if expected_version is not None and row.version != expected_version:
        raise conflict(cls.kind, aggregate_id, expected_version)
    events = getattr(aggregate, command)(actor, at, **kwargs)
    return record(uow, env, aggregate, events, command, row)


def load(uow: UnitOfWork, cls: type[A], aggregate_id: str) -> A:
    """Read an aggregate (for a cross-aggregate guard) without changing it."""
    return AggregateRepository(uow.session).load(cls, aggregate_id)
