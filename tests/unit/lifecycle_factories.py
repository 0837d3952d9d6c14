"""Small factories with readable ids for the lifecycle specifications.

Times run forward on a :class:`Clock` (an aggregate refuses a step dated before its
last one). ``case_in(state)`` and ``referral_in(state)`` walk the happy path (or the
named branch) command by command, so each test starts where it needs to.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from ipflow.domain.case_records import CaseFacts, OffenceType
from ipflow.domain.cases import Case, CaseState
from ipflow.domain.clues import Clue, ClueSource
from ipflow.domain.decisions import Decision
from ipflow.domain.events import DomainEvent
from ipflow.domain.evidence import EvidenceItem, Material
from ipflow.domain.grounds import ReturnedBy, ServiceMethod
from ipflow.domain.inspections import Inspection, InspectionOutcome, Target, TargetKind
from ipflow.domain.lifecycle import Actor
from ipflow.domain.limitation import ActPeriod
from ipflow.domain.parties import Party, PartyKind
from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.domain.referrals import Referral, ReferralState
from ipflow.domain.roles import Role
from ipflow.loaders.procedure_rules_file import load_procedure_rules
from ipflow.settings import bundled_config_dir

TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
RULES: ProcedureRules = load_procedure_rules(bundled_config_dir() / "rules")

OFFICER = Actor(officer_id="officer-li", name="李明", role=Role.CASE_OFFICER)
OFFICER_2 = Actor(officer_id="officer-wang", name="王芳", role=Role.CASE_OFFICER)
HEAD = Actor(officer_id="head-zhao", name="赵局长", role=Role.HEAD)
REVIEWER = Actor(officer_id="legal-sun", name="孙审核", role=Role.LEGAL_REVIEWER)
POLICE = Actor(officer_id="police-zhou", name="周警官", role=Role.POLICE_LIAISON)
PROCURATOR = Actor(officer_id="proc-wu", name="吴检察官", role=Role.PROCURATORATE_LIAISON)
ADMIN = Actor(officer_id="admin-qian", name="钱管理员", role=Role.ADMINISTRATOR)
ACTORS = {a.role: a for a in (OFFICER, HEAD, REVIEWER, POLICE, PROCURATOR, ADMIN)}

PARTY = Party(
    kind=PartyKind.ORGANISATION, name="示例商贸有限公司", credit_code="91350100M000100Y43"
)
ACT = ActPeriod(first_act_date=date(2025, 11, 1), last_act_date=date(2026, 2, 20), continuing=True)
FACTS = CaseFacts(
    offence=OffenceType.TRADEMARK_INFRINGEMENT,
    act=ACT,
    business_amount=Decimal("38000"),
    illegal_gains=Decimal("9000"),
    sales=Decimal("38000"),
)
FINE = Decimal("100000")
DECISION = Decision(
    decided_on=date(2026, 5, 6),
    number="示县市监处罚〔2026〕12号",
    fine=FINE,
    confiscated_goods=("假冒注册商标的运动鞋 320 双",),
    other_measures=("责令立即停止侵权行为",),
    legal_basis="《中华人民共和国商标法》第六十条第二款",
)
NO_FINE = DECISION.model_copy(update={"fine": Decimal(0)})


SHOP = Target(kind=TargetKind.ENTERPRISE, name="示例农资店", credit_code="91350100M000100Y43")


def inspection(outcome: InspectionOutcome = InspectionOutcome.RECTIFICATION_ORDERED) -> Inspection:
    return Inspection(
        id="I-2026-0042",
        campaign_id="GI-2026",
        target=SHOP,
        inspected_on=date(2026, 3, 3),
        officer_ids=("officer-li", "officer-wang"),
        outcome=outcome,
        rectification_deadline=date(2026, 3, 20)
        if outcome is InspectionOutcome.RECTIFICATION_ORDERED
        else None,
        commitment_reference="CN-1" if outcome is InspectionOutcome.COMMITMENT_SIGNED else None,
    )


class Clock:
    """Hands out times that only move forward (one day per tick by default)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=TZ)

    def tick(self, days: int = 1, hours: int = 0) -> datetime:
        self.now += timedelta(days=days, hours=hours)
        return self.now


def evidence(material: Material, n: int = 1) -> EvidenceItem:
    return EvidenceItem(
        file=f"evidence/{material.value}-{n}.pdf", sha256=f"{n:064x}", material=material
    )


FULL_PACKAGE = (
    evidence(Material.REFERRAL_LETTER),
    evidence(Material.INVESTIGATION_REPORT),
    evidence(Material.EXHIBIT_LIST),
    evidence(Material.TEST_OR_APPRAISAL_REPORT),
)


def received_clue(clock: Clock, clue_id: str = "X-2026-001", act: ActPeriod | None = None) -> Clue:
    clue, _ = Clue.receive(
        OFFICER,
        clock.tick(),
        clue_id=clue_id,
        source=ClueSource.COMPLAINT,
        summary="举报某商贸公司销售假冒运动鞋",
        parties=(PARTY,),
        act=act,
    )
    return clue


def filed_clue(clock: Clock, case_id: str = "C-2026-001") -> Clue:
    clue = received_clue(clock)
    clue.start_verification(OFFICER, clock.tick())
    clue.file_case(HEAD, clock.tick(), case_id=case_id, act=ACT, rules=RULES)
    return clue


CASE_PATH: list[tuple[CaseState, object]] = [
    (CaseState.INVESTIGATING, lambda c, k: c.assign_officers(HEAD, k.tick(), officer_ids=("officer-li", "officer-wang"), rules=RULES)),
    (CaseState.LEGAL_REVIEW, lambda c, k: c.request_legal_review(OFFICER, k.tick())),
    (CaseState.REVIEWED, lambda c, k: c.pass_legal_review(REVIEWER, k.tick(), opinion="事实清楚，证据确凿")),
    (CaseState.PENALTY_NOTICE_SERVED, lambda c, k: c.notify_penalty(OFFICER, k.tick(), proposed_penalty="罚款十万元", hearing_right=True)),
    (CaseState.HEARING_REQUESTED, lambda c, k: c.request_hearing(OFFICER, k.tick())),
    (CaseState.HEARING_HELD, lambda c, k: c.hold_hearing(OFFICER, k.tick())),
    (CaseState.DECIDED, lambda c, k: c.decide(HEAD, k.tick(), decision=DECISION)),
    (CaseState.SERVED, lambda c, k: c.serve_decision(OFFICER, k.tick(), method=ServiceMethod.DIRECT)),
    (CaseState.PAID, lambda c, k: c.record_payment(OFFICER, k.tick(), amount=FINE, payment_due=k.now.date() + timedelta(days=10), rules=RULES)),
    (CaseState.EXECUTED, lambda c, k: c.record_execution(OFFICER, k.tick())),
    (CaseState.CLOSED, lambda c, k: c.close(HEAD, k.tick())),
]  # fmt: skip


def new_case(
    clock: Clock, case_id: str = "C-2026-001", journal: list[DomainEvent] | None = None
) -> Case:
    clue = filed_clue(clock, case_id)
    case, events = Case.open(
        HEAD, clock.tick(), case_id=case_id, clue=clue, parties=(PARTY,), facts=FACTS
    )
    if journal is not None:
        journal.extend(events)
    return case


def case_in(
    state: CaseState,
    clock: Clock | None = None,
    case_id: str = "C-2026-001",
    journal: list[DomainEvent] | None = None,
) -> Case:
    """A case walked along the main path (with the hearing) until ``state``; its events
    are appended to ``journal`` when one is given."""
    clock = clock or Clock()
    case = new_case(clock, case_id, journal)
    for reached, step in CASE_PATH:
        if case.state is state:
            break
        events = step(case, clock)  # type: ignore[operator]
        if journal is not None:
            journal.extend(events)
        assert case.state is reached
    assert case.state is state, f"{state} is not on the main path"
    return case


def referred_case(clock: Clock, referral_id: str = "R-2026-001") -> Case:
    case = case_in(CaseState.INVESTIGATING, clock)
    case.find_suspected_crime(
        OFFICER,
        clock.tick(),
        referral_id=referral_id,
        suspected_crime="刑法第二百一十三条 假冒注册商标罪",
    )
    return case


def new_referral(clock: Clock, case: Case) -> Referral:
    assert case.referral_id is not None
    referral, _ = Referral.form_special_team(
        HEAD,
        clock.tick(),
        referral_id=case.referral_id,
        case=case,
        officer_ids=("officer-li", "officer-wang"),
        rules=RULES,
    )
    return referral


REFERRAL_PATH: dict[ReferralState, object] = {
    ReferralState.REPORT_SUBMITTED: lambda r, k: r.submit_report(OFFICER, k.tick(), summary="非法经营数额约30万元", suspected_crime="刑法第二百一十三条"),
    ReferralState.APPROVED: lambda r, k: r.approve(HEAD, k.tick()),
    ReferralState.SENT: lambda r, k: r.send(OFFICER, k.tick(hours=2), police_unit="示县公安局食药环侦大队", procuratorate="示县人民检察院"),
    ReferralState.POLICE_RECEIPT: lambda r, k: r.record_police_receipt(POLICE, k.tick(), receipt_number="HZ-001"),
    ReferralState.POLICE_FILED: lambda r, k: r.record_police_filing(POLICE, k.tick(), notice_number="LA-001"),
    ReferralState.EXHIBITS_HANDED_OVER: lambda r, k: r.hand_over_exhibits(OFFICER, k.tick(), items=("运动鞋 320 双",)),
    ReferralState.CLOSED: lambda r, k: r.close(HEAD, k.tick()),
}  # fmt: skip


def referral_in(
    state: ReferralState, clock: Clock | None = None, journal: list[DomainEvent] | None = None
) -> tuple[Case, Referral]:
    """A referred case and its referral, walked along the police-files path until ``state``;
    the referral's events are appended to ``journal`` when one is given."""
    clock = clock or Clock()
    case = referred_case(clock)
    referral = new_referral(clock, case)
    events: list[DomainEvent] = []
    for item in FULL_PACKAGE:
        events += referral.attach_evidence(OFFICER, clock.tick(hours=1), item=item)
    for reached, step in REFERRAL_PATH.items():
        if referral.state is state:
            break
        events += step(referral, clock)  # type: ignore[operator]
        assert referral.state is reached
    if journal is not None:
        journal.extend(events)
    assert referral.state is state, f"{state} is not on the main path"
    return case, referral


__all__ = [
    "ACT",
    "ACTORS",
    "ADMIN",
    "DECISION",
    "FACTS",
    "FINE",
    "FULL_PACKAGE",
    "HEAD",
    "NO_FINE",
    "OFFICER",
    "OFFICER_2",
    "PARTY",
    "POLICE",
    "PROCURATOR",
    "REVIEWER",
    "RULES",
    "SHOP",
    "TZ",
    "Clock",
    "ReturnedBy",
    "case_in",
    "evidence",
    "filed_clue",
    "inspection",
    "new_case",
    "new_referral",
    "received_clue",
    "referral_in",
    "referred_case",
]
