"""`ipflow evidence add|list|verify`: evidence files kept by SHA-256 and recorded on a case
(and, with ``--referral``, in the referral's Decree 310 Art. 6 package)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from ipflow.cli.case_input import CASE_ARG_HELP, choices_zh
from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext, as_option, on_option
from ipflow.cli.tables import folding_table
from ipflow.domain.evidence import Material
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE
from ipflow.domain.roles import Role
from ipflow.errors import InputError, IntegrityViolation, RoleNotAllowed
from ipflow.services import evidence_views, officers
from ipflow.services.evidence import attach_evidence, verify_evidence
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.uow import UnitOfWork

app = typer.Typer(
    help="证据材料：附加到案件（及移送材料）、列出、校验是否被改动。", no_args_is_help=True
)

# Who may file evidence on a case that is not (yet) in a referral package: the officers
# who record the facts, and the head. A referral's package follows its own lifecycle.
CASE_EVIDENCE_ROLES = (Role.CASE_OFFICER, Role.HEAD)


@app.command("add")
def add(
    case_id: str = typer.Argument(..., help=CASE_ARG_HELP),
    file: Path = typer.Argument(..., help="证据文件（复制保存，按 SHA-256 校验）"),
    kind: Material = typer.Option(..., "--kind", help="材料类别：" + choices_zh(Material)),
    title: str | None = typer.Option(None, "--title", help="标题，如 鉴定意见书（2026）第12号"),
    referral: str | None = typer.Option(
        None, "--referral", help="同时列入此移送的移送材料（国务院令第310号第六条）"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """附加证据文件：文件按 SHA-256 保存并登记到案件；加 --referral 同时列入移送材料。"""
    if not file.is_file():
        raise InputError(
            f"证据文件 {file} 不存在或不是普通文件", "evidence file not found", field="FILE"
        )
    ctx = CommandContext.load()
    at = ctx.when(on)
    store = EvidenceFileStore(ctx.settings.evidence_dir)
    with ctx.write() as uow:
        if referral is not None:
            actor = ctx.actor(uow, as_officer, REFERRAL_LIFECYCLE, "attach_evidence")
        else:
            actor = officers.actor_for(uow.session, as_officer, CASE_EVIDENCE_ROLES)
            if actor.role not in CASE_EVIDENCE_ROLES:
                allowed = "、".join(r.label_zh for r in CASE_EVIDENCE_ROLES)
                raise RoleNotAllowed(
                    f"「{actor.role.label_zh}」不能附加案件证据；可执行该操作的角色：{allowed}",
                    "role may not attach case evidence",
                    command="attach_evidence",
                    role=actor.role,
                    allowed_roles=CASE_EVIDENCE_ROLES,
                )
        row = attach_evidence(
            uow, ctx.env, case_id, file, kind, actor, at, store, referral_id=referral, title=title
        )
        sha256 = row.sha256
    console.print(
        f"已附加证据：案件 {escape(case_id)}「{kind.label_zh}」{escape(file.name)}"
        f"（SHA-256 {sha256[:16]}…，{actor.role.label_zh} {escape(actor.name)}）",
        highlight=False,
    )
    if referral is not None:
        console.print(f"  已列入移送 {escape(referral)} 的移送材料", highlight=False)


@app.command("list")
def list_(
    case_id: str = typer.Argument(..., help=CASE_ARG_HELP),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON（供脚本使用）"),
) -> None:
    """列出案件的证据文件：类别、标题、文件名、大小、SHA-256、登记人和时间。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        items = evidence_views.evidence_of(session, case_id, ctx.timezone)
    if json_out:
        print_json(items)
        return
    table = folding_table(
        "#", "材料类别", "标题", "文件名", "大小", "SHA-256", "登记人", "登记时间", "移送",
        title=f"案件 {escape(case_id)} 的证据（{len(items)}）", fixed=("#",),
    )  # fmt: skip
    for e in items:
        table.add_row(
            str(e.id),
            e.material_zh,
            escape(e.title or ""),
            escape(e.file_name),
            f"{e.size:,} 字节",
            e.sha256[:16] + "…",
            escape(e.actor_name or e.actor_id),
            f"{e.recorded_at:%Y-%m-%d %H:%M}",
            escape(e.referral_id or ""),
        )
    console.print(table)


@app.command("verify")
def verify(
    case_id: str | None = typer.Argument(None, help="只校验此案件（默认全部）"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON（供脚本使用）"),
) -> None:
    """校验证据文件：每个已登记的文件仍在且 SHA-256 未变；发现问题即报错（退出码 4）。"""
    ctx = CommandContext.load()
    store = EvidenceFileStore(ctx.settings.evidence_dir)
    with UnitOfWork(ctx.engine) as uow:
        if case_id is not None:
            evidence_views.evidence_of(uow.session, case_id)  # NotFound for an unknown case
        problems = verify_evidence(uow, store, case_id=case_id)
    found = [
        {"case_id": p.case_id, "sha256": p.sha256, "file_name": p.file_name,
         "problem": p.problem, "detail_zh": p.detail_zh}
        for p in problems
    ]  # fmt: skip
    if json_out:
        print_json({"ok": not problems, "problems": found})
    elif not problems:
        console.print("[green]证据文件完好：均在，且 SHA-256 与登记时一致。[/]")
    else:
        table = folding_table("案件", "文件名", "SHA-256", "问题", title="证据文件问题")
        for p in problems:
            table.add_row(
                escape(p.case_id), escape(p.file_name), p.sha256[:16] + "…", escape(p.detail_zh)
            )
        console.print(table)
    if problems:
        raise IntegrityViolation(
            f"证据校验失败：发现 {len(problems)} 个文件缺失或被改动",
            "evidence verification failed",
            findings=found,
        )
