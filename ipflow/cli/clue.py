"""`ipflow clue`."""

from __future__ import annotations

import typer

app = typer.Typer(help="线索：登记（投诉举报、部门移送、上级交办）与查看。", no_args_is_help=True)
