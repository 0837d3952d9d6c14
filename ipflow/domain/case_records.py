"""The records a case file holds beside its state: facts, excluded periods, extensions,
collective decisions. Immutable values: a change is a new value carried by an event.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ipflow.domain.grounds import ExcludedIntervalKind
from ipflow.domain.limitation import ActPeriod


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OffenceType(StrEnum):
    TRADEMARK_INFRINGEMENT = "trademark_infringement"  # 商标侵权 (商标法 Art. 57, 60)
    COUNTERFEIT_PATENT = "counterfeit_patent"  # 假冒专利 (专利法 Art. 68)
    GI_MARK_MISUSE = "gi_mark_misuse"  # 地理标志专用标志违法使用
    OFFICIAL_MARK_MISUSE = "official_mark_misuse"  # 商标法 Art. 10, 52
    ABNORMAL_PATENT_APPLICATION = "abnormal_patent_application"  # 非正常专利申请
    MALICIOUS_TRADEMARK_APPLICATION = "malicious_trademark_application"  # 恶意商标注册申请
    AGENCY_VIOLATION = "agency_violation"  # 商标/专利代理违法
    OTHER = "other"


Amount = Annotated[Decimal, Field(ge=0)] | None


class CaseFacts(_Value):
    """What the investigation has established. Amounts in yuan, as ``Decimal``.

    The administrative 违法经营额 (``business_amount``) drives the fine; the criminal
    非法经营数额 / 违法所得 / 销售金额 / 货值 drive the referral (DOMAIN.md §3.3).
    """

    offence: OffenceType
    act: ActPeriod
    business_amount: Amount = None  # 违法经营额 (商标法实施条例 Art. 78)
    illegal_business: Amount = None  # 非法经营数额 (criminal)
    illegal_gains: Amount = None  # 违法所得
    sales: Amount = None  # 销售金额
    unsold_value: Amount = None  # 货值 of goods not yet sold
    marks: int = Field(default=1, ge=1)  # 注册商标 / 专利 concerned
    labels: int | None = Field(default=None, ge=0)  # 商标标识件数 (刑法 Art. 215)
    reasonable_suspicion: bool = False  # Decree 310 Art. 3 ¶2
    summary: str = ""


class ExcludedInterval(_Value):
    """A period that does not count against a deadline; both days included."""

    kind: ExcludedIntervalKind
    start: date
    end: date
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ExcludedInterval:
        if self.end < self.start:
            raise ValueError("扣除期间的结束日期早于开始日期（end before start）")
        return self


class CollectiveDecisionSubject(StrEnum):
    EXTENSION = "extension"  # 继续延期 (SAMR 程序规定 Art. 64 ¶1)
    PENALTY_DECISION = "penalty_decision"  # 重大案件处罚决定 (Art. 60)


class CollectiveDecision(_Value):
    """集体讨论决定: recorded by the head with its meeting record."""

    id: str = Field(min_length=1)
    subject: CollectiveDecisionSubject
    held_on: date
    attendees: tuple[str, ...] = Field(min_length=2)
    conclusion: str = Field(min_length=1)
    extension_days: int | None = Field(
        default=None, gt=0, description="The reasonable further period set (延长的合理期限)."
    )

    @model_validator(mode="after")
    def _extension_has_length(self) -> CollectiveDecision:
        if self.subject is CollectiveDecisionSubject.PENALTY_DECISION and self.extension_days:
            raise ValueError("处罚决定的集体讨论不设延长期限（extension_days only for extensions）")
        return self


class Extension(_Value):
    """An approved extension of the case period (Art. 64): the first by the head for the
    rule's fixed length (``days`` empty), later ones set by a collective decision."""

    number: int = Field(ge=1)
    approved_on: date
    days: int | None = Field(default=None, gt=0)
    collective_decision_id: str | None = None


class Payment(_Value):
    paid_on: date
    amount: Decimal = Field(ge=0)
    payment_due: date
    surcharge: Decimal = Field(ge=0)  # 加处罚款
