import pymupdf

from pipeline.model import BBox, FieldValue
from pipeline.pdfmeta import font_anomalies, parse_pdf_date, pdf_facts


def _pdf(path, producer="12333", incremental=False, mod="D:20240815093000+08'00'"):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 80), "养老保险个人参保证明 姓名：张伟", fontname="china-s", fontsize=11)
    page.insert_text((50, 120), "2024 08 15", fontname="helv", fontsize=11)
    page.insert_text((50, 140), "530102199003071238", fontname="helv", fontsize=11)
    doc.set_metadata({"producer": producer, "creationDate": "D:20240815093000+08'00'", "modDate": mod})
    doc.save(path)
    doc.close()
    if incremental:
        doc = pymupdf.open(path)
        doc[0].insert_text((50, 160), "张玮", fontname="china-ss", fontsize=11)
        doc.saveIncr()
        doc.close()
    return path


def test_dates_parse_with_zone():
    d = parse_pdf_date("D:20240815093000+08'00'")
    assert d.isoformat() == "2024-08-15T09:30:00+08:00"
    assert parse_pdf_date("garbage") is None


def test_clean_pdf_has_no_incremental_update(tmp_path):
    facts = pdf_facts(_pdf(tmp_path / "a.pdf"))
    assert facts["incremental_updates"] == 0 and facts["producer"] == "12333"


def test_incremental_save_is_counted(tmp_path):
    facts = pdf_facts(_pdf(tmp_path / "a.pdf", incremental=True))
    assert facts["incremental_updates"] >= 1


def test_field_in_a_font_used_nowhere_else_is_an_anomaly(tmp_path):
    path = _pdf(tmp_path / "a.pdf", incremental=True)
    # The name added in the edit sits around y=160pt of an 842pt page.
    fields = {"name": FieldValue(value="张玮", bbox=BBox(x0=50 / 595, y0=148 / 842, x1=90 / 595, y1=164 / 842), page=1, source="pdf_text"),
              "print_date": FieldValue(value="2024-08-15", bbox=BBox(x0=50 / 595, y0=108 / 842, x1=120 / 595, y1=124 / 842), page=1, source="pdf_text")}
    found = font_anomalies(path, [1], fields)
    assert [a["field"] for a in found] == ["name"]
