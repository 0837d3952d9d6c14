"""Fictional names and identifiers for the demo county (valid check characters, no real firms)."""

from __future__ import annotations

import random

from ipflow.domain.identifiers import CREDIT_CODE_ALPHABET, credit_code_check_character

_FIRM_WORDS = tuple("华 鑫 丰 盛 泰 源 宏 瑞 祥 安 德 恒 兴 福 康 晋 汾 岳 峰 川".replace(" ", ""))
_SURNAMES = tuple("王 李 张 刘 陈 杨 赵 黄 周 吴 郭 任 贾 闫 梁".replace(" ", ""))
_GIVEN = tuple("伟 芳 娜 敏 静 强 磊 军 洋 勇 艳 杰 涛 明 超 霞 平 刚".replace(" ", ""))
_TOWNS = ("城关镇", "东关镇", "北寨乡", "南河镇", "西岭乡", "石门镇")


def credit_code(rng: random.Random, region: str, *, individual: bool = False) -> str:
    """A valid 统一社会信用代码 of a firm (91…) or an individual business (92…)."""
    org = "".join(rng.choice(CREDIT_CODE_ALPHABET[:10] + "ABCDEFGH") for _ in range(9))
    first17 = ("92" if individual else "91") + region + org
    return first17 + credit_code_check_character(first17)


def firm_name(rng: random.Random, county: str, trade: str) -> str:
    return f"{county}{rng.choice(_FIRM_WORDS)}{rng.choice(_FIRM_WORDS)}{trade}"


def person_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(["", *_GIVEN])


def town(rng: random.Random) -> str:
    return rng.choice(_TOWNS)


def patent_application_number(rng: random.Random, year: int, serial: int) -> str:
    """A Chinese patent application number: year, type (1 invention, 2 utility), serial, check."""
    body = f"{year}{rng.choice('12')}{serial:07d}"
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return f"{body}.{'X' if check == 10 else check}"
