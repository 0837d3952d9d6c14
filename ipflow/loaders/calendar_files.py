"""Build the working-day calendar from its sources, and load or store YAML year files.

Sources, in rising precedence (DOMAIN.md §5, "Policies ipflow applies"):

1. chinesecalendar's built-in tables (2004–2026 in v1.11). Its dictionaries are
   read once and turned into per-year schedules; it is never asked day by day.
2. YAML year files (format in ``config/calendar/README.md``): those shipped in
   ``<config_dir>/calendar/NNNN.yaml``, then those an officer loaded with
   ``ipflow calendar load`` into ``<data_dir>/calendar/NNNN.yaml``. A YAML year
   replaces the library's year; a loaded year replaces a shipped one.
3. The county override ``<config_dir>/calendar/overrides/<IPFLOW_CALENDAR_REGION>.yaml``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

import chinese_calendar

from ipflow.domain.calendar import (
    CalendarYear,
    CountyOverride,
    SourceKind,
    WorkingDayCalendar,
    YearSchedule,
)
from ipflow.errors import ConfigurationError, InputError
from ipflow.loaders.located_yaml import load_located_model
from ipflow.settings import Settings

YEAR_FILE_GLOB = "[0-9][0-9][0-9][0-9].yaml"
OVERRIDES_DIR = "overrides"
REGION_SETTING = "IPFLOW_CALENDAR_REGION"


def library_label() -> str:
    return f"chinesecalendar {chinese_calendar.__version__}"


@lru_cache(maxsize=1)
def library_schedules() -> tuple[YearSchedule, ...]:
    """One schedule per year the library covers, read from its ``holidays``/``workdays`` tables."""
    names = {h.value: h.chinese for h in chinese_calendar.Holiday}
    off: dict[int, dict[date, str]] = defaultdict(dict)
    work: dict[int, set[date]] = defaultdict(set)
    for day, name in chinese_calendar.holidays.items():
        off[day.year][day] = names.get(name, name)
    for day in chinese_calendar.workdays:
        work[day.year].add(day)
    years = range(min(off), max(off) + 1)
    return tuple(
        YearSchedule(
            year=y,
            days_off=dict(off[y]),
            workdays=frozenset(work[y]),
            kind=SourceKind.LIBRARY,
            label=library_label(),
        )
        for y in years
    )


def load_calendar_year_file(path: Path) -> CalendarYear:
    """Validate a YAML year file; a problem is an ``InputError`` naming file, line and field."""
    return load_located_model(path, CalendarYear)


def year_files(*directories: Path) -> dict[int, Path]:
    """``NNNN.yaml`` files by year; a later directory wins over an earlier one."""
    found: dict[int, Path] = {}
    for directory in directories:
        if directory.is_dir():
            for path in sorted(directory.glob(YEAR_FILE_GLOB)):
                found[int(path.stem)] = path
    return found


def _file_schedule(path: Path) -> YearSchedule:
    data = load_located_model(path, CalendarYear, ConfigurationError)
    if data.year != int(path.stem):
        raise ConfigurationError(
            f"文件名 {path.name} 与 year: {data.year} 不一致",
            "file name and year differ",
            source=path,
            field="year",
        )
    return YearSchedule.from_calendar_year(data, str(path))


def load_county_override(config_dir: Path, name: str) -> CountyOverride:
    """The override ``<config_dir>/calendar/overrides/<name>.yaml`` (a ConfigurationError if bad)."""
    directory = config_dir / "calendar" / OVERRIDES_DIR
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ConfigurationError(
            f"设置 {REGION_SETTING}={name!r} 无效：只能用小写字母、数字和连字符",
            "invalid override name",
            field=REGION_SETTING,
        )
    path = directory / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in directory.glob("*.yaml")) if directory.is_dir() else []
        raise ConfigurationError(
            f"设置 {REGION_SETTING}={name}：找不到县级节假日调整文件 {path}"
            f"（现有：{'、'.join(known) or '无'}）",
            "override file not found",
            field=REGION_SETTING,
        )
    override = load_located_model(path, CountyOverride, ConfigurationError)
    if override.name != name:
        raise ConfigurationError(
            f"文件名 {path.name} 与 name: {override.name} 不一致",
            "file name and override name differ",
            source=path,
            field="name",
        )
    return override


def build_calendar_from(
    config_dir: Path, calendar_dir: Path, region: str | None = None
) -> WorkingDayCalendar:
    """The calendar from the library, the YAML years and the county override."""
    schedules = {s.year: s for s in library_schedules()}
    for path in year_files(config_dir / "calendar", calendar_dir).values():
        schedule = _file_schedule(path)
        schedules[schedule.year] = schedule
    override = load_county_override(config_dir, region) if region else None
    return WorkingDayCalendar(schedules.values(), override)


def build_calendar(settings: Settings) -> WorkingDayCalendar:
    return build_calendar_from(settings.config_dir, settings.calendar_dir, settings.calendar_region)


def store_calendar_year(path: Path, calendar_dir: Path) -> tuple[CalendarYear, Path]:
    """Validate ``path`` and store a copy as ``<calendar_dir>/<year>.yaml`` (atomically).

    Nothing is written when the file is refused. The copy is written to a temporary
    file in the same directory and renamed, so a reader never sees half a file.
    """
    data = load_calendar_year_file(path)
    text = path.read_text(encoding="utf-8")
    try:
        calendar_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"无法创建目录 {calendar_dir}：{exc.strerror}", "cannot create directory"
        ) from None
    target = calendar_dir / f"{data.year}.yaml"
    fd, tmp_name = tempfile.mkstemp(dir=calendar_dir, prefix=f".{data.year}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return data, target
