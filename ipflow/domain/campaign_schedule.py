"""When a campaign's inspection rounds run (行动轮次安排): a cron expression, dates, or both.

铁拳 runs a round on the first of every month from spring to autumn (``0 9 1 3-11 *``),
a GI special-mark inspection every quarter (``0 9 1 1,4,7,10 *``); a campaign may
instead (or as well) list its round dates. Times are the bureau's (``Asia/Shanghai``).
The scheduler (issue 7) turns this into Prefect deployments; here it is only checked:
five cron fields within their ranges, a time-zone name, round dates in order.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# minute, hour, day of month, month, day of week (0–7, 0 and 7 = Sunday)
_CRON_FIELDS: tuple[tuple[str, int, int], ...] = (
    ("分钟", 0, 59),
    ("小时", 0, 23),
    ("日", 1, 31),
    ("月", 1, 12),
    ("星期", 0, 7),
)
_NAMES = {
    3: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    4: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
}
_TERM = re.compile(r"^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?$")


def _value(text: str, index: int) -> int:
    name, low, high = _CRON_FIELDS[index]
    names = _NAMES.get(index)
    if names and text.upper() in names:
        return names.index(text.upper()) + (1 if index == 3 else 0)
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"cron 表达式的「{name}」字段含有无效值「{text}」")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"cron 表达式的「{name}」字段取值{value}超出范围（{low}–{high}）")
    return value


def check_cron(expression: str) -> str:
    """Return the normalised expression or raise ``ValueError`` naming the field at fault."""
    parts = expression.split()
    if len(parts) != 5:
        raise ValueError(
            f"cron 表达式应有5个字段（分 时 日 月 星期），实为{len(parts)}个：「{expression}」"
        )
    for index, part in enumerate(parts):
        for term in part.split(","):
            if not _TERM.match(term):
                raise ValueError(f"cron 表达式的「{_CRON_FIELDS[index][0]}」字段「{part}」格式不符")
            body, _, step = term.partition("/")
            if step and int(step) == 0:
                raise ValueError(f"cron 表达式的「{_CRON_FIELDS[index][0]}」字段步长不能为0")
            if body != "*":
                low, _, high = body.partition("-")
                first = _value(low, index)
                if high and _value(high, index) < first:
                    raise ValueError(
                        f"cron 表达式的「{_CRON_FIELDS[index][0]}」字段范围「{body}」首尾颠倒"
                    )
    return " ".join(parts)


class CampaignSchedule(BaseModel):
    """A campaign's rounds: ``cron`` (bureau time) and/or explicit ``rounds`` dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cron: str | None = None
    timezone: str = Field(default="Asia/Shanghai", min_length=1)
    rounds: tuple[date, ...] = ()

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else check_cron(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        # The zone itself is resolved where time zones are loaded (not in the pure domain).
        if not re.fullmatch(r"[A-Za-z_]+(/[A-Za-z0-9_+\-]+)*", value):
            raise ValueError(f"时区「{value}」格式不符（如 Asia/Shanghai）")
        return value

    @model_validator(mode="after")
    def _something_to_run(self) -> CampaignSchedule:
        if self.cron is None and not self.rounds:
            raise ValueError("行动安排须给出 cron 表达式或轮次日期（cron or rounds）")
        if list(self.rounds) != sorted(set(self.rounds)):
            raise ValueError("轮次日期须按先后排列且不得重复（rounds must be ascending）")
        return self

    def rounds_outside(self, start: date, end: date) -> list[date]:
        """Listed round dates that fall outside the campaign period ``start``–``end``."""
        return [day for day in self.rounds if not start <= day <= end]
