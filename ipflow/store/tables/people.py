"""The bureau's people: units (科室、所, member units of the IP coordination group, the
public-security and procuratorate contacts) and officers with their roles."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel


class UnitKind(StrEnum):
    INTERNAL = "internal"  # 本局科室、所
    MEMBER = "member"  # 知识产权协调工作组成员单位
    POLICE = "police"  # 公安机关
    PROCURATORATE = "procuratorate"  # 检察机关

    @property
    def label_zh(self) -> str:
        return UNIT_KIND_LABELS_ZH[self]


UNIT_KIND_LABELS_ZH = {
    UnitKind.INTERNAL: "本局科室",
    UnitKind.MEMBER: "成员单位",
    UnitKind.POLICE: "公安机关",
    UnitKind.PROCURATORATE: "检察机关",
}


class UnitRow(SQLModel, table=True):
    __tablename__ = "unit"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    kind: UnitKind = Field(default=UnitKind.INTERNAL, sa_type=String(16))
    contact_name: str | None = Field(default=None, max_length=100)
    contact_phone: str | None = Field(default=None, max_length=32)


class OfficerRow(SQLModel, table=True):
    """An officer; ``role`` is the primary role, ``roles`` every role they may act in."""

    __tablename__ = "officer"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=100)
    role: str = Field(max_length=32, index=True)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    unit_id: str | None = Field(default=None, max_length=64, foreign_key="unit.id", index=True)
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=200)
    active: bool = True
