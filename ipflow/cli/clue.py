"""`ipflow clue add|list|show`: 线索 (complaints, transfers, assignments; inspection findings)."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer
from rich.table import Table

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext, as_option, on_option, parse_day
from ipflow.cli.sheet_output import listing, say
from ipflow.domain.clue_lifecycle import CLUE_LIFECYCLE, ClueState
from ipflow.domain.clues import Clue, ClueSource
from ipflow.domain.parties import INDIVIDUAL_BUSINESS_PREFIX, Party, PartyKind
from ipflow.errors import InputError
from ipflow.services import clues, field_views
from ipflow.store.tables import ClueRow

app = typer.Typer(
    help="线索：登记投诉举报、其他部门移送、上级交办的线索，查看线索与核查期限。",
    no_args_is_help=True,
)

_SOURCE_HELP = "线索来源：" + "，".join(f"{s.value}（{s.label_zh}）" for s in ClueSource)
_STATE_HELP = "只看此状态：" + "，".join(
    f"{s.value}（{CLUE_LIFECYCLE.state_labels[s]}）" for s in ClueState
)
_STATUS_ZH = {"open": "计算中", "met": "已完成", "missed": "已超期", "cancelled": "已取消"}


def mask_id_number(number: str) -> str:
    """公民身份号码 shown as 1101**********1234 (personal data)."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:] if len(number) > 8 else "****"


def _party(name: str | None, code: str | None, id_number: str | None) -> tuple[Party, ...]:
    if name is None and code is None and id_number is None:
        return ()
    if not name:
        raise InputError(
            "须写明当事人名称（--party-name）", "party name required", field="--party-name"
        )
    if code and id_number:
        raise InputError(
            "当事人只填统一社会信用代码或公民身份号码之一（个体工商户填信用代码）",
            "give either a credit code or an identity number",
            field="--party-id",
        )
    try:
        if id_number:
            return (Party(kind=PartyKind.NATURAL_PERSON, name=name, resident_id=id_number),)
        if not code:
            raise InputError(
                "须填写当事人的统一社会信用代码（--party-code）或公民身份号码（--party-id）",
                "party identifier required",
                field="--party-code",
            )
        individual = code.strip().upper().startswith(INDIVIDUAL_BUSINESS_PREFIX)
        kind = PartyKind.INDIVIDUAL_BUSINESS if individual else PartyKind.ORGANISATION
        return (Party(kind=kind, name=name, credit_code=code),)
    except ValueError as exc:  # pydantic's ValidationError: an invalid identifier
        message = str(exc).split("Value error, ", 1)[-1].split("\n", 1)[0]
        field = "--party-id" if id_number else "--party-code"
        raise InputError(message, "invalid party identifier", field=field) from None


@app.command("add")
def add(
    source: ClueSource = typer.Option(..., "--source", help=_SOURCE_HELP),
    summary: str = typer.Option(..., "--summary", help="线索内容摘要"),
    clue_id: str | None = typer.Option(
        None, "--id", help="线索编号，默认按「XS-年份-序号」自动编号"
    ),
    received_on: str | None = typer.Option(
        None, "--received-on", help="发现线索或收到材料之日（YYYY-MM-DD），默认为 --on 的日期"
    ),
    campaign_id: str | None = typer.Option(None, "--campaign", help="所属专项行动编号（如有）"),
    inspection_id: str | None = typer.Option(
        None, "--inspection", help="检查记录编号（来源为检查发现时必填）"
    ),
    party_name: str | None = typer.Option(None, "--party-name", help="当事人名称或姓名"),
    party_code: str | None = typer.Option(None, "--party-code", help="当事人统一社会信用代码"),
    party_id: str | None = typer.Option(None, "--party-id", help="当事人公民身份号码（自然人）"),
    as_officer: str = as_option(),
    on: str | None = on_option("登记日期（YYYY-MM-DD），默认现在"),
) -> None:
    """登记线索（承办人或负责人）。核查期限（15个工作日）自收到之日起计算。"""
    if not summary.strip():
        raise InputError("线索摘要不能为空", "summary required", field="--summary")
    parties = _party(party_name, party_code, party_id)
    received = (
        parse_day(received_on, field_name="--received-on", happened="收到日期")
        if received_on
        else None
    )
    ctx = CommandContext.load()
    at = ctx.when(on)
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, CLUE_LIFECYCLE, "receive")
        if campaign_id is not None:
            field_views.campaign(uow.session, campaign_id)  # an unknown campaign is refused
        new_id = clue_id or field_views.next_id(
            uow.session, ClueRow, f"XS-{ctx.env.local_date(at).year}-"
        )
        result = clues.receive_clue(
            uow,
            ctx.env,
            actor,
            at,
            clue_id=new_id,
            source=source,
            summary=summary.strip(),
            received_on=received or ctx.env.local_date(at).date(),
            campaign_id=campaign_id,
            inspection_id=inspection_id,
            parties=parties,
        )
        _, deadlines = field_views.clue(uow.session, new_id)
    clue = result.aggregate
    due = next((d.due_date for d in deadlines if d.status == "open"), None)
    say(
        f"已登记线索 {clue.id}（{clue.source.label_zh}，收到于{clue.received_on}）"
        + (f"；核查并决定是否立案的期限：{due}" if due else ""),
    )


def _clue_json(clue: Clue) -> dict[str, Any]:
    return clue.model_dump(
        mode="json",
        include={"id", "state", "source", "received_on", "summary", "campaign_id"}
        | {"inspection_id", "parties", "case_id", "verification_extended", "version"},
    )


def _party_zh(party: Party) -> str:
    key = party.credit_code or mask_id_number(party.resident_id or "")
    return f"{party.name}（{key}）"


@app.command("list")
def list_(
    campaign_id: str | None = typer.Option(None, "--campaign", help="只看此专项行动的线索"),
    state: ClueState | None = typer.Option(None, "--state", help=_STATE_HELP),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出线索。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        found = field_views.list_clues(
            session, campaign_id=campaign_id, state=state.value if state else None
        )
    if json_out:
        print_json([_clue_json(c) for c in found])
        return
    columns = ("编号", "来源", "收到日期", "状态", "摘要", "专项行动")
    table = listing(f"线索（{len(found)}）", columns, keys=3)
    for c in found:
        table.add_row(
            c.id,
            c.source.label_zh,
            str(c.received_on),
            CLUE_LIFECYCLE.state_labels[c.state],
            c.summary,
            c.campaign_id or "",
        )
    console.print(table)


@app.command("show")
def show(
    clue_id: str = typer.Argument(..., help="线索编号"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """查看线索：来源、当事人、状态与核查期限（《市场监督管理行政处罚程序规定》第十八条）。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        clue, deadlines = field_views.clue(session, clue_id)
    if json_out:
        print_json(
            {
                **_clue_json(clue),
                "deadlines": [
                    {"rule": d.rule_id, "due": d.due_date, "status": d.status, "start": d.start}
                    for d in deadlines
                ],
            }
        )
        return
    table = Table("项目", "内容", title=f"线索 {clue.id}", show_header=False)
    table.add_row("来源", clue.source.label_zh)
    table.add_row("收到日期", str(clue.received_on))
    table.add_row("状态", CLUE_LIFECYCLE.state_labels[clue.state])
    table.add_row("摘要", clue.summary)
    table.add_row("当事人", "、".join(_party_zh(p) for p in clue.parties) or "—")
    table.add_row("专项行动", clue.campaign_id or "—")
    table.add_row("检查记录", clue.inspection_id or "—")
    if clue.case_id:
        table.add_row("案件", clue.case_id)
    for d in deadlines:
        title = ctx.env.rule_book.get(d.rule_id).title_zh
        today = ctx.env.local_date(ctx.when(None)).date()
        left = _days_left(d.due_date, today) if d.status == "open" else ""
        table.add_row(title, f"{d.due_date}（{_STATUS_ZH.get(d.status, d.status)}{left}）")
    console.print(table)


def _days_left(due: date, today: date) -> str:
    days = (due - today).days
    return f"，还剩{days}日" if days >= 0 else f"，已过{-days}日"
