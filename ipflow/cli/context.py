"""What a command that reads or changes the store needs: settings, engine, services'
environment, one transaction, the acting officer and the time of the act.

    ctx = CommandContext.load()
    with ctx.write() as uow:               # one transaction: all of it or nothing
        actor = ctx.actor(uow, as_officer, CASE_LIFECYCLE, "suspend")
        cases.suspend(uow, ctx.env, case_id, actor, ctx.when(on), ...)
        # committed when the block ends without an error

The database must exist and be at the current schema (``ipflow init``); otherwise the
command stops with what to run, before anything is read or written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import typer

from ipflow.domain import act_times
from ipflow.domain.lifecycle import Actor, Lifecycle
from ipflow.errors import ConfigurationError, InputError
from ipflow.settings import Settings, load_settings

if TYPE_CHECKING:  # the store, services and Alembic load only when a command touches them
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from ipflow.services.context import ServiceEnv
    from ipflow.store.uow import UnitOfWork

AS_HELP = "以哪位执法人员的身份操作（执法人员编号，见 ipflow officer list）"
ON_HELP = "发生日期或时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM），默认现在"


def as_option() -> Any:
    return typer.Option(..., "--as", help=AS_HELP, show_default=False)


def on_option(help_text: str = ON_HELP) -> Any:
    return typer.Option(None, "--on", help=help_text, show_default=False)


def parse_when(text: str, timezone: ZoneInfo, *, field_name: str = "--on") -> datetime:
    """A date (taken as 09:00 that day, bureau time) or a date-time (bureau time if naive)."""
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime.combine(day, time(9, 0), tzinfo=timezone)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{field_name} 的值「{text}」不是有效日期或时间（应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）",
            f"invalid date/time {text!r}",
            field=field_name,
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone)


def parse_day(
    text: str, *, field_name: str, happened: str | None = None, settings: Settings | None = None
) -> date:
    """A plain date (``YYYY-MM-DD``). ``happened`` is the Chinese name of a fact that has
    already taken place (收到日期, 复查日期 …): such a date after today is refused by the one
    rule of act dates (:func:`ipflow.domain.act_times.refuse_future`)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{field_name} 的值「{text}」不是有效日期（应为 YYYY-MM-DD）",
            f"invalid date {text!r}",
            field=field_name,
        ) from None
    if happened is not None:
        refuse_future_at_now(f"{happened}（{field_name}）", day, settings or load_settings())
    return day


def refuse_future_at_now(label_zh: str, moment: date | datetime, settings: Settings) -> None:
    """The act-date rule at the wall clock, with the configured tolerance."""
    act_times.refuse_future(
        label_zh,
        moment,
        now(),
        ZoneInfo(settings.timezone),
        timedelta(minutes=settings.future_act_tolerance_minutes),
    )


def now() -> datetime:
    """The wall clock (:func:`ipflow.services.clock.wall_clock`), aware, UTC."""
    from ipflow.services import clock

    return clock.wall_clock()


@dataclass
class CommandContext:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    @classmethod
    def load(cls) -> CommandContext:
        return cls(load_settings())

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def sqlite_path(self) -> Path | None:
        from sqlalchemy.engine import make_url

        url = make_url(self.settings.effective_database_url)
        if url.get_backend_name() == "sqlite" and url.database:
            return Path(url.database)
        return None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            path = self.sqlite_path()
            if path is not None and not path.exists():
                raise ConfigurationError(
                    f"数据库 {path} 尚未创建，请先运行 ipflow init",
                    "no database yet: run `ipflow init`",
                    field="IPFLOW_DATABASE_URL",
                )
            from ipflow.store.db import make_engine
            from ipflow.store.migrate import current_revision, head_revision

            engine = make_engine(self.settings.effective_database_url)
            current, head = current_revision(engine), head_revision(engine)
            if current != head:
                raise ConfigurationError(
                    f"数据库表结构版本为 {current or '空库'}，需要 {head}："
                    "请先运行 ipflow init（或 ipflow db upgrade）",
                    "database schema is not current: run `ipflow init`",
                    field="IPFLOW_DATABASE_URL",
                )
            self._engine = engine
        return self._engine

    @cached_property
    def env(self) -> ServiceEnv:
        from ipflow.services.context import ServiceEnv

        return ServiceEnv.from_settings(self.settings)

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """One transaction, committed if the block ends normally, rolled back otherwise."""
        from ipflow.store.uow import UnitOfWork

        with UnitOfWork(self.engine) as uow:
            yield uow
            uow.commit()

    @contextmanager
    def read(self) -> Iterator[Session]:
        from sqlmodel import Session

        with Session(self.engine) as session:
            yield session

    def actor(
        self, uow: UnitOfWork, officer_id: str, lifecycle: Lifecycle[Any], command: str
    ) -> Actor:
        """The officer acting, in the role ``lifecycle`` allows for ``command`` if they hold it."""
        from ipflow.services import officers

        return officers.actor_for(uow.session, officer_id, lifecycle.roles_for(command))

    def when(self, text: str | None, *, field_name: str = "--on") -> datetime:
        if text is None:
            return now().astimezone(self.timezone)
        return parse_when(text, self.timezone, field_name=field_name)
