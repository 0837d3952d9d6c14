"""How fast does the outbox drain? The dispatcher against a bare Apprise loop.

Queues N notifications and dispatches them to the local sink (``ipflowfile://``), two ways:

- the dispatcher: claim in batches under a lease, render the Jinja2 template, build an
  Apprise object per message (the idempotency key differs per message), append to the
  sink, and record the attempt and the outcome in its own transaction per message;
- the baseline: ``Apprise.notify`` in a loop on one Apprise object with a fixed text,
  to the same sink, recording nothing (what a naive loop costs).

Prints messages per second for each and the ratio, on a SQLite file (``synchronous=FULL``)
and, when the local server answers, PostgreSQL. ``python bench/bench_outbox.py [N]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import apprise
from sqlalchemy.engine import Engine

from ipflow.notify.plugins import register_plugins
from ipflow.notify.plugins.file_sink import sink_url
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.services.outbox_intents import queue_message
from ipflow.settings import load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from ipflow.store.uow import UnitOfWork

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def queue_rows(engine: Engine, n: int) -> None:
    with UnitOfWork(engine) as uow:
        for i in range(n):
            queue_message(
                uow.session,
                {
                    "key": f"referral:R-{i}#1|head|",
                    "kind": "referral_sent",
                    "aggregate_kind": "referral",
                    "aggregate_id": f"R-{i}",
                    "case_id": f"C-2026-{i:04d}",
                    "recipient_role": "head",
                    "recipient_id": None,
                    "rung": "",
                    "payload": {
                        "purpose_zh": "涉嫌犯罪案件已移送公安机关并抄送人民检察院",
                        "event": {
                            "type": "ReferralSent",
                            "occurred_at": NOW.isoformat(),
                            "police_unit": "示例县公安局",
                            "procuratorate": "示例县人民检察院",
                        },
                    },
                    "created_at": NOW,
                    "not_before": NOW,
                    "status": "pending",
                    "attempts": 0,
                },
            )
        uow.commit()


def bench_dispatcher(url: str, data_dir: Path, n: int) -> float:
    engine = make_engine(url)
    migrate.upgrade(engine)
    queue_rows(engine, n)
    settings = load_settings(data_dir=data_dir, database_url=url, notify_batch_size=200)
    dispatcher = build_dispatcher(settings, engine, clock=lambda: NOW)
    start = time.perf_counter()
    report = dispatcher.run()
    elapsed = time.perf_counter() - start
    assert report.sent == n, report
    engine.dispose()
    return n / elapsed


def bench_baseline(data_dir: Path, n: int) -> float:
    register_plugins()
    sender = apprise.Apprise()
    sender.add(sink_url(data_dir / "baseline.jsonl", "head"))
    start = time.perf_counter()
    for i in range(n):
        assert sender.notify(body=f"涉嫌犯罪案件移送通知 {i}", title="【示例县】移送通知")
    return n / (time.perf_counter() - start)


def postgres_url() -> str | None:
    try:
        from tests.databases import PG_ADMIN_URL, postgres_unavailable_reason
    except ImportError:
        return None
    if postgres_unavailable_reason() is not None:
        return None
    return PG_ADMIN_URL


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        baseline = bench_baseline(root, n)
        print(f"baseline  Apprise.notify loop, no record     {baseline:8.0f} msg/s")
        sqlite = bench_dispatcher(f"sqlite:///{root / 'ipflow.db'}", root / "sqlite", n)
        print(f"dispatch  SQLite (FULL sync), per-message tx {sqlite:8.0f} msg/s  "
              f"ratio {sqlite / baseline:.2f}")  # fmt: skip
        if postgres_url() is not None:
            from tests.databases import fresh_postgres_database

            with fresh_postgres_database() as url:
                pg = bench_dispatcher(url, root / "pg", n)
            print(f"dispatch  PostgreSQL, per-message tx         {pg:8.0f} msg/s  "
                  f"ratio {pg / baseline:.2f}")  # fmt: skip
        else:
            print("dispatch  PostgreSQL: no local server, skipped")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
