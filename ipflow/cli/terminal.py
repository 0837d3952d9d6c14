"""What reaches the terminal: text from the records shown, never obeyed.

A summary, a party name or a reason may hold control characters (typed, pasted, or
planted: ``\\x1b[31m`` recolours the screen, ``\\x1b]0;…\\x07`` retitles the window,
``\\r`` overwrites the line, U+202E reverses it). :func:`printable` shows each such
character as an escape (``\\x1b``, ``\\u202e``); newline and tab are kept, so that a
multi-line field still reads as written.

:class:`EscapingConsole` applies it to every string it renders: message lines, table
cells, headers and titles (Rich renders each through :meth:`Console.render_str`). The
CLI's two consoles are of this class, so no command has to remember to escape.
Rich markup written by ipflow itself (``[green]✓[/]``) is unaffected: markup is not
made of control characters.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text

# C0 controls except tab and newline, DEL, C1 controls (U+009B is a one-byte CSI on
# some terminals), and the bidirectional overrides and isolates.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character other than newline and tab shown escaped."""
    return _UNPRINTABLE.sub(_escaped, text)


class EscapingConsole(Console):
    """A Rich console that shows control characters in the strings it renders escaped."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(printable(text), **kwargs)
