"""Extracting an input zip within bounds, recording every entry that is not extracted.

A 5 MB zip can expand to 5 GiB (a zip bomb), carry `../` or absolute names, links, entries that
share one compressed stream, or a million entries. Each entry is streamed to disk in 1 MiB
chunks (never read whole into memory) and counted as it is written: the real byte count, not the
size the header declares, is held against the bounds of pipeline/intake/limits.yaml (zip section and
files.max_bytes). An entry over a bound, or one that cannot or must not be extracted, is removed
from disk and becomes a SkippedEntry (batch.json `skipped_entries`); extraction goes on with the
next one. The temporary folder is removed on every failure path.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.limits import Limits, limits, mib
from preaudit.pipeline.intake.walk import SkippedEntry

CHUNK = 1 << 20
_EOCD = b"PK\x05\x06"
_DRIVE = re.compile(r"^[A-Za-z]:")


def fix_zip_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def directory_size(path: Path) -> int:
    """Bytes of the central directory, from the end-of-central-directory record (0 if absent:
    the zip library then reports the archive as broken). Read before the library parses it."""
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - (1 << 16) - 22))
        tail = fh.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return 0
    (cd_size,) = struct.unpack("<I", tail[at + 12:at + 16])
    return cd_size


def unsafe_name(name: str) -> bool:
    """An absolute path, a drive letter or a `..` part: rightly never extracted."""
    norm = name.replace("\\", "/")
    return norm.startswith("/") or bool(_DRIVE.match(norm)) or ".." in PurePosixPath(norm).parts


def _is_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _overlapping(infos: list[zipfile.ZipInfo]) -> set[int]:
    """Entries whose compressed data overlaps an earlier entry's (a non-recursive zip bomb
    points thousands of entries at one stream). Returns their ids."""
    out: set[int] = set()
    end = -1
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            out.add(id(info))
        # the name's bytes as stored: UTF-8 when flagged, else the cp437 the library decoded it with
        raw = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        end = max(end, info.header_offset + 30 + len(raw) + info.compress_size)
    return out


class _Extractor:
    """One archive's extraction: the running totals and what was skipped."""

    def __init__(self, zf: zipfile.ZipFile, root: Path, label: str, bounds: Limits) -> None:
        self.zf, self.root, self.label, self.bounds = zf, root, label, bounds
        self.total = 0
        self.count = 0
        self.skipped: list[SkippedEntry] = []
        self.seen: set[str] = set()

    def skip(self, name: str, status: str, reason: str) -> None:
        self.skipped.append(SkippedEntry(path=f"{self.label}!/{name}", status=status, reason=reason))

    def entry(self, info: zipfile.ZipInfo, name: str, overlapping: bool) -> None:
        b = self.bounds
        if unsafe_name(name):
            return self.skip(name, "unsupported", "压缩包内的路径不安全（含“..”或绝对路径），未解压")
        if _is_link(info):
            return self.skip(name, "unsupported", "压缩包内的符号链接，未解压")
        if info.flag_bits & 0x1:
            return self.skip(name, "unreadable", "压缩包内的条目已加密，无法解压")
        key = name.rstrip("/")
        if key in self.seen:
            return self.skip(name, "unsupported", "压缩包内有同名条目，后一个未解压")
        self.seen.add(key)
        target = self.root / name
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            return None
        if overlapping:
            return self.skip(name, "unreadable", "与其他条目共用压缩数据（疑似压缩炸弹），未解压")
        declared = info.file_size
        if declared > b.files_max_bytes:
            return self.skip(name, "unreadable", f"文件过大（声明 {mib(declared)}，上限 {mib(b.files_max_bytes)}），未解压")
        if declared >= b.zip_ratio_min_bytes and declared > b.zip_max_ratio * max(1, info.compress_size):
            return self.skip(name, "unreadable", f"压缩比过高（声明 {mib(declared)}，压缩后 {mib(info.compress_size)}，"
                             f"上限 {b.zip_max_ratio:g} 倍；疑似压缩炸弹），未解压")
        if self.total + declared > b.zip_max_total_bytes:
            return self.skip(name, "unreadable", f"解压总量超过上限（{mib(b.zip_max_total_bytes)}），未解压")
        self._stream(info, name, target)
        return None

    def _stream(self, info: zipfile.ZipInfo, name: str, target: Path) -> None:
        b = self.bounds
        written = 0
        problem = ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with self.zf.open(info) as src, target.open("xb") as dst:
                while chunk := src.read(CHUNK):
                    written += len(chunk)
                    if written > b.files_max_bytes:
                        problem = f"文件过大（解压超过 {mib(b.files_max_bytes)}），已停止解压"
                    elif written >= b.zip_ratio_min_bytes and written > b.zip_max_ratio * max(1, info.compress_size):
                        problem = f"压缩比超过 {b.zip_max_ratio:g} 倍（疑似压缩炸弹），已停止解压"
                    elif self.total + written > b.zip_max_total_bytes:
                        problem = f"解压总量超过上限（{mib(b.zip_max_total_bytes)}），已停止解压"
                    if problem:
                        break
                    dst.write(chunk)
        except Exception as exc:  # noqa: BLE001 - bad CRC, zlib.error, a name the disk refuses: the entry, not the run
            problem = f"条目损坏或无法解压：{type(exc).__name__}"
        if problem:
            target.unlink(missing_ok=True)
            self.skip(name, "unreadable", problem)
            return
        self.total += written


def extract_zip(path: Path, bounds: Limits | None = None) -> tuple[Path, Any, list[SkippedEntry]]:
    """Extract a zip into a temporary folder within the bounds of pipeline/intake/limits.yaml.

    Returns the folder to read (the zip's single top folder when it has one), the
    TemporaryDirectory that owns it, and the entries not extracted.

    Raises:
        InputError: the file is not a zip, or its central directory is over
            zip.max_directory_bytes (parsing it would itself cost unbounded memory).
    """
    b = bounds or limits()
    tmp = tempfile.TemporaryDirectory(prefix="preaudit-zip-")
    root = Path(tmp.name)
    try:
        cd = directory_size(path)
        if cd > b.zip_max_directory_bytes:
            raise InputError(f"压缩包 {path.name} 的目录过大（{mib(cd)}，上限 {mib(b.zip_max_directory_bytes)}），未解压")
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            extractor = _Extractor(zf, root, path.name, b)
            overlapping = _overlapping(infos)
            mac = [i for i in infos if fix_zip_name(i).startswith("__MACOSX/")]
            if mac:
                extractor.skip("__MACOSX/", "unsupported", f"macOS 压缩时附带的资源文件（{len(mac)} 个条目），未解压")
            rest = 0
            for info in infos:
                name = fix_zip_name(info)
                if name.startswith("__MACOSX/"):
                    continue
                if extractor.count >= b.zip_max_entries:
                    rest += 1  # listed as one entry: batch.json stays bounded too
                    continue
                extractor.count += 1
                extractor.entry(info, name, id(info) in overlapping)
            if rest:
                extractor.skip(f"（其余 {rest} 个条目）", "unreadable",
                               f"超过条目数上限（{b.zip_max_entries}），其余 {rest} 个条目未解压")
    except (zipfile.BadZipFile, OSError) as exc:
        tmp.cleanup()
        raise InputError(f"无法解压 {path.name}: {exc}") from exc
    except BaseException:
        tmp.cleanup()
        raise
    # A zip of one folder: descend into it.
    top = [p for p in root.iterdir()]
    if len(top) == 1 and top[0].is_dir() and not top[0].is_symlink():
        return top[0], tmp, extractor.skipped
    return root, tmp, extractor.skipped
