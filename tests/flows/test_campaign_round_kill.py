"""Killed with SIGKILL and run again, ``campaign_round`` ends exactly where one
uninterrupted run ends: every natural key equal, none twice.

The round runs in a child process with small batches (40 targets, batches of 8: five
planning and five ingest transactions). The parent watches the database and kills the
child right after its first committed batch (a planning batch), after a middle one
(the third ingest batch) and after its last (all inspections in); it reruns the flow
after each kill, and the last rerun completes. The reference is the same round run once
without interruption on a store of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from flows import runtime
from flows.campaign_round import campaign_round
from flows.inputs import CampaignRoundInput
from ipflow.store.tables import CampaignTargetRow, InspectionRow
from ipflow.store.uow import UnitOfWork
from tests.flows.conftest import Store, open_store
from tests.integration.campaign_county import (
    AS_OF,
    CAMPAIGN_ID,
    import_targets,
    seed_bureau,
    start_campaign,
    write_inspections,
)

ROOT = Path(__file__).resolve().parents[2]
TARGETS, BATCH = 40, 8
NATURAL_KEYS = {
    "campaign_target": "SELECT target_key, round_no, assigned_officer_id, planned_on"
    " FROM campaign_target",
    "inspection": "SELECT id, campaign_id, target_key, inspected_on, outcome FROM inspection",
    "clue": "SELECT id, state, version, campaign_id FROM clue",
    "rectification": "SELECT id, state, version FROM rectification",
    "enforcement_case": "SELECT id, state, version FROM enforcement_case",
    "deadline": "SELECT aggregate_kind, aggregate_id, rule_id, instance, due_date, status"
    " FROM deadline",
    "outbox": "SELECT key, kind, recipient_role, status FROM outbox",
    "audit_entry": "SELECT aggregate_kind, aggregate_id, seq, command FROM audit_entry",
    "aggregate_registration": "SELECT aggregate_kind, aggregate_id FROM aggregate_registration",
}


def natural_keys(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    with engine.connect() as conn:
        return {
            name: sorted(tuple(str(v) for v in row) for row in conn.execute(text(sql)))
            for name, sql in NATURAL_KEYS.items()
        }


def county(store: Store, folder: Path) -> CampaignRoundInput:
    seed_bureau(store.engine)
    start_campaign(store.engine, store.env)
    folder.mkdir(exist_ok=True)
    import_targets(store.engine, folder, TARGETS)
    return CampaignRoundInput(
        campaign_id=CAMPAIGN_ID,
        inspections_file=write_inspections(folder, TARGETS),
        batch_size=BATCH,
        as_of=AS_OF,
    )


def scalar(engine: Engine, query: object) -> int:
    with UnitOfWork(engine) as uow:
        return int(uow.session.exec(query).one())  # type: ignore[call-overload]


def planned(engine: Engine) -> int:
    where = col(CampaignTargetRow.round_no).is_not(None)
    return scalar(engine, select(func.count()).select_from(CampaignTargetRow).where(where))


def inspected(engine: Engine) -> int:
    return scalar(engine, select(func.count()).select_from(InspectionRow))


class Child:
    def __init__(self, input_file: Path, api_url: str) -> None:
        env = {**os.environ, "PREFECT_API_URL": api_url, "ROUND_WORKER_PAUSE": "0.3"}
        env["PYTHONPATH"] = str(ROOT)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.flows.round_worker", str(input_file)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def kill_when(self, reached: Callable[[], bool], timeout: float = 60) -> float:
        """SIGKILL as soon as ``reached()``; returns the seconds it took to get there."""
        while not reached():
            if self.process.poll() is not None:
                _, err = self.process.communicate()
                pytest.fail(f"the round ended before the kill point:\n{err.decode()[-2000:]}")
            if time.monotonic() - self.started > timeout:
                self.process.kill()
                pytest.fail("the kill point was not reached in time")
            time.sleep(0.02)
        elapsed = time.monotonic() - self.started
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=10) == -signal.SIGKILL
        return elapsed

    def finish(self, timeout: float = 120) -> str:
        out, err = self.process.communicate(timeout=timeout)
        assert self.process.returncode == 0, err.decode()[-3000:]
        return out.decode()


def test_a_killed_round_rerun_ends_like_an_uninterrupted_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_harness: str
) -> None:
    reference = open_store(f"sqlite:///{tmp_path / 'ref.db'}", tmp_path / "ref", monkeypatch)
    params = county(reference, tmp_path / "ref-files")
    campaign_round(params)
    expected = natural_keys(reference.engine)
    assert len(expected["inspection"]) == TARGETS and len(expected["clue"]) == 15
    runtime.reset()

    killed = open_store(f"sqlite:///{tmp_path / 'killed.db'}", tmp_path / "killed", monkeypatch)
    input_file = tmp_path / "input.json"
    input_file.write_text(county(killed, tmp_path / "files").model_dump_json(), "utf-8")
    engine = killed.engine
    kill_points = [
        lambda: planned(engine) >= BATCH,  # the first committed batch (planning)
        lambda: inspected(engine) >= 3 * BATCH,  # a middle one (third ingest batch)
        lambda: inspected(engine) == TARGETS,  # the last one
    ]
    seen, seconds = [], []
    for reached in kill_points:
        seconds.append(Child(input_file, prefect_harness).kill_when(reached))
        seen.append((planned(engine), inspected(engine)))
    assert seen[0][1] == 0 and 0 < seen[1][1] < TARGETS and seen[2] == (TARGETS, TARGETS)
    last = Child(input_file, prefect_harness)
    last.finish()
    seconds.append(time.monotonic() - last.started)
    print("child runs (s, to kill point / to completion):", [round(s, 1) for s in seconds])

    got = natural_keys(engine)
    for table, rows in got.items():
        assert len(rows) == len(set(rows)), f"{table}: a natural key recorded twice"
        assert rows == expected[table], f"{table} differs from the uninterrupted run"
    killed.engine.dispose()
    reference.engine.dispose()
    runtime.reset()
