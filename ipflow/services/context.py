"""What every service needs besides the transaction: rules, calendar, audit key, clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from ipflow.domain import act_times
from ipflow.domain.act_times import DEFAULT_LATE_ENTRY_WORKING_DAYS, DEFAULT_TOLERANCE
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_rules import RuleBook
from ipflow.domain.policy import DayCountPolicy
from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.loaders.calendar_files import build_calendar
from ipflow.loaders.deadline_rules_file import load_rule_book_for
from ipflow.loaders.procedure_rules_file import load_procedure_rules
from ipflow.services import clock
from ipflow.services.outbox_intents import NotificationIntents, load_notification_intents
from ipflow.settings import Settings
from ipflow.store.audit import AuditChain
from ipflow.store.keys import audit_chain


def _utc_now() -> datetime:
    return clock.wall_clock()  # looked up at each call (tests may set the wall clock)


@dataclass(frozen=True)
class ServiceEnv:
    """Loaded once per process and handed to every service call."""

    chain: AuditChain
    procedure_rules: ProcedureRules
    rule_book: RuleBook
    calendar: WorkingDayCalendar
    intents: NotificationIntents
    timezone: tzinfo
    day_policy: DayCountPolicy = DayCountPolicy.CALENDAR_DAYS
    clock: Callable[[], datetime] = field(default=_utc_now)  # recorded_at of audit rows
    future_tolerance: timedelta = DEFAULT_TOLERANCE  # an act later than clock() + this: refused
    late_entry_working_days: int = DEFAULT_LATE_ENTRY_WORKING_DAYS  # 补录 beyond this

    @classmethod
    def from_settings(cls, settings: Settings) -> ServiceEnv:
        return cls(
            chain=audit_chain(settings),
            procedure_rules=load_procedure_rules(settings.rules_dir),
            rule_book=load_rule_book_for(settings),
            calendar=build_calendar(settings),
            intents=load_notification_intents(settings.rules_dir),
            timezone=ZoneInfo(settings.timezone),
            day_policy=settings.decree310_day_unit,
            future_tolerance=timedelta(minutes=settings.future_act_tolerance_minutes),
            late_entry_working_days=settings.late_entry_working_days,
        )

    def refuse_future(self, label_zh: str, moment: datetime | date) -> None:
        """The one rule of act dates (:func:`ipflow.domain.act_times.refuse_future`) at now."""
        act_times.refuse_future(
            label_zh, moment, self.clock(), self.timezone, self.future_tolerance
        )

    def is_late_entry(self, occurred_at: datetime, recorded_at: datetime) -> bool:
        """补录: recorded more than ``late_entry_working_days`` working days after the act."""
        return act_times.is_late_entry(
            occurred_at, recorded_at, self.calendar, self.timezone, self.late_entry_working_days
        )

    def local_date(self, at: datetime) -> datetime:
        """``at`` in the bureau's time zone (its ``.date()`` is the bureau's day)."""
        return at.astimezone(self.timezone)
