"""Events of a referral to public security (两法衔接, Decree 310), one per command."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from ipflow.domain.events_base import DomainEvent
from ipflow.domain.evidence import EvidenceItem
from ipflow.domain.grounds import ReturnedBy


class SpecialTeamFormed(DomainEvent):
    type: Literal["SpecialTeamFormed"] = "SpecialTeamFormed"
    case_id: str = Field(min_length=1)
    officer_ids: tuple[str, ...]


class EvidenceAttached(DomainEvent):
    type: Literal["EvidenceAttached"] = "EvidenceAttached"
    item: EvidenceItem


class ReferralReportSubmitted(DomainEvent):
    type: Literal["ReferralReportSubmitted"] = "ReferralReportSubmitted"
    summary: str = Field(min_length=1)
    suspected_crime: str = Field(min_length=1)


class ReferralApproved(DomainEvent):
    type: Literal["ReferralApproved"] = "ReferralApproved"


class ReferralDeclined(DomainEvent):
    """不批准移送: ``reason`` recorded (Art. 5 ¶2); the case goes on administratively."""

    type: Literal["ReferralDeclined"] = "ReferralDeclined"


class ReferralSent(DomainEvent):
    """Sent to public security at ``occurred_at``, copied to the procuratorate."""

    type: Literal["ReferralSent"] = "ReferralSent"
    police_unit: str = Field(min_length=1)
    procuratorate: str = Field(min_length=1)
    copied_to_procuratorate: Literal[True] = True


class PoliceReceiptRecorded(DomainEvent):
    type: Literal["PoliceReceiptRecorded"] = "PoliceReceiptRecorded"
    receipt_number: str | None = None


class PoliceFiled(DomainEvent):
    type: Literal["PoliceFiled"] = "PoliceFiled"
    notice_received_on: date  # 立案通知书: the day the bureau received it
    notice_number: str | None = None
    notice_dated_on: date | None = None  # the date on the notice: when the police decided


class PoliceDeclinedToFile(DomainEvent):
    type: Literal["PoliceDeclinedToFile"] = "PoliceDeclinedToFile"
    notice_received_on: date  # 不予立案通知书: the day the bureau received it
    police_reasons: str = Field(min_length=1)
    notice_dated_on: date | None = None  # the date on the notice: when the police decided


class ReconsiderationRequested(DomainEvent):
    type: Literal["ReconsiderationRequested"] = "ReconsiderationRequested"
    requested_on: date


class ReconsiderationDecided(DomainEvent):
    type: Literal["ReconsiderationDecided"] = "ReconsiderationDecided"
    outcome: Literal["filed", "declined"]
    notice_received_on: date
    notice_dated_on: date | None = None  # the date on the notice: when the police decided


class SupervisionSuggested(DomainEvent):
    """建议人民检察院立案监督 (Decree 310 Art. 9; 刑事诉讼法 Art. 113)."""

    type: Literal["SupervisionSuggested"] = "SupervisionSuggested"
    suggested_on: date


class SupervisionOutcomeRecorded(DomainEvent):
    type: Literal["SupervisionOutcomeRecorded"] = "SupervisionOutcomeRecorded"
    outcome: Literal["filed", "declined"]


class ExhibitsHandedOver(DomainEvent):
    type: Literal["ExhibitsHandedOver"] = "ExhibitsHandedOver"
    handed_over_on: date
    items: tuple[str, ...] = Field(min_length=1)


class ReferralReturned(DomainEvent):
    """反向衔接: back to the bureau for an administrative penalty (行政处罚法 Art. 27)."""

    type: Literal["ReferralReturned"] = "ReferralReturned"
    returned_by: ReturnedBy


class ReferralClosed(DomainEvent):
    type: Literal["ReferralClosed"] = "ReferralClosed"
