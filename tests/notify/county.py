"""A small county for the notice tests: a bureau with officers who have e-mail addresses,
and clues, cases and referrals walked through the real services, so that notices are
queued exactly as production queues them (events, deadline sweep, digests)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.engine import Engine

from ipflow.domain.clues import ClueSource
from ipflow.domain.evidence import Material
from ipflow.domain.grounds import FilingDeclineGround, ReturnedBy
from ipflow.domain.identifiers import validate_resident_id
from ipflow.domain.parties import Party, PartyKind
from ipflow.domain.roles import Role
from ipflow.errors import InvalidIdentifier
from ipflow.services import cases, clues, deadline_sweep, digests, officers, referrals
from ipflow.services.context import ServiceEnv
from ipflow.services.officers import OfficerInput, UnitInput
from ipflow.services.reminder_policy import load_reminder_policy
from ipflow.settings import bundled_config_dir
from ipflow.store.tables import UnitKind
from ipflow.store.uow import UnitOfWork
from tests.integration import scenario
from tests.unit.lifecycle_factories import (
    ACT,
    DECISION,
    FACTS,
    HEAD,
    OFFICER,
    PARTY,
    POLICE,
    REVIEWER,
    Clock,
    evidence,
)

T = TypeVar("T")


_after_step: list[Callable[[], object]] = []


def step(engine: Engine, env: ServiceEnv, action: Callable[[UnitOfWork, ServiceEnv], T]) -> T:
    """One command in one committed transaction, then whatever the test wants done next."""
    result = scenario.step(engine, env, action)
    for hook in _after_step:
        hook()
    return result


def resident_id(first17: str) -> str:
    """A valid 公民身份号码 (GB 11643-1999 check character) from its first 17 digits."""
    for check in "0123456789X":
        try:
            return validate_resident_id(first17 + check)
        except InvalidIdentifier:
            continue
    raise AssertionError("no check character fits")  # pragma: no cover


PERSON_ID = resident_id("44030419850317231")  # the party's identity number (a sentinel)
PERSON = Party(kind=PartyKind.NATURAL_PERSON, name="张三丰", resident_id=PERSON_ID)
OFFICER_MAILS = {"officer-li": "li@example.gov.cn", "officer-wang": "wang@example.gov.cn"}

PEOPLE = (
    ("officer-li", "李明", (Role.CASE_OFFICER,), "U-ENF"),
    ("officer-wang", "王芳", (Role.CASE_OFFICER,), "U-ENF"),
    ("head-zhao", "赵局长", (Role.HEAD,), "U-ENF"),
    ("legal-sun", "孙审核", (Role.LEGAL_REVIEWER,), "U-LEGAL"),
    ("police-zhou", "周警官", (Role.POLICE_LIAISON,), "U-POLICE"),
    ("proc-wu", "吴检察官", (Role.PROCURATORATE_LIAISON,), "U-PROC"),
)


def bureau(engine: Engine) -> None:
    """Units and officers; the case officers have e-mail addresses on record."""
    with UnitOfWork(engine) as uow:
        for unit_id, name, kind in (
            ("U-ENF", "执法稽查科", UnitKind.INTERNAL),
            ("U-LEGAL", "法制科", UnitKind.INTERNAL),
            ("U-POLICE", "示例县公安局食药环侦大队", UnitKind.POLICE),
            ("U-PROC", "示例县人民检察院", UnitKind.PROCURATORATE),
        ):
            officers.add_unit(uow.session, UnitInput(id=unit_id, name=name, kind=kind))
        for officer_id, name, roles, unit in PEOPLE:
            officers.add_officer(
                uow.session,
                OfficerInput(
                    id=officer_id,
                    name=name,
                    roles=roles,
                    unit_id=unit,
                    email=OFFICER_MAILS.get(officer_id, f"{officer_id}@example.gov.cn"),
                    phone="13812345678" if officer_id == "officer-li" else None,
                ),
            )
        uow.commit()


def filed_case(
    engine: Engine, env: ServiceEnv, clock: Clock, clue_id: str, case_id: str, party: Party
) -> None:
    step(
        engine,
        env,
        lambda u, e: clues.receive_clue(
            u, e, OFFICER, clock.tick(), clue_id=clue_id, source=ClueSource.COMPLAINT,
            summary=f"举报{party.name}销售假冒注册商标的运动鞋", parties=(party,),
        ),
    )  # fmt: skip
    step(engine, env, lambda u, e: clues.start_verification(u, e, clue_id, OFFICER, clock.tick()))
    step(
        engine,
        env,
        lambda u, e: clues.file_case(
            u, e, clue_id, HEAD, clock.tick(), case_id=case_id, act=ACT, facts=FACTS
        ),
    )
    step(
        engine,
        env,
        lambda u, e: cases.assign_officers(
            u, e, case_id, HEAD, clock.tick(), officer_ids=("officer-li", "officer-wang")
        ),
    )


def referred(engine: Engine, env: ServiceEnv, clock: Clock, case_id: str, referral_id: str) -> None:
    """The case found a suspected crime; the special team submitted its report."""
    step(engine, env, lambda u, e: cases.find_suspected_crime(
        u, e, case_id, OFFICER, clock.tick(), referral_id=referral_id,
        suspected_crime="刑法第二百一十三条 假冒注册商标罪"))  # fmt: skip
    step(engine, env, lambda u, e: referrals.form_special_team(
        u, e, case_id, HEAD, clock.tick(), officer_ids=("officer-li", "officer-wang")))  # fmt: skip
    for n, material in enumerate(
        (Material.REFERRAL_LETTER, Material.INVESTIGATION_REPORT, Material.EXHIBIT_LIST), 1
    ):
        item = evidence(material, n).model_copy(
            update={"title": f"{material.label_zh}（{referral_id}）"}
        )
        step(engine, env, lambda u, e, item=item: referrals.attach_evidence(
            u, e, referral_id, OFFICER, clock.tick(hours=1), item=item))  # fmt: skip
    step(engine, env, lambda u, e: referrals.submit_report(
        u, e, referral_id, OFFICER, clock.tick(), summary="非法经营数额约30万元",
        suspected_crime="刑法第二百一十三条"))  # fmt: skip


def send_referral(engine: Engine, env: ServiceEnv, clock: Clock, referral_id: str) -> None:
    step(engine, env, lambda u, e: referrals.approve(u, e, referral_id, HEAD, clock.tick()))
    step(engine, env, lambda u, e: referrals.send(
        u, e, referral_id, OFFICER, clock.tick(hours=2),
        police_unit="示例县公安局食药环侦大队", procuratorate="示例县人民检察院"))  # fmt: skip


def county(
    engine: Engine,
    env: ServiceEnv,
    clock: Clock | None = None,
    *,
    after_step: Callable[[], object] | None = None,
) -> Clock:
    """Every kind of notice the services queue, through the real commands.

    ``after_step`` runs after every command (e.g. a dispatcher, so each notice is sent
    at the moment it would be in production, with the deadlines as they then stand).
    """
    clock = clock or Clock()
    bureau(engine)
    _after_step[:] = [after_step] if after_step else []
    try:
        _walk(engine, env, clock)
    finally:
        _after_step.clear()
    return clock


def _walk(engine: Engine, env: ServiceEnv, clock: Clock) -> None:
    # A: a natural person's case, through legal review (sent back once), hearing, decision.
    filed_case(engine, env, clock, "X-2026-001", "C-2026-001", PERSON)
    for action in (
        lambda u, e: cases.request_legal_review(u, e, "C-2026-001", OFFICER, clock.tick()),
        lambda u, e: cases.send_back(u, e, "C-2026-001", REVIEWER, clock.tick(), reason="证据不足"),
        lambda u, e: cases.request_legal_review(u, e, "C-2026-001", OFFICER, clock.tick()),
        lambda u, e: cases.pass_legal_review(u, e, "C-2026-001", REVIEWER, clock.tick(), opinion="事实清楚"),
        lambda u, e: cases.notify_penalty(u, e, "C-2026-001", OFFICER, clock.tick(), proposed_penalty="罚款十万元", hearing_right=True),
        lambda u, e: cases.request_hearing(u, e, "C-2026-001", OFFICER, clock.tick()),
        lambda u, e: cases.hold_hearing(u, e, "C-2026-001", OFFICER, clock.tick()),
        lambda u, e: cases.decide(u, e, "C-2026-001", HEAD, clock.tick(), decision=DECISION),
    ):  # fmt: skip
        step(engine, env, action)
    # B: an organisation's case referred, sent, filed by the police.
    filed_case(engine, env, clock, "X-2026-002", "C-2026-002", PARTY)
    referred(engine, env, clock, "C-2026-002", "R-2026-002")
    send_referral(engine, env, clock, "R-2026-002")
    step(engine, env, lambda u, e: referrals.record_police_filing(
        u, e, "R-2026-002", POLICE, clock.tick(), notice_number="示公（食药环）立字〔2026〕15号"))  # fmt: skip
    # C: the police decline to file; the case comes back (反向衔接).
    filed_case(engine, env, clock, "X-2026-003", "C-2026-003", PERSON)
    referred(engine, env, clock, "C-2026-003", "R-2026-003")
    send_referral(engine, env, clock, "R-2026-003")
    step(engine, env, lambda u, e: referrals.record_police_declination(
        u, e, "R-2026-003", POLICE, clock.tick(), police_reasons="未达到刑事立案追诉标准"))  # fmt: skip
    step(engine, env, lambda u, e: referrals.return_for_administrative_penalty(
        u, e, "R-2026-003", POLICE, clock.tick(), returned_by=ReturnedBy.POLICE,
        reason="不构成犯罪，退回依法处理"))  # fmt: skip
    # D: the head does not approve a referral.
    filed_case(engine, env, clock, "X-2026-004", "C-2026-004", PARTY)
    referred(engine, env, clock, "C-2026-004", "R-2026-004")
    step(engine, env, lambda u, e: referrals.decline(
        u, e, "R-2026-004", HEAD, clock.tick(), reason="证据尚不足以证明涉嫌犯罪"))  # fmt: skip
    # E: a clue not filed.
    step(engine, env, lambda u, e: clues.receive_clue(
        u, e, OFFICER, clock.tick(), clue_id="X-2026-005", source=ClueSource.COMPLAINT,
        summary="举报某摊位销售疑似侵权商品", parties=(PERSON,)))  # fmt: skip
    step(engine, env, lambda u, e: clues.decline(
        u, e, "X-2026-005", HEAD, clock.tick(), ground=FilingDeclineGround.NO_EVIDENCE_OF_VIOLATION,
        reason="现场未发现侵权商品"))  # fmt: skip
    # F: a clue still awaiting the filing decision (reminded by the sweep).
    step(engine, env, lambda u, e: clues.receive_clue(
        u, e, OFFICER, clock.tick(), clue_id="X-2026-006", source=ClueSource.COMPLAINT,
        summary="举报网店销售仿冒地理标志产品", parties=(PERSON,)))  # fmt: skip


def sweep_and_digest(engine: Engine, env: ServiceEnv, at: datetime) -> None:
    """The daily jobs at ``at``: reminders, missed deadlines and escalations, digests."""
    policy = load_reminder_policy(bundled_config_dir() / "rules")
    after = 0
    while True:
        with UnitOfWork(engine) as uow:
            batch = deadline_sweep.sweep_batch(uow, env, policy, at, after_id=after)
            uow.commit()
        if batch.last_id is None:
            break
        after = batch.last_id
    with UnitOfWork(engine) as uow:
        digests.queue_daily_digests(uow, env, at, within_days=7)
        uow.commit()
