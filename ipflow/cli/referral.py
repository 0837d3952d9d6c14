"""`ipflow referral`."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="涉嫌犯罪案件移送：呈报、审批、移送公安、受理、立案监督与移交。", no_args_is_help=True
)
