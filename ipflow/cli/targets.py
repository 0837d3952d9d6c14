"""`ipflow targets import|list`: a campaign's target list (检查对象名录)."""

from __future__ import annotations

from pathlib import Path

import typer

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext, as_option, on_option
from ipflow.cli.sheet_output import listing, reading_progress, say, sheet_problems_as_table
from ipflow.domain.campaigns import CAMPAIGN_LIFECYCLE
from ipflow.domain.inspections import TargetKind
from ipflow.loaders.targets_file import read_targets
from ipflow.services import officers, targets

app = typer.Typer(
    help="检查对象名录：从 CSV（UTF-8 或 GBK）或 XLSX 导入，查看。", no_args_is_help=True
)

_FILE_HELP = (
    "名录文件（.csv 或 .xlsx）；表头：对象类型、名称、统一社会信用代码、申请号、网址、地址、"
    "所属乡镇（见 config/campaigns/README.md 与 targets_example.csv）"
)


@app.command("import")
def import_(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    file: Path = typer.Argument(..., help=_FILE_HELP),
    as_officer: str = as_option(),
    on: str | None = on_option("导入日期（YYYY-MM-DD），默认现在"),
) -> None:
    """导入检查对象名录。整个文件先全部校验（必需列、统一社会信用代码、重复对象、
    与本行动已有名录重复），有任何错误则逐条列出行号与列名，且不导入任何记录。"""
    ctx = CommandContext.load()
    roles = CAMPAIGN_LIFECYCLE.roles_for("import_targets")
    with ctx.read() as session:  # who and where first: a refusal should not wait for the file
        targets.check_import(session, officers.actor_for(session, as_officer, roles), campaign_id)
    with sheet_problems_as_table():
        with reading_progress("校验名录") as progress:
            sheet = read_targets(file, progress=progress)
        with ctx.write() as uow:
            actor = ctx.actor(uow, as_officer, CAMPAIGN_LIFECYCLE, "import_targets")
            result = targets.import_targets(uow, actor, ctx.when(on), campaign_id, sheet)
    say(f"已向专项行动 {campaign_id} 导入检查对象 {result.imported} 户（{file.name}）")
    if sheet.ignored_headers:
        say(err=True, text="未识别而忽略的列：" + "、".join(sheet.ignored_headers))


@app.command("list")
def list_(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    town: str | None = typer.Option(None, "--town", help="只看此乡镇（街道）"),
    limit: int | None = typer.Option(None, "--limit", help="最多列出多少户", min=1),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出专项行动的检查对象名录。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        targets.check_exists(session, campaign_id)
        rows = targets.list_targets(session, campaign_id, town=town, limit=limit)
        total = targets.count_targets(session, campaign_id)
    if json_out:
        print_json(
            [
                {
                    "target_key": r.target_key,
                    "kind": r.kind,
                    "name": r.name,
                    "town": r.town,
                    "record": r.record,
                    "source": r.source,
                    "imported_at": r.imported_at,
                    "round_no": r.round_no,
                    "assigned_officer_id": r.assigned_officer_id,
                }
                for r in rows
            ]
        )
        return
    title = f"专项行动 {campaign_id} 检查对象（列出{len(rows)}户，共{total}户）"
    columns = ("标识（信用代码/申请号/网址）", "名称", "类型", "乡镇", "轮次", "责任人")
    table = listing(title, columns)
    for r in rows:
        table.add_row(
            r.target_key,
            r.name,
            TargetKind(r.kind).label_zh,
            r.town or "",
            str(r.round_no or ""),
            r.assigned_officer_id or "",
        )
    console.print(table)
