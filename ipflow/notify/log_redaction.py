"""Channel secrets never reach a log, whatever the level or the logger.

At DEBUG, Apprise's own robot plugins log their tokens, and urllib3 logs every request
line — for DingTalk and WeCom the query carries ``access_token`` / ``key``; a secret
with a space or a ``/`` appears there percent-encoded, a basic-auth header base64. ipflow's
plugins log no secret, but the libraries beneath them do. :func:`guard_secrets` wraps
the log record factory, so every record of every logger (a child logger's records
never pass its parents' filters; a deployment may add any handler later) has every
form of every known secret (:func:`ipflow.redaction.secret_forms`) replaced by
``****`` in its message, its traceback and its stack before any handler sees it.
Records are made only when their level is enabled, so the cost falls on records that
are written. Secrets are added as channels are loaded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from ipflow.redaction import Redactor

_redactor = Redactor()
_lock = threading.Lock()
_installed = False
_formatter = logging.Formatter()


def redact_record(record: logging.LogRecord, redactor: Redactor = _redactor) -> None:
    """Rewrite ``record`` in place so that no form of a secret remains in it."""
    if not redactor:
        return
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: leave it to logging's own error handling
        return
    if redactor.finds(message):
        record.msg, record.args = redactor(message), None
    if record.exc_info and record.exc_info[1] is not None:
        text = record.exc_text or _formatter.formatException(record.exc_info)
        if redactor.finds(text):  # a traceback would repeat the secret: keep it, redacted
            record.exc_info, record.exc_text = None, redactor(text)
    elif record.exc_text and redactor.finds(record.exc_text):
        record.exc_text = redactor(record.exc_text)
    if record.stack_info and redactor.finds(record.stack_info):
        record.stack_info = redactor(record.stack_info)


def _guarding(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        redact_record(record)
        return record

    return make


def guard_secrets(secrets: Iterable[str]) -> None:
    """Redact every form of ``secrets`` from every log record from now on."""
    global _installed
    with _lock:
        _redactor.add(secrets)
        if not _installed:
            logging.setLogRecordFactory(_guarding(logging.getLogRecordFactory()))
            _installed = True
