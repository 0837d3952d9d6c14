"""The sign-in rules: password policy, lockout, session timeouts."""

from datetime import UTC, datetime, timedelta

import pytest

from ipflow.domain.accounts import SessionTimes, check_password, locked_until
from ipflow.errors import RuleViolation

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("password", ["Abcdefghi1", "abcdefgh1!", "ABCDEFGH1!", "口令口令口令Aa1x"])
def test_passwords_meeting_the_policy_pass(password: str) -> None:
    check_password(password)


@pytest.mark.parametrize(
    ("password", "text"),
    [("Abc1!", "至少 10 位"), ("abcdefghij1", "至少三类"), ("ABCDEFGHIJ", "至少三类")],
)
def test_weak_passwords_are_refused_in_chinese(password: str, text: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        check_password(password)
    assert text in raised.value.zh


def test_five_failures_within_fifteen_minutes_lock() -> None:
    four = [NOW - timedelta(minutes=m) for m in (1, 2, 3, 4)]
    assert locked_until(four, NOW) is None
    five = [*four, NOW - timedelta(minutes=10)]
    assert locked_until(five, NOW) == NOW + timedelta(minutes=14)
    old = [*four, NOW - timedelta(minutes=16)]
    assert locked_until(old, NOW) is None


def test_sessions_expire_idle_or_absolute() -> None:
    fresh = SessionTimes(started=NOW - timedelta(hours=1), last_seen=NOW - timedelta(minutes=29))
    assert not fresh.expired(NOW)
    assert SessionTimes(NOW - timedelta(hours=1), NOW - timedelta(minutes=30)).expired(NOW)
    assert SessionTimes(NOW - timedelta(hours=12), NOW).expired(NOW)
