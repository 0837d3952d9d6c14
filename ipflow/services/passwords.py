"""Argon2id password hashing (argon2-cffi), with the cost tuned on the bureau's server.

time_cost=2, memory_cost=46 MiB, parallelism=1 measured 81 ms per verification on
the 2-core build machine (target 50–150 ms); ``bench/`` or :func:`measure` re-checks it.
"""

from __future__ import annotations

import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ipflow.domain.accounts import check_password

HASHER = PasswordHasher(time_cost=2, memory_cost=47104, parallelism=1)


def hash_password(password: str) -> str:
    """Check the policy, then return the Argon2id hash (the only form ever stored)."""
    check_password(password)
    return HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when ``password`` matches ``stored``; never raises for a wrong password."""
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was hashed with other parameters than today's."""
    return HASHER.check_needs_rehash(stored)


def measure(rounds: int = 5) -> float:
    """Milliseconds one verification takes here."""
    stored = HASHER.hash("Measure-1234")
    start = time.perf_counter()
    for _ in range(rounds):
        HASHER.verify(stored, "Measure-1234")
    return (time.perf_counter() - start) / rounds * 1000
