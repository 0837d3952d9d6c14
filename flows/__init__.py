"""Prefect flows: orchestration only; every task calls a plain function in ``ipflow``.

Importing this package turns Prefect's telemetry off and its logging quiet before any
flow module imports Prefect (:func:`flows.runtime.prepare_environment`); an entry point
that wants Prefect's home under the data directory, or verbose logging, calls it first.
"""

from flows.runtime import prepare_environment

prepare_environment()
