"""Case progress: filing on the head's recorded approval, and weighing referral on the
case's facts — each idempotent, each item refused on its own."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlmodel import select

from ipflow.domain.case_records import CaseFacts, OffenceType
from ipflow.domain.cases import Case, CaseState
from ipflow.domain.clues import Clue, ClueSource, ClueState
from ipflow.domain.limitation import ActPeriod
from ipflow.loaders.thresholds_file import load_configured_thresholds
from ipflow.services import case_progress, clues
from ipflow.services.commands import load
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store.tables import AuditEntry, DeadlineRow
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import step
from tests.unit.lifecycle_factories import HEAD, OFFICER, PARTY, Clock

ACT = ActPeriod(first_act_date=date(2026, 2, 1))
TABLE = load_configured_thresholds(load_settings())


def facts(**amounts: object) -> CaseFacts:
    return CaseFacts(offence=OffenceType.TRADEMARK_INFRINGEMENT, act=ACT, **amounts)  # type: ignore[arg-type]


def approved(
    engine: Engine, env: ServiceEnv, clock: Clock, clue_id: str, case_id: str, **amounts: object
) -> None:
    step(engine, env, lambda u, e: clues.receive_clue(
        u, e, OFFICER, clock.tick(), clue_id=clue_id, source=ClueSource.COMPLAINT,
        summary="举报销售假冒运动鞋", parties=(PARTY,),
    ))  # fmt: skip
    step(engine, env, lambda u, e: clues.approve_filing(
        u, e, clue_id, HEAD, clock.tick(), case_id=case_id, act=ACT, facts=facts(**amounts),
    ))  # fmt: skip


def test_a_case_is_filed_on_the_approval_attributed_to_the_head_once(
    engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    approved(engine, env, clock, "X-1", "C-1", illegal_business=Decimal(300000))
    approved_on = clock.now.date()
    with UnitOfWork(engine) as uow:
        clue = load(uow, Clue, "X-1")
        check = uow.session.exec(select(DeadlineRow).where(DeadlineRow.aggregate_id == "X-1")).one()
        assert clue.state is ClueState.FILING_APPROVED and check.status == "met"
        assert case_progress.approved_clue_ids(uow.session) == ["X-1"]
    later = clock.tick(days=3)
    filed = step(engine, env, lambda u, e: case_progress.file_approved(u, e, ["X-1"], later))
    assert (filed.done, filed.refused) == (["X-1"], [])
    with UnitOfWork(engine) as uow:
        case = load(uow, Case, "C-1")
        entries = uow.session.exec(
            select(AuditEntry.command, AuditEntry.actor_id).where(
                AuditEntry.aggregate_id.in_(["X-1", "C-1"])
            )  # type: ignore[attr-defined]
        ).all()
        assert case_progress.approved_clue_ids(uow.session) == []
    assert (case.state, case.filed_on, case.parties) == (CaseState.FILED, approved_on, (PARTY,))
    assert ("file_case", HEAD.officer_id) in entries and ("open", HEAD.officer_id) in entries
    again = step(engine, env, lambda u, e: case_progress.file_approved(u, e, ["X-1"], later))
    assert (again.done, again.refused) == ([], [])


def test_a_refused_filing_is_reported_and_the_rest_of_the_batch_goes_on(
    engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    approved(engine, env, clock, "X-1", "C-1", illegal_business=Decimal(1000))
    approved(engine, env, clock, "X-2", "C-1", illegal_business=Decimal(1000))  # same number
    approved(engine, env, clock, "X-3", "C-3", illegal_business=Decimal(1000))
    at = clock.tick()
    outcome = step(
        engine, env, lambda u, e: case_progress.file_approved(u, e, ["X-1", "X-2", "X-3"], at)
    )
    assert outcome.done == ["X-1", "X-3"]
    [refused] = outcome.refused
    assert refused.id == "X-2" and "案件 C-1 已存在" in refused.message_zh
    with UnitOfWork(engine) as uow:
        assert load(uow, Clue, "X-2").state is ClueState.FILING_APPROVED


def test_referral_is_opened_where_a_bar_or_the_suspicion_flag_says_so(
    engine: Engine, env: ServiceEnv
) -> None:
    clock = Clock()
    approved(engine, env, clock, "X-1", "C-1", illegal_business=Decimal(300000))
    approved(
        engine, env, clock, "X-2", "C-2", illegal_business=Decimal(20000), reasonable_suspicion=True
    )
    approved(engine, env, clock, "X-3", "C-3", illegal_business=Decimal(8000))
    approved(engine, env, clock, "X-4", "C-4", labels=100)  # 215: 2025 bars unconfirmed
    at = clock.tick()
    step(
        engine,
        env,
        lambda u, e: case_progress.file_approved(u, e, ["X-1", "X-2", "X-3", "X-4"], at),
    )
    with UnitOfWork(engine) as uow:
        ids = case_progress.weighable_case_ids(uow.session)
    later = at + timedelta(hours=1)
    weighed = step(engine, env, lambda u, e: case_progress.weigh_referral(u, e, ids, later, TABLE))
    assert (weighed.done, weighed.legal_review, weighed.refused) == (["C-1", "C-2"], ["C-4"], [])
    with UnitOfWork(engine) as uow:
        c1, c3 = load(uow, Case, "C-1"), load(uow, Case, "C-3")
        entry = uow.session.exec(
            select(AuditEntry).where(
                AuditEntry.command == "find_suspected_crime", AuditEntry.aggregate_id == "C-1"
            )
        ).one()
        assert (entry.actor_id, entry.role) == ("ipflow-system", "case_officer")
        assert entry.reason is not None and "涉嫌犯罪，应当移送公安机关" in entry.reason
        assert case_progress.weighable_case_ids(uow.session) == ["C-3", "C-4"]
    assert (c1.state, c1.referral_id, c3.state) == (CaseState.REFERRED, "R-1", CaseState.FILED)
    again = step(engine, env, lambda u, e: case_progress.weigh_referral(u, e, ids, later, TABLE))
    assert again.done == []
