"""The scheduler on a Prefect server (the test harness stands in for `prefect server start`):
`ipflow scheduler run` registers and serves the deployments with their schedules in
Asia/Shanghai time, and a head's approval from the CLI starts the relevant deployment at
once instead of any process waiting."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows import runtime
from flows.deployments import runner_deployment
from ipflow.cli import app
from ipflow.services import officers
from ipflow.services.schedule_plan import planned_deployments
from ipflow.settings import bundled_config_dir, load_settings
from ipflow.store.uow import UnitOfWork
from tests.flows.conftest import Store, open_store
from tests.integration import scenario
from tests.unit.lifecycle_factories import Clock

runner = CliRunner()


def deployments_on_server() -> dict[str, object]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        found = client.read_deployments()
        flows = {f.id: f.name for f in client.read_flows()}
    return {f"{flows[d.flow_id]}/{d.name}": d for d in found}


@pytest.fixture
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """One SQLite store: what is checked here does not depend on the store's database."""
    opened = open_store(f"sqlite:///{tmp_path / 'ipflow.db'}", tmp_path / "data", monkeypatch)
    with UnitOfWork(opened.engine) as uow:
        officers.add_officer(uow.session, officers.OfficerInput(
            id="zhao", name="赵刚", roles=("head",)))  # fmt: skip
        uow.commit()
    yield opened
    opened.engine.dispose()
    runtime.reset()


def test_scheduler_run_serves_every_deployment_with_its_schedule(
    sqlite_store: Store, prefect_harness: str
) -> None:
    plan = bundled_config_dir() / "campaigns" / "gi-mark-2026.yaml"
    created = runner.invoke(app, ["campaign", "create", str(plan), "--as", "zhao"])
    assert created.exit_code == 0, created.output
    env = {**os.environ, "PREFECT_API_URL": prefect_harness, "DO_NOT_TRACK": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ipflow.cli", "scheduler", "run"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=sqlite_store.data_dir,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        wanted = {"campaign-round/round-GI-2026", "deadline-sweep/hourly",
                  "case-progress/regular", "referral-dispatch/regular", "outbox-dispatch/regular"}  # fmt: skip
        served: dict[str, object] = {}
        while time.monotonic() < deadline and not wanted <= set(served):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(1)
            served = deployments_on_server()
        assert wanted <= set(served)
        rounds = served["campaign-round/round-GI-2026"]
        schedule = rounds.schedules[0].schedule  # type: ignore[attr-defined]
        assert (schedule.cron, schedule.timezone) == ("0 9 1 1,4,7,10 *", "Asia/Shanghai")
        assert rounds.parameters == {"params": {"campaign_id": "GI-2026", "round_no": None}}  # type: ignore[attr-defined]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_referral_approval_starts_the_dispatch_deployment_at_once(
    sqlite_store: Store, prefect_harness: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings()
    dispatch = next(
        d for d in planned_deployments_for(settings) if d.flow_name == "referral-dispatch"
    )
    runner_deployment(dispatch).apply()  # as `ipflow scheduler run` registers it
    scenario.referral_with_package(sqlite_store.engine, sqlite_store.env, Clock())
    monkeypatch.setenv("PREFECT_API_URL", prefect_harness)
    monkeypatch.setenv("IPFLOW_PREFECT_API_URL", prefect_harness)
    before = runs_of("referral-dispatch", "regular")
    approved = runner.invoke(app, ["referral", "approve", scenario.REFERRAL_ID, "--as", "zhao"])
    assert approved.exit_code == 0, approved.output
    assert "已通知调度服务立即组卷并移送公安机关" in approved.output
    assert runs_of("referral-dispatch", "regular") == before + 1


def test_without_a_server_the_approval_waits_for_the_next_scheduled_run(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario.referral_with_package(sqlite_store.engine, sqlite_store.env, Clock())
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    approved = runner.invoke(app, ["referral", "approve", scenario.REFERRAL_ID, "--as", "zhao"])
    assert approved.exit_code == 0, approved.output
    assert "下一次定时运行" in approved.output


def planned_deployments_for(settings):  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    from ipflow.store.db import make_engine

    engine = make_engine(settings.effective_database_url)
    with Session(engine) as session:
        return planned_deployments(session, settings)


def runs_of(flow_name: str, deployment_name: str) -> int:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[deployment_name]))
        )
        flows = {f.id: f.name for f in client.read_flows()}
    return sum(1 for r in runs if flows.get(r.flow_id) == flow_name)
