"""A case's statutory documents come from its records, numbered from the case (文号), and
are refused before the step they record."""

from __future__ import annotations

import io

import docx
import pytest
from sqlmodel import Session

from ipflow.documents.document_numbers import DocumentKind, case_sequence, document_number
from ipflow.documents.docx_render import document_text
from ipflow.documents.referral_letter import TEMPLATE_NAME
from ipflow.domain.cases import Case
from ipflow.domain.referrals import Referral
from ipflow.errors import DomainError, InputError
from ipflow.reports.case_documents import case_document
from ipflow.services import referral_dispatch
from ipflow.store.repositories import AggregateRepository
from tests.reports.conftest import County
from tests.reports.county import AS_OF

PATTERN, PREFIX = "{prefix}市监处罚〔{year}〕{seq}号", "示县"


def render(county: County, case_id: str, kind: DocumentKind) -> tuple[str, str]:
    with Session(county.engine) as session:
        made = case_document(session, case_id, kind, settings=county.settings, now=AS_OF)
    data = made.render(county.settings.config_dir / "templates" / "documents")
    return made.number, "\n".join(document_text(data))


@pytest.mark.parametrize(
    ("kind", "number", "says"),
    [
        (DocumentKind.FILING_APPROVAL, "示县市监立〔2026〕1号",
         ["C-2026-001", "检查发现", "涉嫌商标侵权", "同意立案", "赵局长", "李明、王芳"]),
        (DocumentKind.PENALTY_NOTICE, "示县市监罚告〔2026〕1号",
         ["罚款50000元，没收违法所得8000元", "陈述、申辩和要求听证", "五个工作日", "2026年4月4日"]),
        (DocumentKind.PENALTY_DECISION, "示县市监处罚〔2026〕1号",
         ["罚款50,000.00元", "没收违法所得8,000.00元", "没收假冒注册商标的白酒 120 瓶",
          "《中华人民共和国商标法》第六十条第二款", "六十日内", "2026年4月15日"]),
        (DocumentKind.SERVICE_RECEIPT, "示县市监处罚〔2026〕1号",
         ["行政处罚决定书（示县市监处罚〔2026〕1号）", "直接送达", "2026年4月16日",
          "示县城关镇解放路5号"]),
    ],
)  # fmt: skip
def test_each_document_of_a_decided_case_names_its_number_and_the_recorded_facts(
    county: County, kind: DocumentKind, number: str, says: list[str]
) -> None:
    made_number, text = render(county, "C-2026-001", kind)
    assert made_number == number
    assert number in text and "示县第5商贸有限公司" in text
    for phrase in says:
        assert phrase in text, phrase
    assert "{{" not in text


def test_a_document_before_its_step_is_refused_with_what_to_do(county: County) -> None:
    with pytest.raises(DomainError, match="尚未送达行政处罚告知书，不能制作行政处罚告知书"):
        render(county, "C-2026-004", DocumentKind.PENALTY_NOTICE)
    with pytest.raises(DomainError, match="尚未作出行政处罚决定"):
        render(county, "C-2026-004", DocumentKind.SERVICE_RECEIPT)


def test_numbers_follow_the_configured_pattern_and_the_case_sequence() -> None:
    assert case_sequence("C-2026-012", date_of(2026), None, pattern=PATTERN, prefix=PREFIX) == (
        2026,
        12,
    )
    assert case_sequence(
        "C-9", date_of(2026), "示县市监处罚〔2025〕7号", pattern=PATTERN, prefix=PREFIX
    ) == (2025, 7)
    plain = "{prefix}〔{year}〕{seq:03d}号"  # no 处罚: every document numbered alike
    assert (
        document_number(DocumentKind.PENALTY_NOTICE, pattern=plain, prefix=PREFIX, year=2026, seq=5)
        == "示县〔2026〕005号"
    )
    with pytest.raises(InputError, match="不以序号结尾"):
        case_sequence("CASE-A", date_of(2026), None, pattern=PATTERN, prefix=PREFIX)
    assert DocumentKind.parse("行政处罚告知书") is DocumentKind.PENALTY_NOTICE
    assert DocumentKind.parse("service-receipt") is DocumentKind.SERVICE_RECEIPT
    with pytest.raises(InputError, match="文书种类「告知」无效"):
        DocumentKind.parse("告知")


def date_of(year: int):  # type: ignore[no-untyped-def]
    from datetime import date

    return date(year, 3, 1)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_each_document_is_a4_in_the_official_layout(county: County, kind: DocumentKind) -> None:
    """GB/T 9704-2012: 210 × 297 mm, margins 37 / 35 / 28 / 26 mm (the templates were Letter)."""
    with Session(county.engine) as session:
        made = case_document(session, "C-2026-001", kind, settings=county.settings, now=AS_OF)
    data = made.render(county.settings.config_dir / "templates" / "documents")
    for section in docx.Document(io.BytesIO(data)).sections:
        assert section.page_width is not None and section.page_height is not None
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        margins = (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
        assert [round(m.mm) for m in margins if m is not None] == [37, 35, 28, 26]


def test_the_referral_letter_is_a4_and_names_the_referral_and_party(county: County) -> None:
    """`ipflow document CASE referral_letter` and the dispatch flow share this renderer."""
    with Session(county.engine) as session:
        aggregates = AggregateRepository(session)
        case = aggregates.load(Case, "C-2026-002")
        referral = aggregates.load(Referral, "R-2026-001")
        linkage = referral_dispatch.linkage_units(session)
    letter = referral_dispatch.referral_letter(
        case, referral, "示例县市场监督管理局", linkage, AS_OF
    )
    data = letter.render(county.settings.config_dir / "templates" / "documents" / TEMPLATE_NAME)
    text = "\n".join(document_text(data))
    assert "R-2026-001" in text and case.parties[0].name in text and "{{" not in text
    [section] = docx.Document(io.BytesIO(data)).sections
    assert section.page_width is not None and round(section.page_width.mm) == 210
