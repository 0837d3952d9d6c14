"""`ipflow inspection record|import|list`: 检查记录 of a campaign."""

from __future__ import annotations

from pathlib import Path

import typer

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext, as_option, on_option, parse_day
from ipflow.cli.sheet_output import listing, reading_progress, say, sheet_problems_as_table
from ipflow.domain.campaigns import CAMPAIGN_LIFECYCLE
from ipflow.domain.inspections import Finding, Inspection, InspectionOutcome, Target
from ipflow.errors import InputError, NotFound
from ipflow.loaders.inspections_file import OUTCOME_CHOICES, read_inspection_sheet
from ipflow.services import field_views, officers, targets
from ipflow.services.field_work import IngestResult, ingest_inspections
from ipflow.services.inspection_import import import_inspections, registered_officers
from ipflow.store.tables import InspectionRow

app = typer.Typer(help="检查记录：逐户登记、按轮次文件导入、查看。", no_args_is_help=True)

_OUTCOME_HELP = (
    "检查结论：" + "、".join(o.label_zh for o in InspectionOutcome) + "（或代码 compliant 等）"
)
_FILE_HELP = (
    "检查记录文件（.csv 或 .xlsx）；表头：检查编号、检查日期、对象类型、名称、统一社会信用代码、"
    "检查人员、检查结论、整改期限、承诺书编号、发现问题……（见 config/campaigns/README.md）"
)


def _report(result: IngestResult) -> None:
    say(
        f"登记检查 {result.inspections_recorded} 户次"
        + (
            f"（{result.inspections_skipped} 户次此前已登记，未重复登记）"
            if result.inspections_skipped
            else ""
        )
        + f"；新登记线索 {result.clues_opened} 条（已开始计算核查期限）"
        + f"；责令整改 {result.rectifications_ordered} 件（已开始计算复查期限）",
    )


@app.command("record")
def record(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    target_key: str = typer.Option(
        ..., "--target", help="检查对象标识（统一社会信用代码、申请号或网址，须在本行动名录中）"
    ),
    on: str = typer.Option(..., "--on", help="检查日期（YYYY-MM-DD）"),
    officer_ids: list[str] = typer.Option(
        ..., "--officer", help="检查人员编号，可多次给出（现场检查一般不少于两名执法人员）"
    ),
    outcome_text: str = typer.Option(..., "--outcome", help=_OUTCOME_HELP),
    findings: list[str] = typer.Option(
        [], "--finding", help="发现的违法线索（每条一项，可多次给出；每条登记为一条线索）"
    ),
    rectify_by: str | None = typer.Option(None, "--rectify-by", help="整改期限（责令整改时必填）"),
    commitment: str | None = typer.Option(
        None, "--commitment", help="承诺书编号（签订承诺书时必填）"
    ),
    inspection_id: str | None = typer.Option(
        None, "--id", help="检查编号，默认按「行动编号-JC-序号」自动编号"
    ),
    note: str | None = typer.Option(None, "--note", help="备注（责令整改时写明整改要求）"),
    as_officer: str = as_option(),
) -> None:
    """登记一户次检查。发现违法线索的，每条发现登记为一条线索；责令整改的，登记整改令。"""
    ctx = CommandContext.load()
    try:
        outcome = OUTCOME_CHOICES[outcome_text.strip()]
    except KeyError:
        raise InputError(
            f"--outcome 的值「{outcome_text}」无效，应为："
            + "、".join(o.label_zh for o in InspectionOutcome),
            "invalid outcome",
            field="--outcome",
        ) from None
    at = ctx.when(on)
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, CAMPAIGN_LIFECYCLE, "record_inspection")
        listed = targets.listed_target(uow.session, campaign_id, target_key.strip().upper())
        listed = listed or targets.listed_target(uow.session, campaign_id, target_key.strip())
        if listed is None:
            targets.check_exists(uow.session, campaign_id)
            raise NotFound(
                f"检查对象 {target_key} 不在专项行动 {campaign_id} 的名录中"
                f"（先用 ipflow targets import 导入，或 ipflow targets list {campaign_id} 查看）",
                f"target {target_key} not listed in {campaign_id}",
                entity="campaign_target",
                key=target_key,
                field="--target",
            )
        unknown = set(officer_ids) - registered_officers(uow.session, set(officer_ids))
        if unknown:
            raise NotFound(
                f"检查人员 {'、'.join(sorted(unknown))} 未登记（ipflow officer list 查看）",
                "unknown officer",
                entity="officer",
                key=sorted(unknown)[0],
                field="--officer",
            )
        try:
            inspection = Inspection(
                id=inspection_id
                or field_views.next_id(uow.session, InspectionRow, f"{campaign_id}-JC-"),
                campaign_id=campaign_id,
                target=Target.model_validate(listed.record),
                inspected_on=ctx.env.local_date(at).date(),
                officer_ids=tuple(dict.fromkeys(officer_ids)),
                outcome=outcome,
                rectification_deadline=parse_day(rectify_by, field_name="--rectify-by")
                if rectify_by
                else None,
                commitment_reference=commitment,
                findings=tuple(Finding(description=f) for f in findings if f.strip()),
                note=note,
            )
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            message = str(exc).split("Value error, ", 1)[-1].split("\n", 1)[0]
            raise InputError(f"检查记录不完整：{message}", "incomplete inspection") from None
        result = ingest_inspections(uow, ctx.env, actor, at, [inspection])
    say(f"检查记录 {inspection.id}：{inspection.target.name}，{outcome.label_zh}")
    _report(result)


@app.command("import")
def import_(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    file: Path = typer.Argument(..., help=_FILE_HELP),
    as_officer: str = as_option(),
    on: str | None = on_option("登记日期（YYYY-MM-DD），默认现在"),
) -> None:
    """导入一轮检查结果。整个文件先全部校验（含执法人员是否登记、日期是否在行动期间），
    有任何错误则逐条列出行号与列名，且不登记任何记录；已登记的同一检查不重复登记。"""
    ctx = CommandContext.load()
    roles = CAMPAIGN_LIFECYCLE.roles_for("record_inspection")
    with ctx.read() as session:  # who and where first: a refusal should not wait for the file
        actor = officers.actor_for(session, as_officer, roles)
        campaign = targets.check_exists(session, campaign_id)
        CAMPAIGN_LIFECYCLE.check(campaign.state, "record_inspection", actor.role)
    with sheet_problems_as_table():
        with reading_progress("校验检查记录") as progress:
            sheet = read_inspection_sheet(file, campaign_id=campaign_id, progress=progress)
        with ctx.write() as uow:
            actor = ctx.actor(uow, as_officer, CAMPAIGN_LIFECYCLE, "record_inspection")
            result = import_inspections(uow, ctx.env, actor, ctx.when(on), campaign_id, sheet)
    say(f"已导入 {file.name}（{sheet.rows} 行）：", end="")
    _report(result)
    if sheet.ignored_headers:
        say(err=True, text="未识别而忽略的列：" + "、".join(sheet.ignored_headers))


@app.command("list")
def list_(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    outcome: InspectionOutcome | None = typer.Option(None, "--outcome", help=_OUTCOME_HELP),
    limit: int | None = typer.Option(None, "--limit", help="最多列出多少条", min=1),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出专项行动的检查记录。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        targets.check_exists(session, campaign_id)
        rows = field_views.list_inspections(session, campaign_id, outcome=outcome, limit=limit)
    if json_out:
        print_json([{**r.record, "recorded_at": r.recorded_at} for r in rows])
        return
    columns = ("检查编号", "日期", "检查对象", "结论", "检查人员", "发现")
    table = listing(f"检查记录（{len(rows)}）", columns, keys=2)
    for r in rows:
        record = r.record
        table.add_row(
            r.id,
            str(r.inspected_on),
            record["target"]["name"],
            InspectionOutcome(r.outcome).label_zh,
            "、".join(record["officer_ids"]),
            "；".join(f["description"] for f in record.get("findings", [])),
        )
    console.print(table)
