"""移送 (referral, 两法衔接): the aggregate. Its table, labels and guards are in
``referral_lifecycle``; the Decree 310 Art. 6 package in ``evidence``.

A referral belongs to a case that found a suspected crime (the case waits on it).
When the head declines it or it is returned (反向衔接), the service takes the case
back (``Case.take_back``); when it is closed, the case may close.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import AwareDatetime, Field

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.events_base import AggregateKind, SentBack
from ipflow.domain.events_referral import (
    EvidenceAttached,
    ExhibitsHandedOver,
    PoliceDeclinedToFile,
    PoliceFiled,
    PoliceReceiptRecorded,
    ReconsiderationDecided,
    ReconsiderationRequested,
    ReferralApproved,
    ReferralClosed,
    ReferralDeclined,
    ReferralReportSubmitted,
    ReferralReturned,
    ReferralSent,
    SpecialTeamFormed,
    SupervisionOutcomeRecorded,
    SupervisionSuggested,
)
from ipflow.domain.evidence import EvidenceItem, PackageChecklist, package_checklist
from ipflow.domain.grounds import ReturnedBy
from ipflow.domain.lifecycle import Actor, Lifecycle
from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE, ReferralState
from ipflow.errors import RuleViolation

if TYPE_CHECKING:
    from ipflow.domain.cases import Case

__all__ = ["Referral", "ReferralState"]


def _notice_date(dated_on: date | None, received_on: date) -> date | None:
    """The date on a police notice: never after the day the bureau received it."""
    if dated_on is not None and dated_on > received_on:
        raise RuleViolation(
            f"通知书落款日期 {dated_on} 晚于接到通知书的日期 {received_on}",
            "the notice is dated after the day it was received",
            field="--notice-date",
        )
    return dated_on


class Referral(Aggregate[ReferralState]):
    kind: ClassVar[AggregateKind] = AggregateKind.REFERRAL
    lifecycle: ClassVar[Lifecycle[Any]] = REFERRAL_LIFECYCLE
    correctable: ClassVar[dict[str, dict[str, str]]] = {
        "ReferralReportSubmitted": {
            "summary": "report_summary",
            "suspected_crime": "suspected_crime",
        },
        "ReferralSent": {"police_unit": "police_unit", "procuratorate": "procuratorate"},
        "PoliceFiled": {"notice_number": "police_notice_number"},
    }

    case_id: str
    team_officer_ids: tuple[str, ...]
    evidence: list[EvidenceItem] = Field(default_factory=list)
    report_summary: str | None = None
    suspected_crime: str | None = None
    sent_at: AwareDatetime | None = None  # the 24-hour transfer is counted to the hour
    police_unit: str | None = None
    procuratorate: str | None = None  # copied (抄送)
    police_receipt_number: str | None = None
    police_received_at: AwareDatetime | None = None  # 接受移送: the police review runs from it
    police_notice_number: str | None = None
    police_notice_received_on: date | None = None  # 立案 / 不予立案 / 复议决定 notice
    police_notice_dated_on: date | None = None  # the date written on that notice
    police_reasons: str | None = None
    reconsideration_outcome: str | None = None
    supervision_outcome: str | None = None
    exhibits: tuple[str, ...] = ()
    returned_by: ReturnedBy | None = None

    def checklist(self) -> PackageChecklist:
        """Which of the five Decree 310 Art. 6 materials the package holds."""
        return package_checklist(self.evidence)

    # -- applying -------------------------------------------------------------------------
    @classmethod
    def _initial(cls, event: SpecialTeamFormed) -> dict[str, Any]:
        return {"case_id": event.case_id, "team_officer_ids": event.officer_ids}

    def _when(self, event: Any) -> None:
        match event:
            case EvidenceAttached(item=item):
                self.evidence.append(item)
            case ReferralReportSubmitted():
                self.report_summary, self.suspected_crime = event.summary, event.suspected_crime
            case ReferralSent():
                self.sent_at, self.police_unit = event.occurred_at, event.police_unit
                self.procuratorate = event.procuratorate
            case PoliceReceiptRecorded(receipt_number=number):
                self.police_receipt_number = number
                self.police_received_at = event.occurred_at
            case PoliceFiled():
                self.police_notice_dated_on = event.notice_dated_on
                self.police_notice_number = event.notice_number
                self.police_notice_received_on = event.notice_received_on
            case PoliceDeclinedToFile():
                self.police_notice_dated_on = event.notice_dated_on
                self.police_notice_received_on = event.notice_received_on
                self.police_reasons = event.police_reasons
            case ReconsiderationDecided():
                self.police_notice_dated_on = event.notice_dated_on
                self.reconsideration_outcome = event.outcome
                self.police_notice_received_on = event.notice_received_on
            case SupervisionOutcomeRecorded(outcome=outcome):
                self.supervision_outcome = outcome
            case ExhibitsHandedOver(items=items):
                self.exhibits = items
            case ReferralReturned(returned_by=returned_by):
                self.returned_by = returned_by

    # -- commands (dates default to the day of ``at``) -------------------------------------
    @classmethod
    def form_special_team(
        cls,
        actor: Actor,
        at: datetime,
        *,
        referral_id: str,
        case: Case,
        officer_ids: tuple[str, ...],
        rules: ProcedureRules,
    ) -> tuple[Referral, list[SpecialTeamFormed]]:
        """专案组 (Decree 310 Art. 5 ¶1) for the case waiting on ``referral_id``."""
        ids = tuple(dict.fromkeys(officer_ids))
        return cls._create(
            "form_special_team",
            referral_id,
            actor,
            at,
            SpecialTeamFormed,
            args={"case": case, "referral_id": referral_id, "officer_ids": ids},
            rules=rules,
            case_id=case.id,
            officer_ids=ids,
        )

    def attach_evidence(
        self, actor: Actor, at: datetime, *, item: EvidenceItem
    ) -> list[EvidenceAttached]:
        return self._run("attach_evidence", actor, at, EvidenceAttached, item=item)

    def submit_report(
        self, actor: Actor, at: datetime, *, summary: str, suspected_crime: str
    ) -> list[ReferralReportSubmitted]:
        return self._run(
            "submit_report",
            actor,
            at,
            ReferralReportSubmitted,
            summary=summary,
            suspected_crime=suspected_crime,
        )

    def approve(self, actor: Actor, at: datetime) -> list[ReferralApproved]:
        return self._run("approve", actor, at, ReferralApproved)

    def decline(self, actor: Actor, at: datetime, *, reason: str) -> list[ReferralDeclined]:
        """不批准移送: the reason is recorded (Art. 5 ¶2)."""
        return self._run("decline", actor, at, ReferralDeclined, reason=reason)

    def send_back(self, actor: Actor, at: datetime, *, reason: str) -> list[SentBack]:
        """The head returns the report to the special team."""
        return self._run("send_back", actor, at, SentBack, reason=reason, step="referral_report")

    def send(
        self, actor: Actor, at: datetime, *, police_unit: str, procuratorate: str
    ) -> list[ReferralSent]:
        """移送 to public security, copied to the procuratorate; ``at`` is the transfer time."""
        return self._run(
            "send", actor, at, ReferralSent, police_unit=police_unit, procuratorate=procuratorate
        )

    def record_police_receipt(
        self, actor: Actor, at: datetime, *, receipt_number: str | None = None
    ) -> list[PoliceReceiptRecorded]:
        return self._run(
            "record_police_receipt", actor, at, PoliceReceiptRecorded, receipt_number=receipt_number
        )

    def record_police_filing(
        self,
        actor: Actor,
        at: datetime,
        *,
        notice_number: str | None = None,
        on: date | None = None,
        dated_on: date | None = None,
    ) -> list[PoliceFiled]:
        return self._run(
            "record_police_filing",
            actor,
            at,
            PoliceFiled,
            notice_received_on=on or at.date(),
            notice_dated_on=_notice_date(dated_on, on or at.date()),
            notice_number=notice_number,
        )

    def record_police_declination(
        self,
        actor: Actor,
        at: datetime,
        *,
        police_reasons: str,
        on: date | None = None,
        dated_on: date | None = None,
    ) -> list[PoliceDeclinedToFile]:
        return self._run(
            "record_police_declination",
            actor,
            at,
            PoliceDeclinedToFile,
            notice_received_on=on or at.date(),
            notice_dated_on=_notice_date(dated_on, on or at.date()),
            police_reasons=police_reasons,
        )

    def request_reconsideration(
        self, actor: Actor, at: datetime, *, on: date | None = None
    ) -> list[ReconsiderationRequested]:
        return self._run(
            "request_reconsideration",
            actor,
            at,
            ReconsiderationRequested,
            requested_on=on or at.date(),
        )

    def record_reconsideration_filed(
        self,
        actor: Actor,
        at: datetime,
        *,
        on: date | None = None,
        dated_on: date | None = None,
    ) -> list[ReconsiderationDecided]:
        return self._run(
            "record_reconsideration_filed",
            actor,
            at,
            ReconsiderationDecided,
            outcome="filed",
            notice_received_on=on or at.date(),
            notice_dated_on=_notice_date(dated_on, on or at.date()),
        )

    def record_reconsideration_declined(
        self,
        actor: Actor,
        at: datetime,
        *,
        on: date | None = None,
        dated_on: date | None = None,
    ) -> list[ReconsiderationDecided]:
        return self._run(
            "record_reconsideration_declined",
            actor,
            at,
            ReconsiderationDecided,
            outcome="declined",
            notice_received_on=on or at.date(),
            notice_dated_on=_notice_date(dated_on, on or at.date()),
        )

    def suggest_supervision(
        self, actor: Actor, at: datetime, *, on: date | None = None
    ) -> list[SupervisionSuggested]:
        return self._run(
            "suggest_supervision", actor, at, SupervisionSuggested, suggested_on=on or at.date()
        )

    def record_supervision_filed(
        self, actor: Actor, at: datetime
    ) -> list[SupervisionOutcomeRecorded]:
        return self._run(
            "record_supervision_filed", actor, at, SupervisionOutcomeRecorded, outcome="filed"
        )

    def record_supervision_declined(
        self, actor: Actor, at: datetime
    ) -> list[SupervisionOutcomeRecorded]:
        return self._run(
            "record_supervision_declined", actor, at, SupervisionOutcomeRecorded, outcome="declined"
        )

    def hand_over_exhibits(
        self, actor: Actor, at: datetime, *, items: tuple[str, ...], on: date | None = None
    ) -> list[ExhibitsHandedOver]:
        return self._run(
            "hand_over_exhibits",
            actor,
            at,
            ExhibitsHandedOver,
            handed_over_on=on or at.date(),
            items=items,
        )

    def close(self, actor: Actor, at: datetime) -> list[ReferralClosed]:
        return self._run("close", actor, at, ReferralClosed)

    def return_for_administrative_penalty(
        self, actor: Actor, at: datetime, *, returned_by: ReturnedBy, reason: str
    ) -> list[ReferralReturned]:
        """反向衔接: back to the bureau for an administrative penalty."""
        return self._run(
            "return_for_administrative_penalty",
            actor,
            at,
            ReferralReturned,
            reason=reason,
            returned_by=returned_by,
        )
