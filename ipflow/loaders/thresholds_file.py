"""Read the referral-threshold table (``config/rules/referral_thresholds.yaml``).

The file is configuration: anything wrong with it stops the command as a
:class:`~ipflow.errors.ConfigurationError` (exit 3) naming the file, line, column
and field, so the bureau's legal reviewer can correct it.
"""

from __future__ import annotations

from pathlib import Path

from ipflow.domain.threshold_rules import ThresholdTable
from ipflow.errors import ConfigurationError, InputError
from ipflow.loaders.yamlfile import load_yaml_model
from ipflow.settings import Settings

THRESHOLDS_FILE = "referral_thresholds.yaml"


def thresholds_path(settings: Settings) -> Path:
    return settings.rules_dir / THRESHOLDS_FILE


def load_threshold_table(path: Path) -> ThresholdTable:
    """Load and validate ``path``; a bad file raises ``ConfigurationError`` at its line."""
    try:
        return load_yaml_model(path, ThresholdTable)
    except ConfigurationError:
        raise
    except InputError as exc:
        context = {k: v for k, v in exc.context.items() if k not in {"source"}}
        raise ConfigurationError(
            f"入罪标准配置有误：{exc.zh}",
            exc.en or "referral threshold file is invalid",
            source=exc.context.get("source") or str(path),
            **context,
        ) from None


def load_configured_thresholds(settings: Settings) -> ThresholdTable:
    """The table in the configured rules directory (``IPFLOW_CONFIG_DIR``/rules)."""
    return load_threshold_table(thresholds_path(settings))
