"""The decision and what follows it: decide (or not penalise), serve, pay, enforce,
close (attached to `ipflow case` in ``case``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import typer

from ipflow.cli.case_input import CASE_ARG_HELP, amount, choices_zh, day, run_step, validated
from ipflow.cli.common import settings
from ipflow.cli.context import as_option, on_option
from ipflow.domain.case_records import CollectiveDecision, CollectiveDecisionSubject
from ipflow.domain.cases import Case
from ipflow.domain.decisions import Decision
from ipflow.domain.grounds import NoPenaltyGround, ServiceMethod
from ipflow.domain.identifiers import parse_case_number
from ipflow.domain.lifecycle import Actor
from ipflow.errors import InputError
from ipflow.services import cases
from ipflow.services.commands import CommandResult
from ipflow.services.context import ServiceEnv
from ipflow.store.uow import UnitOfWork

app = typer.Typer()

CASE = typer.Argument(..., help=CASE_ARG_HELP)
DECISION_OPTIONS = {
    "number": "--number",
    "fine": "--fine",
    "confiscated_illegal_gains": "--confiscate-gains",
    "confiscated_goods": "--confiscate",
    "other_measures": "--measure",
    "legal_basis": "--basis",
    "decided_on": "--on",
}


def decide_with(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    fields: dict[str, Any],
    meeting: CollectiveDecision | None,
) -> CommandResult[Case]:
    """作出处罚决定, dated the day of ``at``; a major case's collective decision first."""
    decision = validated(Decision, DECISION_OPTIONS, decided_on=at.date(), **fields)
    if meeting is not None:
        cases.record_collective_decision(uow, env, case_id, actor, at, decision=meeting)
    return cases.decide(uow, env, case_id, actor, at, decision=decision)


@app.command("decide")
def decide(
    case_id: str = CASE,
    number: str | None = typer.Option(
        None, "--number", help="处罚决定书文号，如 示县市监处罚〔2026〕12号"
    ),
    fine: str | None = typer.Option(None, "--fine", help="罚款（元）"),
    gains: str | None = typer.Option(None, "--confiscate-gains", help="没收违法所得（元）"),
    goods: list[str] | None = typer.Option(
        None, "--confiscate", help="没收的侵权商品、工具，可多次给出"
    ),
    measures: list[str] | None = typer.Option(
        None, "--measure", help="其他处理，如 责令立即停止侵权行为，可多次给出"
    ),
    basis: str | None = typer.Option(
        None, "--basis", help="处罚依据，如 《中华人民共和国商标法》第六十条第二款"
    ),
    no_penalty: bool = typer.Option(
        False, "--no-penalty", help="决定不予行政处罚（或终止调查），须给出 --ground 和 --reason"
    ),
    ground: NoPenaltyGround | None = typer.Option(
        None, "--ground", help="不予行政处罚的情形：" + choices_zh(NoPenaltyGround)
    ),
    reason: str | None = typer.Option(None, "--reason", help="不予行政处罚的理由"),
    meeting: str | None = typer.Option(
        None, "--meeting", help="重大案件：集体讨论记录编号（并给出 --meeting-date 等）"
    ),
    meeting_date: str | None = typer.Option(None, "--meeting-date", help="集体讨论日期"),
    attendees: list[str] | None = typer.Option(
        None, "--attendee", help="参加集体讨论的负责人姓名，至少两名，可多次给出"
    ),
    conclusion: str | None = typer.Option(None, "--conclusion", help="集体讨论结论"),
    as_officer: str = as_option(),
    on: str | None = on_option("决定日期，默认现在"),
) -> None:
    """作出处罚决定（负责人，程序规定第六十条）；或 --no-penalty 决定不予行政处罚。

    案件已移送司法机关的，不得罚款（行政处罚法第三十五条第二款）。
    """
    if no_penalty:
        if ground is None:
            raise InputError("不予行政处罚须给出情形 --ground", "--ground needed", field="--ground")
        run_step(
            case_id, as_officer, "decline", on, cases.decline, ground=ground, reason=reason or ""
        )
        return
    if basis is None:
        raise InputError("处罚决定须给出处罚依据 --basis", "--basis needed", field="--basis")
    if number is not None:
        cfg = settings()
        parse_case_number(number, cfg.case_number_pattern, prefix=cfg.case_number_prefix)
    fields = {
        "number": number,
        "fine": amount(fine, "--fine") or Decimal(0),
        "confiscated_illegal_gains": amount(gains, "--confiscate-gains") or Decimal(0),
        "confiscated_goods": tuple(goods or ()),
        "other_measures": tuple(measures or ()),
        "legal_basis": basis,
    }
    record = None
    if meeting is not None:
        record = validated(
            CollectiveDecision,
            {"id": "--meeting", "held_on": "--meeting-date", "attendees": "--attendee",
             "conclusion": "--conclusion"},
            id=meeting, subject=CollectiveDecisionSubject.PENALTY_DECISION,
            held_on=day(meeting_date, "--meeting-date", "集体讨论日期"), attendees=tuple(attendees or ()),
            conclusion=conclusion or "",
        )  # fmt: skip
    run_step(case_id, as_officer, "decide", on, decide_with, fields=fields, meeting=record)


@app.command("serve")
def serve(
    case_id: str = CASE,
    method: ServiceMethod = typer.Option(
        ServiceMethod.DIRECT, "--method", help="送达方式：" + choices_zh(ServiceMethod)
    ),
    as_officer: str = as_option(),
    on: str | None = on_option("送达日期（当事人收到决定书之日），默认现在"),
) -> None:
    """送达行政处罚决定书（程序规定第八十一、八十二条）：开始计算十五日缴款期限。"""
    run_step(case_id, as_officer, "serve_decision", on, cases.serve_decision, method=method)


@app.command("pay")
def pay(
    case_id: str = CASE,
    paid: str = typer.Option(..., "--amount", help="缴纳的罚没款（元）"),
    due: str | None = typer.Option(None, "--due", help="缴款截止日期（默认：本案缴纳罚没款期限）"),
    as_officer: str = as_option(),
    on: str | None = on_option("缴款日期，默认现在"),
) -> None:
    """登记缴纳罚没款：逾期的按日加处罚款（行政处罚法第七十二条，程序规定第七十五条）。"""
    value = amount(paid, "--amount")
    run_step(
        case_id, as_officer, "record_payment", on, cases.record_payment,
        amount=value, payment_due=day(due, "--due"),
    )  # fmt: skip


class EnforceStep(StrEnum):
    APPLY = "apply"
    DONE = "done"


@app.command("enforce")
def enforce(
    case_id: str = CASE,
    step: EnforceStep = typer.Argument(
        ..., help="apply（负责人申请人民法院强制执行）或 done（登记执行完毕）"
    ),
    court: str | None = typer.Option(None, "--court", help="申请执行的人民法院（apply 时必填）"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """执行：申请人民法院强制执行（程序规定第七十六条），或登记执行完毕。"""
    if step is EnforceStep.DONE:
        run_step(case_id, as_officer, "record_execution", on, cases.record_execution)
        return
    if not court:
        raise InputError("申请强制执行须给出人民法院 --court", "--court needed", field="--court")
    run_step(
        case_id, as_officer, "apply_for_enforcement", on, cases.apply_for_enforcement, court=court
    )


@app.command("close")
def close(
    case_id: str = CASE,
    as_officer: str = as_option(),
    on: str | None = on_option("结案日期，默认现在"),
) -> None:
    """结案（负责人，程序规定第七十七条）：执行完毕、不予行政处罚或移送办结后。"""
    run_step(case_id, as_officer, "close", on, cases.close)
