"""Notices queued by real commands reach the local sink; a broken template is a permanent
failure (dead letter) rather than a message with a hole in it. (Every kind rendered from
real events, with case, rule and time left: test_templates.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ipflow.notify.outbox_claims import OUTBOX
from ipflow.notify.rendering import MessageRenderer, RenderError
from ipflow.services.context import ServiceEnv
from ipflow.services.outbox_admin import show_message
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.settings import bundled_config_dir
from ipflow.store.tables import OutboxStatus
from tests.integration.scenario import referral_with_package
from tests.notify.conftest import StepClock, notify_settings, queue
from tests.unit.lifecycle_factories import Clock

TEMPLATES = bundled_config_dir() / "templates" / "notify"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def renderer(directory: Path = TEMPLATES) -> MessageRenderer:
    return MessageRenderer(directory, bureau_name="示例县市场监督管理局", timezone=SHANGHAI)


def test_notices_queued_by_real_commands_all_reach_the_local_sink(
    sqlite_engine: Engine,
    env: ServiceEnv,
    tmp_path: Path,
) -> None:
    referral_with_package(sqlite_engine, env, Clock())
    with sqlite_engine.connect() as conn:
        queued = conn.execute(select(OUTBOX.c.kind, OUTBOX.c.recipient_role)).all()
    assert len(queued) >= 4

    settings = notify_settings(tmp_path, None)
    report = build_dispatcher(settings, sqlite_engine, clock=StepClock()).run()

    assert report.sent == len(queued)
    records = [json.loads(x) for x in settings.notifications_file.read_text("utf-8").splitlines()]
    assert sorted(r["role"] for r in records) == sorted(role for _kind, role in queued)
    for record in records:
        assert record["subject"].startswith("【示例县市场监督管理局】")
        assert "C-2026-001" in record["subject"] or "X-2026-001" in record["subject"]
        assert "年" in record["body"] and "请勿直接回复" in record["body"]


def test_a_template_that_cannot_render_sends_the_message_to_dead_letter(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_generic.j2").write_text((TEMPLATES / "_generic.j2").read_text("utf-8"), "utf-8")
    (templates / "referral_sent.j2").write_text(
        "{% block subject %}{{ no_such_variable }}{% endblock %}{% block body %}x{% endblock %}",
        "utf-8",
    )
    with pytest.raises(RenderError, match="no_such_variable"):
        renderer(templates).render({"kind": "referral_sent", "recipient_role": "head"})

    queue(sqlite_engine)
    settings = notify_settings(tmp_path, None)
    dispatcher = build_dispatcher(settings, sqlite_engine, clock=StepClock())
    dispatcher.renderer = renderer(templates)
    assert dispatcher.run().dead == 1
    row = show_message(sqlite_engine, 1).row
    assert row["status"] == OutboxStatus.DEAD and "渲染失败" in row["last_error"]
    assert not settings.notifications_file.exists()
