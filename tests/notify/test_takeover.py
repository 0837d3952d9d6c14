"""Dispatchers as separate processes: one killed with SIGKILL mid-batch and another taking
over; two running at once over 1,000 rows. Nothing is delivered twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ipflow.notify.outbox_claims import ATTEMPTS, OUTBOX
from ipflow.notify.port import idempotency_key
from ipflow.services.outbox_dispatch import build_dispatcher
from tests.notify.conftest import notify_settings, queue, routes
from tests.notify.receivers import Answer, HttpReceiver

REPO = Path(__file__).resolve().parents[2]


def dispatcher_process(
    database_url: str, data_dir: Path, notify_yaml: Path | None, batch: int
) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPFLOW_")}
    env.update(
        IPFLOW_DATABASE_URL=database_url,
        IPFLOW_DATA_DIR=str(data_dir),
        IPFLOW_NOTIFY_BATCH_SIZE=str(batch),
        IPFLOW_NOTIFY_LEASE_SECONDS="300",
    )
    if notify_yaml is not None:
        env["IPFLOW_NOTIFY_CONFIG_FILE"] = str(notify_yaml)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.notify.dispatch_worker"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_dispatcher_killed_mid_batch_is_taken_over_without_a_duplicate(
    engine: Engine, database_url: str, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    keys = queue(engine, 40)
    http_receiver.default_answer = Answer(200, delay=0.05)
    settings = notify_settings(tmp_path, routes(head=[http_receiver.url("/hook")]))
    assert settings.notify_config_file is not None

    victim = dispatcher_process(
        database_url, settings.data_dir, settings.notify_config_file, batch=40
    )
    deadline = time.monotonic() + 60
    while len(http_receiver.requests) < 10:
        assert victim.poll() is None, victim.communicate()
        assert time.monotonic() < deadline, "the dispatcher never started sending"
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    assert victim.returncode == -signal.SIGKILL

    with engine.connect() as conn:
        leased = conn.execute(
            select(func.count()).where(OUTBOX.c.lease_owner.is_not(None))
        ).scalar()
    assert leased and leased >= 20  # the victim's claims stay until its lease expires

    after_expiry = datetime.now(UTC) + timedelta(seconds=301)
    report = build_dispatcher(settings, engine, clock=lambda: after_expiry).run()

    assert report.sent == leased
    assert {key for (_path, key) in http_receiver.delivered} == {idempotency_key(k) for k in keys}
    assert http_receiver.duplicates <= 1  # at most the message in flight at the kill
    raw = Counter(r.key for r in http_receiver.requests)
    assert sum(raw.values()) == 40 + http_receiver.duplicates
    with engine.connect() as conn:
        ok_per_row = conn.execute(
            select(ATTEMPTS.c.outbox_id, func.count())
            .where(ATTEMPTS.c.ok)
            .group_by(ATTEMPTS.c.outbox_id)
        ).all()
    assert len(ok_per_row) == 40 and {n for _id, n in ok_per_row} == {1}


@pytest.mark.slow
def test_two_concurrent_dispatchers_share_1000_rows_and_send_none_twice(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    keys = queue(engine, 1000, role="case_officer")
    settings = notify_settings(tmp_path, None)  # the local sink, shared by both processes
    workers = [
        dispatcher_process(database_url, settings.data_dir, None, batch=25) for _ in range(2)
    ]
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        reports.append(json.loads(out))

    assert sum(r["sent"] for r in reports) == 1000
    assert all(r["sent"] > 0 for r in reports), reports  # both really took part
    lines = settings.notifications_file.read_text(encoding="utf-8").splitlines()
    delivered = Counter(json.loads(line)["idempotency_key"] for line in lines)
    assert delivered == Counter({idempotency_key(k): 1 for k in keys})
    with engine.connect() as conn:
        statuses = dict(
            conn.execute(select(OUTBOX.c.status, func.count()).group_by(OUTBOX.c.status)).all()
        )
        attempts = conn.execute(select(func.count()).select_from(ATTEMPTS)).scalar()
    assert statuses == {"sent": 1000} and attempts == 1000
