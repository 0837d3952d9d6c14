"""A small county for the report specifications, built through the services.

The bureau (an enforcement unit with two case officers, a head, a legal reviewer,
the police and procuratorate liaisons); last year's 铁拳 campaign (three visits, for
the comparison); this year's 铁拳 campaign ``TQ-2026`` listing fourteen enterprises, twelve visited:

* round 1 (2026-03-10), all twelve: #1–#2 ordered to rectify (#1 completes), #3–#4
  sign commitment letters, #5–#8 show trademark infringement (one clue each), #9 is not
  found, the rest compliant; round 2 (2026-04-10): #1–#4 again, compliant;
* clue #5 → case C-2026-001, decided (fine 50,000, illegal gains 8,000 confiscated),
  served, paid, executed, closed;
* clue #6 → case C-2026-002, referred (R-2026-001): sent, filed by the police,
  exhibits handed over, closed; the case closed;
* clue #7 → case C-2026-003, referred (R-2026-002): sent on 2026-04-20, the police
  have not decided (their 3-day review is overdue at the report date);
* clue #8 → not filed (不予立案);
* a complaint outside any campaign → case C-2026-004 (假冒专利), still investigating;
* an empty campaign ``EMPTY-2026``, planned and never started.

Reports are made "as of" :data:`AS_OF`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from ipflow.domain.case_records import CaseFacts, OffenceType
from ipflow.domain.clues import ClueSource
from ipflow.domain.decisions import Decision
from ipflow.domain.evidence import Material
from ipflow.domain.grounds import FilingDeclineGround, ServiceMethod
from ipflow.domain.inspections import (
    CampaignKind,
    Finding,
    Inspection,
    InspectionOutcome,
    Target,
    TargetKind,
)
from ipflow.domain.lifecycle import Actor
from ipflow.domain.limitation import ActPeriod
from ipflow.domain.parties import Party, PartyKind
from ipflow.domain.roles import Role
from ipflow.loaders.targets_file import read_targets
from ipflow.services import (
    campaigns,
    cases,
    clues,
    officers,
    rectifications,
    referrals,
    targets,
)
from ipflow.services.context import ServiceEnv
from ipflow.services.field_work import ingest_inspections
from ipflow.store.tables import UnitKind
from ipflow.store.uow import UnitOfWork
from tests.field_files import credit_code
from tests.unit.lifecycle_factories import TZ, evidence

OFFICER = Actor(officer_id="officer-a", name="李明", role=Role.CASE_OFFICER)
HEAD = Actor(officer_id="head-zhao", name="赵局长", role=Role.HEAD)
REVIEWER = Actor(officer_id="legal-sun", name="孙审核", role=Role.LEGAL_REVIEWER)
POLICE = Actor(officer_id="police-zhou", name="周警官", role=Role.POLICE_LIAISON)
TEAM = ("officer-a", "officer-b")
POLICE_UNIT, PROCURATORATE = "示县公安局食药环侦大队", "示县人民检察院"
CAMPAIGN, EARLIER, EMPTY = "TQ-2026", "TQ-2025", "EMPTY-2026"
AS_OF = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
FINE, GAINS = Decimal("50000"), Decimal("8000")


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def step(engine: Engine, env: ServiceEnv, action: Callable[[UnitOfWork], Any]) -> Any:
    with UnitOfWork(engine) as uow:
        result = action(uow)
        uow.commit()
    return result


def firm(n: int) -> Target:
    return Target(kind=TargetKind.ENTERPRISE, name=f"示县第{n}商贸有限公司",
                  credit_code=credit_code(n), address=f"示县城关镇解放路{n}号")  # fmt: skip


def party(n: int) -> Party:
    return Party(kind=PartyKind.ORGANISATION, name=firm(n).name, credit_code=credit_code(n),
                 address=f"示县城关镇解放路{n}号")  # fmt: skip


def seed_bureau(engine: Engine) -> None:
    units = [
        officers.UnitInput(id="jicha", name="示县市场监督管理局执法稽查科"),
        officers.UnitInput(id="police", name=POLICE_UNIT, kind=UnitKind.POLICE),
        officers.UnitInput(id="procuratorate", name=PROCURATORATE, kind=UnitKind.PROCURATORATE),
    ]
    people = [
        officers.OfficerInput(id="officer-a", name="李明", roles=(Role.CASE_OFFICER,), unit_id="jicha"),
        officers.OfficerInput(id="officer-b", name="王芳", roles=(Role.CASE_OFFICER,), unit_id="jicha"),
        officers.OfficerInput(id="head-zhao", name="赵局长", roles=(Role.HEAD,)),
        officers.OfficerInput(id="legal-sun", name="孙审核", roles=(Role.LEGAL_REVIEWER,)),
        officers.OfficerInput(id="police-zhou", name="周警官", roles=(Role.POLICE_LIAISON,), unit_id="police"),
    ]  # fmt: skip
    with UnitOfWork(engine) as uow:
        for unit in units:
            officers.add_unit(uow.session, unit)
        for person in people:
            officers.add_officer(uow.session, person)
        uow.commit()


def campaign(engine: Engine, env: ServiceEnv, campaign_id: str, year: int, *, start: bool) -> None:
    def plan(uow: UnitOfWork) -> None:
        campaigns.plan(
            uow, env, HEAD, at(date(year, 2, 20)), campaign_id=campaign_id,
            name=f"{year}年“铁拳”行动" if campaign_id != EMPTY else "2026年空白专项",
            kind=CampaignKind.IRON_FIST if campaign_id != EMPTY else CampaignKind.CUSTOM,
            period_start=date(year, 3, 1), period_end=date(year, 11, 30), lead_unit="jicha",
            target_kinds=(TargetKind.ENTERPRISE,), reinspection_days=10,
        )  # fmt: skip
        if start:
            campaigns.start(uow, env, campaign_id, HEAD, at(date(year, 3, 1)))

    step(engine, env, plan)


def visit(n: int, day: date, outcome: InspectionOutcome, campaign_id: str = CAMPAIGN) -> Inspection:
    extra: dict[str, Any] = {}
    if outcome is InspectionOutcome.RECTIFICATION_ORDERED:
        extra["rectification_deadline"] = day + timedelta(days=15)
    if outcome is InspectionOutcome.COMMITMENT_SIGNED:
        extra["commitment_reference"] = f"CN-{n:03d}"
    if outcome is InspectionOutcome.FINDINGS:
        extra["findings"] = (
            Finding(
                description="销售假冒注册商标的白酒", offence=OffenceType.TRADEMARK_INFRINGEMENT
            ),
        )
    return Inspection(
        id=f"{campaign_id}-{day.month:02d}-{n:02d}", campaign_id=campaign_id, target=firm(n),
        inspected_on=day, officer_ids=TEAM, outcome=outcome, **extra,
    )  # fmt: skip


ROUND_1 = date(2026, 3, 10)
ROUND_2 = date(2026, 4, 10)


def round_one() -> list[Inspection]:
    outcomes = {1: "rectification_ordered", 2: "rectification_ordered", 3: "commitment_signed",
                4: "commitment_signed", 5: "findings", 6: "findings", 7: "findings",
                8: "findings", 9: "not_found"}  # fmt: skip
    return [
        visit(n, ROUND_1, InspectionOutcome(outcomes.get(n, "compliant"))) for n in range(1, 13)
    ]


def clue_of(n: int) -> str:
    return f"{CAMPAIGN}-{ROUND_1.month:02d}-{n:02d}-1"


def facts(offence: OffenceType, business: str, gains: str) -> CaseFacts:
    act = ActPeriod(
        first_act_date=date(2026, 1, 5), last_act_date=date(2026, 3, 9), continuing=True
    )
    return CaseFacts(offence=offence, act=act, business_amount=Decimal(business),
                     illegal_gains=Decimal(gains), illegal_business=Decimal(business),
                     summary="销售假冒注册商标的白酒")  # fmt: skip


def file_case(
    engine: Engine, env: ServiceEnv, clue_id: str, case_id: str, day: date, f: CaseFacts
) -> None:
    step(engine, env, lambda u: clues.start_verification(u, env, clue_id, OFFICER, at(day)))
    step(engine, env, lambda u: clues.file_case(
        u, env, clue_id, HEAD, at(day + timedelta(days=2)), case_id=case_id, act=f.act, facts=f,
    ))  # fmt: skip
    step(engine, env, lambda u: cases.assign_officers(
        u, env, case_id, HEAD, at(day + timedelta(days=3)), officer_ids=TEAM
    ))  # fmt: skip


def decided_case(engine: Engine, env: ServiceEnv) -> None:
    case_id = "C-2026-001"
    file_case(engine, env, clue_of(5), case_id, date(2026, 3, 12),
              facts(OffenceType.TRADEMARK_INFRINGEMENT, "38000", "9000"))  # fmt: skip
    day = date(2026, 4, 1)
    decision = Decision(
        decided_on=date(2026, 4, 15), number="示县市监处罚〔2026〕1号", fine=FINE,
        confiscated_illegal_gains=GAINS, confiscated_goods=("假冒注册商标的白酒 120 瓶",),
        other_measures=("责令立即停止侵权行为",), legal_basis="《中华人民共和国商标法》第六十条第二款",
    )  # fmt: skip
    walk = [
        lambda u: cases.request_legal_review(u, env, case_id, OFFICER, at(day)),
        lambda u: cases.pass_legal_review(u, env, case_id, REVIEWER, at(day + timedelta(days=2))),
        lambda u: cases.notify_penalty(
            u, env, case_id, OFFICER, at(day + timedelta(days=3)),
            proposed_penalty="罚款50000元，没收违法所得8000元", hearing_right=True,
        ),
        lambda u: cases.decide(u, env, case_id, HEAD, at(date(2026, 4, 15)), decision=decision),
        lambda u: cases.serve_decision(
            u, env, case_id, OFFICER, at(date(2026, 4, 16)), method=ServiceMethod.DIRECT
        ),
        lambda u: cases.record_payment(u, env, case_id, OFFICER, at(date(2026, 4, 24)), amount=FINE),
        lambda u: cases.record_execution(u, env, case_id, OFFICER, at(date(2026, 4, 25))),
        lambda u: cases.close(u, env, case_id, HEAD, at(date(2026, 4, 28))),
    ]  # fmt: skip
    for action in walk:
        step(engine, env, action)


def referred_case(engine: Engine, env: ServiceEnv, n: int, case_id: str, referral_id: str,
                  sent: date, *, concluded: bool) -> None:  # fmt: skip
    file_case(engine, env, clue_of(n), case_id, date(2026, 3, 12),
              facts(OffenceType.TRADEMARK_INFRINGEMENT, "180000", "60000"))  # fmt: skip
    day = sent - timedelta(days=5)
    walk: list[Callable[[UnitOfWork], Any]] = [
        lambda u: cases.find_suspected_crime(
            u, env, case_id, OFFICER, at(day), referral_id=referral_id,
            suspected_crime="刑法第二百一十三条 假冒注册商标罪",
        ),
        lambda u: referrals.form_special_team(u, env, case_id, HEAD, at(day, 10), officer_ids=TEAM),
    ]  # fmt: skip
    for k, material in enumerate((Material.REFERRAL_LETTER, Material.INVESTIGATION_REPORT,
                                  Material.EXHIBIT_LIST), start=1):  # fmt: skip
        item = evidence(material, n * 10 + k)
        walk.append(lambda u, item=item: referrals.attach_evidence(
            u, env, referral_id, OFFICER, at(day, 11), item=item))  # fmt: skip
    walk += [
        lambda u: referrals.submit_report(
            u, env, referral_id, OFFICER, at(day + timedelta(days=1)),
            summary="非法经营数额18万元", suspected_crime="刑法第二百一十三条",
        ),
        # approved the day before, sent within the 24 hours (Decree 310 Art. 5 ¶2)
        lambda u: referrals.approve(u, env, referral_id, HEAD, at(sent - timedelta(days=1), 16)),
        lambda u: referrals.send(u, env, referral_id, OFFICER, at(sent, 15),
                                 police_unit=POLICE_UNIT, procuratorate=PROCURATORATE),
    ]  # fmt: skip
    if concluded:
        walk += [
            lambda u: referrals.record_police_receipt(
                u, env, referral_id, POLICE, at(sent + timedelta(days=1)), receipt_number="SY-1"),
            lambda u: referrals.record_police_filing(
                u, env, referral_id, POLICE, at(sent + timedelta(days=3)), notice_number="LA-7"),
            lambda u: referrals.hand_over_exhibits(
                u, env, referral_id, OFFICER, at(sent + timedelta(days=4)), items=("白酒120瓶",)),
            lambda u: referrals.close(u, env, referral_id, HEAD, at(sent + timedelta(days=6))),
            lambda u: cases.close(u, env, case_id, HEAD, at(sent + timedelta(days=7))),
        ]  # fmt: skip
    for action in walk:
        step(engine, env, action)


def import_targets(engine: Engine, folder: Path) -> None:
    """The campaign's list: the twelve enterprises and two more never visited."""
    path = folder / "targets.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["对象类型", "名称", "统一社会信用代码", "地址", "所属乡镇"])
        for n in range(1, 15):
            out.writerow(["企业", firm(n).name, credit_code(n), f"示县城关镇解放路{n}号", "城关镇"])
    with UnitOfWork(engine) as uow:
        targets.import_targets(uow, OFFICER, at(date(2026, 3, 2)), CAMPAIGN, read_targets(path))
        uow.commit()


def build_county(engine: Engine, env: ServiceEnv, folder: Path) -> None:
    seed_bureau(engine)
    campaign(engine, env, EARLIER, 2025, start=True)
    step(engine, env, lambda u: ingest_inspections(
        u, env, OFFICER, at(date(2025, 5, 6)),
        [visit(n, date(2025, 5, 6), InspectionOutcome.COMPLIANT, EARLIER) for n in (1, 2, 3)],
    ))  # fmt: skip
    campaign(engine, env, CAMPAIGN, 2026, start=True)
    import_targets(engine, folder)
    campaign(engine, env, EMPTY, 2026, start=False)
    step(engine, env, lambda u: ingest_inspections(u, env, OFFICER, at(ROUND_1, 17), round_one()))
    step(engine, env, lambda u: ingest_inspections(
        u, env, OFFICER, at(ROUND_2, 17),
        [visit(n, ROUND_2, InspectionOutcome.COMPLIANT) for n in (1, 2, 3, 4)],
    ))  # fmt: skip
    rect = f"{CAMPAIGN}-03-01-ZG"
    step(engine, env, lambda u: rectifications.record_reinspection(
        u, env, rect, OFFICER, at(date(2026, 3, 24)), compliant=True, findings="已更换标识"))  # fmt: skip
    step(engine, env, lambda u: rectifications.complete(u, env, rect, HEAD, at(date(2026, 3, 25))))
    decided_case(engine, env)
    referred_case(engine, env, 6, "C-2026-002", "R-2026-001", date(2026, 4, 8), concluded=True)
    referred_case(engine, env, 7, "C-2026-003", "R-2026-002", date(2026, 4, 20), concluded=False)
    step(
        engine,
        env,
        lambda u: clues.start_verification(u, env, clue_of(8), OFFICER, at(date(2026, 3, 12))),
    )
    step(engine, env, lambda u: clues.decline(
        u, env, clue_of(8), HEAD, at(date(2026, 3, 20)),
        ground=FilingDeclineGround.NO_EVIDENCE_OF_VIOLATION, reason="经核查商品来源合法",
    ))  # fmt: skip
    step(engine, env, lambda u: clues.receive_clue(
        u, env, OFFICER, at(date(2026, 4, 1)), clue_id="TS-2026-001", source=ClueSource.COMPLAINT,
        summary="投诉举报：产品标注他人专利号", parties=(party(11),),
    ))  # fmt: skip
    file_case(engine, env, "TS-2026-001", "C-2026-004", date(2026, 4, 2),
              facts(OffenceType.COUNTERFEIT_PATENT, "12000", "3000"))  # fmt: skip
