"""Grounds (不予立案, 不予处罚, 中止 …) each carry their own Chinese label."""

from __future__ import annotations

from ipflow.domain import grounds
from ipflow.domain.grounds import FilingDeclineGround, NoPenaltyGround


def test_equal_values_of_two_kinds_of_ground_keep_their_own_labels() -> None:
    assert FilingDeclineGround.NO_FAULT.value == NoPenaltyGround.NO_FAULT.value
    assert FilingDeclineGround.NO_FAULT.label_zh == "当事人有证据足以证明没有主观过错"
    assert NoPenaltyGround.NO_FAULT.label_zh.endswith("不予行政处罚")


def test_every_ground_has_a_label() -> None:
    kinds = [
        v
        for v in vars(grounds).values()
        if isinstance(v, type) and issubclass(v, grounds._Labelled) and v is not grounds._Labelled
    ]
    assert kinds
    for kind in kinds:
        for member in kind:
            assert member.label_zh
