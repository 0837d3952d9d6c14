"""The Notifier adapter over Apprise.

Each channel's URL is parsed into an Apprise plugin once (parsing costs more than the
send to a local sink) and kept for the life of the notifier, so per-channel state such
as Apprise's throttle carries over between messages. The idempotency key differs per
message: it is set as the ``X-Ipflow-Idempotency-Key`` header on plugins whose schema
takes headers (webhooks, e-mail, the local sink) just before each send; ipflow's e-mail
plugin turns it into the Message-ID. Apprise's own retries stay off (``retry=0`` is its
default): the dispatcher retries with backoff and records every attempt. One notifier
serves one dispatcher thread.

A message's documents (:class:`~ipflow.notify.port.Attachment`) go to e-mail channels
only, under their ASCII names; robots and webhooks get the text alone. A document that
is missing or altered fails the e-mail channel permanently, as does a mail server whose
TLS certificate cannot be verified (only new settings fix either).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import apprise
from apprise.attachment.file import AttachFile
from apprise.plugins.base import NotifyBase

from ipflow.notify.attachments import attachment_problem
from ipflow.notify.failures import http_status_in, is_permanent_status, redact
from ipflow.notify.plugins import EMAIL_SCHEMAS, HEADER_SCHEMAS, register_plugins
from ipflow.notify.plugins.email_tls import CERTIFICATE_FAILED
from ipflow.notify.port import (
    IDEMPOTENCY_HEADER,
    Attachment,
    Channel,
    ChannelResult,
    OutgoingMessage,
)


def takes_headers(url: str) -> bool:
    return urlsplit(url).scheme.lower() in HEADER_SCHEMAS


def takes_attachments(url: str) -> bool:
    return urlsplit(url).scheme.lower() in EMAIL_SCHEMAS


class AppriseNotifier:
    """Send through Apprise; classify each failure as transient or permanent."""

    def __init__(self, *, timeout_seconds: float = 0) -> None:
        register_plugins()
        self._timeout = timeout_seconds  # 0: each plugin's own socket timeouts apply
        self._asset = apprise.AppriseAsset(app_id="ipflow", app_desc="ipflow")
        self._plugins: dict[str, NotifyBase | None] = {}

    def _plugin(self, url: str) -> NotifyBase | None:
        if url not in self._plugins:
            self._plugins[url] = apprise.Apprise.instantiate(url, asset=self._asset)
        return self._plugins[url]

    def send(self, message: OutgoingMessage, channels: Sequence[Channel]) -> list[ChannelResult]:
        return [self._send_one(message, channel) for channel in channels]

    def _send_one(self, message: OutgoingMessage, channel: Channel) -> ChannelResult:
        plugin = self._plugin(channel.url)
        if plugin is None:
            return ChannelResult(
                channel, ok=False, permanent=True, error="渠道地址无效：Apprise 无法解析该地址"
            )
        attach = None
        if message.attachments and takes_attachments(channel.url):
            problems = [p for p in map(attachment_problem, message.attachments) if p]
            if problems:
                return ChannelResult(channel, ok=False, permanent=True, error="；".join(problems))
            attach = self._attachments(message.attachments)
        headers = getattr(plugin, "headers", None)
        if takes_headers(channel.url) and isinstance(headers, dict):
            headers[IDEMPOTENCY_HEADER] = message.idempotency_key
        sender = apprise.Apprise(asset=self._asset)
        sender.add(plugin)
        result = sender.notify(
            body=message.body,
            title=message.subject,
            body_format=apprise.NotifyFormat.TEXT,
            attach=attach,
            timeout=self._timeout,
        )
        if result:
            return ChannelResult(channel, ok=True)
        logs = [entry.message for service in result for entry in service.logs()]
        status = http_status_in(logs)
        detail = "；".join(dict.fromkeys(logs)) or f"Apprise 报告发送失败（{result.status.name}）"
        prefix = f"HTTP {status}：" if status is not None else ""
        untrusted = any(CERTIFICATE_FAILED in line for line in logs)
        return ChannelResult(
            channel,
            ok=False,
            permanent=is_permanent_status(status) or untrusted,
            error=redact(prefix + detail, (*channel.secrets, channel.url)),
        )

    def _attachments(self, documents: Sequence[Attachment]) -> apprise.AppriseAttachment:
        """Each document under its ASCII name (Apprise would use the file's own)."""
        attach = apprise.AppriseAttachment(asset=self._asset)
        for document in documents:
            attach.add(AttachFile(str(document.path), name=document.name))
        return attach
