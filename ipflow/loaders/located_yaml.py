"""Validate a YAML file as a model and name the exact line and field of the first problem.

Builds on :mod:`ipflow.loaders.yamlfile` (parse with positions) and adds two things
the calendar and deadline files need: cross-field problems raised by the domain as
:class:`~ipflow.domain.calendar_years.LocatedValueError` point at the value they
concern (not at the enclosing mapping), and pydantic's common messages are given
in Chinese for the officer who edits the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ipflow.domain.calendar_years import LocatedValueError
from ipflow.errors import InputError
from ipflow.loaders.yamlfile import PathKey, Position, parse_yaml, position_of

M = TypeVar("M", bound=BaseModel)

_MESSAGES_ZH: dict[str, str] = {
    "extra_forbidden": "未知字段（unknown field）",
    "missing": "缺少必填字段（field required）",
    "date_type": "应为日期 YYYY-MM-DD（not a date）",
    "date_parsing": "应为日期 YYYY-MM-DD（not a date）",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD（not a date）",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD，不带时间（not a plain date）",
    "int_type": "应为整数（not an integer）",
    "int_parsing": "应为整数（not an integer）",
    "int_from_float": "应为整数（not an integer）",
    "bool_type": "应为 true 或 false（not a boolean）",
    "bool_parsing": "应为 true 或 false（not a boolean）",
    "string_type": "应为文字（not a string）",
    "list_type": "应为列表（not a list）",
    "model_type": "应为映射（not a mapping）",
    "model_attributes_type": "应为映射（not a mapping）",
    "dict_type": "应为映射（not a mapping）",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "string_too_short": "不能为空（must not be empty）",
    "too_short": "不能为空（must not be empty）",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "string_pattern_mismatch": "格式不符",
}


def located_error(
    exc: ValidationError,
    source: str | Path,
    positions: dict[PathKey, Position],
    error: type[InputError] = InputError,
) -> InputError:
    """The first validation problem as ``error`` naming file, line, column and field."""
    first = exc.errors(include_url=False)[0]
    loc: tuple[str | int, ...] = tuple(first["loc"])
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, LocatedValueError):
        loc = (*loc, *cause.loc)
        message = str(cause)
    elif first["type"] in _MESSAGES_ZH:
        message = _MESSAGES_ZH[first["type"]]
        if first["type"] in {"enum", "literal_error"}:
            message += f"（{first['msg']}）"
    else:
        message = first["msg"].removeprefix("Value error, ")
    # pydantic adds union member and validator names to loc: keep only the real path
    real = tuple(
        p
        for p in loc
        if isinstance(p, int) or not (str(p).startswith("function-") or "[" in str(p))
    )
    pos = position_of(real, positions)
    more = exc.error_count() - 1
    return error(
        message + (f"（另有{more}处错误）" if more else ""),
        None,
        source=source,
        line=pos[0] if pos else None,
        column=pos[1] if pos else None,
        field=".".join(str(p) for p in real) or None,
    )


def read_located(
    path: Path, error: type[InputError] = InputError
) -> tuple[object, dict[PathKey, Position]]:
    """Read and parse ``path``; problems become ``error`` with file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("文件不存在", "file not found", source=path) from None
    except IsADirectoryError:
        raise error("这是一个目录，不是文件", "is a directory", source=path) from None
    except UnicodeDecodeError as exc:
        raise error(
            f"文件不是 UTF-8 编码（第{exc.start}字节）", "file is not UTF-8", source=path
        ) from None
    try:
        value, positions = parse_yaml(text, path)
    except InputError as exc:
        if type(exc) is error:
            raise
        raise error(exc.zh, exc.en, **exc.context) from None
    if value is None:
        raise error("文件为空", "file is empty", source=path)
    return value, positions


def load_located_model(path: Path, model: type[M], error: type[InputError] = InputError) -> M:
    """Read ``path`` and validate it as ``model``; the first problem names its line and field."""
    value, positions = read_located(path, error)
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise located_error(exc, path, positions, error) from None
