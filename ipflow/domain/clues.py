"""线索 (clue): the aggregate. Its table, labels and guards are in ``clue_lifecycle``.

A clue arrives from an inspection, a complaint, another agency or from above; the
head files it as a case or declines to (with an Art. 19/20 ground and a reason), or
approves the filing (:meth:`Clue.approve_filing`) for a flow to carry out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.case_records import CaseFacts, ExcludedInterval
from ipflow.domain.clue_lifecycle import CLUE_LIFECYCLE, ClueState
from ipflow.domain.events_base import AggregateKind, ExcludedIntervalRecorded
from ipflow.domain.events_field import (
    CaseFiled,
    ClueReceived,
    ClueVerificationExtended,
    ClueVerificationStarted,
    FilingApproved,
    FilingDeclined,
)
from ipflow.domain.grounds import FilingDeclineGround
from ipflow.domain.inspections import ClueSource
from ipflow.domain.lifecycle import Actor, Lifecycle
from ipflow.domain.limitation import ActPeriod, LimitationCheck, check_limitation
from ipflow.domain.parties import Party
from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.errors import InputError

__all__ = ["CLUE_LIFECYCLE", "Clue", "ClueSource", "ClueState", "FilingApproval"]


class FilingApproval(BaseModel):
    """What the head approved (批准立案), for the filing that carries it out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str
    approved_by: str  # the head's officer id: the filing is attributed to them
    approved_on: date  # 立案之日: the case period counts from here
    case_id: str
    act: ActPeriod
    facts: CaseFacts
    parties: tuple[Party, ...] = ()  # empty: the clue's
    override_reason: str | None = None


class Clue(Aggregate[ClueState]):
    kind: ClassVar[AggregateKind] = AggregateKind.CLUE
    lifecycle: ClassVar[Lifecycle[Any]] = CLUE_LIFECYCLE
    correctable: ClassVar[dict[str, dict[str, str]]] = {
        "ClueReceived": {"summary": "summary", "received_on": "received_on", "parties": "parties"},
    }

    source: ClueSource
    received_on: date
    summary: str
    campaign_id: str | None = None
    inspection_id: str | None = None
    parties: tuple[Party, ...] = ()
    act: ActPeriod | None = None
    verification_extended: bool = False
    excluded_intervals: list[ExcludedInterval] = Field(default_factory=list)
    case_id: str | None = None
    limitation: LimitationCheck | None = None
    decline_ground: FilingDeclineGround | None = None
    filing_approval: FilingApproval | None = None

    @classmethod
    def receive(
        cls,
        actor: Actor,
        at: datetime,
        *,
        clue_id: str,
        source: ClueSource,
        summary: str,
        received_on: date | None = None,
        campaign_id: str | None = None,
        inspection_id: str | None = None,
        parties: tuple[Party, ...] = (),
        act: ActPeriod | None = None,
    ) -> tuple[Clue, list[ClueReceived]]:
        """登记线索. An inspection's clue names its inspection."""
        if source is ClueSource.INSPECTION and not inspection_id:
            raise InputError(
                "检查发现的线索须注明检查记录（inspection_id）",
                "a clue from an inspection names it",
                field="inspection_id",
            )
        return cls._create(
            "receive",
            clue_id,
            actor,
            at,
            ClueReceived,
            source=source,
            received_on=received_on or at.date(),
            summary=summary,
            campaign_id=campaign_id,
            inspection_id=inspection_id,
            parties=parties,
            act=act,
        )

    @classmethod
    def _initial(cls, event: ClueReceived) -> dict[str, Any]:
        return event.model_dump(
            include={
                "source",
                "received_on",
                "summary",
                "campaign_id",
                "inspection_id",
                "parties",
                "act",
            }
        )

    def _when(self, event: Any) -> None:
        match event:
            case ClueVerificationExtended():
                self.verification_extended = True
            case ExcludedIntervalRecorded(interval=interval):
                self.excluded_intervals.append(interval)
            case FilingApproved():
                self.filing_approval = FilingApproval(
                    event_id=event.event_id,
                    approved_by=event.actor_id,
                    approved_on=event.approved_on,
                    case_id=event.case_id,
                    act=event.act,
                    facts=event.facts,
                    parties=event.parties,
                    override_reason=event.limitation.override_reason,
                )
                self.act, self.limitation = event.act, event.limitation
            case CaseFiled():
                self.case_id, self.act, self.limitation = event.case_id, event.act, event.limitation
            case FilingDeclined(ground=ground):
                self.decline_ground = ground

    def start_verification(self, actor: Actor, at: datetime) -> list[ClueVerificationStarted]:
        return self._run("start_verification", actor, at, ClueVerificationStarted)

    def extend_verification(
        self, actor: Actor, at: datetime, *, reason: str | None = None
    ) -> list[ClueVerificationExtended]:
        return self._run("extend_verification", actor, at, ClueVerificationExtended, reason=reason)

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

    def approve_filing(
        self,
        actor: Actor,
        at: datetime,
        *,
        case_id: str,
        act: ActPeriod,
        facts: CaseFacts,
        rules: ProcedureRules,
        parties: tuple[Party, ...] = (),
        on: date | None = None,
        override_reason: str | None = None,
    ) -> list[FilingApproved]:
        """批准立案 (head): the filing is decided now and carried out by the next flow run."""
        limitation = check_limitation(
            act, self.received_on, rules.limitation_period, override_reason
        )
        return self._run(
            "approve_filing",
            actor,
            at,
            FilingApproved,
            args={"limitation": limitation},
            rules=rules,
            reason=override_reason,
            case_id=case_id,
            act=act,
            facts=facts,
            parties=parties,
            approved_on=on or at.date(),
            limitation=limitation,
        )

    def file_case(
        self,
        actor: Actor,
        at: datetime,
        *,
        case_id: str,
        act: ActPeriod,
        rules: ProcedureRules,
        override_reason: str | None = None,
    ) -> list[CaseFiled]:
        """立案 (head). The limitation check is recorded on the event, override or not.

        From *filing approved* it carries out the recorded approval (same case id and
        act; the service attributes it to the approving head).
        """
        limitation = check_limitation(
            act, self.received_on, rules.limitation_period, override_reason
        )
        approval = self.filing_approval
        return self._run(
            "file_case",
            actor,
            at,
            CaseFiled,
            args={"limitation": limitation, "case_id": case_id, "act": act},
            rules=rules,
            reason=override_reason,
            case_id=case_id,
            act=act,
            limitation=limitation,
            approval_event_id=approval.event_id if approval is not None else None,
        )

    def decline(
        self, actor: Actor, at: datetime, *, ground: FilingDeclineGround, reason: str
    ) -> list[FilingDeclined]:
        """不予立案 (head), with one of the Art. 19/20 grounds and a written reason."""
        return self._run("decline", actor, at, FilingDeclined, reason=reason, ground=ground)
