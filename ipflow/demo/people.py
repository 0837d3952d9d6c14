"""What the demo county's people do at each tick: officers, the head, the legal reviewer,
the police liaison. Each act goes through the same services as the CLI, one transaction
each, dated at the tick; what the rules do by themselves is left to the flows.

The pace follows the clue's :class:`~ipflow.demo.county.ClueStory` (how long the head takes
to decide on filing, whether the case is referred, what the police answer) and a few
fixed rhythms (a legal review takes three days, a fine is paid ten days after service).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ipflow.demo.county import ClueStory, County, PoliceOutcome
from ipflow.domain.case_records import CaseFacts
from ipflow.domain.cases import Case
from ipflow.domain.clues import Clue
from ipflow.domain.decisions import Decision
from ipflow.domain.evidence import Material
from ipflow.domain.grounds import FilingDeclineGround, ServiceMethod
from ipflow.domain.inspections import ClueSource
from ipflow.domain.lifecycle import Actor
from ipflow.domain.limitation import ActPeriod
from ipflow.domain.parties import Party, PartyKind
from ipflow.domain.roles import Role
from ipflow.services import cases, clues, evidence, rectifications, referral_views, referrals
from ipflow.services.commands import load
from ipflow.services.context import ServiceEnv
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import CaseRow, ClueRow, RectificationRow, ReferralRow
from ipflow.store.uow import UnitOfWork

OFFICER = Actor(officer_id="o01", name="承办人", role=Role.CASE_OFFICER)
OFFICER_2 = Actor(officer_id="o03", name="承办人", role=Role.CASE_OFFICER)
REVIEWER = Actor(officer_id="o05", name="法制审核", role=Role.LEGAL_REVIEWER)
HEAD = Actor(officer_id="o06", name="负责人", role=Role.HEAD)
POLICE = Actor(officer_id="o07", name="公安联络人", role=Role.POLICE_LIAISON)
TEAM = ("o01", "o02")
MATERIALS = (
    Material.INVESTIGATION_REPORT,
    Material.EXHIBIT_LIST,
    Material.TEST_OR_APPRAISAL_REPORT,
)


@dataclass
class People:
    """The county's people acting on the store as of each tick."""

    engine: Engine
    env: ServiceEnv
    county: County
    evidence_store: EvidenceFileStore
    paper_dir: Path
    stories: dict[str, ClueStory] = field(default_factory=dict)
    seen: dict[tuple[str, str, str], date] = field(default_factory=dict)
    acts: int = 0

    def __post_init__(self) -> None:
        self.stories = {**self.county.stories, **{s.clue_id: s for s in self.county.complaints}}

    # -- helpers ------------------------------------------------------------------------
    def _do(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """One act: ``service(uow, *args, **kwargs)`` in its own committed transaction."""
        with UnitOfWork(self.engine) as uow:
            service(uow, *args, **kwargs)
            uow.commit()
        self.acts += 1

    def _age(self, kind: str, row_id: str, state: str, today: date) -> int:
        """Days since this tick first saw the record in ``state``."""
        first = self.seen.setdefault((kind, row_id, state), today)
        return (today - first).days

    def _rows(self, table: Any, *states: str) -> list[Any]:
        with Session(self.engine) as session:
            query = select(table).where(col(table.state).in_(states)).order_by(col(table.id))
            return list(session.exec(query).all())

    def _paper(self, name: str, text: str) -> Path:
        path = self.paper_dir / name
        path.write_text(text, encoding="utf-8")
        return path

    # -- complaints ---------------------------------------------------------------------
    def receive_complaints(self, since: date, today: date, at: datetime) -> None:
        for story in self.county.complaints:
            if since < story.received_on <= today:
                party = _party(story)
                self._do(clues.receive_clue, self.env, OFFICER, at, clue_id=story.clue_id,
                         source=ClueSource.COMPLAINT, summary=story.summary,
                         received_on=story.received_on, parties=(party,))  # fmt: skip

    # -- clues: verification and the head's decision --------------------------------------
    def decide_clues(self, today: date, at: datetime) -> None:
        for row in self._rows(ClueRow, "received", "verifying"):
            story = self.stories.get(row.id)
            if row.state == "received":
                self._do(clues.start_verification, self.env, row.id, OFFICER, at)
            received = _received_on(row)
            delay = story.decision_delay if story else 10
            if self.env.calendar.add_working_days(received, delay) > today:
                continue
            if story is not None and story.files:
                self._do(self._approve, row.id, story, at)
            else:
                self._do(clues.decline, self.env, row.id, HEAD, at,
                         ground=FilingDeclineGround.NO_EVIDENCE_OF_VIOLATION,
                         reason="经核查，现有证据不能证明存在违法事实")  # fmt: skip

    def _approve(self, uow: UnitOfWork, clue_id: str, story: ClueStory, at: datetime) -> None:
        act = ActPeriod(first_act_date=story.received_on - timedelta(days=60),
                        last_act_date=story.received_on, continuing=True)  # fmt: skip
        facts = CaseFacts(offence=story.offence, act=act, business_amount=story.illegal_business,
                          illegal_business=story.illegal_business, summary=story.summary)  # fmt: skip
        clue = load(uow, Clue, clue_id)
        parties = () if clue.parties else (_party(story),)
        clues.approve_filing(uow, self.env, clue_id, HEAD, at, case_id=f"AJ-{clue_id}",
                             act=act, facts=facts, parties=parties)  # fmt: skip

    # -- administrative cases: investigation to closing ------------------------------------
    def progress_cases(self, today: date, at: datetime) -> None:
        env = self.env
        steps: dict[str, tuple[int, Callable[[UnitOfWork, CaseRow], Any]]] = {
            "filed": (0, lambda u, r: cases.assign_officers(u, env, r.id, HEAD, at, officer_ids=TEAM)),
            "investigating": (21, lambda u, r: cases.request_legal_review(u, env, r.id, OFFICER, at)),
            "legal_review": (3, lambda u, r: cases.pass_legal_review(
                u, env, r.id, REVIEWER, at, opinion="事实清楚，证据确凿，程序合法")),
            "reviewed": (2, lambda u, r: cases.notify_penalty(
                u, env, r.id, OFFICER, at, proposed_penalty="没收侵权商品并处罚款", hearing_right=True)),
            "penalty_notice_served": (8, lambda u, r: cases.decide(u, env, r.id, HEAD, at,
                                                                  decision=self._decision(u, r.id, at))),
            "decided": (1, lambda u, r: cases.serve_decision(u, env, r.id, OFFICER, at,
                                                            method=ServiceMethod.DIRECT)),
            "served": (10, lambda u, r: cases.record_payment(
                u, env, r.id, OFFICER, at, amount=self._fine(u, r.id))),
            "paid": (1, lambda u, r: cases.record_execution(u, env, r.id, OFFICER, at)),
            "executed": (2, lambda u, r: cases.close(u, env, r.id, HEAD, at)),
        }  # fmt: skip
        for row in self._rows(CaseRow, *steps):
            wait, step = steps[row.state]
            if self._age("case", row.id, row.state, today) >= wait:
                self._do(step, row)

    def _decision(self, uow: UnitOfWork, case_id: str, at: datetime) -> Decision:
        case = load(uow, Case, case_id)
        amount = case.facts.business_amount or Decimal(10_000)
        return Decision(
            decided_on=at.date(),
            fine=(amount * 2).quantize(Decimal(1)),
            confiscated_goods=("侵权商品",),
            other_measures=("责令立即停止侵权行为",),
            legal_basis="《中华人民共和国商标法》第六十条第二款",
        )

    def _fine(self, uow: UnitOfWork, case_id: str) -> Decimal:
        decision = load(uow, Case, case_id).decision
        return decision.fine if decision is not None else Decimal(0)

    # -- referrals: the bureau's and the police's steps ----------------------------------
    def progress_referrals(self, today: date, at: datetime) -> None:
        env = self.env
        for row in self._rows(CaseRow, "referred"):
            if row.referral_id and self._referral_missing(row.referral_id):
                self._do(referrals.form_special_team, env, row.id, HEAD, at, officer_ids=TEAM)
        for row in self._rows(ReferralRow, *REFERRAL_STEPS):
            age = self._age("referral", row.id, row.state, today)
            story = self.stories.get(_clue_of_case(row.case_id))
            police = story.police if story else PoliceOutcome.FILED
            act = self._referral_step(row, age, police, at)
            if act is not None:
                self._do(act)

    def _referral_missing(self, referral_id: str) -> bool:
        with Session(self.engine) as session:
            return session.get(ReferralRow, referral_id) is None

    def _referral_step(
        self, row: ReferralRow, age: int, police: PoliceOutcome, at: datetime
    ) -> Callable[[UnitOfWork], Any] | None:
        env, rid, day = self.env, row.id, at.date()
        state = row.state
        if state == "special_team_formed" and age >= 3:
            return lambda u: self._package_and_report(u, row, at)
        if state == "report_submitted" and age >= 1:
            return lambda u: referrals.approve(u, env, rid, HEAD, at)
        if state == "sent" and age >= 1:
            return lambda u: referrals.record_police_receipt(
                u, env, rid, POLICE, at, receipt_number=f"公受〔{day.year}〕{rid[-4:]}号"
            )
        if state == "police_receipt" and age >= 1 and police is not PoliceOutcome.PENDING:
            if police is PoliceOutcome.FILED:
                return lambda u: referrals.record_police_filing(u, env, rid, POLICE, at, on=day)
            return lambda u: referrals.record_police_declination(
                u, env, rid, POLICE, at, police_reasons="认为没有犯罪事实，不予立案", on=day
            )
        if state == "police_declined" and age >= 1:
            return lambda u: referrals.request_reconsideration(u, env, rid, OFFICER, at, on=day)
        if state == "reconsideration_requested" and age >= 3:
            if police is PoliceOutcome.DECLINED_THEN_FILED:
                return lambda u: referrals.record_reconsideration_filed(
                    u, env, rid, POLICE, at, on=day
                )
            return lambda u: referrals.record_reconsideration_declined(
                u, env, rid, POLICE, at, on=day
            )
        if state == "police_filed" and age >= 2:
            return lambda u: referrals.hand_over_exhibits(
                u, env, rid, OFFICER, at, items=("涉案侵权商品",), on=day
            )
        if state == "exhibits_handed_over" and age >= 1:
            return lambda u: referrals.close(u, env, rid, HEAD, at)
        return None  # fmt: skip

    def _package_and_report(self, uow: UnitOfWork, row: ReferralRow, at: datetime) -> None:
        for material in MATERIALS:
            paper = self._paper(
                f"{row.id}-{material.value}.txt", f"{row.case_id} {material.label_zh}"
            )
            evidence.attach_evidence(uow, self.env, row.case_id, paper, material, OFFICER, at,
                                     self.evidence_store, referral_id=row.id)  # fmt: skip
        case = load(uow, Case, row.case_id)
        crime = referral_views.suspected_crime_found(uow.session, row.case_id, row.id)
        referrals.submit_report(
            uow, self.env, row.id, OFFICER, at,
            summary=f"非法经营数额{case.facts.illegal_business}元，涉嫌犯罪",
            suspected_crime=crime or "刑法第二百一十三条 假冒注册商标罪",
        )  # fmt: skip

    # -- rectifications: re-inspection after the deadline -------------------------------
    def reinspect(self, today: date, at: datetime) -> None:
        for row in self._rows(RectificationRow, "ordered"):
            deadline = date.fromisoformat(str(row.snapshot["deadline"]))
            # about one order in seven is re-inspected late (ids are "<campaign>-<n>-ZG")
            story_late = int(row.id.split("-")[1]) % 7 == 0
            if today < deadline + timedelta(days=20 if story_late else 3):
                continue
            self._do(rectifications.record_reinspection, self.env, row.id, OFFICER_2, at,
                     compliant=True, on=today)  # fmt: skip
            self._do(rectifications.complete, self.env, row.id, OFFICER_2, at)


REFERRAL_STEPS = ("special_team_formed", "report_submitted", "sent", "police_receipt",
                  "police_declined", "reconsideration_requested", "police_filed",
                  "exhibits_handed_over")  # fmt: skip


def _party(story: ClueStory) -> Party:
    individual = story.party_credit_code.startswith("92")
    return Party(
        kind=PartyKind.INDIVIDUAL_BUSINESS if individual else PartyKind.ORGANISATION,
        name=story.party_name,
        credit_code=story.party_credit_code,
    )


def _received_on(row: ClueRow) -> date:
    value = row.snapshot.get("received_on")
    return date.fromisoformat(str(value)) if value else row.created_at.date()


def _clue_of_case(case_id: str) -> str:
    return case_id.removeprefix("AJ-")
