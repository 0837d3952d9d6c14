"""When to try a failed message again, and when to give up (dead letter).

Exponential backoff with "equal jitter": attempt n waits between half and all of
``base · 2^(n-1)`` (capped), so dispatchers retrying after a common outage spread out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_seconds: float = 30.0
    max_seconds: float = 3600.0

    def delay(self, attempts_made: int, rng: random.Random) -> timedelta:
        """How long to wait after the ``attempts_made``-th failed attempt (1-based)."""
        ceiling = min(self.max_seconds, self.base_seconds * 2 ** max(0, attempts_made - 1))
        return timedelta(seconds=ceiling / 2 + rng.random() * ceiling / 2)

    def exhausted(self, attempts_made: int) -> bool:
        return attempts_made >= self.max_attempts
