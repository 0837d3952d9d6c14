"""Per-channel rate limits: at most N messages to a channel in any window (a minute).

A DingTalk robot accepts about 20 messages a minute and then refuses (errcode 130101)
for a while; WeCom's limit is the same. The dispatcher asks :meth:`RateLimiter.acquire`
before each send; a full window defers the message (not a failed attempt) to the moment
a slot frees. The window is a sliding one over the times of the sends made.

A channel's first use seeds its window from the record of attempts (``history``), so a
dispatcher started right after another (each scheduled run is a new process) counts
what the previous one sent. Two dispatchers running at the same moment each keep their
own count: run one dispatcher per robot-heavy installation if the limit must be exact.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from ipflow.notify.port import Channel

History = Callable[[str, datetime], Iterable[datetime]]  # (channel name, since) → send times


class RateLimiter:
    def __init__(self, window: timedelta, history: History | None = None) -> None:
        self.window = window
        self._history = history
        self._sent: dict[str, deque[datetime]] = {}

    def _times(self, channel: Channel, now: datetime) -> deque[datetime]:
        times = self._sent.get(channel.name)
        if times is None:
            seeded = self._history(channel.name, now - self.window) if self._history else ()
            times = self._sent[channel.name] = deque(sorted(seeded))
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def acquire(self, channel: Channel, now: datetime) -> datetime | None:
        """Take a slot for one send at ``now``: None if granted, else when one frees."""
        if channel.rate_limit is None:
            return None
        times = self._times(channel, now)
        if len(times) < channel.rate_limit:
            times.append(now)
            return None
        return times[len(times) - channel.rate_limit] + self.window

    def describe(self, channel: Channel) -> str:
        seconds = self.window.total_seconds()
        per = "每分钟" if seconds == 60 else f"每{seconds:g}秒"
        return f"{channel.name}{per}最多{channel.rate_limit}条"
