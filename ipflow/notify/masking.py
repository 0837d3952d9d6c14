"""Personal data masked in messages to anyone but the officers of the case.

What is masked (个人信息保护法 Art. 28, 51: identity numbers are sensitive personal
information; names and mobile numbers are personal information):

* names of natural persons known to the message: parties who are natural persons and
  operators of individual businesses (个体工商户经营者), found in the outbox payload and
  in the case and clue records: ``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``;
* resident identity numbers, wherever they appear and whatever precedes them (``ID``,
  ``证号``, a bracket, a Chinese character), known or not: 18 characters (17 digits and a
  digit or X) ``110101199003074578`` → ``110101********4578``; the old 15 digits (with a
  plausible birth date) ``440304900307231`` → ``440304******231``;
* mobile numbers (11 digits beginning 13–19, with ``+86``/``86``, spaces, dots or dashes):
  ``138.1234.5678`` → ``138****5678``;
* landlines with an area code: ``0755-12345678`` → ``0755-****5678``, ``(010)12345678``;
* bank card numbers (16–19 digits, plain or in groups of four): after 卡号、银行卡、账号 and
  the like, or anywhere when they pass the Luhn check and begin as card numbers do (3–6):
  ``6222021234567890123`` → ``622202*********0123``;
* the names of complainants and reporters given as such (投诉人、举报人、反映人、申诉人、
  来电人、信访人…, followed by a name of two to four characters), everywhere the name
  appears in the text: ``举报人赵小花`` → ``举报人赵**``.

Masking works on the finished text, so a template cannot forget it. It over-masks rather
than under-masks: any 18-character number shaped like an identity number is masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_IDENTITY = re.compile(r"(?<!\d)([1-9]\d{5})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_OLD_IDENTITY = re.compile(
    r"(?<!\d)([1-9]\d{5})\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(\d{3})(?!\d)"
)
_CARD_KEYWORD = r"(?:卡号|银行卡|信用卡|储蓄卡|借记卡|账号|帐号|账户|帐户|卡)"
_CARD_DIGITS = r"(?<!\d)(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d-])"
_CARD_AFTER_KEYWORD = re.compile(r"(" + _CARD_KEYWORD + r"[号码]?[:：\s]*)" + _CARD_DIGITS)
_CARD = re.compile(_CARD_DIGITS)
_LANDLINE = re.compile(
    r"(?<!\d)(?<!\d\.)(\(0\d{2,3}\)\s?|（0\d{2,3}）|0\d{2,3}[- ])(\d{3,4}[- ]?)(\d{4})(?!\d|\.\d)"
)
_LANDLINE_AFTER_KEYWORD = re.compile(r"((?:电话|座机|固话)[:：\s]*)(0\d{2,3})\d{3,4}(\d{4})(?!\d)")
_MOBILE = re.compile(
    r"(?<!\d)(?<!\d\.)(?:(?:\+|00)?86[-. ]?|[(（]\+?86[)）]\s?)?(1[3-9]\d)[-. ]?\d{4}[-. ]?(\d{4})(?!\d|\.\d)"
)
_REPORTER = re.compile(
    r"((?:投诉人|举报人|反映人|申诉人|控告人|来电人|来信人|来访人|信访人|报案人|报警人)"
    r"(?:姓名)?[:：]?\s*)([\u4e00-\u9fff·]{2,4})"
)
# What may follow a reporter's name directly (举报人张三反映…): the name ends there.
_AFTER_NAME = (
    "反映", "投诉", "举报", "称", "表示", "说", "来电", "来信", "来访", "电话", "手机", "身份证",
    "联系", "先生", "女士", "同志", "通过", "要求", "于", "在", "向", "对", "因", "的", "等",
    "和", "与", "及", "现", "系",
)  # fmt: skip
NATURAL_PERSON = "natural_person"
_NAME_KEYS = ("operator_name",)
_IDENTITY_KEYS = ("resident_id", "operator_resident_id")


def mask_name(name: str) -> str:
    """The surname's first character, the rest starred (a one-character name: ``*``)."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_identity(number: str) -> str:
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) == 15:
        return number[:6] + "*" * 6 + number[-3:]
    return "*" * len(number)


def mask_mobile(number: str) -> str:
    digits = re.sub(r"\D", "", number)[-11:]
    return digits[:3] + "****" + digits[-4:]


@dataclass(frozen=True)
class PersonalData:
    """The natural persons' names and identity numbers a message may contain."""

    names: frozenset[str] = field(default_factory=frozenset)
    identity_numbers: frozenset[str] = field(default_factory=frozenset)

    def merge(self, other: PersonalData) -> PersonalData:
        return PersonalData(
            self.names | other.names, self.identity_numbers | other.identity_numbers
        )


def personal_data_in(*documents: Any) -> PersonalData:
    """Names and identity numbers of natural persons anywhere in JSON-like ``documents``.

    A party is recognised by its shape (``{"kind": "natural_person", "name": …}``), an
    individual business's operator by ``operator_name``; identity numbers by their keys.
    """
    names: set[str] = set()
    numbers: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            if value.get("kind") == NATURAL_PERSON and isinstance(value.get("name"), str):
                names.add(value["name"])
            for key in _NAME_KEYS:
                if isinstance(value.get(key), str) and value[key]:
                    names.add(value[key])
            for key in _IDENTITY_KEYS:
                if isinstance(value.get(key), str) and value[key]:
                    numbers.add(value[key])
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for document in documents:
        walk(document)
    return PersonalData(frozenset(n.strip() for n in names if n.strip()), frozenset(numbers))


def mask_text(text: str, personal: PersonalData) -> str:
    """``text`` with the persons' names and every number that identifies a person masked.

    Reporters' names are found before any number is masked; numbers go longest first,
    so a mobile number is never found inside an identity or card number, nor a
    landline inside a mobile number with its ``0086`` prefix.
    """
    names = personal.names | reporter_names(text)
    for number in personal.identity_numbers:
        text = text.replace(number, mask_identity(number))
    text = _IDENTITY.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    text = _CARD_AFTER_KEYWORD.sub(lambda m: m.group(1) + mask_card(m.group(2)), text)
    text = _CARD.sub(
        lambda m: mask_card(m.group(1)) if _card_shaped(m.group(1)) else m.group(0), text
    )
    text = _OLD_IDENTITY.sub(lambda m: m.group(1) + "*" * 6 + m.group(2), text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    text = _LANDLINE_AFTER_KEYWORD.sub(lambda m: f"{m.group(1)}{m.group(2)}****{m.group(3)}", text)
    text = _LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    for name in sorted(names, key=len, reverse=True):  # 欧阳娜娜 before 欧阳
        text = text.replace(name, mask_name(name))
    return text


def reporter_names(text: str) -> frozenset[str]:
    """The names given after 举报人、投诉人、反映人… in ``text`` (two to four characters)."""
    found: set[str] = set()
    for match in _REPORTER.finditer(text):
        name = match.group(2)
        ends = [name.find(word, 2) for word in _AFTER_NAME]
        end = min((e for e in ends if e >= 2), default=len(name))
        found.add(name[:end])
    return frozenset(found)


def mask_card(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) < 16:  # pragma: no cover - the patterns find 16 to 19 digits
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def _card_shaped(number: str) -> bool:
    """16–19 digits beginning 3–6 that pass the Luhn check: a payment card's number."""
    digits = re.sub(r"\D", "", number)
    if not 16 <= len(digits) <= 19 or digits[0] not in "3456":
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def mask_all(texts: Iterable[str], personal: PersonalData) -> tuple[str, ...]:
    return tuple(mask_text(t, personal) for t in texts)
