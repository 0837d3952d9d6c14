"""The penalty decision, the late-payment surcharge and Art. 35 (no fine once referred)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ipflow.domain.decisions import Decision, late_payment_surcharge
from ipflow.domain.procedure_rules import Citation, Confidence, SurchargeRule
from ipflow.errors import RuleViolation
from tests.unit.lifecycle_factories import DECISION, HEAD, NO_FINE, RULES, Clock, referred_case

DUE = date(2026, 6, 1)  # 15 days after service, from the deadline engine
FINE = Decimal("10000")

# 行政处罚法 Art. 72 / SAMR 程序规定 Art. 75: 3 % of the fine per day late, never above the fine.
SURCHARGE_TABLE = [
    ("paid early", date(2026, 5, 28), "0.00"),
    ("paid on the due date", DUE, "0.00"),
    ("1 day late", date(2026, 6, 2), "300.00"),
    ("10 days late", date(2026, 6, 11), "3000.00"),
    ("33 days late: 99 %", date(2026, 7, 4), "9900.00"),
    ("34 days late: capped at the fine", date(2026, 7, 5), "10000.00"),
    ("a year late: still the fine", date(2027, 6, 1), "10000.00"),
]


@pytest.mark.parametrize(
    ("paid_on", "expected"), [r[1:] for r in SURCHARGE_TABLE], ids=[r[0] for r in SURCHARGE_TABLE]
)
def test_late_payment_surcharge(paid_on: date, expected: str) -> None:
    assert late_payment_surcharge(FINE, DUE, paid_on, RULES.late_payment_surcharge) == Decimal(
        expected
    )


def test_the_surcharge_is_rounded_to_the_fen() -> None:
    one_day = date(2026, 6, 2)
    assert late_payment_surcharge(
        Decimal("333.33"), DUE, one_day, RULES.late_payment_surcharge
    ) == Decimal("10.00")


def test_the_rate_and_cap_come_from_the_rules_file() -> None:
    rule = RULES.late_payment_surcharge
    assert (rule.daily_rate, rule.cap_ratio) == (Decimal("0.03"), Decimal("1"))
    assert rule.citation.confidence is Confidence.C
    halved = SurchargeRule(
        daily_rate=Decimal("0.015"),
        cap_ratio=Decimal("0.5"),
        citation=Citation(source="某地方规定", article="第一条", confidence=Confidence.U),
    )
    assert late_payment_surcharge(FINE, DUE, date(2026, 7, 5), halved) == Decimal("5000.00")
    assert halved.citation.text == "某地方规定第一条（待核实）"


def test_a_decision_knows_whether_it_fines() -> None:
    assert DECISION.has_fine and not NO_FINE.has_fine
    with pytest.raises(ValueError, match=r"greater than or equal to 0"):
        Decision(decided_on=DUE, fine=Decimal("-1"), legal_basis="《中华人民共和国商标法》第六十条")


def test_once_referred_no_fine_is_imposed_article_35() -> None:
    clock = Clock()
    case = referred_case(clock)
    with pytest.raises(RuleViolation, match=r"行政机关不再给予罚款") as refused:
        case.decide(HEAD, clock.tick(), decision=DECISION)
    assert refused.value.rule == "《中华人民共和国行政处罚法》第三十五条第二款"
    assert case.decision is None and case.version == 3
