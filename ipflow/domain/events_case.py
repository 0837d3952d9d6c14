"""Events of a case (案件), from opening to closing, past tense, one per command."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from ipflow.domain.case_records import CaseFacts, CollectiveDecision
from ipflow.domain.decisions import Decision
from ipflow.domain.events_base import DomainEvent
from ipflow.domain.grounds import NoPenaltyGround, ServiceMethod, SuspensionGround
from ipflow.domain.parties import Party


class CaseOpened(DomainEvent):
    """The case file begins after the clue's filing decision (its ``CaseFiled``)."""

    type: Literal["CaseOpened"] = "CaseOpened"
    clue_id: str = Field(min_length=1)
    filed_on: date
    parties: tuple[Party, ...] = Field(min_length=1)
    facts: CaseFacts


class FactsRecorded(DomainEvent):
    type: Literal["FactsRecorded"] = "FactsRecorded"
    facts: CaseFacts


class OfficersAssigned(DomainEvent):
    type: Literal["OfficersAssigned"] = "OfficersAssigned"
    officer_ids: tuple[str, ...]


class InvestigationSuspended(DomainEvent):
    type: Literal["InvestigationSuspended"] = "InvestigationSuspended"
    ground: SuspensionGround
    suspended_on: date


class InvestigationResumed(DomainEvent):
    type: Literal["InvestigationResumed"] = "InvestigationResumed"
    resumed_on: date


class CaseExtended(DomainEvent):
    """Case period extended (Art. 64): first by the head, later by collective decision."""

    type: Literal["CaseExtended"] = "CaseExtended"
    number: int = Field(ge=1)
    approved_on: date
    days: int | None = Field(default=None, gt=0)  # None: the rule's fixed extension
    collective_decision_id: str | None = None


class CollectiveDecisionRecorded(DomainEvent):
    type: Literal["CollectiveDecisionRecorded"] = "CollectiveDecisionRecorded"
    decision: CollectiveDecision


class LegalReviewRequested(DomainEvent):
    type: Literal["LegalReviewRequested"] = "LegalReviewRequested"


class LegalReviewPassed(DomainEvent):
    type: Literal["LegalReviewPassed"] = "LegalReviewPassed"
    opinion: str = ""


class PenaltyNoticeServed(DomainEvent):
    """行政处罚告知书 served: statements, defence and, where in scope, a hearing."""

    type: Literal["PenaltyNoticeServed"] = "PenaltyNoticeServed"
    served_on: date
    proposed_penalty: str = Field(min_length=1)
    hearing_right: bool


class HearingRequested(DomainEvent):
    type: Literal["HearingRequested"] = "HearingRequested"
    requested_on: date


class HearingHeld(DomainEvent):
    type: Literal["HearingHeld"] = "HearingHeld"
    held_on: date


class PenaltyDecided(DomainEvent):
    type: Literal["PenaltyDecided"] = "PenaltyDecided"
    decision: Decision


class NoPenaltyDecided(DomainEvent):
    """不予行政处罚 or 终止调查 (Art. 60 ¶1); ``reason`` is required."""

    type: Literal["NoPenaltyDecided"] = "NoPenaltyDecided"
    ground: NoPenaltyGround
    decided_on: date


class DecisionServed(DomainEvent):
    type: Literal["DecisionServed"] = "DecisionServed"
    served_on: date
    method: ServiceMethod


class FinePaid(DomainEvent):
    type: Literal["FinePaid"] = "FinePaid"
    paid_on: date
    amount: Decimal = Field(ge=0)
    payment_due: date
    surcharge: Decimal = Field(ge=0)


class EnforcementApplied(DomainEvent):
    """申请人民法院强制执行 (SAMR 程序规定 Art. 76)."""

    type: Literal["EnforcementApplied"] = "EnforcementApplied"
    applied_on: date
    court: str = Field(min_length=1)


class DecisionExecuted(DomainEvent):
    type: Literal["DecisionExecuted"] = "DecisionExecuted"
    executed_on: date


class CaseClosed(DomainEvent):
    type: Literal["CaseClosed"] = "CaseClosed"
    closed_on: date


class SuspectedCrimeFound(DomainEvent):
    """涉嫌犯罪: the case waits on the referral ``referral_id``."""

    type: Literal["SuspectedCrimeFound"] = "SuspectedCrimeFound"
    referral_id: str = Field(min_length=1)
    suspected_crime: str = Field(min_length=1, description="e.g. 刑法第二百一十三条 假冒注册商标罪")


class CaseTakenBack(DomainEvent):
    """The referral ended without prosecution (not approved, or returned: 反向衔接);
    the bureau handles the case again and may fine."""

    type: Literal["CaseTakenBack"] = "CaseTakenBack"
    referral_id: str = Field(min_length=1)
    referral_outcome: Literal["declined", "returned"]
