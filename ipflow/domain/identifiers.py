"""Identifiers a case file carries, validated against their national standards.

- 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a
  31-character alphabet (no I, O, Z, S, V); the 18th is a check character computed
  with weights 3^i mod 31.
- 公民身份号码 (resident identity number), GB 11643-1999: 17 digits and a check
  character (ISO 7064 MOD 11-2, ``X`` for 10); positions 7–14 are the birth date.
- 文号 (document number) of a case, from a configurable pattern such as
  ``{prefix}市监处罚〔{year}〕{seq}号``.

An invalid identifier raises :class:`~ipflow.errors.InvalidIdentifier` with the
1-based position at fault and, for a wrong check character, the expected one.
"""

from __future__ import annotations

import re
import string
from datetime import date

from ipflow.errors import InvalidIdentifier

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# GB 32100-2015 Table 1: 登记管理部门码 (registration authority) and the 机构类别码 it allows.
_CREDIT_AUTHORITY_TYPES: dict[str, str] = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "12345679",  # 宗教 / 司法行政等
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "19",  # 旅游
    "7": "129",  # 宗教
    "8": "129",  # 工会
    "9": "123",  # 工商（市场监管）: 1 企业, 2 个体工商户, 3 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "12349",  # 农业
    "Y": "1",  # 其他
}

# ASCII only: str.isdigit() also accepts full-width and other Unicode digits.
_ASCII_DIGITS = frozenset("0123456789")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def credit_code_check_character(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    remainder = 31 - total % 31
    return CREDIT_CODE_ALPHABET[0 if remainder == 31 else remainder]


def validate_credit_code(value: str) -> str:
    """Return the normalised (upper-case, trimmed) code or raise ``InvalidIdentifier``."""
    code = value.strip().upper()
    kind = "统一社会信用代码"
    if len(code) != 18:
        raise InvalidIdentifier(
            f"{kind}「{value}」应为18位，实际{len(code)}位",
            f"unified social credit code must have 18 characters, got {len(code)}",
            kind="credit_code",
            value=value,
            position=None,
            expected=None,
        )
    for index, ch in enumerate(code, start=1):
        if ch not in CREDIT_CODE_ALPHABET:
            raise InvalidIdentifier(
                f"{kind}「{value}」第{index}位字符「{ch}」不合法（不得使用 I、O、Z、S、V 及小写以外的符号）",
                f"character {ch!r} at position {index} is not in the GB 32100 alphabet",
                kind="credit_code",
                value=value,
                position=index,
                expected=None,
            )
    authority, org_type = code[0], code[1]
    if authority not in _CREDIT_AUTHORITY_TYPES:
        raise InvalidIdentifier(
            f"{kind}「{value}」第1位登记管理部门码「{authority}」不存在",
            f"registration authority code {authority!r} at position 1 does not exist",
            kind="credit_code",
            value=value,
            position=1,
            expected=None,
        )
    if org_type not in _CREDIT_AUTHORITY_TYPES[authority]:
        raise InvalidIdentifier(
            f"{kind}「{value}」第2位机构类别码「{org_type}」与登记管理部门码「{authority}」不匹配",
            f"organisation type {org_type!r} at position 2 is not used by authority {authority!r}",
            kind="credit_code",
            value=value,
            position=2,
            expected=None,
        )
    if not code[2:8].isdigit():
        bad = next(i for i, ch in enumerate(code[2:8], start=3) if not ch.isdigit())
        raise InvalidIdentifier(
            f"{kind}「{value}」第{bad}位应为数字（第3至8位是登记管理机关行政区划码）",
            f"position {bad} must be a digit (positions 3-8 are the region code)",
            kind="credit_code",
            value=value,
            position=bad,
            expected=None,
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise InvalidIdentifier(
            f"{kind}「{value}」第18位校验码错误：应为「{expected}」，实为「{code[17]}」",
            f"check character at position 18 should be {expected!r}, got {code[17]!r}",
            kind="credit_code",
            value=value,
            position=18,
            expected=expected,
        )
    return code


def is_valid_credit_code(value: str) -> bool:
    try:
        validate_credit_code(value)
    except InvalidIdentifier:
        return False
    return True


def resident_id_check_character(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) for 17 digits."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_resident_id(value: str, *, today: date | None = None) -> str:
    """Return the normalised 18-character identity number or raise ``InvalidIdentifier``.

    ``today``, when given, also refuses a birth date in the future (the domain has
    no clock of its own).
    """
    number = value.strip().upper()
    kind = "公民身份号码"
    if len(number) != 18:
        raise InvalidIdentifier(
            f"{kind}应为18位，实际{len(number)}位",
            f"resident identity number must have 18 characters, got {len(number)}",
            kind="resident_id",
            value=value,
            position=None,
            expected=None,
        )
    for index, ch in enumerate(number[:17], start=1):
        if ch not in _ASCII_DIGITS:
            raise InvalidIdentifier(
                f"{kind}第{index}位应为数字，实为「{ch}」",
                f"position {index} must be a digit, got {ch!r}",
                kind="resident_id",
                value=value,
                position=index,
                expected=None,
            )
    if number[0] not in "12345678":
        raise InvalidIdentifier(
            f"{kind}第1位行政区划码「{number[0]}」不存在",
            f"region code at position 1 cannot start with {number[0]!r}",
            kind="resident_id",
            value=value,
            position=1,
            expected=None,
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1900 or (today is not None and birth > today):
        raise InvalidIdentifier(
            f"{kind}第7至14位出生日期「{number[6:14]}」不是有效日期",
            f"positions 7-14 ({number[6:14]}) are not a valid birth date",
            kind="resident_id",
            value=value,
            position=7,
            expected=None,
        )
    expected = resident_id_check_character(number[:17])
    if number[17] != expected:
        raise InvalidIdentifier(
            f"{kind}第18位校验码错误：应为「{expected}」，实为「{number[17]}」",
            f"check character at position 18 should be {expected!r}, got {number[17]!r}",
            kind="resident_id",
            value=value,
            position=18,
            expected=expected,
        )
    return number


def resident_id_birth_date(number: str) -> date:
    valid = validate_resident_id(number)
    return date(int(valid[6:10]), int(valid[10:12]), int(valid[12:14]))


_CASE_NUMBER_FIELDS = frozenset({"prefix", "year", "seq"})


def _pattern_parts(pattern: str) -> list[tuple[str, str | None]]:
    """Literal text and field name of each part of a ``str.format`` pattern.

    Uses the format parser itself, so ``{{`` escapes, ``{}`` and ``{seq:04d}`` are read
    exactly as :meth:`str.format` reads them. Unknown or positional fields are refused.
    """
    try:
        parts = [(text, name) for text, name, _spec, _conv in string.Formatter().parse(pattern)]
    except ValueError as exc:
        raise InvalidIdentifier(
            f"文号格式「{pattern}」的花括号不成对",
            f"case-number pattern has unbalanced braces: {exc}",
            kind="case_number",
            value=pattern,
        ) from None
    unknown = sorted({name for _, name in parts if name is not None} - _CASE_NUMBER_FIELDS)
    if unknown:
        shown = ", ".join(name or "{}" for name in unknown)
        raise InvalidIdentifier(
            f"文号格式含未知字段：{shown}",
            f"unknown fields in case-number pattern: {unknown}",
            kind="case_number",
            value=pattern,
        )
    return parts


def format_case_number(pattern: str, *, prefix: str, year: int, seq: int) -> str:
    """Render a 文号, e.g. ``{prefix}市监处罚〔{year}〕{seq}号`` → ``示县市监处罚〔2026〕12号``.

    ``{seq:03d}`` style formats are honoured. Unknown fields raise ``InvalidIdentifier``.
    """
    if seq < 1:
        raise InvalidIdentifier(
            f"文号序号必须从1开始，实为{seq}",
            "sequence must be >= 1",
            kind="case_number",
            value=str(seq),
        )
    _pattern_parts(pattern)
    return pattern.format(prefix=prefix, year=year, seq=seq)


def case_number_regex(pattern: str, *, prefix: str) -> re.Pattern[str]:
    """A regex that parses numbers made by :func:`format_case_number` (groups ``year``, ``seq``)."""
    parts = _pattern_parts(pattern)
    names = {name for _, name in parts}
    if not {"year", "seq"} <= names:
        raise InvalidIdentifier(
            "文号格式必须包含 {year} 和 {seq}",
            "case-number pattern must contain {year} and {seq}",
            kind="case_number",
            value=pattern,
        )
    digits = {"prefix": re.escape(prefix), "year": r"\d{4}", "seq": r"\d+"}
    out = []
    captured: set[str] = set()
    for text, name in parts:
        out.append(re.escape(text))
        if name is None:
            continue
        if name == "prefix" or name in captured:
            out.append(digits[name])  # a repeated field is matched, not captured twice
        else:
            out.append(f"(?P<{name}>{digits[name]})")
            captured.add(name)
    return re.compile("^" + "".join(out) + "$")


def parse_case_number(number: str, pattern: str, *, prefix: str) -> tuple[int, int]:
    """Return ``(year, seq)`` of a 文号 or raise ``InvalidIdentifier``."""
    match = case_number_regex(pattern, prefix=prefix).match(number.strip())
    if not match:
        example = format_case_number(pattern, prefix=prefix, year=2026, seq=1)
        raise InvalidIdentifier(
            f"文号「{number}」不符合格式，例如「{example}」",
            f"case number {number!r} does not match the configured pattern",
            kind="case_number",
            value=number,
        )
    return int(match.group("year")), int(match.group("seq"))
