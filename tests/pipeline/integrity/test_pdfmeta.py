import pymupdf

from preaudit.pipeline.model import BBox, FieldValue
from preaudit.pipeline.intake.source import SourceDocument
from preaudit.pipeline.integrity.facts import pdf_structure
from preaudit.pipeline.integrity.pdfmeta import font_anomalies, parse_pdf_date, pdf_facts


def _facts(path):
    """The structure facts of a file as intake reads it (pdfmeta itself never opens a path)."""
    with SourceDocument.open(path) as source:
        return pdf_structure(source)


def _fonts(path, pages, fields):
    with SourceDocument.open(path) as source, source.pdf() as doc:
        return font_anomalies(doc, pages, fields)


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
    facts = _facts(_pdf(tmp_path / "a.pdf"))
    assert facts["incremental_updates"] == 0 and facts["producer"] == "12333"


def test_incremental_save_is_counted(tmp_path):
    facts = _facts(_pdf(tmp_path / "a.pdf", incremental=True))
    assert facts["incremental_updates"] >= 1


def test_field_in_a_font_used_nowhere_else_is_an_anomaly(tmp_path):
    path = _pdf(tmp_path / "a.pdf", incremental=True)
    # The name added in the edit sits around y=160pt of an 842pt page.
    fields = {"name": FieldValue(value="张玮", bbox=BBox(x0=50 / 595, y0=148 / 842, x1=90 / 595, y1=164 / 842), page=1, source="pdf_text"),
              "print_date": FieldValue(value="2024-08-15", bbox=BBox(x0=50 / 595, y0=108 / 842, x1=120 / 595, y1=124 / 842), page=1, source="pdf_text")}
    found = _fonts(path, [1], fields)
    assert [a["field"] for a in found] == ["name"]


# --------------------------------------------------------------------------- revisions (issue 12)

def _issued(path, fonts=("china-s",), producer="学信网"):
    """A born-digital report: labels and values on shared baselines, several rows."""
    doc = pymupdf.open()
    page = doc.new_page()
    for k, (label, value) in enumerate((("姓名：", "张伟"), ("证件号码：", "530102199003071238"),
                                        ("学校名称：", "云南大学"), ("证书编号：", "106731202005000123"),
                                        ("层次：", "本科"), ("专业：", "会计学"), ("学制：", "四年"),
                                        ("学习形式：", "普通全日制"))):
        y = 100 + 26 * k
        page.insert_text((60, y), label, fontname="china-s", fontsize=10.5)
        page.insert_text((130, y), value, fontname="helv" if value.isdigit() else fonts[-1], fontsize=10.5)
    doc.set_metadata({"producer": producer, "creationDate": "D:20240815093000+08'00'",
                      "modDate": "D:20240815093000+08'00'"})
    doc.save(path)
    doc.close()
    return path


def test_a_signature_revision_changes_no_page(tmp_path):
    from preaudit.fixtures.fraud import signed_update

    path = _issued(tmp_path / "a.pdf")
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(signed_update(path.read_bytes(), 12, "iText 5.5.13"))
    facts = _facts(signed)
    assert (facts["incremental_updates"], facts["content_updates"], facts["signature_updates"]) == (1, 0, 1)
    assert facts["revisions"][0]["signature"] and facts["revisions"][0]["changed_pages"] == []
    assert facts["mod_date"] == "2024-08-15T09:30:12+08:00"


def test_an_editors_revision_changes_the_page_and_says_what(tmp_path):
    path = _issued(tmp_path / "a.pdf")
    doc = pymupdf.open(path)
    rect = doc[0].search_for("云南大学")[0]
    doc[0].draw_rect(rect, color=None, fill=(1, 1, 1))
    doc[0].insert_text((rect.x0, rect.y1 - 2), "北京大学", fontname="china-ss", fontsize=10.5)
    doc.saveIncr()
    doc.close()
    facts = _facts(path)
    assert (facts["incremental_updates"], facts["content_updates"], facts["signature_updates"]) == (1, 1, 0)
    assert facts["revisions"][0]["changed_pages"] == [1] and "北京大学" in facts["revisions"][0]["added_text"]


def test_linearised_first_page_section_is_not_a_revision():
    from preaudit.pipeline.integrity.pdfmeta import revision_ends

    body = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 1\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n"
    head = b"%PDF-1.7\n99 0 obj\n<< /Linearized 1 /L 0000 /N 1 >>\nendobj\ntrailer\n<< >>\nstartxref\n0\n%%EOF\n"
    whole = head + body
    whole = whole.replace(b"/L 0000", f"/L {len(whole):04d}".encode())
    ends, linearized = revision_ends(whole)
    assert linearized and ends == [len(whole)]
    ends, _ = revision_ends(whole + b"2 0 obj\n<< >>\nendobj\nxref\n0 1\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n")
    assert len(ends) == 2  # an update appended to a linearised file still counts


def test_date_without_zone_stays_naive():
    assert parse_pdf_date("D:20240815093000").tzinfo is None
    assert parse_pdf_date("D:20240815093000Z").utcoffset().total_seconds() == 0


# --------------------------------------------------------------------------- fonts (issue 12)

def _field(page_rect, rect, value):
    w, h = page_rect.width, page_rect.height
    return FieldValue(value=value, bbox=BBox(x0=rect.x0 / w, y0=rect.y0 / h, x1=rect.x1 / w, y1=rect.y1 / h),
                      page=1, source="pdf_text")


def test_a_value_in_a_font_of_its_own_alone_has_no_support(tmp_path):
    # issued reports set a verification code or a name in a font used nowhere else
    path = _issued(tmp_path / "a.pdf")
    doc = pymupdf.open(path)
    doc[0].insert_text((60, 300), "在线验证码：", fontname="china-s", fontsize=10.5)
    doc[0].insert_text((60, 326), "A1B2C3D4E5F6G7H8", fontname="cour", fontsize=15)
    rect, page_rect = doc[0].search_for("A1B2C3D4E5F6G7H8")[0], doc[0].rect
    doc.saveIncr()
    doc.close()
    found = _fonts(path, [1], {"verification_code": _field(page_rect, rect, "A1B2C3D4E5F6G7H8")})
    assert [(a["field"], a["font"], a["support"]) for a in found] == [("verification_code", "Courier", [])]


def test_a_value_typed_off_its_rows_baseline_is_supported(tmp_path):
    path = _issued(tmp_path / "a.pdf")
    doc = pymupdf.open(path)
    page = doc[0]
    rect = page.search_for("云南大学")[0]
    page.add_redact_annot(rect, fill=False)
    page.apply_redactions()
    page.insert_text((130, 152 + 1.2), "北京大学", fontname="china-ss", fontsize=10.5)  # the row's baseline is 152
    rect = page.search_for("北京大学")[0]
    doc.save(tmp_path / "b.pdf")
    found = _fonts(tmp_path / "b.pdf", [1], {"school": _field(page.rect, rect, "北京大学")})
    assert found[0]["support"] == ["off_baseline"] and found[0]["baseline_offset"] == 1.2
    # the same value typed on the baseline: a font of its own, nothing more
    doc2 = pymupdf.open(path)
    page2 = doc2[0]
    rect2 = page2.search_for("云南大学")[0]
    page2.add_redact_annot(rect2, fill=False)
    page2.apply_redactions()
    page2.insert_text((130, 152), "北京大学", fontname="china-ss", fontsize=10.5)
    doc2.save(tmp_path / "c.pdf")
    found = _fonts(tmp_path / "c.pdf", [1], {"school": _field(page2.rect, rect, "北京大学")})
    assert found[0]["support"] == []


def test_an_embedded_font_among_names_only_is_supported(tmp_path):
    from preaudit.fixtures.fraud import editor_font_file

    path = _issued(tmp_path / "a.pdf", fonts=("china-s", "china-ss"))
    doc = pymupdf.open(path)
    page = doc[0]
    rect = page.search_for("会计学")[0]
    page.add_redact_annot(rect, fill=False)
    page.apply_redactions()
    page.insert_text((130, 230), "金融学", fontname="EditorFont", fontfile=editor_font_file(), fontsize=10.5)
    doc.subset_fonts()
    doc.save(tmp_path / "b.pdf")
    found = _fonts(tmp_path / "b.pdf", [1], {"major": _field(page.rect, rect, "金融学")})
    assert found and found[0]["embedded"] is True and found[0]["support"] == ["embedded_unlike_others"]


def test_facts_come_from_bytes_alone_too(tmp_path):
    """pdfmeta computes from the bytes (and the document opened from them), never from a path."""
    raw = _pdf(tmp_path / "a.pdf", incremental=True).read_bytes()
    assert pdf_facts(raw) == _facts(tmp_path / "a.pdf")
    assert pdf_facts(raw)["incremental_updates"] >= 1
