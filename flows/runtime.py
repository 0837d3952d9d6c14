"""What every entry point that starts Prefect needs, and what every flow task uses.

Call :func:`prepare_environment` **before** ``prefect`` is imported (the CLI's
scheduler and demo commands, a worker script): Prefect reads its settings from the
environment when it is first imported. It

* turns telemetry off (``DO_NOT_TRACK=1``, ``PREFECT_SERVER_ANALYTICS_ENABLED=false``):
  enforcement data must not leave the bureau;
* keeps Prefect's logging quiet (WARNING) unless ``verbose``;
* makes every file a flow creates private (umask 0o077, :mod:`ipflow.private_files`);
* keeps Prefect's home — and so its own SQLite database in local mode — under ipflow's
  data directory (``<data_dir>/prefect``), never in ipflow's database.

This module does not import Prefect at import time. Flow tasks get their engine,
service environment and rule tables from :func:`services` (built once per process
and per settings), and open one transaction per batch with :func:`transaction`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from ipflow.domain.threshold_rules import ThresholdTable
from ipflow.errors import ConcurrencyConflict, TransientError
from ipflow.loaders.thresholds_file import load_configured_thresholds
from ipflow.private_files import make_private
from ipflow.services.context import ServiceEnv
from ipflow.services.reminder_policy import ReminderPolicy, load_reminder_policy
from ipflow.settings import Settings, load_settings
from ipflow.store.db import make_engine
from ipflow.store.uow import UnitOfWork

if TYPE_CHECKING:
    from prefect import Task
    from sqlalchemy.engine import Engine

P = ParamSpec("P")
R = TypeVar("R")

MAX_WORKERS = 4  # Prefect's default thread pool has no limit (200 I/O tasks used 132 threads)
TELEMETRY_OFF = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def prepare_environment(data_dir: Path | None = None, *, verbose: bool | None = None) -> None:
    """Set Prefect's environment for ipflow (see the module docstring). Idempotent.

    ``verbose`` None leaves a logging level already chosen (default WARNING).
    """
    os.environ.update(TELEMETRY_OFF)
    make_private()
    if verbose is None:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    else:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO" if verbose else "WARNING"
    if data_dir is not None and "PREFECT_HOME" not in os.environ:
        os.environ["PREFECT_HOME"] = str(data_dir / "prefect")


def task_runner() -> Any:
    """The capped thread pool every flow uses."""
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=MAX_WORKERS)


def retry_transient(_task: Any, _run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry only what may go away (a lock, a conflict)."""
    try:
        state.result()
    except (TransientError, ConcurrencyConflict):
        return True
    except Exception:
        return False
    return False


def batch_task(name: str, *, retries: int = 2) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A task that runs one batch in one transaction: retried on transient errors only,
    never cached (idempotency lives in the store's keys, not in Prefect's cache)."""
    from prefect import task
    from prefect.cache_policies import NO_CACHE

    return task(
        name=name,
        retries=retries,
        retry_delay_seconds=1,
        retry_condition_fn=retry_transient,
        cache_policy=NO_CACHE,
    )


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    env: ServiceEnv
    thresholds: ThresholdTable
    reminders: ReminderPolicy


_cache: dict[tuple[str, ...], Services] = {}
_lock = threading.Lock()


def _key(settings: Settings) -> tuple[str, ...]:
    secret = settings.audit_key.get_secret_value() if settings.audit_key else ""
    return (
        settings.effective_database_url,
        str(settings.data_dir),
        str(settings.config_dir),
        secret,
    )


def services() -> Services:
    """The engine, service environment and rules for the current settings (cached)."""
    settings = load_settings()
    key = _key(settings)
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = _cache[key] = Services(
                settings=settings,
                engine=make_engine(settings.effective_database_url),
                env=ServiceEnv.from_settings(settings),
                thresholds=load_configured_thresholds(settings),
                reminders=load_reminder_policy(settings.rules_dir),
            )
    return found


def reset() -> None:
    """Dispose every cached engine (tests, or after the settings changed)."""
    with _lock:
        for found in _cache.values():
            found.engine.dispose()
        _cache.clear()


@contextmanager
def transaction() -> Iterator[tuple[UnitOfWork, Services]]:
    """One transaction: committed when the block ends without an error, else rolled back."""
    found = services()
    with UnitOfWork(found.engine) as uow:
        yield uow, found
        uow.commit()


def batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
