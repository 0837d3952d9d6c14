"""Evidence in a referral package and the Decree 310 Art. 6 checklist.

Art. 6: a referral "应当附有下列材料：(一)涉嫌犯罪案件移送书；(二)涉嫌犯罪案件情况的调查
报告；(三)涉案物品清单；(四)有关检验报告或者鉴定结论；(五)其他有关涉嫌犯罪的材料。"
Items (四) and (五) exist only where tests, appraisals or other materials were made,
so the send guard insists on (一) to (三) and the checklist shows all five.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Material(StrEnum):
    REFERRAL_LETTER = "referral_letter"
    INVESTIGATION_REPORT = "investigation_report"
    EXHIBIT_LIST = "exhibit_list"
    TEST_OR_APPRAISAL_REPORT = "test_or_appraisal_report"
    OTHER_MATERIAL = "other_material"

    @property
    def label_zh(self) -> str:
        return MATERIAL_LABELS_ZH[self]


MATERIAL_LABELS_ZH: dict[Material, str] = {
    Material.REFERRAL_LETTER: "涉嫌犯罪案件移送书",
    Material.INVESTIGATION_REPORT: "涉嫌犯罪案件情况的调查报告",
    Material.EXHIBIT_LIST: "涉案物品清单",
    Material.TEST_OR_APPRAISAL_REPORT: "有关检验报告或者鉴定结论",
    Material.OTHER_MATERIAL: "其他有关涉嫌犯罪的材料",
}

ALWAYS_REQUIRED = (Material.REFERRAL_LETTER, Material.INVESTIGATION_REPORT, Material.EXHIBIT_LIST)
DECREE_310_ART_6 = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第六条"

_SHA256 = re.compile(r"[0-9a-f]{64}")


def _sha256_hex(value: str) -> str:
    digest = value.strip().lower()
    if not _SHA256.fullmatch(digest):
        raise ValueError("SHA-256 摘要应为64位十六进制字符（sha256 must be 64 hex characters）")
    return digest


class EvidenceItem(BaseModel):
    """One file of the package, fixed by its SHA-256 so it stays court-usable (刑诉法 Art. 54)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(min_length=1, description="Reference to the stored file")
    sha256: Annotated[str, AfterValidator(_sha256_hex)]
    material: Material
    title: str | None = None


class ChecklistLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    material: Material
    label_zh: str
    required: bool
    present: bool


class PackageChecklist(BaseModel):
    model_config = ConfigDict(frozen=True)

    lines: tuple[ChecklistLine, ...]

    @property
    def missing_required(self) -> list[Material]:
        return [line.material for line in self.lines if line.required and not line.present]

    @property
    def complete(self) -> bool:
        return not self.missing_required


def package_checklist(evidence_items: Iterable[EvidenceItem]) -> PackageChecklist:
    """Which of the five Art. 6 materials the package holds, in the article's order."""
    present = {item.material for item in evidence_items}
    return PackageChecklist(
        lines=tuple(
            ChecklistLine(
                material=m,
                label_zh=m.label_zh,
                required=m in ALWAYS_REQUIRED,
                present=m in present,
            )
            for m in Material
        )
    )
