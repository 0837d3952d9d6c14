"""The bureau's people: units and officers, and who an officer acts as (``--as``).

An officer may hold several roles (a 承办人 who is also 法制审核人员 in a small county
bureau). A command is fired in the role the lifecycle allows for it; an officer holding
none of those roles acts in their primary role, and the lifecycle refuses with the
roles it would accept (:class:`~ipflow.errors.RoleNotAllowed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, select

from ipflow.domain.lifecycle import Actor
from ipflow.domain.roles import Role
from ipflow.errors import InputError, NotFound
from ipflow.store.tables import OfficerRow, UnitKind, UnitRow

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"


class UnitInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=_ID_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    kind: UnitKind = UnitKind.INTERNAL
    contact_name: str | None = Field(default=None, max_length=100)
    contact_phone: str | None = Field(default=None, pattern=r"^[0-9+\-() ]{5,32}$")


class OfficerInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=_ID_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    roles: tuple[Role, ...] = Field(min_length=1)  # the first is the primary role
    unit_id: str | None = None
    phone: str | None = Field(default=None, pattern=r"^[0-9+\-() ]{5,32}$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$", max_length=200)

    @field_validator("roles")
    @classmethod
    def _distinct(cls, roles: tuple[Role, ...]) -> tuple[Role, ...]:
        return tuple(dict.fromkeys(roles))


def add_unit(session: Session, unit: UnitInput) -> UnitRow:
    if session.get(UnitRow, unit.id) is not None:
        raise InputError(f"单位 {unit.id} 已存在", f"unit {unit.id} already exists", field="id")
    row = UnitRow(**unit.model_dump())
    session.add(row)
    session.flush()
    return row


def add_officer(session: Session, officer: OfficerInput) -> OfficerRow:
    if session.get(OfficerRow, officer.id) is not None:
        raise InputError(
            f"执法人员 {officer.id} 已存在", f"officer {officer.id} already exists", field="id"
        )
    if officer.unit_id is not None and session.get(UnitRow, officer.unit_id) is None:
        raise InputError(
            f"单位 {officer.unit_id} 不存在，请先用 ipflow unit add 登记",
            f"unit {officer.unit_id} not found",
            field="unit",
        )
    row = OfficerRow(
        id=officer.id,
        name=officer.name,
        role=officer.roles[0].value,
        roles=[r.value for r in officer.roles],
        unit_id=officer.unit_id,
        phone=officer.phone,
        email=officer.email,
    )
    session.add(row)
    session.flush()
    return row


def list_units(session: Session, kind: UnitKind | None = None) -> Sequence[UnitRow]:
    query = select(UnitRow).order_by(UnitRow.id)
    if kind is not None:
        query = query.where(UnitRow.kind == kind)
    return session.exec(query).all()


def list_officers(
    session: Session, *, unit_id: str | None = None, role: Role | None = None
) -> list[OfficerRow]:
    query = select(OfficerRow).order_by(OfficerRow.id)
    if unit_id is not None:
        query = query.where(OfficerRow.unit_id == unit_id)
    rows = list(session.exec(query).all())
    if role is not None:
        rows = [r for r in rows if role.value in roles_of(r)]
    return rows


def roles_of(officer: OfficerRow) -> tuple[Role, ...]:
    return tuple(Role(r) for r in dict.fromkeys([officer.role, *officer.roles]))


def officer(session: Session, officer_id: str) -> OfficerRow:
    row = session.get(OfficerRow, officer_id)
    if row is None or not row.active:
        raise NotFound(
            f"执法人员 {officer_id} 未登记或已停用（ipflow officer list 查看，ipflow officer add 登记）",
            f"unknown officer {officer_id}",
            entity="officer",
            key=officer_id,
            field="--as",
        )
    return row


def actor_for(session: Session, officer_id: str, allowed: Iterable[Role] = ()) -> Actor:
    """The :class:`Actor` for ``officer_id``, in the first of its roles that ``allowed`` has."""
    row = officer(session, officer_id)
    held = roles_of(row)
    wanted = tuple(allowed)
    role = next((r for r in held if r in wanted), held[0])
    return Actor(officer_id=row.id, name=row.name, role=role)
