"""E-mail (``mailto://``, ``mailtos://``) whose Message-ID is the idempotency key.

Apprise's e-mail plugin always sets a random ``Message-ID`` after the caller's headers
(a second one would make the message malformed). ipflow registers this subclass for the
same schemas: when the message carries ``X-Ipflow-Idempotency-Key``, the Message-ID is
``<key@smtp-host>``, identical on every retry, so a mail system that deduplicates on
Message-ID (and a reader's client) sees one message. Apprise builds the message inside
``send`` on the calling thread, so a context variable scopes the choice to this send.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import apprise.plugins.email.base as email_base
from apprise.plugins.email import NotifyEmail

from ipflow.notify.port import IDEMPOTENCY_HEADER

_message_id: ContextVar[str | None] = ContextVar("ipflow_message_id", default=None)
_random_msgid = email_base.make_msgid


def _make_msgid(idstring: str | None = None, domain: str | None = None) -> str:
    chosen = _message_id.get()
    if chosen is not None:
        return f"<{chosen}@{domain or 'ipflow'}>"
    return _random_msgid(idstring=idstring, domain=domain)


class NotifyIpflowEmail(NotifyEmail):
    """Apprise's e-mail with a Message-ID derived from ipflow's idempotency key.

    Apprise's own throttle (5.5 s between two messages on one channel) is off: the
    dispatcher keeps each channel's ``rate_limit`` instead, across messages and processes.
    """

    request_rate_per_sec = 0

    def send(self, *args: Any, **kwargs: Any) -> bool:
        token = _message_id.set(self.headers.get(IDEMPOTENCY_HEADER))
        try:
            return bool(super().send(*args, **kwargs))
        finally:
            _message_id.reset(token)


def install() -> None:
    """Route Apprise's Message-ID through :func:`_make_msgid` (idempotent)."""
    email_base.make_msgid = _make_msgid
