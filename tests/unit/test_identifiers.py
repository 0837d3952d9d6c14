"""Identifiers on a case file: 统一社会信用代码 (GB 32100-2015), 公民身份号码
(GB 11643-1999) and the case 文号 built from the configured pattern."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipflow.domain.identifiers import (
    CREDIT_CODE_ALPHABET,
    case_number_regex,
    credit_code_check_character,
    format_case_number,
    is_valid_credit_code,
    parse_case_number,
    resident_id_birth_date,
    resident_id_check_character,
    validate_credit_code,
    validate_resident_id,
)
from ipflow.errors import InvalidIdentifier

# --- 统一社会信用代码 ------------------------------------------------------------------------

# Published codes: the GB 32100-2015 example and two well-known enterprises.
KNOWN_CREDIT_CODES = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]
FORBIDDEN_LETTERS = "IOZSV"


@pytest.mark.parametrize("code", KNOWN_CREDIT_CODES)
def test_published_credit_codes_are_valid(code: str) -> None:
    assert validate_credit_code(code) == code
    assert credit_code_check_character(code[:17]) == code[17]


def test_the_check_character_follows_gb_32100_weights() -> None:
    """Computed by hand: weights 3^i mod 31, check = 31 - sum mod 31 (31 → 0)."""
    body = "91350100M000100Y4"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(body, weights, strict=True))
    assert CREDIT_CODE_ALPHABET[(31 - total % 31) % 31] == "3" == credit_code_check_character(body)


def test_lower_case_and_surrounding_spaces_are_normalised() -> None:
    assert validate_credit_code("  91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", ""])
def test_a_credit_code_of_wrong_length_is_refused(code: str) -> None:
    with pytest.raises(InvalidIdentifier, match="应为18位") as caught:
        validate_credit_code(code)
    assert caught.value.context["position"] is None


@pytest.mark.parametrize("letter", FORBIDDEN_LETTERS)
def test_letters_outside_the_alphabet_are_refused_with_their_position(letter: str) -> None:
    code = "91350100M000100Y43"
    bad = code[:9] + letter + code[10:]
    with pytest.raises(InvalidIdentifier, match=f"第10位字符「{letter}」不合法") as caught:
        validate_credit_code(bad)
    assert (caught.value.context["kind"], caught.value.context["position"]) == ("credit_code", 10)


def test_an_unknown_registration_authority_is_refused() -> None:
    body = "B1350100M000100Y4"
    with pytest.raises(InvalidIdentifier, match="登记管理部门码「B」不存在") as caught:
        validate_credit_code(body + credit_code_check_character(body))
    assert caught.value.context["position"] == 1


def test_an_organisation_type_the_authority_does_not_use_is_refused() -> None:
    body = "94350100M000100Y4"  # 9 = 工商: only 1, 2, 3
    with pytest.raises(InvalidIdentifier, match="第2位机构类别码「4」") as caught:
        validate_credit_code(body + credit_code_check_character(body))
    assert caught.value.context["position"] == 2


def test_a_letter_in_the_region_code_is_refused() -> None:
    body = "913501A0M000100Y4"
    with pytest.raises(InvalidIdentifier, match="第7位应为数字") as caught:
        validate_credit_code(body + credit_code_check_character(body))
    assert caught.value.context["position"] == 7


def test_a_wrong_check_character_reports_position_18_and_the_expected_one() -> None:
    with pytest.raises(InvalidIdentifier, match="第18位校验码错误：应为「3」，实为「4」") as caught:
        validate_credit_code("91350100M000100Y44")
    assert (caught.value.context["position"], caught.value.context["expected"]) == (18, "3")


# Generated codes: built with the check function under test, used only for the properties
# below (the published codes above pin the function itself).
_AUTHORITY_TYPES = [
    ("9", "1"),
    ("9", "2"),
    ("9", "3"),
    ("1", "1"),
    ("5", "3"),
    ("N", "2"),
    ("Y", "1"),
]


@st.composite
def generated_credit_codes(draw: st.DrawFn) -> str:
    authority, org_type = draw(st.sampled_from(_AUTHORITY_TYPES))
    region = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    subject = draw(st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=9, max_size=9))
    body = authority + org_type + region + subject
    return body + credit_code_check_character(body)


@given(generated_credit_codes())
def test_generated_codes_are_valid(code: str) -> None:
    assert is_valid_credit_code(code)


@given(generated_credit_codes(), st.integers(min_value=0, max_value=17), st.data())
def test_every_single_character_substitution_is_detected(
    code: str, index: int, data: st.DataObject
) -> None:
    replacement = data.draw(st.sampled_from([c for c in CREDIT_CODE_ALPHABET if c != code[index]]))
    assert not is_valid_credit_code(code[:index] + replacement + code[index + 1 :])


@given(generated_credit_codes(), st.integers(min_value=0, max_value=16))
def test_every_transposition_of_adjacent_distinct_characters_is_detected(
    code: str, index: int
) -> None:
    a, b = code[index], code[index + 1]
    if a == b:
        return
    swapped = code[:index] + b + a + code[index + 2 :]
    assert not is_valid_credit_code(swapped)


def test_all_substitutions_of_a_published_code_are_detected_exhaustively() -> None:
    code = KNOWN_CREDIT_CODES[0]
    for index in range(18):
        for replacement in CREDIT_CODE_ALPHABET:
            if replacement != code[index]:
                mutated = code[:index] + replacement + code[index + 1 :]
                assert not is_valid_credit_code(mutated), mutated


# --- 公民身份号码 ------------------------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _mod_11_2(body: str) -> str:
    """The GB 11643-1999 check character, computed here independently of ipflow."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


BODY = "44030419900307001"  # region 440304, born 1990-03-07, sequence 001
VALID_ID = BODY + _mod_11_2(BODY)


def test_a_number_computed_with_the_standard_algorithm_is_valid() -> None:
    assert resident_id_check_character(BODY) == _mod_11_2(BODY)
    assert validate_resident_id(VALID_ID) == VALID_ID
    assert resident_id_birth_date(VALID_ID) == date(1990, 3, 7)


def test_the_published_example_with_check_x_is_valid_and_normalised() -> None:
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"
    assert resident_id_birth_date("11010519491231002X") == date(1949, 12, 31)


def test_a_bad_check_digit_shows_the_expected_one() -> None:
    wrong = "0" if VALID_ID[17] != "0" else "1"
    with pytest.raises(InvalidIdentifier, match=f"应为「{VALID_ID[17]}」") as caught:
        validate_resident_id(VALID_ID[:17] + wrong)
    assert (caught.value.context["position"], caught.value.context["expected"]) == (
        18,
        VALID_ID[17],
    )


@pytest.mark.parametrize(
    ("birth", "why"),
    [("19900230", "February 30"), ("19901301", "13th month"), ("18991231", "before 1900")],
)
def test_an_impossible_birth_date_is_refused(birth: str, why: str) -> None:
    body = "440304" + birth + "001"
    with pytest.raises(InvalidIdentifier, match="出生日期") as caught:
        validate_resident_id(body + _mod_11_2(body))
    assert caught.value.context["position"] == 7, why


def test_a_birth_date_after_today_is_refused_only_when_today_is_given() -> None:
    today = date(2026, 1, 15)
    tomorrow = today + timedelta(days=1)
    body = "440304" + tomorrow.strftime("%Y%m%d") + "001"
    number = body + _mod_11_2(body)
    with pytest.raises(InvalidIdentifier, match="出生日期"):
        validate_resident_id(number, today=today)
    assert validate_resident_id(number) == number  # the domain has no clock of its own
    born_today = "440304" + today.strftime("%Y%m%d") + "001"
    assert validate_resident_id(born_today + _mod_11_2(born_today), today=today)


@pytest.mark.parametrize("position", [1, 5, 12, 17])
def test_a_letter_in_the_body_is_refused_with_its_position(position: int) -> None:
    bad = VALID_ID[: position - 1] + "A" + VALID_ID[position:]
    with pytest.raises(InvalidIdentifier, match=f"第{position}位应为数字") as caught:
        validate_resident_id(bad)
    assert caught.value.context["position"] == position


def test_full_width_digits_are_refused() -> None:
    """str.isdigit() accepts '１'; a number stored with it would never match again."""
    bad = VALID_ID[:3] + "４" + VALID_ID[4:]
    with pytest.raises(InvalidIdentifier, match="第4位应为数字"):
        validate_resident_id(bad)


@pytest.mark.parametrize("number", [VALID_ID[:17], VALID_ID + "1", "", "440304199003070"])
def test_an_identity_number_of_wrong_length_is_refused(number: str) -> None:
    with pytest.raises(InvalidIdentifier, match="应为18位"):
        validate_resident_id(number)


def test_a_region_starting_with_9_or_0_is_refused() -> None:
    body = "9" + BODY[1:]
    with pytest.raises(InvalidIdentifier, match="第1位行政区划码"):
        validate_resident_id(body + _mod_11_2(body))


# --- 文号 ------------------------------------------------------------------------------------

PATTERN = "{prefix}市监处罚〔{year}〕{seq}号"


def test_a_case_number_is_formatted_and_parsed_back() -> None:
    number = format_case_number(PATTERN, prefix="示县", year=2026, seq=12)
    assert number == "示县市监处罚〔2026〕12号"
    assert parse_case_number(number, PATTERN, prefix="示县") == (2026, 12)


def test_a_zero_padded_sequence_round_trips() -> None:
    pattern = "{prefix}市监处罚〔{year}〕{seq:04d}号"
    number = format_case_number(pattern, prefix="示县", year=2026, seq=7)
    assert number == "示县市监处罚〔2026〕0007号"
    assert parse_case_number(number, pattern, prefix="示县") == (2026, 7)


@given(
    year=st.integers(min_value=2000, max_value=2099), seq=st.integers(min_value=1, max_value=99999)
)
def test_every_year_and_sequence_round_trips(year: int, seq: int) -> None:
    for pattern in (PATTERN, "{prefix}市监处罚〔{year}〕{seq:04d}号", "{prefix}-{year}-{seq}"):
        number = format_case_number(pattern, prefix="示县", year=year, seq=seq)
        assert parse_case_number(number, pattern, prefix="示县") == (year, seq)


def test_a_sequence_below_one_is_refused() -> None:
    with pytest.raises(InvalidIdentifier, match="序号必须从1开始"):
        format_case_number(PATTERN, prefix="示县", year=2026, seq=0)


@pytest.mark.parametrize(
    ("pattern", "named"),
    [("{prefix}〔{year}〕{seq}号{county}", "county"), ("{prefix}{}〔{year}〕{seq}号", "{}")],
)
def test_an_unknown_field_is_refused_when_formatting_and_parsing(pattern: str, named: str) -> None:
    with pytest.raises(InvalidIdentifier, match=f"未知字段：{named}"):
        format_case_number(pattern, prefix="示县", year=2026, seq=1)
    with pytest.raises(InvalidIdentifier, match=f"未知字段：{named}"):
        parse_case_number("示县〔2026〕1号", pattern, prefix="示县")


def test_escaped_braces_are_literal_text() -> None:
    pattern = "{prefix}{{罚}}〔{year}〕{seq}号"
    number = format_case_number(pattern, prefix="示县", year=2026, seq=3)
    assert number == "示县{罚}〔2026〕3号"
    assert parse_case_number(number, pattern, prefix="示县") == (2026, 3)


def test_a_pattern_without_year_cannot_be_parsed() -> None:
    with pytest.raises(InvalidIdentifier, match=r"必须包含 \{year\} 和 \{seq\}"):
        case_number_regex("{prefix}{seq}号", prefix="示县")


@pytest.mark.parametrize(
    "number",
    [
        "示县市监处罚〔26〕12号",
        "示县市监处罚〔2026〕号",
        "他县市监处罚〔2026〕12号",
        "示县市监处罚〔2026〕12",
    ],
)
def test_a_malformed_number_is_refused_with_an_example(number: str) -> None:
    with pytest.raises(InvalidIdentifier, match="例如「示县市监处罚〔2026〕1号」") as caught:
        parse_case_number(number, PATTERN, prefix="示县")
    assert caught.value.context["kind"] == "case_number"
