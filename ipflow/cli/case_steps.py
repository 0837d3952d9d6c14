"""The investigation steps of a filed case, one command each (attached to `ipflow case`).

Each takes ``--as OFFICER`` (the lifecycle decides which roles may act) and ``--on``
(when it happened; dates the law counts from default to that day), runs in one
transaction and prints the state change and every deadline it opened, moved or closed.
The decision and what follows it are in ``case_decision``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

import typer
from sqlmodel import Session

from ipflow.cli.case_input import CASE_ARG_HELP, choices_zh, day, run_step, validated
from ipflow.cli.common import console
from ipflow.cli.context import as_option, on_option
from ipflow.domain.case_records import (
    CollectiveDecision,
    CollectiveDecisionSubject,
    ExcludedInterval,
)
from ipflow.domain.cases import Case
from ipflow.domain.grounds import ExcludedIntervalKind, SuspensionGround
from ipflow.domain.lifecycle import Actor
from ipflow.errors import InputError, NotFound
from ipflow.services import cases, officers
from ipflow.services.commands import CommandResult
from ipflow.services.context import ServiceEnv
from ipflow.store.uow import UnitOfWork

app = typer.Typer()

CASE = typer.Argument(..., help=CASE_ARG_HELP)


def known_officers(officer_ids: list[str]) -> Callable[[Session], None]:
    """Every ``--officer`` must be a registered, active officer."""

    def check(session: Session) -> None:
        for officer_id in officer_ids:
            try:
                officers.officer(session, officer_id)
            except NotFound:
                raise InputError(
                    f"办案人员 {officer_id} 未登记或已停用（ipflow officer list 查看）",
                    f"unknown officer {officer_id}",
                    field="--officer",
                ) from None

    return check


@app.command("assign")
def assign(
    case_id: str = CASE,
    officer_ids: list[str] = typer.Option(
        ..., "--officer", help="办案人员编号，至少两名，可多次给出（程序规定第十九条）"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """指定办案人员：负责人指定两名以上具有执法资格的办案人员，案件进入调查。"""
    run_step(
        case_id,
        as_officer,
        "assign_officers",
        on,
        cases.assign_officers,
        check=known_officers(officer_ids),
        officer_ids=tuple(officer_ids),
    )


@app.command("suspend")
def suspend(
    case_id: str = CASE,
    ground: SuspensionGround = typer.Option(
        ..., "--ground", help="中止调查的情形：" + choices_zh(SuspensionGround)
    ),
    reason: str = typer.Option(..., "--reason", help="中止理由（记录在案）"),
    as_officer: str = as_option(),
    on: str | None = on_option("中止日期（YYYY-MM-DD），默认现在"),
) -> None:
    """中止调查（负责人，程序规定第四十六条）：中止期间不计入办案期限。"""
    run_step(case_id, as_officer, "suspend", on, cases.suspend, ground=ground, reason=reason)


@app.command("resume")
def resume(
    case_id: str = CASE,
    as_officer: str = as_option(),
    on: str | None = on_option("恢复日期（YYYY-MM-DD），默认现在"),
) -> None:
    """恢复调查：中止期间记为扣除期间，办案期限相应顺延。"""
    run_step(case_id, as_officer, "resume", on, cases.resume)


@app.command("exclude")
def exclude(
    case_id: str = CASE,
    kind: ExcludedIntervalKind = typer.Option(
        ..., "--kind", help="不计入期限的期间：" + choices_zh(ExcludedIntervalKind)
    ),
    start: str = typer.Option(..., "--from", help="起始日 YYYY-MM-DD（含当日）"),
    end: str = typer.Option(..., "--to", help="结束日 YYYY-MM-DD（含当日）"),
    note: str | None = typer.Option(None, "--note", help="说明，如 鉴定机构和委托书编号"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """登记扣除期间：办案期限顺延，并显示截止日期的变化（程序规定第六十四条第二款）。

    检测、检验、检疫、鉴定、权利人辨认或者鉴别、听证、公告等期间不计入办案期限；
    中止期间由 case suspend / case resume 自动记录。
    """
    interval = validated(
        ExcludedInterval,
        {"start": "--from", "end": "--to", "kind": "--kind"},
        kind=kind,
        start=day(start, "--from", "期间开始日期"),
        end=day(end, "--to"),
        note=note,
    )
    changes = run_step(
        case_id, as_officer, "record_excluded_interval", on, cases.record_excluded_interval,
        interval=interval,
    )  # fmt: skip
    if not any(c.change == "moved" for c in changes):
        console.print("  截止日期未变：该期间不在正在计算的期限之内（或与已登记的期间重叠）")


def extend_with_meeting(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str,
    meeting: CollectiveDecision | None,
) -> CommandResult[Case]:
    """A further extension records its collective decision first, in the same transaction."""
    if meeting is not None:
        cases.record_collective_decision(uow, env, case_id, actor, at, decision=meeting)
    return cases.extend(
        uow,
        env,
        case_id,
        actor,
        at,
        reason=reason,
        collective_decision_id=meeting.id if meeting is not None else None,
    )


@app.command("extend")
def extend(
    case_id: str = CASE,
    reason: str = typer.Option(..., "--reason", help="延长理由，如 案情复杂"),
    meeting: str | None = typer.Option(
        None, "--meeting", help="再次延长时：集体讨论记录编号（并给出下列会议选项）"
    ),
    meeting_date: str | None = typer.Option(None, "--meeting-date", help="集体讨论日期"),
    attendees: list[str] | None = typer.Option(
        None, "--attendee", help="参加集体讨论的负责人姓名，至少两名，可多次给出"
    ),
    conclusion: str | None = typer.Option(None, "--conclusion", help="集体讨论结论"),
    days: int | None = typer.Option(None, "--days", help="集体讨论确定的延长期限（日）"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """延长办案期限（程序规定第六十四条）：负责人批准延长三十日；再次延长须集体讨论。

    再次延长时用 --meeting、--meeting-date、--attendee、--conclusion、--days 登记
    负责人集体讨论的会议记录及其确定的合理期限，与延长在同一事务中记录。
    """
    record = None
    if meeting is not None:
        record = validated(
            CollectiveDecision,
            {
                "id": "--meeting",
                "held_on": "--meeting-date",
                "attendees": "--attendee",
                "conclusion": "--conclusion",
                "extension_days": "--days",
            },
            id=meeting,
            subject=CollectiveDecisionSubject.EXTENSION,
            held_on=day(meeting_date, "--meeting-date", "集体讨论日期"),
            attendees=tuple(attendees or ()),
            conclusion=conclusion or "",
            extension_days=days,
        )
    run_step(case_id, as_officer, "extend", on, extend_with_meeting, reason=reason, meeting=record)


@app.command("notice")
def notice(
    case_id: str = CASE,
    penalty: str = typer.Option(..., "--penalty", help="拟作出的行政处罚，如 罚款十万元"),
    no_hearing: bool = typer.Option(
        False, "--no-hearing-right", help="不属听证范围（不告知听证权利）"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option("告知书送达日期，默认现在"),
) -> None:
    """送达行政处罚告知书（程序规定第五十七条）：当事人五个工作日内陈述、申辩、要求听证。"""
    run_step(
        case_id, as_officer, "notify_penalty", on, cases.notify_penalty,
        proposed_penalty=penalty, hearing_right=not no_hearing,
    )  # fmt: skip


class HearingStep(StrEnum):
    REQUEST = "request"
    HOLD = "hold"


@app.command("hearing")
def hearing(
    case_id: str = CASE,
    step: HearingStep = typer.Argument(
        ..., help="request（登记当事人的听证申请）或 hold（登记举行听证）"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option("申请或举行听证的日期，默认现在"),
) -> None:
    """听证：登记当事人的听证申请，或登记举行听证（行政处罚法第六十三、六十四条）。"""
    if step is HearingStep.REQUEST:
        run_step(case_id, as_officer, "request_hearing", on, cases.request_hearing)
    else:
        run_step(case_id, as_officer, "hold_hearing", on, cases.hold_hearing)


class ReviewStep(StrEnum):
    REQUEST = "request"
    PASS = "pass"
    SEND_BACK = "send-back"


@app.command("review")
def review(
    case_id: str = CASE,
    step: ReviewStep = typer.Argument(
        ..., help="request（承办人提交审核）、pass（审核通过）或 send-back（驳回补充调查）"
    ),
    opinion: str = typer.Option("", "--opinion", help="审核意见（pass 时）"),
    reason: str | None = typer.Option(None, "--reason", help="驳回理由（send-back 时必填）"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """法制审核（程序规定第五十五条，十个工作日内完成）：提交审核、审核通过或驳回。"""
    if step is ReviewStep.REQUEST:
        run_step(case_id, as_officer, "request_legal_review", on, cases.request_legal_review)
    elif step is ReviewStep.PASS:
        run_step(
            case_id, as_officer, "pass_legal_review", on, cases.pass_legal_review, opinion=opinion
        )
    else:
        run_step(case_id, as_officer, "send_back", on, cases.send_back, reason=reason or "")
