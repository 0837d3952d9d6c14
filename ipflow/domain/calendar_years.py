"""The YAML data of the working-day calendar: a year's State Council notice and a county override.

Both are validated here, before any calendar is built from them:

- :class:`CalendarYear` — one year's notice (``config/calendar/<year>.yaml``, format in
  ``config/calendar/README.md``): holiday blocks (inclusive) and make-up workdays
  (调休上班, always a Saturday or Sunday), every date inside the year, no day twice.
- :class:`CountyOverride` — local days off (ethnic-minority holidays set by local
  governments, 《全国年节及纪念日放假办法》 Art. 4) or extra workdays.

Cross-field problems raise :class:`LocatedValueError`, which carries the path of the
offending value so that a loader can name its line and field.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

WEEKDAY_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def weekday_zh(day: date) -> str:
    return WEEKDAY_ZH[day.weekday()]


class LocatedValueError(ValueError):
    """A validation problem that knows where below the model it sits (``loc``).

    Loaders read it from pydantic's error context to name the exact line and field.
    """

    def __init__(self, message: str, loc: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.loc = loc


def _weekend(day: date) -> date:
    if day.weekday() < 5:
        raise ValueError(
            f"调休上班日 {day}（{weekday_zh(day)}）必须是星期六或星期日"
            "（a make-up workday must be a Saturday or Sunday）"
        )
    return day


MakeUpWorkday = Annotated[date, AfterValidator(_weekend)]


class HolidayBlock(BaseModel):
    """One announced block of days off, inclusive at both ends."""

    model_config = ConfigDict(
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        frozen=True,
    )

    name: str = Field(min_length=1)
    from_: date = Field(alias="from")
    to: date

    @model_validator(mode="after")
    def _ordered(self) -> HolidayBlock:
        if self.from_ > self.to:
            raise LocatedValueError(
                f"放假期间「{self.name}」的起始日 {self.from_} 晚于结束日 {self.to}"
                "（from is after to）",
                ("to",),
            )
        return self

    def days(self) -> list[date]:
        return [self.from_ + timedelta(n) for n in range((self.to - self.from_).days + 1)]


def _no_duplicate_days(blocks: list[HolidayBlock], workdays: list[date]) -> None:
    seen: dict[date, str] = {}
    for i, block in enumerate(blocks):
        for day in block.days():
            if day in seen:
                raise LocatedValueError(
                    f"{day} 同时属于「{seen[day]}」和「{block.name}」（overlapping holiday blocks）",
                    ("holidays", i, "from"),
                )
            seen[day] = block.name
    listed: set[date] = set()
    for j, day in enumerate(workdays):
        if day in listed:
            raise LocatedValueError(f"上班日 {day} 重复（duplicate workday）", ("workdays", j))
        listed.add(day)
        if day in seen:
            raise LocatedValueError(
                f"上班日 {day} 落在放假期间「{seen[day]}」内（a workday inside a holiday block）",
                ("workdays", j),
            )


def _within_notice(day: date, year: int) -> bool:
    """A notice's days lie in its year, or in the December before / January after it.

    The 元旦 block may start in the previous December (2023: 2022-12-31) and its
    make-up workday may be there too (2019: 2018-12-29); a block may run into January.
    """
    return (
        day.year == year
        or (day.year == year - 1 and day.month == 12)
        or (day.year == year + 1 and day.month == 1)
    )


class CalendarYear(BaseModel):
    """One year's State Council holiday notice, as a YAML year file holds it.

    See ``config/calendar/README.md`` for the format.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=1990, le=2100)
    source: str = Field(min_length=2, description="The notice: title, number and date.")
    published: date | None = None
    notes: str | None = None
    holidays: list[HolidayBlock] = Field(min_length=1)
    workdays: list[MakeUpWorkday] = Field(default_factory=list)

    @model_validator(mode="after")
    def _inside_year(self) -> CalendarYear:
        for i, block in enumerate(self.holidays):
            for end, value in (("from", block.from_), ("to", block.to)):
                if not _within_notice(value, self.year):
                    raise LocatedValueError(
                        f"日期 {value} 不在 {self.year} 年内（date outside the year；"
                        "仅允许上年12月、次年1月的跨年放假或调休）",
                        ("holidays", i, end),
                    )
        for j, day in enumerate(self.workdays):
            if not _within_notice(day, self.year):
                raise LocatedValueError(
                    f"日期 {day} 不在 {self.year} 年内（date outside the year；"
                    "仅允许上年12月、次年1月的跨年放假或调休）",
                    ("workdays", j),
                )
        _no_duplicate_days(self.holidays, self.workdays)
        return self

    def days_off(self) -> dict[date, str]:
        return {day: block.name for block in self.holidays for day in block.days()}


class CountyOverride(BaseModel):
    """Local days off (ethnic-minority holidays) or extra workdays on top of the national calendar."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title_zh: str = Field(min_length=2)
    source: str = Field(min_length=2)
    example: bool = False
    notes: str | None = None
    days_off: list[HolidayBlock] = Field(default_factory=list)
    workdays: list[date] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> CountyOverride:
        _no_duplicate_days(self.days_off, self.workdays)
        return self
