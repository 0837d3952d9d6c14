"""`ipflow inspection`."""

from __future__ import annotations

import typer

app = typer.Typer(help="检查记录：逐条登记或按轮次批量导入。", no_args_is_help=True)
