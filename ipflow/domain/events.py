"""The event vocabulary of ipflow: every domain event, the union and the parser.

Events are defined beside their aggregate kind (``events_field``, ``events_case``,
``events_referral``; shared ones in ``events_base``) and gathered here. ``AnyEvent``
is a pydantic discriminated union on ``type``; :func:`parse_event` turns a stored
JSON dict back into the right class (an unknown or malformed event raises
``InputError`` naming the field).
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

from pydantic import Field, TypeAdapter, ValidationError

from ipflow.domain.events_base import (
    AggregateKind,
    CorrectionRecorded,
    DeadlineMissed,
    DomainEvent,
    ExcludedIntervalRecorded,
    SentBack,
    event_id_of,
)
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
from ipflow.domain.events_field import (
    CampaignClosed,
    CampaignClosingBegun,
    CampaignPlanned,
    CampaignStarted,
    CaseFiled,
    ClueReceived,
    ClueVerificationExtended,
    ClueVerificationStarted,
    FilingApproved,
    FilingDeclined,
    RectificationCompleted,
    RectificationEscalated,
    RectificationOrdered,
    ReinspectionRecorded,
)
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
from ipflow.errors import InputError

AnyEvent = Annotated[
    ExcludedIntervalRecorded
    | SentBack
    | CorrectionRecorded
    | DeadlineMissed
    | CampaignPlanned
    | CampaignStarted
    | CampaignClosingBegun
    | CampaignClosed
    | ClueReceived
    | ClueVerificationStarted
    | ClueVerificationExtended
    | CaseFiled
    | FilingApproved
    | FilingDeclined
    | RectificationOrdered
    | ReinspectionRecorded
    | RectificationCompleted
    | RectificationEscalated
    | CaseOpened
    | FactsRecorded
    | OfficersAssigned
    | InvestigationSuspended
    | InvestigationResumed
    | CaseExtended
    | CollectiveDecisionRecorded
    | LegalReviewRequested
    | LegalReviewPassed
    | PenaltyNoticeServed
    | HearingRequested
    | HearingHeld
    | PenaltyDecided
    | NoPenaltyDecided
    | DecisionServed
    | FinePaid
    | EnforcementApplied
    | DecisionExecuted
    | CaseClosed
    | SuspectedCrimeFound
    | CaseTakenBack
    | SpecialTeamFormed
    | EvidenceAttached
    | ReferralReportSubmitted
    | ReferralApproved
    | ReferralDeclined
    | ReferralSent
    | PoliceReceiptRecorded
    | PoliceFiled
    | PoliceDeclinedToFile
    | ReconsiderationRequested
    | ReconsiderationDecided
    | SupervisionSuggested
    | SupervisionOutcomeRecorded
    | ExhibitsHandedOver
    | ReferralReturned
    | ReferralClosed,
    Field(discriminator="type"),
]

_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyEvent)

EVENT_TYPES: dict[str, type[DomainEvent]] = {
    cls.model_fields["type"].default: cls for cls in get_args(get_args(AnyEvent)[0])
}
"""Every event class by its ``type``."""


def parse_event(data: dict[str, Any]) -> DomainEvent:
    """A stored event (``model_dump(mode="json")``) back as its class."""
    try:
        event: DomainEvent = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        if first["type"].startswith("union_tag"):  # unknown or missing ``type``
            field = "type"
        raise InputError(
            f"事件记录无效：{first['msg']}", "invalid event record", field=field
        ) from None
    return event


__all__ = [
    "EVENT_TYPES",
    "AggregateKind",
    "AnyEvent",
    "CampaignClosed",
    "CampaignClosingBegun",
    "CampaignPlanned",
    "CampaignStarted",
    "CaseClosed",
    "CaseExtended",
    "CaseFiled",
    "CaseOpened",
    "CaseTakenBack",
    "ClueReceived",
    "ClueVerificationExtended",
    "ClueVerificationStarted",
    "CollectiveDecisionRecorded",
    "CorrectionRecorded",
    "DeadlineMissed",
    "DecisionExecuted",
    "DecisionServed",
    "DomainEvent",
    "EnforcementApplied",
    "EvidenceAttached",
    "ExcludedIntervalRecorded",
    "ExhibitsHandedOver",
    "FactsRecorded",
    "FilingApproved",
    "FilingDeclined",
    "FinePaid",
    "HearingHeld",
    "HearingRequested",
    "InvestigationResumed",
    "InvestigationSuspended",
    "LegalReviewPassed",
    "LegalReviewRequested",
    "NoPenaltyDecided",
    "OfficersAssigned",
    "PenaltyDecided",
    "PenaltyNoticeServed",
    "PoliceDeclinedToFile",
    "PoliceFiled",
    "PoliceReceiptRecorded",
    "ReconsiderationDecided",
    "ReconsiderationRequested",
    "RectificationCompleted",
    "RectificationEscalated",
    "RectificationOrdered",
    "ReferralApproved",
    "ReferralClosed",
    "ReferralDeclined",
    "ReferralReportSubmitted",
    "ReferralReturned",
    "ReferralSent",
    "ReinspectionRecorded",
    "SentBack",
    "SpecialTeamFormed",
    "SupervisionOutcomeRecorded",
    "SupervisionSuggested",
    "event_id_of",
    "parse_event",
]
