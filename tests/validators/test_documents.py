"""files.*, declared.present, documents.required and fields.required."""

from __future__ import annotations

import pytest

from pipeline.model import DocType, FileRecord
from tests.validators.builders import (
    ID,
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
    docs = _without("pension_certificate", "contract_filing") + [doc(DocType.EMPLOYMENT_NOTICE)]
    case = make_case(*docs, decl=declared(unit_type="事业单位"))
    assert check(case, "documents.required") == []


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
