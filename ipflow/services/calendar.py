"""After a calendar year is loaded: recompute the deadlines that were provisional."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlmodel import col, select

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.events_base import AggregateKind
from ipflow.services.context import ServiceEnv
from ipflow.services.deadline_keeping import recompute_row
from ipflow.settings import Settings
from ipflow.store.repositories import KIND_CLASSES, AggregateRepository
from ipflow.store.tables import DeadlineRow
from ipflow.store.uow import UnitOfWork


@dataclass(frozen=True)
class MovedDeadline:
    """A provisional deadline whose due date changed when a calendar year was loaded."""

    aggregate_kind: str
    aggregate_id: str
    rule_id: str
    case_id: str | None
    before: date
    after: date
    provisional: bool


def recompute_provisional(
    uow: UnitOfWork, env: ServiceEnv, calendar: WorkingDayCalendar | None = None
) -> int:
    """Recompute every open provisional deadline with ``calendar``; returns how many changed."""
    return recompute_provisional_moves(uow, env, calendar)[0]


def recompute_provisional_moves(
    uow: UnitOfWork, env: ServiceEnv, calendar: WorkingDayCalendar | None = None
) -> tuple[int, list[MovedDeadline]]:
    """Recompute as :func:`recompute_provisional`; also list the deadlines whose due date moved."""
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
    moved: list[MovedDeadline] = []
    for row in rows:
        key = (row.aggregate_kind, row.aggregate_id)
        if key not in cache:
            cls = KIND_CLASSES[AggregateKind(row.aggregate_kind)]
            cache[key] = repo.load(cls, row.aggregate_id)
        before = row.due_date
        changed += recompute_row(row, cache[key], today, env)
        if row.due_date != before:
            moved.append(
                MovedDeadline(
                    row.aggregate_kind,
                    row.aggregate_id,
                    row.rule_id,
                    row.case_id,
                    before,
                    row.due_date,
                    row.provisional,
                )
            )
    uow.session.flush()
    return changed, moved


def recompute_after_load(cfg: Settings) -> tuple[int, list[MovedDeadline]] | None:
    """Recompute every provisional deadline in the store; None when there is no database yet."""
    from ipflow.store.db import make_engine
    from ipflow.store.migrate import current_revision

    if cfg.database_url is None and not (cfg.data_dir / "ipflow.db").exists():
        return None
    engine = make_engine(cfg.effective_database_url)
    try:
        if current_revision(engine) is None:
            return None
        with UnitOfWork(engine) as uow:
            result = recompute_provisional_moves(uow, ServiceEnv.from_settings(cfg))
            uow.commit()
        return result
    finally:
        engine.dispose()
