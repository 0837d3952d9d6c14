"""Field work through the services on real databases: target import all or nothing, and
inspections leading to clues and rectification orders, idempotently."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from ipflow.domain.campaign_schedule import CampaignSchedule
from ipflow.domain.inspections import (
    CampaignKind,
    Finding,
    Inspection,
    InspectionOutcome,
    Target,
    TargetKind,
)
from ipflow.errors import RoleNotAllowed, RuleViolation
from ipflow.loaders.tabular import SheetErrors
from ipflow.loaders.targets_file import read_targets
from ipflow.services import campaigns, field_views, targets
from ipflow.services.context import ServiceEnv
from ipflow.services.field_work import ingest_inspections
from ipflow.store.uow import UnitOfWork
from tests.field_files import credit_code, enterprise_rows, write_csv
from tests.integration.conftest import dump_tables
from tests.integration.scenario import step
from tests.unit.lifecycle_factories import HEAD, OFFICER, POLICE, TZ

CAMPAIGN = "TQ-2026"
AT = datetime(2026, 5, 12, 9, 0, tzinfo=TZ)


def shop(n: int) -> Target:
    return Target(kind=TargetKind.ENTERPRISE, name=f"示例企业{n}", credit_code=credit_code(n))


def visit(n: int, outcome: InspectionOutcome, **extra: object) -> Inspection:
    return Inspection(
        id=f"I-{n}", campaign_id=CAMPAIGN, target=shop(n), inspected_on=date(2026, 5, 12),
        officer_ids=("officer-li", "officer-wang"), outcome=outcome, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


ROUND = [
    visit(1, InspectionOutcome.COMPLIANT),
    visit(2, InspectionOutcome.RECTIFICATION_ORDERED, rectification_deadline=date(2026, 5, 30)),
    visit(3, InspectionOutcome.FINDINGS, findings=(
        Finding(description="销售假冒注册商标的白酒"), Finding(description="门头使用近似标识"),
    )),
]  # fmt: skip


def active_campaign(engine: Engine, env: ServiceEnv) -> None:
    step(engine, env, lambda u, e: campaigns.plan(
        u, e, HEAD, datetime(2026, 2, 20, 9, tzinfo=TZ), campaign_id=CAMPAIGN, name="铁拳",
        kind=CampaignKind.IRON_FIST, period_start=date(2026, 3, 1), period_end=date(2026, 11, 30),
        lead_unit="示例县市场监督管理局", target_kinds=(TargetKind.ENTERPRISE,),
        reinspection_days=15, schedule=CampaignSchedule(cron="0 9 1 3-11 *"),
    ))  # fmt: skip
    step(engine, env, lambda u, e: campaigns.start(u, e, CAMPAIGN, HEAD, datetime(2026, 3, 1, 9, tzinfo=TZ)))  # fmt: skip


def deadlines(engine: Engine) -> list[tuple[str, str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT aggregate_id, rule_id, due_date, status FROM deadline ORDER BY aggregate_id"
            )
        ).all()
    return [tuple(str(v) for v in r) for r in rows]  # type: ignore[misc]


def test_a_round_opens_clues_and_rectification_orders_with_their_deadlines(
    engine: Engine, env: ServiceEnv
) -> None:
    active_campaign(engine, env)
    result = step(engine, env, lambda u, e: ingest_inspections(u, e, OFFICER, AT, ROUND))
    assert result == type(result)(3, 0, 2, 1)
    assert deadlines(engine) == [
        (
            "I-2-ZG",
            "campaign.reinspection",
            "2026-06-15",
            "open",
        ),  # 15 days from the 整改期限 05-30 (06-14 a Sunday)
        ("I-3-1", "samr.filing_check", "2026-06-02", "open"),  # 15 working days from 05-12
        ("I-3-2", "samr.filing_check", "2026-06-02", "open"),
    ]
    with UnitOfWork(engine) as uow:
        figures = field_views.campaign_figures(uow.session, CAMPAIGN)
        clue, _ = field_views.clue(uow.session, "I-3-1")
    assert figures.inspections == 3 and figures.clues == 2 and figures.rectifications == 1
    assert figures.campaign.schedule == CampaignSchedule(cron="0 9 1 3-11 *")
    assert clue.inspection_id == "I-3" and clue.received_on == date(2026, 5, 12)
    assert [p.party_key for p in clue.parties] == [credit_code(3)]

    before = dump_tables(engine)
    again = step(engine, env, lambda u, e: ingest_inspections(u, e, OFFICER, AT, ROUND))
    assert again == type(result)(0, 3, 0, 0)
    assert dump_tables(engine) == before  # a rerun has no second effect


def test_a_batch_recorded_without_its_clues_is_completed_not_doubled(
    engine: Engine, env: ServiceEnv
) -> None:
    active_campaign(engine, env)
    step(engine, env, lambda u, e: campaigns.record_inspection(u, ROUND[2], OFFICER, AT))
    result = step(engine, env, lambda u, e: ingest_inspections(u, e, OFFICER, AT, ROUND[2:]))
    assert (result.inspections_skipped, result.clues_opened) == (1, 2)


def test_an_inspection_the_campaign_refuses_stops_the_batch(
    engine: Engine, env: ServiceEnv
) -> None:
    active_campaign(engine, env)
    late = visit(4, InspectionOutcome.COMPLIANT).model_copy(
        update={"inspected_on": date(2026, 12, 2)}
    )
    before = dump_tables(engine)
    with pytest.raises(RuleViolation, match=r"检查日期2026-12-02不在行动期间"):
        step(engine, env, lambda u, e: ingest_inspections(u, e, OFFICER, AT, [*ROUND, late]))
    with pytest.raises(RoleNotAllowed, match=r"「负责人」不能执行「登记检查」"):
        step(engine, env, lambda u, e: ingest_inspections(u, e, HEAD, AT, ROUND))
    assert dump_tables(engine) == before


def test_a_target_list_is_imported_whole_or_not_at_all(
    engine: Engine, env: ServiceEnv, tmp_path: Path
) -> None:
    active_campaign(engine, env)
    first = read_targets(write_csv(tmp_path / "a.csv", enterprise_rows(3000)))
    imported = step(
        engine, env, lambda u, e: targets.import_targets(u, OFFICER, AT, CAMPAIGN, first)
    )
    assert imported.imported == 3000
    overlapping = read_targets(write_csv(tmp_path / "b.csv", enterprise_rows(10, start=2995)))
    before = dump_tables(engine)
    with pytest.raises(SheetErrors, match=r"共6处错误") as caught:
        step(
            engine, env, lambda u, e: targets.import_targets(u, OFFICER, AT, CAMPAIGN, overlapping)
        )
    assert caught.value.context["problems"][0].as_text() == (
        f"第2行，统一社会信用代码（第3列）：检查对象「{credit_code(2995)}」已在本行动名录中"
    )
    with pytest.raises(RoleNotAllowed, match=r"「公安联络人」不能执行「导入检查对象名录」"):
        step(engine, env, lambda u, e: targets.import_targets(u, POLICE, AT, CAMPAIGN, first))
    assert dump_tables(engine) == before
    with UnitOfWork(engine) as uow:
        listed = targets.list_targets(uow.session, CAMPAIGN, limit=2)
        assert targets.count_targets(uow.session, CAMPAIGN) == 3000
        assert listed[0].source is not None and listed[0].source.endswith("a.csv:2")
