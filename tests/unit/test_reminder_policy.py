"""The reminder policy (config/rules/reminders.yaml): which rung a deadline has reached,
which escalations are due, and a malformed file refused at its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError
from ipflow.services.reminder_policy import load_reminder_policy
from ipflow.settings import bundled_config_dir

POLICY = load_reminder_policy(bundled_config_dir() / "rules")

RUNGS = [
    # (working days left, rung reached: the nearest one, never a stale one)
    (9, None), (8, None), (7, 7), (5, 7), (4, 7), (3, 3), (2, 3), (1, 1), (0, 0), (-1, None),
]  # fmt: skip


@pytest.mark.parametrize(("left", "rung"), RUNGS)
def test_the_nearest_rung_reached(left: int, rung: int | None) -> None:
    assert POLICY.reminder_rung(left) == rung


def test_escalation_goes_to_the_officer_then_the_head() -> None:
    assert POLICY.escalations_due(0)[0].roles == (Role.CASE_OFFICER,)
    assert [e.rung for e in POLICY.escalations_due(1)] == ["T+0"]
    assert [(e.rung, e.roles) for e in POLICY.escalations_due(2)] == [
        ("T+0", (Role.CASE_OFFICER,)),
        ("T+2", (Role.HEAD,)),
    ]


def test_the_calendar_warning_starts_on_1_november() -> None:
    warning = POLICY.calendar_warning
    assert warning is not None and warning.roles == (Role.ADMINISTRATOR,)
    assert not warning.applies(date(2026, 10, 31)) and warning.applies(date(2026, 11, 1))


def test_rungs_out_of_order_are_refused_naming_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "reminders.yaml").write_text(
        "version: 1\nrungs: [1, 3]\nrecipients: [case_officer]\n", encoding="utf-8"
    )
    with pytest.raises(ConfigurationError, match=r"reminders.yaml.*第2行.*rungs.*从大到小"):
        load_reminder_policy(tmp_path)
