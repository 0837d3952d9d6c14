"""检查对象名录: a campaign's target list from CSV or XLSX, validated whole.

Columns (header = line 1; aliases accepted, see ``config/campaigns/README.md``):

    对象类型*  名称*  统一社会信用代码  申请号  网址  地址  所属乡镇

``对象类型`` is 企业、代理机构、电商平台、网店、专利申请 or 商标注册申请. A registered entity
needs its credit code (GB 32100-2015 check character verified), an application its
number, an online shop its address (or its operator's code). The target's key (credit
code, application number or shop address) must be unique within the file; duplicates
against what the campaign already lists are the import service's check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ipflow.domain.inspections import TARGET_KIND_LABELS_ZH, Target, TargetKind
from ipflow.loaders.tabular import (
    CellProblem,
    Column,
    ProblemList,
    Progress,
    Sheet,
    parse_choice,
    read_sheet,
    report_progress,
)

TARGET_COLUMNS: tuple[Column, ...] = (
    Column("kind", "对象类型", ("类型", "检查对象类型", "主体类型"), required=True),
    Column(
        "name",
        "名称",
        (
            "对象名称",
            "企业名称",
            "单位名称",
            "机构名称",
            "店铺名称",
            "经营者名称",
            "发明名称",
            "商标名称",
        ),
        required=True,
    ),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一代码")),
    Column("application_number", "申请号", ("专利申请号", "商标申请号", "注册申请号")),
    Column("url", "网址", ("店铺网址", "店铺链接", "网店网址", "链接")),
    Column("address", "地址", ("经营地址", "住所", "经营场所", "住所（经营场所）")),
)
TOWN = Column("town", "所属乡镇", ("乡镇", "乡镇（街道）", "所属乡镇（街道）", "街道"))

KIND_CHOICES: dict[str, TargetKind] = {
    **{label: kind for kind, label in TARGET_KIND_LABELS_ZH.items()},
    **{kind.value: kind for kind in TargetKind},
    "知识产权代理机构": TargetKind.IP_AGENCY,
    "专利代理机构": TargetKind.IP_AGENCY,
    "商标代理机构": TargetKind.IP_AGENCY,
    "网络店铺": TargetKind.ONLINE_SHOP,
    "商标申请": TargetKind.TRADEMARK_APPLICATION,
    "个体工商户": TargetKind.ENTERPRISE,
}
# The column that identifies a target of each kind (where a missing identifier is reported).
KEY_COLUMN: dict[TargetKind, str] = {
    TargetKind.ENTERPRISE: "credit_code",
    TargetKind.IP_AGENCY: "credit_code",
    TargetKind.ECOMMERCE_PLATFORM: "credit_code",
    TargetKind.ONLINE_SHOP: "url",
    TargetKind.PATENT_APPLICATION: "application_number",
    TargetKind.TRADEMARK_APPLICATION: "application_number",
}
LIMITS = {"name": 200, "town": 100, "address": 300, "url": 200, "application_number": 64}


@dataclass(frozen=True)
class TargetLine:
    line: int
    target: Target
    town: str | None = None

    @property
    def key_field(self) -> str:
        """The column the target's key was read from."""
        t = self.target
        if t.application_number and t.target_key == t.application_number:
            return "application_number"
        return "credit_code" if t.credit_code and t.target_key == t.credit_code else "url"


@dataclass
class TargetSheet:
    """The file's valid targets and every problem found (the service adds its own)."""

    sheet: Sheet
    lines: list[TargetLine]
    problems: ProblemList
    rows: int = 0
    ignored_headers: list[str] = field(default_factory=list)


def target_from_row(
    sheet: Sheet, line: int, row: list[str], problems: ProblemList
) -> Target | None:
    """The row's :class:`Target`, or ``None`` with its problems added (by column)."""
    cell = sheet.cell
    before = len(problems.items)
    kind: TargetKind | None = None
    kind_text = cell(row, "kind")
    if not kind_text:
        problems.add(line, "kind", "对象类型不能为空")
    else:
        try:
            kind = parse_choice(kind_text, KIND_CHOICES, "对象类型")
        except ValueError as exc:
            problems.add(line, "kind", str(exc))
    values: dict[str, Any] = {}
    for name in ("name", "credit_code", "application_number", "url", "address"):
        text = cell(row, name)
        if text:
            if name in LIMITS and len(text) > LIMITS[name]:
                problems.add(line, name, f"内容过长（{len(text)}字，最多{LIMITS[name]}字）")
            values[name] = text
    if "name" not in values:
        problems.add(line, "name", "名称不能为空")
    if kind is None or len(problems.items) > before:
        return None
    try:
        return Target(kind=kind, **values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = error["loc"]
            name = str(loc[0]) if loc else KEY_COLUMN[kind]
            problems.add(line, name, str(error["msg"]).removeprefix("Value error, "))
        return None


def collapse_absent_columns(sheet: Sheet, problems: ProblemList) -> None:
    """Per-row "须填写" problems on a column the file does not have become one problem."""
    absent = {name for name in KEY_COLUMN.values() if name not in sheet.columns}
    kept: list[CellProblem] = []
    hit: dict[str, int] = {}
    for p in problems.items:
        if p.field is not None and p.field in absent and "须填写" in p.message:
            hit[p.field] = hit.get(p.field, 0) + 1
        else:
            kept.append(p)
    for name, count in hit.items():
        header = sheet.labels[name]
        kept.append(
            CellProblem(
                sheet.header_line,
                header,
                name,
                f"缺少列「{header}」：有{count}行的对象类型需要填写该项",
            )
        )
    problems.items = kept


def read_targets(path: Path, *, progress: Progress | None = None) -> TargetSheet:
    """Read and check a target list; the problems are returned, not raised (see module doc)."""
    sheet = read_sheet(path, (*TARGET_COLUMNS, TOWN))
    problems = ProblemList(sheet)
    lines: list[TargetLine] = []
    first_line: dict[str, int] = {}
    total = len(sheet.rows)
    for done, (line, row) in enumerate(sheet.rows, start=1):
        target = target_from_row(sheet, line, row, problems)
        town = sheet.cell(row, "town") or None
        if town and len(town) > LIMITS["town"]:
            problems.add(line, "town", f"内容过长（{len(town)}字，最多{LIMITS['town']}字）")
            target = None
        if target is not None:
            entry = TargetLine(line, target, town)
            key = target.target_key
            if key in first_line:
                problems.add(line, entry.key_field, f"检查对象「{key}」与第{first_line[key]}行重复")
            else:
                first_line[key] = line
                lines.append(entry)
        report_progress(progress, done, total)
    collapse_absent_columns(sheet, problems)
    return TargetSheet(sheet, lines, problems, total, sheet.ignored_headers)


def load_targets(path: Path, *, progress: Progress | None = None) -> list[TargetLine]:
    """Read a target list, raising :class:`~ipflow.loaders.tabular.SheetErrors` on any problem."""
    result = read_targets(path, progress=progress)
    result.problems.raise_if_any()
    return result.lines
