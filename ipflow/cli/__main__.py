"""`python -m ipflow.cli`: the same as the `ipflow` command."""

from ipflow.cli import main

main()
