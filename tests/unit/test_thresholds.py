"""Referral thresholds (DOMAIN.md §3): which tier a case reaches and what to recommend.

Worked examples run against the shipped table (config/rules/referral_thresholds.yaml);
the logic of unconfirmed bars is also pinned on small hand-built tables.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ipflow.domain.threshold_evaluation import Recommendation, ThresholdEvaluation
from ipflow.domain.threshold_rules import Branch, Crime, Fact, ThresholdTable
from ipflow.domain.thresholds import ThresholdFacts, evaluate_referral, relevant_facts
from ipflow.errors import InputError
from ipflow.loaders.thresholds_file import load_threshold_table
from ipflow.settings import bundled_config_dir

SHIPPED = load_threshold_table(bundled_config_dir() / "rules" / "referral_thresholds.yaml")
NEW_ERA = date(2025, 6, 1)  # on/after 2025-04-26: 法释〔2025〕5号
OLD_ERA = date(2024, 6, 1)  # before: 法释〔2004〕19号, unless 2025 is lighter


_AMOUNTS = {"illegal_business", "illegal_gains", "sales", "unsold_value", "patentee_loss"}


def evaluate(
    crime: str, act_date: date, table: ThresholdTable = SHIPPED, **facts: Any
) -> ThresholdEvaluation:
    """Evaluate with amounts written as ints or strings (yuan), converted to Decimal."""
    typed = {k: Decimal(v) if k in _AMOUNTS else v for k, v in facts.items()}
    return evaluate_referral(Crime(crime), ThresholdFacts(act_date=act_date, **typed), table)


# (crime, act date, facts, tier, recommendation, version applied, rule)
WORKED_EXAMPLES = [
    (
        "213",
        NEW_ERA,
        {"illegal_business": 50000},
        1,
        "refer",
        "2025",
        "213 2025: 非法经营 ≥5万 (以上包括本数)",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_business": "49999.99"},
        0,
        "administrative",
        "2025",
        "213 2025: just below 5万",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_gains": 20000, "marks": 2},
        1,
        "refer",
        "2025",
        "213 2025: two or more marks, 违法所得 ≥2万",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_gains": 20000, "repeat_offender": True},
        1,
        "refer",
        "2025",
        "213 2025: repeat within 2 years ≥2万",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_gains": 20000},
        0,
        "administrative",
        "2025",
        "213 2025: base bar is 3万",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_gains": 300000},
        2,
        "refer",
        "2025",
        "213 2025: 情节特别严重 违法所得 ≥30万",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_gains": 50000, "service_mark": True},
        1,
        "refer",
        "2025",
        "213 2025: service marks 违法所得 ≥5万",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_gains": 40000, "service_mark": True},
        0,
        "administrative",
        "2025",
        "213 2025: service marks need 5万",
    ),
    (
        "213",
        NEW_ERA,
        {"illegal_gains": 30000, "service_mark": True, "repeat_offender": True},
        1,
        "refer",
        "2025",
        "213 2025: service + repeat ≥3万",
    ),
    (
        "213",
        OLD_ERA,
        {"illegal_business": 60000},
        1,
        "refer",
        "2004",
        "213 2004 Art. 1: 非法经营 ≥5万",
    ),
    (
        "213",
        OLD_ERA,
        {"illegal_business": 300000},
        1,
        "refer",
        "2025",
        "从旧兼从轻: 2004 gives tier 2 (≥25万), 2025 only tier 1 (<50万)",
    ),
    (
        "213",
        OLD_ERA,
        {"illegal_gains": 20000, "repeat_offender": True},
        0,
        "administrative",
        "2004",
        "从旧: the 2025 repeat branch is harsher, 2004 has none",
    ),
    ("214", OLD_ERA, {"sales": 50000}, 1, "refer", "2004", "214 2004 Art. 2: 销售金额 ≥5万"),
    (
        "214",
        OLD_ERA,
        {"sales": 40000, "unsold_value": 120000},
        1,
        "refer",
        "2004",
        "214 attempt: sold + unsold ≥15万 (法发〔2011〕3号 Art. 8)",
    ),
    (
        "214",
        OLD_ERA,
        {"unsold_value": 150000},
        1,
        "refer",
        "2004",
        "214 attempt: unsold 货值 ≥15万",
    ),
    (
        "214",
        OLD_ERA,
        {"sales": 40000, "unsold_value": 100000},
        0,
        "administrative",
        "2004",
        "214: 14万 in all, below every bar",
    ),
    (
        "215",
        OLD_ERA,
        {"labels": 10000},
        0,
        "administrative",
        "2004",
        "215 2004 Art. 3: 2万件; the newer table cannot be harsher (从旧)",
    ),
    (
        "215",
        OLD_ERA,
        {"unsold_labels": 30000, "marks": 2},
        1,
        "legal_review",
        "2004",
        "215 attempt, two marks ≥3万件; 2025 numbers unconfirmed",
    ),
    (
        "216",
        OLD_ERA,
        {"patentee_loss": 500000},
        1,
        "legal_review",
        "2004",
        "216 2004 Art. 4: loss ≥50万; 2025 numbers unconfirmed",
    ),
    (
        "216",
        OLD_ERA,
        {"illegal_business": 150000},
        0,
        "administrative",
        "2004",
        "216 2004: 20万 not reached, 从旧 caps the result",
    ),
    (
        "216",
        OLD_ERA,
        {"illegal_business": 100000, "marks": 2},
        1,
        "legal_review",
        "2004",
        "216 2004: two patents ≥10万",
    ),
]


@pytest.mark.parametrize(
    ("crime", "act_date", "facts", "tier", "recommendation", "version", "rule"),
    WORKED_EXAMPLES,
    ids=[row[-1] for row in WORKED_EXAMPLES],
)
def test_worked_examples(
    crime: str,
    act_date: date,
    facts: dict[str, Any],
    tier: int,
    recommendation: str,
    version: str,
    rule: str,
) -> None:
    result = evaluate(crime, act_date, **facts)
    assert (result.tier, result.recommendation.value, result.version) == (
        tier,
        recommendation,
        version,
    ), rule


def test_a_confirmed_result_names_the_bar_that_met_and_its_citation() -> None:
    result = evaluate("213", OLD_ERA, illegal_business=60000)
    assert result.confirmed and result.unconfirmed_bars == []
    assert result.met_by is not None
    assert (result.met_by.fact, result.met_by.branches, result.met_by.value) == (
        Fact.ILLEGAL_BUSINESS,
        [Branch.BASE],
        Decimal(50000),
    )
    assert result.met_by.ratio == 1.2
    assert result.citation == "法释〔2004〕19号 第一条第一款；立案追诉标准（二）（2010） 第六十九条"
    assert "国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》 第三条第一款" in result.citations
    assert result.recommendation_zh == "涉嫌犯罪，应当移送公安机关"


def test_the_version_is_chosen_by_the_date_of_the_act() -> None:
    on_the_day = evaluate("213", date(2025, 4, 26), illegal_business=60000)
    day_before = evaluate("213", date(2025, 4, 25), illegal_business=60000)
    assert on_the_day.version == "2025" and [c.version for c in on_the_day.compared] == ["2025"]
    assert "2025-04-26及以后" in on_the_day.version_reason_zh
    assert day_before.version == "2004" and [c.version for c in day_before.compared] == [
        "2004",
        "2025",
    ]
    assert "从旧兼从轻" in day_before.version_reason_zh
    assert "两高《关于适用刑事司法解释时间效力问题的规定》（2001） 第三条" in day_before.citations


def test_a_lighter_new_interpretation_applies_to_an_old_act() -> None:
    result = evaluate("213", OLD_ERA, illegal_business=300000)
    assert [(c.version, c.tier) for c in result.compared] == [("2004", 2), ("2025", 1)]
    assert result.version == "2025" and result.tier == 1
    assert "现行解释处理较轻" in result.version_reason_zh


def test_ratios_cover_every_bar_and_are_null_when_the_fact_is_unknown() -> None:
    result = evaluate("214", OLD_ERA, sales=40000, unsold_value=120000)
    table_bars = sum(len(t.bars) for v in SHIPPED.versions for t in v.rules_for(Crime("214")).tiers)
    assert len(result.ratios) == table_bars
    by_key = {(r.version, r.tier, r.fact, tuple(r.branches)): r for r in result.ratios}
    assert by_key[("2004", 1, Fact.SOLD_PLUS_UNSOLD, (Branch.ATTEMPT,))].ratio == 1.067
    assert by_key[("2004", 1, Fact.SALES, (Branch.BASE,))].ratio == 0.8
    assert by_key[("2025", 1, Fact.ILLEGAL_GAINS, (Branch.BASE,))].ratio is None
    assert by_key[("2025", 2, Fact.SALES, (Branch.BASE,))].ratio is None  # empty bar
    assert all(isinstance(r.fact_value, Decimal | None) for r in result.ratios)


def test_an_empty_upper_bar_leaves_the_tier_unconfirmed_but_still_refers() -> None:
    """214, 2025: the upper tier is not confirmed (U); the lower tier is met (C2)."""
    result = evaluate("214", NEW_ERA, sales=60000)
    assert (result.tier, result.tier_lower, result.tier_upper) == (1, 1, 2)
    assert result.confirmed is False
    assert result.recommendation is Recommendation.REFER
    [bar] = result.unconfirmed_bars
    assert (bar.tier, bar.fact, bar.value) == (2, Fact.SALES, None)
    assert bar.message_zh == "入罪标准未配置或待核实，须法制审核"
    assert bar.message_en == "bar not configured — legal review required"
    assert bar.older_value == Decimal(250000) and bar.ratio_to_older == 0.24


def test_an_empty_bar_without_an_older_counterpart_has_no_upper_bound() -> None:
    result = evaluate("214", NEW_ERA, illegal_gains=30000)
    [bar] = result.unconfirmed_bars
    assert (bar.fact, bar.older_value, bar.ratio_to_older) == (Fact.ILLEGAL_GAINS, None, None)


def test_unconfirmed_new_numbers_send_an_old_act_to_legal_review() -> None:
    """215 before 2025-04-26: 2004 gives tier 1, but whether 2025 is lighter cannot be told."""
    result = evaluate("215", OLD_ERA, labels=30000)
    assert result.version == "2004" and result.tier == 1
    assert (result.tier_lower, result.tier_upper) == (0, 1)
    assert result.recommendation is Recommendation.LEGAL_REVIEW
    assert "须法制审核比较新旧标准" in result.version_reason_zh
    first = result.unconfirmed_bars[0]
    assert (first.version, first.tier, first.fact, first.older_value, first.ratio_to_older) == (
        "2025",
        1,
        Fact.LABELS,
        Decimal(20000),
        1.5,
    )


def test_a_new_act_under_an_unconfigured_crime_needs_legal_review() -> None:
    result = evaluate("216", NEW_ERA, illegal_business=150000)
    assert result.recommendation is Recommendation.LEGAL_REVIEW
    assert result.tier == 0 and result.confirmed is False
    assert {(b.tier, b.older_value, b.ratio_to_older) for b in result.unconfirmed_bars} == {
        (1, Decimal(200000), 0.75)
    }
    assert result.citation == "法释〔2025〕5号"


def test_reasonable_suspicion_below_the_bar_is_referred_for_evidence() -> None:
    """Decree 310 Art. 3 ¶2: IP cases with reasonable suspicion go to the police to gather evidence."""
    result = evaluate("213", NEW_ERA, illegal_business=10000, reasonable_suspicion=True)
    assert result.tier == 0
    assert result.recommendation is Recommendation.REFER_FOR_EVIDENCE
    assert result.recommendation_zh == "存在犯罪合理嫌疑，移送公安机关进一步取证"
    assert "国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》 第三条第二款" in result.citations


def test_a_fact_the_crime_does_not_measure_is_refused_with_the_facts_it_needs() -> None:
    with pytest.raises(InputError, match="第216条") as caught:
        evaluate("216", OLD_ERA, labels=50000)
    assert caught.value.context["needed"] == ["illegal_business", "illegal_gains", "patentee_loss"]


def test_service_marks_are_refused_for_crimes_without_service_bars() -> None:
    with pytest.raises(InputError, match="服务商标") as caught:
        evaluate("214", NEW_ERA, sales=60000, service_mark=True)
    assert caught.value.context["field"] == "service_mark"


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({}, "至少须提供一项"),
        ({"sales": Decimal(-1)}, "greater than or equal to 0"),
        ({"labels": -1}, "greater than or equal to 0"),
        ({"sales": Decimal("NaN")}, "finite"),
        ({"sales": Decimal(1), "marks": 0}, "greater than or equal to 1"),
    ],
)
def test_facts_are_validated(facts: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ThresholdFacts(act_date=NEW_ERA, **facts)


def test_relevant_facts_follow_the_table() -> None:
    assert relevant_facts(Crime("214"), SHIPPED) == [
        Fact.ILLEGAL_GAINS,
        Fact.SALES,
        Fact.UNSOLD_VALUE,
        Fact.SOLD_PLUS_UNSOLD,
    ]


# --- the unconfirmed-bar logic on hand-built tables -------------------------------------


def _bar(
    fact: str, value: int | None, confidence: str = "C", branch: str = "base"
) -> dict[str, Any]:
    return {
        "fact": fact,
        "branch": branch,
        "value": value,
        "confidence": confidence,
        "citations": [{"document": "测试文件", "article": "第一条"}],
    }


def _table(
    tier1: list[dict[str, Any]], tier2: list[dict[str, Any]] | None = None
) -> ThresholdTable:
    tiers = [{"tier": 1, "label_zh": "情节严重", "bars": tier1}]
    if tier2:
        tiers.append({"tier": 2, "label_zh": "情节特别严重", "bars": tier2})
    filler = [{"tier": 1, "label_zh": "情节严重", "bars": [_bar("sales", 1)]}]
    crimes = [
        {"crime": c.value, "name_zh": "测试罪名", "tiers": tiers if c is Crime("213") else filler}
        for c in Crime
    ]
    return ThresholdTable.model_validate(
        {
            "retroactivity": {
                "rule_zh": "从旧兼从轻",
                "citations": [{"document": "时间效力规定"}],
                "confidence": "R",
            },
            "referral_basis": {
                "suspected_crime": [{"document": "310号令", "article": "第三条第一款"}],
                "reasonable_suspicion": [{"document": "310号令", "article": "第三条第二款"}],
            },
            "versions": [
                {"version": "v1", "document": "测试解释", "title": "测试", "crimes": crimes}
            ],
        }
    )


def test_a_met_bar_tagged_u_does_not_confirm_the_tier() -> None:
    table = _table([_bar("illegal_gains", 1000, "U")])
    result = evaluate("213", NEW_ERA, table, illegal_gains=5000)
    assert (result.tier, result.tier_lower, result.tier_upper, result.confirmed) == (1, 0, 1, False)
    assert result.recommendation is Recommendation.LEGAL_REVIEW
    assert [b.value for b in result.unconfirmed_bars] == [Decimal(1000)]


def test_a_confirmed_bar_at_the_same_tier_is_preferred_over_a_u_bar() -> None:
    table = _table([_bar("illegal_gains", 1000, "U"), _bar("illegal_business", 2000, "C")])
    result = evaluate("213", NEW_ERA, table, illegal_gains=5000, illegal_business=2000)
    assert result.confirmed is True
    assert result.met_by is not None and result.met_by.fact is Fact.ILLEGAL_BUSINESS


def test_an_unmet_u_bar_above_the_result_could_have_decided_it() -> None:
    table = _table([_bar("illegal_gains", 1000)], [_bar("illegal_gains", 9000, "U")])
    result = evaluate("213", NEW_ERA, table, illegal_gains=5000)
    assert (result.tier, result.confirmed) == (1, False)
    assert [(b.tier, b.met) for b in result.unconfirmed_bars] == [(2, False)]
    assert result.recommendation is Recommendation.REFER


def test_a_doubtful_bar_on_a_fact_not_given_does_not_unconfirm() -> None:
    table = _table([_bar("illegal_gains", 1000)], [_bar("illegal_business", None, "U")])
    result = evaluate("213", NEW_ERA, table, illegal_gains=5000)
    assert (result.tier, result.confirmed) == (1, True)


# --- properties over the shipped table ----------------------------------------------------

amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=2_000_000, places=2))
counts = st.one_of(st.none(), st.integers(min_value=0, max_value=300_000))


@settings(max_examples=300, deadline=None)
@given(
    crime=st.sampled_from(list(Crime)),
    act_date=st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31)),
    illegal_business=amounts,
    illegal_gains=amounts,
    sales=amounts,
    unsold_value=amounts,
    labels=counts,
    patentee_loss=amounts,
    marks=st.integers(min_value=1, max_value=3),
    repeat=st.booleans(),
    suspicion=st.booleans(),
)
def test_every_result_is_internally_consistent(
    crime: Crime,
    act_date: date,
    illegal_business: Decimal | None,
    illegal_gains: Decimal | None,
    sales: Decimal | None,
    unsold_value: Decimal | None,
    labels: int | None,
    patentee_loss: Decimal | None,
    marks: int,
    repeat: bool,
    suspicion: bool,
) -> None:
    try:
        facts = ThresholdFacts(
            act_date=act_date,
            illegal_business=illegal_business,
            illegal_gains=illegal_gains,
            sales=sales,
            unsold_value=unsold_value,
            labels=labels,
            patentee_loss=patentee_loss,
            marks=marks,
            repeat_offender=repeat,
            reasonable_suspicion=suspicion,
        )
        result = evaluate_referral(crime, facts, SHIPPED)
    except (ValidationError, InputError):
        return  # no fact, or none this crime measures: refused, covered above
    assert result.tier_lower <= result.tier <= result.tier_upper
    assert (
        result.confirmed
        == (result.tier_lower == result.tier_upper)
        == (not result.unconfirmed_bars)
    )
    if result.tier_lower >= 1:
        assert result.recommendation is Recommendation.REFER
    elif result.tier_upper >= 1:
        assert result.recommendation is Recommendation.LEGAL_REVIEW
    else:
        expected = Recommendation.REFER_FOR_EVIDENCE if suspicion else Recommendation.ADMINISTRATIVE
        assert result.recommendation is expected
    if result.tier and result.met_by is not None:
        assert result.met_by.met is True and result.met_by.tier == result.tier
    assert all(b.value is None or b.confidence == "U" for b in result.unconfirmed_bars)


@settings(max_examples=200, deadline=None)
@given(
    base=st.decimals(min_value=0, max_value=1_000_000, places=2),
    extra=st.decimals(min_value=0, max_value=1_000_000, places=2),
    act_date=st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31)),
)
def test_a_larger_amount_never_lowers_the_tier(
    base: Decimal, extra: Decimal, act_date: date
) -> None:
    low = evaluate("213", act_date, illegal_business=base)
    high = evaluate("213", act_date, illegal_business=base + extra)
    assert high.tier >= low.tier
    assert high.tier_lower >= low.tier_lower
