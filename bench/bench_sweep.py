"""How does the deadline sweep scale? N open deadlines, 1 % of them due within the horizon.

Seeds a fresh SQLite file with ``--scale`` open deadlines (default 10,000): 1 % due in
two working days (a reminder each), the rest due next year. Times one full sweep
(every batch, as the flow runs it) against the baseline from the same run: the raw
indexed query selecting the due rows. The sweep reads only the rows due, so its cost
follows the 1 %, not N. Goal (issue 20): ≤ 10× the raw due query.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from ipflow.services.context import ServiceEnv
from ipflow.services.deadline_sweep import sweep_batch
from ipflow.services.reminder_policy import load_reminder_policy
from ipflow.settings import bundled_config_dir, load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from ipflow.store.tables import DeadlineRow
from ipflow.store.uow import UnitOfWork

TODAY = date(2026, 6, 1)  # a Monday
AT = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


def seed(engine: object, n: int) -> int:
    due_soon = TODAY + timedelta(days=2)
    later = TODAY + timedelta(days=300)
    rows = [
        {
            "aggregate_kind": "case",
            "aggregate_id": f"C-2026-{i:07d}",
            "rule_id": "samr.filing_check",
            "instance": 0,
            "start": "2026-05-01",
            "due_date": due_soon if i % 100 == 0 else later,
            "provisional": False,
            "status": "open",
            "extensions": 0,
            "basis": {},
            "version": 1,
        }
        for i in range(n)
    ]
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(insert(DeadlineRow), rows)
        conn.execute(text("ANALYZE"))
    return sum(1 for r in rows if r["due_date"] == due_soon)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10_000, help="open deadlines")
    n = parser.parse_args().scale
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            data_dir=Path(tmp) / "data", audit_key="bench-audit-key-0123456789ab"
        )
        env = ServiceEnv.from_settings(settings)
        policy = load_reminder_policy(bundled_config_dir() / "rules")
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(engine)
        due = seed(engine, n)
        horizon = TODAY + timedelta(days=14)
        started = time.perf_counter()
        with engine.connect() as conn:
            raw = conn.execute(
                text(
                    "SELECT id FROM deadline WHERE status IN ('open', 'missed') AND "
                    "due_date <= :h AND closed_at IS NULL"
                ),
                {"h": horizon},
            ).all()
        t_raw = time.perf_counter() - started
        started = time.perf_counter()
        after, rows, queued = 0, 0, 0
        while True:
            with UnitOfWork(engine) as uow:
                batch = sweep_batch(uow, env, policy, AT, after_id=after, limit=500)
                uow.commit()
            if batch.last_id is None:
                break
            after, rows = batch.last_id, rows + batch.rows
            queued += batch.reminders_queued
        t_sweep = time.perf_counter() - started
        engine.dispose()
    print(f"deadline sweep, {n:,} open deadlines, {due:,} due within the horizon (SQLite)")
    print(f"  raw indexed due query (baseline)  {t_raw * 1000:9.1f} ms  ({len(raw):,} rows)")
    print(
        f"  full sweep                        {t_sweep * 1000:9.1f} ms  ({rows:,} rows read, "
        f"{queued:,} reminders queued)   ratio {t_sweep / t_raw:6.1f}×"
    )


if __name__ == "__main__":
    main()
