"""The append-only audit trail and the registry of aggregates (see ``ipflow.store.audit``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class AuditEntry(SQLModel, table=True):
    """One accepted command on one aggregate: who, as which role, when, what, why.

    Rows are only ever inserted. ``entry_hash`` chains each row to the one before it
    for the same aggregate (``prev_hash``), so an edit, a deletion or a reordering is
    detected by ``ipflow audit verify``.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        UniqueConstraint("aggregate_kind", "aggregate_id", "seq", name="uq_audit_aggregate_seq"),
        Index("ix_audit_aggregate", "aggregate_kind", "aggregate_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    aggregate_kind: str = Field(max_length=32)
    aggregate_id: str = Field(max_length=64)
    seq: int
    command: str = Field(max_length=64)
    actor_id: str = Field(max_length=64)
    role: str = Field(max_length=32)
    occurred_at: datetime
    recorded_at: datetime
    from_state: str | None = Field(default=None, max_length=48)
    to_state: str | None = Field(default=None, max_length=48)
    reason: str | None = None
    basis: str | None = None
    events: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    prev_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)


class AggregateRegistration(SQLModel, table=True):
    """A chain over the creation of every aggregate, so that a deleted case is detected.

    ``seq`` is global; ``entry_hash`` covers the previous registration's hash, the
    aggregate's kind and id and its genesis hash.
    """

    __tablename__ = "aggregate_registration"
    __table_args__ = (
        UniqueConstraint("aggregate_kind", "aggregate_id", name="uq_registration_aggregate"),
    )

    seq: int | None = Field(default=None, primary_key=True)
    aggregate_kind: str = Field(max_length=32)
    aggregate_id: str = Field(max_length=64)
    created_at: datetime
    prev_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)
