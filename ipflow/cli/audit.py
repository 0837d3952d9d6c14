"""`ipflow audit verify`: recompute every audit chain and report tampering;
`ipflow audit show CASE`: one case's audit entries (its clue's and referrals' too), verified."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from ipflow.cli.common import console, print_json, settings
from ipflow.cli.context import CommandContext
from ipflow.cli.tables import folding_table
from ipflow.errors import IntegrityViolation
from ipflow.services.audit import verify_audit
from ipflow.services.audit_views import ChainView, audit_trail
from ipflow.store.db import make_engine
from ipflow.store.keys import audit_chain
from ipflow.store.uow import UnitOfWork

app = typer.Typer(help="审计：查看案件的审计记录，校验审计链是否被篡改。", no_args_is_help=True)


@app.command("verify")
def verify(json_out: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """重新计算全部审计链：发现被修改、删除、重排的审计条目和被删除的记录即报错（退出码 4）。"""
    cfg = settings()
    with UnitOfWork(make_engine(cfg.effective_database_url)) as uow:
        report = verify_audit(uow, audit_chain(cfg))
    findings = [
        {
            "aggregate_kind": f.aggregate_kind,
            "aggregate_id": f.aggregate_id,
            "problem": f.problem,
            "seq": f.seq,
            "detail_zh": f.detail_zh,
        }
        for f in report.findings
    ]
    if json_out:
        print_json(
            {
                "ok": report.ok,
                "registrations": report.registrations,
                "entries": report.entries,
                "head": report.head,
                "findings": findings,
            }
        )
    else:
        console.print(
            f"已校验：登记 {report.registrations} 条记录，审计条目 {report.entries} 条；"
            f"登记链头 {report.head[:16]}…（请记录，以便日后比对）"
        )
        if report.ok:
            console.print("[green]审计链完整，未发现篡改。[/]")
        else:
            table = Table("类型", "编号", "问题", "说明")
            for f in findings:
                table.add_row(
                    str(f["aggregate_kind"]),
                    str(f["aggregate_id"]),
                    str(f["problem"]),
                    str(f["detail_zh"]),
                )
            console.print(table)
    if not report.ok:
        raise IntegrityViolation(
            f"审计链校验失败：发现 {len(findings)} 处问题",
            "audit verification failed",
            findings=findings,
        )


@app.command("show")
def show(
    case_id: str = typer.Argument(..., help="案件编号，如 C-2026-001"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """查看一个案件的审计记录（含其线索和移送），逐条校验审计链；有问题即报错（退出码 4）。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        trail = audit_trail(session, ctx.env.chain, case_id, ctx.timezone)
    if json_out:
        print_json(
            {
                "case_id": trail.case_id,
                "ok": trail.ok,
                "chains": [{**c.model_dump(mode="json"), "ok": c.ok} for c in trail.chains],
            }
        )
    else:
        for chain in trail.chains:
            _print_chain(chain)
        if trail.ok:
            console.print("[green]审计链完整：以上条目均通过校验。[/]")
    if not trail.ok:
        problems = [f"{c.aggregate_kind_zh} {c.aggregate_id}：{p}" for c in trail.chains
                    for p in c.problems_zh]  # fmt: skip
        raise IntegrityViolation(
            "审计链校验失败：" + "；".join(problems),
            "audit verification failed",
            findings=problems,
        )


def _print_chain(chain: ChainView) -> None:
    table = folding_table(
        "#", "时间", "操作", "执行人（角色）", "状态变化", "理由", "依据", "校验", fixed=("#", "校验"),
        title=f"{chain.aggregate_kind_zh} {escape(chain.aggregate_id)}（{len(chain.entries)} 条）",
    )  # fmt: skip
    for item in chain.entries:
        e = item.entry
        moved = " → ".join(s for s in (e.from_state_zh, e.to_state_zh) if s)
        table.add_row(
            str(e.seq),
            f"{e.occurred_at:%Y-%m-%d %H:%M}",
            e.command_zh + (f"：{escape(e.detail_zh)}" if e.detail_zh else ""),
            escape(f"{e.actor_name or e.actor_id}（{e.role_zh}）"),
            moved,
            escape(e.reason or ""),
            escape(e.basis or ""),
            "[green]✓[/]" if item.verified else "[bold red]✗[/]",
        )
    console.print(table)
    for problem in chain.problems_zh:
        console.print(f"[bold red]问题[/]：{escape(problem)}", highlight=False)
