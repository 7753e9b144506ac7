"""Bounded zip extraction: every entry extracted or recorded, real byte counts, temp folders removed."""

from __future__ import annotations

import dataclasses
import io
import tempfile
import zipfile
from pathlib import Path

import pytest

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.limits import limits
from preaudit.pipeline.intake.unzip import _Extractor, directory_size, extract_zip, unsafe_name
from tests.hostile.make_cases import RawEntry, deflated, stored, write_zip, zeros_bomb


def _small(**kw):
    """The shipped limits with some numbers made small (so the cases stay small)."""
    return dataclasses.replace(limits(), **kw)


def _skipped(result) -> dict[str, tuple[str, str]]:
    return {e.path.split("!/", 1)[1]: (e.status, e.reason) for e in result[2]}


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_an_honest_batch_is_extracted_whole(tmp_path):
    z = write_zip(tmp_path / "b.zip", [stored("甲/a.pdf", b"%PDF a"), deflated("乙/b.pdf", b"%PDF b" * 1000)])
    root, tmp, skipped = extract_zip(z)
    try:
        assert _files(root) == ["乙/b.pdf", "甲/a.pdf"] and skipped == []
        assert (root / "乙" / "b.pdf").read_bytes() == b"%PDF b" * 1000
    finally:
        tmp.cleanup()


@pytest.mark.parametrize("name", ["../x.pdf", "a/../../x.pdf", "/etc/x.pdf", "C:/x.pdf", "c:\\\\x.pdf", "a\\\\..\\\\..\\\\x"])
def test_unsafe_names(name):
    assert unsafe_name(name)


def test_unsafe_links_duplicates_encrypted_and_shared_entries_are_recorded_not_extracted(tmp_path):
    entries = [
        stored("a/ok.pdf", b"%PDF ok"),
        stored("../up.pdf", b"x"),
        stored("/abs.pdf", b"x"),
        stored("a/link.pdf", b"/etc/passwd", mode=0o120777),
        stored("a/dup.pdf", b"1"),
        stored("a/dup.pdf", b"2"),
        stored("a/enc.pdf", b"x", flags=0x801),
        deflated("a/shared.pdf", b"s" * 500),
        RawEntry("a/shared2.pdf", same_data_as=7),
        stored("__MACOSX/a/._ok.pdf", b"x"),
        stored("__MACOSX/a/._dup.pdf", b"x"),
    ]
    root, tmp, _ = result = extract_zip(write_zip(tmp_path / "h.zip", entries))
    try:
        skipped = _skipped(result)
        assert _files(root) == ["dup.pdf", "ok.pdf", "shared.pdf"]  # the one top folder "a" is descended into
        assert (root / "dup.pdf").read_bytes() == b"1"
        assert {k: v[0] for k, v in skipped.items()} == {
            "../up.pdf": "unsupported", "/abs.pdf": "unsupported", "a/link.pdf": "unsupported",
            "a/dup.pdf": "unsupported", "a/enc.pdf": "unreadable", "a/shared2.pdf": "unreadable",
            "__MACOSX/": "unsupported"}
        assert "2 个条目" in skipped["__MACOSX/"][1]
        assert all(reason for _, reason in skipped.values())
    finally:
        tmp.cleanup()


def test_a_bomb_is_refused_on_its_declared_size_and_ratio(tmp_path):
    z = write_zip(tmp_path / "b.zip", [zeros_bomb("a/big.pdf", 300), zeros_bomb("a/dense.pdf", 64), stored("a/ok.pdf", b"%PDF")])
    result = extract_zip(z)
    try:
        skipped = _skipped(result)
        assert skipped["a/big.pdf"][0] == "unreadable" and "过大" in skipped["a/big.pdf"][1]
        assert skipped["a/dense.pdf"][0] == "unreadable" and "压缩比" in skipped["a/dense.pdf"][1]
        assert _files(result[0]) == ["ok.pdf"]
    finally:
        result[1].cleanup()


def test_a_header_that_understates_the_size_does_not_get_more_out(tmp_path):
    """The zip library stops at the declared size and the CRC then fails: the entry is recorded
    and its partial file removed."""
    liar = zeros_bomb("a/liar.pdf", 64, declared_size=1 << 20)  # says 1 MiB, holds 64 MiB
    result = extract_zip(write_zip(tmp_path / "l.zip", [liar, stored("a/ok.pdf", b"%PDF")]))
    try:
        assert _skipped(result)["a/liar.pdf"][0] == "unreadable"
        assert _files(result[0]) == ["ok.pdf"]
    finally:
        result[1].cleanup()


class _Streams:
    """A stand-in archive whose entries stream more bytes than their headers declare."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def open(self, info):
        return io.BytesIO(self.data)


@pytest.mark.parametrize(("bounds", "compressed", "words"), [
    ({"files_max_bytes": 4 << 20, "zip_ratio_min_bytes": 1 << 30}, 10 << 20, "过大"),
    ({"zip_max_ratio": 200, "zip_ratio_min_bytes": 1 << 20}, 1000, "压缩比"),
    ({"zip_max_total_bytes": 3 << 20, "zip_ratio_min_bytes": 1 << 30}, 10 << 20, "总量"),
])
def test_the_streamed_byte_count_is_held_against_the_bounds(tmp_path, bounds, compressed, words):
    info = zipfile.ZipInfo("a/x.pdf")
    info.file_size, info.compress_size = 1 << 10, compressed  # the header says 1 KB
    extractor = _Extractor(_Streams(bytes(10 << 20)), tmp_path, "z.zip", _small(**bounds))
    extractor.entry(info, "a/x.pdf", False)
    [entry] = extractor.skipped
    assert entry.path == "z.zip!/a/x.pdf" and entry.status == "unreadable" and words in entry.reason
    assert not (tmp_path / "a" / "x.pdf").exists() and extractor.total == 0


def test_total_and_entry_count_bounds(tmp_path):
    entries = [stored(f"a/{i:02d}.pdf", bytes(1000)) for i in range(30)]
    result = extract_zip(write_zip(tmp_path / "n.zip", entries), _small(zip_max_entries=10))
    try:
        skipped = _skipped(result)
        assert len(_files(result[0])) == 10 and len(skipped) == 1
        [(status, reason)] = skipped.values()
        assert status == "unreadable" and "20" in reason and "10" in reason
    finally:
        result[1].cleanup()
    result = extract_zip(write_zip(tmp_path / "t.zip", entries), _small(zip_max_total_bytes=5500))
    try:
        assert len(_files(result[0])) == 5 and len(result[2]) == 25
        assert all("总量" in e.reason for e in result[2])
    finally:
        result[1].cleanup()


def test_an_oversized_directory_refuses_the_archive_and_leaves_nothing(tmp_path, monkeypatch):
    entries = [stored(f"a/{i:04d}.pdf", b"") for i in range(200)]
    z = write_zip(tmp_path / "d.zip", entries)
    assert directory_size(z) > 200 * 46
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    with pytest.raises(InputError, match="目录过大"):
        extract_zip(z, _small(zip_max_directory_bytes=1000))
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_broken_zip_is_an_input_error_and_leaves_nothing(tmp_path, monkeypatch):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError):
        extract_zip(bad)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_gbk_names_are_decoded(tmp_path):
    class GbkZipInfo(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):
            return self.filename.encode("gbk"), self.flag_bits & ~0x800

    z = tmp_path / "g.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(GbkZipInfo("张伟/身份证.jpg"), b"x")
        zf.writestr(GbkZipInfo("李娜/学历.pdf"), b"y")
    root, tmp, skipped = extract_zip(z)
    try:
        assert _files(root) == ["张伟/身份证.jpg", "李娜/学历.pdf"] and skipped == []
    finally:
        tmp.cleanup()
