"""Decoding a CSV file as an officer's computer wrote it: a BOM first (UTF-8 or UTF-16), then
UTF-8, then GB18030 (a superset of GBK, what Excel and WPS save on a Chinese Windows).
Undecodable bytes are reported by byte offset and line, with what to do about them."""

from __future__ import annotations

from pathlib import Path

from ipflow.errors import InputError


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, source: str | Path) -> str:
    """Text of a CSV file: BOM first, then UTF-8, then GB18030 (a superset of GBK).

    A file that is mostly UTF-8 (it already had multi-byte UTF-8 characters) with a bad
    byte is reported as a UTF-8 error rather than decoded as GBK mojibake.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", source, skipped=3)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if any(b >= 0x80 for b in data[: utf8_error.start]):  # valid UTF-8 text before it
        raise _undecodable(data, utf8_error.start, "UTF-8", source)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start, "UTF-8，也不是 GBK/GB18030", source) from None


def _strict(data: bytes, encoding: str, source: str | Path, skipped: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start + skipped, encoding.upper(), source) from None


def _undecodable(data: bytes, offset: int, encoding: str, source: str | Path) -> InputError:
    bad = data[offset : offset + 2].hex(" ").upper()
    line = _line_of(data, offset)
    return InputError(
        f"文件编码无法识别：第{offset}字节（第{line}行）处的字节 {bad} 不是 {encoding} 编码；"
        "请在 Excel 或 WPS 中另存为「CSV UTF-8」或 XLSX 后重试",
        f"undecodable byte at offset {offset} (line {line})",
        source=source,
        line=line,
        offset=offset,
    )
