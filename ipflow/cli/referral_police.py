"""`ipflow referral` — after the referral is sent (Decree 310 Art. 7–13): receipt,
police decision, reconsideration, filing supervision, hand-over of exhibits, return
for an administrative penalty (反向衔接), close.

Dates: each step is dated with ``--on``. For the police's notices, ``--on`` is the day
the bureau received the notice: Decree 310's 3-day periods count from it (Art. 9, 12).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import typer

from ipflow.cli.context import CommandContext, as_option, on_option
from ipflow.cli.referral_steps import ON_STEP, REFERRAL_ARG, record_step
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE
from ipflow.domain.grounds import ReturnedBy
from ipflow.domain.lifecycle import Actor
from ipflow.domain.roles import Role
from ipflow.errors import InputError
from ipflow.services import cases, referrals
from ipflow.store.uow import UnitOfWork

NOTICE_DATE_HELP = (
    "通知书落款日期（YYYY-MM-DD，公安机关作出决定之日，据此判断公安机关是否按期）；默认同 --on"
)
ON_NOTICE = "接到通知书的日期或时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM），3日期限由此起算；默认现在"


def parse_notice_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--notice-date 不是有效日期：{text!r}（应为 YYYY-MM-DD）",
            "--notice-date is not a date",
            field="--notice-date",
        ) from None


class Outcome(StrEnum):
    FILED = "filed"
    DECLINED = "declined"

    @property
    def label_zh(self) -> str:
        return "立案" if self is Outcome.FILED else "不予立案"


RETURNED_BY_ROLE = {
    Role.POLICE_LIAISON: ReturnedBy.POLICE,
    Role.PROCURATORATE_LIAISON: ReturnedBy.PROCURATORATE,
    Role.HEAD: ReturnedBy.BUREAU,
}
_RETURNED_HELP = "退回单位：" + "，".join(f"{r.value}（{r.label_zh}）" for r in ReturnedBy)


def receipt(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    number: str | None = typer.Option(None, "--number", help="回执编号（可选）"),
    as_officer: str = as_option(),
    on: str | None = on_option("公安机关签收的日期或时间；默认现在"),
) -> None:
    """登记公安机关接受移送的回执（第七条），由公安联络人办理。Record the police receipt."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        referrals.record_police_receipt(uow, ctx.env, referral_id, actor, at, receipt_number=number)

    record_step(referral_id, as_officer, on, "record_police_receipt", action)


def police_decision(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    decision: Outcome = typer.Option(
        ..., "--decision", help="公安机关的决定：filed（立案）或 declined（不予立案）"
    ),
    notice_number: str | None = typer.Option(
        None, "--notice-number", help="立案通知书文号（可选）"
    ),
    reasons: str | None = typer.Option(
        None, "--reasons", help="不予立案通知书写明的理由（不予立案时必填）"
    ),
    notice_date: str | None = typer.Option(None, "--notice-date", help=NOTICE_DATE_HELP),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_NOTICE),
) -> None:
    """登记公安机关立案或不予立案的决定、通知书落款日期及接到通知书的日期（第八条），由公安联络人办理。"""
    dated_on = parse_notice_date(notice_date)
    if decision is Outcome.DECLINED and not (reasons and reasons.strip()):
        raise InputError(
            "不予立案时须用 --reasons 写明公安机关的理由（第八条）",
            "--reasons is required when the police declined",
            field="--reasons",
        )
    command = "record_police_filing" if decision is Outcome.FILED else "record_police_declination"

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        day = ctx.env.local_date(at).date()
        if decision is Outcome.FILED:
            referrals.record_police_filing(
                uow, ctx.env, referral_id, actor, at,
                notice_number=notice_number, on=day, dated_on=dated_on,
            )  # fmt: skip
        else:
            referrals.record_police_declination(
                uow, ctx.env, referral_id, actor, at,
                police_reasons=str(reasons).strip(), on=day, dated_on=dated_on,
            )  # fmt: skip

    record_step(referral_id, as_officer, on, command, action)


def reconsider(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    as_officer: str = as_option(),
    on: str | None = on_option("提请复议的日期（接到不予立案通知书之日起3日内）；默认现在"),
) -> None:
    """提请作出不予立案决定的公安机关复议（第九条第一款）。Request reconsideration."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        day = ctx.env.local_date(at).date()
        referrals.request_reconsideration(uow, ctx.env, referral_id, actor, at, on=day)

    record_step(referral_id, as_officer, on, "request_reconsideration", action)


def reconsideration_decision(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    outcome: Outcome = typer.Option(
        ..., "--outcome", help="复议决定：filed（立案）或 declined（维持不予立案）"
    ),
    notice_date: str | None = typer.Option(None, "--notice-date", help=NOTICE_DATE_HELP),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_NOTICE),
) -> None:
    """登记公安机关的复议决定（第九条第二款），由公安联络人办理。Record the reconsideration decision."""
    dated_on = parse_notice_date(notice_date)
    filed = outcome is Outcome.FILED
    command = "record_reconsideration_filed" if filed else "record_reconsideration_declined"

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        day = ctx.env.local_date(at).date()
        record = (
            referrals.record_reconsideration_filed
            if filed
            else referrals.record_reconsideration_declined
        )
        record(uow, ctx.env, referral_id, actor, at, on=day, dated_on=dated_on)

    record_step(referral_id, as_officer, on, command, action)


def supervise(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    outcome: Outcome | None = typer.Option(
        None,
        "--outcome",
        help="省略：本局建议检察院立案监督；filed / declined：登记检察院监督的结果（检察联络人）",
    ),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """建议人民检察院立案监督（第九条；刑事诉讼法第一百一十三条），或登记监督结果。"""
    if outcome is None:
        command = "suggest_supervision"
    elif outcome is Outcome.FILED:
        command = "record_supervision_filed"
    else:
        command = "record_supervision_declined"

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        if outcome is None:
            day = ctx.env.local_date(at).date()
            referrals.suggest_supervision(uow, ctx.env, referral_id, actor, at, on=day)
        elif outcome is Outcome.FILED:
            referrals.record_supervision_filed(uow, ctx.env, referral_id, actor, at)
        else:
            referrals.record_supervision_declined(uow, ctx.env, referral_id, actor, at)

    record_step(referral_id, as_officer, on, command, action)


def handover(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    items: list[str] = typer.Option(
        ..., "--item", help="移交的涉案物品或材料，每项给一次 --item（如「假冒运动鞋 320 双」）"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option("移交日期（接到立案通知书之日起3日内）；默认现在"),
) -> None:
    """将涉案物品及有关材料移交公安机关并办结交接手续（第十二条）。Hand over the exhibits."""
    cleaned = tuple(i.strip() for i in items if i.strip())
    if not cleaned:
        raise InputError("请用 --item 列出移交的涉案物品", "--item is required", field="--item")

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        day = ctx.env.local_date(at).date()
        referrals.hand_over_exhibits(uow, ctx.env, referral_id, actor, at, items=cleaned, on=day)

    record_step(referral_id, as_officer, on, "hand_over_exhibits", action)


def return_case(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    reason: str = typer.Option(
        ..., "--reason", help="退回的理由（如 不构成犯罪，依法应予行政处罚）"
    ),
    returned_by: ReturnedBy | None = typer.Option(
        None, "--by", help=_RETURNED_HELP + "；默认按办理人的角色"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """案件退回本局作行政处罚（反向衔接；第十条、第十三条，行政处罚法第二十七条）。

    案件同时恢复行政办理，可依法处罚。Return the case for an administrative penalty.
    """

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        by = returned_by or RETURNED_BY_ROLE.get(actor.role, ReturnedBy.BUREAU)
        result = referrals.return_for_administrative_penalty(
            uow, ctx.env, referral_id, actor, at, returned_by=by, reason=reason
        )
        taker = ctx.actor(uow, actor.officer_id, CASE_LIFECYCLE, "take_back")
        cases.take_back(uow, ctx.env, result.aggregate.case_id, taker, at, reason=reason)

    record_step(
        referral_id,
        as_officer,
        on,
        "return_for_administrative_penalty",
        action,
        "  案件已恢复行政办理（调查中），可依法作出行政处罚。",
    )


def close(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    close_case: bool = typer.Option(
        False, "--close-case", help="同时对案件结案（移送司法机关后结案）"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """移送办结（涉案物品移交完毕后），由负责人办理。Close the referral (and, with --close-case, the case)."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        result = referrals.close(uow, ctx.env, referral_id, actor, at)
        if close_case:
            closer = ctx.actor(uow, actor.officer_id, CASE_LIFECYCLE, "close")
            cases.close(uow, ctx.env, result.aggregate.case_id, closer, at)

    notes = ("  案件已结案。",) if close_case else ()
    record_step(referral_id, as_officer, on, "close", action, *notes)
