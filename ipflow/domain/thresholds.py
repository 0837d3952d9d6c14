"""Does a case reach the criminal threshold? (DOMAIN.md §3, Decree 310 Art. 3).

:func:`evaluate_referral` compares the criminal amounts of a case with the bars
of :mod:`ipflow.domain.threshold_rules` and recommends referral or not.

- The version is chosen by the **date of the act**. For an act before the newest
  interpretation, the act-time numbers apply unless the newest ones give a lower
  tier (从旧兼从轻): the result is the lower of the two tiers.
- A bar that is empty or tagged U cannot confirm anything. Each version yields a
  range of possible tiers: ``lower`` counts only confirmed bars that are met;
  ``upper`` also counts every doubtful bar as possibly met. The result is
  confirmed only when the range is a single tier; otherwise the doubtful bars that
  could have moved it are listed for legal review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ipflow.domain.threshold_evaluation import (
    BarRatio,
    Recommendation,
    ThresholdEvaluation,
    ThresholdFacts,
    UnconfirmedBar,
    VersionOutcome,
)
from ipflow.domain.threshold_rules import (
    Bar,
    Citation,
    Confidence,
    Crime,
    Fact,
    ThresholdTable,
    ThresholdVersion,
)
from ipflow.errors import InputError

__all__ = ["ThresholdFacts", "evaluate_referral", "relevant_facts"]

_RATIO_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class _Assessment:
    """One version applied to the case: every bar's row, the tier and its possible range."""

    version: ThresholdVersion
    rows: list[tuple[BarRatio, Bar]]
    tier: int
    lower: int
    upper: int

    def relevant(self) -> list[tuple[BarRatio, Bar]]:
        return [(r, b) for r, b in self.rows if r.applicable and r.fact_value is not None]

    def outcome(self) -> VersionOutcome:
        return VersionOutcome(
            version=self.version.version,
            tier=self.tier,
            tier_lower=self.lower,
            tier_upper=self.upper,
        )


def _ratio(numerator: Decimal, denominator: Decimal) -> float:
    return float((numerator / denominator).quantize(_RATIO_PLACES, rounding=ROUND_HALF_UP))


def _cite(citations: tuple[Citation, ...]) -> str:
    return "；".join(c.text() for c in citations)


def _row(version: str, tier: int, bar: Bar, facts: ThresholdFacts) -> BarRatio:
    fact_value = facts.value_of(bar.fact)
    both = (fact_value, bar.value) if fact_value is not None and bar.value is not None else None
    return BarRatio(
        version=version,
        tier=tier,
        fact=bar.fact,
        branches=[bar.branch, *bar.combined_with],
        value=bar.value,
        confidence=bar.confidence,
        citation=_cite(bar.citations),
        applicable=facts.satisfies(bar),
        fact_value=fact_value,
        ratio=_ratio(*both) if both else None,
        met=both[0] >= both[1] if both else None,  # ">=": 以上包括本数 (刑法 Art. 99)
    )


def _assess(version: ThresholdVersion, crime: Crime, facts: ThresholdFacts) -> _Assessment:
    rows = [
        (_row(version.version, tier.tier, bar, facts), bar)
        for tier in version.rules_for(crime).tiers
        for bar in tier.bars
    ]
    relevant = [(r, b) for r, b in rows if r.applicable and r.fact_value is not None]
    return _Assessment(
        version=version,
        rows=rows,
        tier=max((r.tier for r, _ in relevant if r.met), default=0),
        lower=max((r.tier for r, b in relevant if r.met and not b.doubtful), default=0),
        upper=max((r.tier for r, b in relevant if r.met or b.doubtful), default=0),
    )


def _could_decide(own: _Assessment, other_upper: int) -> list[tuple[BarRatio, Bar]]:
    """Doubtful bars whose true value could move the final tier (see the module docstring)."""
    if own.lower >= other_upper:
        return []
    return [(r, b) for r, b in own.relevant() if b.doubtful and r.tier > own.lower]


def _unconfirmed(table: ThresholdTable, crime: Crime, row: BarRatio, bar: Bar) -> UnconfirmedBar:
    """The doubtful bar, and for an empty one the older version's bar as an upper bound."""
    older_value = None
    version = table.version(row.version)
    older = table.previous(version) if version is not None else None
    if bar.value is None and older is not None:
        tier = older.rules_for(crime).tier(row.tier)
        match = next((b for b in tier.bars if b.key == bar.key), None) if tier else None
        older_value = match.value if match is not None else None
    return UnconfirmedBar(
        **row.model_dump(),
        older_value=older_value,
        ratio_to_older=(
            _ratio(row.fact_value, older_value)
            if older_value is not None and row.fact_value is not None
            else None
        ),
    )


def _version_reason(
    act_date: date, act: _Assessment, latest: _Assessment, applied: _Assessment
) -> str:
    start = latest.version.acts_from
    if act is latest:
        since = f"在{start}及以后" if start else ""
        return f"行为日期{act_date}{since}，适用{latest.version.document}"
    old, new = act.version.document, latest.version.document
    head = f"行为日期{act_date}早于{start}，比较行为时的{old}与现行{new}（从旧兼从轻）："
    if applied is latest:
        return head + f"现行解释处理较轻，适用{new}"
    if latest.lower >= act.upper:
        return head + f"现行解释不轻于行为时解释，适用{old}"
    return head + f"有标准未配置或待核实，暂按{old}，须法制审核比较新旧标准"


def evaluate_referral(
    crime: Crime, facts: ThresholdFacts, table: ThresholdTable
) -> ThresholdEvaluation:
    """Tier, recommendation and citations for ``crime`` on ``facts`` (pure; see module docstring)."""
    crime = Crime(crime)
    latest = _assess(table.latest, crime, facts)
    act_version = table.version_for(facts.act_date)
    act = latest if act_version is table.latest else _assess(act_version, crime, facts)
    assessments = [act] if act is latest else [act, latest]
    if not any(a.relevant() for a in assessments):
        needed = sorted({b.fact for a in assessments for _, b in a.rows if facts.satisfies(b)})
        if not needed:
            raise InputError(
                f"第{crime.value}条未配置服务商标的入罪标准，服务商标仅适用于假冒注册商标罪",
                "no bar of this crime applies to service marks",
                field="service_mark",
            )
        raise InputError(
            f"第{crime.value}条在所给情形下须至少提供以下一项事实："
            + "、".join(f"{f.label_zh}（{f.value}）" for f in needed),
            "none of the facts this crime is measured by was given",
            field="facts",
            needed=[f.value for f in needed],
        )
    if act is latest:
        lower, upper, applied = act.lower, act.upper, act
        doubtful = _could_decide(act, upper + 1)
    else:
        lower, upper = min(act.lower, latest.lower), min(act.upper, latest.upper)
        applied = latest if latest.upper < act.lower else act
        doubtful = _could_decide(act, latest.upper) + _could_decide(latest, act.upper)
    tier = max(lower, min(applied.tier, upper))
    met = sorted(
        (r for a in assessments for r, b in a.relevant() if r.met and r.tier == tier),
        key=lambda r: (
            r.version != applied.version.version,
            r.confidence is Confidence.U,
            -(r.ratio or 0),
        ),
    )
    met_by = met[0] if tier and met else None
    if lower >= 1:
        recommendation = Recommendation.REFER
    elif upper >= 1:
        recommendation = Recommendation.LEGAL_REVIEW
    elif facts.reasonable_suspicion:
        recommendation = Recommendation.REFER_FOR_EVIDENCE
    else:
        recommendation = Recommendation.ADMINISTRATIVE
    citations = [applied.version.document]
    citations += [c.text() for a in assessments for _, b in a.relevant() for c in b.citations]
    if len(assessments) > 1:
        citations += [c.text() for c in table.retroactivity.citations]
    if recommendation is Recommendation.REFER:
        citations += [c.text() for c in table.referral_basis.suspected_crime]
    if recommendation is Recommendation.REFER_FOR_EVIDENCE:
        citations += [c.text() for c in table.referral_basis.reasonable_suspicion]
    rules = applied.version.rules_for(crime)
    tier_rules = rules.tier(tier)
    return ThresholdEvaluation(
        crime=crime,
        crime_name_zh=rules.name_zh,
        act_date=facts.act_date,
        version=applied.version.version,
        version_reason_zh=_version_reason(facts.act_date, act, latest, applied),
        compared=[a.outcome() for a in assessments],
        tier=tier,
        tier_label_zh=tier_rules.label_zh if tier_rules else "未达入罪标准",
        tier_lower=lower,
        tier_upper=upper,
        met_by=met_by,
        ratios=[r for a in assessments for r, _ in a.rows],
        confirmed=lower == upper,
        unconfirmed_bars=[_unconfirmed(table, crime, r, b) for r, b in doubtful],
        recommendation=recommendation,
        recommendation_zh=recommendation.label_zh,
        citation=met_by.citation if met_by else applied.version.document,
        citations=list(dict.fromkeys(citations)),
    )


def relevant_facts(crime: Crime, table: ThresholdTable) -> list[Fact]:
    """Every fact some bar of ``crime`` measures, in any version (for help and validation)."""
    found = {b.fact for v in table.versions for t in v.rules_for(crime).tiers for b in t.bars}
    return [f for f in Fact if f in found]
