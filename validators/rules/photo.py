"""The applicant's photo: format, file size, pixel size and file name (003 Q23(2))."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from preaudit.pipeline.model import Case, DocType, Finding, mask_id_number
from preaudit.pipeline.values.text import nfkc, normalize_name
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules.scope import levels_named
from preaudit.validators.rules._common import doc_label, extracted, mask, norm_id


def _reference_identity(case: Case) -> tuple[str | None, str | None]:
    name = case.declared.name if case.declared else None
    number = norm_id(case.declared.id_number) if case.declared and case.declared.id_number else None
    front = case.first(DocType.ID_CARD_FRONT)
    if front is not None:
        name = name or front[1].value("name")
        number = number or (norm_id(front[1].value("id_number")) or None)
    return name, number


def mask_ids_in_text(text: str) -> str:
    """A file name for display: NFKC (a spaced or full-width ID number becomes one run) and every
    run of 15 or more digits (or X) masked: photo file names carry the full ID number by design
    (身份证+姓名), and a misread one must not leak either."""
    return _LONG_RUN.sub(lambda m: mask_id_number(m.group(0)), nfkc(text))


_LONG_RUN = re.compile(r"[0-9Xx]{15,}")


def _kb(size: int) -> str:
    return f"{round(size / 1024, 1):g}KB"


# 003 §二 Q23(2): 蓝底1寸电子照片1张，JPG或JPEG格式，文件大小在10k与30k之间，像素大小大于295px*413px，照片
# 文件命名格式为"身份证+姓名". The backdrop's colour is intake's fact (Document.meta["backdrop"],
# pipeline/intake/portraitlike.py): judged only when it has a name and the backdrop is plain.
@rule("photo.spec")
def photo_spec(
    case: Case,
    *,
    formats: list[str],
    min_bytes: int = 10 * 1024,
    max_bytes: int = 30 * 1024,
    min_width: int = 295,
    min_height: int = 413,
    check_file_name: bool = True,
    levels: list[str] | None = None,
    backdrop: str | None = None,
    min_plain_backdrop: float = 0.75,
) -> Iterator[Finding]:
    """PHOTO_SPEC for each photo an extractor has read (width, height, format, file_name) that
    breaks the specification: a format not in `formats`; a byte size (FileRecord.size of its file)
    outside [`min_bytes`, `max_bytes`]; fewer than `min_width` x `min_height` pixels (the standard
    1-inch 295x413 itself passes); a file name that does not contain the ID number and the name.
    One finding per photo listing every problem. A photo without fields is not judged.

    `levels`: the specification binds only applicants declaring one of these levels (003 Q23(2):
    申报省级评委会的人员); a declared level we cannot name, or none, is judged (the photo was sent).

    `backdrop`: the colour the backdrop must have (蓝); a photo whose backdrop is plain (at least
    `min_plain_backdrop` of its top and upper sides one colour) and clearly another named colour
    breaks it. A colour between the names (a pale or tinted blue) is not judged: unsure is silent."""
    if levels:
        meant = levels_named(case.declared.level if case.declared else None)
        if meant and not meant & set(levels):
            return
    sizes = {f.path: f.size for f in case.files}
    name, number = _reference_identity(case)
    for i, d in case.of_type(DocType.PHOTO):
        if not extracted(d):
            continue
        problems: list[str] = []
        evidence: dict[str, object] = {"file": mask_ids_in_text(d.file)}
        fmt = d.value("format")
        if isinstance(fmt, str) and nfkc(fmt):
            evidence["format"] = fmt
            if nfkc(fmt).lower().lstrip(".") not in {f.lower() for f in formats}:
                problems.append(f"格式为{fmt.upper()}，须为{'或'.join(f.upper() for f in formats)}格式")
        size = sizes.get(d.file)
        if size:
            evidence["bytes"] = size
            if not min_bytes <= size <= max_bytes:
                problems.append(f"文件大小为{_kb(size)}，须在{_kb(min_bytes)}与{_kb(max_bytes)}之间")
        width, height = d.value("width"), d.value("height")
        if isinstance(width, int) and isinstance(height, int):
            evidence["pixels"] = [width, height]
            if width < min_width or height < min_height:
                problems.append(f"像素为{width}×{height}，须不小于{min_width}×{min_height}")
        seen = d.meta.get("backdrop") if isinstance(d.meta, dict) else None
        if backdrop and isinstance(seen, dict) and seen.get("colour"):
            evidence["backdrop"] = {"colour": seen["colour"], "bgr": seen.get("bgr")}
            if seen["colour"] != backdrop and float(seen.get("plain") or 0.0) >= min_plain_backdrop:
                problems.append(f"底色为{seen['colour']}色，须为{backdrop}底")
        file_name = d.value("file_name") or PurePosixPath(d.file).name
        stem = nfkc(PurePosixPath(str(file_name)).stem).upper()
        if check_file_name and name and number:
            if number not in stem or normalize_name(name).upper() not in stem:
                problems.append(
                    f"文件名为“{mask_ids_in_text(str(file_name))}”，须以“身份证号+姓名”命名"
                    f"（如“{mask(number)}{name}.jpg”）"
                )
            evidence["file_name"] = mask_ids_in_text(str(file_name))
        if not problems:
            continue
        yield finding(
            "PHOTO_SPEC",
            f"{doc_label(d.doc_type)}{'；'.join(problems)}。请上传{backdrop or '蓝'}底1寸电子照片，"
            f"{'或'.join(f.upper() for f in formats)}格式，大小{_kb(min_bytes)}至{_kb(max_bytes)}，"
            f"不小于{min_width}×{min_height}像素，文件名为“身份证号+姓名”。",
            documents=[i],
            evidence=evidence,
        )
