"""`ipflow notify test|check|digest`: try a role's channels, check notify.yaml, queue digests."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.table import Table

from ipflow.cli.common import console, console_err, print_json, settings
from ipflow.domain.roles import ROLE_LABELS_ZH, Role
from ipflow.errors import ConfigurationError, TransientError
from ipflow.services.context import ServiceEnv
from ipflow.services.digests import queue_daily_digests
from ipflow.services.outbox_dispatch import check_notify_config, send_test_notice
from ipflow.store.db import make_engine
from ipflow.store.uow import UnitOfWork

app = typer.Typer(
    help="通知渠道：发送测试通知、检查渠道配置、生成每日待办摘要。", no_args_is_help=True
)


@app.callback()
def notify() -> None:
    """通知渠道：发送测试通知、检查渠道配置、生成每日待办摘要。"""


@app.command("test")
def test(
    role: Role = typer.Argument(..., help="接收角色：case_officer、head、police_liaison …"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """向该角色的每个渠道发送一条测试通知（未配置渠道时写入本地通知文件）。"""
    cfg = settings()
    engine = make_engine(cfg.effective_database_url)
    results = send_test_notice(cfg, role.value, engine=engine)
    if json_out:
        print_json(
            [
                {"channel": r.channel.label, "ok": r.ok, "permanent": r.permanent, "error": r.error}
                for r in results
            ]
        )
    else:
        table = Table("渠道", "结果", "错误", title=f"测试通知 → {role.label_zh}")
        for r in results:
            table.add_row(r.channel.label, "成功" if r.ok else "失败", r.error or "")
        console.print(table)
        if any(r.channel.name == "local" for r in results):
            console.print(f"本地通知文件：{cfg.notifications_file}")
    failed = [r for r in results if not r.ok]
    if failed:
        raise TransientError(
            f"测试通知发送失败：{len(failed)} 个渠道未送达",
            "test notice not delivered",
            channels=[r.channel.label for r in failed],
        )


@app.command("check")
def check(json_out: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """检查通知渠道配置（config/notify.yaml）：逐项列出错误（文件、行、字段），不显示任何密钥。"""
    cfg = settings()
    found = check_notify_config(cfg)
    if found is None:
        message = f"未配置通知渠道（{cfg.notify_config_path} 不存在）：所有通知写入本地文件 {cfg.notifications_file}"
        print_json(
            {"ok": True, "channels": [], "problems": [], "warnings": [message]}
        ) if json_out else console.print(message)
        return
    problems = [str(p) for p in found.problems]
    if json_out:
        print_json(
            {
                "ok": found.ok,
                "file": str(found.path),
                "channels": [
                    {
                        "name": c.name,
                        "address": c.label,
                        "tags": sorted(c.tags),
                        "kinds": sorted(c.kinds),
                        "group": c.group,
                        "per_officer": c.per_officer,
                        "rate_limit": c.rate_limit,
                    }
                    for c in found.channels
                ],
                "routes": found.routes,
                "problems": problems,
                "warnings": found.warnings,
            }
        )
    else:
        table = Table(
            "渠道", "地址（已隐去密钥）", "送达对象", "类型", "限速/分钟", title=str(found.path)
        )
        for c in found.channels:
            kind = "群聊（脱敏）" if c.group else ("逐人邮件" if c.per_officer else "直达")
            scope = "、".join(sorted(c.tags)) + (
                f"；仅 {'、'.join(sorted(c.kinds))}" if c.kinds else ""
            )
            table.add_row(c.name, c.label, scope, kind, str(c.rate_limit or "不限"))
        console.print(table)
        for role, names in found.routes.items():
            label = ROLE_LABELS_ZH.get(Role(role), role)
            console.print(f"{label}（{role}）→ {'、'.join(names) or '本地通知文件'}")
        for warning in found.warnings:
            console.print(f"[yellow]提示：{warning}[/]")
        for problem in problems:
            console_err.print(f"[red]错误：{problem}[/]")
    if found.problems:
        first = found.problems[0]
        raise ConfigurationError(
            f"通知渠道配置有 {len(found.problems)} 处错误，第一处：{first.zh}",
            "notify.yaml has errors",
            **first.context,
        )
    if not json_out:
        console.print("通知渠道配置检查通过。")


@app.command("digest")
def digest(json_out: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """为每位执法人员生成今日待办期限摘要（每人每日一条，重复执行不会重复生成）。"""
    cfg = settings()
    engine = make_engine(cfg.effective_database_url)
    env = ServiceEnv.from_settings(cfg)
    with UnitOfWork(engine) as uow:
        run = queue_daily_digests(uow, env, datetime.now(UTC), within_days=cfg.notify_digest_days)
        uow.commit()
    if json_out:
        print_json(run.model_dump())
        return
    console.print(
        f"已生成 {run.queued} 条待办摘要（{run.officers} 名执法人员；今日已生成 {run.already_queued} 条，"
        f"无待办 {run.nothing_due} 名）。用 ipflow outbox dispatch 发送。"
    )
