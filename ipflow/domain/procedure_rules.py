"""The statutory numbers the lifecycles apply, as data (``config/rules/procedure.yaml``).

The lifecycle guards and the surcharge need a few legal numbers that are not
deadlines: the limitation period of 行政处罚法 Art. 36, the 3 % daily surcharge of
Art. 72, the two officers of Art. 42 / SAMR Art. 19 and of Decree 310 Art. 5, and the
look-back windows for repeat offenders. Each is a value with its citation and
confidence tag; the loader (``ipflow.loaders.procedure_rules_file``) reads the file
and the domain receives the validated :class:`ProcedureRules` as an argument.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from ipflow.domain.confidence import Confidence


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(_Frozen):
    source: str = Field(
        min_length=2, description="Document title, e.g. 《中华人民共和国行政处罚法》"
    )
    article: str = Field(min_length=1, description="e.g. 第三十六条")
    confidence: Confidence
    quote: str | None = None

    @property
    def text(self) -> str:
        """``《…》第…条`` with an unconfirmed marker where the tag asks for one."""
        mark = "（待核实）" if self.confidence is Confidence.U else ""
        return f"{self.source}{self.article}{mark}"


class LimitationRule(_Frozen):
    """行政处罚法 Art. 36: not discovered within ``years`` → no penalty."""

    years: int = Field(gt=0)
    serious_harm_years: int = Field(
        gt=0, description="Where life, health or financial security is involved and harm resulted."
    )
    citation: Citation


class SurchargeRule(_Frozen):
    """行政处罚法 Art. 72 / SAMR Art. 75: a daily share of the fine, capped."""

    daily_rate: Decimal = Field(gt=0, le=1)
    cap_ratio: Decimal = Field(gt=0, description="Cap as a multiple of the fine (1 = the fine).")
    citation: Citation


class MinimumOfficersRule(_Frozen):
    minimum: int = Field(ge=1)
    citation: Citation


class LookbackRule(_Frozen):
    months: int = Field(gt=0)
    citation: Citation


class ReturnedCaseClockMode(StrEnum):
    EXCLUDE_REFERRAL_TIME = "exclude_referral_time"  # the days with the police do not count
    FRESH_PERIOD = "fresh_period"  # a new case period from the day the case came back


class ReturnedCaseClock(_Frozen):
    """A case whose referral was declined or returned (反向衔接): its case period."""

    mode: ReturnedCaseClockMode = ReturnedCaseClockMode.EXCLUDE_REFERRAL_TIME
    citation: Citation = Citation(
        source="《市场监督管理行政处罚程序规定》",
        article="第六十四条（类推；移送期间是否计入办案期限未见明文）",
        confidence=Confidence.U,
    )


class ProcedureRules(_Frozen):
    """Everything in ``procedure.yaml``."""

    limitation_period: LimitationRule
    late_payment_surcharge: SurchargeRule
    case_officers: MinimumOfficersRule
    special_team: MinimumOfficersRule
    repeat_offender: LookbackRule = Field(
        description="2025 interpretation: prior penalty for 213–215 conduct within this window."
    )
    trademark_aggravation: LookbackRule = Field(
        description="商标法 Art. 60 ¶2: two or more infringements within this window → heavier."
    )
    returned_case_clock: ReturnedCaseClock = Field(default_factory=ReturnedCaseClock)
