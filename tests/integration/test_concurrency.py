"""Two processes save the same case version at once: exactly one wins, the other is told
to reload (``ConcurrencyConflict``) — never a raw database error — on PostgreSQL and on a
SQLite file."""

from __future__ import annotations

import multiprocessing
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ipflow.services.context import ServiceEnv
from tests.integration.concurrency_worker import race
from tests.integration.conftest import AUDIT_KEY
from tests.integration.scenario import CASE_ID, investigating_case
from tests.unit.lifecycle_factories import Clock

ROUNDS = 20


@pytest.mark.slow
def test_exactly_one_of_two_racing_processes_wins_each_round(
    engine: Engine, env: ServiceEnv, database_url: str, tmp_path: Path
) -> None:
    investigating_case(engine, env, Clock())
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(
            target=race,
            args=(name, database_url, str(tmp_path / "data"), AUDIT_KEY, CASE_ID, ROUNDS, barrier, results),
        )
        for name in ("甲", "乙")
    ]  # fmt: skip
    for worker in workers:
        worker.start()
    outcomes: dict[int, list[str]] = defaultdict(list)
    for _ in range(2 * ROUNDS):
        round_number, _name, outcome = results.get(timeout=120)
        outcomes[round_number].append(outcome)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    assert len(outcomes) == ROUNDS
    for round_number, seen in outcomes.items():
        assert Counter(seen) == Counter({"won": 1, "conflict": 1}), (round_number, seen)
