"""Planning a round: targets handed round-robin to officers in batches, idempotently."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from ipflow.errors import DomainError, InputError
from ipflow.services import campaigns, round_planning
from ipflow.services.context import ServiceEnv
from ipflow.store.tables import CampaignTargetRow
from ipflow.store.uow import UnitOfWork
from tests.integration.campaign_county import (
    AS_OF,
    CAMPAIGN_ID,
    CASE_OFFICERS,
    HEAD,
    import_targets,
    seed_bureau,
    start_campaign,
)


@pytest.fixture
def county(engine: Engine, env: ServiceEnv, tmp_path: Path) -> list[str]:
    seed_bureau(engine)
    start_campaign(engine, env)
    return import_targets(engine, tmp_path, 10)


def plan(engine: Engine, batch: int, **kwargs: object) -> list[int]:
    """Run batches until none is left; the size of each committed batch."""
    with UnitOfWork(engine) as uow:
        setup = round_planning.prepare_round(
            uow,
            CAMPAIGN_ID,
            1,
            today=AS_OF.date(),
            **kwargs,  # type: ignore[arg-type]
        )
    sizes = []
    while True:
        with UnitOfWork(engine) as uow:
            n = round_planning.plan_batch(uow, setup, batch)
            uow.commit()
        if not n:
            return sizes
        sizes.append(n)


def planned(engine: Engine) -> list[tuple[str, int | None, str | None]]:
    with UnitOfWork(engine) as uow:
        query = select(CampaignTargetRow).order_by(col(CampaignTargetRow.target_key))
        rows = uow.session.exec(query).all()
        return [(r.target_key, r.round_no, r.assigned_officer_id) for r in rows]


def test_the_lead_units_case_officers_take_the_targets_in_turn(
    engine: Engine, county: list[str]
) -> None:
    assert plan(engine, batch=4) == [4, 4, 2]
    assert planned(engine) == [
        (key, 1, CASE_OFFICERS[i % 3]) for i, key in enumerate(sorted(county))
    ]
    with UnitOfWork(engine) as uow:
        assert round_planning.assignments(uow.session, CAMPAIGN_ID, 1) == {
            "officer-a": 4,
            "officer-b": 3,
            "officer-c": 3,
        }


def test_batching_does_not_change_the_plan_and_a_second_run_plans_nothing(
    engine: Engine, county: list[str]
) -> None:
    plan(engine, batch=3)
    first = planned(engine)
    assert plan(engine, batch=3) == []
    assert (
        planned(engine)
        == first
        == [(key, 1, CASE_OFFICERS[i % 3]) for i, key in enumerate(sorted(county))]
    )


def test_a_round_of_a_given_size_with_given_officers(engine: Engine, county: list[str]) -> None:
    assert plan(engine, batch=4, round_size=5, officer_ids=("officer-c", "officer-a")) == [4, 1]
    rows = planned(engine)
    assert [r[2] for r in rows[:5]] == ["officer-c", "officer-a"] * 2 + ["officer-c"]
    assert all(r[1] is None for r in rows[5:])


def test_an_unknown_officer_and_a_closed_campaign_are_refused(
    engine: Engine, env: ServiceEnv, county: list[str]
) -> None:
    with pytest.raises(InputError, match=r"执法人员 ghost 未登记或已停用"):
        plan(engine, batch=4, officer_ids=("ghost",))
    with UnitOfWork(engine) as uow:
        campaigns.begin_closing(uow, env, CAMPAIGN_ID, HEAD, AS_OF)
        uow.commit()
    with pytest.raises(DomainError, match=r"当前状态为「总结阶段」，不能安排检查轮次"):
        plan(engine, batch=4)
    assert all(r[1] is None for r in planned(engine))


def test_a_scheduled_run_plans_the_current_round_and_a_rerun_continues_it(
    engine: Engine, county: list[str]
) -> None:
    def current(day: date, size: int) -> tuple[int, date]:
        with UnitOfWork(engine) as uow:
            setup = round_planning.prepare_round(uow, CAMPAIGN_ID, None, today=day, round_size=size)
            round_planning.plan_batch(uow, setup, 100)
            uow.commit()
        return setup.round_no, setup.planned_on

    june, july = date(2026, 6, 1), date(2026, 7, 1)
    assert current(june, 4) == (1, june)
    assert current(june, 4) == (1, june)  # the same day: the same round, nothing added
    assert current(july, 4) == (2, july)
    with UnitOfWork(engine) as uow:
        assert round_planning.assignments(uow.session, CAMPAIGN_ID, 2) == {
            "officer-a": 2,
            "officer-b": 1,
            "officer-c": 1,
        }
