"""责令整改 after an inspection: ordered → reinspected → completed, or escalated to a clue."""

from __future__ import annotations

from datetime import date

import pytest

from ipflow.domain.clues import Clue, ClueSource, ClueState
from ipflow.domain.inspections import InspectionOutcome
from ipflow.domain.rectifications import RECTIFICATION_LIFECYCLE, Rectification, RectificationState
from ipflow.errors import IllegalTransition, InputError, RoleNotAllowed, RuleViolation
from tests.unit.lifecycle_factories import HEAD, OFFICER, POLICE, SHOP, Clock, inspection

S = RectificationState


def ordered(clock: Clock) -> Rectification:
    rectification, _ = Rectification.order(
        OFFICER,
        clock.tick(),
        rectification_id="Z-2026-001",
        inspection=inspection(),
        requirements="撤下未经许可使用地理标志专用标志的包装",
        reinspection_days=10,
    )
    return rectification


def test_an_order_carries_the_deadline_and_the_campaign_reinspection_period() -> None:
    rectification = ordered(Clock())
    assert rectification.state is S.ORDERED
    assert (rectification.deadline, rectification.reinspection_days) == (date(2026, 3, 20), 10)
    assert rectification.open_deadline_rules() == ("campaign.reinspection",)
    assert rectification.target == SHOP and rectification.inspection_id == "I-2026-0042"


def test_compliant_on_reinspection_then_completed() -> None:
    clock = Clock()
    rectification = ordered(clock)
    rectification.record_reinspection(
        OFFICER, clock.tick(days=20), compliant=True, findings="已整改"
    )
    assert rectification.state is S.REINSPECTED and rectification.open_deadline_rules() == ()
    with pytest.raises(RuleViolation, match=r"复查已整改到位，无须转为线索"):
        rectification.escalate(OFFICER, clock.tick(), clue_id="X-9")
    rectification.complete(OFFICER, clock.tick())
    assert rectification.state is S.COMPLETED and RECTIFICATION_LIFECYCLE.is_terminal(S.COMPLETED)


def test_not_compliant_on_reinspection_is_escalated_to_a_clue() -> None:
    clock = Clock()
    rectification = ordered(clock)
    rectification.record_reinspection(
        OFFICER, clock.tick(days=20), compliant=False, findings="仍在使用"
    )
    with pytest.raises(RuleViolation, match=r"复查未整改到位，应转为线索"):
        rectification.complete(HEAD, clock.tick())
    clue, _ = Clue.receive(
        OFFICER, clock.tick(), clue_id="X-2026-077", source=ClueSource.INSPECTION,
        summary="责令整改逾期未改正", inspection_id=rectification.inspection_id,
    )  # fmt: skip
    rectification.escalate(HEAD, clock.tick(), clue_id=clue.id)
    assert rectification.state is S.ESCALATED and rectification.clue_id == "X-2026-077"
    assert clue.state is ClueState.RECEIVED


def test_steps_out_of_order_and_wrong_roles_are_refused() -> None:
    clock = Clock()
    rectification = ordered(clock)
    with pytest.raises(
        IllegalTransition,
        match=r"^责令整改当前状态为「整改中」，不能执行「确认整改完成」；当前可执行：登记复查结果",
    ):
        rectification.complete(OFFICER, clock.tick())
    with pytest.raises(RoleNotAllowed, match=r"「公安联络人」不能执行「登记复查结果」"):
        rectification.record_reinspection(POLICE, clock.tick(), compliant=True)


def test_only_an_inspection_that_ordered_rectification_starts_one() -> None:
    with pytest.raises(InputError, match=r"该检查未责令整改"):
        Rectification.order(
            OFFICER, Clock().tick(), rectification_id="Z-1",
            inspection=inspection(InspectionOutcome.COMPLIANT), requirements="x", reinspection_days=10,
        )  # fmt: skip


def test_a_wrong_deadline_is_corrected_and_replays() -> None:
    clock = Clock()
    rectification, events = Rectification.order(
        OFFICER, clock.tick(), rectification_id="Z-2", inspection=inspection(),
        requirements="撤下包装", reinspection_days=10,
    )  # fmt: skip
    events += rectification.correct(
        HEAD, clock.tick(), event_id=events[0].event_id, field="deadline",
        new_value="2026-03-27", reason="整改通知书期限为27日",
    )  # fmt: skip
    assert rectification.deadline == date(2026, 3, 27)
    assert events[0].deadline == date(2026, 3, 20)
    assert Rectification.replay(events) == rectification
