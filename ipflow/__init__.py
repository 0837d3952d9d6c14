"""ipflow: a workflow engine for IP enforcement campaigns (知识产权专项执法行动).

The package is layered (see README, "Architecture"):

- ``ipflow.domain``   pure rules: identifiers, working-day calendar, deadlines, lifecycles.
- ``ipflow.store``    persistence (SQLModel tables, repositories, migrations).
- ``ipflow.notify``   notification port, Apprise adapter, templates, outbox.
- ``ipflow.reports``  campaign summaries, ledgers, documents.
- ``ipflow.services`` use cases: one transaction per command.
- ``ipflow.cli``      the Typer command line (a thin adapter).
"""

__version__ = "0.1.0"
