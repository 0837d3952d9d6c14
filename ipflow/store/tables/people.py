"""Officers and the units (科室、所) they belong to."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class UnitRow(SQLModel, table=True):
    __tablename__ = "unit"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)


class OfficerRow(SQLModel, table=True):
    __tablename__ = "officer"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=100)
    role: str = Field(max_length=32, index=True)
    unit_id: str | None = Field(default=None, max_length=64, foreign_key="unit.id", index=True)
    active: bool = True
