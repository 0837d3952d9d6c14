"""`ipflow db`: schema migrations, and online backup / restore of the SQLite file.

For PostgreSQL, use the standard tools (see README): ``pg_dump -Fc`` and ``pg_restore``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import typer
from sqlalchemy.engine import make_url

from ipflow.cli.common import console, settings
from ipflow.errors import ConfigurationError, InputError
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
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
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
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
        src.backup(dst)
    tmp.replace(target)
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
    console.print(f"已从 {backup} 恢复数据库 {target}。")
