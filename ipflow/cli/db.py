"""`ipflow db`: schema migrations, online backup / restore of the SQLite file, and
`ipflow db check`: the schema's version and that the data directory is private.

For PostgreSQL, use the standard tools (see README): ``pg_dump -Fc`` and ``pg_restore``.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import typer
from sqlalchemy.engine import make_url

from ipflow.cli.common import console, print_json, settings
from ipflow.cli.sheet_output import say
from ipflow.errors import ConfigurationError, InputError
from ipflow.private_files import (
    FILE_MODE,
    private_data_dir,
    private_output,
    tighten,
    wider_than_private,
)
from ipflow.settings import Settings
from ipflow.store.db import make_engine
from ipflow.store.migrate import current_revision, head_revision, upgrade

app = typer.Typer(help="数据库：升级表结构、备份与恢复（SQLite）。", no_args_is_help=True)


def _sqlite_path() -> Path:
    url = make_url(settings().effective_database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise ConfigurationError(
            "备份与恢复命令仅适用于 SQLite；PostgreSQL 请使用 pg_dump / pg_restore（见 README）",
            "backup/restore is for SQLite; use pg_dump/pg_restore for PostgreSQL",
            field="IPFLOW_DATABASE_URL",
        )
    return Path(url.database)


@app.command("upgrade")
def db_upgrade() -> None:
    """创建数据库或将表结构升级到最新版本（可重复执行）。"""
    cfg = settings()
    private_data_dir(cfg.data_dir)
    engine = make_engine(cfg.effective_database_url)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    if before == after:
        console.print(f"数据库已是最新版本（{after}）。")
    else:
        console.print(
            f"数据库已升级：{before or '空库'} → {after}（最新 {head_revision(engine)}）。"
        )


@app.command("backup")
def db_backup(
    target: Path = typer.Argument(..., help="备份文件路径（不得已存在）"),
) -> None:
    """在线备份 SQLite 数据库（运行中也可执行，得到一致的副本）。"""
    source = _sqlite_path()
    if not source.exists():
        raise InputError(
            "数据库文件不存在，请先运行 ipflow db upgrade", "no database yet", source=source
        )
    if target.exists():
        raise InputError("备份文件已存在，不覆盖", "backup target exists", source=target)
    with (
        private_output(target) as tmp,  # 0600 from its first page, renamed when complete
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(tmp)) as dst,  # closed (so complete) before the rename
    ):
        src.backup(dst)
    console.print(f"已备份到 {target}（{target.stat().st_size:,} 字节）。")


@app.command("restore")
def db_restore(
    backup: Path = typer.Argument(..., help="由 ipflow db backup 生成的备份文件"),
    yes: bool = typer.Option(False, "--yes", help="确认以备份覆盖当前数据库"),
) -> None:
    """用备份文件恢复 SQLite 数据库（覆盖当前数据；须加 --yes 确认）。"""
    if not backup.is_file():
        raise InputError("备份文件不存在", "backup file not found", source=backup)
    try:
        with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as check:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            has_schema = check.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'"
            ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"不是有效的 SQLite 备份文件：{exc}", "not a SQLite file", source=backup
        ) from None
    if ok != "ok" or not has_schema:
        raise InputError(
            "备份文件损坏或不是 ipflow 数据库", "not an intact ipflow database", source=backup
        )
    if not yes:
        raise InputError(
            "恢复将覆盖当前数据库；确认请加 --yes", "add --yes to confirm", field="--yes"
        )
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(backup) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    tighten(target, FILE_MODE)
    console.print(f"已从 {backup} 恢复数据库 {target}。")


def _checked_roots(cfg: Settings) -> list[Path]:
    """The data directory, and the SQLite file with its journals wherever it lies."""
    roots = [cfg.data_dir]
    url = make_url(cfg.effective_database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        roots += [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    return roots


@app.command("check")
def db_check(
    fix: bool = typer.Option(False, "--fix", help="把过宽的权限收紧为仅本账户可访问"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """检查数据库表结构版本，以及数据目录和其中的文件是否仅本账户可访问（目录 0700、文件 0600、证据 0400）；
    发现问题逐项警告（退出码 0），--fix 收紧权限。"""
    cfg = settings()
    engine = make_engine(cfg.effective_database_url) if _store_exists(cfg) else None
    current = current_revision(engine) if engine is not None else None
    head = head_revision(engine) if engine is not None else None
    wide = wider_than_private(_checked_roots(cfg), evidence_dir=cfg.evidence_dir)
    if fix:
        for item in wide:
            tighten(item.path, item.allowed)
    if json_out:
        payload: dict[str, Any] = {
            "revision": current,
            "head": head,
            "fixed": fix,
            "wider_permissions": [
                {"path": str(w.path), "mode": f"{w.mode:04o}", "expected": f"{w.allowed:04o}"}
                for w in wide
            ],
        }
        print_json(payload)
        return
    if engine is None:
        say("警告：数据库尚未创建，请先运行 ipflow init", err=True)
    elif current != head:
        say(
            f"警告：数据库表结构版本为 {current or '空库'}，最新为 {head}，请运行 ipflow db upgrade",
            err=True,
        )
    else:
        say(f"数据库表结构为最新版本（{current}）。")
    for item in wide:
        say(("已收紧：" if fix else "警告：") + item.message_zh, err=not fix)
    if not wide:
        say(f"数据目录 {cfg.data_dir} 及其中文件仅本账户可访问。")
    elif not fix:
        say(f"共 {len(wide)} 处权限过宽；可执行 ipflow db check --fix 收紧。", err=True)


def _store_exists(cfg: Settings) -> bool:
    url = make_url(cfg.effective_database_url)
    if url.get_backend_name() != "sqlite":
        return True
    return bool(url.database) and Path(url.database or "").is_file()
