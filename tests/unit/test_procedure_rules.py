"""config/rules/procedure.yaml: the procedural numbers, each with its citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipflow.domain.procedure_rules import Confidence
from ipflow.errors import ConfigurationError
from ipflow.loaders.procedure_rules_file import load_procedure_rules
from ipflow.settings import bundled_config_dir

SHIPPED = bundled_config_dir() / "rules" / "procedure.yaml"


def test_the_shipped_rules_carry_the_statutory_numbers_and_their_articles() -> None:
    rules = load_procedure_rules(SHIPPED.parent)
    assert (rules.limitation_period.years, rules.limitation_period.serious_harm_years) == (2, 5)
    assert rules.limitation_period.citation.text == "《中华人民共和国行政处罚法》第三十六条"
    assert rules.case_officers.minimum == 2 and "第十九条" in rules.case_officers.citation.article
    assert rules.special_team.minimum == 2 and rules.special_team.citation.article == "第五条第一款"
    assert (rules.repeat_offender.months, rules.repeat_offender.citation.confidence) == (
        24,
        Confidence.C2,
    )
    assert rules.trademark_aggravation.months == 60


def test_a_bad_rules_file_stops_start_up_naming_file_line_and_field(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("  years: 2\n", "  years: zwei\n")
    (tmp_path / "procedure.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as refused:
        load_procedure_rules(tmp_path)
    error = refused.value
    assert error.context["field"] == "limitation_period.years"
    assert error.context["line"] == text.splitlines().index("  years: zwei") + 1
    assert str(error).startswith(f"{tmp_path / 'procedure.yaml'}，第")


def test_a_missing_rules_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"文件不存在"):
        load_procedure_rules(tmp_path)
