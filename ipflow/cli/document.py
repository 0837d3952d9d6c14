"""`ipflow document CASE KIND`: a case's statutory document as Word, from its template in
config/templates/documents/, numbered (文号) from the case."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from sqlmodel import select

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext
from ipflow.documents.document_numbers import DocumentKind
from ipflow.documents.referral_letter import TEMPLATE_NAME
from ipflow.documents.referral_letter import TITLE_ZH as LETTER_ZH
from ipflow.domain.cases import Case
from ipflow.domain.referrals import Referral
from ipflow.errors import NotFound
from ipflow.private_files import write_private
from ipflow.reports.case_documents import case_document
from ipflow.services import referral_dispatch
from ipflow.store.repositories import AggregateRepository
from ipflow.store.tables import ReferralRow

REFERRAL_LETTER = "referral_letter"
KINDS_HELP = "、 ".join(  # the space lets the help wrap between kinds, never inside one
    [f"{k.value}（{k.label_zh}）" for k in DocumentKind] + [f"{REFERRAL_LETTER}（{LETTER_ZH}）"]
)


def document(
    case_id: Annotated[str, typer.Argument(help="案件编号", show_default=False)],
    kind: Annotated[str, typer.Argument(help=f"文书种类： {KINDS_HELP}", show_default=False)],
    out: Annotated[
        Path | None, typer.Option("--out", help="输出目录，默认数据目录下的 documents/")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="制作时间（YYYY-MM-DD[THH:MM]），默认现在")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出文书内容 JSON（不写文件）")] = False,
) -> None:
    """按案件记录填写文书模板，文号依案件编号或处罚决定书文号编排。"""
    ctx = CommandContext.load()
    now = ctx.when(as_of, field_name="--as-of")
    folder = out if out is not None else ctx.settings.data_dir / "documents"
    if kind.strip() == REFERRAL_LETTER:
        _referral_letter(ctx, case_id, now, folder, as_json=as_json)
        return
    which = DocumentKind.parse(kind)
    with ctx.read() as session:
        made = case_document(session, case_id, which, settings=ctx.settings, now=now)
    if as_json:
        print_json({"kind": which.value, "title": which.label_zh, **made.context()})
        return
    data = made.render(ctx.settings.config_dir / "templates" / "documents")
    path = write_private(folder / f"{case_id}-{which.value}.docx", data)
    console.print(f"{which.label_zh} {escape(made.number)}：{escape(str(path))}", highlight=False)


def _referral_letter(
    ctx: CommandContext, case_id: str, now: datetime, folder: Path, *, as_json: bool
) -> None:
    """涉嫌犯罪案件移送书 of the case's latest referral, by the flow's own renderer."""
    with ctx.read() as session:
        query = select(ReferralRow.id).where(ReferralRow.case_id == case_id)
        ids = sorted(session.exec(query).all())
        if not ids:
            raise NotFound(
                f"案件 {case_id} 没有移送记录，无法制作移送书（先 ipflow referral open）",
                "no referral for the case",
                entity="referral",
                key=case_id,
            )
        aggregates = AggregateRepository(session)
        case = aggregates.load(Case, case_id)
        referral = aggregates.load(Referral, ids[-1])
        linkage = referral_dispatch.linkage_units(session)
    letter = referral_dispatch.referral_letter(
        case, referral, ctx.settings.bureau_name, linkage, ctx.env.local_date(now)
    )
    if as_json:
        print_json({"kind": REFERRAL_LETTER, "title": LETTER_ZH, **letter.context()})
        return
    data = letter.render(ctx.settings.config_dir / "templates" / "documents" / TEMPLATE_NAME)
    path = write_private(folder / f"{case_id}-{REFERRAL_LETTER}.docx", data)
    console.print(f"{LETTER_ZH} {escape(referral.id)}：{escape(str(path))}", highlight=False)
