"""The enumerated legal grounds a command must cite, each with its Chinese label.

Where the law gives a closed list (Art. 20 non-filing, Art. 46 suspension, Art. 60
decisions, Art. 82 service methods, the excluded periods of Art. 18 and 64), the
command takes one of these values and the event records it.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label_zh(self) -> str:
        # keyed by (enum, value): equal values of two enums are different grounds
        return LABELS_ZH[(type(self), self.value)]


class FilingDeclineGround(_Labelled):
    """不予立案: SAMR 程序规定 Art. 20 (optional) and the Art. 19 conditions not met."""

    MINOR_AND_CORRECTED = "minor_and_corrected"  # Art. 20 (一)
    FIRST_OFFENCE_MINOR = "first_offence_minor"  # Art. 20 (二)
    NO_FAULT = "no_fault"  # Art. 20 (三)
    OTHER_LAWFUL = "other_lawful"  # Art. 20 (四)
    NO_EVIDENCE_OF_VIOLATION = "no_evidence_of_violation"  # Art. 19 (一) not met
    NOT_WITHIN_JURISDICTION = "not_within_jurisdiction"  # Art. 19 (三) not met
    LIMITATION_EXPIRED = "limitation_expired"  # Art. 19 (四); 行政处罚法 Art. 36


class SuspensionGround(_Labelled):
    """中止调查: SAMR 程序规定 Art. 46."""

    AWAITING_OTHER_DECISION = "awaiting_other_decision"
    AWAITING_INTERPRETATION = "awaiting_interpretation"
    FORCE_MAJEURE = "force_majeure"
    PARTY_MISSING = "party_missing"
    OTHER = "other"


class NoPenaltyGround(_Labelled):
    """不予行政处罚 / 终止: SAMR 程序规定 Art. 60 ¶1 (二)(三); 行政处罚法 Art. 33."""

    MINOR_OR_FIRST_OFFENCE = "minor_or_first_offence"
    FACTS_NOT_ESTABLISHED = "facts_not_established"
    NO_FAULT = "no_fault"
    TERMINATED = "terminated"


class ExcludedIntervalKind(_Labelled):
    """Periods that do not count (SAMR 程序规定 Art. 18 ¶2, Art. 64 ¶2)."""

    SUSPENSION = "suspension"
    HEARING = "hearing"
    PUBLIC_NOTICE = "public_notice"
    TESTING = "testing"
    INSPECTION = "inspection"
    QUARANTINE = "quarantine"
    APPRAISAL = "appraisal"
    RIGHTS_HOLDER_IDENTIFICATION = "rights_holder_identification"
    REFUND_ORDER = "refund_order"


# Art. 18 ¶2 excludes only these from the 15-working-day filing check.
FILING_CHECK_EXCLUDABLE = frozenset(
    {
        ExcludedIntervalKind.TESTING,
        ExcludedIntervalKind.INSPECTION,
        ExcludedIntervalKind.QUARANTINE,
        ExcludedIntervalKind.APPRAISAL,
        ExcludedIntervalKind.RIGHTS_HOLDER_IDENTIFICATION,
    }
)


class ServiceMethod(_Labelled):
    """送达方式: SAMR 程序规定 Art. 82, 83."""

    DIRECT = "direct"
    LEFT_AT_ADDRESS = "left_at_address"
    ELECTRONIC = "electronic"
    POST = "post"
    ENTRUSTED = "entrusted"
    PUBLIC_NOTICE = "public_notice"


class ReturnedBy(_Labelled):
    """Who sends a referred case back for an administrative penalty (反向衔接)."""

    POLICE = "police"
    PROCURATORATE = "procuratorate"
    BUREAU = "bureau"  # Decree 310 Art. 10: police did not file; the bureau handles it


_LABELS: tuple[tuple[StrEnum, str], ...] = (
    (FilingDeclineGround.MINOR_AND_CORRECTED, "违法行为轻微并及时改正，没有造成危害后果"),
    (FilingDeclineGround.FIRST_OFFENCE_MINOR, "初次违法且危害后果轻微并及时改正"),
    (FilingDeclineGround.NO_FAULT, "当事人有证据足以证明没有主观过错"),
    (FilingDeclineGround.OTHER_LAWFUL, "依法可以不予立案的其他情形"),
    (
        FilingDeclineGround.NO_EVIDENCE_OF_VIOLATION,
        "没有证据初步证明存在违反市场监督管理法律、法规、规章的行为",
    ),
    (FilingDeclineGround.NOT_WITHIN_JURISDICTION, "不属于本部门管辖"),
    (FilingDeclineGround.LIMITATION_EXPIRED, "已超过给予行政处罚的法定期限"),
    (SuspensionGround.AWAITING_OTHER_DECISION, "须以相关案件的裁判结果或者其他行政决定为依据"),
    (
        SuspensionGround.AWAITING_INTERPRETATION,
        "涉及法律适用等问题，需要送请有权机关作出解释或者确认",
    ),
    (SuspensionGround.FORCE_MAJEURE, "因不可抗力致使案件暂时无法调查"),
    (SuspensionGround.PARTY_MISSING, "因当事人下落不明致使案件暂时无法调查"),
    (SuspensionGround.OTHER, "其他应当中止调查的情形"),
    (NoPenaltyGround.MINOR_OR_FIRST_OFFENCE, "违法行为轻微或者初次违法，依法不予行政处罚"),
    (NoPenaltyGround.FACTS_NOT_ESTABLISHED, "违法事实不能成立，不予行政处罚"),
    (NoPenaltyGround.NO_FAULT, "当事人有证据足以证明没有主观过错，不予行政处罚"),
    (NoPenaltyGround.TERMINATED, "终止调查"),
    (ExcludedIntervalKind.SUSPENSION, "中止"),
    (ExcludedIntervalKind.HEARING, "听证"),
    (ExcludedIntervalKind.PUBLIC_NOTICE, "公告"),
    (ExcludedIntervalKind.TESTING, "检测"),
    (ExcludedIntervalKind.INSPECTION, "检验"),
    (ExcludedIntervalKind.QUARANTINE, "检疫"),
    (ExcludedIntervalKind.APPRAISAL, "鉴定"),
    (ExcludedIntervalKind.RIGHTS_HOLDER_IDENTIFICATION, "权利人辨认或者鉴别"),
    (ExcludedIntervalKind.REFUND_ORDER, "责令退还多收价款"),
    (ServiceMethod.DIRECT, "直接送达"),
    (ServiceMethod.LEFT_AT_ADDRESS, "留置送达"),
    (ServiceMethod.ELECTRONIC, "电子送达"),
    (ServiceMethod.POST, "邮寄送达"),
    (ServiceMethod.ENTRUSTED, "委托送达"),
    (ServiceMethod.PUBLIC_NOTICE, "公告送达"),
    (ReturnedBy.POLICE, "公安机关"),
    (ReturnedBy.PROCURATORATE, "人民检察院"),
    (ReturnedBy.BUREAU, "本机关（公安机关不予立案后依法处理）"),
)

LABELS_ZH: dict[tuple[type[StrEnum], str], str] = {(type(g), g.value): t for g, t in _LABELS}
