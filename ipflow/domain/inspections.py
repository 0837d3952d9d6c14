"""The vocabulary of field work: campaign kinds, inspection targets, inspections.

Inspections are the bulk of a campaign (10⁵–10⁶ records a year for a province), so
an :class:`Inspection` is an immutable record, not an event-sourced aggregate; the
campaign checks that it accepts one (:meth:`Campaign.check_inspection`). An inspection
ends compliant, with nothing found, with a rectification order (责令整改, deadline
and re-inspection), with a signed commitment (承诺书), or with findings that become
clues.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ipflow.domain.case_records import OffenceType
from ipflow.domain.parties import CreditCode


class CampaignKind(StrEnum):
    IRON_FIST = "iron_fist"  # 铁拳
    BLUE_SKY = "blue_sky"  # 蓝天
    GI_MARK = "gi_mark"  # 地理标志专用标志清查
    ECOMMERCE = "ecommerce"  # 电商平台
    CUSTOM = "custom"

    @property
    def label_zh(self) -> str:
        return CAMPAIGN_KIND_LABELS_ZH[self]


CAMPAIGN_KIND_LABELS_ZH = {
    CampaignKind.IRON_FIST: "铁拳行动",
    CampaignKind.BLUE_SKY: "蓝天行动",
    CampaignKind.GI_MARK: "地理标志专用标志清查",
    CampaignKind.ECOMMERCE: "电商平台专项整治",
    CampaignKind.CUSTOM: "其他专项行动",
}


class TargetKind(StrEnum):
    ENTERPRISE = "enterprise"  # 企业
    IP_AGENCY = "ip_agency"  # 知识产权代理机构
    ECOMMERCE_PLATFORM = "ecommerce_platform"  # 电商平台
    ONLINE_SHOP = "online_shop"  # 网店
    PATENT_APPLICATION = "patent_application"  # 专利申请
    TRADEMARK_APPLICATION = "trademark_application"  # 商标注册申请

    @property
    def label_zh(self) -> str:
        return TARGET_KIND_LABELS_ZH[self]


TARGET_KIND_LABELS_ZH = {
    TargetKind.ENTERPRISE: "企业",
    TargetKind.IP_AGENCY: "代理机构",
    TargetKind.ECOMMERCE_PLATFORM: "电商平台",
    TargetKind.ONLINE_SHOP: "网店",
    TargetKind.PATENT_APPLICATION: "专利申请",
    TargetKind.TRADEMARK_APPLICATION: "商标注册申请",
}

_NEEDS_CREDIT_CODE = {TargetKind.ENTERPRISE, TargetKind.IP_AGENCY, TargetKind.ECOMMERCE_PLATFORM}
_APPLICATIONS = {TargetKind.PATENT_APPLICATION, TargetKind.TRADEMARK_APPLICATION}


class Target(BaseModel):
    """检查对象. Registered entities carry their credit code; applications their number;
    an online shop its address on the platform (and the operator's code if known)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: TargetKind
    name: str = Field(min_length=1)
    credit_code: CreditCode | None = None
    application_number: str | None = None
    url: str | None = None
    address: str | None = None

    @model_validator(mode="after")
    def _identified(self) -> Target:
        if self.kind in _NEEDS_CREDIT_CODE and self.credit_code is None:
            raise ValueError(f"{self.kind.label_zh}须填写统一社会信用代码（credit_code required）")
        if self.kind in _APPLICATIONS and not self.application_number:
            raise ValueError(f"{self.kind.label_zh}须填写申请号（application_number required）")
        if self.kind is TargetKind.ONLINE_SHOP and not (self.url or self.credit_code):
            raise ValueError("网店须填写店铺网址或经营者统一社会信用代码（url or credit_code）")
        return self

    @property
    def target_key(self) -> str:
        key = self.application_number if self.kind in _APPLICATIONS else None
        result = key or self.credit_code or self.url
        assert result is not None  # guaranteed by the validator
        return result


class InspectionOutcome(StrEnum):
    COMPLIANT = "compliant"  # 未发现问题
    NOT_FOUND = "not_found"  # 查无此户 / 经营场所不存在
    RECTIFICATION_ORDERED = "rectification_ordered"  # 责令整改
    COMMITMENT_SIGNED = "commitment_signed"  # 签订承诺书
    FINDINGS = "findings"  # 发现违法线索

    @property
    def label_zh(self) -> str:
        return {
            "compliant": "未发现问题",
            "not_found": "查无此户",
            "rectification_ordered": "责令整改",
            "commitment_signed": "签订承诺书",
            "findings": "发现违法线索",
        }[self.value]


class ClueSource(StrEnum):
    """Where a clue comes from (线索来源)."""

    INSPECTION = "inspection"  # 检查发现
    COMPLAINT = "complaint"  # 投诉举报
    AGENCY_TRANSFER = "agency_transfer"  # 其他部门移送
    ASSIGNED_FROM_ABOVE = "assigned_from_above"  # 上级交办

    @property
    def label_zh(self) -> str:
        return {
            "inspection": "检查发现",
            "complaint": "投诉举报",
            "agency_transfer": "其他部门移送",
            "assigned_from_above": "上级交办",
        }[self.value]


class Finding(BaseModel):
    """A suspected violation seen on the spot; it becomes a clue (source: inspection)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = Field(min_length=1)
    offence: OffenceType | None = None


class Inspection(BaseModel):
    """One inspection visit (户次) of one target within a campaign."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    campaign_id: str = Field(min_length=1)
    target: Target
    inspected_on: date
    officer_ids: tuple[str, ...] = Field(min_length=1)
    outcome: InspectionOutcome
    rectification_deadline: date | None = None
    commitment_reference: str | None = None  # 承诺书编号
    findings: tuple[Finding, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _outcome_complete(self) -> Inspection:
        o = self.outcome
        if (o is InspectionOutcome.FINDINGS) != bool(self.findings):
            raise ValueError("发现违法线索时须列明发现（findings），其他结论不应附发现")
        if o is InspectionOutcome.RECTIFICATION_ORDERED:
            if self.rectification_deadline is None:
                raise ValueError("责令整改须写明整改期限（rectification_deadline）")
            if self.rectification_deadline < self.inspected_on:
                raise ValueError("整改期限早于检查日期")
        elif self.rectification_deadline is not None:
            raise ValueError("只有责令整改才有整改期限")
        if o is InspectionOutcome.COMMITMENT_SIGNED and not self.commitment_reference:
            raise ValueError("签订承诺书须填写承诺书编号（commitment_reference）")
        return self
