"""config/rules/deadlines.yaml: every rule the engine needs, each with its citation; bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipflow.domain.deadline_rules import Confidence, DeadlineUnit, Direction, Obligor
from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError
from ipflow.loaders.deadline_rules_file import load_rule_book
from ipflow.settings import bundled_config_dir

RULES = bundled_config_dir() / "rules" / "deadlines.yaml"

REQUIRED = {
    # id: (length, unit)
    "samr.filing_check": (15, DeadlineUnit.WORKING_DAYS),
    "samr.evidence_preservation_decision": (7, DeadlineUnit.WORKING_DAYS),
    "samr.seizure_duration": (30, DeadlineUnit.CALENDAR_DAYS),
    "samr.assistance_request": (15, DeadlineUnit.WORKING_DAYS),
    "samr.legal_review": (10, DeadlineUnit.WORKING_DAYS),
    "samr.hearing_request": (5, DeadlineUnit.WORKING_DAYS),
    "samr.hearing_notice": (7, DeadlineUnit.WORKING_DAYS),
    "samr.case_period": (90, DeadlineUnit.CALENDAR_DAYS),
    "samr.fine_payment": (15, DeadlineUnit.CALENDAR_DAYS),
    "samr.enforcement_demand": (10, DeadlineUnit.WORKING_DAYS),
    "samr.court_enforcement_application": (3, DeadlineUnit.MONTHS),
    "samr.case_closing": (15, DeadlineUnit.WORKING_DAYS),
    "samr.decision_service": (7, DeadlineUnit.WORKING_DAYS),
    "samr.public_notice_service": (30, DeadlineUnit.CALENDAR_DAYS),
    "samr.complaint_acceptance": (7, DeadlineUnit.WORKING_DAYS),
    "samr.reporter_informed": (5, DeadlineUnit.WORKING_DAYS),
    "samr.penalty_publication": (20, DeadlineUnit.WORKING_DAYS),
    "campaign.reinspection": (None, DeadlineUnit.CALENDAR_DAYS),
    "decree310.head_decision": (3, DeadlineUnit.DECREE310_DAYS),
    "decree310.transfer": (24, DeadlineUnit.HOURS),
    "decree310.police_forward": (24, DeadlineUnit.HOURS),
    "decree310.police_review": (3, DeadlineUnit.DECREE310_DAYS),
    "decree310.reconsideration_request": (3, DeadlineUnit.DECREE310_DAYS),
    "decree310.reconsideration_decision": (3, DeadlineUnit.DECREE310_DAYS),
    "decree310.supervision_request": (3, DeadlineUnit.DECREE310_DAYS),
    "decree310.handover": (3, DeadlineUnit.DECREE310_DAYS),
}


def test_the_shipped_rule_book_has_every_rule_with_its_length_and_unit() -> None:
    book = load_rule_book(RULES)
    assert {
        rule_id: (book.get(rule_id).length, book.get(rule_id).unit) for rule_id in REQUIRED
    } == REQUIRED


def test_every_rule_cites_a_source_an_article_and_a_confidence() -> None:
    for rule in load_rule_book(RULES):
        assert rule.source and rule.article and rule.confidence in Confidence, rule.id


def test_rules_quoted_in_domain_md_carry_the_chinese_wording() -> None:
    book = load_rule_book(RULES)
    assert "十五个工作日内予以核查" in (book.get("samr.filing_check").quote or "")
    assert "九十日内作出处理决定" in (book.get("samr.case_period").quote or "")
    assert "24小时内向同级公安机关移送" in (book.get("decree310.transfer").quote or "")
    assert "七日前" in (book.get("samr.hearing_notice").quote or "")


def test_extensions_excluded_intervals_and_direction_follow_the_articles() -> None:
    book = load_rule_book(RULES)
    case = book.get("samr.case_period")
    assert [(e.length, e.approver) for e in case.extensions] == [
        (30, Role.HEAD),
        (None, "collective_decision"),
    ]
    assert case.excluded_intervals_allowed and "权利人辨认或者鉴别" in (
        case.excluded_basis_zh or ""
    )
    assert book.get("samr.filing_check").excluded_intervals_allowed
    assert not book.get("samr.hearing_request").excluded_intervals_allowed
    assert book.get("samr.hearing_notice").direction is Direction.BEFORE
    police = book.get("decree310.police_review").extensions
    assert [(e.length, e.approver, e.confidence) for e in police] == [(7, "police", Confidence.U)]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "deadlines.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = """\
version: 1
rules:
  - id: samr.example
    title_zh: 示例时限
    length: 5
    unit: working_days
    start_event_zh: 收到之日
    source: 《示例规定》
    article: 第一条
    confidence: C
"""


def test_the_police_duties_of_decree_310_are_owed_by_the_police() -> None:
    """Arts. 7-9 bind the police: their lateness must not be recorded as the bureau's."""
    book = load_rule_book(RULES)
    for rule_id in (
        "decree310.police_forward",
        "decree310.police_review",
        "decree310.reconsideration_decision",
    ):
        assert book.get(rule_id).obligor is Obligor.POLICE, rule_id


def test_a_minimal_rules_file_loads(tmp_path: Path) -> None:
    assert load_rule_book(write(tmp_path, GOOD_RULE)).ids == ("samr.example",)


@pytest.mark.parametrize(
    ("body", "line", "field", "message"),
    [
        pytest.param(
            GOOD_RULE.replace("unit: working_days", "unit: fortnights"),
            6,
            "rules.0.unit",
            "取值不在允许范围内",
            id="unknown-unit",
        ),
        pytest.param(
            GOOD_RULE.replace("    confidence: C\n", "    confidence: C\n    approver: head\n"),
            11,
            "rules.0.approver",
            "未知字段",
            id="unknown-field",
        ),
        pytest.param(
            GOOD_RULE.replace("    article: 第一条\n", ""),
            3,
            "rules.0.article",
            "缺少必填字段",
            id="missing-article",
        ),
        pytest.param(
            GOOD_RULE.replace("length: 5", "length: five"),
            5,
            "rules.0.length",
            "应为整数",
            id="length-not-a-number",
        ),
        pytest.param(
            GOOD_RULE + GOOD_RULE.split("rules:\n")[1], 11, "rules.1.id", "重复", id="duplicate-id"
        ),
        pytest.param(
            GOOD_RULE.replace(
                "    confidence: C\n",
                "    confidence: C\n    extensions:\n      - {length: 5, unit: calendar_days, approver: head, basis_zh: 示例依据}\n",
            ),
            12,
            "rules.0.extensions.0.unit",
            "必须与时限的单位",
            id="extension-in-another-unit",
        ),
        pytest.param(
            GOOD_RULE.replace(
                "    confidence: C\n", "    confidence: C\n    excluded_intervals_allowed: true\n"
            ),
            11,
            "rules.0.excluded_intervals_allowed",
            "excluded_basis_zh",
            id="exclusions-without-basis",
        ),
        pytest.param(
            GOOD_RULE.replace("  - id:", "  - id: ["), 4, None, "YAML 语法错误", id="syntax-error"
        ),
    ],
)
def test_a_bad_rules_file_is_a_configuration_error_with_line_and_field(
    tmp_path: Path, body: str, line: int, field: str | None, message: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ConfigurationError, match=message) as caught:
        load_rule_book(path)
    assert caught.value.context["source"] == str(path)
    assert caught.value.context["line"] == line
    assert caught.value.context["field"] == field


def test_a_missing_rules_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="文件不存在"):
        load_rule_book(tmp_path / "nothing.yaml")
