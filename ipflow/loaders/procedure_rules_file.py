"""Load ``config/rules/procedure.yaml`` into :class:`~ipflow.domain.procedure_rules.ProcedureRules`.

A bad file stops start-up: :class:`~ipflow.errors.ConfigurationError` naming file,
line, column and field.
"""

from __future__ import annotations

from pathlib import Path

from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.errors import ConfigurationError, InputError
from ipflow.loaders.yamlfile import load_yaml_model

PROCEDURE_RULES_FILE = "procedure.yaml"


def load_procedure_rules(rules_dir: Path) -> ProcedureRules:
    """Read ``<rules_dir>/procedure.yaml`` (``settings.rules_dir``)."""
    path = rules_dir / PROCEDURE_RULES_FILE
    try:
        return load_yaml_model(path, ProcedureRules)
    except InputError as exc:
        context = {
            k: v for k, v in exc.context.items() if k not in {"source", "line", "column", "field"}
        }
        raise ConfigurationError(
            exc.zh,
            exc.en,
            source=exc.context.get("source", path),
            line=exc.context.get("line"),
            column=exc.context.get("column"),
            field=exc.context.get("field"),
            **context,
        ) from None
