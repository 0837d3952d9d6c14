"""Settings: defaults, ``IPFLOW_`` environment and ``.env`` overrides, and a bad value
stopping start-up with the setting's environment name."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ipflow.cli import main
from ipflow.domain.policy import DayCountPolicy
from ipflow.errors import ConfigurationError
from ipflow.settings import bundled_config_dir, load_settings


def test_the_database_defaults_to_a_sqlite_file_in_the_data_dir(isolated_env: Path) -> None:
    settings = load_settings()
    assert settings.data_dir == isolated_env
    assert settings.effective_database_url == f"sqlite:///{(isolated_env / 'ipflow.db').resolve()}"
    assert settings.calendar_dir == isolated_env / "calendar"


def test_the_data_dir_defaults_under_xdg_data_home(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("IPFLOW_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert load_settings().data_dir == tmp_path / "xdg" / "ipflow"


def test_the_bundled_config_dir_holds_the_rules(isolated_env: Path) -> None:
    settings = load_settings()
    assert settings.config_dir == bundled_config_dir()
    assert settings.rules_dir == bundled_config_dir() / "rules"
    assert settings.rules_dir.is_dir()
    assert (settings.rules_dir / "referral_thresholds.yaml").is_file()


def test_documented_defaults(isolated_env: Path) -> None:
    settings = load_settings()
    assert settings.decree310_day_unit is DayCountPolicy.CALENDAR_DAYS  # the stricter reading
    assert settings.region_code == "140000"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.database_url is None


def test_environment_variables_with_the_ipflow_prefix_override(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPFLOW_BUREAU_NAME", "测试县市场监督管理局")
    monkeypatch.setenv("IPFLOW_DECREE310_DAY_UNIT", "working_days")
    monkeypatch.setenv("IPFLOW_DATABASE_URL", "postgresql+psycopg://ipflow@127.0.0.1/ipflow")
    monkeypatch.setenv("IPFLOW_LOG_LEVEL", "info")
    monkeypatch.setenv("BUREAU_NAME", "没有前缀的变量不被读取")
    settings = load_settings()
    assert settings.bureau_name == "测试县市场监督管理局"
    assert settings.decree310_day_unit is DayCountPolicy.WORKING_DAYS
    assert settings.effective_database_url == "postgresql+psycopg://ipflow@127.0.0.1/ipflow"
    assert settings.log_level == "INFO"


def test_a_dot_env_file_in_the_working_directory_is_read(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated_env / ".env").write_text(
        "IPFLOW_BUREAU_NAME=示范县市场监督管理局\nIPFLOW_REGION_CODE=350100\n", encoding="utf-8"
    )
    settings = load_settings()
    assert (settings.bureau_name, settings.region_code) == ("示范县市场监督管理局", "350100")
    monkeypatch.setenv("IPFLOW_REGION_CODE", "440300")
    assert load_settings().region_code == "440300"  # the environment beats .env


def test_a_dot_env_elsewhere_is_not_read(isolated_env: Path, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("IPFLOW_BUREAU_NAME=别处的局\n", encoding="utf-8")
    assert load_settings().bureau_name != "别处的局"


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("IPFLOW_REGION_CODE", "14000", "6位行政区划代码"),
        ("IPFLOW_REGION_CODE", "14000A", "6位行政区划代码"),
        ("IPFLOW_CASE_NUMBER_PATTERN", "{prefix}市监处罚{seq}号", "{year}"),
        ("IPFLOW_CASE_NUMBER_PATTERN", "{prefix}〔{year}〕号", "{seq"),
        ("IPFLOW_DECREE310_DAY_UNIT", "business_days", "calendar_days"),
        ("IPFLOW_LOG_LEVEL", "LOUD", "DEBUG"),
    ],
)
def test_a_bad_setting_names_its_environment_variable(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, reason: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError, match=variable) as caught:
        load_settings()
    assert caught.value.context["field"] == variable
    assert reason in caught.value.zh


def test_a_missing_config_dir_names_ipflow_config_dir(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPFLOW_CONFIG_DIR", str(isolated_env / "no-such-dir"))
    with pytest.raises(ConfigurationError, match="IPFLOW_CONFIG_DIR") as caught:
        load_settings()
    assert "目录不存在" in caught.value.zh


def test_keyword_overrides_are_validated_too(isolated_env: Path) -> None:
    with pytest.raises(ConfigurationError, match="IPFLOW_REGION_CODE"):
        load_settings(region_code="1")


def test_a_bad_setting_stops_a_command_with_exit_code_3(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IPFLOW_REGION_CODE", "abc")
    monkeypatch.setattr(sys, "argv", ["ipflow", "threshold", "show"])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    assert exited.value.code == 3
    assert "IPFLOW_REGION_CODE" in "".join(captured.err.split())
    assert captured.out == ""
