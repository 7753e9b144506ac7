"""国(境)外学历学位认证书 (001 §五(四)): the statement and the table as drawn (text layer), and
wordings the fixtures never draw (〔〕 brackets, an English school name, a certificate read by OCR)."""

from __future__ import annotations

from datetime import date

import pymupdf
import pytest

from preaudit.extractors.foreign_degree_certification import FIELDS, extract
from preaudit.fixtures import forms
from preaudit.fixtures.records import ForeignCertification
from preaudit.fixtures.render import pdf_metadata, subset_and_bytes
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.helpers import line, page, rows

CERT = ForeignCertification("李娜", "女", date(1990, 3, 7), "E12345678", "英国", "利兹大学", "理学硕士学位", "环境科学",
                            date(2016, 9, 1), date(2017, 11, 30), date(2017, 12, 1), "教留服认英[2019]012345号",
                            date(2019, 3, 1))


def _text_pages(drawn) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata("2019-03-01", "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file="认证书.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


@pytest.mark.parametrize("draw", [forms.draw_foreign_certification, forms.draw_foreign_certification_table],
                         ids=["statement", "table"])
def test_drawn_layouts_read_from_their_text_layer(draw):
    drawn = draw(CERT)
    [group] = group_pages(_text_pages(drawn))
    assert group.doc_type is DocType.FOREIGN_DEGREE_CERTIFICATION
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert got == drawn.fields and set(got) == set(FIELDS)


def test_a_statement_with_other_brackets_and_an_english_school():
    f = extract([page(rows([
        "国外学历学位认证书",
        "教留服认美〔2012〕004521号",
        "王磊，男，1985年5月2日出生，于2009年8月至2011年5月在美国University of Washington学习，",
        "于2011年6月获得该校授予的Master of Science学位，专业为Computer Science。",
        "认证结论：该学位证书真实有效。",
        "教育部留学服务中心",
        "二〇一二年三月五日",
    ]))])
    assert {k: v.value for k, v in f.items()} == {
        "name": "王磊", "certificate_number": "教留服认美[2012]004521号", "school": "University of Washington",
        "country": "美国", "degree": "Master of Science学位", "major": "Computer Science", "award_date": "2011-06",
        "issue_date": "2012-03-05",
    }


def test_a_grid_certificate_read_cell_by_cell():
    cells = [("姓名", "赵敏", "性别", "女"), ("国别", "澳大利亚", "", ""), ("颁发机构", "墨尔本大学", "", ""),
             ("所获学位", "商学硕士", "", ""), ("所学专业", "会计", "获得时间", "2015年12月"),
             ("认证编号", "教留服认澳[2016]000318号", "签发日期", "2016年4月12日")]
    lines = [line("教育部留学服务中心", 0.3, 0.03, 0.7, 0.05), line("国外学历学位认证书", 0.3, 0.07, 0.7, 0.1)]
    for i, row in enumerate(cells):
        y = 0.15 + 0.05 * i
        for text, x in zip(row, (0.08, 0.28, 0.62, 0.76)):
            if text:
                lines.append(line(text, x, y, x + 0.012 * max(2, len(text)), y + 0.02))
    got = {k: v.value for k, v in extract([page(lines)]).items()}
    assert got == {"name": "赵敏", "certificate_number": "教留服认澳[2016]000318号", "school": "墨尔本大学",
                   "country": "澳大利亚", "degree": "商学硕士", "major": "会计", "award_date": "2015-12",
                   "issue_date": "2016-04-12"}


def test_missing_fields_are_emitted():
    f = extract([page(rows(["国外学历学位认证书"]))])
    assert set(f) == set(FIELDS) and all(v.value is None for v in f.values())


# --------------------------------------------------------------------------- bilingual (the dev family e-certificate)


@pytest.mark.parametrize("scenario,index", [("clean_unit_spelling", 3), ("clean_public_institution", 5)])
def test_the_bilingual_e_certificate_of_the_dev_family(scenario, index):
    """持证人 Holder / 颁发机构 Institution / 授予时间 Date of Award: an English label is part of its label,
    never the value."""
    import numpy as np

    from preaudit.fixtures.families import get
    from tests.fixtures.test_families_c import applicant

    drawn = get("foreign_degree_certification", "e-certificate").draw(applicant(scenario, index),
                                                                       np.random.default_rng([7, index]))
    [group] = group_pages(_text_pages(drawn))
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert got == drawn.fields


def test_english_labels_alone_are_labels_and_their_cells_values():
    cells = [("Name", "Wang Lei"), ("国家（地区）", "美国"), ("Institution", "University of Washington"),
             ("Degree", "Master of Science"), ("Major", "Computer Science"), ("Date of Award", "2011年6月"),
             ("认证书编号", "教留服认美[2012]004521号"), ("Date of Verification", "2012年3月5日")]
    lines = [line("国外学历学位认证书", 0.3, 0.07, 0.7, 0.1)]
    for i, (label, value) in enumerate(cells):
        y = 0.15 + 0.05 * i
        lines += [line(label, 0.08, y, 0.08 + 0.011 * len(label), y + 0.02), line(value, 0.40, y, 0.40 + 0.011 * len(value), y + 0.02)]
    got = {k: v.value for k, v in extract([page(lines)]).items()}
    assert {k: got[k] for k in ("country", "school", "degree", "major", "award_date", "issue_date")} == {
        "country": "美国", "school": "University of Washington", "degree": "Master of Science",
        "major": "Computer Science", "award_date": "2011-06", "issue_date": "2012-03-05"}
