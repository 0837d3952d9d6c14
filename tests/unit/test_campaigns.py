"""专项行动: planned → active → closing → closed; targets and inspections."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from ipflow.domain.campaigns import CAMPAIGN_LIFECYCLE, Campaign, CampaignState
from ipflow.domain.inspections import (
    CampaignKind,
    Finding,
    Inspection,
    InspectionOutcome,
    Target,
    TargetKind,
)
from ipflow.errors import IllegalTransition, InputError, RoleNotAllowed, RuleViolation
from tests.unit.lifecycle_factories import HEAD, OFFICER, Clock

S = CampaignState
AGENCY = Target(
    kind=TargetKind.IP_AGENCY, name="示例知识产权代理有限公司", credit_code="91350100M000100Y43"
)


def planned(clock: Clock) -> Campaign:
    campaign, _ = Campaign.plan(
        HEAD,
        clock.tick(),
        campaign_id="LT-2026",
        name="2026年蓝天专项整治行动",
        kind=CampaignKind.BLUE_SKY,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 10, 31),
        lead_unit="示县市场监督管理局",
        member_units=("示县公安局", "示县人民检察院"),
        target_kinds=(TargetKind.IP_AGENCY, TargetKind.TRADEMARK_APPLICATION),
        reinspection_days=15,
    )
    return campaign


def visit(target: Target = AGENCY, on: date = date(2026, 5, 12), **extra: object) -> Inspection:
    return Inspection(
        id="I-1", campaign_id="LT-2026", target=target, inspected_on=on,
        officer_ids=("officer-li", "officer-wang"), outcome=InspectionOutcome.COMPLIANT,
    ).model_copy(update=extra)  # fmt: skip


def test_a_campaign_is_planned_started_summed_up_and_closed() -> None:
    clock = Clock()
    campaign = planned(clock)
    assert campaign.state is S.PLANNED and campaign.campaign_kind.label_zh == "蓝天行动"
    campaign.start(HEAD, clock.tick())
    campaign.begin_closing(HEAD, clock.tick())
    campaign.close(HEAD, clock.tick())
    assert campaign.state is S.CLOSED and campaign.version == 4
    assert CAMPAIGN_LIFECYCLE.is_terminal(S.CLOSED)


def test_only_the_head_starts_a_campaign_and_steps_keep_their_order() -> None:
    clock = Clock()
    campaign = planned(clock)
    with pytest.raises(RoleNotAllowed, match=r"「承办人」不能执行「启动行动」"):
        campaign.start(OFFICER, clock.tick())
    with pytest.raises(
        IllegalTransition, match=r"专项行动当前状态为「计划中」，不能执行「结束行动」"
    ):
        campaign.close(HEAD, clock.tick())


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InputError, match=r"行动结束日期早于开始日期"):
        Campaign.plan(
            HEAD, Clock().tick(), campaign_id="X", name="x", kind=CampaignKind.CUSTOM,
            period_start=date(2026, 5, 1), period_end=date(2026, 4, 1), lead_unit="局",
            target_kinds=(TargetKind.ENTERPRISE,), reinspection_days=10,
        )  # fmt: skip


def test_inspections_are_accepted_while_active_within_the_period_and_the_target_kinds() -> None:
    clock = Clock()
    campaign = planned(clock)
    with pytest.raises(IllegalTransition, match=r"「计划中」，不能执行「登记检查」"):
        campaign.check_inspection(OFFICER, visit())
    campaign.start(HEAD, clock.tick())
    campaign.check_inspection(OFFICER, visit())
    with pytest.raises(RuleViolation, match=r"不在行动期间"):
        campaign.check_inspection(OFFICER, visit(on=date(2026, 11, 2)))
    shop = Target(kind=TargetKind.ONLINE_SHOP, name="某网店", url="https://shop.example/123")
    with pytest.raises(RuleViolation, match=r"本行动不检查「网店」"):
        campaign.check_inspection(OFFICER, visit(target=shop))
    assert campaign.version == 2  # checking an inspection records nothing on the campaign


def test_targets_carry_the_identifier_their_kind_needs() -> None:
    assert AGENCY.target_key == "91350100M000100Y43"
    application = Target(
        kind=TargetKind.PATENT_APPLICATION, name="一种鞋底", application_number="2025100012345"
    )
    assert application.target_key == "2025100012345"
    with pytest.raises(ValidationError, match=r"代理机构须填写统一社会信用代码"):
        Target(kind=TargetKind.IP_AGENCY, name="无码代理")
    with pytest.raises(ValidationError, match=r"商标注册申请须填写申请号"):
        Target(kind=TargetKind.TRADEMARK_APPLICATION, name="某商标")
    with pytest.raises(ValidationError, match=r"第18位校验码错误"):
        Target(kind=TargetKind.ENTERPRISE, name="错码企业", credit_code="91350100M000100Y44")


def test_an_inspection_outcome_carries_what_it_needs() -> None:
    with pytest.raises(ValidationError, match=r"责令整改须写明整改期限"):
        Inspection(
            id="I-2", campaign_id="LT-2026", target=AGENCY, inspected_on=date(2026, 5, 1),
            officer_ids=("a",), outcome=InspectionOutcome.RECTIFICATION_ORDERED,
        )  # fmt: skip
    with pytest.raises(ValidationError, match=r"发现违法线索时须列明发现"):
        Inspection(
            id="I-3", campaign_id="LT-2026", target=AGENCY, inspected_on=date(2026, 5, 1),
            officer_ids=("a",), outcome=InspectionOutcome.FINDINGS,
        )  # fmt: skip
    found = Inspection(
        id="I-4", campaign_id="LT-2026", target=AGENCY, inspected_on=date(2026, 5, 1),
        officer_ids=("a",), outcome=InspectionOutcome.FINDINGS,
        findings=(Finding(description="代理无真实发明创造的批量专利申请"),),
    )  # fmt: skip
    assert found.outcome.label_zh == "发现违法线索"
