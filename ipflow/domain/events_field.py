"""Events of field work: campaigns, clues and rectifications (past tense, one per command)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from ipflow.domain.campaign_schedule import CampaignSchedule
from ipflow.domain.case_records import CaseFacts
from ipflow.domain.events_base import DomainEvent
from ipflow.domain.grounds import FilingDeclineGround
from ipflow.domain.inspections import CampaignKind, ClueSource, Target, TargetKind
from ipflow.domain.limitation import ActPeriod, LimitationCheck
from ipflow.domain.parties import Party

# -- campaign -------------------------------------------------------------------------


class CampaignPlanned(DomainEvent):
    type: Literal["CampaignPlanned"] = "CampaignPlanned"
    name: str = Field(min_length=1)
    kind: CampaignKind
    period_start: date
    period_end: date
    lead_unit: str = Field(min_length=1)
    member_units: tuple[str, ...] = ()
    target_kinds: tuple[TargetKind, ...] = Field(min_length=1)
    reinspection_days: int = Field(gt=0)
    schedule: CampaignSchedule | None = None  # when its rounds run (issue 7 scheduler)

    @model_validator(mode="after")
    def _period(self) -> CampaignPlanned:
        if self.period_end < self.period_start:
            raise ValueError("行动结束日期早于开始日期（period_end before period_start）")
        schedule, start, end = self.schedule, self.period_start, self.period_end
        outside = schedule.rounds_outside(start, end) if schedule else []
        if outside:
            days = "、".join(str(d) for d in outside)
            raise ValueError(f"轮次日期{days}不在行动期间内（rounds outside the period）")
        return self


class CampaignStarted(DomainEvent):
    type: Literal["CampaignStarted"] = "CampaignStarted"


class CampaignClosingBegun(DomainEvent):
    type: Literal["CampaignClosingBegun"] = "CampaignClosingBegun"


class CampaignClosed(DomainEvent):
    type: Literal["CampaignClosed"] = "CampaignClosed"


# -- clue -----------------------------------------------------------------------------


class ClueReceived(DomainEvent):
    type: Literal["ClueReceived"] = "ClueReceived"
    source: ClueSource
    received_on: date  # 发现线索或者收到材料之日
    summary: str = Field(min_length=1)
    campaign_id: str | None = None
    inspection_id: str | None = None
    parties: tuple[Party, ...] = ()
    act: ActPeriod | None = None


class ClueVerificationStarted(DomainEvent):
    type: Literal["ClueVerificationStarted"] = "ClueVerificationStarted"


class ClueVerificationExtended(DomainEvent):
    type: Literal["ClueVerificationExtended"] = "ClueVerificationExtended"


class FilingApproved(DomainEvent):
    """批准立案: the head approved filing the clue as ``case_id`` (Art. 18, 19).

    Carries everything the filing needs, so that a flow files the case later without
    anyone waiting (the filing is then attributed to this head). ``parties`` empty: the
    clue's. The limitation check is recorded here as on :class:`CaseFiled`.
    """

    type: Literal["FilingApproved"] = "FilingApproved"
    case_id: str = Field(min_length=1)
    act: ActPeriod
    facts: CaseFacts
    parties: tuple[Party, ...] = ()
    approved_on: date
    limitation: LimitationCheck


class CaseFiled(DomainEvent):
    """立案: the head decided to file a case on the clue (Art. 18, 19).

    ``approval_event_id`` names the :class:`FilingApproved` it carries out, if any.
    """

    type: Literal["CaseFiled"] = "CaseFiled"
    case_id: str = Field(min_length=1)
    act: ActPeriod
    limitation: LimitationCheck
    approval_event_id: str | None = None


class FilingDeclined(DomainEvent):
    """不予立案 (Art. 19, 20); ``reason`` is required."""

    type: Literal["FilingDeclined"] = "FilingDeclined"
    ground: FilingDeclineGround


# -- rectification --------------------------------------------------------------------


class RectificationOrdered(DomainEvent):
    type: Literal["RectificationOrdered"] = "RectificationOrdered"
    campaign_id: str | None = None
    inspection_id: str | None = None
    target: Target
    requirements: str = Field(min_length=1)
    deadline: date
    reinspection_days: int = Field(gt=0)


class ReinspectionRecorded(DomainEvent):
    type: Literal["ReinspectionRecorded"] = "ReinspectionRecorded"
    reinspected_on: date
    compliant: bool
    findings: str = ""


class RectificationCompleted(DomainEvent):
    type: Literal["RectificationCompleted"] = "RectificationCompleted"


class RectificationEscalated(DomainEvent):
    """Not rectified: the finding goes on as a clue."""

    type: Literal["RectificationEscalated"] = "RectificationEscalated"
    clue_id: str = Field(min_length=1)
