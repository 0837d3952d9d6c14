"""The SMTP connection of ipflow's e-mail channels: STARTTLS or implicit TLS, verified.

Apprise opens the connection with ``ssl.create_default_context()``: the system's CA
store, or no verification at all with ``verify=no``. A bureau's mail server on an
internal (e-government) network usually has a certificate from the bureau's own CA, so
ipflow adds a per-channel ``cafile=/path/ca.pem``: that CA file alone is trusted for the
channel, with the certificate and host name still checked. ``verify=no`` stays
available as an explicit, per-channel opt-out (``ipflow notify check`` warns about it);
verification is always the default.

Apprise builds its connection inside ``NotifyEmail.send`` from a class looked up in its
module; :func:`install` puts :class:`VerifiedSmtpConnection` there, and a context
variable carries the channel's ``cafile`` from ``send`` to the connection (same thread).
A failed verification is reported in words an administrator can act on.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from contextvars import ContextVar
from typing import Any

import apprise.plugins.email.base as email_base
from apprise.exception import AppriseImproperlyConfigured
from apprise.logger import logger
from apprise.plugins.email.smtp import (
    SMTP_EXCEPTIONS,
    SMTP_SECURE_MODES,
    AppriseSMTPController,
    SMTPSecureMode,
)

channel_cafile: ContextVar[str | None] = ContextVar("ipflow_smtp_cafile", default=None)

CERTIFICATE_FAILED = "TLS 证书校验失败"  # a permanent failure: only new settings fix it
CERTIFICATE_HINT = (
    CERTIFICATE_FAILED + "（{reason}）：请在渠道地址中用 cafile=/路径/ca.pem 指定"
    "签发该邮件服务器证书的 CA 证书"
)


def tls_context(cafile: str | None, verify: bool) -> ssl.SSLContext:
    """Certificate and host name checked against ``cafile`` alone, or the system CAs."""
    context = ssl.create_default_context(cafile=cafile)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class VerifiedSmtpConnection(AppriseSMTPController):
    """Apprise's SMTP connection, with the channel's ``cafile`` trusted."""

    def __enter__(self) -> VerifiedSmtpConnection:
        if self.secure_mode not in SMTP_SECURE_MODES:
            raise AppriseImproperlyConfigured(f"Invalid SMTP secure mode: {self.secure_mode!r}")
        context = tls_context(channel_cafile.get(), self.verify_certificate)
        connection: smtplib.SMTP | None = None
        try:
            if self.secure_mode == SMTPSecureMode.SSL:
                connection = smtplib.SMTP_SSL(
                    self.host, self.port, None, timeout=self.socket_connect_timeout, context=context
                )
            else:
                connection = smtplib.SMTP(
                    self.host, self.port, None, timeout=self.socket_connect_timeout
                )
                if self.secure_mode == SMTPSecureMode.STARTTLS:
                    connection.starttls(context=context)
            if self.user and self.password:
                connection.login(self.user, self.password)
        except ssl.SSLCertVerificationError as exc:
            logger.warning(CERTIFICATE_HINT.format(reason=exc.verify_message))
            self._close(connection)
            raise
        except SMTP_EXCEPTIONS:
            self._close(connection)
            raise
        self._socket = connection  # type: ignore[assignment]  # Apprise declares it None
        return self

    @staticmethod
    def _close(connection: smtplib.SMTP | None) -> None:
        if connection is not None:
            with contextlib.suppress(*SMTP_EXCEPTIONS):
                connection.quit()


def install() -> None:
    """Make Apprise's e-mail plugin connect through :class:`VerifiedSmtpConnection`."""
    module: Any = email_base
    module.AppriseSMTPController = VerifiedSmtpConnection
