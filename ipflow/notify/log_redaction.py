"""Channel secrets never reach a log, whatever the level.

At DEBUG, Apprise's own robot plugins log their tokens, and urllib3 logs every request
line — for DingTalk and WeCom the query carries ``access_token`` / ``key``. ipflow's
plugins log no secret, but the libraries beneath them do. :func:`guard_secrets` adds a
filter to those libraries' loggers (a logger's filters see its records before any
handler, whichever handler a deployment adds later) that replaces every known secret
value in the formatted message by ``****``. Secrets are added as channels are loaded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

# Loggers that see channel URLs or credentials (records are filtered where they are made).
GUARDED_LOGGERS = (
    "apprise",
    "urllib3",
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.util.retry",
    "requests",
    "ipflow",
    "ipflow.notify",
)


class SecretFilter(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secrets: Iterable[str]) -> None:
        with self._lock:
            self._secrets.update(s for s in secrets if len(s) >= 3)

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = self._secrets
        if not secrets:
            return True
        message = record.getMessage()
        if any(secret in message for secret in secrets):
            record.msg = _without(message, secrets)
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            text = str(record.exc_info[1])
            if any(secret in text for secret in secrets):
                record.exc_info = None  # a traceback would repeat the secret
                record.exc_text = None
        return True


def _without(message: str, secrets: Iterable[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, "****")
    return message


_filter = SecretFilter()
_installed = False
_install_lock = threading.Lock()


def guard_secrets(secrets: Iterable[str]) -> None:
    """Redact ``secrets`` from the records of :data:`GUARDED_LOGGERS` from now on."""
    global _installed
    _filter.add(secrets)
    with _install_lock:
        if not _installed:
            for name in GUARDED_LOGGERS:
                logging.getLogger(name).addFilter(_filter)
            _installed = True
