"""Hand marks: the applicant's handwritten signature and fingerprint on the pledge (001 §五(七)
承诺人手写签名并按手印), and a signature on another signed letter (001 §五(四) 单位人事部门负责人签字).

The marks are read from the page image (pipeline/integrity/marks.py: the `signed` and
`fingerprint` fields, True / False / None). An image detector is never certain, so each finding
is a warning asking for a look, raised only on a plain "no" (the signing place found and empty);
an unsure result (None: no label found, a seal over the place, a grey copy) says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from preaudit.pipeline.model import Case, DocType, Document, Finding
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import doc_label, is_false


def _mark(d: Document, which: str) -> dict[str, Any]:
    marks = d.meta.get("marks") if isinstance(d.meta, dict) else None
    mark = marks.get(which) if isinstance(marks, dict) else None
    return mark if isinstance(mark, dict) else {}


def _evidence(d: Document, field: str, which: str) -> dict[str, Any]:
    mark = _mark(d, which)
    marks = d.meta.get("marks") if isinstance(d.meta, dict) else None
    return {"document": d.doc_type.value, "file": d.file, "field": field,
            "page": (marks or {}).get("page") if isinstance(marks, dict) else None,
            "label": (marks or {}).get("label") if isinstance(marks, dict) else None,
            "box": mark.get("bbox"), "measures": mark.get("measures")}


UNSURE = "由图像自动判断，可能有误，请人工核对原件图像"


def _plain_no(case: Case, doc_types: list[DocType], field: str) -> Iterator[tuple[int, Document]]:
    """The documents of `doc_types` whose mark `field` is a plain no (the place found and empty)."""
    for i, d in case.of_type(*doc_types):
        if is_false(d.value(field)):
            yield i, d


def _shown(i: int, d: Document, field: str, which: str) -> dict[str, Any]:
    """What every mark finding shows: the document, the measured place, and that it is unsure."""
    return {"documents": [i], "evidence": _evidence(d, field, which), "relied_on": [(i, field)], "unsure": [UNSURE]}


# 001 §五(七): 承诺人手写签名并按手印; 003 §二 Q23(3) 承诺人签名; 004 附件3 承诺人签名.
@rule("pledge.signed")
def pledge_signed(case: Case) -> Iterator[Finding]:
    """PLEDGE_UNSIGNED for each pledge whose signing place (承诺人（签字） …) was found and holds no
    handwriting (`signed` is no). Unsure (None) says nothing."""
    for i, d in _plain_no(case, [DocType.PLEDGE], "signed"):
        yield finding("PLEDGE_UNSIGNED", f"{doc_label(d.doc_type)}（文件“{d.file}”）的承诺人签名处未见手写签名，"
                      "请承诺人本人手写签名后重新上传原件。", **_shown(i, d, "signed", "signature"))


# 001 §五(七): 承诺人手写签名并按手印.
@rule("pledge.fingerprint")
def pledge_fingerprint(case: Case) -> Iterator[Finding]:
    """PLEDGE_FINGERPRINT_MISSING for each pledge with no red fingerprint near its signing place
    (`fingerprint` is no: the place found, the page in colour, no seal over the place, no red ink
    there). Unsure (None) says nothing."""
    for i, d in _plain_no(case, [DocType.PLEDGE], "fingerprint"):
        yield finding("PLEDGE_FINGERPRINT_MISSING", f"{doc_label(d.doc_type)}（文件“{d.file}”）的承诺人签名处未见手印，"
                      "请承诺人签名并按手印后重新上传原件。", **_shown(i, d, "fingerprint", "fingerprint"))


# 001 §五(四): 提交单位人事部门负责人签字、盖章的书面证明材料.
@rule("signatures.present")
def signatures_present(case: Case, *, doc_types: list[DocType]) -> Iterator[Finding]:
    """SIGNATURE_MISSING for each document of `doc_types` (other than the pledge, judged by
    `pledge.signed`) whose signing place was found and holds no handwriting (`signed` is no)."""
    kinds = [DocType(t) for t in doc_types if DocType(t) is not DocType.PLEDGE]
    for i, d in _plain_no(case, kinds, "signed"):
        yield finding("SIGNATURE_MISSING", f"{doc_label(d.doc_type)}（文件“{d.file}”）的签字处未见手写签名，请负责人签字后重新上传。",
                      **_shown(i, d, "signed", "signature"))
