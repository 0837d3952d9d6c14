"""Line-aware YAML loading: every validation error names its file, line and field.

PyYAML's composed node tree keeps each node's position; we build the plain
Python value and, beside it, a map from the path of every value (``("rules", 3,
"article")``) to its line and column. A pydantic error's ``loc`` is then looked
up in that map (falling back to the nearest parent that has a position).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ipflow.errors import InputError

M = TypeVar("M", bound=BaseModel)

MAX_YAML_BYTES = 1_000_000  # ipflow's largest file is a few tens of kB
MAX_YAML_DEPTH = 32
Position = tuple[int, int]  # 1-based line, column
PathKey = tuple[str | int, ...]


def _construct(node: yaml.Node, path: PathKey, positions: dict[PathKey, Position]) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, (*path, "<key>"), positions)
            if isinstance(key, list | dict):
                raise InputError(
                    "映射的键不能是列表或映射",
                    "mapping keys must be scalars",
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                )
            if key in result:
                raise InputError(
                    f"重复的键「{key}」",
                    f"duplicate key {key!r}",
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                    field=".".join(str(p) for p in (*path, key)),
                )
            result[key] = _construct(value_node, (*path, key), positions)
        positions.pop((*path, "<key>"), None)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), positions) for i, item in enumerate(node.value)]
    # Scalars: let the safe constructor resolve ints, dates, booleans, nulls.
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _refuse_hostile(text: str, source: str | Path) -> None:
    """Bound size and nesting and refuse anchors/aliases before anything is built.

    An alias bomb (a few hundred bytes expanding to gigabytes) or a recursive alias is
    stopped here, on the event stream, which never expands aliases.
    """
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise InputError(
            f"YAML 文件过大（超过 {MAX_YAML_BYTES // 1_000_000} MB）",
            "YAML too large",
            source=source,
        )
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError(
                "YAML 中不允许使用锚点（&）或别名（*）",
                "YAML anchors/aliases refused",
                source=source,
                line=line,
                column=column,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise InputError(
                    f"YAML 嵌套层级过深（超过 {MAX_YAML_DEPTH} 层）",
                    "YAML nested too deep",
                    source=source,
                    line=line,
                    column=column,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, source: str | Path) -> tuple[Any, dict[PathKey, Position]]:
    """Parse YAML text; return the value and the position map. Raises ``InputError``.

    Hostile files are refused first: over 1 MB, nested deeper than 32, or using anchors/aliases.
    """
    positions: dict[PathKey, Position] = {}
    try:
        _refuse_hostile(text, source)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            f"YAML 语法错误：{exc.problem}",
            "malformed YAML",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked parser errors are rare
        raise InputError(f"YAML 语法错误：{exc}", "malformed YAML", source=source) from None
    if node is None:
        return None, positions
    try:
        value = _construct(node, (), positions)
    except InputError as exc:
        exc.context["source"] = str(source)
        raise
    except ValueError as exc:  # an impossible date such as 2027-02-30
        found = _first_bad_scalar(node)
        bad, bad_path = found if found else (None, ())
        raise InputError(
            f"值「{bad.value if bad else ''}」无法解析：{exc}",
            "YAML value cannot be constructed",
            source=source,
            line=bad.start_mark.line + 1 if bad else None,
            column=bad.start_mark.column + 1 if bad else None,
            field=".".join(str(p) for p in bad_path) or None,
        ) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise InputError(
            f"YAML 值无法解析：{exc.problem}",
            "YAML value cannot be constructed",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    return value, positions


def _first_bad_scalar(node: yaml.Node, path: PathKey = ()) -> tuple[yaml.Node, PathKey] | None:
    """The first scalar the safe constructor cannot build, with its path (for the error)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found = _first_bad_scalar(key, path)
            if found:
                return found
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            found = _first_bad_scalar(value, (*path, name))
            if found:
                return found
        return None
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found = _first_bad_scalar(item, (*path, index))
            if found:
                return found
        return None
    loader = yaml.SafeLoader("")
    try:
        loader.construct_object(node, deep=True)
    except ValueError:
        return node, path
    finally:
        loader.dispose()
    return None


def position_of(loc: PathKey, positions: dict[PathKey, Position]) -> Position | None:
    """Position of ``loc`` or of its nearest ancestor present in the map."""
    for end in range(len(loc), -1, -1):
        found = positions.get(tuple(loc[:end]))
        if found:
            return found
    return None


def raise_validation_error(
    exc: ValidationError,
    source: str | Path,
    positions: dict[PathKey, Position],
    *,
    loc_prefix: PathKey = (),
) -> None:
    """Turn the first pydantic error into an ``InputError`` at its line and field."""
    first = exc.errors(include_url=False)[0]
    loc = (*loc_prefix, *first["loc"])
    # pydantic adds union member names / function names to loc; keep only real path items
    real = tuple(p for p in loc if isinstance(p, int) or not str(p).startswith("function-"))
    pos = position_of(real, positions)
    field = ".".join(str(p) for p in real) or None
    count = exc.error_count()
    more = f"（另有{count - 1}处错误）" if count > 1 else ""
    raise InputError(
        f"{first['msg'].removeprefix('Value error, ')}{more}",
        None,
        source=source,
        line=pos[0] if pos else None,
        column=pos[1] if pos else None,
        field=field,
    ) from None


def load_yaml_model(path: Path, model: type[M]) -> M:
    """Read ``path`` and validate it as ``model``; every error names file, line and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("文件不存在", "file not found", source=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"文件不是 UTF-8 编码（第{exc.start}字节）", "file is not UTF-8", source=path
        ) from None
    value, positions = parse_yaml(text, path)
    if value is None:
        raise InputError("文件为空", "file is empty", source=path)
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise_validation_error(exc, path, positions)
        raise  # unreachable: raise_validation_error always raises
