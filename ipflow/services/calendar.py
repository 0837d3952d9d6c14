"""After a calendar year is loaded: recompute the deadlines that were provisional."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlmodel import col, select

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.events_base import AggregateKind
from ipflow.services.context import ServiceEnv
from ipflow.services.deadline_keeping import recompute_row
from ipflow.store.repositories import KIND_CLASSES, AggregateRepository
from ipflow.store.tables import DeadlineRow
from ipflow.store.uow import UnitOfWork


def recompute_provisional(
    uow: UnitOfWork, env: ServiceEnv, calendar: WorkingDayCalendar | None = None
) -> int:
    """Recompute every open provisional deadline with ``calendar``; returns how many changed."""
    if calendar is not None:
        env = replace(env, calendar=calendar)
    today = env.clock().astimezone(env.timezone).date()
    rows = uow.session.exec(
        select(DeadlineRow).where(
            col(DeadlineRow.provisional).is_(True), col(DeadlineRow.closed_at).is_(None)
        )
    ).all()
    repo = AggregateRepository(uow.session)
    cache: dict[tuple[str, str], Aggregate[Any]] = {}
    changed = 0
    for row in rows:
        key = (row.aggregate_kind, row.aggregate_id)
        if key not in cache:
            cls = KIND_CLASSES[AggregateKind(row.aggregate_kind)]
            cache[key] = repo.load(cls, row.aggregate_id)
        changed += recompute_row(row, cache[key], today, env)
    uow.session.flush()
    return changed
