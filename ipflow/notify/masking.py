"""Personal data masked in messages to anyone but the officers of the case.

What is masked (个人信息保护法 Art. 28, 51: identity numbers are sensitive personal
information; names and mobile numbers are personal information):

* names of natural persons known to the message: parties who are natural persons and
  operators of individual businesses (个体工商户经营者), found in the outbox payload and
  in the case and clue records: ``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``;
* resident identity numbers, wherever they appear (18 characters: 17 digits and a digit
  or X), known or not: ``110101199003074578`` → ``110101********4578``;
* mobile numbers (11 digits beginning 13–19): ``13812345678`` → ``138****5678``.

Masking works on the finished text, so a template cannot forget it. It over-masks rather
than under-masks: any 18-character number shaped like an identity number is masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_IDENTITY = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)")
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
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


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
    """``text`` with the persons' names, every identity number and mobile number masked."""
    for number in personal.identity_numbers:
        text = text.replace(number, mask_identity(number))
    text = _IDENTITY.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    for name in sorted(personal.names, key=len, reverse=True):  # 欧阳娜娜 before 欧阳
        text = text.replace(name, mask_name(name))
    return text


def mask_all(texts: Iterable[str], personal: PersonalData) -> tuple[str, ...]:
    return tuple(mask_text(t, personal) for t in texts)
