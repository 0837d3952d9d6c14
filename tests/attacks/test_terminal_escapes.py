"""What ipflow refuses: text in a record never drives the terminal it is shown on.

Escape sequences, carriage returns and other control characters are shown escaped
(``\\x1b``) by every table and message line of the CLI; newline and tab are kept.
"""

from __future__ import annotations

import io

import pytest
from rich.table import Table
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from ipflow.cli.terminal import EscapingConsole, printable
from ipflow.store.tables import ClueRow
from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import SQLITE_ONLY

HOSTILE = "举报\x1b[31m某超市\x1b[0m\x1b]0;已结案\x07\r覆盖\x00\x01\x0b\x7f\x9b\u202e"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31m红字", "\\x1b[31m红字"),  # SGR: recolours the screen
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),  # OSC: retitles the window
        ("已立案\r未立案", "已立案\\x0d未立案"),  # carriage return: overwrites the line
        ("a\x00b\x08c\x0bd\x0ce\x7f", "a\\x00b\\x08c\\x0bd\\x0ce\\x7f"),
        ("\x9b31m", "\\x9b31m"),  # C1 CSI, one byte on some terminals
        ("abc\u202edef", "abc\\u202edef"),  # right-to-left override
        ("第一行\n第二行\t制表", "第一行\n第二行\t制表"),  # newline and tab kept
        ("[green]✓[/] 普通文字", "[green]✓[/] 普通文字"),
    ],
    ids=["sgr", "osc", "cr", "c0", "c1", "bidi", "newline-tab", "plain"],
)
def test_control_characters_are_shown_escaped(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_every_cell_header_title_and_line_is_escaped() -> None:
    out = io.StringIO()
    console = EscapingConsole(file=out, width=200, force_terminal=False)
    table = Table("编号\x1b[1m", "摘要", title="线索\x1b]0;x\x07")
    table.add_row("XS-1", HOSTILE)
    console.print(table)
    console.print(f"已登记线索 {HOSTILE}")
    text = out.getvalue()
    assert not any(ch in text for ch in "\x1b\x07\r\x00\x01\x0b\x7f\x9b\u202e")
    assert "\\x1b[31m某超市" in text and "\\x1b]0;已结案\\x07" in text


@SQLITE_ONLY
def test_clue_list_and_show_never_write_a_raw_escape(bureau: Bureau) -> None:
    bureau.ok("clue", "add", "--source", "complaint", "--summary", "举报某超市",
              "--on", "2026-01-23", "--as", "zhang")  # fmt: skip
    # A record stored before its text was checked at the boundary (or by another tool).
    with Session(bureau.engine()) as session:
        row = session.get(ClueRow, "XS-2026-0001")
        assert row is not None
        row.snapshot = {**row.snapshot, "summary": HOSTILE}
        flag_modified(row, "snapshot")
        session.add(row)
        session.commit()
    for command in (("clue", "list"), ("clue", "show", "XS-2026-0001")):
        output = bureau.ok(*command).output
        assert "\x1b" not in output and "\r" not in output and "\x07" not in output
        assert "\\x1b[31m某超市" in output.replace("\n", "").replace("│", "").replace(" ", "")
