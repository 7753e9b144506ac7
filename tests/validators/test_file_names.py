"""files.named_by_content (003 §五(二): 文件须按材料内容命名): a file whose name says nothing of
what it was read as is listed for the applicant to rename (info: it decides nothing)."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import DocType, FileRecord, Severity
from preaudit.validators import load_policy
from tests.validators.builders import ID, codes, doc, make_case
from tests.validators.conftest import run_one


def _case(*files: tuple[str, DocType | None]):
    documents = [doc(t, file=path) for path, t in files if t is not None]
    records = [FileRecord(path=path, sha256="0" * 64, status="processed", pages=1, size=1000) for path, _ in files]
    return make_case(*documents, files=records)


@pytest.mark.parametrize(
    ("path", "doc_type", "listed"),
    [
        ("身份证正面.jpg", DocType.ID_CARD_FRONT, False),
        ("张三-身份证.jpg", DocType.ID_CARD_BACK, False),
        ("IMG_20240801_1201.jpg", DocType.ID_CARD_FRONT, True),
        ("微信图片_20240801.jpg", DocType.PENSION_CERTIFICATE, True),
        ("社保缴费证明.pdf", DocType.PENSION_CERTIFICATE, False),
        ("养老保险参保证明.PDF", DocType.PENSION_CERTIFICATE, False),
        ("学信网备案表.pdf", DocType.XUEXIN_RECORD, False),
        ("scan0001.pdf", DocType.XUEXIN_RECORD, True),
        ("劳动合同.pdf", DocType.CONTRACT_FILING, False),
        ("公示表.jpg", DocType.PUBLICITY_FORM, False),
        ("承诺书.jpg", DocType.PLEDGE, False),
        ("身份证.jpg", DocType.PENSION_CERTIFICATE, True),  # named as another document: listed with what it was read as
        ("1.jpg", DocType.OTHER, False),                     # read as nothing we know: not judged
        (f"{ID}张三.jpg", DocType.PHOTO, False),             # the photo's own name rule (photo.spec)
    ],
)
def test_file_names_by_content(check_in, path, doc_type, listed):
    found = check_in("kunming-guide", _case((path, doc_type)), "files.named_by_content")
    assert codes(found) == (["FILE_NAME_UNCLEAR"] if listed else [])
    if listed:
        assert found[0].severity is Severity.INFO and path in found[0].message


def test_one_finding_lists_every_file_and_a_page_of_two_documents_passes_with_either():
    case = _case(("IMG_1.jpg", DocType.ID_CARD_FRONT), ("IMG_2.jpg", DocType.PLEDGE), ("公示.jpg", DocType.PUBLICITY_FORM))
    [f] = findings = _check(case)
    assert "IMG_1.jpg" in f.message and "IMG_2.jpg" in f.message and "公示.jpg" not in f.message
    assert [e["file"] for e in f.evidence["files"]] == ["IMG_1.jpg", "IMG_2.jpg"]
    assert len(findings) == 1
    both = make_case(doc(DocType.ID_CARD_FRONT, file="身份证复印件.jpg"), doc(DocType.ID_CARD_BACK, file="身份证复印件.jpg"),
                     files=[FileRecord(path="身份证复印件.jpg", sha256="0" * 64, status="processed", pages=1, size=9)])
    assert _check(both) == []


def test_a_file_name_never_shows_a_full_id_number():
    [f] = _check(_case((f"{ID}.jpg", DocType.ID_CARD_FRONT)))
    assert ID not in f.message + str(f.evidence)


def _check(case):
    return run_one(load_policy("kunming-guide"), case, "files.named_by_content")
