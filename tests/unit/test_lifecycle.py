"""The lifecycle machinery: tables are checked when they are built."""

from __future__ import annotations

from enum import StrEnum

import pytest

from ipflow.domain.campaigns import CAMPAIGN_LIFECYCLE
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE
from ipflow.domain.clue_lifecycle import CLUE_LIFECYCLE
from ipflow.domain.lifecycle import Lifecycle, Transition
from ipflow.domain.rectifications import RECTIFICATION_LIFECYCLE
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE
from ipflow.domain.roles import Role
from ipflow.errors import IllegalTransition

ALL = [
    CAMPAIGN_LIFECYCLE,
    CLUE_LIFECYCLE,
    CASE_LIFECYCLE,
    REFERRAL_LIFECYCLE,
    RECTIFICATION_LIFECYCLE,
]


class Door(StrEnum):
    OPEN = "open"
    SHUT = "shut"


def door(**overrides: object) -> Lifecycle[Door]:
    spec: dict[str, object] = {
        "kind": "door",
        "label_zh": "门",
        "states": Door,
        "state_labels": {Door.OPEN: "开", Door.SHUT: "关"},
        "command_labels": {"build": "建门", "shut": "关门"},
        "transitions": [
            Transition("build", (), Door.OPEN, (Role.HEAD,)),
            Transition("shut", (Door.OPEN,), Door.SHUT, (Role.HEAD,)),
        ],
        "deadlines": {},
    }
    return Lifecycle(**{**spec, **overrides})  # type: ignore[arg-type]


def test_a_well_formed_table_builds_and_adds_correct_everywhere() -> None:
    table = door()
    assert table.allowed_commands(Door.SHUT) == ["correct"]
    assert table.allowed_commands(None) == ["build"]
    assert table.is_terminal(Door.SHUT) and not table.is_terminal(Door.OPEN)


def test_a_missing_chinese_label_is_refused() -> None:
    with pytest.raises(ValueError, match=r"no Chinese label"):
        door(command_labels={"build": "建门"})


def test_a_deadline_in_a_terminal_state_is_refused() -> None:
    with pytest.raises(ValueError, match=r"terminal state shut has open deadlines"):
        door(deadlines={Door.SHUT: ("x.rule",)})


def test_a_command_declared_twice_from_one_state_is_refused() -> None:
    twice = [
        Transition("build", (), Door.OPEN, (Role.HEAD,)),
        Transition("shut", (Door.OPEN,), Door.SHUT, (Role.HEAD,)),
        Transition("shut", (Door.OPEN,), Door.OPEN, (Role.HEAD,)),
    ]
    with pytest.raises(ValueError, match=r"declared twice"):
        door(transitions=twice)


def test_an_unknown_command_is_an_illegal_transition() -> None:
    with pytest.raises(IllegalTransition, match=r"不能执行「fly」"):
        door().check(Door.OPEN, "fly", Role.HEAD)


@pytest.mark.parametrize("table", ALL, ids=[t.kind for t in ALL])
def test_every_shipped_table_labels_each_state_and_command(table: Lifecycle[StrEnum]) -> None:
    assert set(table.state_labels) == set(table.states)
    assert all(table.command_label(c) != c for c in table.commands())
    assert not any(table.deadlines_in(s) for s in table.states if table.is_terminal(s))
