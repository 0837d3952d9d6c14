"""`ipflow campaign`."""

from __future__ import annotations

import typer

app = typer.Typer(help="专项行动：按行动方案文件创建、查看、启动与结束。", no_args_is_help=True)
