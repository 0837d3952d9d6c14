"""Setting up the bureau: `ipflow init`, `ipflow officer add|list`, `ipflow unit add|list`."""

from __future__ import annotations

from typing import Any

import typer
from pydantic import ValidationError
from rich.table import Table

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext
from ipflow.domain.roles import ROLE_LABELS_ZH, Role
from ipflow.errors import InputError
from ipflow.private_files import private_data_dir
from ipflow.services import officers
from ipflow.store.db import make_engine
from ipflow.store.keys import audit_key
from ipflow.store.migrate import current_revision, upgrade
from ipflow.store.tables import OfficerRow, UnitKind, UnitRow

officer_app = typer.Typer(
    help="执法人员：登记与查看（角色、所属单位、联系方式）。", no_args_is_help=True
)
unit_app = typer.Typer(
    help="单位：本局科室、协调工作组成员单位、公安机关与检察机关联络单位。", no_args_is_help=True
)

_ROLE_HELP = "角色，可多次给出，第一个为主要角色：" + "，".join(
    f"{r.value}（{r.label_zh}）" for r in Role
)
_KIND_HELP = "单位类别：" + "，".join(f"{k.value}（{k.label_zh}）" for k in UnitKind)


def init() -> None:
    """初始化本局：创建数据目录、数据库（升级到最新表结构）和审计密钥。可重复执行。"""
    ctx = CommandContext.load()
    cfg = ctx.settings
    private_data_dir(cfg.data_dir)
    engine = make_engine(cfg.effective_database_url)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    engine.dispose()
    audit_key(cfg)  # creates the key file on first use (unless IPFLOW_AUDIT_KEY is set)
    if before == after:
        console.print(f"本局数据已就绪（数据库版本 {after}），无需再次初始化。")
    else:
        console.print(f"已初始化：数据库 {before or '空库'} → {after}。")
    console.print(f"数据目录：{cfg.data_dir}")
    path = ctx.sqlite_path()
    console.print(f"数据库：{path if path else '（PostgreSQL，见 IPFLOW_DATABASE_URL）'}")
    if cfg.audit_key is None:
        console.print(
            f"审计密钥文件：{cfg.audit_key_file}（请与数据库备份分开保管）", highlight=False
        )
    console.print("下一步：ipflow unit add … 与 ipflow officer add … 登记单位和执法人员。")


def _invalid(exc: ValidationError, what_zh: str) -> InputError:
    first = exc.errors()[0]
    name = ".".join(str(p) for p in first["loc"])
    return InputError(
        f"{what_zh}的「{name}」无效：{first['msg']}",
        f"invalid {name}: {first['msg']}",
        field=f"--{name.replace('_', '-')}",
    )


@unit_app.command("add")
def unit_add(
    unit_id: str = typer.Argument(..., help="单位编号（字母、数字、-_.），如 ipsection"),
    name: str = typer.Option(..., "--name", help="单位名称，如 知识产权科"),
    kind: UnitKind = typer.Option(UnitKind.INTERNAL, "--kind", help=_KIND_HELP),
    contact_name: str | None = typer.Option(None, "--contact", help="联络人姓名"),
    contact_phone: str | None = typer.Option(None, "--phone", help="联络电话"),
) -> None:
    """登记单位。"""
    try:
        unit = officers.UnitInput(
            id=unit_id,
            name=name,
            kind=kind,
            contact_name=contact_name,
            contact_phone=contact_phone,
        )
    except ValidationError as exc:
        raise _invalid(exc, "单位") from None
    ctx = CommandContext.load()
    with ctx.write() as uow:
        officers.add_unit(uow.session, unit)
    console.print(f"已登记单位 {unit.id}：{unit.name}（{unit.kind.label_zh}）")


def _unit_json(row: UnitRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "contact_name": row.contact_name,
        "contact_phone": row.contact_phone,
    }


@unit_app.command("list")
def unit_list(
    kind: UnitKind | None = typer.Option(None, "--kind", help=_KIND_HELP),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出单位。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        rows = officers.list_units(session, kind)
    if json_out:
        print_json([_unit_json(r) for r in rows])
        return
    table = Table("编号", "名称", "类别", "联络人", "电话", title=f"单位（{len(rows)}）")
    for r in rows:
        table.add_row(
            r.id, r.name, UnitKind(r.kind).label_zh, r.contact_name or "", r.contact_phone or ""
        )
    console.print(table)


@officer_app.command("add")
def officer_add(
    officer_id: str = typer.Argument(..., help="执法人员编号（如执法证号或工号）"),
    name: str = typer.Option(..., "--name", help="姓名"),
    roles: list[Role] = typer.Option(..., "--role", help=_ROLE_HELP),
    unit_id: str | None = typer.Option(None, "--unit", help="所属单位编号（先 ipflow unit add）"),
    phone: str | None = typer.Option(None, "--phone", help="手机号（用于提醒）"),
    email: str | None = typer.Option(None, "--email", help="电子邮箱（用于提醒）"),
) -> None:
    """登记执法人员及其角色。"""
    try:
        officer = officers.OfficerInput(
            id=officer_id, name=name, roles=tuple(roles), unit_id=unit_id, phone=phone, email=email
        )
    except ValidationError as exc:
        raise _invalid(exc, "执法人员") from None
    ctx = CommandContext.load()
    with ctx.write() as uow:
        officers.add_officer(uow.session, officer)
    labels = "、".join(ROLE_LABELS_ZH[r] for r in officer.roles)
    console.print(f"已登记执法人员 {officer.id}：{officer.name}（{labels}）")


def _officer_json(row: OfficerRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "roles": [r.value for r in officers.roles_of(row)],
        "unit": row.unit_id,
        "phone": row.phone,
        "email": row.email,
        "active": row.active,
    }


@officer_app.command("list")
def officer_list(
    unit_id: str | None = typer.Option(None, "--unit", help="只看此单位"),
    role: Role | None = typer.Option(None, "--role", help="只看此角色"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出执法人员。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        rows = officers.list_officers(session, unit_id=unit_id, role=role)
    if json_out:
        print_json([_officer_json(r) for r in rows])
        return
    table = Table("编号", "姓名", "角色", "单位", "电话", title=f"执法人员（{len(rows)}）")
    for r in rows:
        roles_zh = "、".join(ROLE_LABELS_ZH[x] for x in officers.roles_of(r))
        table.add_row(r.id, r.name, roles_zh, r.unit_id or "", r.phone or "")
    console.print(table)
