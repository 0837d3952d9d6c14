"""Routing by role, officer, unit and agency, with tags and kinds; who reads the full text."""

from __future__ import annotations

from pathlib import Path

from ipflow.notify.channels import ChannelBook, OfficerContact, Recipient
from ipflow.notify.port import Channel

SINK = Path("/var/lib/ipflow/notifications/outbox.jsonl")
LI = OfficerContact("officer-li", "li@example.gov.cn", "U-ENF")
WANG = OfficerContact("officer-wang", "wang@example.gov.cn", "U-ENF")
ZHAO = OfficerContact("head-zhao", "zhao@example.gov.cn", "U-ENF")


def channel(name: str, *tags: str, **extra: object) -> Channel:
    url = extra.pop("url", f"json://127.0.0.1/{name}")
    return Channel(
        name=name, url=str(url), label=f"{name}（json://127.0.0.1/）", tags=frozenset(tags), **extra
    )  # type: ignore[arg-type]


BOOK = ChannelBook(
    channels=(
        channel("bureau-ding", "case_officer", "head", group=True, kinds=frozenset({"deadline_overdue", "case_filed"})),
        channel("enf-group", "unit:U-ENF", group=True),
        channel("police-hook", "agency:police"),
        channel("ops", "*", kinds=frozenset({"calendar_missing"})),
        channel("li-hook", "officer:officer-li"),
        channel("mail", "case_officer", "head", per_officer=True, url="mailto://u:p@smtp.example.gov.cn?from=ipflow@example.gov.cn"),
    ),
    sink_file=SINK,
)  # fmt: skip


def routed(kind: str, recipient: Recipient) -> dict[str, bool]:
    return {d.channel.label.split("（")[0]: d.full_text for d in BOOK.route(kind, recipient)}


def test_a_case_officer_notice_reaches_role_unit_officer_and_each_officer_by_mail() -> None:
    recipient = Recipient.of_role("case_officer", (LI, WANG))
    recipient = Recipient(
        recipient.role,
        recipient.tags,
        recipient.officers,
        frozenset({"officer-li", "officer-wang"}),
    )
    assert routed("case_filed", recipient) == {
        "bureau-ding": False,  # a group: masked
        "enf-group": False,  # the officers' unit: a group, masked
        "li-hook": True,  # direct, and Li is an officer of the case
        "mail→officer-li": True,
        "mail→officer-wang": True,
    }  # fmt: skip


def test_the_head_is_not_an_officer_of_the_case_and_reads_the_masked_text() -> None:
    recipient = Recipient.of_role("head", (ZHAO,))
    recipient = Recipient(
        recipient.role, recipient.tags, recipient.officers, frozenset({"officer-li"})
    )
    assert routed("deadline_overdue", recipient) == {
        "bureau-ding": False,
        "enf-group": False,
        "mail→head-zhao": False,
    }


def test_kinds_limit_a_channel_and_the_star_reaches_everyone() -> None:
    head = Recipient.of_role("head", (ZHAO,))
    assert "bureau-ding" not in routed("referral_sent", head)  # not one of its kinds
    assert set(routed("calendar_missing", Recipient.of_role("administrator"))) == {"ops"}


def test_liaison_roles_reach_their_agency_and_nobody_reached_gets_the_local_sink() -> None:
    assert routed("referral_sent", Recipient.of_role("police_liaison")) == {"police-hook": False}
    (sink,) = BOOK.route("referral_sent", Recipient.of_role("procuratorate_liaison"))
    assert sink.channel.url.startswith("ipflowfile:///var/lib/ipflow/") and not sink.full_text


def test_a_per_officer_mail_is_addressed_to_the_officer_and_keeps_its_other_arguments() -> None:
    (mail,) = [
        d
        for d in BOOK.route("case_filed", Recipient.of_role("case_officer", (LI,)))
        if d.channel.per_officer
    ]
    assert (
        mail.channel.url
        == "mailto://u:p@smtp.example.gov.cn?from=ipflow@example.gov.cn&to=li@example.gov.cn"
    )
    assert mail.channel.officer_id == "officer-li"
    assert mail.channel.label.startswith("mail→officer-li（")
    nobody = Recipient.of_role("case_officer", (OfficerContact("officer-x", None),))
    assert not [d for d in BOOK.route("case_filed", nobody) if d.channel.per_officer]  # no address
