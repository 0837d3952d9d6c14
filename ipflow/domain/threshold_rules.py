"""Criminal thresholds for IP crimes as data (DOMAIN.md §3): the model of
``config/rules/referral_thresholds.yaml``.

A :class:`ThresholdTable` holds one :class:`ThresholdVersion` per judicial
interpretation, each dated by the **date of the act** it applies to. A version
lists, per crime (刑法 Art. 213–216), its tiers (1 = 情节严重 / 数额较大,
2 = 情节特别严重 / 数额巨大); a tier is met when any one of its bars is met (OR).
A bar names the fact it measures, the branch it belongs to, its value, its
citation and its confidence tag. A bar whose number is not confirmed is shipped
with an empty value and tag U: it must be filled from the official text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ipflow.domain.confidence import Confidence


class Crime(StrEnum):
    """The IP crimes a market-regulation bureau refers (刑法 as amended by 修正案（十一）)."""

    TRADEMARK_COUNTERFEITING = "213"  # 假冒注册商标罪
    SELLING_COUNTERFEIT_GOODS = "214"  # 销售假冒注册商标的商品罪
    ILLEGAL_TRADEMARK_LABELS = "215"  # 非法制造、销售非法制造的注册商标标识罪
    PATENT_COUNTERFEITING = "216"  # 假冒专利罪


class Fact(StrEnum):
    """The quantity a bar measures (DOMAIN.md §3.3 for how each is computed)."""

    ILLEGAL_BUSINESS = "illegal_business"  # 非法经营数额 (2004 interp. Art. 12)
    ILLEGAL_GAINS = "illegal_gains"  # 违法所得数额
    SALES = "sales"  # 销售金额 (2004 interp. Art. 9)
    UNSOLD_VALUE = "unsold_value"  # 尚未销售的货值金额 (attempt)
    SOLD_PLUS_UNSOLD = "sold_plus_unsold"  # 销售金额 + 尚未销售的货值金额 (attempt)
    LABELS = "labels"  # 标识数量, 件 = 一份完整商标图样的标识 (2004 interp. Art. 12)
    UNSOLD_LABELS = "unsold_labels"  # 尚未销售的标识数量 (attempt of 215)
    PATENTEE_LOSS = "patentee_loss"  # 给专利权人造成的直接经济损失

    @property
    def label_zh(self) -> str:
        return FACT_LABELS_ZH[self]

    @property
    def is_count(self) -> bool:
        """Counted in 件 rather than yuan."""
        return self in (Fact.LABELS, Fact.UNSOLD_LABELS)

    @property
    def unit_zh(self) -> str:
        return "件" if self.is_count else "元"


FACT_LABELS_ZH: dict[Fact, str] = {
    Fact.ILLEGAL_BUSINESS: "非法经营数额",
    Fact.ILLEGAL_GAINS: "违法所得数额",
    Fact.SALES: "销售金额",
    Fact.UNSOLD_VALUE: "尚未销售货值",
    Fact.SOLD_PLUS_UNSOLD: "已销售与未销售合计",
    Fact.LABELS: "标识数量",
    Fact.UNSOLD_LABELS: "尚未销售标识数量",
    Fact.PATENTEE_LOSS: "专利权人直接损失",
}


class Branch(StrEnum):
    """Which situation a bar belongs to. A bar applies when all its branches hold."""

    BASE = "base"  # 一般情形
    TWO_OR_MORE_MARKS = "two_or_more_marks"  # 两种以上注册商标 (216: 两项以上专利)
    REPEAT_OFFENDER = "repeat_offender"  # 二年内因213–215条行为受过刑事或行政处罚
    SERVICE_MARKS = "service_marks"  # 服务商标 (213 after 修正案（十一）)
    ATTEMPT = "attempt"  # 未遂 (goods or labels not yet sold)

    @property
    def label_zh(self) -> str:
        return BRANCH_LABELS_ZH[self]


BRANCH_LABELS_ZH: dict[Branch, str] = {
    Branch.BASE: "一般情形",
    Branch.TWO_OR_MORE_MARKS: "两种以上商标/专利",
    Branch.REPEAT_OFFENDER: "二年内受过处罚",
    Branch.SERVICE_MARKS: "服务商标",
    Branch.ATTEMPT: "未遂",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(_Frozen):
    """A document (short name, e.g. ``法释〔2004〕19号``) and, where known, its article."""

    document: str = Field(min_length=2)
    article: str | None = None

    def text(self) -> str:
        return (
            f"{self.document} {self.article}"
            if self.article
            else f"{self.document}（条文号待核实）"
        )


class Bar(_Frozen):
    """One alternative bar of a tier: ``fact`` ≥ ``value`` (以上包括本数, 刑法 Art. 99)."""

    fact: Fact
    branch: Branch
    combined_with: tuple[Branch, ...] = ()
    value: Decimal | None = Field(default=None, gt=0, allow_inf_nan=False)
    confidence: Confidence
    citations: tuple[Citation, ...] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Bar:
        if self.value is None and self.confidence is not Confidence.U:
            raise ValueError("标准值为空时可信度必须为 U（an empty value must be tagged U）")
        if self.value is not None and self.fact.is_count and self.value != self.value.to_integral():
            raise ValueError(f"{self.fact.label_zh}以件计，须为整数（a count must be whole）")
        if self.branch in self.combined_with or Branch.BASE in self.combined_with:
            raise ValueError("combined_with 不得重复 branch 或包含 base")
        return self

    @property
    def branches(self) -> frozenset[Branch]:
        return frozenset((self.branch, *self.combined_with))

    @property
    def doubtful(self) -> bool:
        """Empty or tagged U: the bar cannot confirm a result (DOMAIN.md §3.2)."""
        return self.value is None or self.confidence is Confidence.U

    @property
    def key(self) -> tuple[Fact, frozenset[Branch]]:
        """Identifies the same bar across tiers and versions."""
        return self.fact, self.branches

    def branch_label_zh(self) -> str:
        return "+".join(b.label_zh for b in (self.branch, *self.combined_with))


class Tier(_Frozen):
    tier: Literal[1, 2]
    label_zh: str = Field(min_length=2)
    bars: tuple[Bar, ...] = Field(min_length=1)

    @field_validator("bars")
    @classmethod
    def _unique_bars(cls, bars: tuple[Bar, ...]) -> tuple[Bar, ...]:
        seen: set[tuple[Fact, frozenset[Branch]]] = set()
        for bar in bars:
            if bar.key in seen:
                raise ValueError(
                    f"同一档次重复的标准：{bar.fact.value} / {bar.branch_label_zh()}"
                    f"（duplicate bar {bar.fact.value} {sorted(bar.branches)}）"
                )
            seen.add(bar.key)
        return bars


class CrimeRules(_Frozen):
    crime: Crime
    name_zh: str = Field(min_length=2)
    tiers: tuple[Tier, ...] = Field(min_length=1)

    @field_validator("tiers")
    @classmethod
    def _ordered_tiers(cls, tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
        numbers = [t.tier for t in tiers]
        if numbers != sorted(set(numbers)):
            raise ValueError("档次须按 1、2 顺序各出现一次（tiers must be 1 then 2, once each）")
        return tiers

    def tier(self, number: int) -> Tier | None:
        return next((t for t in self.tiers if t.tier == number), None)


class ThresholdVersion(_Frozen):
    """One judicial interpretation's numbers, for acts on or after ``acts_from``."""

    version: str = Field(min_length=1)
    document: str = Field(min_length=2, description="short name, e.g. 法释〔2025〕5号")
    title: str = Field(min_length=2)
    url: str | None = None
    acts_from: date | None = None
    crimes: tuple[CrimeRules, ...]

    @field_validator("crimes")
    @classmethod
    def _all_crimes(cls, crimes: tuple[CrimeRules, ...]) -> tuple[CrimeRules, ...]:
        listed = [c.crime for c in crimes]
        if sorted(listed) != sorted(Crime):
            raise ValueError(
                "须为 213、214、215、216 四个罪名各配置一次"
                f"（each of 213–216 once; got {[c.value for c in listed]}）"
            )
        return crimes

    def rules_for(self, crime: Crime) -> CrimeRules:
        return next(c for c in self.crimes if c.crime is crime)


class Retroactivity(_Frozen):
    """从旧兼从轻: the rule choosing between the act-time and the current interpretation."""

    rule_zh: str = Field(min_length=2)
    citations: tuple[Citation, ...] = Field(min_length=1)
    confidence: Confidence


class ReferralBasis(_Frozen):
    """Why a result leads to referral: Decree 310 Art. 3 ¶1 (crime) and ¶2 (IP suspicion)."""

    suspected_crime: tuple[Citation, ...] = Field(min_length=1)
    reasonable_suspicion: tuple[Citation, ...] = Field(min_length=1)


class ThresholdTable(_Frozen):
    retroactivity: Retroactivity
    referral_basis: ReferralBasis
    versions: tuple[ThresholdVersion, ...] = Field(min_length=1)

    @field_validator("versions")
    @classmethod
    def _dated_in_order(
        cls, versions: tuple[ThresholdVersion, ...]
    ) -> tuple[ThresholdVersion, ...]:
        if versions[0].acts_from is not None:
            raise ValueError(
                "第一个版本的 acts_from 须为空（the oldest version has no start date）"
            )
        starts = [v.acts_from for v in versions[1:]]
        if None in starts or starts != sorted(set(starts)):  # type: ignore[type-var]
            raise ValueError(
                "其后各版本须有 acts_from 且按日期递增（later versions need increasing acts_from）"
            )
        names = [v.version for v in versions]
        if len(set(names)) != len(names):
            raise ValueError("版本名称重复（duplicate version names）")
        return versions

    def version(self, name: str) -> ThresholdVersion | None:
        return next((v for v in self.versions if v.version == name), None)

    def version_for(self, act_date: date) -> ThresholdVersion:
        """The interpretation in force on the date of the act (a continuing act: its last act)."""
        current = self.versions[0]
        for candidate in self.versions[1:]:
            if candidate.acts_from is not None and candidate.acts_from <= act_date:
                current = candidate
        return current

    @property
    def latest(self) -> ThresholdVersion:
        return self.versions[-1]

    def previous(self, version: ThresholdVersion) -> ThresholdVersion | None:
        index = self.versions.index(version)
        return self.versions[index - 1] if index > 0 else None
