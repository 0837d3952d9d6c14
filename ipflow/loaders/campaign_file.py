"""行动方案文件: a campaign defined in YAML (examples in ``config/campaigns/``).

    id: TQ-2026                              # 行动编号
    name: 2026年知识产权保护“铁拳”行动
    kind: 铁拳行动                             # or iron_fist, blue_sky, gi_mark, ecommerce, custom
    period: {start: 2026-03-01, end: 2026-12-15}
    lead_unit: 示例县市场监督管理局
    member_units: [县公安局, 县人民检察院]
    target_kinds: [企业, 网店]                 # labels or codes
    reinspection_days: 15                     # 责令整改后复查期限（日）
    schedule:                                 # optional: when the rounds run
      cron: "0 9 1 3-11 *"                    # 分 时 日 月 星期, Asia/Shanghai
      rounds: [2026-03-02, 2026-06-01]        # and/or explicit dates
    description: …                            # optional, for the officers

Every problem is an :class:`~ipflow.errors.InputError` naming the file, line and field.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ipflow.domain.campaign_schedule import CampaignSchedule
from ipflow.domain.inspections import (
    CAMPAIGN_KIND_LABELS_ZH,
    TARGET_KIND_LABELS_ZH,
    CampaignKind,
    TargetKind,
)
from ipflow.loaders.located_yaml import load_located_model

_KIND_ALIASES: dict[str, CampaignKind] = {
    **{label: kind for kind, label in CAMPAIGN_KIND_LABELS_ZH.items()},
    "铁拳": CampaignKind.IRON_FIST,
    "蓝天": CampaignKind.BLUE_SKY,
    "地理标志": CampaignKind.GI_MARK,
    "电商平台": CampaignKind.ECOMMERCE,
}
_TARGET_ALIASES: dict[str, TargetKind] = {
    label: kind for kind, label in TARGET_KIND_LABELS_ZH.items()
}


class CampaignPeriod(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date


class CampaignFile(BaseModel):
    """The plan of one campaign, as the head signs it off."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    name: str = Field(min_length=1, max_length=200)
    kind: CampaignKind
    period: CampaignPeriod
    lead_unit: str = Field(min_length=1)
    member_units: tuple[str, ...] = ()
    target_kinds: tuple[TargetKind, ...] = Field(min_length=1)
    reinspection_days: int = Field(gt=0, le=365)
    schedule: CampaignSchedule | None = None
    description: str | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_label(cls, value: Any) -> Any:
        return _KIND_ALIASES.get(value, value) if isinstance(value, str) else value

    @field_validator("target_kinds", mode="before")
    @classmethod
    def _target_labels(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_TARGET_ALIASES.get(v, v) if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CampaignFile:
        if self.period.end < self.period.start:
            raise ValueError("行动结束日期早于开始日期（period.end before period.start）")
        if self.schedule and (outside := self.schedule.rounds_outside(*self._period())):
            raise ValueError(
                f"轮次日期{'、'.join(str(d) for d in outside)}不在行动期间内（schedule.rounds）"
            )
        if len(set(self.target_kinds)) != len(self.target_kinds):
            raise ValueError("检查对象类型重复（target_kinds）")
        return self

    def _period(self) -> tuple[date, date]:
        return self.period.start, self.period.end


def load_campaign_file(path: Path) -> CampaignFile:
    """Read and validate a campaign YAML file; problems name file, line and field."""
    return load_located_model(path, CampaignFile)
