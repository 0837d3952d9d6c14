"""`ipflow referral` — the bureau's side of a referral (Decree 310 Art. 4–6):
create (涉嫌犯罪 + 专案组), attach, report, approve, decline, send-back, send.

Every step runs in one transaction: the acting officer is resolved in the role the
referral lifecycle allows, the services record the step, its audit entry and its
deadlines; anything refused rolls all of it back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import typer
from sqlmodel import col, select

from ipflow.cli.approvals import start_follow_up
from ipflow.cli.context import CommandContext, as_option, on_option
from ipflow.cli.referral_output import step_done
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE
from ipflow.domain.cases import Case
from ipflow.domain.evidence import Material
from ipflow.domain.lifecycle import Actor
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE
from ipflow.domain.referrals import Referral
from ipflow.errors import InputError
from ipflow.services import cases, referral_views, referrals
from ipflow.services.commands import load
from ipflow.services.evidence import attach_evidence
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import OfficerRow, UnitKind
from ipflow.store.uow import UnitOfWork

Action = Callable[[UnitOfWork, CommandContext, Actor, datetime], object]

REFERRAL_ARG = "移送编号（见 ipflow referral list）"
ON_STEP = "办理日期或时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM，北京时间），默认现在"
_MATERIAL_HELP = "材料类别（第六条）：" + "，".join(f"{m.value}（{m.label_zh}）" for m in Material)


def record_step(
    referral_id: str,
    as_officer: str,
    on: str | None,
    command: str,
    action: Action,
    *notes: str,
) -> None:
    """Run ``action`` for ``command`` as ``as_officer`` in one transaction, then confirm."""
    ctx = CommandContext.load()
    at = ctx.when(on)  # a bad date stops here, before the database is opened
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, REFERRAL_LIFECYCLE, command)
        action(uow, ctx, actor, at)
    step_done(ctx, referral_id, REFERRAL_LIFECYCLE.command_label(command), *notes)


def _require_officers(uow: UnitOfWork, officer_ids: list[str]) -> None:
    wanted = list(dict.fromkeys(i.strip() for i in officer_ids))
    known = set(
        uow.session.exec(
            select(OfficerRow.id).where(col(OfficerRow.id).in_(wanted), OfficerRow.active)
        ).all()
    )
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise InputError(
            f"--team 中的执法人员未登记或已停用：{'、'.join(unknown)}（ipflow officer list 查看）",
            f"unknown team officers: {', '.join(unknown)}",
            field="--team",
        )


def create(
    case_id: str = typer.Argument(..., help="案件编号（已立案、尚未作出处罚决定）"),
    team: list[str] = typer.Option(
        ..., "--team", help="专案组成员的执法人员编号，至少2名，每人给一次 --team"
    ),
    crime: str | None = typer.Option(
        None, "--crime", help="涉嫌罪名，如「刑法第二百一十三条 假冒注册商标罪」"
    ),
    referral_id: str | None = typer.Option(None, "--id", help="移送编号，默认 R-<案件编号>"),
    reason: str | None = typer.Option(None, "--reason", help="认定涉嫌犯罪的理由（可选）"),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """认定案件涉嫌犯罪并立即组成专案组（第五条第一款），由负责人办理。

    案件转为「已移送司法机关」，不再作出罚款（行政处罚法第三十五条）。
    Find a suspected crime on the case and form the special team.
    """
    ctx = CommandContext.load()
    at = ctx.when(on)
    with ctx.write() as uow:
        _require_officers(uow, team)
        case = load(uow, Case, case_id)
        if case.referred and case.referral_id is not None:
            if referral_id is not None and referral_id != case.referral_id:
                raise InputError(
                    f"案件 {case_id} 已认定涉嫌犯罪，移送编号为 {case.referral_id}，与 --id 不符",
                    "the case already names another referral",
                    field="--id",
                )
            new_id = case.referral_id
        else:
            if not crime or not crime.strip():
                raise InputError(
                    "请用 --crime 写明涉嫌的罪名（如 刑法第二百一十三条 假冒注册商标罪）",
                    "--crime is required",
                    field="--crime",
                )
            new_id = referral_id or f"R-{case_id}"
            finder = ctx.actor(uow, as_officer, CASE_LIFECYCLE, "find_suspected_crime")
            cases.find_suspected_crime(
                uow, ctx.env, case_id, finder, at,
                referral_id=new_id, suspected_crime=crime.strip(), reason=reason,
            )  # fmt: skip
        head = ctx.actor(uow, as_officer, REFERRAL_LIFECYCLE, "form_special_team")
        referrals.form_special_team(uow, ctx.env, case_id, head, at, officer_ids=tuple(team))
    step_done(
        ctx,
        new_id,
        "认定涉嫌犯罪并组成专案组",
        f"  案件 {case_id} 等待移送结果；请附移送材料（ipflow referral attach）并提交移送报告。",
    )


def attach(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    file: Path = typer.Argument(..., help="材料文件（按 SHA-256 保存，不可更改）"),
    kind: Material = typer.Option(..., "--kind", help=_MATERIAL_HELP),
    title: str | None = typer.Option(None, "--title", help="材料标题（可选）"),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """把一份材料附入移送材料（第四条、第六条），同时登记为案件证据。Attach a file to the package."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        case_id = load(uow, Referral, referral_id).case_id
        store = EvidenceFileStore(ctx.settings.evidence_dir)
        attach_evidence(
            uow,
            ctx.env,
            case_id,
            file,
            kind,
            actor,
            at,
            store,
            referral_id=referral_id,
            title=title,
        )

    record_step(referral_id, as_officer, on, "attach_evidence", action, f"  已附：{kind.label_zh}")


def report(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    summary: str = typer.Option(..., "--summary", help="移送涉嫌犯罪案件书面报告的摘要"),
    crime: str | None = typer.Option(
        None, "--crime", help="涉嫌罪名；默认为认定涉嫌犯罪时写明的罪名"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """专案组提交移送涉嫌犯罪案件的书面报告，报负责人审批（第五条第一款）。Submit the report."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        named = crime.strip() if crime and crime.strip() else None
        if named is None:
            case_id = load(uow, Referral, referral_id).case_id
            named = referral_views.suspected_crime_found(uow.session, case_id, referral_id)
        if named is None:
            raise InputError("请用 --crime 写明涉嫌的罪名", "--crime is required", field="--crime")
        referrals.submit_report(
            uow, ctx.env, referral_id, actor, at, summary=summary, suspected_crime=named
        )

    record_step(referral_id, as_officer, on, "submit_report", action)


def approve(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    as_officer: str = as_option(),
    on: str | None = on_option("批准时间（YYYY-MM-DDTHH:MM），24小时移送期限由此起算；默认现在"),
) -> None:
    """负责人批准移送（自接到报告之日起3日内决定；批准后24小时内移送，第五条第二款）。Approve."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        referrals.approve(uow, ctx.env, referral_id, actor, at)

    record_step(referral_id, as_officer, on, "approve", action)
    start_follow_up(CommandContext.load().settings, "referral-dispatch")


def decline(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    reason: str = typer.Option(..., "--reason", help="不批准移送的理由（记录在案）"),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """负责人不批准移送，理由记录在案（第五条第二款）；案件恢复行政办理。Decline the referral."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        result = referrals.decline(uow, ctx.env, referral_id, actor, at, reason=reason)
        taker = ctx.actor(uow, actor.officer_id, CASE_LIFECYCLE, "take_back")
        cases.take_back(uow, ctx.env, result.aggregate.case_id, taker, at, reason=reason)

    record_step(referral_id, as_officer, on, "decline", action, "  案件已恢复行政办理（调查中）。")


def send_back(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    reason: str = typer.Option(..., "--reason", help="退回专案组补充的理由"),
    as_officer: str = as_option(),
    on: str | None = on_option(ON_STEP),
) -> None:
    """负责人将移送报告退回专案组补充。Send the report back to the special team."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        referrals.send_back(uow, ctx.env, referral_id, actor, at, reason=reason)

    record_step(referral_id, as_officer, on, "send_back", action)


def send(
    referral_id: str = typer.Argument(..., help=REFERRAL_ARG),
    police: str | None = typer.Option(
        None, "--police", help="接受移送的公安机关（单位编号或名称）；只登记了一个公安机关时可省略"
    ),
    procuratorate: str | None = typer.Option(
        None, "--procuratorate", help="抄送的人民检察院（单位编号或名称）；只登记了一个时可省略"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option("移送时间（YYYY-MM-DDTHH:MM），与批准时间比较24小时期限；默认现在"),
) -> None:
    """移送同级公安机关并抄送人民检察院（第五条第二款、第六条）；移送材料须齐全。Send to the police."""

    def action(uow: UnitOfWork, ctx: CommandContext, actor: Actor, at: datetime) -> None:
        session = uow.session
        police_unit = referral_views.contact_unit(
            session, UnitKind.POLICE, police, option="--police"
        )
        copy_to = referral_views.contact_unit(
            session, UnitKind.PROCURATORATE, procuratorate, option="--procuratorate"
        )
        referrals.send(
            uow, ctx.env, referral_id, actor, at, police_unit=police_unit, procuratorate=copy_to
        )

    record_step(referral_id, as_officer, on, "send", action)
