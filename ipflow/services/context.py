"""What every service needs besides the transaction: rules, calendar, audit key, clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_rules import RuleBook
from ipflow.domain.policy import DayCountPolicy
from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.loaders.calendar_files import build_calendar
from ipflow.loaders.deadline_rules_file import load_rule_book_for
from ipflow.loaders.procedure_rules_file import load_procedure_rules
from ipflow.services.outbox_intents import NotificationIntents, load_notification_intents
from ipflow.settings import Settings
from ipflow.store.audit import AuditChain
from ipflow.store.keys import audit_chain


def _utc_now() -> datetime:
    return datetime.now(UTC)


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
        )

    def local_date(self, at: datetime) -> datetime:
        """``at`` in the bureau's time zone (its ``.date()`` is the bureau's day)."""
        return at.astimezone(self.timezone)
