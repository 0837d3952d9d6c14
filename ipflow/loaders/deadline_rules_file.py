"""Load the deadline rule book from ``config/rules/deadlines.yaml``.

The file is configuration: a problem in it stops the command with a
:class:`~ipflow.errors.ConfigurationError` naming the file, line and field.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipflow.domain.deadline_rules import DeadlineRule, RuleBook
from ipflow.errors import ConfigurationError
from ipflow.loaders.located_yaml import located_error, read_located
from ipflow.settings import Settings

DEADLINES_FILE = "deadlines.yaml"


class DeadlineRulesFile(BaseModel):
    """The file's top level: a version and the list of rules."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    rules: list[DeadlineRule] = Field(min_length=1)


def load_rule_book(path: Path) -> RuleBook:
    value, positions = read_located(path, ConfigurationError)
    try:
        parsed = DeadlineRulesFile.model_validate(value)
    except ValidationError as exc:
        raise located_error(exc, path, positions, ConfigurationError) from None
    seen: set[str] = set()
    for i, rule in enumerate(parsed.rules):
        if rule.id in seen:
            line, column = positions.get(("rules", i, "id"), (None, None))
            raise ConfigurationError(
                f"时限规则 id「{rule.id}」重复",
                "duplicate rule id",
                source=path,
                line=line,
                column=column,
                field=f"rules.{i}.id",
            )
        seen.add(rule.id)
    return RuleBook(parsed.rules)


def rules_path(settings: Settings) -> Path:
    return settings.rules_dir / DEADLINES_FILE


def load_rule_book_for(settings: Settings) -> RuleBook:
    return load_rule_book(rules_path(settings))
