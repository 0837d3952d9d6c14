"""当事人: identifiers by kind, the party key, and prior penalties for repeat offenders."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from ipflow.domain.identifiers import credit_code_check_character
from ipflow.domain.parties import (
    Party,
    PartyHistory,
    PartyKind,
    PenaltyKind,
    PenaltyRecord,
    prior_penalties_within,
)
from tests.unit.lifecycle_factories import RULES

PERSON_ID = "11010519491231002X"  # the GB 11643 example
COMPANY_CODE = "91350100M000100Y43"  # the GB 32100 example


def _with_check_character(first17: str) -> str:
    """Test helper: a well-formed credit code made with the standard's check function."""
    return first17 + credit_code_check_character(first17)


SHOP_CODE = _with_check_character("92350102MA2XY1234")  # authority 9, type 2: 个体工商户


def test_a_natural_person_is_found_by_the_identity_number() -> None:
    person = Party(kind=PartyKind.NATURAL_PERSON, name="张三", resident_id=PERSON_ID.lower())
    assert person.resident_id == PERSON_ID and person.party_key == PERSON_ID


def test_an_individual_business_has_a_92_code_and_optionally_its_operator() -> None:
    shop = Party(
        kind=PartyKind.INDIVIDUAL_BUSINESS,
        name="示县张三鞋店",
        credit_code=SHOP_CODE,
        operator_name="张三",
        operator_resident_id=PERSON_ID,
    )
    assert shop.party_key == SHOP_CODE
    assert (
        Party(kind=PartyKind.INDIVIDUAL_BUSINESS, name="鞋店", credit_code=SHOP_CODE).operator_name
        is None
    )


def test_an_organisation_is_found_by_its_credit_code() -> None:
    company = Party(kind=PartyKind.ORGANISATION, name="示例商贸有限公司", credit_code=COMPANY_CODE)
    assert company.party_key == COMPANY_CODE


BAD_PARTIES = [
    ("person without identity number", {"kind": "natural_person", "name": "张三"}, "须填写公民身份号码"),
    ("person with a wrong check digit", {"kind": "natural_person", "name": "张三", "resident_id": "110105194912310021"}, "第18位校验码错误：应为「X」"),
    ("person with a credit code", {"kind": "natural_person", "name": "张三", "resident_id": PERSON_ID, "credit_code": COMPANY_CODE}, "个体工商户请选 individual_business"),
    ("individual business with a company code", {"kind": "individual_business", "name": "鞋店", "credit_code": COMPANY_CODE}, "应以「92」开头"),
    ("organisation with a 92 code", {"kind": "organisation", "name": "鞋店", "credit_code": SHOP_CODE}, "属于个体工商户"),
    ("organisation without a code", {"kind": "organisation", "name": "某公司"}, "须填写统一社会信用代码"),
    ("organisation with a forbidden letter", {"kind": "organisation", "name": "某公司", "credit_code": "91350100M000100YO3"}, "第17位字符「O」不合法"),
    ("operator's identity number on a company", {"kind": "organisation", "name": "某公司", "credit_code": COMPANY_CODE, "operator_resident_id": PERSON_ID}, "仅适用于个体工商户"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"), [b[1:] for b in BAD_PARTIES], ids=[b[0] for b in BAD_PARTIES]
)
def test_a_party_with_the_wrong_identifier_is_refused_naming_why(
    data: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Party.model_validate(data)


def test_the_identifier_error_names_its_field_for_line_aware_loaders() -> None:
    with pytest.raises(ValidationError) as refused:
        Party.model_validate(
            {"kind": "organisation", "name": "x", "credit_code": "91350100M000100Y44"}
        )
    assert refused.value.errors()[0]["loc"] == ("credit_code",)


def record(key: str, decided_on: date, offence: str = "trademark_infringement") -> PenaltyRecord:
    return PenaltyRecord(
        party_key=key, kind=PenaltyKind.ADMINISTRATIVE, decided_on=decided_on, offence=offence
    )


RECORDS = (
    record(COMPANY_CODE, date(2024, 3, 15)),  # exactly 24 months before the act
    record(COMPANY_CODE, date(2024, 3, 14)),  # one day too early
    record(COMPANY_CODE, date(2025, 8, 1), offence="counterfeit_patent"),
    record(COMPANY_CODE, date(2026, 3, 16)),  # after the act: not a prior penalty
    record(SHOP_CODE, date(2025, 1, 1)),  # another party
    PenaltyRecord(party_key=COMPANY_CODE, kind=PenaltyKind.CRIMINAL, decided_on=date(2021, 4, 1), offence="刑法第二百一十三条"),
)  # fmt: skip
ACT_DATE = date(2026, 3, 15)


def test_the_24_month_window_of_the_2025_interpretation_is_inclusive() -> None:
    months = RULES.repeat_offender.months
    found = prior_penalties_within(COMPANY_CODE, RECORDS, ACT_DATE, months)
    assert [r.decided_on for r in found] == [date(2024, 3, 15), date(2025, 8, 1)]
    trademark_only = prior_penalties_within(
        COMPANY_CODE,
        RECORDS,
        ACT_DATE,
        months,
        offences={"trademark_infringement", "刑法第二百一十三条"},
    )
    assert [r.decided_on for r in trademark_only] == [date(2024, 3, 15)]


def test_the_five_year_window_of_trademark_law_article_60() -> None:
    history = PartyHistory(party_key=COMPANY_CODE, records=RECORDS)
    five_years = RULES.trademark_aggravation.months
    oldest = history.within(ACT_DATE, five_years)[0]
    assert oldest.kind is PenaltyKind.CRIMINAL and oldest.decided_on == date(2021, 4, 1)
    assert history.is_repeat_offender(ACT_DATE, five_years)
    assert not PartyHistory(party_key="none").is_repeat_offender(ACT_DATE, five_years)


def test_month_windows_end_on_the_month_end_when_there_is_no_corresponding_day() -> None:
    leap_day = (record(COMPANY_CODE, date(2024, 2, 29)),)
    assert prior_penalties_within(COMPANY_CODE, leap_day, date(2026, 2, 28), 24) == list(leap_day)
