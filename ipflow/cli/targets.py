"""`ipflow targets`."""

from __future__ import annotations

import typer

app = typer.Typer(help="检查对象名录：导入（CSV/XLSX）与查看。", no_args_is_help=True)
