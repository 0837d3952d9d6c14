"""Fixtures of the delivery tests: receivers, a database, settings, queued messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from ipflow.services.outbox_intents import queue_message
from ipflow.settings import Settings, load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from ipflow.store.tables import OutboxStatus
from ipflow.store.uow import UnitOfWork
from tests.integration.conftest import database_url, engine, env  # noqa: F401  (shared fixtures)
from tests.notify.receivers import Answer, HttpReceiver, SmtpReceiver

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def http_receiver() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver().start()
    yield receiver
    receiver.stop()


ROBOT_OK = Answer(json={"errcode": 0, "errmsg": "ok"})


@pytest.fixture
def robot_receiver() -> Iterator[HttpReceiver]:
    """A group robot on 127.0.0.1: answers HTTP 200 with ``{"errcode": 0}`` unless scripted."""
    receiver = HttpReceiver()
    receiver.default_answer = ROBOT_OK
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp_receiver() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'ipflow.db'}")
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


def notify_settings(tmp_path: Path, notify_yaml: str | None, **overrides: Any) -> Settings:
    """Settings for a test: its own data dir and notify.yaml; no backoff waits by default."""
    config_file = None
    if notify_yaml is not None:
        config_file = tmp_path / "notify.yaml"
        config_file.write_text(notify_yaml, encoding="utf-8")
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "notify_config_file": config_file,
        "notify_backoff_base_seconds": 0,
        "notify_max_attempts": 3,
    }
    values.update(overrides)
    return load_settings(**values)


def routes(**role_urls: list[str]) -> str:
    """A notify.yaml routing each role to the given URLs."""
    lines = ["version: 1", "roles:"]
    for role, urls in role_urls.items():
        lines.append(f"  {role}:")
        lines.extend(f'    - url: "{url}"' for url in urls)
    return "\n".join(lines) + "\n"


def queue(
    db: Engine,
    count: int = 1,
    *,
    role: str = "head",
    kind: str = "referral_sent",
    prefix: str = "referral:R-2026-001",
    at: datetime = T0,
) -> list[str]:
    """Queue ``count`` outbox rows the way the services do; return their keys."""
    keys = []
    with UnitOfWork(db) as uow:
        for n in range(count):
            key = f"{prefix}#{n + 1}|{role}|"
            event = {
                "type": "ReferralSent",
                "occurred_at": (at - timedelta(minutes=5)).isoformat(),
                "police_unit": "示例县公安局",
                "procuratorate": "示例县人民检察院",
            }
            queue_message(
                uow.session,
                {
                    "key": key,
                    "kind": kind,
                    "aggregate_kind": "referral",
                    "aggregate_id": "R-2026-001",
                    "case_id": "C-2026-001",
                    "recipient_role": role,
                    "recipient_id": None,
                    "rung": "",
                    "payload": {
                        "event": event,
                        "event_id": key.split("|")[0],
                        "purpose_zh": "涉嫌犯罪案件已移送公安机关并抄送人民检察院",
                    },
                    "created_at": at,
                    "not_before": at,
                    "status": OutboxStatus.PENDING.value,
                    "attempts": 0,
                },
            )
            keys.append(key)
        uow.commit()
    return keys


class StepClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
