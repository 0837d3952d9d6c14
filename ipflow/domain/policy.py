"""Policies a bureau chooses where the law leaves room (DOMAIN.md, "Policies ipflow applies")."""

from __future__ import annotations

from enum import StrEnum


class DayCountPolicy(StrEnum):
    """How Decree 310's "3日" periods are counted (DOMAIN.md §2.1, tag U).

    Decree 310 has no day-counting rule of its own; 行政处罚法 Art. 85 makes "三日"
    working days only within that law. Calendar days are the stricter reading and
    the default; the working-day reading is then shown as the outer bound.
    """

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
