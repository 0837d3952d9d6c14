"""The limitation period of 行政处罚法 Art. 36 and the month/year arithmetic it needs.

"违法行为在二年内未被发现的，不再给予行政处罚" — five years where life, health or
financial security is involved and harm resulted; counted from the day of the act,
or from its end when the act is continuous or continuing (连续或者继续状态). The
comparison is with the day the bureau *discovered* the act (the clue's receipt),
not with the filing date. Years and months end on the corresponding day, or on the
month's last day when there is none (民法典 Art. 202).
"""

from __future__ import annotations

import calendar
from datetime import date

from pydantic import BaseModel, ConfigDict, model_validator

from ipflow.domain.procedure_rules import LimitationRule


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back); no corresponding day → month end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class ActPeriod(BaseModel):
    """When the violation happened, as the limitation period and the thresholds need it.

    A one-off act has a single date (``last_act_date`` empty or equal). A continuous
    or continuing act (``continuing``) runs from ``first_act_date`` to
    ``last_act_date``; an empty ``last_act_date`` means it is still going on.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_act_date: date
    last_act_date: date | None = None
    continuing: bool = False
    serious_harm: bool = False  # 涉及公民生命健康安全、金融安全且有危害后果

    @model_validator(mode="after")
    def _consistent(self) -> ActPeriod:
        last = self.last_act_date
        if last is not None and last < self.first_act_date:
            raise ValueError("违法行为终了日期早于开始日期（last_act_date before first_act_date）")
        if not self.continuing and last not in (None, self.first_act_date):
            raise ValueError(
                "非连续或继续状态的违法行为只有一个发生日期；多次行为请标记为连续状态或分别登记"
                "（a one-off act has one date; mark it continuing or record acts separately）"
            )
        return self

    @property
    def ongoing(self) -> bool:
        return self.continuing and self.last_act_date is None

    @property
    def act_date(self) -> date:
        """The date that versions the criminal thresholds: a continuing act by its last act."""
        return self.last_act_date or self.first_act_date

    @property
    def counted_from(self) -> date | None:
        """Start of the limitation period (None while a continuing act goes on)."""
        if self.continuing:
            return self.last_act_date
        return self.first_act_date


class LimitationCheck(BaseModel):
    """The result recorded on the filing event, whether or not it was overridden."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    discovered_on: date
    counted_from: date | None
    years: int
    last_day: date | None
    within: bool
    basis: str
    override_reason: str | None = None


def check_limitation(
    act: ActPeriod, discovered_on: date, rule: LimitationRule, override_reason: str | None = None
) -> LimitationCheck:
    years = rule.serious_harm_years if act.serious_harm else rule.years
    start = act.counted_from
    last_day = None if start is None else add_months(start, 12 * years)
    within = last_day is None or discovered_on <= last_day
    reason = override_reason.strip() if override_reason and override_reason.strip() else None
    return LimitationCheck(
        discovered_on=discovered_on,
        counted_from=start,
        years=years,
        last_day=last_day,
        within=within,
        basis=rule.citation.text,
        override_reason=reason,
    )
