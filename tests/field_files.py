"""Test data for field work, generated in the test's tmp_path: valid credit codes (check
character computed by the domain), target lists and inspection files as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ipflow.domain.identifiers import CREDIT_CODE_ALPHABET, credit_code_check_character

TARGET_HEADER = ["对象类型", "名称", "统一社会信用代码", "申请号", "网址", "地址", "所属乡镇"]
INSPECTION_HEADER = [
    "检查编号", "检查日期", "对象类型", "名称", "统一社会信用代码", "检查人员", "检查结论",
    "整改期限", "承诺书编号", "发现问题", "涉嫌违法类型", "备注",
]  # fmt: skip


def credit_code(n: int, *, prefix: str = "91140100MA") -> str:
    """The n-th valid unified social credit code (``92…`` prefix: an individual business)."""
    body, digits = "", n
    for _ in range(17 - len(prefix)):
        digits, rest = divmod(digits, 31)
        body = CREDIT_CODE_ALPHABET[rest] + body
    first17 = prefix + body
    return first17 + credit_code_check_character(first17)


def wrong_check_character(code: str) -> str:
    """``code`` with a wrong 18th character (and the expected one for messages)."""
    bad = "0" if code[-1] != "0" else "1"
    return code[:-1] + bad


def enterprise_rows(count: int, *, start: int = 1, town: str = "城关镇") -> list[list[str]]:
    return [
        ["企业", f"示例企业{n:05d}有限公司", credit_code(n), "", "", f"示例县{n}号", town]
        for n in range(start, start + count)
    ]


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # as Excel writes it
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str] = TARGET_HEADER,
    encoding: str = "utf-8-sig",
) -> Path:
    path.write_bytes(csv_bytes(header, rows, encoding))
    return path


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[str] = TARGET_HEADER
) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
