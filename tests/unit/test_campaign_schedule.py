"""A campaign's round schedule: cron fields checked, rounds in order and within the period."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from ipflow.domain.campaign_schedule import CampaignSchedule, check_cron


@pytest.mark.parametrize(
    "expression",
    ["0 9 1 3-11 *", "0 9 1 1,4,7,10 *", "*/30 8-17 * * MON-FRI", "0 9 1 JAN,JUL *", "0 0 * * 7"],
)
def test_usual_round_expressions_are_accepted(expression: str) -> None:
    assert check_cron(f"  {expression} ") == expression


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("0 9 1 3-11", "应有5个字段"),
        ("0 24 1 * *", "「小时」字段取值24超出范围（0–23）"),
        ("0 9 0 * *", "「日」字段取值0超出范围（1–31）"),
        ("0 9 1 11-3 *", "「月」字段范围「11-3」首尾颠倒"),
        ("0 9 1 * 8", "「星期」字段取值8超出范围（0–7）"),
        ("0 9 1 * */0", "步长不能为0"),
        ("0 9 L * *", "「日」字段含有无效值「L」"),
        ("0 9 1-/2 * *", "格式不符"),
    ],
)
def test_a_wrong_field_is_named(expression: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_cron(expression)


def test_rounds_are_ordered_and_something_must_run() -> None:
    schedule = CampaignSchedule(rounds=(date(2026, 4, 15), date(2026, 7, 15)))
    assert schedule.timezone == "Asia/Shanghai"
    assert schedule.rounds_outside(date(2026, 5, 1), date(2026, 12, 31)) == [date(2026, 4, 15)]
    with pytest.raises(ValidationError, match="cron 表达式或轮次日期"):
        CampaignSchedule()
    with pytest.raises(ValidationError, match="按先后排列且不得重复"):
        CampaignSchedule(rounds=(date(2026, 7, 15), date(2026, 4, 15)))
    with pytest.raises(ValidationError, match="时区「Shanghai time」格式不符"):
        CampaignSchedule(cron="0 9 1 * *", timezone="Shanghai time")
