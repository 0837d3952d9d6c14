"""Argon2id hashing: policy first, the right password verifies, a wrong one does not, cost in range."""

import pytest

from ipflow.errors import RuleViolation
from ipflow.services.passwords import hash_password, measure, verify_password


def test_hash_verifies_only_the_right_password() -> None:
    stored = hash_password("Abcdefghi1!")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "Abcdefghi1!")
    assert not verify_password(stored, "Abcdefghi2!")
    assert not verify_password("not-a-hash", "Abcdefghi1!")


def test_weak_password_is_refused_before_hashing() -> None:
    with pytest.raises(RuleViolation):
        hash_password("short")


def test_cost_is_at_least_fifty_milliseconds() -> None:
    assert measure(rounds=2) >= 50
