"""Read a holiday notice file (plain text, saved HTML page, DOCX) and the statutory holidays.

Also turns a parsed notice into the YAML year file ``ipflow calendar load`` takes.
"""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path

import yaml

from ipflow.domain.calendar_notice import NoticeYear
from ipflow.domain.calendar_notice_checks import StatutoryHoliday, StatutoryHolidays
from ipflow.errors import ConfigurationError, InputError
from ipflow.loaders.text_encoding import decode

STATUTORY_FILE = "statutory_holidays.yaml"
_BLOCK_TAGS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "title", "section"}


class _TextOfPage(HTMLParser):
    """The visible text of a saved page, one line per block element; scripts dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.replace("\n", ""))


def html_text(html: str) -> str:
    parser = _TextOfPage()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def read_notice_text(path: Path) -> str:
    """The notice's text; the kind is told by the content, not only the suffix."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在", "file not found", source=path) from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", source=path) from None
    if data.startswith(b"PK") or path.suffix.lower() == ".docx":
        return _docx_text(path)
    text = decode(data, path)
    head = text.lstrip()[:512].lower()
    if path.suffix.lower() in (".html", ".htm") or head.startswith(("<!doctype", "<html", "<")):
        return html_text(text)
    return text


def _docx_text(path: Path) -> str:
    import docx  # python-docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"不是有效的 DOCX 文件：{exc}", "not a DOCX file", source=path) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def load_statutory_holidays(config_dir: Path, year: int) -> StatutoryHolidays:
    """The statutory holidays in force in ``year`` (the latest version not after it)."""
    path = config_dir / "calendar" / STATUTORY_FILE
    try:
        versions = yaml.safe_load(path.read_text(encoding="utf-8"))["versions"]
        in_force = [v for v in versions if int(v["from_year"]) <= year]
        if not in_force:
            raise ConfigurationError(f"没有{year}年适用的法定节假日配置", source=path)
        raw = max(in_force, key=lambda v: int(v["from_year"]))
        holidays = tuple(
            StatutoryHoliday(
                name=str(h["name"]),
                days=int(h["days"]),
                names=tuple(str(n) for n in h["names"]),
                fixed=tuple(
                    (int(md.split("-")[0]), int(md.split("-")[1])) for md in h.get("fixed", [])
                ),
            )
            for h in raw["holidays"]
        )
        return StatutoryHolidays(
            source=str(raw["source"]),
            confidence=str(raw["confidence"]),
            max_consecutive_workdays=int(raw["max_consecutive_workdays"]),
            holidays=holidays,
        )
    except FileNotFoundError:
        raise ConfigurationError("法定节假日配置文件不存在", source=path) from None
    except (KeyError, TypeError, ValueError, IndexError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"法定节假日配置文件格式错误：{exc}", source=path) from None


def notice_year_yaml(notice: NoticeYear) -> str:
    """The YAML year file (format of config/calendar/README.md) for ``notice``."""
    source = notice.title or f"国务院办公厅关于{notice.year}年部分节假日安排的通知"
    if notice.published is not None:
        p = notice.published
        source += f"（{p.year}年{p.month}月{p.day}日）"
    lines = [
        f"# {notice.year}年节假日安排 — produced by `ipflow calendar import-notice` from the notice.",
        f"year: {notice.year}",
        f"source: {yaml.safe_dump(source, allow_unicode=True).splitlines()[0]}",
    ]
    if notice.published is not None:
        lines.append(f"published: {notice.published.isoformat()}")
    lines.append("holidays:")
    for b in notice.blocks:
        lines.append(f"  - {{name: {b.name}, from: {b.from_.isoformat()}, to: {b.to.isoformat()}}}")
    if notice.workdays:
        lines.append("workdays:")
        for w in sorted(notice.workdays, key=lambda w: w.day):
            lines.append(f"  - {w.day.isoformat()}  # {w.name}调休")
    else:
        lines.append("workdays: []")
    return "\n".join(lines) + "\n"
