"""Corrections: which aggregate field an earlier event's field became, and the new value.

A wrong entry is never edited in place. Each aggregate kind declares, per event type,
which aggregate field each event field wrote (``Aggregate.correctable``). A correction
of ``field`` of event ``event_id`` resolves to that aggregate path, is refused when a
later event wrote the same field again (correct that later entry instead), and its new
value is validated by rebuilding the aggregate before anything is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import JsonValue, ValidationError

from ipflow.errors import InputError

if TYPE_CHECKING:
    from ipflow.domain.aggregate import Aggregate

A = TypeVar("A", bound="Aggregate[Any]")


@dataclass(frozen=True)
class CorrectionPlan:
    event_type: str
    path: tuple[str, ...]  # in the aggregate
    old_value: JsonValue


def plan_correction(
    aggregate: Aggregate[Any], event_id: str, field: str, new_value: JsonValue
) -> CorrectionPlan:
    """Resolve and check a correction; raise ``InputError`` naming what is wrong."""
    version = _version_of(aggregate, event_id)
    event_type = aggregate.event_types[version - 1]
    path = _correctable_path(aggregate, event_type, field)
    for later in aggregate.event_types[version:]:
        for written in aggregate.correctable.get(later, {}).values():
            if _overlaps(path, written.split(".")):
                raise InputError(
                    f"字段「{field}」已被其后的「{later}」记录改写，请更正该记录",
                    "a later event wrote this field again: correct that one",
                    field=field,
                )
    corrected_copy(aggregate, path, new_value)  # the field exists and the value is valid
    old_value = _path_get(aggregate.model_dump(mode="json"), path)
    return CorrectionPlan(event_type=event_type, path=tuple(path), old_value=old_value)


def corrected_copy(aggregate: A, path: Sequence[str], value: JsonValue) -> A:
    """A validated copy of ``aggregate`` with the field at ``path`` set to ``value``."""
    where = ".".join(path)
    data = aggregate.model_dump()
    try:
        parent = _path_get(data, path[:-1])
        key: Any = int(path[-1]) if isinstance(parent, list) else path[-1]
        if isinstance(parent, dict) and key not in parent:
            raise KeyError(key)
        parent[key] = value
    except (KeyError, IndexError, ValueError, TypeError):
        raise InputError(f"字段「{where}」不存在", "no such field", field=where) from None
    try:
        return type(aggregate).model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise InputError(
            f"更正值无效：{first['msg']}", "invalid corrected value", field=where
        ) from None


def _version_of(aggregate: Aggregate[Any], event_id: str) -> int:
    prefix, _, number = event_id.rpartition("#")
    if prefix != f"{aggregate.kind.value}:{aggregate.id}" or not number.isdigit():
        raise InputError(
            f"记录编号「{event_id}」不属于本{aggregate.lifecycle.label_zh}",
            "event id does not belong to this aggregate",
            field="event_id",
        )
    version = int(number)
    if not 1 <= version <= aggregate.version:
        raise InputError(f"记录编号「{event_id}」不存在", "no such event", field="event_id")
    return version


def _correctable_path(aggregate: Aggregate[Any], event_type: str, field: str) -> list[str]:
    mapping = aggregate.correctable.get(event_type, {})
    parts = field.split(".")
    for n in range(len(parts), 0, -1):
        target = mapping.get(".".join(parts[:n]))
        if target is not None:
            return [*target.split("."), *parts[n:]]
    allowed = "、".join(mapping) or "无"
    raise InputError(
        f"「{event_type}」记录的字段「{field}」不可更正；可更正字段：{allowed}",
        f"field {field!r} of {event_type} cannot be corrected",
        field=field,
    )


def _path_get(data: Any, path: Sequence[str]) -> Any:
    for part in path:
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def _overlaps(a: Sequence[str], b: Sequence[str]) -> bool:
    n = min(len(a), len(b))
    return tuple(a[:n]) == tuple(b[:n])
