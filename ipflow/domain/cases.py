"""案件 (case): the commands. State and event application are in ``case_file``, the
table, labels and guards in ``case_lifecycle``.

Dates the law counts from (filing, service, payment …) are explicit on the events
and default to the day of ``at`` (when the step happened).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ipflow.domain.case_file import CaseFile
from ipflow.domain.case_lifecycle import CaseState
from ipflow.domain.case_records import CaseFacts, CollectiveDecision, ExcludedInterval
from ipflow.domain.clues import Clue
from ipflow.domain.decisions import Decision, late_payment_surcharge
from ipflow.domain.events_base import ExcludedIntervalRecorded, SentBack
from ipflow.domain.events_case import (
    CaseClosed,
    CaseExtended,
    CaseOpened,
    CaseTakenBack,
    CollectiveDecisionRecorded,
    DecisionExecuted,
    DecisionServed,
    EnforcementApplied,
    FactsRecorded,
    FinePaid,
    HearingHeld,
    HearingRequested,
    InvestigationResumed,
    InvestigationSuspended,
    LegalReviewPassed,
    LegalReviewRequested,
    NoPenaltyDecided,
    OfficersAssigned,
    PenaltyDecided,
    PenaltyNoticeServed,
    SuspectedCrimeFound,
)
from ipflow.domain.grounds import NoPenaltyGround, ServiceMethod, SuspensionGround
from ipflow.domain.lifecycle import Actor
from ipflow.domain.parties import Party
from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.domain.referral_lifecycle import ReferralState

if TYPE_CHECKING:
    from ipflow.domain.referrals import Referral

__all__ = ["Case", "CaseState"]


class Case(CaseFile):
    """案件. Every command checks the table, returns ``[event]`` and applies it."""

    @classmethod
    def open(
        cls,
        actor: Actor,
        at: datetime,
        *,
        case_id: str,
        clue: Clue,
        parties: tuple[Party, ...],
        facts: CaseFacts,
        filed_on: date | None = None,
    ) -> tuple[Case, list[CaseOpened]]:
        """The case file begins on a clue the head filed as ``case_id``."""
        return cls._create(
            "open",
            case_id,
            actor,
            at,
            CaseOpened,
            args={"clue": clue, "case_id": case_id},
            clue_id=clue.id,
            filed_on=filed_on or at.date(),
            parties=parties,
            facts=facts,
        )

    def record_facts(self, actor: Actor, at: datetime, *, facts: CaseFacts) -> list[FactsRecorded]:
        return self._run("record_facts", actor, at, FactsRecorded, facts=facts)

    def assign_officers(
        self, actor: Actor, at: datetime, *, officer_ids: tuple[str, ...], rules: ProcedureRules
    ) -> list[OfficersAssigned]:
        ids = tuple(dict.fromkeys(officer_ids))
        return self._run(
            "assign_officers",
            actor,
            at,
            OfficersAssigned,
            args={"officer_ids": ids},
            rules=rules,
            officer_ids=ids,
        )

    def suspend(
        self,
        actor: Actor,
        at: datetime,
        *,
        ground: SuspensionGround,
        reason: str,
        on: date | None = None,
    ) -> list[InvestigationSuspended]:
        return self._run(
            "suspend",
            actor,
            at,
            InvestigationSuspended,
            reason=reason,
            ground=ground,
            suspended_on=on or at.date(),
        )

    def resume(
        self, actor: Actor, at: datetime, *, on: date | None = None
    ) -> list[InvestigationResumed]:
        return self._run("resume", actor, at, InvestigationResumed, resumed_on=on or at.date())

    def record_excluded_interval(
        self, actor: Actor, at: datetime, *, interval: ExcludedInterval
    ) -> list[ExcludedIntervalRecorded]:
        return self._run(
            "record_excluded_interval",
            actor,
            at,
            ExcludedIntervalRecorded,
            args={"interval": interval},
            interval=interval,
        )

    def extend(
        self, actor: Actor, at: datetime, *, reason: str, collective_decision_id: str | None = None
    ) -> list[CaseExtended]:
        """The first extension by the head; later ones need a recorded collective decision."""
        record = next(
            (d for d in self.collective_decisions if d.id == collective_decision_id), None
        )
        further = record if self.extensions else None
        return self._run(
            "extend",
            actor,
            at,
            CaseExtended,
            args={"collective_decision_id": collective_decision_id},
            reason=reason,
            number=len(self.extensions) + 1,
            approved_on=at.date(),
            days=further.extension_days if further else None,
            collective_decision_id=further.id if further else None,
        )

    def record_collective_decision(
        self, actor: Actor, at: datetime, *, decision: CollectiveDecision
    ) -> list[CollectiveDecisionRecorded]:
        return self._run(
            "record_collective_decision", actor, at, CollectiveDecisionRecorded, decision=decision
        )

    def request_legal_review(self, actor: Actor, at: datetime) -> list[LegalReviewRequested]:
        return self._run("request_legal_review", actor, at, LegalReviewRequested)

    def pass_legal_review(
        self, actor: Actor, at: datetime, *, opinion: str = ""
    ) -> list[LegalReviewPassed]:
        return self._run("pass_legal_review", actor, at, LegalReviewPassed, opinion=opinion)

    def send_back(self, actor: Actor, at: datetime, *, reason: str) -> list[SentBack]:
        """驳回: the legal reviewer returns the case for further investigation."""
        return self._run("send_back", actor, at, SentBack, reason=reason, step="legal_review")

    def notify_penalty(
        self,
        actor: Actor,
        at: datetime,
        *,
        proposed_penalty: str,
        hearing_right: bool,
        on: date | None = None,
    ) -> list[PenaltyNoticeServed]:
        return self._run(
            "notify_penalty",
            actor,
            at,
            PenaltyNoticeServed,
            served_on=on or at.date(),
            proposed_penalty=proposed_penalty,
            hearing_right=hearing_right,
        )

    def request_hearing(
        self, actor: Actor, at: datetime, *, on: date | None = None
    ) -> list[HearingRequested]:
        return self._run(
            "request_hearing", actor, at, HearingRequested, requested_on=on or at.date()
        )

    def hold_hearing(
        self, actor: Actor, at: datetime, *, on: date | None = None
    ) -> list[HearingHeld]:
        return self._run("hold_hearing", actor, at, HearingHeld, held_on=on or at.date())

    def decide(self, actor: Actor, at: datetime, *, decision: Decision) -> list[PenaltyDecided]:
        """作出处罚决定 (head). Refused on a referred case (行政处罚法 Art. 35 ¶2)."""
        return self._run(
            "decide", actor, at, PenaltyDecided, args={"decision": decision}, decision=decision
        )

    def decline(
        self, actor: Actor, at: datetime, *, ground: NoPenaltyGround, reason: str
    ) -> list[NoPenaltyDecided]:
        """不予行政处罚 / 终止调查 (head), before any decision."""
        return self._run(
            "decline",
            actor,
            at,
            NoPenaltyDecided,
            reason=reason,
            ground=ground,
            decided_on=at.date(),
        )

    def serve_decision(
        self, actor: Actor, at: datetime, *, method: ServiceMethod, on: date | None = None
    ) -> list[DecisionServed]:
        return self._run(
            "serve_decision", actor, at, DecisionServed, served_on=on or at.date(), method=method
        )

    def record_payment(
        self,
        actor: Actor,
        at: datetime,
        *,
        amount: Decimal,
        payment_due: date,
        rules: ProcedureRules,
        paid_on: date | None = None,
    ) -> list[FinePaid]:
        """罚没款缴纳; the surcharge (加处罚款) is computed from the due date handed in."""
        paid = paid_on or at.date()
        fine = self.decision.fine if self.decision is not None else Decimal(0)
        surcharge = late_payment_surcharge(fine, payment_due, paid, rules.late_payment_surcharge)
        return self._run(
            "record_payment",
            actor,
            at,
            FinePaid,
            rules=rules,
            paid_on=paid,
            amount=amount,
            payment_due=payment_due,
            surcharge=surcharge,
        )

    def apply_for_enforcement(
        self, actor: Actor, at: datetime, *, court: str, on: date | None = None
    ) -> list[EnforcementApplied]:
        return self._run(
            "apply_for_enforcement",
            actor,
            at,
            EnforcementApplied,
            applied_on=on or at.date(),
            court=court,
        )

    def record_execution(
        self, actor: Actor, at: datetime, *, on: date | None = None
    ) -> list[DecisionExecuted]:
        return self._run(
            "record_execution", actor, at, DecisionExecuted, executed_on=on or at.date()
        )

    def find_suspected_crime(
        self,
        actor: Actor,
        at: datetime,
        *,
        referral_id: str,
        suspected_crime: str,
        reason: str | None = None,
    ) -> list[SuspectedCrimeFound]:
        """涉嫌犯罪: the case waits on the referral ``referral_id`` (formed next)."""
        return self._run(
            "find_suspected_crime",
            actor,
            at,
            SuspectedCrimeFound,
            reason=reason,
            referral_id=referral_id,
            suspected_crime=suspected_crime,
        )

    def take_back(
        self, actor: Actor, at: datetime, *, referral: Referral, reason: str
    ) -> list[CaseTakenBack]:
        """Back to investigating after a declined or returned referral (lifts Art. 35)."""
        outcome = "returned" if referral.state is ReferralState.RETURNED else "declined"
        return self._run(
            "take_back",
            actor,
            at,
            CaseTakenBack,
            args={"referral": referral},
            reason=reason,
            referral_id=referral.id,
            referral_outcome=outcome,
        )

    def close(
        self,
        actor: Actor,
        at: datetime,
        *,
        referral: Referral | None = None,
        on: date | None = None,
    ) -> list[CaseClosed]:
        """结案 (Art. 77): after execution, a decision not to penalise, or a closed referral."""
        return self._run(
            "close", actor, at, CaseClosed, args={"referral": referral}, closed_on=on or at.date()
        )
