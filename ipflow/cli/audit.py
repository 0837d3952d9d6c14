"""`ipflow audit verify`: recompute every audit chain and report tampering."""

from __future__ import annotations

import typer
from rich.table import Table

from ipflow.cli.common import console, print_json, settings
from ipflow.errors import IntegrityViolation
from ipflow.services.audit import verify_audit
from ipflow.store.db import make_engine
from ipflow.store.keys import audit_chain
from ipflow.store.uow import UnitOfWork

app = typer.Typer(help="审计：校验审计链是否被篡改。", no_args_is_help=True)


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
