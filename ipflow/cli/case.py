"""`ipflow case`."""

from __future__ import annotations

import typer

app = typer.Typer(help="案件：立案、调查、期限、处罚决定、送达、执行与结案。", no_args_is_help=True)
