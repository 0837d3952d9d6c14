"""Statutory deadline rules as data (``config/rules/deadlines.yaml``) and the rule book.

A rule says how long a step may take, counted from which event, in which unit,
how it may be extended and by whom, whether some intervals do not count, and
where the law says so (document, article, the Chinese wording, a confidence tag
from DOMAIN.md: C, C2, R, U). The numbers live in the YAML, never in code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from difflib import get_close_matches
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ipflow.domain.calendar_years import LocatedValueError
from ipflow.domain.confidence import CONFIDENCE_ZH, Confidence
from ipflow.domain.roles import Role
from ipflow.errors import DeadlineRuleError


class DeadlineUnit(StrEnum):
    WORKING_DAYS = "working_days"  # 工作日 (行政处罚法 Art. 85; SAMR rules say 工作日 outright)
    CALENDAR_DAYS = "calendar_days"  # 日, with the last-day roll-over of SAMR Art. 80
    HOURS = "hours"  # 小时, exact: no roll-over
    MONTHS = "months"  # 月 (民法典 Art. 201–203), with the last-day roll-over
    DECREE310_DAYS = "decree310_days"  # Decree 310 "3日": resolved by DayCountPolicy


UNIT_ZH: dict[DeadlineUnit, str] = {
    DeadlineUnit.WORKING_DAYS: "个工作日",
    DeadlineUnit.CALENDAR_DAYS: "日",
    DeadlineUnit.HOURS: "小时",
    DeadlineUnit.MONTHS: "个月",
    DeadlineUnit.DECREE310_DAYS: "日",
}


def format_length(length: int | None, unit: DeadlineUnit) -> str:
    """``15个工作日``, ``90日``, ``24小时``; ``合理期限`` for a length set when applied."""
    return "合理期限" if length is None else f"{length}{UNIT_ZH[unit]}"


class Direction(StrEnum):
    AFTER = "after"  # due = start + period (almost every rule)
    BEFORE = "before"  # due = the latest day to act before an event (hearing notice)


COLLECTIVE_DECISION = "collective_decision"
POLICE = "police"
Approver = Role | Literal["collective_decision", "police"]


def approver_zh(approver: Approver) -> str:
    if isinstance(approver, Role):
        return approver.label_zh
    return {COLLECTIVE_DECISION: "负责人集体讨论", POLICE: "公安机关"}[approver]


class Extension(BaseModel):
    """One extension a rule allows, in order. ``length`` None: set when it is granted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    length: int | None = Field(ge=1)
    unit: DeadlineUnit
    approver: Approver
    basis_zh: str = Field(min_length=2)
    source: str | None = None
    article: str | None = None
    confidence: Confidence | None = Field(
        default=None, description="Only when it differs from the rule's own tag."
    )

    def describe_zh(self) -> str:
        text = f"+{format_length(self.length, self.unit)}（{approver_zh(self.approver)}）"
        return text + "〔待核实〕" if self.confidence is Confidence.U else text


class Obligor(StrEnum):
    """Who must act by the date: the bureau's own deadlines are kept, missed and escalated;
    a party's window (陈述申辩、听证, 缴纳罚没款) only lapses — its end is not the bureau's delay."""

    BUREAU = "bureau"
    PARTY = "party"
    POLICE = "police"  # the police's review: late is recorded, and the bureau chases it


class DeadlineRule(BaseModel):
    """One statutory time limit, with its citation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    title_zh: str = Field(min_length=2)
    length: int | None = Field(ge=1, description="None: set per campaign or case when applied.")
    unit: DeadlineUnit
    direction: Direction = Direction.AFTER
    obligor: Obligor = Obligor.BUREAU
    start_event_zh: str = Field(min_length=2)
    extensions: list[Extension] = Field(default_factory=list)
    excluded_intervals_allowed: bool = False
    excluded_basis_zh: str | None = None
    source: str = Field(min_length=2)
    article: str = Field(min_length=1)
    quote: str | None = None
    confidence: Confidence
    notes: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> DeadlineRule:
        for i, ext in enumerate(self.extensions):
            if ext.unit != self.unit:
                raise LocatedValueError(
                    f"延长期限的单位 {ext.unit} 必须与时限的单位 {self.unit} 相同"
                    "（an extension extends the same period, in the same unit）",
                    ("extensions", i, "unit"),
                )
        if self.excluded_intervals_allowed and not self.excluded_basis_zh:
            raise LocatedValueError(
                "允许扣除期间的时限必须写明扣除依据 excluded_basis_zh"
                "（the basis of excluded intervals is required）",
                ("excluded_intervals_allowed",),
            )
        if self.unit is DeadlineUnit.HOURS and self.excluded_intervals_allowed:
            raise LocatedValueError(
                "以小时计算的时限不能扣除期间（an hours period has no excluded intervals）",
                ("excluded_intervals_allowed",),
            )
        if self.direction is Direction.BEFORE and (
            self.extensions or self.excluded_intervals_allowed
        ):
            raise LocatedValueError(
                "倒数计算的时限（direction: before）不能延长或扣除期间"
                "（a backward deadline has no extensions or excluded intervals）",
                ("direction",),
            )
        return self

    @property
    def confidence_zh(self) -> str:
        return CONFIDENCE_ZH[self.confidence]

    def length_zh(self) -> str:
        if self.length is None:
            return f"按专项行动或案件设定（{UNIT_ZH[self.unit].removeprefix('个')}）"
        text = format_length(self.length, self.unit)
        return f"{text}前" if self.direction is Direction.BEFORE else text

    def extensions_zh(self) -> str:
        return "；".join(ext.describe_zh() for ext in self.extensions) or "—"


class RuleBook:
    """Every deadline rule by id; an unknown id is refused with the closest ids."""

    def __init__(self, rules: Iterable[DeadlineRule]) -> None:
        self._rules: dict[str, DeadlineRule] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise ValueError(f"rule {rule.id} given twice")
            self._rules[rule.id] = rule

    def __iter__(self) -> Iterator[DeadlineRule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._rules)

    def get(self, rule_id: str) -> DeadlineRule:
        try:
            return self._rules[rule_id]
        except KeyError:
            close = get_close_matches(rule_id, self._rules, n=5, cutoff=0.5)
            close += [i for i in self._rules if rule_id and rule_id in i and i not in close]
            hint = "、".join(close[:5]) if close else "、".join(self._rules)
            label = "相近的时限" if close else "可用的时限"
            raise DeadlineRuleError(
                f"没有时限规则「{rule_id}」。{label}：{hint}",
                f"unknown deadline rule {rule_id!r}",
                rule_id=rule_id,
                close=close[:5],
            ) from None
