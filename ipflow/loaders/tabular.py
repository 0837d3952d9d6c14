"""Reading an officer's spreadsheet: CSV (UTF-8 with or without BOM, UTF-16 with BOM, or
GBK/GB18030, detected) or XLSX, with Chinese column headers.

A sheet is read whole before anything is stored: :func:`read_sheet` gives the header
(each column by its canonical field name, with its header text and, for XLSX, its
letter) and the data rows, each with the line the officer sees (header = line 1; for
XLSX the row number). Problems are collected as :class:`CellProblem`s and raised
together as one :class:`SheetErrors` (an :class:`~ipflow.errors.InputError` whose own
location is the first problem, so a one-line report still points at it).

Problems that make the rest meaningless (undecodable bytes, a missing required column,
no header) are raised at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ipflow.errors import InputError
from ipflow.loaders.text_encoding import decode

Progress = Callable[[int, int], None]
"""``progress(done, total)``: rows checked so far out of the rows in the file."""

MAX_LISTED = 200  # problems kept in the error; the count is always exact
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Column:
    """One field a sheet may carry: its canonical Chinese header and accepted aliases."""

    name: str  # field name in code
    header: str  # the canonical Chinese header (as in the README and the example file)
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class CellProblem:
    line: int | None
    column: str | None  # header text (and letter for XLSX), e.g. "统一社会信用代码（B列）"
    field: str | None
    message: str

    def as_text(self) -> str:
        where = "，".join(
            p for p in (f"第{self.line}行" if self.line else None, self.column) if p is not None
        )
        return f"{where}：{self.message}" if where else self.message


class SheetErrors(InputError):
    """Every problem found in a sheet (``problems``, capped at :data:`MAX_LISTED`; ``count``)."""

    def __init__(self, source: str | Path, problems: Sequence[CellProblem]) -> None:
        first = problems[0]
        count = len(problems)
        more = f"（共{count}处错误，未导入任何记录）" if count > 1 else "（未导入任何记录）"
        super().__init__(
            f"{first.message}{more}",
            f"{count} problem(s) in the file; nothing was imported",
            source=source,
            line=first.line,
            column=None,
            field=first.column or first.field,
            problems=list(problems[:MAX_LISTED]),
            count=count,
        )


@dataclass
class Sheet:
    """A read sheet: header positions by field name, and data rows with their lines."""

    source: str
    columns: dict[str, int]  # field name → index in the row
    labels: dict[str, str]  # field name → "header（B列）" for messages
    rows: list[tuple[int, list[str]]]  # (line, cells as text)
    ignored_headers: list[str] = field(default_factory=list)
    header_line: int = 1

    def cell(self, row: list[str], name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            return ""
        return row[index]


class ProblemList:
    """Collects problems of one sheet; the caller raises :meth:`raise_if_any` at the end."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.items: list[CellProblem] = []

    def add(self, line: int | None, name: str | None, message: str) -> None:
        label = self.sheet.labels.get(name) if name else None
        self.items.append(CellProblem(line, label, name, message))

    def extend(self, problems: Sequence[CellProblem]) -> None:
        self.items.extend(problems)

    def raise_if_any(self) -> None:
        if self.items:
            ordered = sorted(self.items, key=lambda p: p.line or 0)
            raise SheetErrors(self.sheet.source, ordered)


# -- reading ----------------------------------------------------------------------------------


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code or number typed into a numeric cell
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only XLSX needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"无法作为 XLSX 工作簿打开：{exc}", "not a readable XLSX file", source=path
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_xlsx_text(v).strip() for v in values]
    finally:
        workbook.close()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _normalise_header(text: str) -> str:
    return "".join(text.split()).replace("（", "(").replace("）", ")").replace("*", "")


def read_sheet(path: Path, columns: Sequence[Column]) -> Sheet:
    """Read ``path`` (CSV or XLSX by suffix) and map its header onto ``columns``."""
    source = str(path)
    if not path.is_file():
        raise InputError("文件不存在", "file not found", source=path)
    is_xlsx = path.suffix.lower() in {".xlsx", ".xlsm"}
    rows_iter = _xlsx_rows(path) if is_xlsx else _csv_rows(decode(path.read_bytes(), path))
    rows = [(line, row) for line, row in rows_iter if any(cell.strip() for cell in row)]
    if not rows:
        raise InputError("文件为空（没有表头）", "empty file", source=path)
    header_line, header = rows[0]
    by_alias: dict[str, Column] = {}
    for column in columns:
        for alias in (column.header, *column.aliases):
            by_alias[_normalise_header(alias)] = column
    found: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for index, text in enumerate(header):
        column_or_none = by_alias.get(_normalise_header(text))
        if column_or_none is None:
            if text.strip():
                ignored.append(text.strip())
            continue
        if column_or_none.name in found:
            raise InputError(
                f"表头中「{column_or_none.header}」列出现了两次（第{found[column_or_none.name] + 1}列"
                f"与第{index + 1}列）",
                "duplicate column",
                source=path,
                line=header_line,
                column=index + 1,
                field=column_or_none.header,
            )
        found[column_or_none.name] = index
        where = f"{_column_letter(index)}列" if is_xlsx else f"第{index + 1}列"
        labels[column_or_none.name] = f"{column_or_none.header}（{where}）"
    missing = [c for c in columns if c.required and c.name not in found]
    if missing:
        names = "、".join(f"「{c.header}」" for c in missing)
        raise InputError(
            f"缺少必需的列{names}（表头在第{header_line}行；可用的列见 config/campaigns/README.md）",
            "required column missing: " + ", ".join(c.name for c in missing),
            source=path,
            line=header_line,
            field=missing[0].header,
        )
    for column in columns:  # messages about a column the file lacks still name it
        labels.setdefault(column.name, column.header)
    data = [(line, [cell.strip() for cell in row]) for line, row in rows[1:]]
    return Sheet(source, found, labels, data, ignored, header_line)


def report_progress(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
        progress(done, total)


def parse_date(text: str) -> date:
    """YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD (as Excel and WPS write them)."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    if " " in cleaned:  # "2026-05-12 00:00:00" from a date cell saved as text
        cleaned = cleaned.split(" ", 1)[0]
    parts = cleaned.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise ValueError(f"「{text}」不是有效日期（应为 YYYY-MM-DD）")


def parse_choice(text: str, choices: Mapping[str, Any], what: str) -> Any:
    """A value given by its Chinese label or its code (case-insensitive)."""
    key = text.strip()
    if key in choices:
        return choices[key]
    if key.lower() in choices:
        return choices[key.lower()]
    allowed = "、".join(k for k in choices if not k.isascii())
    raise ValueError(f"{what}「{text}」无效，应为：{allowed}")
