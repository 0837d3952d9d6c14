"""The wall clock: the one place ipflow asks what time it is now (UTC).

Services read it through ``ServiceEnv.clock`` and the CLI through this module, looked up
at each call, so a test can set the time of an installation (``monkeypatch.setattr``)
without touching the code under test.
"""

from __future__ import annotations

from datetime import UTC, datetime


def wall_clock() -> datetime:
    return datetime.now(UTC)
