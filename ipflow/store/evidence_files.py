"""Evidence files, kept under the data directory and addressed by their SHA-256.

A file is copied to ``<data_dir>/evidence/<h[0:2]>/<h>`` (content addressing: the
same file stored twice is one copy) and made read-only by its owner alone (0400). Whether a stored file still
has the digest it was filed under is checked by :meth:`EvidenceFileStore.verify`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ipflow.errors import InputError
from ipflow.private_files import EVIDENCE_MODE, private_dir

_CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredEvidence:
    sha256: str
    path: Path
    size: int


@dataclass(frozen=True)
class EvidenceCheck:
    sha256: str
    path: Path
    present: bool
    intact: bool
    actual_sha256: str | None


class EvidenceFileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path) -> StoredEvidence:
        """Copy ``source`` into the store (idempotent) and return its digest and stored path."""
        if not source.is_file():
            raise InputError(
                "证据文件不存在或不是普通文件", "evidence file not found", source=source
            )
        digest = sha256_of(source)
        target = self.path_for(digest)
        if not target.exists():
            private_dir(target.parent)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            os.close(fd)
            try:
                shutil.copyfile(source, tmp)
                if sha256_of(Path(tmp)) != digest:  # the source changed while we copied it
                    raise InputError(
                        "证据文件在复制过程中被修改，请重试",
                        "file changed while copying",
                        source=source,
                    )
                os.chmod(tmp, EVIDENCE_MODE)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        return StoredEvidence(sha256=digest, path=target, size=target.stat().st_size)

    def verify(self, sha256: str) -> EvidenceCheck:
        path = self.path_for(sha256)
        if not path.is_file():
            return EvidenceCheck(sha256, path, present=False, intact=False, actual_sha256=None)
        actual = sha256_of(path)
        return EvidenceCheck(
            sha256, path, present=True, intact=actual == sha256, actual_sha256=actual
        )
