"""Walking clues, cases and referrals through the services, one transaction per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.engine import Engine

from ipflow.domain.clues import ClueSource
from ipflow.domain.evidence import Material
from ipflow.services import cases, clues, referrals
from ipflow.services.context import ServiceEnv
from ipflow.store.uow import UnitOfWork
from tests.unit.lifecycle_factories import (
    ACT,
    FACTS,
    HEAD,
    OFFICER,
    PARTY,
    POLICE,
    Clock,
    evidence,
)

T = TypeVar("T")
CLUE_ID, CASE_ID, REFERRAL_ID = "X-2026-001", "C-2026-001", "R-2026-001"


def step(engine: Engine, env: ServiceEnv, action: Callable[[UnitOfWork, ServiceEnv], T]) -> T:
    """One command in one committed transaction."""
    with UnitOfWork(engine) as uow:
        result = action(uow, env)
        uow.commit()
    return result


def receive(engine: Engine, env: ServiceEnv, clock: Clock, clue_id: str = CLUE_ID) -> Any:
    return step(
        engine,
        env,
        lambda u, e: clues.receive_clue(
            u,
            e,
            OFFICER,
            clock.tick(),
            clue_id=clue_id,
            source=ClueSource.COMPLAINT,
            summary="举报某商贸公司销售假冒运动鞋",
            parties=(PARTY,),
        ),
    )


def file(engine: Engine, env: ServiceEnv, clock: Clock, case_id: str = CASE_ID) -> Any:
    step(engine, env, lambda u, e: clues.start_verification(u, e, CLUE_ID, OFFICER, clock.tick()))
    return step(
        engine,
        env,
        lambda u, e: clues.file_case(
            u, e, CLUE_ID, HEAD, clock.tick(), case_id=case_id, act=ACT, facts=FACTS
        ),
    )


def investigating_case(engine: Engine, env: ServiceEnv, clock: Clock) -> None:
    receive(engine, env, clock)
    file(engine, env, clock)
    step(
        engine,
        env,
        lambda u, e: cases.assign_officers(
            u, e, CASE_ID, HEAD, clock.tick(), officer_ids=("officer-li", "officer-wang")
        ),
    )


def referral_with_package(engine: Engine, env: ServiceEnv, clock: Clock) -> None:
    """An investigating case that found a suspected crime, its special team and package."""
    investigating_case(engine, env, clock)
    step(
        engine,
        env,
        lambda u, e: cases.find_suspected_crime(
            u,
            e,
            CASE_ID,
            OFFICER,
            clock.tick(),
            referral_id=REFERRAL_ID,
            suspected_crime="刑法第二百一十三条 假冒注册商标罪",
        ),
    )
    step(
        engine,
        env,
        lambda u, e: referrals.form_special_team(
            u, e, CASE_ID, HEAD, clock.tick(), officer_ids=("officer-li", "officer-wang")
        ),
    )
    for material in (
        Material.REFERRAL_LETTER,
        Material.INVESTIGATION_REPORT,
        Material.EXHIBIT_LIST,
        Material.TEST_OR_APPRAISAL_REPORT,
    ):
        item = evidence(material)
        step(
            engine,
            env,
            lambda u, e, item=item: referrals.attach_evidence(
                u, e, REFERRAL_ID, OFFICER, clock.tick(hours=1), item=item
            ),
        )
    step(
        engine,
        env,
        lambda u, e: referrals.submit_report(
            u,
            e,
            REFERRAL_ID,
            OFFICER,
            clock.tick(),
            summary="非法经营数额约30万元",
            suspected_crime="刑法第二百一十三条",
        ),
    )


__all__ = [
    "CASE_ID",
    "CLUE_ID",
    "HEAD",
    "OFFICER",
    "POLICE",
    "REFERRAL_ID",
    "file",
    "investigating_case",
    "receive",
    "referral_with_package",
    "step",
]
