"""Who may act: one enum of roles (DOMAIN.md glossary).

A collective decision (集体讨论) is not a role: the head records it with its
meeting record (see the case lifecycle).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CASE_OFFICER = "case_officer"  # 承办人
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核
    HEAD = "head"  # 负责人
    POLICE_LIAISON = "police_liaison"  # 公安联络人
    PROCURATORATE_LIAISON = "procuratorate_liaison"  # 检察联络人
    ADMINISTRATOR = "administrator"  # 系统管理员

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS_ZH[self]


ROLE_LABELS_ZH: dict[Role, str] = {
    Role.CASE_OFFICER: "承办人",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.HEAD: "负责人",
    Role.POLICE_LIAISON: "公安联络人",
    Role.PROCURATORATE_LIAISON: "检察联络人",
    Role.ADMINISTRATOR: "系统管理员",
}
