"""`ipflow notify test ROLE`: send a test message through the channels of one role."""

from __future__ import annotations

import typer
from rich.table import Table

from ipflow.cli.common import console, print_json, settings
from ipflow.domain.roles import Role
from ipflow.errors import TransientError
from ipflow.services.outbox_dispatch import send_test_notice

app = typer.Typer(help="通知渠道：发送测试通知。", no_args_is_help=True)


@app.callback()
def notify() -> None:
    """通知渠道：发送测试通知。"""  # a group even with one command (issue 9 adds `check`)


@app.command("test")
def test(
    role: Role = typer.Argument(..., help="接收角色：case_officer、head、police_liaison …"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """向该角色的每个渠道发送一条测试通知（未配置渠道时写入本地通知文件）。"""
    cfg = settings()
    results = send_test_notice(cfg, role.value)
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
