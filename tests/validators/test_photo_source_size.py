"""PHOTO_SPEC judges the file's own pixels, not the size OCR upscaled it to (issue 4: a 260×350
证件照.jpg read at 731×984 passed)."""

import pytest

from preaudit.extractors.photo import extract
from preaudit.pipeline.model import Document, DocType, FileRecord, Page
from tests.validators.builders import ID, NAME, declared, id_front, make_case


def _case(file: str, page_size: tuple[int, int], source_size: list[int] | None):
    geometry = {"turn": 0, "steps": {}} | ({"source_size": source_size} if source_size else {})
    page = Page(file=file, file_sha256="0" * 64, number=1, width=page_size[0], height=page_size[1], source="ocr",
                lines=[], geometry=geometry)
    photo = Document(file=file, page=1, doc_type=DocType.PHOTO, type_confidence=0.6, fields=extract([page]))
    files = [FileRecord(path=file, sha256="0" * 64, status="processed", pages=1, size=21127)]
    return make_case(id_front(), photo, files=files, decl=declared(level="副高级"))  # 003 Q23(2): 省级评委会


@pytest.mark.parametrize(
    ("file", "page_size", "source_size", "problems"),
    [
        ("证件照.jpg", (731, 984), [260, 350], ["像素为260×350", "文件名"]),
        (f"{ID}{NAME}.jpg", (731, 984), [260, 350], ["像素为260×350"]),
        (f"{ID}{NAME}.jpg", (731, 900), [358, 441], []),
        (f"{ID}{NAME}.jpg", (260, 350), None, ["像素为260×350"]),  # no record of resizing: the page is the file
    ],
)
def test_photo_spec_uses_the_source_size(check_in, file, page_size, source_size, problems):
    found = check_in("kunming-guide", _case(file, page_size, source_size), "photo.spec")
    if not problems:
        assert found == []
    else:
        [f] = found
        assert f.code == "PHOTO_SPEC" and all(p in f.message for p in problems)
