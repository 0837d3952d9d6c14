"""The one typed input of each flow (pydantic), so that a deployment carries it as JSON
and survives added fields (each has a default).

``as_of`` is the time the flow's steps are recorded at and deadlines are judged by
(a demo's fixed "as of" date); empty means now. Batches are transactions: a batch is
committed whole or not at all, and a rerun continues after the last committed one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of: AwareDatetime | None = Field(default=None, description="记录时间；默认现在")


class CampaignRoundInput(_Input):
    campaign_id: str = Field(min_length=1)
    round_no: int | None = Field(
        default=None, ge=1, description="轮次；默认当前轮次（按行动安排的轮次日期，或当天）"
    )
    round_size: int | None = Field(
        default=None, ge=1, description="本轮检查对象数；默认全部尚未安排的对象"
    )
    officer_ids: tuple[str, ...] = Field(
        default=(), description="本轮执法人员；默认牵头单位在岗承办人"
    )
    planned_on: date | None = Field(
        default=None, description="计划检查日期；默认行动安排的轮次日期"
    )
    inspections_file: Path | None = Field(
        default=None, description="本轮检查记录（CSV/XLSX）；没有则只安排检查"
    )
    recorded_by: str | None = Field(
        default=None, description="登记检查记录的承办人编号；默认 ipflow 自动流程"
    )
    batch_size: int = Field(default=500, ge=1, le=10_000)


class CaseProgressInput(_Input):
    campaign_id: str | None = Field(default=None, description="只处理该行动的线索与案件")
    batch_size: int = Field(default=200, ge=1, le=10_000)


class ReferralDispatchInput(_Input):
    police_unit_id: str | None = Field(default=None, description="默认登记的第一个公安机关")
    procuratorate_unit_id: str | None = Field(
        default=None, description="默认登记的第一个人民检察院"
    )
    batch_size: int = Field(default=20, ge=1, le=1_000)


class DeadlineSweepInput(_Input):
    batch_size: int = Field(default=500, ge=1, le=10_000)
