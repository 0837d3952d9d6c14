"""Personal data masked in what group channels receive (个人信息保护法): worked examples."""

from __future__ import annotations

import pytest

from ipflow.notify.masking import PersonalData, mask_name, mask_text, personal_data_in

ID = "440304198503172315"


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张三丰", "张**"), ("欧阳娜娜", "欧***"), ("李", "*")]
)
def test_a_name_keeps_its_first_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"公民身份号码 {ID}", "公民身份号码 440304********2315"),
        ("身份证11010519491231002X。", "身份证110105********002X。"),  # unknown to the case: still masked
        ("手机13812345678", "手机138****5678"),
        ("电话 +86 138-1234-5678 联系", "电话 138****5678 联系"),
        ("统一社会信用代码 91350100M000100Y43", "统一社会信用代码 91350100M000100Y43"),  # not personal
        ("案件 C-2026-001，金额 300000 元，编号 2026000100020003", "案件 C-2026-001，金额 300000 元，编号 2026000100020003"),
    ],
)  # fmt: skip
def test_identity_and_mobile_numbers_are_masked_wherever_they_appear(
    text: str, masked: str
) -> None:
    assert mask_text(text, PersonalData()) == masked


def test_natural_persons_are_found_by_shape_in_events_and_records() -> None:
    document = {
        "event": {
            "parties": [
                {"kind": "natural_person", "name": "张三丰", "resident_id": ID},
                {
                    "kind": "organisation",
                    "name": "示例商贸有限公司",
                    "credit_code": "91350100M000100Y43",
                },
                {"kind": "individual_business", "name": "老王鞋店", "operator_name": "王大锤"},
            ]
        }
    }
    found = personal_data_in(document, {"snapshot": [{"operator_name": "欧阳娜娜"}]})
    assert found.names == {"张三丰", "王大锤", "欧阳娜娜"}
    assert found.identity_numbers == {ID}
    text = "当事人：张三丰（公民身份号码 " + ID + "）；老王鞋店（经营者王大锤）；示例商贸有限公司"
    assert mask_text(text, found) == (
        "当事人：张**（公民身份号码 440304********2315）；老王鞋店（经营者王**）；示例商贸有限公司"
    )
