"""检查对象名录 files: encodings, headers, per-cell problems with line and column, duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipflow.domain.inspections import TargetKind
from ipflow.errors import InputError
from ipflow.loaders.tabular import MAX_LISTED, SheetErrors
from ipflow.loaders.targets_file import load_targets, read_targets
from tests.field_files import (
    TARGET_HEADER,
    credit_code,
    enterprise_rows,
    write_csv,
    write_xlsx,
    wrong_check_character,
)

MIXED = [
    ["企业", "示例县宏达肉制品有限公司", credit_code(1), "", "", "工业园区8号", "城关镇"],
    ["企业", "示例县李记熟食店", credit_code(2, prefix="92140100MA"), "", "", "", "东关镇"],
    ["代理机构", "示例知识产权代理有限公司", credit_code(3), "", "", "", ""],
    ["网店", "示例特产旗舰店", "", "", "https://shop.example.com/1", "", ""],
    ["专利申请", "一种腌制装置", "", "2026100012345", "", "", ""],
    ["商标注册申请", "某某老字号", "", "76543210", "", "", ""],
]


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SheetErrors) as caught:
        load_targets(path)
    return [p.as_text() for p in caught.value.context["problems"]]


def test_a_utf8_list_is_read_with_kinds_keys_and_towns(tmp_path: Path) -> None:
    lines = load_targets(write_csv(tmp_path / "t.csv", MIXED))
    assert [e.line for e in lines] == [2, 3, 4, 5, 6, 7]
    assert [e.target.kind for e in lines] == [
        TargetKind.ENTERPRISE, TargetKind.ENTERPRISE, TargetKind.IP_AGENCY,
        TargetKind.ONLINE_SHOP, TargetKind.PATENT_APPLICATION, TargetKind.TRADEMARK_APPLICATION,
    ]  # fmt: skip
    assert lines[0].target.target_key == credit_code(1) and lines[0].town == "城关镇"
    assert lines[3].target.target_key == "https://shop.example.com/1"
    assert lines[4].target.target_key == "2026100012345"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_gbk_and_utf8_without_bom_are_detected(tmp_path: Path, encoding: str) -> None:
    lines = load_targets(write_csv(tmp_path / "t.csv", MIXED, encoding=encoding))
    assert [e.target.name for e in lines][:2] == ["示例县宏达肉制品有限公司", "示例县李记熟食店"]


def test_undecodable_bytes_are_named_by_offset_and_line(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "t.csv", MIXED, encoding="utf-8").read_bytes()
    third_line = good.index(b"\r\n", good.index(b"\r\n") + 2) + 2
    corrupt = good[:third_line] + b"\xff\xfe" + good[third_line:]
    path = tmp_path / "bad.csv"
    path.write_bytes(corrupt)
    with pytest.raises(InputError, match=rf"第{third_line}字节（第3行）.*FF FE.*不是 UTF-8") as e:
        read_targets(path)
    assert e.value.context["line"] == 3 and e.value.context["offset"] == third_line


def test_a_missing_required_column_is_one_error_naming_it(tmp_path: Path) -> None:
    header = [h for h in TARGET_HEADER if h != "名称"]
    rows = [[c for i, c in enumerate(r) if TARGET_HEADER[i] != "名称"] for r in MIXED]
    path = write_csv(tmp_path / "t.csv", rows, header=header)
    with pytest.raises(InputError, match=r"第1行.*缺少必需的列「名称」") as caught:
        read_targets(path)
    assert not isinstance(caught.value, SheetErrors)


def test_an_invalid_credit_code_on_line_4012_of_a_large_file_is_named(tmp_path: Path) -> None:
    rows = enterprise_rows(6000)
    rows[4010][2] = wrong_check_character(rows[4010][2])  # data row 4011 = line 4012
    path = write_csv(tmp_path / "big.csv", rows)
    seen: list[tuple[int, int]] = []
    with pytest.raises(SheetErrors) as caught:
        load_targets(path, progress=lambda done, total: seen.append((done, total)))
    error = caught.value
    assert error.context["count"] == 1 and error.context["line"] == 4012
    assert "第4012行" in str(error) and "统一社会信用代码（第3列）" in str(error)
    assert "第18位校验码错误" in str(error)
    assert seen[-1] == (6000, 6000) and len(seen) == 12  # every 500 rows


def test_duplicates_within_the_file_name_both_lines(tmp_path: Path) -> None:
    rows = [*MIXED, MIXED[0], MIXED[4]]
    assert problems_of(write_csv(tmp_path / "t.csv", rows)) == [
        f"第8行，统一社会信用代码（第3列）：检查对象「{credit_code(1)}」与第2行重复",
        "第9行，申请号（第4列）：检查对象「2026100012345」与第6行重复",
    ]


def test_every_bad_cell_is_listed_with_its_column(tmp_path: Path) -> None:
    rows = [
        ["工厂", "某厂", credit_code(5), "", "", "", ""],
        ["企业", "", credit_code(6), "", "", "", ""],
        ["企业", "无码企业", "", "", "", "", ""],
        ["专利申请", "一种装置", "", "", "", "", ""],
        ["企业", "某企业", "91350100M000100Y4", "", "", "", ""],
    ]
    found = problems_of(write_csv(tmp_path / "t.csv", rows))
    assert found[0].startswith(
        "第2行，对象类型（第1列）：对象类型「工厂」无效，应为：企业、代理机构"
    )
    assert found[1:] == [
        "第3行，名称（第2列）：名称不能为空",
        "第4行，统一社会信用代码（第3列）：企业须填写统一社会信用代码（credit_code required）",
        "第5行，申请号（第4列）：专利申请须填写申请号（application_number required）",
        "第6行，统一社会信用代码（第3列）：统一社会信用代码「91350100M000100Y4」应为18位，实际17位",
    ]


def test_a_column_the_kinds_need_but_the_file_lacks_is_reported_once(tmp_path: Path) -> None:
    header = ["对象类型", "名称"]
    path = write_csv(tmp_path / "t.csv", [["企业", f"企业{n}"] for n in range(300)], header=header)
    assert problems_of(path) == [
        "第1行，统一社会信用代码：缺少列「统一社会信用代码」：有300行的对象类型需要填写该项"
    ]


def test_the_listed_problems_are_capped_but_counted(tmp_path: Path) -> None:
    rows = [["企业", "某企业", "BAD", "", "", "", ""] for _ in range(MAX_LISTED + 50)]
    with pytest.raises(SheetErrors, match=rf"共{MAX_LISTED + 50}处错误") as caught:
        load_targets(write_csv(tmp_path / "t.csv", rows))
    assert len(caught.value.context["problems"]) == MAX_LISTED


def test_header_aliases_are_accepted_and_unknown_columns_reported(tmp_path: Path) -> None:
    header = ["类型", "企业名称", "信用代码", "联系人", "乡镇（街道）"]
    path = write_csv(
        tmp_path / "t.csv", [["企业", "某企业", credit_code(9), "王某", "西关街道"]], header=header
    )
    sheet = read_targets(path)
    assert sheet.lines[0].target.credit_code == credit_code(9)
    assert sheet.lines[0].town == "西关街道" and sheet.ignored_headers == ["联系人"]


def test_an_xlsx_list_names_column_letters_and_reads_numeric_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["企业", "某企业", credit_code(11), None, None, None, "城关镇"],
        ["专利申请", "一种装置", None, 2026100012345, None, None, None],  # a number cell
        ["企业", "错码企业", wrong_check_character(credit_code(12)), None, None, date(2026, 1, 1)],
    ]
    sheet = read_targets(write_xlsx(tmp_path / "t.xlsx", rows))
    assert sheet.lines[1].target.target_key == "2026100012345"
    [problem] = sheet.problems.items
    assert (problem.line, problem.column) == (4, "统一社会信用代码（C列）")


def test_a_missing_or_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        read_targets(tmp_path / "none.csv")
    (tmp_path / "empty.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    with pytest.raises(InputError, match="文件为空"):
        read_targets(tmp_path / "empty.csv")
