"""Open, met, missed and cancelled statutory deadlines."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel


class DeadlineStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    MISSED = "missed"  # passed while open; stays open for work but is reported missed
    CANCELLED = "cancelled"


# Still owed: open, or missed and still to be done (the one definition the views, the
# sweep and its candidate query use).
UNCLOSED = (DeadlineStatus.OPEN.value, DeadlineStatus.MISSED.value)


class DeadlineRow(SQLModel, table=True):
    """A deadline a lifecycle state opened, computed by the deadline engine.

    One row per (aggregate, rule, instance): recomputing (an exclusion, an extension,
    a newly loaded calendar year) updates the row in place; its history is in the audit.
    """

    __tablename__ = "deadline"
    __table_args__ = (
        UniqueConstraint(
            "aggregate_kind", "aggregate_id", "rule_id", "instance", name="uq_deadline_key"
        ),
        Index("ix_deadline_status_due", "status", "due_date"),
        Index("ix_deadline_officer", "officer_id", "status"),
        Index("ix_deadline_case", "case_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    aggregate_kind: str = Field(max_length=32)
    aggregate_id: str = Field(max_length=64)
    rule_id: str = Field(max_length=64)
    instance: int = 0
    case_id: str | None = Field(default=None, max_length=64)
    officer_id: str | None = Field(default=None, max_length=64)
    unit: str | None = Field(default=None, max_length=64)
    start: str = Field(max_length=32)  # ISO date or date-time, as the rule counts it
    due_date: date
    due_at: datetime | None = None  # for hour rules (24-hour transfer)
    provisional: bool = False
    status: DeadlineStatus = Field(default=DeadlineStatus.OPEN, sa_type=String(16))
    closed_at: datetime | None = None
    missed_at: datetime | None = None
    extensions: int = 0
    # Decided once, when the row closes (ipflow.domain.deadline_outcomes); the sweep
    # records "missed" on a row still open past due. Readers never recompute it.
    obligor: str = Field(default="bureau", max_length=16)  # who owed the act
    outcome: str | None = Field(default=None, max_length=24)
    late_by: int | None = None  # a late act: by how much, in late_unit (the rule's unit)
    late_unit: str | None = Field(default=None, max_length=16)
    closing_event: str | None = Field(default=None, max_length=96)  # event id of the act
    closed_by: str | None = Field(default=None, max_length=64)  # the actor of that act
    cancel_reason: str | None = Field(default=None, max_length=200)
    basis: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 1
