"""A seeded county shaped like the seed report (../shared/seed): pure data, no I/O.

The report's county ran, in one year: a GI special-mark inspection of meat processors
(28 户次, rectification orders to use the new GI logo), a 蓝天 check of IP agencies and
abnormal patent applications (42 cleared), 铁拳 trademark cases (24 handled, 12 referred
to public security), commitment letters with 45 e-commerce platforms, and complaints
arriving outside any campaign. :func:`build_county` draws a county of that shape from a
seed: the sizes and every outcome vary with the seed, the proportions stay plausible.
Nothing here is a result: the demo runs these inputs through the services and flows and
counts what the store holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from ipflow.demo import names
from ipflow.domain.case_records import OffenceType
from ipflow.domain.inspections import (
    CampaignKind,
    Finding,
    Inspection,
    InspectionOutcome,
    Target,
    TargetKind,
)


@dataclass(frozen=True)
class DemoUnit:
    id: str
    name: str
    kind: str  # UnitKind value
    contact_name: str | None = None


@dataclass(frozen=True)
class DemoOfficer:
    id: str
    name: str
    roles: tuple[str, ...]
    unit_id: str


@dataclass(frozen=True)
class DemoCampaign:
    id: str
    name: str
    kind: CampaignKind
    period_start: date
    period_end: date
    lead_unit: str
    member_units: tuple[str, ...]
    target_kinds: tuple[TargetKind, ...]
    reinspection_days: int
    cron: str  # the schedule of its rounds, Asia/Shanghai
    round_dates: tuple[date, ...]
    targets: tuple[Target, ...]
    inspections: tuple[Inspection, ...]  # every visit, each dated in one of the rounds


class PoliceOutcome(StrEnum):
    FILED = "filed"  # 立案
    DECLINED_THEN_FILED = "declined_then_filed"  # 不予立案 → 复议 → 立案
    DECLINED = "declined"  # 不予立案, reconsideration upheld
    PENDING = "pending"  # no answer yet at the as-of date


@dataclass(frozen=True)
class ClueStory:
    """What the people do with one clue: the head's decision and the case that follows."""

    clue_id: str
    received_on: date
    summary: str
    party_name: str
    party_credit_code: str
    files: bool  # the head approves filing (else: 不予立案)
    decision_delay: int  # working days the head takes to decide on filing
    offence: OffenceType
    illegal_business: Decimal  # 非法经营数额 (yuan); above 50,000 the case is referred
    police: PoliceOutcome


@dataclass(frozen=True)
class County:
    seed: int
    name: str
    region: str
    units: tuple[DemoUnit, ...]
    officers: tuple[DemoOfficer, ...]
    campaigns: tuple[DemoCampaign, ...]
    complaints: tuple[ClueStory, ...]  # clues outside any campaign
    stories: dict[str, ClueStory]  # by clue id, for the clues the campaigns' findings open


UNITS = (
    DemoUnit("ipsection", "知识产权科", "internal"),
    DemoUnit("law", "法制科", "internal"),
    DemoUnit("office", "局办公室", "internal"),
    DemoUnit("chengguan", "城关市场监管所", "internal"),
    DemoUnit("police", "县公安局经济犯罪侦查大队", "police", "联络民警"),
    DemoUnit("procuratorate", "县人民检察院知识产权检察工作站", "procuratorate", "联络检察官"),
    DemoUnit("agri", "县农业农村局", "member"),
    DemoUnit("commerce", "县商务局", "member"),
)


def _officers(rng: random.Random) -> tuple[DemoOfficer, ...]:
    people = [
        ("o01", ("case_officer",), "ipsection"),
        ("o02", ("case_officer",), "ipsection"),
        ("o03", ("case_officer",), "chengguan"),
        ("o04", ("case_officer",), "chengguan"),
        ("o05", ("legal_reviewer",), "law"),
        ("o06", ("head",), "office"),
        ("o07", ("police_liaison",), "police"),
        ("o08", ("procuratorate_liaison",), "procuratorate"),
        ("o09", ("administrator",), "office"),
    ]
    return tuple(
        DemoOfficer(oid, names.person_name(rng), roles, unit) for oid, roles, unit in people
    )


def _monthly(start: date, end: date, day: int) -> tuple[date, ...]:
    out, d = [], date(start.year, start.month, day)
    while d <= end:
        if d >= start:
            out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, day)
    return tuple(out)


def _inspection(
    campaign_id: str, target: Target, on: date, officers: tuple[str, ...], n: int
) -> dict[str, object]:
    return {
        "id": f"{campaign_id}-{n:04d}",
        "campaign_id": campaign_id,
        "target": target,
        "inspected_on": on,
        "officer_ids": officers,
    }


def build_county(seed: int, *, year: int = 2026, region: str = "140000") -> County:
    rng = random.Random(seed)
    county = "示例县"
    officers = _officers(rng)
    pairs = (("o01", "o02"), ("o03", "o04"))
    stories: dict[str, ClueStory] = {}

    def story_for(clue_id: str, on: date, target: Target, offence: OffenceType, text: str) -> None:
        refer = offence is OffenceType.TRADEMARK_INFRINGEMENT and rng.random() < 0.5
        amount = (
            Decimal(rng.randrange(60_000, 400_000, 500))
            if refer
            else Decimal(rng.randrange(2_000, 45_000, 100))
        )
        stories[clue_id] = ClueStory(
            clue_id=clue_id,
            received_on=on,
            summary=text,
            party_name=target.name,
            party_credit_code=target.credit_code or names.credit_code(rng, region),
            files=rng.random() < 0.85,
            decision_delay=rng.choice([3, 5, 8, 10, 12, 14, 17]),  # 15 working days allowed
            offence=offence,
            illegal_business=amount,
            police=rng.choices(list(PoliceOutcome), weights=[55, 15, 15, 15])[0],
        )

    # GI special-mark inspection of meat processors: two quarterly rounds.
    gi_targets = tuple(
        Target(
            kind=TargetKind.ENTERPRISE,
            name=names.firm_name(rng, county, "肉制品有限公司"),
            credit_code=names.credit_code(rng, region),
            address=names.town(rng),
        )
        for _ in range(rng.randint(12, 16))
    )
    gi_rounds = (date(year, 4, 15), date(year, 7, 15))
    gi_visits: list[Inspection] = []
    n = 0
    for round_no, on in enumerate(gi_rounds, start=1):
        for target in gi_targets:
            n += 1
            base = _inspection("GI", target, on, pairs[n % 2], n)
            roll = rng.random()
            if round_no == 1 and roll < 0.35:
                gi_visits.append(
                    Inspection(
                        **base,
                        outcome=InspectionOutcome.RECTIFICATION_ORDERED,
                        rectification_deadline=on + timedelta(days=30),
                        note="未按要求使用新版地理标志专用标志",
                    )
                )
            elif round_no == 2 and roll < 0.08:
                finding = Finding(
                    description="包装使用已废止的地理标志专用标志样式",
                    offence=OffenceType.GI_MARK_MISUSE,
                )
                visit = Inspection(
                    **base,
                    outcome=InspectionOutcome.FINDINGS,
                    findings=(finding,),
                )
                gi_visits.append(visit)
                story_for(
                    f"{visit.id}-1", on, target, OffenceType.GI_MARK_MISUSE, finding.description
                )
            else:
                gi_visits.append(Inspection(**base, outcome=InspectionOutcome.COMPLIANT))

    # 蓝天: IP agencies and abnormal patent applications, one round.
    agencies = tuple(
        Target(
            kind=TargetKind.IP_AGENCY,
            name=names.firm_name(rng, county, "知识产权代理有限公司"),
            credit_code=names.credit_code(rng, region),
        )
        for _ in range(rng.randint(4, 7))
    )
    applications = tuple(
        Target(
            kind=TargetKind.PATENT_APPLICATION,
            name=f"{names.firm_name(rng, county, '科技有限公司')}专利申请",
            application_number=names.patent_application_number(rng, year - 1, 100_000 + i),
        )
        for i in range(rng.randint(36, 48))
    )
    bs_on = date(year, 5, 20)
    bs_visits: list[Inspection] = []
    for target in (*agencies, *applications):
        n += 1
        base = _inspection("BS", target, bs_on, pairs[n % 2], n)
        if target.kind is TargetKind.PATENT_APPLICATION and rng.random() < 0.9:
            bs_visits.append(
                Inspection(
                    **base,
                    outcome=InspectionOutcome.COMMITMENT_SIGNED,
                    commitment_reference=f"LT{year}-{n:04d}",
                    note="申请人承诺主动撤回非正常专利申请",
                )
            )
        elif rng.random() < 0.3:
            offence = (
                OffenceType.AGENCY_VIOLATION
                if target.kind is TargetKind.IP_AGENCY
                else OffenceType.ABNORMAL_PATENT_APPLICATION
            )
            text = (
                "代理非正常专利申请"
                if target.kind is TargetKind.IP_AGENCY
                else "拒不撤回非正常专利申请"
            )
            visit = Inspection(
                **base,
                outcome=InspectionOutcome.FINDINGS,
                findings=(Finding(description=text, offence=offence),),
            )
            bs_visits.append(visit)
            if target.credit_code:
                story_for(f"{visit.id}-1", bs_on, target, offence, text)
        else:
            bs_visits.append(Inspection(**base, outcome=InspectionOutcome.COMPLIANT))

    # 铁拳: monthly rounds of firms and online shops; findings of trademark infringement.
    tf_rounds = _monthly(date(year, 3, 1), date(year, 11, 30), 10)
    tf_targets = tuple(
        Target(
            kind=TargetKind.ENTERPRISE,
            name=names.firm_name(rng, county, rng.choice(["商贸有限公司", "食品店", "百货超市"])),
            credit_code=names.credit_code(rng, region, individual=rng.random() < 0.4),
            address=names.town(rng),
        )
        for _ in range(rng.randint(60, 80))
    )
    tf_visits: list[Inspection] = []
    for i, target in enumerate(tf_targets):
        n += 1
        on = tf_rounds[i % len(tf_rounds)]
        base = _inspection("TF", target, on, pairs[n % 2], n)
        if rng.random() < 0.4:
            text = rng.choice(
                [
                    "销售假冒注册商标的白酒",
                    "销售侵犯注册商标专用权的服装",
                    "销售假冒地理标志商标的肉制品",
                ]
            )
            visit = Inspection(
                **base,
                outcome=InspectionOutcome.FINDINGS,
                findings=(Finding(description=text, offence=OffenceType.TRADEMARK_INFRINGEMENT),),
            )
            tf_visits.append(visit)
            story_for(f"{visit.id}-1", on, target, OffenceType.TRADEMARK_INFRINGEMENT, text)
        else:
            outcome = (
                InspectionOutcome.NOT_FOUND if rng.random() < 0.05 else InspectionOutcome.COMPLIANT
            )
            tf_visits.append(Inspection(**base, outcome=outcome))

    # E-commerce platforms: commitment letters.
    platforms = tuple(
        Target(
            kind=TargetKind.ECOMMERCE_PLATFORM,
            name=names.firm_name(rng, county, "电子商务有限公司"),
            credit_code=names.credit_code(rng, region),
        )
        for _ in range(rng.randint(40, 50))
    )
    ec_on = date(year, 6, 18)
    ec_visits = []
    for target in platforms:
        n += 1
        base = _inspection("EC", target, ec_on, pairs[n % 2], n)
        ec_visits.append(
            Inspection(
                **base,
                outcome=InspectionOutcome.COMMITMENT_SIGNED,
                commitment_reference=f"DS{year}-{n:04d}",
                note="签订《电子商务平台保护知识产权承诺书》",
            )
        )

    complaints: list[ClueStory] = []
    for k in range(rng.randint(4, 8)):
        target = rng.choice(tf_targets)
        on = date(year, 3, 1) + timedelta(days=rng.randrange(0, 250))
        story_for(f"TS{year}-{k + 1:03d}", on, target, OffenceType.TRADEMARK_INFRINGEMENT,
                  f"投诉举报：{target.name}销售假冒注册商标商品")  # fmt: skip
        complaints.append(stories.pop(f"TS{year}-{k + 1:03d}"))

    campaigns = (
        DemoCampaign(
            "GI", f"{year}年地理标志专用标志使用清查（肉制品）", CampaignKind.GI_MARK,
            date(year, 4, 1), date(year, 9, 30), "ipsection", ("agri",),
            (TargetKind.ENTERPRISE,), 30, "0 9 15 1,4,7,10 *", gi_rounds, gi_targets,
            tuple(gi_visits),
        ),
        DemoCampaign(
            "BS", f"{year}年知识产权代理行业“蓝天”专项整治行动", CampaignKind.BLUE_SKY,
            date(year, 5, 1), date(year, 12, 31), "ipsection", (),
            (TargetKind.IP_AGENCY, TargetKind.PATENT_APPLICATION), 30, "0 9 20 5 *",
            (bs_on,), (*agencies, *applications), tuple(bs_visits),
        ),
        DemoCampaign(
            "TF", f"{year}年“铁拳”行动（商标侵权）", CampaignKind.IRON_FIST,
            date(year, 3, 1), date(year, 11, 30), "chengguan", ("commerce",),
            (TargetKind.ENTERPRISE, TargetKind.ONLINE_SHOP), 30, "0 9 10 3-11 *",
            tf_rounds, tf_targets, tuple(tf_visits),
        ),
        DemoCampaign(
            "EC", f"{year}年电商平台知识产权保护承诺专项", CampaignKind.ECOMMERCE,
            date(year, 6, 1), date(year, 12, 31), "ipsection", ("commerce",),
            (TargetKind.ECOMMERCE_PLATFORM,), 30, "0 9 18 6 *", (ec_on,), platforms,
            tuple(ec_visits),
        ),
    )  # fmt: skip
    return County(
        seed=seed,
        name=county,
        region=region,
        units=UNITS,
        officers=officers,
        campaigns=campaigns,
        complaints=tuple(complaints),
        stories=stories,
    )
