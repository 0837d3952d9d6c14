"""责令整改 (rectification order) after an inspection, and its re-inspection.

ordered (deadline, the campaign's re-inspection period) → reinspected → completed
(compliant) or escalated to a clue (not compliant). Detecting an overdue
re-inspection is the deadline sweep's job (rule ``campaign.reinspection``, whose
length is the campaign's ``reinspection_days``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.events_base import AggregateKind
from ipflow.domain.events_field import (
    RectificationCompleted,
    RectificationEscalated,
    RectificationOrdered,
    ReinspectionRecorded,
)
from ipflow.domain.inspections import Inspection, InspectionOutcome, Target
from ipflow.domain.lifecycle import Actor, GuardContext, Lifecycle, Refusal, Transition
from ipflow.domain.roles import Role
from ipflow.errors import InputError


class RectificationState(StrEnum):
    ORDERED = "ordered"
    REINSPECTED = "reinspected"
    COMPLETED = "completed"
    ESCALATED = "escalated"


def reinspection_found_compliant(ctx: GuardContext) -> Refusal | None:
    if ctx.aggregate.compliant:
        return None
    return Refusal("复查未整改到位，应转为线索", "the re-inspection found it not rectified")


def reinspection_found_not_compliant(ctx: GuardContext) -> Refusal | None:
    if not ctx.aggregate.compliant:
        return None
    return Refusal("复查已整改到位，无须转为线索", "the re-inspection found it rectified")


R = RectificationState
OFFICERS = (Role.CASE_OFFICER, Role.HEAD)
RECTIFICATION_LIFECYCLE: Lifecycle[RectificationState] = Lifecycle(
    kind="rectification",
    label_zh="责令整改",
    states=RectificationState,
    state_labels={R.ORDERED: "整改中", R.REINSPECTED: "已复查", R.COMPLETED: "整改完成", R.ESCALATED: "已转为线索"},
    command_labels={
        "order": "责令整改",
        "record_reinspection": "登记复查结果",
        "complete": "确认整改完成",
        "escalate": "转为线索",
    },
    transitions=[
        Transition("order", (), R.ORDERED, OFFICERS),
        Transition("record_reinspection", (R.ORDERED,), R.REINSPECTED, (Role.CASE_OFFICER,)),
        Transition("complete", (R.REINSPECTED,), R.COMPLETED, OFFICERS, (reinspection_found_compliant,)),
        Transition("escalate", (R.REINSPECTED,), R.ESCALATED, OFFICERS, (reinspection_found_not_compliant,)),
    ],
    deadlines={R.ORDERED: ("campaign.reinspection",)},
)  # fmt: skip


class Rectification(Aggregate[RectificationState]):
    kind: ClassVar[AggregateKind] = AggregateKind.RECTIFICATION
    lifecycle: ClassVar[Lifecycle[Any]] = RECTIFICATION_LIFECYCLE
    correctable: ClassVar[dict[str, dict[str, str]]] = {
        "RectificationOrdered": {"deadline": "deadline", "requirements": "requirements"},
        "ReinspectionRecorded": {"findings": "findings"},
    }

    campaign_id: str | None
    inspection_id: str | None
    target: Target
    requirements: str
    deadline: date
    reinspection_days: int
    reinspected_on: date | None = None
    compliant: bool | None = None
    findings: str = ""
    clue_id: str | None = None

    @classmethod
    def _initial(cls, event: RectificationOrdered) -> dict[str, Any]:
        fields = {"campaign_id", "inspection_id", "target", "requirements", "deadline"}
        return event.model_dump(include={*fields, "reinspection_days"})

    def _when(self, event: Any) -> None:
        match event:
            case ReinspectionRecorded():
                self.reinspected_on, self.compliant = event.reinspected_on, event.compliant
                self.findings = event.findings
            case RectificationEscalated(clue_id=clue_id):
                self.clue_id = clue_id

    @classmethod
    def order(
        cls,
        actor: Actor,
        at: datetime,
        *,
        rectification_id: str,
        inspection: Inspection,
        requirements: str,
        reinspection_days: int,
    ) -> tuple[Rectification, list[RectificationOrdered]]:
        """From an inspection that ordered rectification (its deadline is the order's)."""
        if inspection.outcome is not InspectionOutcome.RECTIFICATION_ORDERED:
            raise InputError(
                "该检查未责令整改", "the inspection did not order rectification", field="inspection"
            )
        return cls._create(
            "order",
            rectification_id,
            actor,
            at,
            RectificationOrdered,
            campaign_id=inspection.campaign_id,
            inspection_id=inspection.id,
            target=inspection.target,
            requirements=requirements,
            deadline=inspection.rectification_deadline,
            reinspection_days=reinspection_days,
        )

    def record_reinspection(
        self,
        actor: Actor,
        at: datetime,
        *,
        compliant: bool,
        findings: str = "",
        on: date | None = None,
    ) -> list[ReinspectionRecorded]:
        return self._run(
            "record_reinspection",
            actor,
            at,
            ReinspectionRecorded,
            reinspected_on=on or at.date(),
            compliant=compliant,
            findings=findings,
        )

    def complete(self, actor: Actor, at: datetime) -> list[RectificationCompleted]:
        return self._run("complete", actor, at, RectificationCompleted)

    def escalate(self, actor: Actor, at: datetime, *, clue_id: str) -> list[RectificationEscalated]:
        """Not rectified: the service receives a clue ``clue_id`` (source: inspection)."""
        return self._run("escalate", actor, at, RectificationEscalated, clue_id=clue_id)
