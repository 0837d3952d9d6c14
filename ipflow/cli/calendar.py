"""`ipflow calendar` commands (placeholder: filled in by its owner module)."""

import typer

app = typer.Typer(help="calendar", no_args_is_help=True)
