"""An untyped page that asks for a type's fields may be that type (extractors/resemblance.py), so a
rule that finds the type absent is unsure of it. Forms drawn here, under titles no classifier knows."""

from __future__ import annotations

from preaudit.extractors.resemblance import distinctive_labels, label_resemblance
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.model import DocType, SourceFile
from preaudit.pipeline.run import extract_documents
from tests.helpers import line, page


def grid(title: str, cells: list[tuple[str, str]], tail: list[str] = ()) -> list:
    """A two-column form: a title, label | value rows, then free lines."""
    out = [line(title, 0.35, 0.05, 0.65, 0.09)]
    y = 0.14
    for label, value in cells:
        out.append(line(label, 0.1, y, 0.3, y + 0.035))
        if value:
            out.append(line(value, 0.35, y, 0.7, y + 0.035))
        y += 0.05
    for text in tail:
        out.append(line(text, 0.1, y, 0.8, y + 0.035))
        y += 0.05
    return out


CHECK_FORM = grid("干部学历核查登记表", [
    ("姓名", "李文静"), ("性别", "女"), ("身份证号", "530102198805120028"), ("毕业院校", "云南大学"),
    ("专业名称", "汉语言文学"), ("文化程度", "大学本科"), ("毕业日期", "2010年7月"),
], ["以上信息与本人人事档案记载一致。", "人事部门负责人：王强", "出具日期：2024年8月1日"])

WAIVER = grid("健步走活动安全承诺书", [
    ("活动名称", "秋季健步走"), ("承诺人", "李文静"), ("紧急联系人", "王强"), ("联系电话", "13800000000"), ("日期", "2024年9月1日"),
])

HEALTH = grid("入职体检表", [
    ("姓名", "李文静"), ("性别", "女"), ("身高", "162"), ("体重", "55"), ("血压", "110/70"), ("体检日期", "2024年3月1日"),
])


def test_a_form_asking_for_an_education_proofs_fields_resembles_it() -> None:
    # under a title the classifier does not know, the page is `other` ...
    groups = group_pages([page(CHECK_FORM)])
    assert [g.doc_type for g in groups] == [DocType.OTHER]
    # ... and still asks for the school, major, level, graduation and the personnel head's signature
    assert "education_unit_proof" in label_resemblance([page(CHECK_FORM)])


def test_forms_of_other_kinds_resemble_none_of_ours() -> None:
    # a 承诺人 and a 日期 are two fields of the pledge, not three; a medical form shares only 姓名 and 性别
    assert "pledge" not in label_resemblance([page(WAIVER)])
    assert label_resemblance([page(HEALTH)]) == []


def test_labels_every_form_shares_tell_no_type_apart() -> None:
    generic = grid("登记表", [("姓名", "李文静"), ("性别", "女"), ("身份证号", "530102198805120028"),
                             ("出生日期", "1988-05-12"), ("联系电话", "13800000000")])
    assert label_resemblance([page(generic)]) == []
    shared = [labels for fields in distinctive_labels().values() for labels in fields.values()]
    assert not any("姓名" in labels or "身份证号" in labels for labels in shared)


def test_the_run_records_the_resemblance_on_the_untyped_document() -> None:
    sf = SourceFile(path="核查表.jpg", abs_path="/nonexistent/核查表.jpg", sha256="0" * 64, size=1, kind="image")
    documents, errors = extract_documents(sf, [page(CHECK_FORM)])
    assert not errors
    assert documents[0].doc_type is DocType.OTHER
    assert "education_unit_proof" in documents[0].meta["resembles"]
