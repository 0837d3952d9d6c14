"""The domain core stays pure: it imports only the standard library, pydantic,
other domain modules and the error hierarchy (STYLE.md, "The shape")."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "ipflow" / "domain"
ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions"}
ALLOWED_IPFLOW = ("ipflow.domain", "ipflow.errors")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("module", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_a_domain_module_imports_no_io_framework(module: Path) -> None:
    for name in imported_modules(module):
        top = name.split(".")[0]
        if top == "ipflow":
            assert name.startswith(ALLOWED_IPFLOW), f"{module.name} imports {name}"
        elif top != "__future__" and top not in sys.stdlib_module_names:
            assert top in ALLOWED_THIRD_PARTY, f"{module.name} imports {name}"


FORBIDDEN_CALLS = {"now", "today", "utcnow", "read_text", "read_bytes", "write_text", "getenv"}


def test_the_domain_reads_no_clock_and_no_files() -> None:
    offenders = []
    for module in sorted(DOMAIN.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id == "open":
                    offenders.append(f"{module.name}:{node.lineno}: open()")
                if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_CALLS:
                    offenders.append(f"{module.name}:{node.lineno}: .{func.attr}()")
            if isinstance(node, ast.Attribute) and node.attr == "environ":
                offenders.append(f"{module.name}:{node.lineno}: os.environ")
    assert offenders == []
