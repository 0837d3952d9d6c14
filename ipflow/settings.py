"""The one settings class of ipflow (pydantic-settings, prefix ``IPFLOW_``).

Nothing else in ipflow reads ``os.environ``. Settings are loaded explicitly by
:func:`load_settings` at start-up (no import-time singleton), validated, and a bad
value stops start-up with the setting's environment name and the reason.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ipflow.domain.policy import DayCountPolicy
from ipflow.errors import ConfigurationError

ENV_PREFIX = "IPFLOW_"


def bundled_config_dir() -> Path:
    """The ``config/`` shipped with ipflow: inside the wheel, or the repository's."""
    here = Path(__file__).resolve().parent
    packaged = here / "_config"
    if packaged.is_dir():
        return packaged
    return here.parent / "config"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ipflow"


class Settings(BaseSettings):
    """Everything an installation configures. Environment names are ``IPFLOW_<FIELD>``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Database file, loaded calendar years, evidence, outputs, local notification sink.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of ipflow's own database; default a SQLite file in data_dir.",
    )
    config_dir: Path = Field(
        default_factory=bundled_config_dir,
        description="Rules, calendars, templates and campaign examples.",
    )
    bureau_name: str = Field(default="示例县市场监督管理局", min_length=2)
    region_code: str = Field(default="140000", description="6-digit administrative division code.")
    case_number_prefix: str = Field(default="示县", min_length=1)
    case_number_pattern: str = Field(default="{prefix}市监处罚〔{year}〕{seq}号")
    decree310_day_unit: DayCountPolicy = Field(default=DayCountPolicy.CALENDAR_DAYS)
    calendar_region: str | None = Field(
        default=None,
        description="Name of a county override file in config/calendar/overrides/ (ethnic holidays).",
    )
    audit_key: SecretStr | None = Field(
        default=None,
        description="HMAC key of the audit chain; default the file audit.key in data_dir.",
    )
    timezone: str = Field(default="Asia/Shanghai")
    # --- dates cannot lie (issue 14.3) ---------------------------------------------------
    future_act_tolerance_minutes: int = Field(
        default=10,
        ge=0,
        le=24 * 60,
        description="An act dated later than now by more than this is refused (clock skew).",
    )
    late_entry_working_days: int = Field(
        default=3,
        ge=0,
        le=365,
        description="An entry recorded more than N working days after its act is marked 补录.",
    )
    log_level: str = Field(default="WARNING")

    # --- scheduler (issue 7: ipflow scheduler run|show) ------------------------------------
    scheduler_sweep_cron: str = Field(
        default="0 * * * *", description="Deadline sweep schedule (cron, bureau time): hourly."
    )
    scheduler_progress_seconds: int = Field(
        default=600, ge=30, description="Case progress and referral dispatch: every N seconds."
    )
    scheduler_dispatch_seconds: int = Field(
        default=120, ge=10, description="Outbox dispatch (notifications): every N seconds."
    )
    prefect_api_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("IPFLOW_PREFECT_API_URL", "PREFECT_API_URL"),
        description="A Prefect server (e.g. http://127.0.0.1:4200/api): approvals start runs at once.",
    )

    # --- notification dispatch (issue 8: ipflow/notify, outbox dispatcher) --------------
    notify_config_file: Path | None = Field(
        default=None,
        description="Channel routing file (role → Apprise URLs); default config_dir/notify.yaml.",
    )
    notify_max_attempts: int = Field(
        default=8, ge=1, le=100, description="Attempts before a message goes to dead letter."
    )
    notify_backoff_base_seconds: float = Field(
        default=30.0, ge=0, description="First retry delay; doubles per attempt (with jitter)."
    )
    notify_backoff_max_seconds: float = Field(
        default=3600.0, ge=0, description="Upper bound of one retry delay."
    )
    notify_lease_seconds: float = Field(
        default=300.0, gt=0, description="How long a dispatcher's claim on a batch lasts."
    )
    notify_batch_size: int = Field(
        default=100, ge=1, le=10_000, description="Outbox rows claimed per batch."
    )
    notify_rate_window_seconds: float = Field(
        default=60.0,
        gt=0,
        description="The window of per-channel rate limits (DingTalk: 20 messages a minute).",
    )
    notify_digest_days: int = Field(
        default=7, ge=0, le=90, description="A daily digest lists what falls due within N days."
    )
    # --- end of notification dispatch settings ------------------------------------------

    @field_validator("region_code")
    @classmethod
    def _region_code(cls, value: str) -> str:
        if not re.fullmatch(r"\d{6}", value):
            raise ValueError("必须是6位行政区划代码（6-digit administrative division code）")
        return value

    @field_validator("case_number_pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        for needed in ("{year}", "{seq"):
            if needed not in value:
                raise ValueError(f"文号格式必须包含 {needed}（pattern must contain {needed}）")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return upper

    @field_validator("config_dir")
    @classmethod
    def _config_dir(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"目录不存在（directory does not exist）: {value}")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ipflow.db').resolve()}"

    @property
    def calendar_dir(self) -> Path:
        """Where ``ipflow calendar load`` stores validated years."""
        return self.data_dir / "calendar"

    @property
    def audit_key_file(self) -> Path:
        return self.data_dir / "audit.key"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def rules_dir(self) -> Path:
        return self.config_dir / "rules"

    # --- notification dispatch (issue 8) ------------------------------------------------
    @property
    def notify_config_path(self) -> Path:
        return self.notify_config_file or self.config_dir / "notify.yaml"

    @property
    def notify_templates_dir(self) -> Path:
        return self.config_dir / "templates" / "notify"

    @property
    def notifications_file(self) -> Path:
        """The local sink: notifications written as JSON lines when no channel is set."""
        return self.data_dir / "notifications" / "outbox.jsonl"

    # --- end of notification dispatch properties ----------------------------------------


def load_settings(**overrides: Any) -> Settings:
    """Load and validate settings; raise :class:`ConfigurationError` naming the bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "?"
        env_name = ENV_PREFIX + field.upper()
        reason = first["msg"].removeprefix("Value error, ")
        raise ConfigurationError(
            f"设置 {env_name} 无效：{reason}",
            f"setting {env_name} is invalid",
            field=env_name,
        ) from None


def environment_value(name: str) -> str | None:
    """The environment variable ``name`` (channel secrets referenced from config/notify.yaml).

    The one place besides :class:`Settings` that reads the environment, so that
    "nothing else reads os.environ" stays true.
    """
    return os.environ.get(name)
