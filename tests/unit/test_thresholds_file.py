"""The shipped threshold file says what DOMAIN.md §3 says, and a bad file is reported
as a configuration error at its file, line and field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ipflow.domain.threshold_rules import Branch, Confidence, Crime, Fact, ThresholdTable
from ipflow.errors import ConfigurationError
from ipflow.loaders.thresholds_file import (
    load_configured_thresholds,
    load_threshold_table,
    thresholds_path,
)
from ipflow.settings import bundled_config_dir, load_settings

SHIPPED_PATH = bundled_config_dir() / "rules" / "referral_thresholds.yaml"
SHIPPED_TEXT = SHIPPED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def table() -> ThresholdTable:
    return load_threshold_table(SHIPPED_PATH)


def _value(
    table: ThresholdTable,
    version: str,
    crime: str,
    tier: int,
    fact: str,
    *branches: str,
) -> Decimal | None:
    found = table.version(version)
    assert found is not None
    tier_rules = found.rules_for(Crime(crime)).tier(tier)
    assert tier_rules is not None
    wanted = frozenset(Branch(b) for b in branches or ("base",))
    [bar] = [b for b in tier_rules.bars if b.fact is Fact(fact) and b.branches == wanted]
    return bar.value


# DOMAIN.md §3.2, one row per number.
CONFIRMED_NUMBERS = [
    ("2004", "213", 1, "illegal_business", (), 50000),
    ("2004", "213", 1, "illegal_gains", (), 30000),
    ("2004", "213", 1, "illegal_business", ("two_or_more_marks",), 30000),
    ("2004", "213", 1, "illegal_gains", ("two_or_more_marks",), 20000),
    ("2004", "213", 2, "illegal_business", (), 250000),
    ("2004", "213", 2, "illegal_gains", (), 150000),
    ("2004", "213", 2, "illegal_business", ("two_or_more_marks",), 150000),
    ("2004", "213", 2, "illegal_gains", ("two_or_more_marks",), 100000),
    ("2004", "214", 1, "sales", (), 50000),
    ("2004", "214", 1, "unsold_value", ("attempt",), 150000),
    ("2004", "214", 1, "sold_plus_unsold", ("attempt",), 150000),
    ("2004", "214", 2, "sales", (), 250000),
    ("2004", "215", 1, "labels", (), 20000),
    ("2004", "215", 1, "illegal_business", (), 50000),
    ("2004", "215", 1, "illegal_gains", (), 30000),
    ("2004", "215", 1, "labels", ("two_or_more_marks",), 10000),
    ("2004", "215", 1, "unsold_labels", ("attempt",), 60000),
    ("2004", "215", 1, "unsold_labels", ("attempt", "two_or_more_marks"), 30000),
    ("2004", "215", 2, "labels", (), 100000),
    ("2004", "215", 2, "illegal_business", ("two_or_more_marks",), 150000),
    ("2004", "216", 1, "illegal_business", (), 200000),
    ("2004", "216", 1, "illegal_gains", (), 100000),
    ("2004", "216", 1, "patentee_loss", (), 500000),
    ("2004", "216", 1, "illegal_business", ("two_or_more_marks",), 100000),
    ("2004", "216", 1, "illegal_gains", ("two_or_more_marks",), 50000),
    ("2025", "213", 1, "illegal_gains", (), 30000),
    ("2025", "213", 1, "illegal_business", (), 50000),
    ("2025", "213", 1, "illegal_gains", ("repeat_offender",), 20000),
    ("2025", "213", 1, "illegal_business", ("repeat_offender",), 30000),
    ("2025", "213", 1, "illegal_gains", ("service_marks",), 50000),
    ("2025", "213", 1, "illegal_gains", ("service_marks", "two_or_more_marks"), 30000),
    ("2025", "213", 2, "illegal_gains", (), 300000),
    ("2025", "213", 2, "illegal_business", (), 500000),
    ("2025", "213", 2, "illegal_gains", ("service_marks",), 500000),
    ("2025", "214", 1, "illegal_gains", (), 30000),
    ("2025", "214", 1, "sales", (), 50000),
    ("2025", "214", 1, "unsold_value", ("attempt",), 150000),
]


@pytest.mark.parametrize(
    ("version", "crime", "tier", "fact", "branches", "value"), CONFIRMED_NUMBERS
)
def test_the_shipped_numbers_are_domain_md_section_3(
    table: ThresholdTable,
    version: str,
    crime: str,
    tier: int,
    fact: str,
    branches: tuple[str, ...],
    value: int,
) -> None:
    assert _value(table, version, crime, tier, fact, *branches) == Decimal(value)


def test_versions_are_dated_by_the_act(table: ThresholdTable) -> None:
    assert [(v.version, v.acts_from) for v in table.versions] == [
        ("2004", None),
        ("2025", date(2025, 4, 26)),
    ]
    assert table.version_for(date(2025, 4, 25)).version == "2004"
    assert table.version_for(date(2025, 4, 26)).version == "2025"
    assert table.retroactivity.confidence is Confidence.R


def test_numbers_domain_md_does_not_confirm_are_shipped_empty_and_tagged_u(
    table: ThresholdTable,
) -> None:
    """Never invent a number: 2025 bars of 215 and 216, and the 2025 upper tier of 214."""
    new = table.version("2025")
    assert new is not None
    unconfirmed = [
        *(b for t in new.rules_for(Crime("215")).tiers for b in t.bars),
        *(b for t in new.rules_for(Crime("216")).tiers for b in t.bars),
        *new.rules_for(Crime("214")).tiers[1].bars,
    ]
    assert unconfirmed
    assert all(b.value is None and b.confidence is Confidence.U for b in unconfirmed)


def test_every_bar_carries_a_citation_and_every_empty_bar_is_tagged_u(
    table: ThresholdTable,
) -> None:
    bars = [b for v in table.versions for c in v.crimes for t in c.tiers for b in t.bars]
    assert len(bars) > 50
    assert all(b.citations and b.citations[0].document for b in bars)
    assert all(b.confidence is Confidence.U for b in bars if b.value is None)


def test_the_file_tells_the_bureau_where_to_fill_the_empty_numbers() -> None:
    assert "https://www.court.gov.cn/zixun/xiangqing/463291.html" in SHIPPED_TEXT
    assert "法制审核" in SHIPPED_TEXT


def test_the_configured_table_is_found_through_the_settings(isolated_env: Path) -> None:
    settings = load_settings()
    assert thresholds_path(settings) == settings.config_dir / "rules" / "referral_thresholds.yaml"
    assert load_configured_thresholds(settings).latest.version == "2025"


# --- bad files -----------------------------------------------------------------------------


def _line_of(text: str, needle: str) -> int:
    """1-based line where ``needle`` first starts."""
    return text[: text.index(needle)].count("\n") + 1


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "referral_thresholds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _replace_first(old: str, new: str) -> tuple[str, int]:
    assert old in SHIPPED_TEXT
    return SHIPPED_TEXT.replace(old, new, 1), _line_of(SHIPPED_TEXT, old)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "value: 50000",
            "value: -50000",
            "versions.0.crimes.0.tiers.0.bars.0.value",
            "greater than 0",
        ),
        (
            "- fact: illegal_business\n",
            "- fact: turnover\n",
            "versions.0.crimes.0.tiers.0.bars.0.fact",
            "illegal_business",
        ),
        (
            "confidence: C\n",
            "confidence: X\n",
            "versions.0.crimes.0.tiers.0.bars.0.confidence",
            "'C'",
        ),
        (
            "branch: base",
            "branch: first_offence",
            "versions.0.crimes.0.tiers.0.bars.0.branch",
            "base",
        ),
    ],
)
def test_a_bad_value_is_reported_at_its_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    text, line = _replace_first(old, new)
    with pytest.raises(ConfigurationError, match=message) as caught:
        load_threshold_table(_write(tmp_path, text))
    error = caught.value
    assert (error.context["field"], error.context["line"]) == (field, line)
    assert error.context["source"].endswith("referral_thresholds.yaml")
    assert "入罪标准配置有误" in error.zh


def test_an_empty_value_must_be_tagged_u(tmp_path: Path) -> None:
    text, line = _replace_first(
        "value: 50000\n                confidence: C", "value: null\n                confidence: C"
    )
    with pytest.raises(ConfigurationError, match="可信度必须为 U") as caught:
        load_threshold_table(_write(tmp_path, text))
    assert caught.value.context["field"] == "versions.0.crimes.0.tiers.0.bars.0"
    assert caught.value.context["line"] == line - 2  # the bar starts at its "- fact:" line


def test_labels_are_counted_in_whole_pieces(tmp_path: Path) -> None:
    text, _ = _replace_first(
        "fact: labels\n                branch: base\n                value: 20000",
        "fact: labels\n                branch: base\n                value: 20000.5",
    )
    with pytest.raises(ConfigurationError, match="以件计，须为整数"):
        load_threshold_table(_write(tmp_path, text))


def test_a_duplicate_bar_is_refused(tmp_path: Path) -> None:
    text, _ = _replace_first("branch: two_or_more_marks", "branch: base")
    with pytest.raises(ConfigurationError, match="重复的标准"):
        load_threshold_table(_write(tmp_path, text))


def test_every_version_must_configure_all_four_crimes(tmp_path: Path) -> None:
    text, _ = _replace_first('crime: "216"', 'crime: "213"')
    with pytest.raises(ConfigurationError, match="213、214、215、216") as caught:
        load_threshold_table(_write(tmp_path, text))
    assert caught.value.context["field"] == "versions.0.crimes"


def test_versions_must_be_in_date_order(tmp_path: Path) -> None:
    text, _ = _replace_first("acts_from: 2025-04-26", "acts_from: null")
    with pytest.raises(ConfigurationError, match="acts_from"):
        load_threshold_table(_write(tmp_path, text))


def test_malformed_yaml_is_reported_at_its_line(tmp_path: Path) -> None:
    text, line = _replace_first("name_zh: 假冒注册商标罪", "name_zh: [假冒注册商标罪")
    with pytest.raises(ConfigurationError, match="YAML") as caught:
        load_threshold_table(_write(tmp_path, text))
    assert caught.value.context["line"] is not None and caught.value.context["line"] >= line


def test_a_missing_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="文件不存在") as caught:
        load_threshold_table(tmp_path / "absent.yaml")
    assert str(tmp_path / "absent.yaml") in str(caught.value)
