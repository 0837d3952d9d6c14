"""The case file (案卷): the state a case holds and how each event changes it.

:class:`~ipflow.domain.cases.Case` adds the commands; this module is what the store
snapshots and what ``replay`` rebuilds. The table is in ``case_lifecycle``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from pydantic import AwareDatetime, Field

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE, CaseState
from ipflow.domain.case_records import (
    CaseFacts,
    CollectiveDecision,
    ExcludedInterval,
    Extension,
    Payment,
)
from ipflow.domain.decisions import Decision
from ipflow.domain.events_base import AggregateKind, ExcludedIntervalRecorded
from ipflow.domain.events_case import (
    CaseClosed,
    CaseExtended,
    CaseOpened,
    CaseTakenBack,
    CollectiveDecisionRecorded,
    DecisionServed,
    FactsRecorded,
    FinePaid,
    InvestigationResumed,
    InvestigationSuspended,
    NoPenaltyDecided,
    OfficersAssigned,
    PenaltyDecided,
    SuspectedCrimeFound,
)
from ipflow.domain.grounds import ExcludedIntervalKind, NoPenaltyGround
from ipflow.domain.lifecycle import Lifecycle
from ipflow.domain.parties import Party


class CaseFile(Aggregate[CaseState]):
    """What a case file holds and how each event changes it (commands: :class:`Case`)."""

    kind: ClassVar[AggregateKind] = AggregateKind.CASE
    lifecycle: ClassVar[Lifecycle[Any]] = CASE_LIFECYCLE
    correctable: ClassVar[dict[str, dict[str, str]]] = {
        "CaseOpened": {"facts": "facts", "parties": "parties", "filed_on": "filed_on"},
        "FactsRecorded": {"facts": "facts"},
        "PenaltyDecided": {"decision": "decision"},
        "DecisionServed": {"served_on": "decision.served_on"},
        "FinePaid": {"amount": "payment.amount"},
    }

    clue_id: str
    filed_on: date
    parties: tuple[Party, ...]
    facts: CaseFacts
    officer_ids: tuple[str, ...] = ()
    excluded_intervals: list[ExcludedInterval] = Field(default_factory=list)
    suspended_since: date | None = None
    extensions: list[Extension] = Field(default_factory=list)
    collective_decisions: list[CollectiveDecision] = Field(default_factory=list)
    decision: Decision | None = None
    no_penalty_ground: NoPenaltyGround | None = None
    payment: Payment | None = None
    referral_id: str | None = None
    referred: bool = False  # 行政处罚法 Art. 35 ¶2: no fine while True
    referred_at: AwareDatetime | None = None  # the running referral: since when
    # Each referral that ended without prosecution: (referred, taken back), for the rule
    # returned_case_clock of procedure.yaml (the case period and the time with the police).
    referral_spans: list[tuple[AwareDatetime, AwareDatetime]] = Field(default_factory=list)
    closed_on: date | None = None

    # -- reading --------------------------------------------------------------------------
    def open_deadline_rules(self) -> tuple[str, ...]:
        rules = super().open_deadline_rules()
        if self.decision is None or not self.decision.has_fine:
            rules = tuple(r for r in rules if r != "samr.fine_payment")
        return rules

    def excluded_intervals_until(self, today: date) -> list[ExcludedInterval]:
        """Excluded periods, with a suspension still running counted up to ``today``."""
        running = []
        if self.suspended_since is not None and today >= self.suspended_since:
            kind = ExcludedIntervalKind.SUSPENSION
            running = [ExcludedInterval(kind=kind, start=self.suspended_since, end=today)]
        return [*self.excluded_intervals, *running]

    # -- applying ---------------------------------------------------------------------------
    @classmethod
    def _initial(cls, event: CaseOpened) -> dict[str, Any]:
        return event.model_dump(include={"clue_id", "filed_on", "parties", "facts"})

    def _when(self, event: Any) -> None:
        match event:
            case FactsRecorded(facts=facts):
                self.facts = facts
            case OfficersAssigned(officer_ids=officer_ids):
                self.officer_ids = officer_ids
            case InvestigationSuspended(suspended_on=on):
                self.suspended_since = on
            case InvestigationResumed(resumed_on=on):
                start, self.suspended_since = self.suspended_since, None
                if start is not None and on > start:  # the resumption day counts again
                    kind = ExcludedIntervalKind.SUSPENSION
                    interval = ExcludedInterval(kind=kind, start=start, end=on - timedelta(days=1))
                    self.excluded_intervals.append(interval)
            case ExcludedIntervalRecorded(interval=interval):
                self.excluded_intervals.append(interval)
            case CaseExtended():
                self.extensions.append(
                    Extension.model_validate(
                        event.model_dump(
                            include={"number", "approved_on", "days", "collective_decision_id"}
                        )
                    )
                )
            case CollectiveDecisionRecorded(decision=record):
                self.collective_decisions.append(record)
            case PenaltyDecided(decision=decision):
                self.decision = decision
            case NoPenaltyDecided(ground=ground):
                self.no_penalty_ground = ground
            case DecisionServed(served_on=on) if self.decision is not None:
                self.decision = self.decision.model_copy(update={"served_on": on})
            case FinePaid():
                self.payment = Payment.model_validate(
                    event.model_dump(include={"paid_on", "amount", "payment_due", "surcharge"})
                )
            case SuspectedCrimeFound(referral_id=referral_id):
                self.referral_id, self.referred = referral_id, True
                self.referred_at = event.occurred_at
            case CaseTakenBack():
                self.referred = False
                if self.referred_at is not None:
                    self.referral_spans.append((self.referred_at, event.occurred_at))
                self.referred_at = None
            case CaseClosed(closed_on=on):
                self.closed_on = on
