"""Notification intents: events → recipient roles (``config/rules/notification_intents.yaml``).

Queued in the command's transaction under the key ``"<event_id>|<role>|<rung>"``
(rung "" for event notices); a key already queued is skipped, never an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from ipflow.domain.events_base import DomainEvent
from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError
from ipflow.loaders.yamlfile import load_yaml_model
from ipflow.store.tables import OutboxMessage, OutboxStatus

INTENTS_FILE = "notification_intents.yaml"


class Intent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event: str = Field(min_length=1)
    template: str = Field(min_length=1, max_length=48)
    recipients: tuple[Role, ...] = Field(min_length=1)
    purpose_zh: str = Field(min_length=1)


class IntentsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    intents: tuple[Intent, ...]


class NotificationIntents:
    def __init__(self, intents: Sequence[Intent]) -> None:
        self._by_event = {intent.event: intent for intent in intents}

    def for_event(self, event_type: str) -> Intent | None:
        return self._by_event.get(event_type)


def load_notification_intents(rules_dir: Path) -> NotificationIntents:
    return NotificationIntents(load_yaml_model(rules_dir / INTENTS_FILE, IntentsFile).intents)


def outbox_key(event_id: str, role: str, rung: str = "") -> str:
    return f"{event_id}|{role}|{rung}"


def queue_message(session: Session, values: dict[str, Any]) -> None:
    """Insert one outbox row; a row with the same ``key`` already queued is left alone."""
    dialect = session.get_bind().dialect.name
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    if dialect == "postgresql":
        statement: Any = (
            pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=["key"])
        )
    elif dialect == "sqlite":
        statement = (
            sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=["key"])
        )
    else:  # pragma: no cover - ipflow supports SQLite and PostgreSQL only
        raise ConfigurationError(
            f"不支持的数据库：{dialect}（仅支持 SQLite 与 PostgreSQL）",
            f"unsupported database {dialect}",
            field="IPFLOW_DATABASE_URL",
        )
    session.execute(statement)


def queue_event_notices(
    session: Session,
    intents: NotificationIntents,
    event: DomainEvent,
    *,
    case_id: str | None,
    recorded_at: datetime,
) -> int:
    """Queue the event's notices (one per recipient role); returns how many were asked."""
    intent = intents.for_event(event.type)
    if intent is None:
        return 0
    payload = {
        "event": event.model_dump(mode="json"),
        "event_id": event.event_id,
        "purpose_zh": intent.purpose_zh,
    }
    for role in intent.recipients:
        queue_message(
            session,
            {
                "key": outbox_key(event.event_id, role.value),
                "kind": intent.template,
                "aggregate_kind": event.aggregate_kind.value,
                "aggregate_id": event.aggregate_id,
                "case_id": case_id,
                "recipient_role": role.value,
                "recipient_id": None,
                "rung": "",
                "payload": payload,
                "created_at": recorded_at,
                "not_before": event.occurred_at,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
            },
        )
    return len(intent.recipients)
