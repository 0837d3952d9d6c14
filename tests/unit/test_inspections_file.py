"""A round's inspection file: outcomes, findings, dates; problems named by line and column."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from ipflow.domain.case_records import OffenceType
from ipflow.loaders.inspections_file import read_inspection_sheet, read_inspections
from ipflow.loaders.tabular import SheetErrors
from ipflow.settings import bundled_config_dir
from tests.field_files import INSPECTION_HEADER, credit_code, write_csv, write_xlsx

A, B = credit_code(1), credit_code(2)


def row(number: int, outcome: str, **cells: str) -> list[str]:
    values = {
        "检查编号": f"I-{number}", "检查日期": "2026-05-12", "对象类型": "企业",
        "名称": f"企业{number}", "统一社会信用代码": credit_code(number),
        "检查人员": "zhang、li", "检查结论": outcome, **cells,
    }  # fmt: skip
    return [values.get(h, "") for h in INSPECTION_HEADER]


def write(tmp_path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    return write_csv(tmp_path / "i.csv", rows, header=INSPECTION_HEADER, encoding=encoding)


def test_each_outcome_is_read_with_what_it_carries(tmp_path: Path) -> None:
    rows = [
        row(1, "未发现问题"),
        row(2, "责令整改", 整改期限="2026/5/30", 备注="更换标志图形"),
        row(3, "签订承诺书", 承诺书编号="CN-7"),
        row(4, "发现违法线索", 发现问题="销售假冒白酒\n门头使用近似标识", 涉嫌违法类型="商标侵权"),
        row(5, "查无此户", 检查人员="zhang, li wang"),
    ]
    found = read_inspections(write(tmp_path, rows, "gbk"), campaign_id="TQ-2026")
    assert [i.outcome.label_zh for i in found] == [
        "未发现问题", "责令整改", "签订承诺书", "发现违法线索", "查无此户"
    ]  # fmt: skip
    assert {i.campaign_id for i in found} == {"TQ-2026"}
    assert found[1].rectification_deadline == date(2026, 5, 30) and found[1].note == "更换标志图形"
    assert found[2].commitment_reference == "CN-7"
    assert [f.description for f in found[3].findings] == ["销售假冒白酒", "门头使用近似标识"]
    assert {f.offence for f in found[3].findings} == {OffenceType.TRADEMARK_INFRINGEMENT}
    assert found[4].officer_ids == ("zhang", "li", "wang")


def test_what_an_outcome_needs_is_asked_for_in_its_column(tmp_path: Path) -> None:
    rows = [
        row(1, "责令整改"),
        row(2, "发现违法线索"),
        row(3, "签订承诺书"),
        row(4, "合格了"),
        row(5, "未发现问题", 检查日期="2026-02-30", 检查人员=""),
        row(6, "责令整改", 整改期限="2026-05-01"),
    ]
    with pytest.raises(SheetErrors) as caught:
        read_inspections(write(tmp_path, rows), campaign_id="TQ-2026")
    listed = [p.as_text() for p in caught.value.context["problems"]]
    assert listed[:3] == [
        "第2行，整改期限（第8列）：责令整改须写明整改期限（rectification_deadline）",
        "第3行，发现问题（第10列）：发现违法线索时须列明发现（findings），其他结论不应附发现",
        "第4行，承诺书编号（第9列）：签订承诺书须填写承诺书编号（commitment_reference）",
    ]
    assert listed[3].startswith(
        "第5行，检查结论（第7列）：检查结论「合格了」无效，应为：未发现问题"
    )
    assert listed[4:] == [
        "第6行，检查日期（第2列）：「2026-02-30」不是有效日期（应为 YYYY-MM-DD）",
        "第6行，检查人员（第6列）：检查人员不能为空（填写执法人员编号）",
        "第7行，整改期限（第8列）：整改期限早于检查日期",
    ]


def test_an_inspection_number_is_used_once_in_a_file(tmp_path: Path) -> None:
    rows = [row(1, "未发现问题"), row(2, "未发现问题"), row(1, "查无此户")]
    sheet = read_inspection_sheet(write(tmp_path, rows), campaign_id="TQ-2026")
    assert [p.as_text() for p in sheet.problems.items] == [
        "第4行，检查编号（第1列）：检查编号「I-1」与第2行重复"
    ]
    assert [e.inspection.id for e in sheet.lines] == ["I-1", "I-2"]


def test_an_xlsx_round_with_date_cells(tmp_path: Path) -> None:
    cells: list[list[object]] = [
        ["I-9", datetime(2026, 6, 3), "企业", "某企业", A, "zhang", "责令整改", date(2026, 6, 20)],
        ["I-10", "2026-06-03", "企业", "某企业", "BAD", "zhang", "未发现问题"],
    ]
    header = INSPECTION_HEADER[:8]
    sheet = read_inspection_sheet(
        write_xlsx(tmp_path / "i.xlsx", cells, header=header), campaign_id="C"
    )
    assert sheet.lines[0].inspection.inspected_on == date(2026, 6, 3)
    assert sheet.lines[0].inspection.rectification_deadline == date(2026, 6, 20)
    [problem] = sheet.problems.items
    assert (problem.line, problem.column) == (3, "统一社会信用代码（E列）")


def test_the_shipped_example_reads_cleanly() -> None:
    example = bundled_config_dir() / "campaigns" / "inspections_example.csv"
    found = read_inspections(example, campaign_id="TQ-2026")
    assert len(found) == 5 and sum(len(i.findings) for i in found) == 2
    assert B != A  # the factory gives distinct codes
