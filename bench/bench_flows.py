"""Prefect's overhead on a campaign round: the flow against the same services called
directly (the baseline), on N targets in batches of 500 (SQLite).

    .venv/bin/python bench/bench_flows.py [N]        # N defaults to 1000

Both paths plan the round (round-robin over three case officers), read the round's
inspection file and ingest it (findings → clues with deadlines, 责令整改 → orders), on
fresh stores of their own. The flow runs in Prefect's local mode: its first run pays
the temporary API's start (printed apart as "cold"); the ratio uses a second, warm run.
Prefect's home is a temporary directory; telemetry is off.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.runtime import prepare_environment  # noqa: E402  (before Prefect is imported)

WORK = Path(tempfile.mkdtemp(prefix="ipflow-bench-flows-"))
prepare_environment(WORK, verbose=False)

from flows import runtime  # noqa: E402
from flows.campaign_round import campaign_round  # noqa: E402
from flows.inputs import CampaignRoundInput  # noqa: E402
from ipflow.domain.roles import Role  # noqa: E402
from ipflow.loaders.inspections_file import read_inspections  # noqa: E402
from ipflow.services import field_work, round_planning  # noqa: E402
from ipflow.services.automation import system_actor  # noqa: E402
from ipflow.services.context import ServiceEnv  # noqa: E402
from ipflow.settings import load_settings  # noqa: E402
from ipflow.store import migrate  # noqa: E402
from ipflow.store.db import make_engine  # noqa: E402
from ipflow.store.uow import UnitOfWork  # noqa: E402
from tests.integration.campaign_county import (  # noqa: E402
    AS_OF,
    CAMPAIGN_ID,
    import_targets,
    seed_bureau,
    start_campaign,
    write_inspections,
)

BATCH = 500


def fresh_store(name: str, targets: int) -> tuple[CampaignRoundInput, ServiceEnv]:
    folder = WORK / name
    folder.mkdir()
    os.environ["IPFLOW_DATA_DIR"] = str(folder / "data")
    os.environ["IPFLOW_DATABASE_URL"] = f"sqlite:///{folder / 'ipflow.db'}"
    os.environ["IPFLOW_AUDIT_KEY"] = "bench-audit-key-0123456789abcdef"
    runtime.reset()
    engine = make_engine(os.environ["IPFLOW_DATABASE_URL"])
    migrate.upgrade(engine)
    env = ServiceEnv.from_settings(load_settings())
    seed_bureau(engine)
    start_campaign(engine, env)
    import_targets(engine, folder, targets)
    engine.dispose()
    params = CampaignRoundInput(
        campaign_id=CAMPAIGN_ID,
        inspections_file=write_inspections(folder, targets),
        batch_size=BATCH,
        as_of=AS_OF,
    )
    return params, env


def baseline(params: CampaignRoundInput, env: ServiceEnv) -> float:
    engine = make_engine(os.environ["IPFLOW_DATABASE_URL"])
    started = time.perf_counter()
    with UnitOfWork(engine) as uow:
        setup = round_planning.prepare_round(uow, params.campaign_id, 1, today=AS_OF.date())
    while True:
        with UnitOfWork(engine) as uow:
            n = round_planning.plan_batch(uow, setup, BATCH)
            uow.commit()
        if not n:
            break
    assert params.inspections_file is not None
    inspections = read_inspections(params.inspections_file, campaign_id=params.campaign_id)
    actor = system_actor(Role.CASE_OFFICER)
    for start in range(0, len(inspections), BATCH):
        with UnitOfWork(engine) as uow:
            field_work.ingest_inspections(
                uow, env, actor, AS_OF, inspections[start : start + BATCH]
            )
            uow.commit()
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def through_flow(params: CampaignRoundInput) -> float:
    started = time.perf_counter()
    result = campaign_round(params)
    elapsed = time.perf_counter() - started
    assert result.inspections_recorded == len(
        read_inspections(params.inspections_file, campaign_id=CAMPAIGN_ID)
    )  # type: ignore[arg-type]
    return elapsed


def main() -> int:
    targets = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(f"campaign round of {targets} targets, batches of {BATCH} (SQLite, Prefect local mode)")
    base = baseline(*fresh_store("baseline", targets))
    cold = through_flow(fresh_store("flow-cold", targets)[0])
    warm = through_flow(fresh_store("flow-warm", targets)[0])
    print(f"  services without Prefect : {base:7.2f} s")
    print(f"  flow, first run (cold)   : {cold:7.2f} s  (includes starting the temporary API)")
    print(f"  flow, second run (warm)  : {warm:7.2f} s")
    print(f"  Prefect overhead (warm)  : {warm - base:7.2f} s, ratio {warm / base:.2f}")
    runtime.reset()
    return 0


if __name__ == "__main__":
    sys.exit(main())
