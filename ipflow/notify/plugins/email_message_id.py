"""E-mail (``mailto://``, ``mailtos://``): Message-ID from the idempotency key, a CA file.

Apprise's e-mail plugin always sets a random ``Message-ID`` after the caller's headers
(a second one would make the message malformed). ipflow registers this subclass for the
same schemas: when the message carries ``X-Ipflow-Idempotency-Key``, the Message-ID is
``<key@smtp-host>``, identical on every retry, so a mail system that deduplicates on
Message-ID (and a reader's client) sees one message. Apprise builds the message inside
``send`` on the calling thread, so a context variable scopes the choice to this send.

``cafile=/path/ca.pem`` (per channel): the CA that signed the mail server's certificate,
trusted alone for this channel (see :mod:`ipflow.notify.plugins.email_tls`).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import apprise.plugins.email.base as email_base
from apprise.plugins.email import NotifyEmail

from ipflow.notify.plugins import email_tls
from ipflow.notify.plugins.email_tls import channel_cafile
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

    template_args = dict(  # noqa: RUF012  (Apprise's own class attribute, extended)
        NotifyEmail.template_args,
        cafile={"name": "CA certificate file (PEM)", "type": "string"},
    )

    def __init__(self, cafile: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cafile = cafile or None

    def send(self, *args: Any, **kwargs: Any) -> bool:
        token = _message_id.set(self.headers.get(IDEMPOTENCY_HEADER))
        trusted = channel_cafile.set(self.cafile)
        try:
            return bool(super().send(*args, **kwargs))
        finally:
            channel_cafile.reset(trusted)
            _message_id.reset(token)

    def url(self, privacy: bool = False, *args: Any, **kwargs: Any) -> str:
        url = str(super().url(privacy, *args, **kwargs))
        if self.cafile is None:
            return url
        return url + ("&" if "?" in url else "?") + "cafile=" + self.quote(self.cafile, safe="/")

    @staticmethod
    def parse_url(url: str) -> dict[str, Any] | None:  # type: ignore[override]
        results: dict[str, Any] | None = NotifyEmail.parse_url(url)
        if results and results["qsd"].get("cafile"):
            results["cafile"] = results["qsd"]["cafile"]
        return results


def install() -> None:
    """Route Apprise's Message-ID through :func:`_make_msgid`, its SMTP connection through
    ipflow's (idempotent)."""
    email_base.make_msgid = _make_msgid
    email_tls.install()
