"""`ipflow evidence`."""

from __future__ import annotations

import typer

app = typer.Typer(help="证据材料：附加到案件、列出、校验。", no_args_is_help=True)
