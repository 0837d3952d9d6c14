"""The daily digest: one row per officer per day, only for officers with something due."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ipflow.notify.outbox_claims import OUTBOX
from ipflow.services.context import ServiceEnv
from ipflow.services.digests import queue_daily_digests
from ipflow.store.uow import UnitOfWork
from tests.notify.county import PERSON, bureau, filed_case
from tests.unit.lifecycle_factories import Clock


def digest(engine: Engine, env: ServiceEnv, at, within: int = 7):  # type: ignore[no-untyped-def]
    with UnitOfWork(engine) as uow:
        run = queue_daily_digests(uow, env, at, within_days=within)
        uow.commit()
    return run


def test_one_digest_per_officer_per_day_listing_what_falls_due(
    sqlite_engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    bureau(sqlite_engine)
    filed_case(
        sqlite_engine, env, clock, "X-2026-001", "C-2026-001", PERSON
    )  # case period: 90 days
    at = clock.now + timedelta(days=85)  # filed a day later: four days left

    run = digest(sqlite_engine, env, at)
    assert (run.officers, run.queued, run.nothing_due) == (6, 2, 4)  # the two case officers
    assert digest(sqlite_engine, env, at + timedelta(hours=3)).already_queued == 2  # same day
    with sqlite_engine.connect() as conn:
        rows = conn.execute(select(OUTBOX).where(OUTBOX.c.kind == "daily_digest")).mappings().all()
    assert sorted(r["key"] for r in rows) == [
        f"digest:officer-li|{at.date()}",
        f"digest:officer-wang|{at.date()}",
    ]
    (item,) = rows[0]["payload"]["items"]
    assert item["rule_id"] == "samr.case_period" and item["left_zh"] == "剩余 4 日"
    assert item["basis_zh"] == "《市场监督管理行政处罚程序规定》第六十四条"
    assert rows[0]["recipient_role"] == "case_officer" and rows[0]["case_id"] is None


def test_nothing_due_within_the_window_queues_no_digest(
    sqlite_engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    bureau(sqlite_engine)
    filed_case(sqlite_engine, env, clock, "X-2026-001", "C-2026-001", PERSON)
    assert digest(sqlite_engine, env, clock.now, within=7).queued == 0
