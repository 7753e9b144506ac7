"""education.training (003 §二 Q12): an applicant whose 毕业专业 is not the one applied for shows 专业培训 of
half a year in all, a 进修结业证书 of three 主要科目, a year of study or a 市级行业主管部门's 业务培训."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import DocType
from preaudit.validators import load_policy
from tests.validators.builders import codes, declared, doc, make_case

POLICY = "kunming-guide"


def cert(file="培训证书.jpg", **kw):
    fields = {"name": "张伟", "institution": "昆明理工大学继续教育学院", "course": "建筑工程技术",
              "start_date": "2023-03-01", "end_date": "2023-08-31", "subjects": None, "hours": 240,
              "issue_date": "2023-09-10"} | kw
    return doc(DocType.TRAINING_CERTIFICATE, file=file, **fields)


def judge(check_in, *docs, major_matches=False):
    return check_in(POLICY, make_case(*docs, decl=declared(major_matches=major_matches)), "education.training")


@pytest.mark.parametrize(
    ("start", "end", "short"),
    [
        ("2023-03-01", "2023-08-31", False),  # six calendar months exactly: 半年
        ("2023-03-01", "2023-08-30", True),   # a day short
        ("2023-03-15", "2023-09-14", False),
        ("2023-03-15", "2023-09-13", True),
        ("2023-03", "2023-08", False),        # months alone: from the first day of one to the last of the other
        ("2023-03", "2023-07", True),
        ("2023-01-01", "2023-12-31", False),  # a year (院校学习) is more than half a year
    ],
)
def test_training_span_boundary(check_in, start, end, short):
    found = judge(check_in, cert(start_date=start, end_date=end))
    assert codes(found) == (["TRAINING_INSUFFICIENT"] if short else [])


@pytest.mark.parametrize(
    ("subjects", "short"),
    [
        (["作物栽培学", "植物保护学", "土壤肥料学"], False),   # 三门
        (["作物栽培学", "植物保护学"], True),                  # 两门
        (["作物栽培学", "作物栽培学", "植物保护学"], True),    # one subject twice is one
    ],
)
def test_subjects_boundary_with_a_short_span(check_in, subjects, short):
    found = judge(check_in, cert(start_date="2023-03-01", end_date="2023-05-31", subjects=subjects))
    assert codes(found) == (["TRAINING_INSUFFICIENT"] if short else [])


def test_spans_add_up_and_overlaps_count_once(check_in):
    a = cert(start_date="2023-01-01", end_date="2023-03-31", file="a.jpg")
    b = cert(start_date="2023-07-01", end_date="2023-09-30", file="b.jpg")  # 3 + 3 months apart: 累计半年
    assert judge(check_in, a, b) == []
    c = cert(start_date="2023-02-01", end_date="2023-04-30", file="c.jpg")  # overlaps a: 4 months together
    [f] = judge(check_in, a, c)
    assert f.code == "TRAINING_INSUFFICIENT" and f.evidence["training_months"] == 4.0


def test_subjects_add_up_across_certificates(check_in):
    a = cert(start_date="2023-03-01", end_date="2023-04-30", subjects=["作物栽培学", "植物保护学"], file="a.jpg")
    b = cert(start_date="2023-09-01", end_date="2023-10-31", subjects=["土壤肥料学"], file="b.jpg")
    assert judge(check_in, a, b) == []


@pytest.mark.parametrize(
    ("institution", "short"),
    [
        ("昆明市住房和城乡建设局", False),      # 市级行业主管部门统一组织的业务培训
        ("曲靖市卫生健康委员会", False),
        ("昆明市盘龙区农业农村局", True),       # a district's bureau is not 市级
        ("云南某某职业培训学校", True),
    ],
)
def test_a_city_department_s_training_counts_whatever_its_length(check_in, institution, short):
    found = judge(check_in, cert(institution=institution, start_date="2023-06-01", end_date="2023-06-10"))
    assert codes(found) == (["TRAINING_INSUFFICIENT"] if short else [])


def test_unread_term_is_a_warning_that_says_so(check_in):
    [f] = judge(check_in, cert(start_date=None, end_date=None))
    assert f.severity == "warning" and "未能识别培训（进修）起止时间" in f.message
    assert f.evidence["certificates"][0]["months"] is None


def test_the_finding_is_a_warning_citing_q12_with_the_policy_s_numbers(check_in):
    [f] = judge(check_in, cert(start_date="2023-03-01", end_date="2023-05-31", subjects=["作物栽培学"]))
    assert f.severity == "warning"
    assert "6个月以上" in f.message and "3门以上" in f.message and "12个月以上" in f.message
    assert f.evidence["subject_count"] == 1 and f.evidence["routes"]["min_subjects"] == 3
    entry = load_policy(POLICY).rule("education.training")
    assert entry.source == "003 §二 Q12"


@pytest.mark.parametrize("major_matches", [True, None])
def test_silent_unless_the_major_is_declared_unrelated(check_in, major_matches):
    assert judge(check_in, cert(start_date="2023-03-01", end_date="2023-03-31"), major_matches=major_matches) == []


def test_silent_without_declared_data_or_certificate(check_in):
    assert check_in(POLICY, make_case(cert(end_date="2023-03-31"), decl=None), "education.training") == []
    assert judge(check_in) == []  # documents.required asks for the certificate


def test_a_certificate_no_extractor_read_is_not_judged(check_in):
    assert judge(check_in, doc(DocType.TRAINING_CERTIFICATE)) == []


def test_params_bind(check_in):
    """The numbers are the policy's: a stricter one moves the boundary."""
    found = check_in(POLICY, make_case(cert(), decl=declared(major_matches=False)), "education.training",
                     min_training_months=7)
    assert codes(found) == ["TRAINING_INSUFFICIENT"]
