"""What truly arrives at real receivers on 127.0.0.1 (SMTP and an HTTP webhook).

Backoff is zero in these tests (settings), so retries happen within one dispatch run.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ipflow.notify.port import idempotency_key
from ipflow.services.outbox_admin import show_message
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.store.tables import OutboxStatus
from tests.notify.conftest import StepClock, notify_settings, queue, routes
from tests.notify.receivers import Answer, HttpReceiver, SmtpReceiver

SUBJECT = "【示例县市场监督管理局】涉嫌犯罪案件移送通知（C-2026-001）"


def dispatch(engine: Engine, tmp_path: Path, yaml: str, **overrides: object):  # type: ignore[no-untyped-def]
    settings = notify_settings(tmp_path, yaml, **overrides)
    return build_dispatcher(settings, engine, clock=StepClock()).run()


def test_email_arrives_with_chinese_subject_and_body_once_per_recipient(
    sqlite_engine: Engine, smtp_receiver: SmtpReceiver, tmp_path: Path
) -> None:
    (key,) = queue(sqlite_engine, role="police_liaison")
    to = ("gongan@example.gov.cn", "jianchayuan@example.gov.cn")
    report = dispatch(sqlite_engine, tmp_path, routes(police_liaison=[smtp_receiver.url(*to)]))

    assert report.sent == 1
    assert sorted(m.recipients for m in smtp_receiver.mails) == [(to[0],), (to[1],)]
    for mail in smtp_receiver.mails:
        assert mail.message["Subject"] == SUBJECT
        assert "移送示例县公安局，并抄送示例县人民检察院" in mail.text
        assert "公安联络人" in mail.text
        assert str(mail.message["From"]).startswith("示例县市场监督管理局")
        assert mail.message.get_all("Message-ID") == [f"<{idempotency_key(key)}@127.0.0.1>"]


def test_a_500_is_answered_by_a_later_successful_retry(
    sqlite_engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    (key,) = queue(sqlite_engine)
    http_receiver.script("/hook", Answer(500))
    report = dispatch(sqlite_engine, tmp_path, routes(head=[http_receiver.url("/hook")]))

    assert (report.sent, report.dead) == (1, 0)
    assert [r.key for r in http_receiver.requests_to("/hook")] == [idempotency_key(key)] * 2
    delivered = http_receiver.delivered[("/hook", idempotency_key(key))]
    assert delivered.payload["title"] == SUBJECT
    assert "抄送示例县人民检察院" in delivered.payload["message"]
    detail = show_message(sqlite_engine, 1)
    assert detail.row["status"] == OutboxStatus.SENT and detail.row["attempts"] == 2
    assert [a["ok"] for a in detail.attempts] == [False, True]
    assert "HTTP 500" in detail.attempts[0]["error"]


def test_a_dead_endpoint_ends_in_dead_letter_after_the_configured_attempts(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    queue(sqlite_engine)
    with __import__("socket").socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    yaml = routes(head=[f"json://127.0.0.1:{dead_port}/hook"])
    report = dispatch(sqlite_engine, tmp_path, yaml, notify_max_attempts=4)

    assert (report.sent, report.dead, report.retrying) == (0, 1, 3)
    detail = show_message(sqlite_engine, 1)
    assert detail.row["status"] == OutboxStatus.DEAD and detail.row["attempts"] == 4
    assert len(detail.attempts) == 4 and not any(a["ok"] for a in detail.attempts)
    assert detail.row["last_error"].startswith("已尝试 4 次，转入死信")


def test_a_4xx_is_permanent_and_not_retried(
    sqlite_engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    queue(sqlite_engine)
    http_receiver.script("/hook", Answer(404), Answer(404))
    report = dispatch(sqlite_engine, tmp_path, routes(head=[http_receiver.url("/hook")]))

    assert (report.dead, len(http_receiver.requests)) == (1, 1)
    assert "永久性失败" in show_message(sqlite_engine, 1).row["last_error"]


def test_429_rate_limited_is_retried(
    sqlite_engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    queue(sqlite_engine)
    http_receiver.script("/hook", Answer(429))
    report = dispatch(sqlite_engine, tmp_path, routes(head=[http_receiver.url("/hook")]))
    assert (report.sent, len(http_receiver.requests)) == (1, 2)


def test_a_timeout_that_was_delivered_is_not_delivered_twice_to_a_deduplicating_receiver(
    sqlite_engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    (key,) = queue(sqlite_engine)
    # The receiver takes the message in, then answers after the sender stopped waiting.
    http_receiver.script("/slow", Answer(200, delay=1.5))
    url = http_receiver.url("/slow", rto="0.5")
    report = dispatch(sqlite_engine, tmp_path, routes(head=[url]))

    assert report.sent == 1
    assert len(http_receiver.requests_to("/slow")) == 2  # the sender could not know
    assert list(http_receiver.delivered) == [("/slow", idempotency_key(key))]
    assert http_receiver.duplicates == 1  # the retry, recognised by its key and dropped


def test_a_channel_that_accepted_is_not_sent_the_message_again_when_another_is_retried(
    sqlite_engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    queue(sqlite_engine)
    http_receiver.script("/flaky", Answer(503))
    yaml = routes(head=[http_receiver.url("/steady"), http_receiver.url("/flaky")])
    report = dispatch(sqlite_engine, tmp_path, yaml)

    assert report.sent == 1
    assert len(http_receiver.requests_to("/steady")) == 1
    assert len(http_receiver.requests_to("/flaky")) == 2
    assert http_receiver.duplicates == 0


def test_one_message_per_recipient_role_each_with_its_own_key(
    sqlite_engine: Engine, http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    keys = queue(sqlite_engine, role="police_liaison") + queue(
        sqlite_engine, role="procuratorate_liaison"
    )
    yaml = routes(
        police_liaison=[http_receiver.url("/police")],
        procuratorate_liaison=[http_receiver.url("/procuratorate")],
    )
    dispatch(sqlite_engine, tmp_path, yaml)
    assert [r.key for r in http_receiver.requests_to("/police")] == [idempotency_key(keys[0])]
    assert [r.key for r in http_receiver.requests_to("/procuratorate")] == [
        idempotency_key(keys[1])
    ]
    assert "检察联络人" in http_receiver.requests_to("/procuratorate")[0].payload["message"]


def test_a_role_without_channels_is_written_to_the_local_sink(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    import json

    (key,) = queue(sqlite_engine, role="head")
    settings = notify_settings(tmp_path, None)  # the bundled notify.yaml: no channels
    report = build_dispatcher(settings, sqlite_engine, clock=StepClock()).run()

    assert report.sent == 1
    lines = settings.notifications_file.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    assert (record["role"], record["subject"]) == ("head", SUBJECT)
    assert record["idempotency_key"] == idempotency_key(key)
    with sqlite_engine.connect() as conn:
        from ipflow.notify.outbox_claims import ATTEMPTS

        (channel,) = conn.execute(select(ATTEMPTS.c.channel)).scalars()
    assert channel.startswith("local（本地文件")
