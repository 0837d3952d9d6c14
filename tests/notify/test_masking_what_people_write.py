"""Masking finds personal data as people write it (issue 17, point 6): worked examples.

Each row: a text as a complaint, a clue summary or a notice might carry it, and what a
group channel or the local sink receives. Numbers that identify no person stay.
"""

from __future__ import annotations

import pytest

from ipflow.notify.masking import PersonalData, mask_text, reporter_names

ISSUE_EXAMPLE = (
    "举报人赵小花（身份证ID440304199003072312，旧证号440304900307231，手机138.1234.5678）"
)

EXAMPLES = [
    # 18-digit identity numbers wherever they stand
    ("身份证ID440304199003072312", "身份证ID440304********2312"),
    ("证号:440304199003072312。", "证号:440304********2312。"),
    ("身份证号[440304199003072312]", "身份证号[440304********2312]"),
    ("（440304199003072312）", "（440304********2312）"),
    ("张三440304199003072312住址", "张三440304********2312住址"),
    ("号码11010519491231002x", "号码110105********002x"),
    # 15-digit (first-generation) identity numbers
    ("旧证号440304900307231", "旧证号440304******231"),
    ("老身份证 110105491231002 已换", "老身份证 110105******002 已换"),
    # mobile numbers with spaces, dots, dashes and a country prefix
    ("手机138.1234.5678", "手机138****5678"),
    ("手机 138 1234 5678 联系", "手机 138****5678 联系"),
    ("手机138-1234-5678", "手机138****5678"),
    ("+86 138 1234 5678", "138****5678"),
    ("（+86）13812345678", "138****5678"),
    ("0086-13812345678", "138****5678"),
    ("请拨13812345678.", "请拨138****5678."),
    # landlines with an area code
    ("电话：0755-12345678", "电话：0755-****5678"),
    ("座机 010-1234567", "座机 010-****4567"),
    ("(010)12345678", "(010)****5678"),
    ("电话075512345678", "电话0755****5678"),
    # bank card numbers, 16 to 19 digits
    ("银行卡号：6222 0212 3456 7890 123", "银行卡号：622202*********0123"),
    ("账号6222021234567890", "账号622202******7890"),
    ("转账至6228480402564890018", "转账至622848*********0018"),  # Luhn-valid, no keyword
    ("卡号 4111-1111-1111-1111", "卡号 411111******1111"),
    # complainants and reporters given as such
    ("举报人赵小花", "举报人赵**"),
    ("投诉人：张三反映该店无照经营", "投诉人：张*反映该店无照经营"),
    ("反映人欧阳娜娜来电", "反映人欧***来电"),
    ("举报人于小明称，于小明曾多次购买", "举报人于**称，于**曾多次购买"),
    # what identifies no person stays
    ("编号 2026000100020003", "编号 2026000100020003"),
    ("统一社会信用代码 91350100M000100Y43", "统一社会信用代码 91350100M000100Y43"),
    ("金额 138.50 元，138 户", "金额 138.50 元，138 户"),
    ("2026-03-02 至 2026-04-01", "2026-03-02 至 2026-04-01"),
    ("示县市监处罚〔2026〕12号，线索 CL-2026-0001", "示县市监处罚〔2026〕12号，线索 CL-2026-0001"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "masked"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_personal_data_is_masked_as_people_write_it(text: str, masked: str) -> None:
    assert mask_text(text, PersonalData()) == masked


def test_the_issue_example_leaves_nothing_in_clear() -> None:
    masked = mask_text(ISSUE_EXAMPLE, PersonalData())
    assert masked == (
        "举报人赵**（身份证ID440304********2312，旧证号440304******231，手机138****5678）"
    )
    for clear in ("小花", "440304199003072312", "440304900307231", "1234.5678", "138.1234"):
        assert clear not in masked


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("举报人赵小花（身份证…）", {"赵小花"}),
        ("投诉人张三反映", {"张三"}),
        ("来电人李四称，信访人王五于3月来访", {"李四", "王五"}),
        ("举报人为", set()),
    ],
)
def test_reporters_are_found_by_the_word_that_introduces_them(text: str, names: set[str]) -> None:
    assert reporter_names(text) == names
