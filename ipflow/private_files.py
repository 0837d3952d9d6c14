"""Files ipflow writes are private to the account that runs it.

Case files, complaints, documents and evidence are personal data and enforcement
secrets: the data directory and every folder ipflow creates is 0700, every file 0600,
an evidence file 0400 (read-only: its digest is on record). Three layers keep it so:

* :func:`make_private` sets the process umask to 0o077 once at start (the CLI, the
  flows), so that whatever is created — by ipflow, SQLite, openpyxl, python-docx,
  matplotlib or Prefect — is created private;
* :func:`private_output` and :func:`write_private` write a file through a temporary
  file created 0600 in the same folder, renamed into place: private from its first
  byte whatever the umask (a library using ipflow need not set one);
* :func:`wider_than_private` finds what is not, for ``ipflow db check``.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
EVIDENCE_MODE = 0o400


def make_private() -> None:
    """Create everything from now on private to this account (the process umask)."""
    os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents 0700; existing folders are left as they are."""
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):  # ``mkdir(parents=True)`` gives parents the umask's mode
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
    return path


def private_data_dir(path: Path) -> Path:
    """The data directory: created 0700, or made 0700 if it exists (it is ipflow's)."""
    private_dir(path)
    tighten(path, DIR_MODE)
    return path


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 if it is missing and its folder exists (best effort)."""
    if path.exists() or not path.parent.is_dir():
        return
    with suppress(OSError):  # created meanwhile, or a read-only folder: the caller reports it
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def tighten(path: Path, mode: int) -> None:
    """Take away every permission beyond ``mode`` (best effort: not ours, leave it)."""
    with suppress(OSError):
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            os.chmod(path, current & mode)


@contextmanager
def private_output(path: Path) -> Iterator[Path]:
    """A temporary path (0600, same folder, same suffix) to write; renamed to ``path``
    when the block ends without error, removed otherwise. A reader never sees half a file."""
    private_dir(path.parent)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, FILE_MODE)  # a writer that replaced the file must not widen it
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_private(path: Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path``, private from its first byte."""
    with private_output(path) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@dataclass(frozen=True)
class WidePermission:
    path: Path
    mode: int
    allowed: int

    @property
    def message_zh(self) -> str:
        kind = {DIR_MODE: "目录", EVIDENCE_MODE: "证据文件"}.get(self.allowed, "文件")
        return f"{kind} {self.path} 的权限为 {self.mode:04o}，宽于 {self.allowed:04o}"


def allowed_mode(path: Path, *, is_dir: bool, evidence_dir: Path | None = None) -> int:
    if is_dir:
        return DIR_MODE
    if evidence_dir is not None and path.is_relative_to(evidence_dir):
        return EVIDENCE_MODE
    return FILE_MODE


def wider_than_private(
    roots: list[Path], *, evidence_dir: Path | None = None
) -> list[WidePermission]:
    """Every folder and file under ``roots`` (symbolic links not followed) with a
    permission beyond 0700 / 0600 / 0400 (evidence), in path order."""
    found: list[WidePermission] = []
    seen: set[Path] = set()

    def check(path: Path, is_dir: bool) -> None:
        if path in seen:
            return
        seen.add(path)
        try:
            info = path.lstat()
        except OSError:
            return
        if stat.S_ISLNK(info.st_mode):
            return
        allowed = allowed_mode(path, is_dir=is_dir, evidence_dir=evidence_dir)
        mode = stat.S_IMODE(info.st_mode)
        if mode & ~allowed:
            found.append(WidePermission(path, mode, allowed))

    for root in roots:
        if not root.exists():
            continue
        check(root, root.is_dir())
        if not root.is_dir():
            continue
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            for name in dirs:
                check(here / name, True)
            for name in files:
                check(here / name, False)
    return sorted(found, key=lambda w: w.path)
