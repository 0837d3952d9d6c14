"""What ipflow refuses: YAML alias bombs, recursive aliases, anchors, huge or deeply nested files."""

from __future__ import annotations

import time

import pytest

from ipflow.errors import InputError
from ipflow.loaders.yamlfile import MAX_YAML_BYTES, parse_yaml

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(9)
)


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        (BOMB, "锚点", 1),
        ("a: &a [*a]\n", "锚点", 1),
        ("id: x\nname: &n 张三\n", "锚点", 2),
        ("id: x\nb: *n\n", "别名", 2),
        ("a: " + "[" * 40 + "]" * 40 + "\n", "嵌套层级过深", 1),
    ],
    ids=["alias-bomb", "recursive-alias", "anchor", "alias", "deep"],
)
def test_hostile_yaml_is_refused_fast_at_its_line(text: str, words: str, line: int) -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "notify.yaml")
    assert time.monotonic() - started < 2
    assert words in caught.value.zh and caught.value.context["line"] == line
    assert caught.value.context["source"] == "notify.yaml"


def test_oversized_yaml_is_refused() -> None:
    with pytest.raises(InputError, match="过大"):
        parse_yaml("a: " + "x" * MAX_YAML_BYTES + "\n", "plan.yaml")


def test_ordinary_yaml_still_loads() -> None:
    value, _ = parse_yaml("id: c-1\nitems: [1, {b: 2}]\n", "plan.yaml")
    assert value == {"id": "c-1", "items": [1, {"b": 2}]}
