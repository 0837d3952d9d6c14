"""Filling a DOCX template: Jinja2 in paragraph text, deterministic bytes out.

Each paragraph (in the body and in table cells) whose text holds ``{{`` or ``{%`` is
rendered as one Jinja2 template; the result goes into the paragraph's first run
(keeping its formatting) and the other runs are emptied, so a template edited in Word
(which splits text into runs at will) still renders. A newline in a value becomes a
line break. Undefined names are errors (``StrictUndefined``), not blanks.

The output is reproducible: the core properties are set from ``when`` and every ZIP
member gets the same timestamp, so rendering the same letter twice yields the same
bytes and the same SHA-256 in the evidence store.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.text.paragraph import Paragraph
from jinja2 import Environment, StrictUndefined, TemplateError

from ipflow.documents.page_layout import apply_official_layout
from ipflow.errors import ConfigurationError

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_JINJA = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def _paragraphs(document: Document) -> Iterator[Paragraph]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _fill(paragraph: Paragraph, context: Mapping[str, Any], template: Path) -> None:
    text = paragraph.text
    if "{{" not in text and "{%" not in text:
        return
    try:
        rendered = _JINJA.from_string(text).render(**context)
    except TemplateError as exc:
        raise ConfigurationError(
            f"文书模板 {template.name} 有误：{exc}",
            "document template cannot be rendered",
            source=template,
            field=text[:40],
        ) from None
    runs = paragraph.runs
    runs[0].text = rendered
    for run in runs[1:]:
        run.text = ""


def _reproducible(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def render_docx(
    template: Path, context: Mapping[str, Any], *, title: str, author: str, when: datetime
) -> bytes:
    """The filled document as bytes (identical for identical inputs)."""
    if not template.is_file():
        raise ConfigurationError(
            f"文书模板 {template} 不存在（可运行 scripts/make_document_templates.py 生成）",
            "document template missing",
            source=template,
        )
    document = docx.Document(str(template))
    apply_official_layout(document)
    for paragraph in _paragraphs(document):
        _fill(paragraph, context, template)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    naive = when.replace(tzinfo=None, microsecond=0)
    props.created = props.modified = props.last_printed = naive
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())


def document_text(data: bytes) -> list[str]:
    """The paragraphs of a rendered document (for checks and tests)."""
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in _paragraphs(document)]
