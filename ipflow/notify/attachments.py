"""Documents sent with notices: which, under what ASCII name, and a last check.

A ``referral_sent`` notice carries the 涉嫌犯罪案件移送书 (Decree 310 Art. 5-6: it goes to
public security, copied to the procuratorate): the copy in the evidence store, fixed by
the SHA-256 the referral's package records (the file under ``outputs/`` has a Chinese
name and may be edited; the stored copy is what the package lists). The message context
(:mod:`ipflow.services.message_context`) looks the documents up per message; the
notifier checks each just before sending. A missing or altered document is never
replaced by silence: the e-mail channel fails permanently with the reason, the other
channels deliver.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sqlmodel import Session, select

from ipflow.domain.evidence import Material
from ipflow.notify.port import Attachment
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import EvidenceItemRow, ReferralRow

DOCUMENTS_OF_KIND: dict[str, tuple[Material, ...]] = {"referral_sent": (Material.REFERRAL_LETTER,)}

_NOT_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_STEM = 100


def ascii_file_name(*parts: str, suffix: str) -> str:
    """``("R-2026-001", "referral_letter"), ".docx"`` → ``R-2026-001-referral-letter.docx``.

    Characters outside ``[A-Za-z0-9._-]`` become ``-``; underscores too, for readability.
    """
    stem = "-".join(_NOT_SAFE.sub("-", p.replace("_", "-")).strip("-.") for p in parts if p)
    stem = re.sub(r"-{2,}", "-", stem)[:_MAX_STEM].strip("-.") or "document"
    extension = _NOT_SAFE.sub("", suffix.lstrip("."))[:10]
    return f"{stem}.{extension}" if extension else stem


def attachment_problem(attachment: Attachment) -> str | None:
    """Why ``attachment`` cannot be sent (in Chinese, for the outbox record), or None."""
    label = f"附件「{attachment.title_zh or attachment.name}」（{attachment.name}）"
    try:
        with attachment.path.open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return f"{label}的文件不存在或无法读取：{attachment.path}，未发送"
    if attachment.sha256 and digest != attachment.sha256:
        return f"{label}的文件与登记的 SHA-256 不符（{attachment.path}），未发送"
    return None


def package_documents(
    session: Session,
    referral: ReferralRow,
    materials: tuple[Material, ...],
    store: EvidenceFileStore,
) -> list[Attachment]:
    """The referral package's documents of ``materials``, as stored, with ASCII names."""
    found = []
    for item in referral.snapshot.get("evidence") or []:
        material = Material(item["material"])
        if material not in materials:
            continue
        recorded = session.exec(
            select(EvidenceItemRow.file_name).where(
                EvidenceItemRow.sha256 == item["sha256"],
                EvidenceItemRow.referral_id == referral.id,
            )
        ).first()
        found.append(
            Attachment(
                path=store.path_for(item["sha256"]),
                name=ascii_file_name(
                    referral.id, material.value, suffix=Path(recorded or "x.docx").suffix
                ),
                title_zh=material.label_zh,
                sha256=item["sha256"],
            )
        )
    return found
