"""The sentinel test (issue 9, point 4): a sentinel secret in every channel setting and a
sentinel identity number in a case; the county's notices dispatched with every logger at
DEBUG. No secret anywhere in the logs, stderr, stdout or the outbox record; the identity
number and the person's name in no group message — but in full in the direct e-mail to
the officers of the case (so the test would see a leak)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ipflow.notify.outbox_claims import ATTEMPTS, OUTBOX
from ipflow.services.context import ServiceEnv
from ipflow.services.outbox_dispatch import build_dispatcher
from tests.notify.conftest import notify_settings
from tests.notify.county import PERSON, PERSON_ID, county, sweep_and_digest
from tests.notify.receivers import Answer, HttpReceiver, SmtpReceiver
from tests.unit.lifecycle_factories import Clock

SECRETS = {
    "IPFLOW_T_DING_TOKEN": "sentinelDingToken7f3a",
    "IPFLOW_T_DING_SECRET": "SECsentinelDingSecret91bc",
    "IPFLOW_T_WECOM_KEY": "sentinelWecomKey55e",
    "IPFLOW_T_FEISHU_HOOK": "sentinelFeishuHook42",
    "IPFLOW_T_FEISHU_SECRET": "sentinelFeishuSecret08",
    "IPFLOW_T_HOOK_BEARER": "Bearer sentinelHookBearer77",
    "IPFLOW_T_SMTP_USER": "sentinelSmtpUser",
    "IPFLOW_T_SMTP_PASSWORD": "sentinelSmtpPass3x",
}
GROUP_PATHS = (
    "/robot/send",
    "/cgi-bin/webhook/send",
    f"/open-apis/bot/v2/hook/{SECRETS['IPFLOW_T_FEISHU_HOOK']}",
    "/hook",
)
DEBUG_LOGGERS = ("", "apprise", "urllib3", "requests", "ipflow")


def channels(robot: HttpReceiver, hook: HttpReceiver, smtp: SmtpReceiver) -> str:
    r, h = f"127.0.0.1:{robot.port}", f"127.0.0.1:{hook.port}"
    return f"""version: 1
channels:
  - name: ding-group
    url: "dingrobot://{r}/robot/send?access_token=${{IPFLOW_T_DING_TOKEN}}&secret=${{IPFLOW_T_DING_SECRET}}"
    group: true
    tags: [case_officer, head]
    rate_limit: 0
  - name: wecom-group
    url: "wecomrobot://{r}?key=${{IPFLOW_T_WECOM_KEY}}"
    group: true
    tags: [case_officer, legal_reviewer]
    rate_limit: 0
  - name: feishu-group
    url: "feishurobot://{r}?token=${{IPFLOW_T_FEISHU_HOOK}}&secret=${{IPFLOW_T_FEISHU_SECRET}}"
    group: true
    tags: [head, agency:procuratorate]
    rate_limit: 0
  - name: liaison-hook
    url: "json://{h}/hook?+Authorization=${{IPFLOW_T_HOOK_BEARER}}"
    group: true
    tags: [agency:police, agency:procuratorate]
  - name: officer-mail
    url: "mailto://${{IPFLOW_T_SMTP_USER}}:${{IPFLOW_T_SMTP_PASSWORD}}@127.0.0.1:{smtp.port}?mode=insecure&from=ipflow@example.gov.cn&name=示例县市场监督管理局"
    per_officer: true
    tags: [case_officer, head]
"""


@pytest.fixture
def debug_logs() -> Iterator[io.StringIO]:
    """Every logger at DEBUG into a buffer and onto stderr, as an operator might run it."""
    buffer = io.StringIO()
    handlers = [logging.StreamHandler(buffer), logging.StreamHandler()]  # the second: stderr
    levels = {name: logging.getLogger(name).level for name in DEBUG_LOGGERS}
    root = logging.getLogger()
    for handler in handlers:
        handler.setLevel(logging.DEBUG)
        root.addHandler(handler)
    for name in DEBUG_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # the test SMTP server's own log
    yield buffer
    for handler in handlers:
        root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_no_secret_in_any_log_and_no_identity_number_in_any_group_message(
    sqlite_engine: Engine,
    env: ServiceEnv,
    robot_receiver: HttpReceiver,
    http_receiver: HttpReceiver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    debug_logs: io.StringIO,
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    robot_receiver.default_answer = Answer(json={"errcode": 0, "errmsg": "ok", "code": 0})
    http_receiver.script("/hook", Answer(500))  # one failure: its error text is recorded too
    smtp = SmtpReceiver(auth=True).start()
    try:
        settings = notify_settings(tmp_path, channels(robot_receiver, http_receiver, smtp))
        clock = Clock()
        dispatcher = build_dispatcher(settings, sqlite_engine, clock=lambda: clock.now)
        county(sqlite_engine, env, clock, after_step=dispatcher.run)
        clock.now += timedelta(days=18)
        sweep_and_digest(sqlite_engine, env, clock.now)
        report = dispatcher.run()
    finally:
        smtp.stop()
    captured = capfd.readouterr()
    logs = debug_logs.getvalue()
    with sqlite_engine.connect() as conn:
        record = json.dumps(
            [dict(r) for r in conn.execute(select(OUTBOX)).mappings()]
            + [dict(r) for r in conn.execute(select(ATTEMPTS)).mappings()],
            default=str,
            ensure_ascii=False,
        )
        unsent = conn.execute(select(OUTBOX.c.id).where(OUTBOX.c.status != "sent")).all()

    # Everything went out, through every kind of channel, with DEBUG logging on.
    assert unsent == [] and report.dead == 0
    assert all(
        robot_receiver.requests_to(p) for p in GROUP_PATHS[:3]
    ) and http_receiver.requests_to("/hook")
    assert "POST /robot/send?access_token=****" in logs  # urllib3's request line, redacted
    assert smtp.logins and smtp.mails
    # 1. No secret in the logs, on stderr or stdout, or in the outbox record.
    for name, secret in SECRETS.items():
        for where, text in (
            ("logs", logs),
            ("stderr", captured.err),
            ("stdout", captured.out),
            ("outbox", record),
        ):
            assert secret not in text, f"{name} found in {where}"
    # 2. No identity number, no natural person's name in any group message…
    group = [json.dumps(r.payload, ensure_ascii=False) for p in GROUP_PATHS for r in http_receiver.requests_to(p) + robot_receiver.requests_to(p)]  # fmt: skip
    assert group and not any(PERSON_ID in text or PERSON.name in text for text in group)
    assert any("440304********" in text and "张**" in text for text in group)  # masked, not dropped
    # … nor in the direct mail of an officer who is not an officer of the case (the head) …
    to_head = [m.text for m in smtp.mails if m.recipients == ("head-zhao@example.gov.cn",)]
    assert to_head and not any(PERSON_ID in text for text in to_head)
    # … but in full in the direct mail to the officers of the case.
    to_officer = [m.text for m in smtp.mails if m.recipients == ("li@example.gov.cn",)]
    assert any(PERSON_ID in text and PERSON.name in text for text in to_officer)


def test_the_local_sink_is_not_a_direct_channel(
    sqlite_engine: Engine, env: ServiceEnv, tmp_path: Path
) -> None:
    settings = notify_settings(tmp_path, None)
    clock = Clock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    dispatcher = build_dispatcher(settings, sqlite_engine, clock=lambda: clock.now)
    county(sqlite_engine, env, clock, after_step=dispatcher.run)
    text = settings.notifications_file.read_text("utf-8")
    assert "440304********" in text and PERSON_ID not in text and PERSON.name not in text
