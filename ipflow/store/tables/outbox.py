"""Notification intents, queued in the same transaction as the event that causes them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String
from sqlmodel import Field, SQLModel


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"  # dead letter: gave up after the configured attempts, or a permanent error


class OutboxMessage(SQLModel, table=True):
    """One notification intent: (event, recipient role, reminder rung) under a unique key.

    ``key`` makes queueing idempotent: the same intent can never be queued twice.
    ``lease_owner``/``lease_expires_at`` let several dispatchers claim rows safely.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "not_before"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=48)  # template name: deadline_approaching, referral_sent, …
    aggregate_kind: str = Field(max_length=32)
    aggregate_id: str = Field(max_length=64)
    case_id: str | None = Field(default=None, max_length=64)
    recipient_role: str = Field(max_length=32)
    recipient_id: str | None = Field(default=None, max_length=64)
    rung: str = Field(default="", max_length=16)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    not_before: datetime
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_type=String(16))
    attempts: int = 0
    next_attempt_at: datetime | None = None
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_expires_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None


class OutboxAttempt(SQLModel, table=True):
    """Every delivery attempt: when, on which channel (privacy-masked), the result."""

    __tablename__ = "outbox_attempt"

    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int = Field(foreign_key="outbox.id", index=True)
    attempted_at: datetime
    channel: str = Field(max_length=200)
    ok: bool
    error: str | None = None
