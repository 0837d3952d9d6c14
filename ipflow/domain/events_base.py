"""The base of every domain event and the events any aggregate kind may record.

An event is an immutable pydantic model that round-trips through
``model_dump(mode="json")`` / ``model_validate``. ``type`` is the discriminator;
``version`` is the aggregate's version the event produced (one per accepted
command), so ``event_id`` (``case:C-1#3``) names it for corrections and audit.
``occurred_at`` must carry a time zone: a naive time is refused.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue

from ipflow.domain.case_records import ExcludedInterval
from ipflow.domain.roles import Role


class AggregateKind(StrEnum):
    CAMPAIGN = "campaign"
    CLUE = "clue"
    CASE = "case"
    REFERRAL = "referral"
    RECTIFICATION = "rectification"


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    aggregate_kind: AggregateKind
    aggregate_id: str = Field(min_length=1)
    version: int = Field(ge=1)
    occurred_at: AwareDatetime
    actor_id: str = Field(min_length=1)
    role: Role
    reason: str | None = None
    basis: str | None = None  # legal citation of the step
    from_state: str | None = None  # set where the event is a transition
    to_state: str | None = None

    @property
    def event_id(self) -> str:
        return event_id_of(self.aggregate_kind, self.aggregate_id, self.version)


def event_id_of(kind: AggregateKind, aggregate_id: str, version: int) -> str:
    return f"{kind.value}:{aggregate_id}#{version}"


class ExcludedIntervalRecorded(DomainEvent):
    """A period that does not count (testing, appraisal, rights-holder identification …)."""

    type: Literal["ExcludedIntervalRecorded"] = "ExcludedIntervalRecorded"
    interval: ExcludedInterval


class SentBack(DomainEvent):
    """驳回: a reviewer or the head returns the work to the previous step."""

    type: Literal["SentBack"] = "SentBack"
    step: str = Field(min_length=1, description="The step sent back, e.g. legal_review")


class CorrectionRecorded(DomainEvent):
    """A compensating entry: the earlier event stays; this one overrides one field."""

    type: Literal["CorrectionRecorded"] = "CorrectionRecorded"
    corrected_event_id: str
    corrected_event_type: str
    field: str
    aggregate_path: str
    old_value: JsonValue
    new_value: JsonValue


class DeadlineMissed(DomainEvent):
    type: Literal["DeadlineMissed"] = "DeadlineMissed"
    rule_id: str = Field(min_length=1)
    due: date
    due_at: AwareDatetime | None = None  # for rules counted in hours
