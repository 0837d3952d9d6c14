"""The audit key: from the settings (``IPFLOW_AUDIT_KEY``), else the key file.

The key file (``<data_dir>/audit.key``) is created on first use with 32 random bytes
(hex), readable by its owner only (0600). It must be kept apart from database backups:
whoever holds both could rewrite the audit trail undetected.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ipflow.errors import ConfigurationError
from ipflow.settings import Settings
from ipflow.store.audit import AuditChain

MIN_KEY_BYTES = 16


def _read_key_file(path: Path) -> bytes:
    key = path.read_text(encoding="utf-8").strip().encode("utf-8")
    if len(key) < MIN_KEY_BYTES:
        raise ConfigurationError(
            f"审计密钥文件 {path} 内容过短（至少{MIN_KEY_BYTES}个字符）",
            "audit key file too short",
            source=path,
        )
    return key


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secrets.token_hex(32) + "\n")


def audit_key(settings: Settings) -> bytes:
    """The HMAC key of the audit chain (creating the key file on first use)."""
    if settings.audit_key is not None:
        key = settings.audit_key.get_secret_value().encode("utf-8")
        if len(key) < MIN_KEY_BYTES:
            raise ConfigurationError(
                f"设置 IPFLOW_AUDIT_KEY 过短（至少{MIN_KEY_BYTES}个字符）",
                "IPFLOW_AUDIT_KEY too short",
                field="IPFLOW_AUDIT_KEY",
            )
        return key
    path = settings.audit_key_file
    if not path.exists():
        _create_key_file(path)
    return _read_key_file(path)


def audit_chain(settings: Settings) -> AuditChain:
    return AuditChain(audit_key(settings))
