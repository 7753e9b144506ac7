"""Walking user folders without ever reading through a link, and recording what is not read.

Uploads are chosen by applicants: a symbolic link in an applicant folder could make the audit
hash, OCR and cache /etc/passwd or another person's scan as this applicant's document, and a
linked folder would be audited as an applicant. So no link is followed, whether it leaves the
input root or stays inside it (our choice: an upload never needs a link, and a link inside the
root would read the same file twice, under two applicants). A link, a device or a pipe becomes a
file record with status `unsupported` and a reason (a finding in the applicant's report); a link
that leaves the root is described without its target, so no report names a path outside the
root. Files are opened with O_NOFOLLOW | O_NONBLOCK, so a file swapped for a link or a pipe after
the walk is refused rather than followed or waited on.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.limits import limits, mib
from preaudit.pipeline.model import SourceFile

APPLICANT_YAML = "applicant.yaml"
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"BM", b"II*\x00", b"MM\x00*")


@dataclass
class SkippedEntry:
    """An input entry that is not audited as an applicant or a file, with why (batch.json
    `skipped_entries`). status: unsupported (not read by design: a link, a hidden folder, an
    unsafe zip path), unreadable (refused: over a bound, a broken zip entry), empty (a folder with
    nothing in it and no manifest row), missing (a manifest row without its folder)."""

    path: str
    status: str
    reason: str


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading, never through a link, never blocking on a pipe.

    Raises:
        OSError: the path is a link, not a regular file, or cannot be opened.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"not a regular file: {path.name}")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_text_bounded(path: Path, max_bytes: int, what: str) -> str:
    """A small text file (a manifest, a 失信 list) read whole through `open_regular`, at most
    `max_bytes` (`what` names the bound for the message), decoded as UTF-8 (with or without BOM)
    or GB18030, as spreadsheets save CSV in China.

    Raises:
        InputError: over the bound, or in neither encoding.
    """
    with open_regular(path) as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputError(f"{path.name} 过大（上限 {what}）")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path.name} 编码无法识别")


def sha256_file(path: Path) -> str:
    """The file's SHA-256, read in 1 MiB chunks (never through a link)."""
    h = hashlib.sha256()
    with open_regular(path) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


SNIFF_BYTES = 1024  # how much of a file's head says its kind


def sniff_bytes(head: bytes) -> str | None:
    """The kind a file's first bytes say (pdf | image), or None where they say nothing."""
    head = head[:SNIFF_BYTES]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return None


def sniff(path: Path) -> str | None:
    """The kind the bytes say, whatever the name says: a PDF saved as 学历.jpg is still a PDF."""
    try:
        with open_regular(path) as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return None
    return sniff_bytes(head)


def file_kind(path: Path) -> str:
    """pdf | image | unsupported: the bytes first, the name where the bytes say nothing."""
    return kind_of(sniff(path), path.name)


def kind_of(sniffed: str | None, name: str) -> str:
    """pdf | image | unsupported from what the bytes said (`sniff_bytes`), else from the name."""
    if sniffed is not None:
        return sniffed
    suffix = Path(name).suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return "unsupported"


def is_inside(root: Path, target: str) -> bool:
    """Whether a resolved path lies inside the (resolved) root."""
    try:
        return os.path.commonpath([str(root), target]) == str(root)
    except ValueError:
        return False


def link_reason(path: Path, root: Path) -> str:
    """Why a link is not read. The target is named only when it stays inside the root."""
    target = os.path.realpath(path)
    if is_inside(root, target):
        where = Path(target).relative_to(root).as_posix()
        return f"符号链接（指向输入目录内的“{where}”），未读取：请直接上传文件本身"
    return "符号链接，指向输入目录之外，未读取：请直接上传文件本身"


def special_reason(mode: int) -> str:
    """Why a device, pipe or socket is not read."""
    what = "管道" if stat.S_ISFIFO(mode) else "套接字" if stat.S_ISSOCK(mode) else "设备文件"
    return f"不是普通文件（{what}），未读取"


def entries(folder: Path) -> list[os.DirEntry]:
    """A folder's entries sorted by name; an unreadable folder has none."""
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


def _refused(path: str, abs_path: Path, status: str, reason: str, size: int = 0) -> SourceFile:
    return SourceFile(path=path, abs_path=str(abs_path), sha256="", size=size, kind="unsupported",
                      refused=status, reason=reason)  # type: ignore[arg-type]


def source_file(path: Path, rel: str, root: Path) -> SourceFile:
    """One entry of an applicant folder as a SourceFile; links, special files and files over
    files.max_bytes are refused here and never opened."""
    try:
        st = path.lstat()
    except OSError as exc:
        return _refused(rel, path, "unreadable", f"无法读取：{exc.strerror or exc}")
    if stat.S_ISLNK(st.st_mode):
        return _refused(rel, path, "unsupported", link_reason(path, root))
    if not stat.S_ISREG(st.st_mode):
        return _refused(rel, path, "unsupported", special_reason(st.st_mode))
    bound = limits().files_max_bytes
    if st.st_size > bound:
        return _refused(rel, path, "unreadable", f"文件过大（{mib(st.st_size)}，上限 {mib(bound)}），未读取", st.st_size)
    try:
        digest = sha256_file(path)
    except OSError as exc:
        return _refused(rel, path, "unreadable", f"无法读取：{exc.strerror or exc}", st.st_size)
    return SourceFile(path=rel, abs_path=str(path), sha256=digest, size=st.st_size,
                      kind=file_kind(path))  # type: ignore[arg-type]


def list_source_files(folder: Path, root: Path | None = None) -> list[SourceFile]:
    """Every entry under an applicant folder (recursively, real sub-folders only), sorted by
    relative path; applicant.yaml at its top is the declared data, not an attachment.

    `root` is the input root links are judged against (the folder itself by default).
    """
    root = Path(os.path.realpath(root or folder))
    out: list[SourceFile] = []
    pending = [(Path(folder), "")]
    while pending:
        current, prefix = pending.pop()
        for entry in entries(current):
            rel = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), rel + "/"))
            elif not (prefix == "" and entry.name == APPLICANT_YAML and entry.is_file(follow_symlinks=False)):
                out.append(source_file(Path(entry.path), rel, root))
    return sorted(out, key=lambda sf: sf.path)
