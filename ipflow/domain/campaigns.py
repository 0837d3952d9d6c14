"""专项行动 (campaign): planned → active → closing → closed.

A campaign is planned with its kind (铁拳, 蓝天, 地理标志专用标志清查, 电商平台 …),
period, lead unit, member units (成员单位), the target kinds it inspects and the
re-inspection period after a rectification order, and optionally its round schedule
(:class:`CampaignSchedule`). Its target list (检查对象名录) is imported while it is
planned or active (:meth:`Campaign.check_target_import`); inspections are recorded while
it is active (:meth:`Campaign.check_inspection`); closing is for summing up.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.campaign_schedule import CampaignSchedule
from ipflow.domain.events_base import AggregateKind
from ipflow.domain.events_field import (
    CampaignClosed,
    CampaignClosingBegun,
    CampaignPlanned,
    CampaignStarted,
)
from ipflow.domain.inspections import CampaignKind, Inspection, TargetKind
from ipflow.domain.lifecycle import Actor, GuardContext, Lifecycle, Refusal, Transition
from ipflow.domain.roles import Role


class CampaignState(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSING = "closing"
    CLOSED = "closed"


def inspection_fits_campaign(ctx: GuardContext) -> Refusal | None:
    """An inspection falls in the campaign's period and inspects a kind it targets."""
    campaign, inspection = ctx.aggregate, ctx.args["inspection"]
    if inspection.campaign_id != campaign.id:
        return Refusal(f"检查记录属于专项行动「{inspection.campaign_id}」", "another campaign")
    if not campaign.period_start <= inspection.inspected_on <= campaign.period_end:
        return Refusal(
            f"检查日期{inspection.inspected_on}不在行动期间"
            f"（{campaign.period_start}至{campaign.period_end}）内",
            "inspection date outside the campaign period",
        )
    if inspection.target.kind not in campaign.target_kinds:
        return Refusal(
            f"本行动不检查「{inspection.target.kind.label_zh}」", "target kind not in this campaign"
        )
    return None


C = CampaignState
CAMPAIGN_LIFECYCLE: Lifecycle[CampaignState] = Lifecycle(
    kind="campaign",
    label_zh="专项行动",
    states=CampaignState,
    state_labels={C.PLANNED: "计划中", C.ACTIVE: "进行中", C.CLOSING: "总结阶段", C.CLOSED: "已结束"},
    command_labels={
        "plan": "制定行动方案",
        "start": "启动行动",
        "begin_closing": "进入总结阶段",
        "close": "结束行动",
        "record_inspection": "登记检查",
        "import_targets": "导入检查对象名录",
    },
    transitions=[
        Transition("plan", (), C.PLANNED, (Role.HEAD,)),
        Transition("start", (C.PLANNED,), C.ACTIVE, (Role.HEAD,)),
        Transition("begin_closing", (C.ACTIVE,), C.CLOSING, (Role.HEAD,)),
        Transition("close", (C.CLOSING,), C.CLOSED, (Role.HEAD,)),
        Transition("record_inspection", (C.ACTIVE,), None, (Role.CASE_OFFICER,),
                   (inspection_fits_campaign,)),
        Transition("import_targets", (C.PLANNED, C.ACTIVE), None, (Role.CASE_OFFICER, Role.HEAD)),
    ],
    deadlines={},
)  # fmt: skip


class Campaign(Aggregate[CampaignState]):
    kind: ClassVar[AggregateKind] = AggregateKind.CAMPAIGN
    lifecycle: ClassVar[Lifecycle[Any]] = CAMPAIGN_LIFECYCLE
    correctable: ClassVar[dict[str, dict[str, str]]] = {
        "CampaignPlanned": {
            "name": "name",
            "lead_unit": "lead_unit",
            "member_units": "member_units",
            "period_end": "period_end",
            "reinspection_days": "reinspection_days",
        }
    }

    name: str
    campaign_kind: CampaignKind
    period_start: date
    period_end: date
    lead_unit: str
    member_units: tuple[str, ...] = ()
    target_kinds: tuple[TargetKind, ...]
    reinspection_days: int
    schedule: CampaignSchedule | None = None

    @classmethod
    def _initial(cls, event: CampaignPlanned) -> dict[str, Any]:
        fields = {"name", "period_start", "period_end", "lead_unit", "member_units", "schedule"}
        return {
            **event.model_dump(include={*fields, "target_kinds", "reinspection_days"}),
            "campaign_kind": event.kind,
        }

    @classmethod
    def plan(
        cls,
        actor: Actor,
        at: datetime,
        *,
        campaign_id: str,
        name: str,
        kind: CampaignKind,
        period_start: date,
        period_end: date,
        lead_unit: str,
        target_kinds: tuple[TargetKind, ...],
        reinspection_days: int,
        member_units: tuple[str, ...] = (),
        schedule: CampaignSchedule | None = None,
    ) -> tuple[Campaign, list[CampaignPlanned]]:
        return cls._create(
            "plan",
            campaign_id,
            actor,
            at,
            CampaignPlanned,
            name=name,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            lead_unit=lead_unit,
            member_units=member_units,
            target_kinds=target_kinds,
            reinspection_days=reinspection_days,
            schedule=schedule,
        )

    def start(self, actor: Actor, at: datetime) -> list[CampaignStarted]:
        return self._run("start", actor, at, CampaignStarted)

    def begin_closing(self, actor: Actor, at: datetime) -> list[CampaignClosingBegun]:
        return self._run("begin_closing", actor, at, CampaignClosingBegun)

    def close(self, actor: Actor, at: datetime) -> list[CampaignClosed]:
        return self._run("close", actor, at, CampaignClosed)

    def check_inspection(self, actor: Actor, inspection: Inspection) -> None:
        """Refuse an inspection this campaign does not accept now (no event: inspections
        are records of their own, see ``inspections``)."""
        ctx = GuardContext(self, actor, self.updated_at, {"inspection": inspection})
        self.lifecycle.check(self.state, "record_inspection", actor.role, ctx)

    def check_target_import(self, actor: Actor) -> None:
        """Refuse importing targets unless planned or active and by an officer or the head."""
        self.lifecycle.check(self.state, "import_targets", actor.role)
