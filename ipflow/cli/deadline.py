"""`ipflow deadline` commands (placeholder: filled in by its owner module)."""

import typer

app = typer.Typer(help="deadline", no_args_is_help=True)
