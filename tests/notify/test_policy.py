"""Retry policy and failure classes: worked examples."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from ipflow.notify.backoff import RetryPolicy
from ipflow.notify.failures import http_status_in, is_permanent_status, redact


@pytest.mark.parametrize(
    ("logs", "status", "permanent"),
    [
        (["Failed to send JSON POST notification: Page not found., error=404."], 404, True),
        (["Failed to send JSON POST notification: Unauthorized., error=401."], 401, True),
        (["Failed to send ... error=429."], 429, False),  # rate limited: later
        (["Failed to send ... error=408."], 408, False),  # request timeout: later
        (["Failed to send ... error=500."], 500, False),
        (["A Connection error occurred sending JSON notification to 127.0.0.1."], None, False),
    ],
)
def test_only_4xx_other_than_408_and_429_is_permanent(
    logs: list[str], status: int | None, permanent: bool
) -> None:
    assert http_status_in(logs) == status
    assert is_permanent_status(http_status_in(logs)) is permanent


def test_backoff_doubles_with_jitter_within_bounds_and_is_capped() -> None:
    policy = RetryPolicy(max_attempts=5, base_seconds=30, max_seconds=300)
    rng = random.Random(7)
    for attempt, ceiling in [(1, 30), (2, 60), (3, 120), (4, 240), (5, 300), (9, 300)]:
        delays = [policy.delay(attempt, rng) for _ in range(200)]
        assert all(
            timedelta(seconds=ceiling / 2) <= d <= timedelta(seconds=ceiling) for d in delays
        )
        assert len(set(delays)) > 100  # jittered, not one fixed wait
    assert not policy.exhausted(4) and policy.exhausted(5)


def test_redaction_removes_secrets_and_url_credentials() -> None:
    text = "POST json://ipflow:pw123456@gw.example/tok-ABCDEF/x failed: tok-ABCDEF"
    assert redact(text, ["tok-ABCDEF"]) == "POST json://****@gw.example/****/x failed: ****"
