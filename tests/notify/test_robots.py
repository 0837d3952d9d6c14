"""Group robots (DingTalk, WeCom, Feishu/Lark) against a robot on 127.0.0.1 (the configured
host): a lying robot — HTTP 200 with an error code — is caught, retried, dead-lettered;
the signatures follow each vendor's documented algorithm; the per-channel rate limit
holds, across dispatcher processes too."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import timedelta
from pathlib import Path

import apprise
import pytest
from apprise.plugins.dingtalk import NotifyDingTalk
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ipflow.notify.outbox_claims import ATTEMPTS
from ipflow.notify.plugins import register_plugins
from ipflow.notify.port import idempotency_key
from ipflow.services.outbox_admin import show_message
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.store.tables import OutboxStatus
from tests.notify.conftest import StepClock, notify_settings, queue
from tests.notify.receivers import Answer, HttpReceiver

TOKEN, SECRET = "dingtoken0123456789abcdef", "SECa1b2c3d4e5f60718293a4b5c6d7e8f9"


def robot_yaml(url: str, *, rate_limit: int | None = None) -> str:
    extra = f"\n    rate_limit: {rate_limit}" if rate_limit is not None else ""
    return (
        "version: 1\nchannels:\n  - name: ding\n"
        f'    url: "{url}"\n    group: true\n    tags: [head]{extra}\n'
    )


@pytest.fixture
def robot_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPFLOW_TEST_ROBOT_TOKEN", TOKEN)
    monkeypatch.setenv("IPFLOW_TEST_ROBOT_SECRET", SECRET)


def ding_url(receiver: HttpReceiver) -> str:
    return receiver.url(
        "/robot/send",
        scheme="dingrobot",
        access_token="${IPFLOW_TEST_ROBOT_TOKEN}",
        secret="${IPFLOW_TEST_ROBOT_SECRET}",
    )


def documented_sign(key: str, message: str) -> str:
    """HmacSHA256 then Base64, as both vendors' documentation writes it."""
    return base64.b64encode(
        hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()
    ).decode()


@pytest.mark.parametrize(
    ("scheme", "path", "refusal"),
    [
        ("dingrobot", "/robot/send", {"errcode": 310000, "errmsg": "sign not match"}),
        (
            "wecomrobot",
            "/cgi-bin/webhook/send",
            {"errcode": 93000, "errmsg": "invalid webhook url"},
        ),
        (
            "feishurobot",
            f"/open-apis/bot/v2/hook/{TOKEN}",
            {"code": 19021, "msg": "sign match fail"},
        ),
    ],
)
def test_an_errcode_answer_is_a_failure_retried_then_dead_lettered(
    sqlite_engine: Engine,
    robot_receiver: HttpReceiver,
    robot_env: None,
    tmp_path: Path,
    scheme: str,
    path: str,
    refusal: dict[str, object],
) -> None:
    (key,) = queue(sqlite_engine)
    robot_receiver.default_answer = Answer(json=refusal)  # HTTP 200 every time
    token_name = {"dingrobot": "access_token", "wecomrobot": "key", "feishurobot": "token"}[scheme]
    params = {token_name: "${IPFLOW_TEST_ROBOT_TOKEN}"}
    if scheme != "wecomrobot":
        params["secret"] = "${IPFLOW_TEST_ROBOT_SECRET}"
    url = robot_receiver.url("", scheme=scheme, **params)
    settings = notify_settings(tmp_path, robot_yaml(url), notify_max_attempts=3)
    report = build_dispatcher(settings, sqlite_engine, clock=StepClock()).run()

    assert (report.sent, report.retrying, report.dead) == (0, 2, 1)
    assert len(robot_receiver.requests_to(path)) == 3  # every attempt reached the robot
    assert {r.key for r in robot_receiver.requests_to(path)} == {idempotency_key(key)}
    detail = show_message(sqlite_engine, 1)
    assert detail.row["status"] == OutboxStatus.DEAD and detail.row["attempts"] == 3
    code = str(refusal.get("errcode", refusal.get("code")))
    assert all(f"errcode={code}" in a["error"] for a in detail.attempts)
    assert detail.row["last_error"].startswith("已尝试 3 次，转入死信")
    assert TOKEN not in str(detail) and SECRET not in str(detail)


def test_a_robot_that_refuses_once_is_retried_and_accepts(
    sqlite_engine: Engine, robot_receiver: HttpReceiver, robot_env: None, tmp_path: Path
) -> None:
    queue(sqlite_engine)
    robot_receiver.script(
        "/robot/send", Answer(json={"errcode": 130101, "errmsg": "send too fast"})
    )
    settings = notify_settings(tmp_path, robot_yaml(ding_url(robot_receiver)))
    report = build_dispatcher(settings, sqlite_engine, clock=StepClock()).run()

    assert (report.sent, report.dead) == (1, 0)
    assert [a["ok"] for a in show_message(sqlite_engine, 1).attempts] == [False, True]
    delivered = robot_receiver.requests_to("/robot/send")[-1].payload
    assert delivered["msgtype"] == "text"
    assert delivered["text"]["content"].startswith("【示例县市场监督管理局】涉嫌犯罪案件移送通知")


def test_the_dingtalk_signature_is_the_documented_one_encoded_once(
    sqlite_engine: Engine, robot_receiver: HttpReceiver, robot_env: None, tmp_path: Path
) -> None:
    queue(sqlite_engine)
    settings = notify_settings(tmp_path, robot_yaml(ding_url(robot_receiver)))
    build_dispatcher(settings, sqlite_engine, clock=StepClock()).run()

    (request,) = robot_receiver.requests_to("/robot/send")
    timestamp = request.query["timestamp"]  # milliseconds, within a minute of now
    assert abs(int(timestamp) - time.time() * 1000) < 60_000
    # The server decodes the query once; what it reads must be the documented value.
    assert request.query["sign"] == documented_sign(SECRET, f"{timestamp}\n{SECRET}")
    assert request.query["access_token"] == TOKEN


def test_apprise_own_dingtalk_signature_is_encoded_twice() -> None:
    """Why ipflow has its own plugin: Apprise quotes the signature, requests quotes it again."""
    plugin = NotifyDingTalk(token="abc", secret=SECRET)
    timestamp, signature = plugin.get_signature()
    assert signature != documented_sign(SECRET, f"{timestamp}\n{SECRET}")
    assert "%" in signature  # already percent-encoded before the HTTP client encodes it


def test_the_feishu_signature_is_the_documented_one(
    sqlite_engine: Engine, robot_receiver: HttpReceiver, robot_env: None, tmp_path: Path
) -> None:
    queue(sqlite_engine)
    robot_receiver.default_answer = Answer(json={"code": 0, "msg": "success"})
    url = robot_receiver.url(
        "",
        scheme="feishurobot",
        token="${IPFLOW_TEST_ROBOT_TOKEN}",
        secret="${IPFLOW_TEST_ROBOT_SECRET}",
    )
    settings = notify_settings(tmp_path, robot_yaml(url))
    assert build_dispatcher(settings, sqlite_engine, clock=StepClock()).run().sent == 1

    (request,) = robot_receiver.requests_to(f"/open-apis/bot/v2/hook/{TOKEN}")
    payload = request.payload
    assert payload["msg_type"] == "text" and "涉嫌犯罪案件移送通知" in payload["content"]["text"]
    assert abs(int(payload["timestamp"]) - time.time()) < 60
    assert payload["sign"] == documented_sign(f"{payload['timestamp']}\n{SECRET}", "")


def test_the_rate_limit_holds_and_deferred_messages_go_out_when_the_window_frees(
    sqlite_engine: Engine, robot_receiver: HttpReceiver, robot_env: None, tmp_path: Path
) -> None:
    queue(sqlite_engine, 25)
    settings = notify_settings(tmp_path, robot_yaml(ding_url(robot_receiver)))  # DingTalk: 20/min
    clock = StepClock()
    first = build_dispatcher(settings, sqlite_engine, clock=clock).run()

    assert (first.sent, first.deferred, first.retrying) == (20, 5, 0)
    assert len(robot_receiver.requests_to("/robot/send")) == 20
    waiting = show_message(sqlite_engine, 21).row
    assert waiting["attempts"] == 0 and waiting["last_error"] == "限速延后：ding每分钟最多20条"
    assert waiting["next_attempt_at"] == clock.now + timedelta(minutes=1)

    # A new dispatcher (each scheduled run is a new process) counts what the first sent.
    clock.advance(seconds=30)
    assert build_dispatcher(settings, sqlite_engine, clock=clock).run().sent == 0
    clock.advance(seconds=30)
    assert build_dispatcher(settings, sqlite_engine, clock=clock).run().sent == 5
    assert len(robot_receiver.requests_to("/robot/send")) == 25


def test_no_window_of_real_time_sees_more_than_the_limit(
    sqlite_engine: Engine, robot_receiver: HttpReceiver, robot_env: None, tmp_path: Path
) -> None:
    window = 0.5
    queue(sqlite_engine, 12)
    yaml = robot_yaml(ding_url(robot_receiver), rate_limit=5)
    settings = notify_settings(tmp_path, yaml, notify_rate_window_seconds=window)
    dispatcher = build_dispatcher(settings, sqlite_engine)
    deadline = time.monotonic() + 10
    while len(robot_receiver.requests_to("/robot/send")) < 12 and time.monotonic() < deadline:
        dispatcher.run()
        time.sleep(0.02)

    # The limiter counts send starts: the recorded attempt times, in real time.
    with sqlite_engine.connect() as conn:
        starts = sorted(
            t.timestamp() for t in conn.execute(select(ATTEMPTS.c.attempted_at)).scalars()
        )
    assert len(starts) == 12
    for i, start in enumerate(starts):
        assert sum(1 for t in starts[i:] if t < start + window) <= 5
    # What the robot saw: twelve messages at five per window need two full windows.
    arrivals = sorted(r.at for r in robot_receiver.requests_to("/robot/send"))
    assert len(arrivals) == 12 and arrivals[-1] - arrivals[0] >= 2 * window - 0.05


def test_robot_addresses_are_printed_with_token_secret_and_header_masked() -> None:
    register_plugins()
    url = f"dingrobots://oapi.dingtalk.com/robot/send?access_token={TOKEN}&secret={SECRET}&+X-Trace=t0ken"
    plugin = apprise.Apprise.instantiate(url)
    assert plugin is not None
    private = str(plugin.url(privacy=True))
    assert TOKEN not in private and SECRET not in private and "t0ken" not in private
    assert private.startswith("dingrobots://oapi.dingtalk.com/robot/send?")
    assert apprise.Apprise.instantiate(str(plugin.url())) is not None  # the full URL round-trips
    assert apprise.Apprise.instantiate("wecomrobots://qyapi.weixin.qq.com?key=k&secret=s") is None
    assert apprise.Apprise.instantiate("dingrobots://oapi.dingtalk.com/robot/send") is None


def test_a_long_notice_is_cut_to_the_wecom_limit_on_a_character_boundary(
    sqlite_engine: Engine, robot_receiver: HttpReceiver, robot_env: None, tmp_path: Path
) -> None:
    (template_dir := tmp_path / "templates").mkdir()
    (template_dir / "_generic.j2").write_text(
        "{% block subject %}【示例县】长通知{% endblock %}{% block body %}{{ '移送材料' * 400 }}{% endblock %}",
        "utf-8",
    )
    queue(sqlite_engine, kind="long_notice")
    url = robot_receiver.url("", scheme="wecomrobot", key="${IPFLOW_TEST_ROBOT_TOKEN}")
    settings = notify_settings(tmp_path, robot_yaml(url))
    dispatcher = build_dispatcher(settings, sqlite_engine, clock=StepClock())
    dispatcher.renderer = type(dispatcher.renderer)(
        template_dir, bureau_name="示例县", timezone=dispatcher.renderer._timezone
    )
    assert dispatcher.run().sent == 1
    (request,) = robot_receiver.requests_to("/cgi-bin/webhook/send")
    content = request.payload["text"]["content"]
    assert len(content.encode("utf-8")) <= 2048 and content.endswith("……（全文见 ipflow）")
    assert content.startswith("【示例县】长通知") and "移送材料移送材料" in content
