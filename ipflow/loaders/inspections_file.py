"""A round's inspection results (检查记录) from CSV or XLSX, validated whole.

Columns (header = line 1; aliases accepted, see ``config/campaigns/README.md``):

    检查编号*  检查日期*  对象类型*  名称*  统一社会信用代码  申请号  网址  地址
    检查人员*  检查结论*  整改期限  承诺书编号  发现问题  涉嫌违法类型  备注

``检查结论`` is 未发现问题、查无此户、责令整改、签订承诺书 or 发现违法线索; 责令整改 needs
``整改期限``, 签订承诺书 ``承诺书编号``, 发现违法线索 one or more ``发现问题`` (separated by
line breaks within the cell or 「｜」; each becomes a clue). ``检查人员`` lists officer numbers
separated by 「、」, commas or spaces. The inspection number must be unique in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ipflow.domain.case_records import OffenceType
from ipflow.domain.inspections import Finding, Inspection, InspectionOutcome
from ipflow.loaders.tabular import (
    Column,
    ProblemList,
    Progress,
    Sheet,
    parse_choice,
    parse_date,
    read_sheet,
    report_progress,
)
from ipflow.loaders.targets_file import TARGET_COLUMNS, collapse_absent_columns, target_from_row

INSPECTION_COLUMNS: tuple[Column, ...] = (
    Column("id", "检查编号", ("检查记录编号", "记录编号", "编号"), required=True),
    Column("inspected_on", "检查日期", ("日期", "检查时间"), required=True),
    *TARGET_COLUMNS,
    Column("officer_ids", "检查人员", ("执法人员", "检查人", "执法人员编号"), required=True),
    Column("outcome", "检查结论", ("结论", "检查结果", "处理结果"), required=True),
    Column("rectification_deadline", "整改期限", ("整改期限至", "整改截止日期")),
    Column("commitment_reference", "承诺书编号", ("承诺书号",)),
    Column("findings", "发现问题", ("违法线索", "发现的问题", "问题描述")),
    Column("offence", "涉嫌违法类型", ("违法类型",)),
    Column("note", "备注", ("说明",)),
)

OUTCOME_CHOICES: dict[str, InspectionOutcome] = {
    **{o.label_zh: o for o in InspectionOutcome},
    **{o.value: o for o in InspectionOutcome},
    "无问题": InspectionOutcome.COMPLIANT,
    "合格": InspectionOutcome.COMPLIANT,
    "经营场所不存在": InspectionOutcome.NOT_FOUND,
    "整改": InspectionOutcome.RECTIFICATION_ORDERED,
    "承诺书": InspectionOutcome.COMMITMENT_SIGNED,
    "发现线索": InspectionOutcome.FINDINGS,
    "发现问题": InspectionOutcome.FINDINGS,
}
OFFENCE_LABELS_ZH: dict[OffenceType, str] = {
    OffenceType.TRADEMARK_INFRINGEMENT: "商标侵权",
    OffenceType.COUNTERFEIT_PATENT: "假冒专利",
    OffenceType.GI_MARK_MISUSE: "地理标志专用标志违法使用",
    OffenceType.OFFICIAL_MARK_MISUSE: "违法使用官方标志",
    OffenceType.ABNORMAL_PATENT_APPLICATION: "非正常专利申请",
    OffenceType.MALICIOUS_TRADEMARK_APPLICATION: "恶意商标注册申请",
    OffenceType.AGENCY_VIOLATION: "代理违法",
    OffenceType.OTHER: "其他",
}
OFFENCE_CHOICES: dict[str, OffenceType] = {
    **{label: o for o, label in OFFENCE_LABELS_ZH.items()},
    **{o.value: o for o in OffenceType},
}
_OFFICER_SPLIT = re.compile(r"[、,，;；/\s]+")
_FINDING_SPLIT = re.compile(r"[|｜\n]+")
# Which column a cross-field problem of the Inspection model concerns (by its wording).
_MODEL_PROBLEM_COLUMN = (("整改", "rectification_deadline"), ("承诺书", "commitment_reference"))


@dataclass(frozen=True)
class InspectionLine:
    line: int
    inspection: Inspection


@dataclass
class InspectionSheet:
    sheet: Sheet
    lines: list[InspectionLine]
    problems: ProblemList
    rows: int = 0
    ignored_headers: list[str] = field(default_factory=list)


def _inspection_from_row(
    sheet: Sheet, line: int, row: list[str], campaign_id: str, problems: ProblemList
) -> Inspection | None:
    cell = sheet.cell
    before = len(problems.items)
    target = target_from_row(sheet, line, row, problems)
    values: dict[str, Any] = {"campaign_id": campaign_id, "target": target}
    inspection_id = cell(row, "id")
    if not inspection_id:
        problems.add(line, "id", "检查编号不能为空")
    elif len(inspection_id) > 60:
        problems.add(line, "id", f"检查编号过长（{len(inspection_id)}字符，最多60）")
    values["id"] = inspection_id
    for name in ("inspected_on", "rectification_deadline"):
        text = cell(row, name)
        if not text:
            if name == "inspected_on":
                problems.add(line, name, "检查日期不能为空")
            continue
        try:
            values[name] = parse_date(text)
        except ValueError as exc:
            problems.add(line, name, str(exc))
    officers = [o for o in _OFFICER_SPLIT.split(cell(row, "officer_ids")) if o]
    if not officers:
        problems.add(line, "officer_ids", "检查人员不能为空（填写执法人员编号）")
    values["officer_ids"] = tuple(dict.fromkeys(officers))
    outcome_text = cell(row, "outcome")
    try:
        values["outcome"] = parse_choice(outcome_text, OUTCOME_CHOICES, "检查结论")
    except ValueError as exc:
        problems.add(line, "outcome", str(exc) if outcome_text else "检查结论不能为空")
    offence: OffenceType | None = None
    if text := cell(row, "offence"):
        try:
            offence = parse_choice(text, OFFENCE_CHOICES, "涉嫌违法类型")
        except ValueError as exc:
            problems.add(line, "offence", str(exc))
    descriptions = [d.strip() for d in _FINDING_SPLIT.split(cell(row, "findings")) if d.strip()]
    values["findings"] = tuple(Finding(description=d, offence=offence) for d in descriptions)
    values["commitment_reference"] = cell(row, "commitment_reference") or None
    values["note"] = cell(row, "note") or None
    if len(problems.items) > before or target is None:
        return None
    try:
        return Inspection(**values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            message = str(error["msg"]).removeprefix("Value error, ")
            loc = error["loc"]
            name = str(loc[0]) if loc else "outcome"
            if not loc:
                name = next((c for word, c in _MODEL_PROBLEM_COLUMN if word in message), "findings")
            problems.add(line, name, message)
        return None


def read_inspection_sheet(
    path: Path, *, campaign_id: str, progress: Progress | None = None
) -> InspectionSheet:
    """Read and check an inspection file; problems are returned, not raised."""
    sheet = read_sheet(path, INSPECTION_COLUMNS)
    problems = ProblemList(sheet)
    lines: list[InspectionLine] = []
    first_line: dict[str, int] = {}
    total = len(sheet.rows)
    for done, (line, row) in enumerate(sheet.rows, start=1):
        inspection = _inspection_from_row(sheet, line, row, campaign_id, problems)
        if inspection is not None:
            if inspection.id in first_line:
                problems.add(
                    line, "id", f"检查编号「{inspection.id}」与第{first_line[inspection.id]}行重复"
                )
            else:
                first_line[inspection.id] = line
                lines.append(InspectionLine(line, inspection))
        report_progress(progress, done, total)
    collapse_absent_columns(sheet, problems)
    return InspectionSheet(sheet, lines, problems, total, sheet.ignored_headers)


def read_inspections(
    path: Path, *, campaign_id: str, progress: Progress | None = None
) -> list[Inspection]:
    """The file's inspections for ``campaign_id``; any problem raises
    :class:`~ipflow.loaders.tabular.SheetErrors` listing them all (line, column, field)."""
    result = read_inspection_sheet(path, campaign_id=campaign_id, progress=progress)
    result.problems.raise_if_any()
    return [entry.inspection for entry in result.lines]
