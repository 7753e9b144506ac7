"""Hostile input, built on the fly (nothing large is committed): every class of issue 13.

`make_cases(dest)` writes three inputs and returns what it made, entry by entry, so that a test
can check that each one is accounted for in a report or in batch.json:

- `batch/`: a batch folder with a manifest (formula cells, a row for a missing folder), folders
  and files named like formulas (`=cmd|' /C calc'!A0` with `/` made `-`, `+1`, `-1`, `@SUM(1)`),
  `..evil`, an empty folder, a linked folder leaving the root and one staying inside it, links to
  /etc/passwd and to an image outside the root, a pipe, a 300-page PDF, a page the size of a
  wall, a stray file at the root;
- `bombs.zip`: a zip bomb (2 GiB of zeros in 2 MB, streamed through deflate), one whose header
  lies about its size, entries with `..`, absolute and drive paths, a link entry, a duplicate name,
  two entries sharing one stream, an encrypted-flagged entry, __MACOSX junk and one honest applicant;
- `images/`: an applicant folder with a PNG whose header claims 30000 x 30000 (it decodes to
  2.7 GB; the file is ~110 KB) and a PDF whose page holds such an image.

Run as a script to write them somewhere: `python tests/hostile/make_cases.py DEST`.
"""

from __future__ import annotations

import os
import struct
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

MIB = 1 << 20
FORMULA_NAMES = ["=cmd|' -C calc'!A0", "+1", "-1", "@SUM(1)"]
PLEDGE_TEXT = "承诺书 本人郑重承诺：所提交的申报材料真实、准确、完整，如有虚假，愿承担相应责任。承诺人：张三"


# --------------------------------------------------------------------------- documents


def text_pdf(path: Path, text: str = PLEDGE_TEXT, pages: int = 1, size: tuple[float, float] = (595, 842)) -> Path:
    """A born-digital PDF with a Chinese text layer on every page (read without OCR)."""
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_textbox(pymupdf.Rect(50, 60, min(size[0], 545) - 10, 400), f"{text}（第{i + 1}页）",
                            fontname="china-s", fontsize=12)
    doc.save(path)
    doc.close()
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(path: Path, width: int = 30000, height: int = 30000) -> Path:
    """A valid 1-bit grey PNG of width x height (all black): ~110 KB that decodes to width x height
    x 3 bytes in colour (2.7 GB at 30000 x 30000)."""
    comp = zlib.compressobj(9)
    idat = bytearray()
    rows = bytes(1 + (width + 7) // 8) * 1000
    for _ in range(height // 1000):
        idat += comp.compress(rows)
    idat += comp.compress(bytes(1 + (width + 7) // 8) * (height % 1000)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", bytes(idat))
                     + _png_chunk(b"IEND", b""))
    return path


def pdf_image_bomb(path: Path, width: int = 30000, height: int = 30000) -> Path:
    """A one-page PDF showing a width x height 1-bit image (Flate, ~110 KB): rendering the page
    would decode all of it."""
    comp = zlib.compressobj(9)
    data = bytearray()
    rows = bytes((width + 7) // 8) * 1000
    for _ in range(height // 1000):
        data += comp.compress(rows)
    data += comp.compress(bytes((width + 7) // 8) * (height % 1000)) + comp.flush()
    content = b"q 500 0 0 700 40 60 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1 /ColorSpace /DeviceGray "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(data)) + bytes(data) + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


# --------------------------------------------------------------------------- zips, written by hand


@dataclass
class RawEntry:
    """One zip entry as stored: its compressed bytes and the sizes its headers declare."""

    name: str
    payload: bytes = b""
    method: int = 0  # 0 stored, 8 deflate
    crc: int = 0
    size: int = 0  # real uncompressed size
    declared_size: int | None = None  # what the headers say (a liar's smaller number)
    flags: int = 0x800  # UTF-8 names
    mode: int = 0o100644  # unix mode in the external attributes (0o120777 is a link)
    same_data_as: int | None = None  # index of an earlier entry whose local header this one reuses


def stored(name: str, data: bytes, **kw) -> RawEntry:
    return RawEntry(name, data, 0, zlib.crc32(data), len(data), **kw)


def deflated(name: str, data: bytes, **kw) -> RawEntry:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    return RawEntry(name, comp.compress(data) + comp.flush(), 8, zlib.crc32(data), len(data), **kw)


def zeros_bomb(name: str, mib: int, **kw) -> RawEntry:
    """`mib` MiB of zeros in ~1 KB per MiB: one full-flushed deflate segment of 1 MiB repeated
    (each segment starts afresh, so the stream is the segment `mib` times plus an end block)."""
    zero = bytes(MIB)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    comp.compress(zero)
    comp.flush(zlib.Z_FULL_FLUSH)
    segment = comp.compress(zero) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zero, crc)
    return RawEntry(name, segment * mib + comp.flush(zlib.Z_FINISH), 8, crc, mib * MIB, **kw)


def write_zip(path: Path, entries: list[RawEntry]) -> Path:
    """A zip of these entries exactly as given (sizes may lie, entries may share data)."""
    offsets: list[int] = []
    central = bytearray()
    with path.open("wb") as fh:
        for i, e in enumerate(entries):
            name = e.name.encode("utf-8" if e.flags & 0x800 else "cp437")
            declared = e.size if e.declared_size is None else e.declared_size
            if e.same_data_as is not None:  # another name in the directory, the other entry's data
                shared = entries[e.same_data_as]
                offset, e = offsets[e.same_data_as], RawEntry(e.name, shared.payload, shared.method, shared.crc,
                                                               shared.size, flags=e.flags, mode=e.mode)
                declared = e.size
            else:
                offset = fh.tell()
                fh.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, e.flags, e.method, 0, 0x21,
                                     e.crc, len(e.payload), declared, len(name), 0) + name)
                fh.write(e.payload)
            offsets.append(offset)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, e.flags, e.method, 0, 0x21,
                                   e.crc, len(e.payload), declared, len(name), 0, 0, 0, 0, e.mode << 16, offset) + name
        start = fh.tell()
        fh.write(central)
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0))
    return path


# --------------------------------------------------------------------------- the cases


@dataclass
class Cases:
    """What make_cases wrote: inputs, and per input the entries it made (relative paths; zip
    entry names for the zip; `row:<folder>` for manifest rows)."""

    root: Path
    batch: Path
    bombs_zip: Path
    images: Path
    outside: Path
    made: dict[str, list[str]] = field(default_factory=dict)


MANIFEST = ("文件夹,姓名,身份证号,申报单位,申报系列,申报专业,申报级别,学历,专业对口,申报日期,单位性质\n"
            "张三_01,张三,,昆明云岭科技有限公司,工程,软件,助理级,本科,是,2024-09-10,企业\n"
            "\"=cmd|' -C calc'!A0\",=cmd|' /C calc'!A0,,+1 单位,-1,@SUM(1),助理级,本科,是,2024-09-10,企业\n"
            "+1,+1,,=1+1,工程,软件,助理级,本科,是,2024-09-10,企业\n"
            "缺席_99,缺席,,昆明云岭科技有限公司,工程,软件,助理级,本科,是,2024-09-10,企业\n")


def _batch(root: Path, outside: Path) -> list[str]:
    made: list[str] = []

    def file(rel: str, data: bytes | None = None, pdf: bool = False) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if pdf:
            text_pdf(path)
        else:
            path.write_bytes(data if data is not None else b"junk")
        made.append(rel)

    (root / "applicants.csv").write_text(MANIFEST, encoding="utf-8")
    made += ["applicants.csv", "row:张三_01", "row:=cmd|' -C calc'!A0", "row:+1", "row:缺席_99"]
    file("张三_01/承诺书.pdf", pdf=True)
    text_pdf(root / "张三_01" / "三百页.pdf", pages=300)
    made.append("张三_01/三百页.pdf")
    text_pdf(root / "张三_01" / "大页面.pdf", size=(14400, 14400))  # 200 x 200 inches
    made.append("张三_01/大页面.pdf")
    os.symlink("/etc/passwd", root / "张三_01" / "passwd.pdf")
    os.symlink(outside / "secret.png", root / "张三_01" / "外部图片.png")
    os.symlink("承诺书.pdf", root / "张三_01" / "内部链接.pdf")
    os.mkfifo(root / "张三_01" / "管道.pdf")
    made += ["张三_01/passwd.pdf", "张三_01/外部图片.png", "张三_01/内部链接.pdf", "张三_01/管道.pdf"]
    for name in FORMULA_NAMES:
        file(f"{name}/{name}.pdf", b"%PDF-1.4 broken")
        file(f"张三_01/{name}.jpg", b"\xff\xd8\xff\xe0 not really")
    file("..evil/x.pdf", pdf=True)
    made.append("..evil")
    (root / "空文件夹").mkdir()
    made.append("空文件夹")
    os.symlink(outside, root / "链接文件夹")
    os.symlink(root / "张三_01", root / "内部链接文件夹")
    os.symlink("/etc/passwd", root / "root_passwd.pdf")
    made += ["链接文件夹", "内部链接文件夹", "root_passwd.pdf"]
    file("遗漏.pdf", pdf=True)
    return made


def _bombs(path: Path) -> list[str]:
    entries = [
        stored("李四_02/", b""),
        deflated("李四_02/承诺书.pdf", text_pdf(path.with_suffix(".pledge.pdf")).read_bytes()),
        zeros_bomb("李四_02/炸弹.pdf", 2048),  # 2 GiB in ~2 MB
        zeros_bomb("李四_02/说谎.pdf", 256, declared_size=1 << 20),  # says 1 MiB
        deflated("../逃逸.pdf", b"%PDF-1.4 escape"),
        deflated("/etc/绝对路径.pdf", b"%PDF-1.4 absolute"),
        deflated("C:/盘符.pdf", b"%PDF-1.4 drive"),
        stored("李四_02/链接.pdf", b"/etc/passwd", mode=0o120777),
        deflated("李四_02/重名.pdf", b"%PDF-1.4 first"),
        deflated("李四_02/重名.pdf", b"%PDF-1.4 second"),
        deflated("李四_02/共用.pdf", b"%PDF-1.4 shared" * 100),
        RawEntry("李四_02/共用二.pdf", same_data_as=10),
        stored("李四_02/加密.pdf", b"xxxx", flags=0x801),
        stored("__MACOSX/李四_02/._承诺书.pdf", b"\x00\x05\x16\x07"),
    ]
    path.with_suffix(".pledge.pdf").unlink()
    write_zip(path, entries)
    return [e.name for e in entries]


def make_cases(dest: Path) -> Cases:
    """Write the three hostile inputs under `dest` (about 5 MB in all, a few seconds)."""
    dest = Path(dest)
    outside = dest / "outside"
    outside.mkdir(parents=True)
    text_pdf(outside / "secret.pdf")
    (outside / "secret.png").write_bytes(pymupdf.open(outside / "secret.pdf")[0].get_pixmap(dpi=72).tobytes("png"))
    cases = Cases(root=dest, batch=dest / "batch", bombs_zip=dest / "bombs.zip", images=dest / "images", outside=outside)
    cases.batch.mkdir()
    cases.made["batch"] = _batch(cases.batch, outside)
    cases.made["bombs.zip"] = _bombs(cases.bombs_zip)
    folder = cases.images / "王五_03"
    folder.mkdir(parents=True)
    png_bomb(folder / "图片炸弹.png")
    pdf_image_bomb(folder / "图片炸弹.pdf")
    text_pdf(folder / "承诺书.pdf")
    cases.made["images"] = ["王五_03/图片炸弹.png", "王五_03/图片炸弹.pdf", "王五_03/承诺书.pdf"]
    return cases


if __name__ == "__main__":
    made = make_cases(Path(sys.argv[1]))
    print("\n".join(f"{k}: {len(v)} entries" for k, v in made.made.items()))
