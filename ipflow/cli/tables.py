"""Rich tables that never cut a value short: long cells wrap inside their column, and the
columns named as ``fixed`` (dates, numbers, ids) are kept on one line."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table


def folding_table(*headers: str, title: str | None = None, fixed: Iterable[str] = ()) -> Table:
    keep = set(fixed)
    table = Table(title=title)
    for header in headers:
        if header in keep:
            table.add_column(header, no_wrap=True)
        else:
            table.add_column(header, overflow="fold")
    return table
