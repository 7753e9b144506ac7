"""files.*, declared.present, documents.required and fields.required."""

from __future__ import annotations

import pytest

from preaudit.pipeline.model import DocType, FieldValue, FileRecord
from tests.validators.builders import (
    ID,
    NAME,
    codes,
    contract,
    declared,
    doc,
    full_documents,
    fv,
    id_back,
    id_front,
    make_case,
    pension,
    pledge,
    publicity,
    xuexin,
)

# --------------------------------------------------------------------------- files


def _files(*statuses):
    return [FileRecord(path=f"f{i}.jpg", sha256="0" * 64, status=s, reason="文件已损坏" if s != "processed" else "")
            for i, s in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "readable", "supported"),
    [
        (["processed", "processed"], [], []),
        (["unreadable", "processed"], ["DOC_UNREADABLE"], []),
        (["unsupported", "unreadable", "unsupported"], ["DOC_UNREADABLE"], ["DOC_UNSUPPORTED"] * 2),
    ],
)
def test_file_statuses(check, statuses, readable, supported):
    case = make_case(files=_files(*statuses))
    assert codes(check(case, "files.readable")) == readable
    assert codes(check(case, "files.supported")) == supported


def test_unreadable_file_names_the_file_and_reason(check):
    [f] = check(make_case(files=_files("unreadable")), "files.readable")
    assert "“f0.jpg”" in f.message and "文件已损坏" in f.message
    assert f.evidence["file"] == "f0.jpg"


def test_a_link_or_device_is_named_with_its_reason_not_a_format_request(check):
    link = FileRecord(path="passwd.pdf", sha256="", status="unsupported", reason="符号链接，指向输入目录之外，未读取")
    odd = FileRecord(path="说明.docx", sha256="0" * 64, status="unsupported", reason="不支持的文件类型")
    f_link, f_odd = check(make_case(files=[link, odd]), "files.supported")
    assert "符号链接" in f_link.message and "转换为" not in f_link.message
    assert "转换为 JPG" in f_odd.message


@pytest.mark.parametrize(("pages", "pages_read", "expected"), [(300, 50, ["DOC_TRUNCATED"]), (50, None, []), (3, 3, [])])
def test_a_pdf_read_only_in_part_is_reported(check, pages, pages_read, expected):
    record = FileRecord(path="长.pdf", sha256="0" * 64, status="processed", pages=pages, pages_read=pages_read)
    found = check(make_case(files=[record]), "files.truncated")
    assert codes(found) == expected
    if found:
        assert found[0].evidence == {"file": "长.pdf", "pages": 300, "pages_read": 50, "sha256": "0" * 64}
        assert "300" in found[0].message and "50" in found[0].message


# --------------------------------------------------------------------------- declared


@pytest.mark.parametrize(("decl", "expected"), [(None, ["DECLARED_DATA_MISSING"]), (declared(), [])])
def test_declared_present(check, decl, expected):
    assert codes(check(make_case(decl=decl), "declared.present")) == expected


# --------------------------------------------------------------------------- required documents


def _without(*types):
    return [d for d in full_documents() if d.doc_type.value not in types]


def test_complete_enterprise_case_has_no_missing_document(check):
    assert check(make_case(*full_documents()), "documents.required") == []


@pytest.mark.parametrize(
    ("missing", "name"),
    [
        ("id_card_front", "身份证正面（附件1）"),
        ("id_card_back", "身份证反面（附件1）"),
        ("pension_certificate", "《云南省城镇职工基本养老保险个人参保证明》（附件3）"),
        ("contract_filing", "有效期内的《劳动合同备案表》（附件3）"),
        ("publicity_form", "昆明市专业技术人员职称考核认定公示表原件（附件4）"),
        ("pledge", "职称申报承诺书原件（附件5）"),
    ],
)
def test_missing_document_is_named_in_chinese(check, missing, name):
    [f] = check(make_case(*_without(missing)), "documents.required")
    assert f.code == "DOC_MISSING"
    assert f.message == f"未上传{name}，请补充上传。"
    assert f.evidence["document"] == missing


@pytest.mark.parametrize(
    ("unit_type", "expected_type"),
    [
        ("企业", "enterprise"),
        ("非公经济组织", "enterprise"),
        ("民营企业", "enterprise"),
        ("国有企业", "enterprise"),
        ("事业单位", "public_institution"),
        ("全额拨款事业单位", "public_institution"),
        (None, "enterprise"),
        ("其他", "enterprise"),
    ],
)
def test_unit_type_selects_the_required_list(check, unit_type, expected_type):
    findings = check(make_case(decl=declared(unit_type=unit_type)), "documents.required")
    missing = {f.evidence["document"] for f in findings}
    assert {f.evidence["unit_type"] for f in findings} == {expected_type}
    if expected_type == "public_institution":
        assert "employment_notice" in missing and "pension_certificate" not in missing
    else:
        assert {"pension_certificate", "contract_filing"} <= missing and "employment_notice" not in missing


def test_public_institution_does_not_need_insurance_or_contract(check):
    docs = _without("pension_certificate", "contract_filing") + [doc(DocType.EMPLOYMENT_NOTICE), doc(DocType.SALARY_APPROVAL)]
    case = make_case(*docs, decl=declared(unit_type="事业单位"))
    assert check(case, "documents.required") == []


@pytest.mark.parametrize(("present", "missing"), [
    ((DocType.EMPLOYMENT_NOTICE,), "salary_approval"),
    ((DocType.SALARY_APPROVAL,), "employment_notice"),
])
def test_public_institution_needs_both_notice_and_salary_approval(check, present, missing):
    """001 §五(五)1: 事业单位提供《事业单位聘用通知书》及《事业单位人员正常晋升工资审批表》: both, named as the notice does."""
    docs = _without("pension_certificate", "contract_filing") + [doc(t) for t in present]
    [f] = check(make_case(*docs, decl=declared(unit_type="事业单位")), "documents.required")
    assert f.code == "DOC_MISSING" and f.evidence["document"] == missing
    if missing == "salary_approval":
        assert f.message == "未上传《事业单位人员正常晋升工资审批表》（附件3），请补充上传。"


def test_an_enterprise_needs_no_salary_approval(check):
    assert check(make_case(*_without()), "documents.required") == []


def test_without_declared_data_the_default_unit_type_applies(check):
    findings = check(make_case(*_without("contract_filing"), decl=None), "documents.required")
    assert codes(findings) == ["DOC_MISSING"]


def test_required_list_is_data(check):
    # A batch without 公示表/承诺书 can run under a policy that does not require them.
    lists = {"enterprise": ["id_card_front", "id_card_back", "pension_certificate", "contract_filing"]}
    case = make_case(*_without("publicity_form", "pledge", "xuexin_record"))
    assert check(case, "documents.required", required_documents=lists) == []


# --------------------------------------------------------------------------- required fields


def test_complete_fields_are_fine(check):
    assert check(make_case(*full_documents()), "fields.required") == []


@pytest.mark.parametrize(
    ("confidence", "reported"),
    [(0.79, True), (0.80, False), (0.99, False)],
)
def test_low_confidence_boundary(check, confidence, reported):
    case = make_case(id_front(name=fv("张伟", confidence)))
    findings = check(case, "fields.required")
    assert codes(findings) == (["FIELD_UNREADABLE"] if reported else [])


@pytest.mark.parametrize(
    ("certainty", "reported"),
    [("certain", False), ("unsure", True), (None, True)],
)
def test_a_low_confidence_reading_the_others_confirm_is_not_unreadable(check, certainty, reported):
    """Below min_confidence, a value the certainty step found certain (it agrees with the other
    documents) stands; an unsure one, or one never weighed, is still asked for again."""
    low = fv("张伟", 0.73).model_copy(update={"certainty": certainty})
    findings = check(make_case(id_front(name=low)), "fields.required")
    assert codes(findings) == (["FIELD_UNREADABLE"] if reported else [])


def test_a_low_confidence_reading_agreeing_with_the_rest_is_certain_and_passes(check):
    """End to end through the certainty step: the contract filing's 乙方姓名 read at 0.73 agrees with
    the ID card and the declared name, so it is certain and nothing is asked again."""
    from preaudit.pipeline.values.certainty import assess_case  # noqa: PLC0415

    low = FieldValue(value=NAME, confidence=0.73, source="ocr")
    case = assess_case(make_case(id_front(), contract(employee_name=low)))
    assert case.documents[1].fields["employee_name"].certainty == "certain"
    assert check(case, "fields.required") == []
    alone = assess_case(make_case(contract(employee_name=low), decl=None))  # nothing to agree with: unsure, asked again
    assert codes(check(alone, "fields.required")) == ["FIELD_UNREADABLE"]


@pytest.mark.parametrize("value", [None, "", []])
def test_missing_value_is_unreadable(check, value):
    case = make_case(pension(months=value))
    [f] = check(case, "fields.required")
    assert f.evidence["field"] == "months"
    assert f.evidence["found"] is False
    assert "缴费明细" in f.message and "无法识别" in f.message


def test_absent_field_key_is_unreadable(check):
    case = make_case(doc(DocType.ID_CARD_BACK, issuing_authority="昆明市公安局"))
    [f] = check(case, "fields.required")
    assert f.evidence == {"document": "id_card_back", "file": "id_card_back.jpg", "page": 1,
                          "field": "valid_until", "found": False, "confidence": 0.0,
                          "min_confidence": 0.8, "value": None}
    assert f.message == "身份证反面（文件“id_card_back.jpg”）中的“有效期截止日期”无法识别，请重新上传清晰、完整的材料。"


def test_low_confidence_id_number_is_masked_in_evidence(check):
    case = make_case(contract(employee_id_number=fv(ID, 0.5)))
    [f] = check(case, "fields.required")
    assert f.evidence["value"] == ID[:6] + "********" + ID[-4:]
    assert "识别不清" in f.message


def test_documents_without_required_fields_are_not_checked(check):
    case = make_case(doc(DocType.OTHER), doc(DocType.PHOTO), id_back())
    assert check(case, "fields.required") == []


def test_each_unreadable_field_is_its_own_finding(check):
    case = make_case(contract(employer=None, employee_name=fv("张伟", 0.3)))
    assert sorted(f.evidence["field"] for f in check(case, "fields.required")) == ["employee_name", "employer"]


def test_a_document_no_extractor_has_read_is_not_checked(check):
    # A type whose extractor is not there yet yields a document without fields: nothing to judge.
    assert check(make_case(doc(DocType.XUEXIN_RECORD), doc(DocType.PUBLICITY_FORM)), "fields.required") == []
    case = make_case(doc(DocType.XUEXIN_RECORD, name="张伟"))
    assert sorted(f.evidence["field"] for f in check(case, "fields.required")) == [
        "certificate_number", "graduation_date"]


# --------------------------------------------------------------------------- unit types (001 §五(五))


@pytest.mark.parametrize(
    ("unit_type", "expected_type", "needs_contract"),
    [
        ("劳务派遣", "dispatched", True),  # §五(五)2(3)
        ("企业（劳务派遣）", "dispatched", True),
        ("事业单位派遣制", "dispatched", True),  # 003 §二 Q14(1)
        ("单位法人", "legal_representative", False),  # §五(五)2(4)
        ("法定代表人", "legal_representative", False),
    ],
)
def test_dispatched_and_legal_representative(check, unit_type, expected_type, needs_contract):
    findings = check(make_case(decl=declared(unit_type=unit_type)), "documents.required")
    missing = {f.evidence["document"] for f in findings}
    assert {f.evidence["unit_type"] for f in findings} == {expected_type}
    assert "pension_certificate" in missing
    assert ("contract_filing" in missing) is needs_contract


def test_legal_representative_without_contract_is_complete(check):
    docs = _without("contract_filing")
    assert check(make_case(*docs, decl=declared(unit_type="单位法人")), "documents.required") == []


@pytest.mark.parametrize(
    ("series", "specialty", "has_certificate", "missing"),
    [
        ("中小学教师", "小学语文", False, True),  # 001 §五(八): 教师、司法、公证 need the licence
        ("律师", "律师", False, True),
        ("公证员", "公证", False, True),
        ("档案", "档案管理", False, True),  # 档案系列: 岗位基础知识培训结业证书
        ("中小学教师", "小学语文", True, False),
        ("工程", "计算机应用", False, False),
    ],
)
def test_qualification_certificate_for_regulated_professions(check, series, specialty, has_certificate, missing):
    docs = [doc(DocType.QUALIFICATION_CERTIFICATE, certificate_name="教师资格证")] if has_certificate else []
    found = check(make_case(*docs, decl=declared(series=series, specialty=specialty)), "documents.qualification")
    assert codes(found) == (["DOC_MISSING"] if missing else [])
    if missing:
        assert "职业准入（执业资格）证书原件（附件6）" in found[0].message


# --------------------------------------------------------------------------- 主要工作业绩 (001 §五(一))


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("业" * 400, False),
        ("业" * 399, True),
        ("业" * 399 + "\n \t", True),  # whitespace does not count
        ("业" * 398 + "。，", False),  # punctuation counts
        (None, False),  # not supplied: not judged
        ("", False),
    ],
)
def test_work_summary_length(check, text, short):
    found = check(make_case(decl=declared(work_summary=text)), "declared.work_summary")
    assert codes(found) == (["WORK_SUMMARY_SHORT"] if short else [])
    if short:
        assert found[0].severity.value == "error" and "不足400字" in found[0].message


# --------------------------------------------------------------------------- photo (003 Q23(2))


def _photo(size: int = 20 * 1024, *, width=358, height=441, fmt="jpeg", name=None, fields=True, level="副高级"):
    """A photo of an applicant to a 省级评委会 (a 高级 title: 003 Q23(2) binds only them)."""
    file = name or f"{ID}张伟.jpg"
    fields_kw = dict(width=width, height=height, format=fmt, file_name=file) if fields else {}
    document = doc(DocType.PHOTO, file=file, **fields_kw)
    files = [FileRecord(path=file, sha256="0" * 64, status="processed", pages=1, size=size)]
    return make_case(id_front(), document, files=files, decl=declared(level=level))


@pytest.mark.parametrize(
    ("kw", "problem", "source"),
    [
        ({}, None, "003 §二 Q23(2): a good photo"),
        ({"size": 10 * 1024}, None, "10 KB exactly"),
        ({"size": 10 * 1024 - 1}, "文件大小", "just under 10 KB"),
        ({"size": 30 * 1024}, None, "30 KB exactly"),
        ({"size": 30 * 1024 + 1}, "文件大小", "just over 30 KB"),
        ({"width": 295, "height": 413}, None, "the standard 1-inch size"),
        ({"width": 294, "height": 413}, "像素", "one pixel narrower"),
        ({"width": 295, "height": 412}, "像素", "one pixel shorter"),
        ({"fmt": "png"}, "格式", "PNG"),
        ({"fmt": "JPG"}, None, "JPG"),
        ({"name": "证件照.jpg"}, "文件名", "not named 身份证+姓名"),
        ({"name": f"{ID}.jpg"}, "文件名", "the name is missing"),
        ({"name": f"{ID}张伟.JPG"}, None, ""),
    ],
)
def test_photo_spec(check_in, kw, problem, source):
    found = check_in("kunming-guide", _photo(**kw), "photo.spec")
    if problem is None:
        assert found == [], source
    else:
        [f] = found
        assert f.code == "PHOTO_SPEC" and problem in f.message, source


def test_photo_message_never_shows_the_full_id(check_in):
    [f] = check_in("kunming-guide", _photo(size=5000, name=f"{ID}李四.jpg"), "photo.spec")
    assert ID not in f.message + str(f.evidence)
    assert ID[:6] + "********" + ID[-4:] in f.message
    assert "文件大小为4.9KB" in f.message and "文件名" in f.message


@pytest.mark.parametrize(
    ("level", "judged"),
    [("副高级", True), ("正高级", True), ("高级", True), ("高级工程师", True),
     ("中级", False), ("助理级", False), ("员级", False), (None, True), ("其他", True)],
)
def test_the_photo_specification_binds_applicants_to_a_provincial_committee(check_in, level, judged):
    found = check_in("kunming-guide", _photo(size=5000, level=level), "photo.spec")
    assert [f.code for f in found] == (["PHOTO_SPEC"] if judged else [])


def test_a_photo_without_fields_is_not_judged(check_in):
    assert check_in("kunming-guide", _photo(size=5000, fields=False), "photo.spec") == []


def _graded(policy, case, code):
    from preaudit.validators import run_rules

    found, errors = run_rules(case, policy)
    assert not errors
    return [f for f in found if f.code == code]


def test_missing_document_is_unsure_when_an_untyped_page_shows_its_words(policy):
    """Another city's filing whose title we do not know is typed `other`; its words still say
    what it may be, so its absence is a warning with the file named, never an error."""
    untyped = doc(DocType.OTHER, file="备案.jpg").model_copy(update={"meta": {"resembles": ["contract_filing"]}})
    [f] = _graded(policy, make_case(*_without("contract_filing"), untyped), "DOC_MISSING")
    assert f.code == "DOC_MISSING" and f.severity.value == "warning"
    assert f.evidence["possibly_in"] == ["备案.jpg"]


def test_missing_document_stays_an_error_beside_an_unrelated_page(policy):
    unrelated = doc(DocType.OTHER, file="x.jpg").model_copy(update={"meta": {"resembles": ["pledge"]}})
    [f] = _graded(policy, make_case(*_without("contract_filing"), unrelated), "DOC_MISSING")
    assert f.severity.value == "error" and "possibly_in" not in f.evidence


# --------------------------------------------------------------------------- any-of groups (001 §五(四))

EDUCATION_PROOFS = ("xuexin_record", "education_unit_proof", "foreign_degree_certification")
PANLONG_NAMES = ("《教育部学历证书电子注册备案表》（附件2）",
                 "单位人事部门负责人签字、盖章的学历书面证明材料（附件2，学历无法网上查询核实的）",
                 "国(境)外学历学位认证书（附件2，国(境)外高校毕业生）")


def _unit_proof(**kw):
    fields = {"name": "张伟", "school": "云南大学", "level": "本科", "graduation_date": "2000-07-01"} | kw
    return doc(DocType.EDUCATION_UNIT_PROOF, **fields)


@pytest.mark.parametrize("member", EDUCATION_PROOFS)
def test_any_member_of_the_education_group_meets_it(check, member):
    case = make_case(*_without("xuexin_record"), doc(member))
    assert check(case, "documents.required") == []


@pytest.mark.parametrize("unit_type", ["非公经济组织", "事业单位", "劳务派遣", "法定代表人"])
def test_the_group_stands_in_every_unit_type_list(check, unit_type):
    # the dispatch agreement: what the 劳务派遣 list adds (001 §五(五)2(3), tests/validators/test_dispatch.py)
    case = make_case(*_without("xuexin_record"), _unit_proof(), doc(DocType.EMPLOYMENT_NOTICE),
                     doc(DocType.SALARY_APPROVAL), doc(DocType.DISPATCH_AGREEMENT), decl=declared(unit_type=unit_type))
    assert check(case, "documents.required") == []


def test_none_of_the_group_names_every_alternative(check):
    [f] = check(make_case(*_without("xuexin_record")), "documents.required")
    assert f.code == "DOC_MISSING"
    assert f.message == f"未上传{'或'.join(PANLONG_NAMES)}，请补充上传其中一种。"
    assert f.evidence["document"] == "xuexin_record"
    assert f.evidence["alternatives"] == [
        {"document": t, "document_name": n, "status": "accepted"} for t, n in zip(EDUCATION_PROOFS, PANLONG_NAMES)]
    assert "not_online" not in f.evidence


@pytest.mark.parametrize("education", ["高级工班", "技工院校中级工班", "预备技师班"])
def test_a_technical_school_graduate_is_asked_for_the_unit_s_certificate(check, education):
    [f] = check(make_case(*_without("xuexin_record"), decl=declared(education=education)), "documents.required")
    assert f.code == "DOC_MISSING"
    assert f"申报学历为“{education}”" in f.message and "可能无法出具" in f.message
    assert f"请改为上传{PANLONG_NAMES[1]}；亦可上传{PANLONG_NAMES[2]}。" in f.message
    assert [a["status"] for a in f.evidence["alternatives"]] == ["may_not_exist", "asked", "accepted"]
    assert f.evidence["not_online"]["reason"] == "education"


@pytest.mark.parametrize(
    ("graduated", "not_online"),
    [("2000-12-31", True), ("2000-07", True), ("2001-01-01", False), ("2012-07-01", False)],
)
def test_a_declared_graduation_before_2001_says_the_record_may_not_exist(check, graduated, not_online):
    decl = declared(graduation_date=_first_day(graduated))
    [f] = check(make_case(*_without("xuexin_record"), decl=decl), "documents.required")
    assert ("可能无法出具" in f.message) is not_online
    if not_online:
        assert f.evidence["not_online"] == {"reason": "graduated_before", "graduation_year": 2000,
                                            "graduation_source": "declared", "graduated_before": 2001}
        assert "毕业时间为2000年（申报信息）" in f.message and "2001年" in f.message
    else:
        assert "not_online" not in f.evidence


def _first_day(text: str):
    from datetime import date

    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def test_a_graduation_read_from_another_document_counts(check):
    degree = doc(DocType.XUEXIN_DEGREE, name="张伟", award_date="1999-06-30")
    [f] = check(make_case(*_without("xuexin_record"), degree), "documents.required")
    assert f.evidence["not_online"]["graduation_source"] == "xuexin_degree"
    assert "学位在线验证报告" in f.message and "1999年" in f.message


def test_a_missing_proof_stays_an_error_when_the_record_may_not_exist(policy):
    from preaudit.pipeline.model import Severity
    from preaudit.validators import run_rules

    case = make_case(*_without("xuexin_record"), decl=declared(education="高级工班"))
    missing = [f for f in run_rules(case, policy)[0] if f.code == "DOC_MISSING"]
    assert [f.severity for f in missing] == [Severity.ERROR]


def test_an_untyped_page_resembling_a_member_makes_the_absence_unsure(check):
    other = doc(DocType.OTHER, file="证明.pdf").model_copy(update={"meta": {"resembles": ["education_unit_proof"]}})
    [f] = check(make_case(*_without("xuexin_record"), other), "documents.required")
    assert f.evidence["possibly_in"] == ["证明.pdf"] and f.unsure


@pytest.mark.parametrize("policy_id", ["kunming-panlong-2024q3", "kunming-guide", "qujing-2023",
                                       "pingliang-2022-engineering"])
def test_every_built_in_policy_takes_the_alternatives(check_in, policy_id):
    case = make_case(*_without("xuexin_record"), _unit_proof(), doc(DocType.EMPLOYMENT_NOTICE))
    assert not [f for f in check_in(policy_id, case, "documents.required")
                if f.evidence["document"] in EDUCATION_PROOFS]
    case = make_case(*_without("xuexin_record"), doc(DocType.FOREIGN_DEGREE_CERTIFICATION))
    assert not [f for f in check_in(policy_id, case, "documents.required")
                if f.evidence["document"] in EDUCATION_PROOFS]


@pytest.mark.parametrize(
    ("backdrop", "problem", "source"),
    [
        ({"colour": "蓝", "plain": 0.97, "bgr": [219, 142, 67]}, None, "003 Q23(2): 蓝底"),
        ({"colour": "白", "plain": 0.97, "bgr": [246, 246, 244]}, "底色为白色，须为蓝底", "a white backdrop"),
        ({"colour": "红", "plain": 0.75, "bgr": [38, 28, 200]}, "底色为红色", "red, plain at the bound"),
        ({"colour": "红", "plain": 0.74, "bgr": [38, 28, 200]}, None, "red, but the backdrop not plain enough to say"),
        ({"colour": None, "plain": 0.97, "bgr": [200, 190, 170]}, None, "a colour between the names: unsure, silent"),
        (None, None, "no backdrop fact (no pixels)"),
    ],
)
def test_photo_backdrop_colour(check_in, backdrop, problem, source):
    case = _photo()
    photo = case.documents[1]
    case.documents[1] = photo.model_copy(update={"meta": {**photo.meta, "backdrop": backdrop}})
    found = check_in("kunming-guide", case, "photo.spec")
    if problem is None:
        assert found == [], source
    else:
        [f] = found
        assert f.code == "PHOTO_SPEC" and problem in f.message, source
        assert f.evidence["backdrop"]["colour"] == backdrop["colour"]


# --------------------------------------------------------------------------- the degree a level rests on (003 Q18(2), Q20(2))


@pytest.mark.parametrize(
    ("education", "extra", "missing"),
    [
        ("硕士研究生", None, True),                   # Q18(2): 硕士学位 -> 助理级 directly: the degree is owed
        ("博士研究生", None, True),                   # 博士学位 -> 中级
        ("双学士", None, True),
        ("硕士研究生", DocType.XUEXIN_DEGREE, False),
        ("硕士研究生", DocType.FOREIGN_DEGREE_CERTIFICATION, False),  # a foreign degree's certification
        ("本科", None, False),                         # 本科学历或学士学位 -> 员级: the 学历 suffices
        ("大专", None, False),
        (None, None, False),
    ],
)
def test_a_degree_route_needs_the_degree_s_proof(check_in, education, extra, missing):
    docs = [id_front(), id_back(), xuexin(), publicity(), pledge()] + ([doc(extra)] if extra else [])
    found = check_in("kunming-guide", make_case(*docs, decl=declared(education=education)), "documents.required")
    assert codes(found) == (["DOC_MISSING"] if missing else [])
    if missing:
        [f] = found
        assert f.evidence["document"] == "xuexin_degree" and f.evidence["condition"]["when"] == "degree_route"
        assert "学信网学位在线验证报告或国(境)外学历学位认证书" in f.message and education in f.message
        assert [a["document"] for a in f.evidence["alternatives"]] == ["xuexin_degree", "foreign_degree_certification"]


def test_panlong_owes_no_degree_proof():
    """001 asks for the 学历 proof only; the degree condition is the guide's (003 Q18(2), Q20(2))."""
    from preaudit.validators import load_policy  # noqa: PLC0415

    entries = [e for lst in load_policy("kunming-panlong-2024q3").params_for("documents.required")["required_documents"].values()
               for e in lst]
    assert not any(getattr(e, "when", None) == "degree_route" for e in entries)


# --------------------------------------------------------------------------- 专业不符: the training certificate (003 Q12)


@pytest.mark.parametrize(
    ("major_matches", "unit_type", "present", "missing"),
    [
        (False, "非公经济组织", False, True),    # 专业对口 否: Q12's certificate is owed
        (False, "非公经济组织", True, False),
        (False, "事业单位", False, True),        # every unit type
        (False, "劳务派遣", False, True),
        (True, "非公经济组织", False, False),    # 专业对口 是
        (None, "非公经济组织", False, False),    # not declared: not 否
    ],
)
def test_an_unrelated_major_needs_the_training_certificate(check_in, major_matches, unit_type, present, missing):
    docs = [id_front(), id_back(), xuexin(), publicity(), pledge(), doc(DocType.EMPLOYMENT_NOTICE)]
    if present:
        docs.append(doc(DocType.TRAINING_CERTIFICATE, start_date="2023-03-01"))
    decl = declared(major_matches=major_matches, unit_type=unit_type)
    found = [f for f in check_in("kunming-guide", make_case(*docs, decl=decl), "documents.required")
             if f.evidence["document"] == "training_certificate"]
    assert codes(found) == (["DOC_MISSING"] if missing else [])
    if missing:
        [f] = found
        assert f.severity == "error" and f.evidence["condition"] == {
            "when": "major_mismatch", "major_matches": "否", "why": f.evidence["condition"]["why"]}
        assert "专业对口为“否”" in f.message and "进修" in f.message


def test_an_unrelated_major_without_declared_data_owes_nothing_more(check_in):
    found = check_in("kunming-guide", make_case(id_front(), id_back(), xuexin(), publicity(), pledge(), decl=None),
                     "documents.required")
    assert not [f for f in found if f.evidence["document"] == "training_certificate"]


def test_panlong_owes_no_training_certificate():
    """001 §二(五) adds a year for an unrelated major instead; the certificate is the guide's (003 Q12)."""
    from preaudit.validators import load_policy  # noqa: PLC0415

    entries = [e for lst in load_policy("kunming-panlong-2024q3").params_for("documents.required")["required_documents"].values()
               for e in lst]
    assert not any(getattr(e, "when", None) == "major_mismatch" for e in entries)


def test_every_condition_the_policy_may_name_has_its_check() -> None:
    from typing import get_args

    from preaudit.validators.attachments import Condition
    from preaudit.validators.rules.documents import _CONDITIONS

    assert set(get_args(Condition)) == set(_CONDITIONS)


def test_a_roster_without_the_applicant_asks_for_a_look_once(check):
    """A 备案花名册 none of whose rows is the applicant's keeps its person's fields empty
    (pipeline/run.py resolve_rosters): one warning saying the applicant is not on the roster, not one
    unreadable field each asking for a clearer copy."""
    rows = [{"name": "胡思远", "id_number": "530112199601093499", "start_date": "2023-04-01", "end_date": "2025-03-31"},
            {"name": "林晖", "id_number": "530111199712092118", "start_date": "2023-04-16", "end_date": None}]
    empty = {k: FieldValue() for k in ("employee_name", "employee_id_number", "start_date", "end_date", "open_ended", "sign_date")}
    roster = contract(employees=fv(rows), **empty)
    findings = check(make_case(roster), "fields.required")
    assert codes(findings) == ["FIELD_UNREADABLE"]
    assert findings[0].severity == "warning"
    assert "花名册" in findings[0].message and "人工核对" in findings[0].message and NAME in findings[0].message
    assert findings[0].evidence["reason"] == "applicant_not_on_roster"
    assert findings[0].evidence["fields"] == ["employee_name", "employee_id_number", "start_date"]


def test_a_roster_row_found_by_name_with_its_number_unreadable_asks_for_that_value(check):
    """The applicant's row found by the name (a hand register, the number read 5301021990010| 577X):
    the row is there, so the finding is that its number is unreadable, not that the applicant is
    missing from the roster."""
    rows = [{"name": NAME, "id_number": None, "start_date": "2023-05-01", "end_date": "2026-04-30"},
            {"name": "马萍", "id_number": "530111198601262765", "start_date": "2023-04-21", "end_date": "2026-04-20"}]
    found = {"employee_name": fv(NAME), "employee_id_number": FieldValue(), "start_date": fv("2023-05-01"),
             "end_date": fv("2026-04-30"), "open_ended": fv(False), "sign_date": fv("2023-04-26")}
    findings = check(make_case(contract(employees=fv(rows), **found)), "fields.required")
    assert codes(findings) == ["FIELD_UNREADABLE"]
    assert findings[0].evidence["field"] == "employee_id_number" and "reason" not in findings[0].evidence
    assert "花名册" not in findings[0].message
