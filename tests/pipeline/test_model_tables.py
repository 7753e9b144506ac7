"""Typed tables and dates at the model boundary (issue 14): a pension certificate's months are read
into `PensionRow`s and a date field into a date by the model, so that no rule checks keys, types or
ISO strings again; report.json keeps the dicts and strings it always had."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from preaudit.pipeline.model import Document, DocType, FieldValue, PensionRow, Report, as_date, doc_type_name
from tests.pipeline.report.report_builders import build_report

ROW = {"month": "2024-03", "employer": "昆明云岭科技有限公司", "region": "昆明市", "base": 3800.0, "status": "paid"}


def _pension(months: object, **fields: object) -> Document:
    values = {"months": FieldValue(value=months)} | {k: FieldValue(value=v) for k, v in fields.items()}
    return Document(file="社保.pdf", page=1, doc_type=DocType.PENSION_CERTIFICATE, fields=values)


def test_a_pension_row_reads_the_dict_report_json_holds_and_writes_it_back():
    row = PensionRow.from_json(ROW)
    assert row == PensionRow(month="2024-03", employer="昆明云岭科技有限公司", region="昆明市", base=3800.0, status="paid")
    assert row.paid and row.month_index == 2024 * 12 + 2
    assert row.to_json() == ROW and list(row.to_json()) == list(ROW)  # the same keys, in the same order


@pytest.mark.parametrize(("given", "month"), [("202403", "2024-03"), ("2024年3月", "2024-03"), ("2024.3", "2024-03")])
def test_a_row_s_month_is_a_year_month(given, month):
    assert PensionRow.from_json(ROW | {"month": given}).month == month
    assert PensionRow(month=given).month == month


def test_a_row_without_a_month_is_no_row_and_a_value_of_the_wrong_type_reads_as_unknown():
    assert PensionRow.from_json(ROW | {"month": None}) is None
    assert PensionRow.from_json(ROW | {"month": "三月"}) is None
    assert PensionRow.from_json("2024-03") is None
    odd = PensionRow.from_json({"month": "2024-03", "employer": 12, "region": [], "base": "3800", "status": "已到账"})
    assert odd == PensionRow(month="2024-03")
    assert not odd.paid
    with pytest.raises(ValidationError):
        PensionRow(month="2024-13")


def test_document_tables_give_typed_rows():
    doc = _pension([ROW, ROW | {"month": "2024-04", "status": "unpaid"}, {"month": ""}, "junk"])
    rows = doc.table("months")
    assert [(r.month, r.status) for r in rows] == [("2024-03", "paid"), ("2024-04", "unpaid")]
    assert doc.tables == {"months": rows}
    # report.json is what it was: the field's value stays the dicts
    assert doc.to_json()["fields"]["months"]["value"][0] == ROW
    # a copy with another value reads that value
    other = doc.fields["months"].model_copy(update={"value": [ROW | {"month": "2023-12"}]})
    assert [r.month for r in other.rows()] == ["2023-12"]


def test_a_document_without_a_table_has_none():
    doc = Document(file="a.pdf", page=1, doc_type=DocType.ID_CARD_FRONT, fields={"name": FieldValue(value="张伟")})
    assert doc.tables == {} and doc.table("months") == ()
    assert _pension(None).table("months") == () and _pension("2024-03").table("months") == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-08-15", date(2024, 8, 15)),
        (" 2024-08-15 ", date(2024, 8, 15)),
        ("20240815", date(2024, 8, 15)),
        ("2024年8月15日", date(2024, 8, 15)),
        ("２０２４．０８．１５", date(2024, 8, 15)),
        (date(2024, 8, 15), date(2024, 8, 15)),
        ("2024-02-30", None),
        ("2024-03", None),  # a month alone is no date
        ("长期", None),
        ("", None),
        (None, None),
        (20240815, None),
    ],
)
def test_a_date_field_reads_as_a_date(value, expected):
    assert as_date(value) == expected
    doc = _pension([], print_date=value)
    assert doc.date("print_date") == expected
    assert doc.fields["print_date"].as_date() == expected


def test_reading_a_field_leaves_it_as_it_was():
    fv = FieldValue(value="2024-08-15")
    rows = FieldValue(value=[ROW])
    assert fv.as_date() == date(2024, 8, 15) and rows.rows()
    assert fv == FieldValue(value="2024-08-15") and rows == FieldValue(value=[ROW])  # no reading kept
    assert fv.model_copy(update={"value": "2024-08-16"}).as_date() == date(2024, 8, 16)
    assert _pension([]).date("print_date") is None  # a field the document does not have


def test_typed_rows_and_dates_survive_report_json(tmp_path):
    report = build_report(tmp_path / "src")
    back = Report.from_json(json.loads(json.dumps(report.to_json())))
    for before, after in zip(report.documents, back.documents):
        assert after.tables == before.tables
        assert {k: after.date(k) for k in after.fields} == {k: before.date(k) for k in before.fields}
    pension = next(d for d in back.documents if d.doc_type is DocType.PENSION_CERTIFICATE)
    assert pension.table("months") and all(isinstance(r, PensionRow) for r in pension.table("months"))
    assert pension.date("print_date") is not None


def test_document_types_have_one_chinese_name():
    from preaudit.pipeline.report.wording import doc_type_zh
    from preaudit.validators.rules._common import doc_label

    for doc_type in DocType:
        assert doc_type_zh(doc_type) == doc_label(doc_type) == doc_type_name(doc_type) != doc_type.value
    # a policy still names an attachment as its notice does
    assert doc_label(DocType.PLEDGE, {DocType.PLEDGE: "职称申报承诺书原件（附件5）"}) == "职称申报承诺书原件（附件5）"
    assert doc_type_zh("declared") == "申报信息"
