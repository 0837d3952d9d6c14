"""The penalty decision (行政处罚决定), the late-payment surcharge and the rules on fines.

- :func:`late_payment_surcharge`: 行政处罚法 Art. 72 / SAMR 程序规定 Art. 75 — a daily
  share of the fine after the due date, capped (rates from ``procedure.yaml``). The
  15-day due date comes from the deadline engine; this function takes dates in.
- :func:`not_referred`: 行政处罚法 Art. 35 ¶2 — once a case is referred, the bureau
  imposes no fine; and Decree 310 Art. 11 — no administrative penalty in place of the
  referral. A referral declined by the head or returned for an administrative penalty
  (反向衔接) lifts it.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

from ipflow.domain.lifecycle import GuardContext, Refusal
from ipflow.domain.procedure_rules import SurchargeRule

FEN = Decimal("0.01")
ART_35 = "《中华人民共和国行政处罚法》第三十五条第二款"
DECREE_310_ART_11 = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第十一条"


class Decision(BaseModel):
    """What the head decided. Amounts in yuan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    decided_on: date
    number: str | None = Field(default=None, description="文号, e.g. 示县市监处罚〔2026〕12号")
    fine: Decimal = Field(default=Decimal(0), ge=0)
    confiscated_illegal_gains: Decimal = Field(default=Decimal(0), ge=0)  # 没收违法所得
    confiscated_goods: tuple[str, ...] = ()  # 没收侵权商品、工具
    other_measures: tuple[str, ...] = ()  # 责令停止侵权行为 …
    legal_basis: str = Field(
        min_length=1, description="e.g. 《中华人民共和国商标法》第六十条第二款"
    )
    served_on: date | None = None

    @property
    def has_fine(self) -> bool:
        return self.fine > 0


def late_payment_surcharge(
    fine: Decimal, payment_due: date, paid_on: date, rule: SurchargeRule
) -> Decimal:
    """加处罚款 owed when a fine due on ``payment_due`` is paid on ``paid_on``.

    Every day after the due date costs ``rule.daily_rate`` of the fine; the total never
    exceeds ``rule.cap_ratio`` × the fine. Rounded to the fen.
    """
    days_late = max(0, (paid_on - payment_due).days)
    surcharge = min(fine * rule.daily_rate * days_late, fine * rule.cap_ratio)
    return surcharge.quantize(FEN, rounding=ROUND_HALF_UP)


def not_referred(ctx: GuardContext) -> Refusal | None:
    """No penalty decision on a case that is referred (standing guard of ``decide``)."""
    if not ctx.aggregate.referred:
        return None
    decision: Decision = ctx.args["decision"]
    if decision.has_fine:
        return Refusal(
            "案件已移送司法机关，行政机关不再给予罚款",
            "the case is referred: the bureau imposes no fine (Art. 35)",
            ART_35,
        )
    return Refusal(
        "案件已移送司法机关，不得以行政处罚代替移送",
        "the case is referred: no administrative penalty in place of the referral",
        DECREE_310_ART_11,
    )


def decision_imposes_fine(ctx: GuardContext) -> Refusal | None:
    """Payment and enforcement concern a fine: the decision must impose one."""
    decision: Decision | None = ctx.aggregate.decision
    if decision is None or not decision.has_fine:
        return Refusal("处罚决定未处罚款", "the decision imposes no fine")
    return None


def no_unpaid_fine(ctx: GuardContext) -> Refusal | None:
    """A served decision with a fine is executed only after payment or enforcement."""
    decision: Decision | None = ctx.aggregate.decision
    if decision is not None and decision.has_fine and ctx.aggregate.payment is None:
        return Refusal(
            "罚款尚未缴纳，也未申请强制执行",
            "the fine is neither paid nor has enforcement been applied for",
        )
    return None
