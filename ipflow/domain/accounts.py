"""Sign-in rules, after 网络安全等级保护 2.0 level 3 (GB/T 22239-2019, 身份鉴别).

Pure: no clock (``now`` is passed in), no hashing, no storage. The web desk and
the ``ipflow account`` commands ask these functions; the store keeps the facts
(failures, session start and last use) they are asked about.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ipflow.errors import RuleViolation

MIN_PASSWORD_LENGTH = 10
MIN_CHARACTER_CLASSES = 3
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, other) the password uses."""
    upper = any(c.isupper() for c in password)
    lower = any(c.islower() for c in password)
    digit = any(c in string.digits for c in password)
    other = any(not (c.isalnum()) for c in password)
    return sum((upper, lower, digit, other))


def check_password(password: str) -> None:
    """Raise :class:`RuleViolation` unless the password meets the policy."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation(
            f"口令至少 {MIN_PASSWORD_LENGTH} 位（当前 {len(password)} 位）",
            f"password must have at least {MIN_PASSWORD_LENGTH} characters",
            field="password",
        )
    if character_classes(password) < MIN_CHARACTER_CLASSES:
        raise RuleViolation(
            "口令须包含大写字母、小写字母、数字、其他符号中的至少三类",
            "password must use three of: upper case, lower case, digits, symbols",
            field="password",
        )


def locked_until(failures: Iterable[datetime], now: datetime) -> datetime | None:
    """When the lock ends (15 min after the last failure) if 5 failures fell within 15 min.

    ``failures`` are the times of failed sign-ins since the last success.
    """
    recent = sorted(t for t in failures if now - t < LOCKOUT)
    if len(recent) < MAX_FAILURES:
        return None
    return recent[-1] + LOCKOUT


@dataclass(frozen=True)
class SessionTimes:
    """When a session began and when it was last used."""

    started: datetime
    last_seen: datetime

    def expired(self, now: datetime) -> bool:
        """True once idle for 30 minutes or 12 hours after it began."""
        return now - self.last_seen >= IDLE_TIMEOUT or now - self.started >= ABSOLUTE_TIMEOUT
