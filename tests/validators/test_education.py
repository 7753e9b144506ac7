"""education.report_valid, .verification_code, .certificate_number, .continuing, .paper_similarity,
.paper_supplement."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from preaudit.pipeline.model import Declared, DocType, Paper
from tests.validators.builders import AS_OF, codes, doc, make_case, xuexin


def _iso(days: int) -> str:
    return (AS_OF + timedelta(days=days)).isoformat()


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize(
    ("valid_until", "expired", "source"),
    [
        (_iso(-1), True, "001 §五(四): ended the day before the application date"),
        (_iso(0), False, "valid through the application date"),
        (_iso(1), False, ""),
        (None, False, "no validity printed (备案表): nothing to judge"),
    ],
)
def test_report_validity_boundary(check, valid_until, expired, source):
    case = make_case(xuexin(valid_until=valid_until))
    assert codes(check(case, "education.report_valid")) == (["EDUCATION_REPORT_EXPIRED"] if expired else []), source


def test_degree_report_is_checked_too(check):
    degree = doc(DocType.XUEXIN_DEGREE, name="张伟", degree="工学学士", valid_until=_iso(-30))
    [f] = check(make_case(degree), "education.report_valid")
    assert f.severity.value == "warning" and "学位在线验证报告" in f.message and "学信网" in f.message


# --------------------------------------------------------------------------- verification code


@pytest.mark.parametrize(
    ("document", "flagged"),
    [
        (xuexin(), False),
        (xuexin(verification_code=None), True),
        (xuexin(verification_code=""), True),
        (doc(DocType.XUEXIN_RECORD), False),  # no extractor has read it: not judged
        (doc(DocType.XUEXIN_DEGREE, name="张伟", verification_code=None), True),
    ],
)
def test_verification_code_present(check, document, flagged):
    found = check(make_case(document), "education.verification_code")
    assert codes(found) == (["EDUCATION_REPORT_NO_CODE"] if flagged else [])


# --------------------------------------------------------------------------- certificate number


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({}, []),  # 10673 1 2012 05 000123: 云南大学, 2012, 本科
        ({"certificate_number": "106731201205000124"}, []),
        ({"certificate_number": "1067312012 05000123"}, []),  # OCR space
        ({"graduation_date": "2013-07-01"}, ["year"]),
        ({"level": "专科"}, ["level_codes"]),
        ({"level": "硕士研究生"}, ["level_codes"]),
        ({"school": "昆明理工大学"}, ["school_code"]),
        ({"school": "清华大学"}, []),  # not in the policy's table: not checked
        ({"school": "昆明理工大学", "graduation_date": "2013-07-01", "level": "专科"},
         ["level_codes", "school_code", "year"]),
        ({"certificate_number": "10673120120500012"}, ["length"]),  # 17 digits
        ({"certificate_number": "10673120120500012A"}, ["length"]),
        ({"certificate_number": "106731199905000123", "graduation_date": "1999-07-01"}, []),
        ({"certificate_number": "106731199905000123", "graduation_date": "2000-07-01"}, []),  # before 2001
        ({"certificate_number": None}, []),  # unread: FIELD_UNREADABLE's business
    ],
)
def test_certificate_number_structure(check, fields, problems):
    found = check(make_case(xuexin(**fields)), "education.certificate_number")
    if not problems:
        assert found == []
        return
    [f] = found
    assert f.code == "CERTIFICATE_NUMBER_INCONSISTENT" and f.severity.value == "warning"
    if problems == ["length"]:
        assert "不是18位数字" in f.message
    else:
        assert sorted(f.evidence["expected"]) == problems


def test_certificate_number_is_never_shown_whole(check):
    [f] = check(make_case(xuexin(graduation_date="2013-07-01")), "education.certificate_number")
    text = f.message + json.dumps(f.evidence, ensure_ascii=False)
    assert "106731201205000123" not in text
    assert f.evidence["certificate_number_parts"] == {"school_code": "10673", "type": "1", "year": "2012",
                                                       "level_code": "05"}
    assert "与毕业年份2013不符" in f.message


# --------------------------------------------------------------------------- continuing education, papers


def _decl(**kw) -> Declared:
    return Declared(name="张伟", unit="平凉某工程公司", level="中级", education="本科", **kw)


def _certificate(name: str):
    return doc(DocType.QUALIFICATION_CERTIFICATE, certificate_name=name, name="张伟",
               certificate_number="JX2021-0001", issue_date="2021-11-30")


@pytest.mark.parametrize(
    ("decl_kw", "documents", "missing", "source"),
    [
        ({"continuing_education": "GS2022JX000123"}, [], False, "004 §四(四): number declared"),
        ({"continuing_education": None}, [_certificate("专业技术人员继续教育证书")], False, "certificate uploaded"),
        ({"continuing_education": ""}, [], True, "an empty cell"),
        ({}, [], True, "004 §四(四): the column left out altogether"),
        ({"continuing_education": None}, [_certificate("高级工职业资格证书")], True, "another certificate"),
    ],
)
def test_continuing_education(check_in, decl_kw, documents, missing, source):
    case = make_case(*documents, decl=_decl(**decl_kw))
    found = check_in("pingliang-2022-engineering", case, "education.continuing")
    assert codes(found) == (["CONTINUING_EDUCATION_MISSING"] if missing else []), source
    if missing:
        assert found[0].severity.value == "error" and "继续教育证书编号" in found[0].message


def test_continuing_education_without_declared_data_is_left_to_declared_present(check_in):
    assert check_in("pingliang-2022-engineering", make_case(decl=None), "education.continuing") == []


def _paper(level: str, similarity: float, supplement: bool = False, title: str | None = "A") -> Paper:
    return Paper(journal_level=level, similarity=similarity, supplement=supplement, title=title)


@pytest.mark.parametrize(
    ("paper", "flagged", "source"),
    [
        (_paper("核心", 15), False, "004 附件1 §四: 核心 15% allowed"),
        (_paper("核心", 15.1), True, "over 15%"),
        (_paper("省级", 25), False, "省级 25% allowed"),
        (_paper("省级", 25.5), True, "over 25%"),
        (_paper("省级", 16), False, "16% is fine for 省级"),
        (_paper("其他", 90), False, "no limit for the level"),
    ],
)
def test_paper_similarity(check_in, paper, flagged, source):
    case = make_case(decl=_decl(papers=(paper,)))
    found = check_in("pingliang-2022-engineering", case, "education.paper_similarity")
    assert codes(found) == (["PAPER_SIMILARITY_HIGH"] if flagged else []), source


def test_paper_similarity_message(check_in):
    case = make_case(decl=_decl(papers=(_paper("省级", 20), _paper("核心", 18.5, title="桥梁检测"))))
    [f] = check_in("pingliang-2022-engineering", case, "education.paper_similarity")
    assert "论文《桥梁检测》（核心期刊）查重率为18.5%，超过核心期刊15%的上限" in f.message
    assert f.severity.value == "warning" and f.evidence["paper"] == 2
    untitled = make_case(decl=_decl(papers=(_paper("核心", 30, title=None),)))
    [f] = check_in("pingliang-2022-engineering", untitled, "education.paper_similarity")
    assert f.message.startswith("第1篇论文（核心期刊）查重率为30%")


@pytest.mark.parametrize("papers", [None, ()], ids=["not declared", "declared none"])
def test_no_papers_no_paper_findings(check_in, papers):
    case = make_case(decl=_decl(papers=papers))
    for rule_id in ("education.paper_similarity", "education.paper_supplement"):
        assert check_in("pingliang-2022-engineering", case, rule_id) == []


@pytest.mark.parametrize(
    ("paper", "flagged", "source"),
    [
        (_paper("核心", 10, supplement=True), True, "004 附件1 §四: 核心期刊……均不含增刊"),
        (_paper("省级", 10, supplement=True), True, "省级 neither"),
        (_paper("核心", 10, supplement=False), False, "a regular issue"),
        (_paper("其他", 10, supplement=True), False, "a supplement declared as neither level"),
    ],
)
def test_paper_supplement(check_in, paper, flagged, source):
    case = make_case(decl=_decl(papers=(paper,)))
    found = check_in("pingliang-2022-engineering", case, "education.paper_supplement")
    assert codes(found) == (["PAPER_SUPPLEMENT"] if flagged else []), source
    if flagged:
        assert found[0].severity.value == "warning"
        assert f"不能按{paper.journal_level}期刊论文对待" in found[0].message
