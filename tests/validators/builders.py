"""Case builders for the validator tests: documents and cases in Python, no images or files."""

from __future__ import annotations

from datetime import date
from typing import Any

from stdnum.cn import ric

from preaudit.pipeline.model import Case, Declared, Document, DocType, FieldValue, FileRecord, Finding
from preaudit.pipeline.values.text import add_months

POLICY_ID = "kunming-panlong-2024q3"
AS_OF = date(2024, 9, 20)
NAME = "张伟"
UNIT = "昆明盘龙云海科技有限公司"


def make_id(area: str = "530103", birth: str = "19900307", seq: str = "001") -> str:
    """An 18-character ID number with a correct GB 11643 check digit."""
    body = area + birth + seq
    return body + ric.calc_check_digit(body + "0")


ID = make_id()  # 男 (17th digit 1 is odd), born 1990-03-07, 盘龙区


def fv(value: Any, confidence: float = 0.99) -> FieldValue:
    return FieldValue(value=value, confidence=confidence)


def doc(doc_type: DocType | str, file: str | None = None, **fields: Any) -> Document:
    """A document whose fields are plain values (confidence 0.99) or FieldValues."""
    dt = DocType(doc_type)
    return Document(
        file=file or f"{dt.value}.jpg",
        page=1,
        doc_type=dt,
        type_confidence=0.95,
        fields={k: v if isinstance(v, FieldValue) else fv(v) for k, v in fields.items()},
    )


def id_front(**kw: Any) -> Document:
    fields = {"name": NAME, "gender": "男", "ethnicity": "汉", "birth_date": "1990-03-07",
              "address": "云南省昆明市盘龙区北京路1号", "id_number": ID} | kw
    return doc(DocType.ID_CARD_FRONT, **fields)


def id_back(**kw: Any) -> Document:
    fields = {"issuing_authority": "昆明市公安局盘龙分局", "valid_from": "2015-01-01",
              "valid_until": "2035-01-01"} | kw
    return doc(DocType.ID_CARD_BACK, **fields)


def months(
    end: str = "2024-08",
    n: int = 12,
    *,
    employer: str = UNIT,
    region: str = "昆明市",
    status: str = "paid",
    skip: tuple[str, ...] = (),
    unpaid: tuple[str, ...] = (),
    regions: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """`n` monthly rows ending at `end` (oldest first); `skip` drops months, `unpaid` marks them."""
    rows = []
    for k in range(n - 1, -1, -1):
        m = add_months(end, -k)
        if m in skip:
            continue
        rows.append({
            "month": m,
            "employer": employer,
            "region": (regions or {}).get(m, region),
            "base": 3500.0,
            "status": "unpaid" if m in unpaid else status,
        })
    return rows


def pension(rows: list[dict[str, Any]] | None = None, **kw: Any) -> Document:
    fields = {"name": NAME, "id_number": ID, "region": "昆明市", "employer": UNIT,
              "print_date": "2024-08-15", "months": months() if rows is None else rows} | kw
    return doc(DocType.PENSION_CERTIFICATE, **fields)


def contract(doc_type: DocType = DocType.CONTRACT_FILING, **kw: Any) -> Document:
    fields = {"employer": UNIT, "employee_name": NAME, "employee_id_number": ID,
              "start_date": "2022-07-01", "end_date": "2025-06-30", "open_ended": False,
              "sign_date": "2022-06-28"} | kw
    return doc(doc_type, **fields)


def declared(**kw: Any) -> Declared:
    fields = {"folder": "张伟", "name": NAME, "id_number": ID, "unit": UNIT, "series": "工程",
              "specialty": "计算机应用", "level": "助理级", "education": "本科",
              "major_matches": True, "application_date": AS_OF, "unit_type": "非公经济组织"} | kw
    return Declared(**fields)


_DEFAULT = object()


def make_case(
    *documents: Document,
    decl: Declared | None | object = _DEFAULT,
    as_of: date = AS_OF,
    files: list[FileRecord] | None = None,
) -> Case:
    docs = list(documents)
    if files is None:
        files = [FileRecord(path=d.file, sha256="0" * 64, status="processed", pages=1) for d in docs]
    return Case(
        key="张伟",
        declared=declared() if decl is _DEFAULT else decl,
        files=files,
        documents=docs,
        as_of=as_of,
    )


def xuexin(**kw: Any) -> Document:
    """A 学信网 备案表 of a 2012 本科 graduate of 云南大学 (证书编号 10673 1 2012 05 000123)."""
    fields = {"name": NAME, "gender": "男", "id_number": ID, "birth_date": "1990-03-07",
              "enrollment_date": "2008-09-01", "graduation_date": "2012-07-01", "school": "云南大学",
              "major": "计算机科学与技术", "duration": "4年", "level": "本科",
              "education_type": "普通高等教育", "study_mode": "普通全日制",
              "certificate_number": "106731201205000123", "verification_code": "A7KD93MPQ2XW8FHT",
              "valid_until": "2025-02-10", "update_date": "2024-08-10"} | kw
    return doc(DocType.XUEXIN_RECORD, **fields)


def publicity(**kw: Any) -> Document:
    """A publicity form: pledge 08-20, publicity 2024-08-22..29 (6 working days), opinion 08-30."""
    fields = {"name": NAME, "unit": UNIT, "pledge_date": "2024-08-20", "publicity_start": "2024-08-22",
              "publicity_end": "2024-08-29", "unit_opinion_date": "2024-08-30",
              "unit_type": "非公经济组织"} | kw
    return doc(DocType.PUBLICITY_FORM, **fields)


def pledge(**kw: Any) -> Document:
    fields = {"name": NAME, "specialty_level": "计算机应用助理级", "date": "2024-08-20",
              "has_seal": True} | kw
    return doc(DocType.PLEDGE, **fields)


def full_documents() -> list[Document]:
    """Every attachment an enterprise applicant needs, all consistent."""
    return [id_front(), id_back(), xuexin(), pension(), contract(), publicity(), pledge()]


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]
