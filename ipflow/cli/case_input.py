"""What the case commands share: parsing amounts and dates, building the domain values
an option set describes (with the option named when a value is refused), running one
step in one transaction and printing what it did to the state and the deadlines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from rich.markup import escape
from sqlmodel import Session

from ipflow.cli.common import console
from ipflow.cli.context import CommandContext, parse_day
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE
from ipflow.domain.case_records import CaseFacts, OffenceType
from ipflow.domain.clue_lifecycle import CLUE_LIFECYCLE
from ipflow.domain.lifecycle import Actor, Lifecycle
from ipflow.domain.limitation import ActPeriod
from ipflow.errors import InputError
from ipflow.services import deadline_changes
from ipflow.services.case_views import OFFENCE_ZH
from ipflow.services.commands import CommandResult
from ipflow.services.deadline_changes import DeadlineChange

M = TypeVar("M", bound=BaseModel)

CASE_ARG_HELP = "案件编号，如 C-2026-001（见 ipflow case list）"
OFFENCE_HELP = "违法类型：" + "，".join(f"{o.value}（{OFFENCE_ZH[o]}）" for o in OffenceType)


def choices_zh(enum: type[Enum]) -> str:
    """``value（中文）`` for each member, for an option's help."""
    return "，".join(f"{m.value}（{getattr(m, 'label_zh', m.value)}）" for m in enum)


def amount(text: str | None, option: str) -> Decimal | None:
    """A yuan amount (``38000``, ``38,000.50``); InputError naming the option."""
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise InputError(
            f"{option} 的值「{text}」不是有效金额（元，非负数，如 38000 或 38000.50）",
            f"invalid amount {text!r}",
            field=option,
        )
    return value


def day(text: str | None, option: str, happened: str | None = None) -> date | None:
    """A date option; ``happened`` names a fact already past (refused if after today)."""
    return None if text is None else parse_day(text, field_name=option, happened=happened)


def validated(model: type[M], options: Mapping[str, str], **values: Any) -> M:
    """``model(**values)``; a refused value is an InputError naming its option."""
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        option = options.get(name, f"--{name.replace('_', '-')}" if name else None)
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"输入无效：{message}", "invalid input", field=option) from None


ACT_OPTIONS = {
    "first_act_date": "--act-from",
    "last_act_date": "--act-to",
    "continuing": "--continuing",
}
AMOUNT_OPTIONS = {
    "business_amount": "--business-amount",
    "illegal_business": "--illegal-business",
    "illegal_gains": "--illegal-gains",
    "sales": "--sales",
    "unsold_value": "--unsold-value",
}
FACT_OPTIONS = {**AMOUNT_OPTIONS, "summary": "--summary", "act": "--act-from"}


def act_period(
    act_from: str, act_to: str | None, continuing: bool, serious_harm: bool
) -> ActPeriod:
    return validated(
        ActPeriod,
        ACT_OPTIONS,
        first_act_date=day(act_from, "--act-from", "违法行为开始日期"),
        last_act_date=day(act_to, "--act-to", "违法行为终了日期"),
        continuing=continuing,
        serious_harm=serious_harm,
    )


def case_facts(
    offence: OffenceType, act: ActPeriod, *, summary: str = "", **amounts: str | None
) -> CaseFacts:
    """Facts from the options: amounts (yuan, as typed) parsed, a refused one naming its option."""
    parsed = {name: amount(text, AMOUNT_OPTIONS[name]) for name, text in amounts.items()}
    return validated(CaseFacts, FACT_OPTIONS, offence=offence, act=act, summary=summary, **parsed)


Service = Callable[..., CommandResult[Any]]


def run_step(
    aggregate_id: str,
    as_officer: str,
    command: str,
    on: str | None,
    service: Service,
    *,
    lifecycle: Lifecycle[Any] = CASE_LIFECYCLE,
    check: Callable[[Session], None] | None = None,
    **kwargs: Any,
) -> list[DeadlineChange]:
    """``service(uow, env, aggregate_id, actor, at, **kwargs)`` in one transaction (all
    or nothing), then print the state change and the deadlines it opened, moved or closed
    (returned).

    ``check`` validates references in the same transaction before anything is written.
    """
    ctx = CommandContext.load()
    at = ctx.when(on)
    case_id, clue_id = (None, aggregate_id) if lifecycle is CLUE_LIFECYCLE else (aggregate_id, None)
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, lifecycle, command)
        if check is not None:
            check(uow.session)
        before = deadline_changes.due_dates(uow.session, case_id, clue_id)
        result = service(uow, ctx.env, aggregate_id, actor, at, **kwargs)
        after = deadline_changes.due_dates(uow.session, case_id, clue_id)
    print_step(result, command, actor, lifecycle)
    changes = deadline_changes.deadline_changes(before, after)
    print_changes(changes)
    return changes


def print_step(
    result: CommandResult[Any], command: str, actor: Actor, lifecycle: Lifecycle[Any]
) -> None:
    """``案件 C-1：已记录「中止调查」（负责人 赵刚，…）``, the state change and the basis."""
    event = result.events[0]
    label = lifecycle.command_label(command)
    when = event.occurred_at.strftime("%Y-%m-%d %H:%M")
    console.print(
        f"{lifecycle.label_zh} {escape(result.aggregate.id)}：已记录「{label}」"
        f"（{actor.role.label_zh} {escape(actor.name)}，{when}）",
        highlight=False,
        soft_wrap=True,
    )
    if event.from_state and event.to_state:
        states = lifecycle.states
        console.print(
            f"  状态：{lifecycle.state_label(states(event.from_state))} → "
            f"{lifecycle.state_label(states(event.to_state))}",
            highlight=False,
        )
    if event.basis:
        console.print(f"  依据：{escape(event.basis)}", highlight=False, soft_wrap=True)


CHANGE_ZH = {"met": "已完成", "cancelled": "已取消（不再计算）", "missed": "已办结（曾超期）"}


def print_changes(changes: list[DeadlineChange]) -> None:
    for c in changes:
        title = escape(c.title_zh)
        if c.change == "opened":
            console.print(f"  期限开始：{title}，截止 {c.new_due}", highlight=False)
        elif c.change == "moved":
            console.print(
                f"  期限变更：{title} 截止日期 {c.old_due} → [bold]{c.new_due}[/]", highlight=False
            )
        else:
            label = CHANGE_ZH.get(c.change, c.change)
            console.print(f"  期限结束：{title}（{label}）", highlight=False)
