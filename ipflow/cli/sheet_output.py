"""Output the field-work commands share: a progress bar while a file is checked, the table
of every problem found in it (the error itself is then reported by the command group),
listings whose id columns are never cut, and message lines that are never wrapped."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ipflow.cli.common import console, console_err
from ipflow.loaders.tabular import SheetErrors

SHOWN = 50  # problems printed; the error says how many there are


@contextmanager
def reading_progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar (on stderr, gone when done) fed by ``progress(done, total)``."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@contextmanager
def sheet_problems_as_table() -> Iterator[None]:
    """Print a :class:`SheetErrors`' problems as a table, then let it propagate (exit 2)."""
    try:
        yield
    except SheetErrors as exc:
        problems = exc.context["problems"]
        count = exc.context["count"]
        table = Table(title=f"文件中的错误（共{count}处）")
        table.add_column("行", no_wrap=True)
        table.add_column("列", overflow="fold")
        table.add_column("问题", overflow="fold")
        for p in problems[:SHOWN]:
            table.add_row(str(p.line or ""), p.column or "", p.message)
        console_err.print(table)
        if count > SHOWN:
            console_err.print(f"……另有{count - SHOWN}处错误未列出，请修改上述错误后重新导入。")
        raise


def listing(title: str, columns: Sequence[str], keys: int = 1) -> Table:
    """A listing whose first ``keys`` columns (ids, codes) are never cut; the rest fold."""
    table = Table(title=title)
    for index, header in enumerate(columns):
        if index < keys:
            table.add_column(header, no_wrap=True)
        else:
            table.add_column(header, overflow="fold")
    return table


def say(text: str, *, err: bool = False, end: str = "\n") -> None:
    """A message line, never cut or wrapped by the terminal width (scripts grep it)."""
    (console_err if err else console).print(text, soft_wrap=True, highlight=False, end=end)
