"""`ipflow document CASE KIND`: a case's statutory document as Word, from its template in
config/templates/documents/, numbered (文号) from the case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext
from ipflow.documents.document_numbers import DocumentKind
from ipflow.reports.case_documents import case_document

KINDS_HELP = "、".join(f"{k.value}（{k.label_zh}）" for k in DocumentKind)

app = typer.Typer(
    help="制作案件文书（Word）：立案审批表、行政处罚告知书、行政处罚决定书、送达回证。",
    no_args_is_help=True,
    invoke_without_command=True,
)


@app.callback()
def document(
    case_id: Annotated[str, typer.Argument(help="案件编号", show_default=False)],
    kind: Annotated[str, typer.Argument(help=f"文书种类：{KINDS_HELP}", show_default=False)],
    out: Annotated[
        Path | None, typer.Option("--out", help="输出目录，默认数据目录下的 documents/")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="制作时间（YYYY-MM-DD[THH:MM]），默认现在")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出文书内容 JSON（不写文件）")] = False,
) -> None:
    """按案件记录填写文书模板，文号依案件编号或处罚决定书文号编排。"""
    which = DocumentKind.parse(kind)
    ctx = CommandContext.load()
    now = ctx.when(as_of, field_name="--as-of")
    with ctx.read() as session:
        made = case_document(session, case_id, which, settings=ctx.settings, now=now)
    if as_json:
        print_json({"kind": which.value, "title": which.label_zh, **made.context()})
        return
    data = made.render(ctx.settings.config_dir / "templates" / "documents")
    folder = out if out is not None else ctx.settings.data_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{case_id}-{which.value}.docx"
    path.write_bytes(data)
    console.print(f"{which.label_zh} {escape(made.number)}：{escape(str(path))}", highlight=False)
