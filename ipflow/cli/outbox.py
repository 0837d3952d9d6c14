"""`ipflow outbox dispatch|list|show|retry|dead`: deliver queued notifications and look into them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from ipflow.cli.common import console, print_json, settings
from ipflow.errors import InputError
from ipflow.services.outbox_admin import (
    STATUS_LABELS_ZH,
    count_by_status,
    dead_message_ids,
    list_messages,
    retry_messages,
    show_message,
)
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.store.db import make_engine
from ipflow.store.tables import OutboxStatus

app = typer.Typer(help="通知发件箱：发送待发通知，查看、重试死信。", no_args_is_help=True)


def _local(value: datetime | None, zone: str) -> str:
    return "" if value is None else value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")


def _status(value: str) -> str:
    return STATUS_LABELS_ZH.get(value, value)


@app.command("dispatch")
def dispatch(
    max_batches: int | None = typer.Option(None, "--max-batches", min=1, help="最多处理的批次数"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """发送到期的待发通知：失败的按退避时间重试，超过次数或永久性失败的转入死信。"""
    cfg = settings()
    engine = make_engine(cfg.effective_database_url)
    report = build_dispatcher(cfg, engine).run(max_batches=max_batches)
    if json_out:
        print_json(report.__dict__)
        return
    console.print(
        f"本次领取 {report.claimed} 条：已发送 {report.sent} 条，待重试 {report.retrying} 条，"
        f"转入死信 {report.dead} 条"
        + (f"，限速延后 {report.deferred} 条" if report.deferred else "")
        + (f"，租约已失效 {report.lease_lost} 条" if report.lease_lost else "")
        + (f"，退回 {report.released} 条" if report.released else "")
    )
    if report.dead:
        console.print(
            "[yellow]有通知转入死信：用 ipflow outbox dead 查看，ipflow outbox retry 重试。[/]"
        )


def _print_rows(rows: list[dict], zone: str, title: str) -> None:
    table = Table(
        "编号",
        "模板",
        "案件",
        "接收角色",
        "状态",
        "次数",
        "下次尝试/发送时间",
        "最近错误",
        title=title,
    )
    for row in rows:
        when = row["sent_at"] or row["next_attempt_at"] or row["not_before"]
        table.add_row(
            str(row["id"]),
            row["kind"],
            row["case_id"] or "",
            row["recipient_role"],
            _status(row["status"]),
            str(row["attempts"]),
            _local(when, zone),
            (row["last_error"] or "")[:60],
        )
    console.print(table)


@app.command("list")
def list_(
    status: OutboxStatus | None = typer.Option(
        None, "--status", help="pending 待发送 / sent 已发送 / dead 死信"
    ),
    limit: int = typer.Option(50, "--limit", min=1, help="最多列出条数（最新的在前）"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出通知（最新的在前）。"""
    cfg = settings()
    engine = make_engine(cfg.effective_database_url)
    rows = list_messages(engine, status=status, limit=limit)
    if json_out:
        print_json(rows)
        return
    counts = count_by_status(engine)
    summary = "，".join(f"{_status(k)} {v} 条" for k, v in sorted(counts.items())) or "发件箱为空"
    _print_rows(rows, cfg.timezone, f"通知发件箱（{summary}）")


@app.command("dead")
def dead(
    limit: int = typer.Option(50, "--limit", min=1),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出死信：已放弃发送的通知及原因。"""
    cfg = settings()
    rows = list_messages(
        make_engine(cfg.effective_database_url), status=OutboxStatus.DEAD, limit=limit
    )
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("没有死信。")
        return
    _print_rows(rows, cfg.timezone, f"死信 {len(rows)} 条（ipflow outbox retry 编号 可重试）")


@app.command("show")
def show(
    outbox_id: int = typer.Argument(..., help="通知编号"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """查看一条通知及其每次发送尝试（渠道地址已脱敏）。"""
    cfg = settings()
    detail = show_message(make_engine(cfg.effective_database_url), outbox_id)
    if json_out:
        print_json({**detail.row, "attempt_log": detail.attempts})
        return
    row = detail.row
    console.print(
        f"通知 {row['id']}：{row['kind']} → {row['recipient_role']}（{_status(row['status'])}）"
    )
    console.print(f"键：{row['key']}")
    if row["case_id"]:
        console.print(f"案件：{row['case_id']}")
    console.print(f"尝试次数：{row['attempts']}；最近错误：{row['last_error'] or '无'}")
    table = Table("时间", "渠道", "结果", "错误")
    for attempt in detail.attempts:
        table.add_row(
            _local(attempt["attempted_at"], cfg.timezone),
            attempt["channel"],
            "成功" if attempt["ok"] else "失败",
            attempt["error"] or "",
        )
    console.print(table)


@app.command("retry")
def retry(
    outbox_ids: list[int] | None = typer.Argument(None, help="通知编号（可多个）"),
    all_dead: bool = typer.Option(False, "--all-dead", help="重试全部死信"),
) -> None:
    """重试死信（重新计算尝试次数，历史尝试保留）；待发送的通知改为立即发送。"""
    cfg = settings()
    engine = make_engine(cfg.effective_database_url)
    ids = list(outbox_ids or [])
    if all_dead:
        ids += dead_message_ids(engine)
    if not ids:
        raise InputError(
            "请给出通知编号，或使用 --all-dead", "no message ids given", field="OUTBOX_IDS"
        )
    count = retry_messages(engine, sorted(set(ids)), now=datetime.now(UTC))
    console.print(f"已重新排队 {count} 条通知，下次 ipflow outbox dispatch 时发送。")
