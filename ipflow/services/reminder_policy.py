"""The bureau's reminder policy (``config/rules/reminders.yaml``) and which rung is due.

A policy, not law: see the file's header for the rationale. ``reminder_rung`` and
``escalations_due`` are plain functions of working-day counts (tested without a
database); the sweep turns their answers into outbox rows under unique keys.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError, InputError
from ipflow.loaders.yamlfile import load_yaml_model

REMINDERS_FILE = "reminders.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Escalation(_Frozen):
    overdue_working_days: int = Field(ge=0)
    roles: tuple[Role, ...] = Field(min_length=1)

    @property
    def rung(self) -> str:
        return f"T+{self.overdue_working_days}"


class CalendarWarning(_Frozen):
    from_month: int = Field(ge=1, le=12)
    from_day: int = Field(ge=1, le=31)
    roles: tuple[Role, ...] = Field(min_length=1)

    def applies(self, today: date) -> bool:
        return (today.month, today.day) >= (self.from_month, self.from_day)


class ReminderPolicy(_Frozen):
    version: Literal[1]
    rungs: tuple[int, ...] = Field(min_length=1)
    recipients: tuple[Role, ...] = Field(min_length=1)
    escalations: tuple[Escalation, ...] = ()
    calendar_warning: CalendarWarning | None = None

    @field_validator("rungs")
    @classmethod
    def _descending(cls, rungs: tuple[int, ...]) -> tuple[int, ...]:
        if any(r < 0 for r in rungs) or list(rungs) != sorted(set(rungs), reverse=True):
            raise ValueError("提醒档次须为不重复的非负整数，按从大到小排列（如 [7, 3, 1, 0]）")
        return rungs

    def reminder_rung(self, working_days_left: int) -> int | None:
        """The nearest rung reached with ``working_days_left`` (None: none yet, or overdue)."""
        reached = [r for r in self.rungs if 0 <= working_days_left <= r]
        return min(reached) if reached else None

    def escalations_due(self, overdue_working_days: int) -> list[Escalation]:
        """Every escalation reached by a deadline overdue by that many working days."""
        return [e for e in self.escalations if overdue_working_days >= e.overdue_working_days]


def load_reminder_policy(rules_dir: Path) -> ReminderPolicy:
    path = rules_dir / REMINDERS_FILE
    try:
        return load_yaml_model(path, ReminderPolicy)
    except ConfigurationError:
        raise
    except InputError as exc:
        context = {k: v for k, v in exc.context.items() if k != "source"}
        raise ConfigurationError(
            f"提醒规则配置有误：{exc.zh}",
            exc.en or "reminder policy file is invalid",
            source=exc.context.get("source") or str(path),
            **context,
        ) from None
