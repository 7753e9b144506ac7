"""publicity.content, publicity.content_unread, publicity.education (003 §一(三)1: the publicity lists
the applicant's 学历、资历条件及学术、业绩成果), under the guide (kunming-guide)."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import BBox, DocType, FieldValue
from preaudit.validators import load_policy
from preaudit.validators.registry import run_rules
from tests.validators.builders import codes, declared, doc, make_case, publicity

GUIDE = "kunming-guide"
LISTED = {"education": "本科", "school_major": "云南大学 计算机科学与技术", "current_title": None, "title_date": None,
          "years_worked": None, "started_work": "2021-07", "achievements": "参与单位信息系统建设，负责数据库维护。"}
ABSENT = FieldValue()  # the extractor ran; nothing of the part is on the form


def _label(text: str) -> FieldValue:
    """A part's label printed over an empty or unreadable cell, as the extractor gives it."""
    return FieldValue(value=None, raw=text, bbox=BBox(x0=0.1, y0=0.3, x1=0.2, y1=0.32), page=1, source="ocr")


def _form(**kw):
    fields = {k: (v if isinstance(v, FieldValue) else FieldValue(value=v, confidence=0.99) if v is not None else ABSENT)
              for k, v in (LISTED | kw).items()}
    return publicity(**fields)


def test_a_form_listing_all_three_parts_is_complete(check_in):
    case = make_case(_form())
    assert check_in(GUIDE, case, "publicity.content") == []
    assert check_in(GUIDE, case, "publicity.content_unread") == []


@pytest.mark.parametrize(("gone", "part"), [
    (("education", "school_major"), "学历"),
    (("started_work",), "资历"),
    (("achievements",), "业绩成果"),
])
def test_a_part_absent_from_the_form_is_a_warning_that_names_it(check_in, gone, part):
    case = make_case(_form(**{k: None for k in gone}))
    [f] = check_in(GUIDE, case, "publicity.content")
    assert f.code == "PUBLICITY_CONTENT_INCOMPLETE" and f.severity.value == "warning"
    assert f.evidence["missing_parts"] == [part] and part not in f.evidence["listed_parts"]
    assert f.message.count(part) >= 1 and "人工核对" in f.message
    assert f.documents == [0]  # the form is the evidence


def test_one_value_of_a_part_is_enough(check_in):
    # 资历 by 现职称 alone, 学历 by 毕业院校及专业 alone
    case = make_case(_form(started_work=None, education=None, current_title="助理工程师"))
    assert check_in(GUIDE, case, "publicity.content") == []


def test_several_parts_absent_are_named_in_one_finding(check_in):
    case = make_case(_form(education=None, school_major=None, achievements=None))
    [f] = check_in(GUIDE, case, "publicity.content")
    assert f.evidence["missing_parts"] == ["学历", "业绩成果"] and f.evidence["listed_parts"] == ["资历"]


def test_a_printed_label_over_an_unread_value_is_no_missing_part_but_an_info(check_in):
    case = make_case(_form(started_work=_label("参加工作时间"), achievements=_label("主要工作业绩")))
    assert check_in(GUIDE, case, "publicity.content") == []
    [f] = check_in(GUIDE, case, "publicity.content_unread")
    assert f.code == "PUBLICITY_CONTENT_UNREAD" and f.severity.value == "info"
    assert f.evidence["unread_parts"] == ["资历", "业绩成果"]
    assert f.evidence["labels"] == ["参加工作时间", "主要工作业绩"]


def test_a_form_not_read_at_all_or_of_an_older_reader_is_not_judged(check_in):
    blank = doc(DocType.PUBLICITY_FORM, **{k: ABSENT for k in ("name", "unit", "publicity_start", *LISTED)})
    old = publicity()  # the fields of a reader that did not read the listing
    for d in (blank, old):
        case = make_case(d)
        assert check_in(GUIDE, case, "publicity.content") == []
        assert check_in(GUIDE, case, "publicity.content_unread") == []


def test_the_guide_runs_the_checks_at_their_grades():
    policy = load_policy(GUIDE)
    grades = {r.id: r.severity for r in policy.rules}
    assert grades["publicity.content"] == "warning"
    assert grades["publicity.content_unread"] == "info"
    assert grades["publicity.education"] == "warning"
    assert policy.rule("publicity.content").source == "003 §一(三)1"


# --------------------------------------------------------------------------- listed 学历 vs declared

def _edu(value: str, certainty: str = "certain") -> FieldValue:
    return FieldValue(value=value, confidence=0.99, source="ocr", certainty=certainty)


@pytest.mark.parametrize(("listed", "declared_education", "mismatch"), [
    ("本科", "本科", False),
    ("大学本科", "本科", False),
    ("硕士研究生", "硕士", False),
    ("研究生（硕士）", "硕士研究生", False),
    ("专科", "大专", False),
    ("大专", "本科", True),
    ("本科", "硕士研究生", True),
    ("详见附件", "本科", False),  # names no level: nothing compared
])
def test_listed_education_against_the_declared_one(check_in, listed, declared_education, mismatch):
    case = make_case(_form(education=_edu(listed)), decl=declared(education=declared_education))
    found = check_in(GUIDE, case, "publicity.education")
    assert codes(found) == (["PUBLICITY_EDUCATION_MISMATCH"] if mismatch else [])
    if mismatch:
        [f] = found
        assert f.severity.value == "warning" and f.evidence["education"] == listed
        assert f.evidence["declared_education"] == declared_education


def test_an_unsure_reading_of_the_listed_education_is_not_compared(check_in):
    case = make_case(_form(education=_edu("大专", certainty="unsure")), decl=declared(education="本科"))
    assert check_in(GUIDE, case, "publicity.education") == []
    no_declared = make_case(_form(education=_edu("大专")), decl=None)
    assert check_in(GUIDE, no_declared, "publicity.education") == []


def test_the_whole_guide_on_a_text_layer_form():
    """Through run_rules: the certainty step calls a text-layer 学历 certain, so a different level is
    a warning; the complete form gives no content finding."""
    form = _form(education=FieldValue(value="大专", confidence=1.0, source="pdf_text"))
    case = make_case(form, decl=declared(education="本科"))
    findings, errors = run_rules(case, load_policy(GUIDE))
    assert not errors
    got = {f.code: f.severity.value for f in findings if f.code.startswith("PUBLICITY_")}
    assert got.get("PUBLICITY_EDUCATION_MISMATCH") == "warning"
    assert "PUBLICITY_CONTENT_INCOMPLETE" not in got and "PUBLICITY_CONTENT_UNREAD" not in got
