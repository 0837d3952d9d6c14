"""Every notice reads as an official one: a county's clues, cases and referrals walked
through the real services, each notice dispatched the moment it is queued (deadlines as
they then stand), then the daily sweep and digests. Each notice has its own template and
names the case number, the rule and article behind its date, and the time left."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ipflow.domain.events_field import RectificationEscalated, RectificationOrdered
from ipflow.domain.roles import Role
from ipflow.loaders.yamlfile import load_yaml_model
from ipflow.notify.outbox_claims import OUTBOX
from ipflow.notify.port import idempotency_key
from ipflow.notify.rendering import MessageRenderer
from ipflow.services.context import ServiceEnv
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.services.outbox_intents import INTENTS_FILE, IntentsFile
from ipflow.settings import bundled_config_dir
from tests.notify.conftest import notify_settings
from tests.notify.county import county, sweep_and_digest
from tests.unit.lifecycle_factories import SHOP, Clock

TEMPLATES = bundled_config_dir() / "templates" / "notify"
BUREAU = "示例县市场监督管理局"
TIME_LEFT = re.compile(
    r"剩余 \d+ (个工作日|日)|剩余 \d+ 小时|今日到期|已超期 \d+ 日|已超时|逾期\d+个工作日"
)
INTENT_KINDS = {
    i.template
    for i in load_yaml_model(bundled_config_dir() / "rules" / INTENTS_FILE, IntentsFile).intents
}
# The deadline each event notice must cite (title of the rule in config/rules/deadlines.yaml).
CITED = {
    "clue_received": ("线索核查与立案决定", "《市场监督管理行政处罚程序规定》第十八条"),
    "case_filed": ("办案期限（普通程序）", "第六十四条"),
    "officers_assigned": ("办案期限（普通程序）", "第六十四条"),
    "legal_review_requested": ("法制审核", "第五十五条"),
    "hearing_requested": ("办案期限（普通程序）", "第六十四条"),
    "penalty_decided": ("送达行政处罚决定书（当事人不在场）", "第八十一条"),
    "referral_report_submitted": ("负责人作出是否批准移送的决定", "第五条第二款"),
    "referral_approved": ("向同级公安机关移送", "第五条第二款"),
    "referral_sent": ("公安机关审查并决定是否立案", "第八条"),
    "police_filed": ("移交涉案物品和材料", "第十二条"),
    "police_declined": ("提请公安机关复议", "第九条第一款"),
    "deadline_approaching": ("线索核查与立案决定", "第十八条"),
}


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """Every outbox row of the county, with the subject and body it was delivered with."""
    from dataclasses import replace

    from ipflow.settings import load_settings
    from ipflow.store import migrate
    from ipflow.store.db import make_engine

    tmp = tmp_path_factory.mktemp("county")
    engine = make_engine(f"sqlite:///{tmp / 'ipflow.db'}")
    migrate.upgrade(engine)
    base = load_settings(data_dir=tmp / "data", audit_key="notify-templates-audit-key-0123456789")
    env = replace(
        ServiceEnv.from_settings(base), clock=lambda: datetime(2026, 6, 1, tzinfo=ZoneInfo("UTC"))
    )
    settings = notify_settings(tmp, None)
    clock = Clock()
    dispatcher = build_dispatcher(settings, engine, clock=lambda: clock.now)
    clock = county(engine, env, clock, after_step=dispatcher.run)
    clock.now += timedelta(days=18)
    sweep_and_digest(engine, env, clock.now)
    dispatcher.run()
    sent = {
        r["idempotency_key"]: r
        for r in map(json.loads, settings.notifications_file.read_text("utf-8").splitlines())
    }
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(OUTBOX).order_by(OUTBOX.c.id)).mappings()]
    engine.dispose()
    for row in rows:
        record = sent[idempotency_key(row["key"])]
        row["subject"], row["body"] = record["subject"], record["body"]
    return rows


def test_every_queued_notice_was_delivered_with_a_template_of_its_own(
    notices: list[dict[str, object]],
) -> None:
    kinds = {str(n["kind"]) for n in notices}
    # Every event notice of the intents file except those the county walk has no event for
    # (rectifications, campaigns, extensions: rendered from real events below), the sweep's
    # reminders, escalations and missed deadlines, and the digest.
    not_walked = {"rectification_ordered", "rectification_escalated", "campaign_round_starting",
                  "campaign_round_ending", "case_extended", "clue_verification_extended"}  # fmt: skip
    assert INTENT_KINDS - not_walked <= kinds
    assert {"deadline_approaching", "deadline_overdue", "deadline_missed", "daily_digest"} <= kinds
    for kind in kinds | INTENT_KINDS:
        assert (TEMPLATES / f"{kind}.j2").is_file(), kind
    assert all(n["status"] == "sent" for n in notices)


def test_each_notice_names_the_case_the_rule_and_the_time_left(
    notices: list[dict[str, object]],
) -> None:
    for notice in notices:
        subject, body, kind = str(notice["subject"]), str(notice["body"]), str(notice["kind"])
        text = subject + "\n" + body
        assert subject.startswith(f"【{BUREAU}】"), subject
        assert (
            body.rstrip().endswith("请勿直接回复；以 ipflow 案件记录为准。）")
            or kind == "daily_digest"
        )
        if notice["case_id"]:
            assert str(notice["case_id"]) in text, (kind, text)
        assert "依据" in body, (kind, body)
        if kind in CITED:
            title, article = CITED[kind]
            assert f"「{title}」" in body or title in subject, (kind, body)
            assert article in body, (kind, body)
            assert TIME_LEFT.search(text), (kind, text)


def test_the_digest_lists_each_officers_deadlines_with_basis_and_time_left(
    notices: list[dict[str, object]],
) -> None:
    digests = [n for n in notices if n["kind"] == "daily_digest"]
    assert {n["recipient_id"] for n in digests} == {"officer-li", "officer-wang"}  # their cases
    li = next(n for n in digests if n["recipient_id"] == "officer-li")
    assert str(li["key"]).startswith("digest:officer-li|2026-")
    body = str(li["body"])
    assert body.startswith("李明同志：")
    assert (
        "「送达行政处罚决定书（当事人不在场）」：依据《市场监督管理行政处罚程序规定》第八十一条"
        in body
    )
    assert "已超期" in body and "【已逾期】" in body


def test_the_referral_notice_lists_the_enclosed_materials_and_the_copy_to_the_procuratorate(
    notices: list[dict[str, object]],
) -> None:
    sent = [
        n for n in notices if n["kind"] == "referral_sent" and n["aggregate_id"] == "R-2026-002"
    ]
    assert {n["recipient_role"] for n in sent} == {"police_liaison", "procuratorate_liaison"}
    body = str(sent[0]["body"])
    assert "移送示例县公安局食药环侦大队，并抄送示例县人民检察院" in body
    for line in ("1. 涉嫌犯罪案件移送书", "2. 涉嫌犯罪案件情况的调查报告", "3. 涉案物品清单"):
        assert line in body


def test_overdue_deadlines_are_escalated_to_the_head_in_its_own_words(
    notices: list[dict[str, object]],
) -> None:
    to_head = [
        n for n in notices if n["kind"] == "deadline_overdue" and n["recipient_role"] == "head"
    ]
    assert to_head
    assert all("现报请负责人督办" in str(n["body"]) for n in to_head)
    assert all("逾期督办" in str(n["subject"]) for n in to_head)


def renderer() -> MessageRenderer:
    return MessageRenderer(TEMPLATES, bureau_name=BUREAU, timezone=ZoneInfo("Asia/Shanghai"))


def test_rectification_notices_render_from_real_events() -> None:
    at = datetime(2026, 3, 3, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    common = {"aggregate_kind": "rectification", "aggregate_id": "Z-2026-007", "version": 1}
    ordered = RectificationOrdered(
        **common, occurred_at=at, actor_id="officer-li", role=Role.CASE_OFFICER,
        campaign_id="GI-2026", inspection_id="I-2026-0042", target=SHOP,
        requirements="下架并封存标注地理标志专用标志的商品", deadline=date(2026, 3, 20),
        reinspection_days=5,
    )  # fmt: skip
    escalated = RectificationEscalated(
        **{**common, "version": 3}, occurred_at=at + timedelta(days=20),
        actor_id="officer-li", role=Role.CASE_OFFICER, clue_id="X-2026-031",
    )  # fmt: skip
    reinspection = {
        "rule_id": "campaign.reinspection", "title_zh": "责令整改后复查",
        "basis_zh": "专项行动实施方案（按专项行动设定）—", "due": "2026-03-25",
        "left_zh": "剩余 16 日", "provisional": False,
    }  # fmt: skip
    for event, kind, role in (
        (ordered, "rectification_ordered", "case_officer"),
        (escalated, "rectification_escalated", "head"),
    ):
        row = {
            "kind": kind, "recipient_role": role, "case_id": None, **common,
            "payload": {"event": event.model_dump(mode="json"), "purpose_zh": "…"},
        }  # fmt: skip
        subject, body = renderer().render(
            row, {"deadlines": [reinspection], "due": {"campaign.reinspection": reinspection}.get}
        )
        assert subject.startswith(f"【{BUREAU}】")
        assert "责令整改编号：Z-2026-007" in body
        assert "依据" in body
    assert "「责令整改后复查」" in renderer().render(
        {"kind": "rectification_ordered", "recipient_role": "case_officer", **common,
         "payload": {"event": ordered.model_dump(mode="json")}},
        {"deadlines": [reinspection], "due": {"campaign.reinspection": reinspection}.get},
    )[1]  # fmt: skip


@pytest.mark.parametrize("kind", ["campaign_round_starting", "campaign_round_ending"])
def test_campaign_round_notices_name_the_plan_the_period_and_the_days_left(kind: str) -> None:
    campaign = {
        "id": "GI-2026", "name": "2026年地理标志专用标志使用专项清查", "kind_zh": "地理标志专用标志清查",
        "period_start": "2026-03-01", "period_end": "2026-06-30", "lead_unit": "知识产权科",
        "member_units": ["示例县公安局", "示例县农业农村局"], "reinspection_days": 5, "days_left": 29,
    }  # fmt: skip
    row = {
        "kind": kind, "recipient_role": "case_officer", "case_id": None,
        "aggregate_kind": "campaign", "aggregate_id": "GI-2026",
        "payload": {"round_no": 2, "starts_on": "2026-06-01", "ends_on": "2026-06-12", "targets": 48},
    }  # fmt: skip
    subject, body = renderer().render(row, {"campaign": campaign})
    assert subject == f"【{BUREAU}】2026年地理标志专用标志使用专项清查第2轮检查" + (
        "开始" if kind.endswith("starting") else "即将结束"
    )
    assert "依据：2026年地理标志专用标志使用专项清查实施方案" in body
    assert "还有 29 日" in body and "成员单位：示例县公安局、示例县农业农村局" in body


def test_an_extension_notice_cites_article_64_and_the_new_time_left() -> None:
    period = {
        "rule_id": "samr.case_period", "title_zh": "办案期限（普通程序）",
        "basis_zh": "《市场监督管理行政处罚程序规定》第六十四条", "due": "2026-07-03",
        "left_zh": "剩余 32 日", "provisional": False,
    }  # fmt: skip
    event = {
        "type": "CaseExtended", "occurred_at": "2026-06-01T01:00:00+00:00", "number": 1,
        "approved_on": "2026-06-01", "days": None, "collective_decision_id": None, "reason": "案情复杂",
    }  # fmt: skip
    row = {
        "kind": "case_extended", "recipient_role": "case_officer", "case_id": "C-2026-001",
        "aggregate_kind": "case", "aggregate_id": "C-2026-001", "payload": {"event": event},
    }  # fmt: skip
    subject, body = renderer().render(
        row, {"deadlines": [period], "due": {"samr.case_period": period}.get}
    )
    assert subject == f"【{BUREAU}】办案期限延长已批准（C-2026-001）"
    assert "办案期限第1次延长三十日" in body
    assert (
        "期限：「办案期限（普通程序）」：依据《市场监督管理行政处罚程序规定》第六十四条，应于2026-07-03前办结，剩余 32 日。"
        in body
    )


def test_templates_directory_has_no_stray_kind_without_a_subject(tmp_path: Path) -> None:
    for path in TEMPLATES.glob("[a-z]*.j2"):
        text = path.read_text("utf-8")
        assert "{% block subject %}" in text and "{% block body %}" in text, path.name
