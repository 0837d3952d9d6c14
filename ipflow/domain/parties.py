"""当事人 (the party to a case) and the party's penalty history.

A party is a natural person (公民身份号码), an individual business (个体工商户: a
credit code of authority 9, type 2, i.e. starting ``92``, with its operator
optionally named) or an organisation (any other credit code). Identifiers are
validated by :mod:`ipflow.domain.identifiers`; a bad one is a validation error that
names the field, so a YAML or CSV loader can point at its line.

:func:`prior_penalties_within` answers the repeat-offender questions from records
handed in (no I/O): the 24-month branch of 法释〔2025〕5号 and the five-year
aggravation of 商标法 Art. 60 ¶2 (windows from ``config/rules/procedure.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ipflow.domain.identifiers import validate_credit_code, validate_resident_id
from ipflow.domain.limitation import add_months
from ipflow.errors import InvalidIdentifier


class PartyKind(StrEnum):
    NATURAL_PERSON = "natural_person"  # 自然人
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    ORGANISATION = "organisation"  # 法人或者其他组织

    @property
    def label_zh(self) -> str:
        return {"natural_person": "自然人", "individual_business": "个体工商户"}.get(
            self.value, "法人或者其他组织"
        )


INDIVIDUAL_BUSINESS_PREFIX = "92"  # GB 32100-2015: authority 9 (market regulation), type 2


def _credit_code(value: str) -> str:
    try:
        return validate_credit_code(value)
    except InvalidIdentifier as exc:
        raise ValueError(exc.zh) from None


def _resident_id(value: str) -> str:
    try:
        return validate_resident_id(value)
    except InvalidIdentifier as exc:
        raise ValueError(exc.zh) from None


CreditCode = Annotated[str, AfterValidator(_credit_code)]
"""统一社会信用代码, validated (GB 32100-2015) and normalised to upper case."""
ResidentId = Annotated[str, AfterValidator(_resident_id)]
"""公民身份号码, validated (GB 11643-1999)."""


class Party(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PartyKind
    name: str = Field(min_length=1)
    resident_id: ResidentId | None = None
    credit_code: CreditCode | None = None
    operator_name: str | None = None  # 个体工商户经营者
    operator_resident_id: ResidentId | None = None
    address: str | None = None

    @model_validator(mode="after")
    def _identifier_fits_kind(self) -> Party:
        if self.kind is PartyKind.NATURAL_PERSON:
            if self.resident_id is None:
                raise ValueError("自然人当事人须填写公民身份号码（resident_id required）")
            if self.credit_code is not None:
                raise ValueError(
                    "自然人当事人不应有统一社会信用代码；个体工商户请选 individual_business"
                )
            return self
        if self.credit_code is None:
            raise ValueError(f"{self.kind.label_zh}须填写统一社会信用代码（credit_code required）")
        if self.resident_id is not None:
            raise ValueError("经营主体的身份号码请填写在 operator_resident_id（经营者）")
        is_individual = self.credit_code.startswith(INDIVIDUAL_BUSINESS_PREFIX)
        if self.kind is PartyKind.INDIVIDUAL_BUSINESS and not is_individual:
            raise ValueError("个体工商户的统一社会信用代码应以「92」开头")
        if self.kind is PartyKind.ORGANISATION and is_individual:
            raise ValueError(
                "以「92」开头的统一社会信用代码属于个体工商户，请选 individual_business"
            )
        if self.kind is PartyKind.ORGANISATION and self.operator_resident_id is not None:
            raise ValueError("经营者身份号码仅适用于个体工商户")
        return self

    @property
    def party_key(self) -> str:
        """The identifier a party's history is found by: credit code or identity number."""
        key = self.credit_code or self.resident_id
        assert key is not None  # guaranteed by the validator
        return key


class PenaltyKind(StrEnum):
    ADMINISTRATIVE = "administrative"  # 行政处罚
    CRIMINAL = "criminal"  # 刑事处罚


class PenaltyRecord(BaseModel):
    """One earlier penalty of a party, as the store or a register hands it in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    party_key: str
    kind: PenaltyKind
    decided_on: date
    offence: str = Field(description="e.g. trademark_infringement, or 刑法第二百一十三条")
    case_id: str | None = None


def prior_penalties_within(
    party_key: str,
    records: Iterable[PenaltyRecord],
    act_date: date,
    months: int,
    *,
    offences: Iterable[str] | None = None,
) -> list[PenaltyRecord]:
    """The party's penalties decided in the ``months`` before ``act_date`` (inclusive).

    ``offences`` narrows to the relevant conduct (e.g. the 213–215 trademark crimes and
    trademark infringement). Oldest first.
    """
    since = add_months(act_date, -months)
    wanted = set(offences) if offences is not None else None
    found = [
        r
        for r in records
        if r.party_key == party_key
        and since <= r.decided_on <= act_date
        and (wanted is None or r.offence in wanted)
    ]
    return sorted(found, key=lambda r: r.decided_on)


class PartyHistory(BaseModel):
    """A party's known penalties, for the repeat-offender and aggravation checks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    party_key: str
    records: tuple[PenaltyRecord, ...] = ()

    def within(
        self, act_date: date, months: int, offences: Iterable[str] | None = None
    ) -> list[PenaltyRecord]:
        return prior_penalties_within(
            self.party_key, self.records, act_date, months, offences=offences
        )

    def is_repeat_offender(
        self, act_date: date, months: int, offences: Iterable[str] | None = None
    ) -> bool:
        return bool(self.within(act_date, months, offences))
