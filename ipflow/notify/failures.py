"""Is a failed delivery worth retrying, and what may be written about it.

Apprise's ``notify()`` returns False rather than raising, and its HTTP plugins put the
status code only in a log line (``… error=404.``), captured per service in the result.
Permanent: the channel address cannot be parsed, or the receiver answered 4xx other than
408 (timeout) and 429 (rate limited): the same request will be refused again. Everything
else (5xx, connection refused, timeout) is transient. A timeout is transient although
the message may have arrived: the retry carries the same idempotency key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ipflow.redaction import redact_secrets

_STATUS = re.compile(r"\berror=(\d{3})\b")
RETRYABLE_4XX = frozenset({408, 429})
MAX_ERROR_CHARS = 500


def http_status_in(messages: Iterable[str]) -> int | None:
    """The last HTTP status code reported by an Apprise plugin, if any."""
    found: int | None = None
    for message in messages:
        for match in _STATUS.finditer(message):
            found = int(match.group(1))
    return found


def is_permanent_status(status: int | None) -> bool:
    return status is not None and 400 <= status < 500 and status not in RETRYABLE_4XX


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every form of every secret and every URL credential as ``****``.

    Cut to :data:`MAX_ERROR_CHARS` after redaction, so no secret is cut in half first.
    """
    return redact_secrets(text, secrets)[:MAX_ERROR_CHARS]
