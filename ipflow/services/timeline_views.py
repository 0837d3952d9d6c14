"""Timelines: an aggregate's audit entries as officers read them (who, in which role,
when, what, from → to state, why, on what basis), with times in the bureau's zone.

Each entry keeps both times: when the act happened and when it was written; one written
more than the configured working days later is a late entry (补录, ``late_entry``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.domain.act_times import DEFAULT_LATE_ENTRY_WORKING_DAYS, is_late_entry
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.events_base import AggregateKind, event_id_of
from ipflow.domain.roles import Role
from ipflow.services.event_details import event_detail_zh
from ipflow.store.repositories import KIND_CLASSES
from ipflow.store.tables import AuditEntry, OfficerRow


class TimelineEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    """One audit entry: who, in which role, when, what, from → to, why, on what basis."""

    event_id: str
    aggregate_kind: str
    aggregate_id: str
    seq: int
    command: str
    command_zh: str
    occurred_at: datetime
    recorded_at: datetime
    actor_id: str
    actor_name: str | None
    role: str
    role_zh: str
    from_state: str | None
    from_state_zh: str | None
    to_state: str | None
    to_state_zh: str | None
    reason: str | None
    basis: str | None
    detail_zh: str
    late_entry: bool = False  # 补录: recorded long after it occurred


def local_time(moment: datetime, tz: tzinfo) -> datetime:
    """A stored time in the bureau's zone (SQLite hands back UTC without a zone)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(tz)


def timeline(
    session: Session,
    kind: str,
    aggregate_id: str,
    tz: tzinfo,
    calendar: WorkingDayCalendar | None = None,
    late_entry_days: int = DEFAULT_LATE_ENTRY_WORKING_DAYS,
) -> list[TimelineEntry]:
    """The aggregate's audit entries in order, with names and Chinese labels; with a
    ``calendar``, entries recorded more than ``late_entry_days`` working days late are marked."""
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.aggregate_kind == kind, AuditEntry.aggregate_id == aggregate_id)
        .order_by(col(AuditEntry.seq), col(AuditEntry.id))
    ).all()
    names = officer_names(session, people_in(entries))
    found = [timeline_entry(e, names, tz) for e in entries]
    if calendar is None:
        return found
    return [
        e.model_copy(
            update={
                "late_entry": is_late_entry(
                    e.occurred_at, e.recorded_at, calendar, tz, late_entry_days
                )
            }
        )
        for e in found
    ]


def people_in(entries: Iterable[AuditEntry]) -> set[str]:
    """The officers an audit trail names: who acted, and whom they assigned."""
    found: set[str] = set()
    for entry in entries:
        found.add(entry.actor_id)
        for event in entry.events:
            found.update(str(i) for i in event.get("officer_ids") or ())
    return found


def timeline_entry(entry: AuditEntry, names: dict[str, str], tz: tzinfo) -> TimelineEntry:
    lifecycle = KIND_CLASSES[AggregateKind(entry.aggregate_kind)].lifecycle
    states = lifecycle.states

    def state_zh(value: str | None) -> str | None:
        return lifecycle.state_label(states(value)) if value else None

    event = entry.events[0] if entry.events else {}
    return TimelineEntry(
        event_id=event_id_of(AggregateKind(entry.aggregate_kind), entry.aggregate_id, entry.seq),
        aggregate_kind=entry.aggregate_kind,
        aggregate_id=entry.aggregate_id,
        seq=entry.seq,
        command=entry.command,
        command_zh=lifecycle.command_label(entry.command),
        occurred_at=local_time(entry.occurred_at, tz),
        recorded_at=local_time(entry.recorded_at, tz),
        actor_id=entry.actor_id,
        actor_name=names.get(entry.actor_id),
        role=entry.role,
        role_zh=Role(entry.role).label_zh,
        from_state=entry.from_state,
        from_state_zh=state_zh(entry.from_state),
        to_state=entry.to_state,
        to_state_zh=state_zh(entry.to_state),
        reason=entry.reason,
        basis=entry.basis,
        detail_zh=event_detail_zh(event, names),
    )


def officer_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.exec(select(OfficerRow).where(col(OfficerRow.id).in_(wanted))).all()
    return {r.id: r.name for r in rows}
