"""`ipflow threshold` commands (placeholder: filled in by its owner module)."""

import typer

app = typer.Typer(help="threshold", no_args_is_help=True)
