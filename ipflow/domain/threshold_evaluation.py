"""What :func:`ipflow.domain.thresholds.evaluate_referral` takes (the case's facts) and
returns: the recommendation, every bar with the case's ratio against it, and the bars
that need legal review.

Everything an official reads is in Chinese (``*_zh``); amounts stay ``Decimal``
(serialised as strings), ratios are floats rounded to three places.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ipflow.domain.threshold_rules import Bar, Branch, Confidence, Crime, Fact

UNCONFIRMED_ZH = "入罪标准未配置或待核实，须法制审核"
UNCONFIRMED_EN = "bar not configured — legal review required"


class ThresholdFacts(BaseModel):
    """The criminal amounts of one case (DOMAIN.md §3.3), as the officer has established them.

    Amounts are yuan (``Decimal``); ``labels`` counts 件. ``marks`` counts the registered
    marks (for 216: the patents) involved. ``reasonable_suspicion`` is the officer's flag
    under Decree 310 Art. 3 ¶2: evidence suggests more volume than proven so far.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    act_date: date
    illegal_business: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False)
    illegal_gains: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False)
    sales: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False)
    unsold_value: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False)
    labels: int | None = Field(default=None, ge=0)
    unsold_labels: int | None = Field(default=None, ge=0)
    patentee_loss: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False)
    marks: int = Field(default=1, ge=1)
    repeat_offender: bool = False
    service_mark: bool = False
    reasonable_suspicion: bool = False

    @model_validator(mode="after")
    def _some_fact(self) -> ThresholdFacts:
        if all(self.value_of(f) is None for f in Fact):
            raise ValueError("至少须提供一项涉案数额或数量（no amount or count given）")
        return self

    def value_of(self, fact: Fact) -> Decimal | None:
        if fact is Fact.SOLD_PLUS_UNSOLD:
            if self.sales is None or self.unsold_value is None:
                return None
            return self.sales + self.unsold_value
        raw: Decimal | int | None = getattr(self, fact.value)
        return None if raw is None else Decimal(raw)

    def satisfies(self, bar: Bar) -> bool:
        """The case is in the bar's situation (all its branches hold, goods vs services)."""
        holds = {
            Branch.BASE: True,
            Branch.ATTEMPT: True,
            Branch.TWO_OR_MORE_MARKS: self.marks >= 2,
            Branch.REPEAT_OFFENDER: self.repeat_offender,
            Branch.SERVICE_MARKS: self.service_mark,
        }
        scope_matches = (Branch.SERVICE_MARKS in bar.branches) == self.service_mark
        return scope_matches and all(holds[b] for b in bar.branches)


class Recommendation(StrEnum):
    REFER = "refer"
    REFER_FOR_EVIDENCE = "refer_for_evidence"
    LEGAL_REVIEW = "legal_review"
    ADMINISTRATIVE = "administrative"

    @property
    def label_zh(self) -> str:
        return RECOMMENDATION_LABELS_ZH[self]


RECOMMENDATION_LABELS_ZH: dict[Recommendation, str] = {
    Recommendation.REFER: "涉嫌犯罪，应当移送公安机关",
    Recommendation.REFER_FOR_EVIDENCE: "存在犯罪合理嫌疑，移送公安机关进一步取证",
    Recommendation.LEGAL_REVIEW: "入罪标准未配置或待核实，须法制审核后决定是否移送",
    Recommendation.ADMINISTRATIVE: "未达入罪标准，依法作出行政处理",
}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class BarRatio(_Out):
    """One bar of one version, with the case's figure against it."""

    version: str
    tier: int
    fact: Fact
    branches: list[Branch]
    value: Decimal | None
    confidence: Confidence
    citation: str
    applicable: bool
    fact_value: Decimal | None
    ratio: float | None
    met: bool | None


class UnconfirmedBar(BarRatio):
    message_zh: str = UNCONFIRMED_ZH
    message_en: str = UNCONFIRMED_EN
    older_value: Decimal | None = None  # the previous version's bar: an upper bound (§3.2)
    ratio_to_older: float | None = None


class VersionOutcome(_Out):
    version: str
    tier: int
    tier_lower: int
    tier_upper: int


class ThresholdEvaluation(_Out):
    crime: Crime
    crime_name_zh: str
    act_date: date
    version: str
    version_reason_zh: str
    compared: list[VersionOutcome]
    tier: int
    tier_label_zh: str
    tier_lower: int
    tier_upper: int
    met_by: BarRatio | None
    ratios: list[BarRatio]
    confirmed: bool
    unconfirmed_bars: list[UnconfirmedBar]
    recommendation: Recommendation
    recommendation_zh: str
    citation: str
    citations: list[str]
