"""A separate process that races another one for the same case version (spawned)."""

from __future__ import annotations

from datetime import timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from sqlmodel import Session

from ipflow.errors import ConcurrencyConflict
from ipflow.services import cases
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store.db import make_engine
from ipflow.store.tables import CaseRow
from ipflow.store.uow import UnitOfWork
from tests.unit.lifecycle_factories import FACTS, OFFICER, TZ

START = __import__("datetime").datetime(2026, 4, 1, 9, 0, tzinfo=TZ)


def race(
    name: str,
    url: str,
    data_dir: str,
    audit_key: str,
    case_id: str,
    rounds: int,
    barrier: Barrier,
    results: Any,
) -> None:
    engine = make_engine(url)
    env = ServiceEnv.from_settings(load_settings(data_dir=Path(data_dir), audit_key=audit_key))
    for round_number in range(rounds):
        with Session(engine) as session:
            row = session.get(CaseRow, case_id)
            assert row is not None
            seen = row.version
        barrier.wait(timeout=60)
        at = START + timedelta(hours=round_number)
        facts = FACTS.model_copy(update={"summary": f"{name} round {round_number}"})
        try:
            with UnitOfWork(engine) as uow:
                cases.record_facts(
                    uow, env, case_id, OFFICER, at, facts=facts, expected_version=seen
                )
                uow.commit()
            outcome = "won"
        except ConcurrencyConflict:
            outcome = "conflict"
        except Exception as exc:  # reported to the test, which fails on it
            outcome = f"error: {exc.__class__.__module__}.{exc.__class__.__name__}: {exc}"
        results.put((round_number, name, outcome))
        barrier.wait(timeout=60)
    engine.dispose()
