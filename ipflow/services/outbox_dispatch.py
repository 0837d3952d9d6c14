"""Deliver queued notifications: the dispatcher's parts chosen in one place.

The dispatcher itself (claim, render, route, mask, rate-limit, send, record, retry or
give up) is :class:`ipflow.notify.dispatcher.OutboxDispatcher`; its guarantee is **at
least once, with deduplication where the receiver allows it** (see that module).
Here: the channels of ``config/notify.yaml`` (secrets from the environment, guarded out
of every log), the templates, the per-row context (:mod:`message_context`), the retry
policy and the rate window from settings. ``ipflow notify test ROLE`` sends one test
message through a role's channels without the outbox.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from ipflow.loaders.calendar_files import build_calendar
from ipflow.loaders.deadline_rules_file import load_rule_book_for
from ipflow.notify.apprise_notifier import AppriseNotifier
from ipflow.notify.backoff import RetryPolicy
from ipflow.notify.channel_check import ChannelCheck, check_channel_file
from ipflow.notify.channel_file import load_channel_book
from ipflow.notify.channels import ChannelBook, Recipient
from ipflow.notify.directory import Directory
from ipflow.notify.dispatcher import DispatchReport, OutboxDispatcher, new_worker_id, utc_now
from ipflow.notify.log_redaction import guard_secrets
from ipflow.notify.outbox_claims import recent_sends
from ipflow.notify.port import ChannelResult, Notifier, OutgoingMessage, idempotency_key
from ipflow.notify.rate_limit import RateLimiter
from ipflow.notify.rendering import MessageRenderer
from ipflow.services.message_context import MessageContext
from ipflow.settings import Settings, environment_value

__all__ = [
    "DispatchReport",
    "OutboxDispatcher",
    "build_dispatcher",
    "channel_book_for",
    "check_notify_config",
    "renderer_for",
    "send_test_notice",
]


def channel_book_for(settings: Settings) -> ChannelBook:
    """The configured channels; with no notify.yaml at the default place, the local sink only.

    Every secret the channels resolved is guarded out of the logs from here on.
    """
    path = settings.notify_config_path
    if settings.notify_config_file is None and not path.exists():
        return ChannelBook(channels=(), sink_file=settings.notifications_file)
    book = load_channel_book(path, settings.notifications_file, environment_value)
    guard_secrets(book.secrets())
    return book


def check_notify_config(settings: Settings) -> ChannelCheck | None:
    """``ipflow notify check``: every problem of notify.yaml (None: no file, the local sink)."""
    path = settings.notify_config_path
    if settings.notify_config_file is None and not path.exists():
        return None
    return check_channel_file(path, settings.notify_templates_dir, environment_value)


def renderer_for(settings: Settings) -> MessageRenderer:
    return MessageRenderer(
        settings.notify_templates_dir,
        bureau_name=settings.bureau_name,
        timezone=ZoneInfo(settings.timezone),
    )


def context_for(settings: Settings, engine: Engine) -> MessageContext:
    return MessageContext(
        engine,
        rule_book=load_rule_book_for(settings),
        calendar=build_calendar(settings),
        timezone=ZoneInfo(settings.timezone),
        evidence_dir=settings.evidence_dir,
    )


def build_dispatcher(
    settings: Settings,
    engine: Engine,
    *,
    notifier: Notifier | None = None,
    clock: Callable[[], datetime] | None = None,
    worker_id: str | None = None,
    rng: random.Random | None = None,
) -> OutboxDispatcher:
    """The one place the dispatcher's parts are chosen (tests pass a clock or a worker id)."""
    return OutboxDispatcher(
        engine=engine,
        notifier=notifier or AppriseNotifier(),
        renderer=renderer_for(settings),
        channels=channel_book_for(settings),
        policy=RetryPolicy(
            max_attempts=settings.notify_max_attempts,
            base_seconds=settings.notify_backoff_base_seconds,
            max_seconds=settings.notify_backoff_max_seconds,
        ),
        lease=timedelta(seconds=settings.notify_lease_seconds),
        batch_size=settings.notify_batch_size,
        directory=Directory(engine),
        limiter=RateLimiter(
            timedelta(seconds=settings.notify_rate_window_seconds),
            history=partial(recent_sends, engine),
        ),
        context=context_for(settings, engine),
        worker_id=worker_id or new_worker_id(),
        clock=clock or utc_now,
        rng=rng or random.Random(),
    )


def send_test_notice(
    settings: Settings,
    role: str,
    *,
    engine: Engine | None = None,
    notifier: Notifier | None = None,
    now: datetime | None = None,
) -> list[ChannelResult]:
    """``ipflow notify test ROLE``: one test message to every channel of ``role``, no outbox.

    With ``engine``, per-officer e-mail channels reach each officer holding the role.
    """
    book = channel_book_for(settings)
    if engine is not None:
        recipient = Directory(engine).recipient({"recipient_role": role, "case_id": None})
    else:
        recipient = Recipient.of_role(role)
    channels = [d.channel for d in book.route(None, recipient)]  # whatever kinds they carry
    moment = now or utc_now()
    message = OutgoingMessage(
        subject=f"【{settings.bureau_name}】ipflow 测试通知",
        body=(
            f"这是一条测试通知，用于确认「{role}」的通知渠道可用。\n"
            f"发送时间：{moment.astimezone(ZoneInfo(settings.timezone)):%Y-%m-%d %H:%M:%S}\n"
            "收到即表示渠道配置正确，无需回复。"
        ),
        idempotency_key=idempotency_key(f"test|{role}|{moment.isoformat()}"),
        kind="test",
        recipient_role=role,
    )
    return (notifier or AppriseNotifier()).send(message, channels)
