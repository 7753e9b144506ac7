"""职称证书 (001 §二(二)1, §二(七); 003 Q16–17; 004 §四(三)(五)): the paper certificate and the 电子证书 as
drawn (text layer), and wordings the fixtures never draw (专业技术职务任职资格证书, a month alone, 初级)."""

from __future__ import annotations

from datetime import date

import pymupdf
import pytest

from preaudit.extractors.title_certificate import FIELDS, extract, level_of
from preaudit.fixtures import forms
from preaudit.fixtures.records import TitleCertificate
from preaudit.fixtures.render import pdf_metadata, subset_and_bytes
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.helpers import page, rows

CERT = TitleCertificate("张伟", "男", date(1978, 3, 7), "53010219780307123X", "昆明云岭科技有限公司", "工程系列",
                        "建筑工程施工", "技术员", "员级", date(2019, 12, 30), "53012019000123",
                        "昆明市盘龙区人力资源和社会保障局", "盘人社职〔2019〕45号")


def _text_pages(drawn) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata("2019-12-30", "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file="职称证书.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


@pytest.mark.parametrize("draw", [forms.draw_title_certificate, forms.draw_title_certificate_electronic],
                         ids=["paper", "electronic"])
def test_drawn_layouts_read_from_their_text_layer(draw):
    drawn = draw(CERT)
    [group] = group_pages(_text_pages(drawn))
    assert group.doc_type is DocType.TITLE_CERTIFICATE
    got = {k: v.value for k, v in extract(group.pages).items()}
    assert set(got) == set(FIELDS)
    assert {k: got[k] for k in drawn.fields} == drawn.fields
    assert got["has_seal"] is None  # the seal detector fills it from the page image


def test_paper_certificate_without_a_series_takes_it_from_the_title_name():
    drawn = forms.draw_title_certificate(CERT)
    got = extract(group_pages(_text_pages(drawn))[0].pages)
    assert got["series"].value == "工程"  # 技术员 is the engineering series' 员级 title
    assert got["series"].raw == "技术员"


def test_an_older_booklet_with_a_month_and_a_review_committee():
    """Wording not drawn: 专业技术职务任职资格证书, 评审委员会, 批准时间 to the month, 级别 absent."""
    f = extract([page(rows([
        "专业技术职务任职资格证书",
        "姓名：李芳",
        "身份证号码：530102198506151247",
        "专业：农学",
        "资格名称：农艺师",
        "评审委员会：昆明市农业系列中级职称评审委员会",
        "批准时间：2016年12月",
        "证书编号：NY2016-0456",
    ]))])
    assert {k: v.value for k, v in f.items()} == {
        "name": "李芳", "id_number": "530102198506151247", "title_name": "农艺师", "title_level": "中级",
        "series": "农业", "specialty": "农学", "obtained_date": "2016-12", "certificate_number": "NY2016-0456",
        "issuing_body": "昆明市农业系列中级职称评审委员会", "has_seal": None,
    }


def test_a_level_cell_that_names_two_levels_leaves_the_name_to_decide():
    """初级 is 员级 or 助理级: the 资格名称 (助理工程师) decides."""
    f = extract([page(rows(["职称证书", "姓名：王强", "资格名称：助理工程师", "级别：初级", "取得时间：2021-09-30"]))])
    assert f["title_level"].value == "助理级"
    assert f["obtained_date"].value == "2021-09-30"


@pytest.mark.parametrize(("text", "level"), [("高级工程师", "副高级"), ("正高级工程师", "正高级"), ("工程师", "中级"),
                                             ("助理馆员", "助理级"), ("初级", None), ("中级", "中级")])
def test_level_of_a_title_name(text, level):
    assert level_of(text) == level


# --------------------------------------------------------------------------- as others draw it (dev families)

from preaudit.fixtures.families import get as family  # noqa: E402
from tests.fixtures.test_families_c import applicant  # noqa: E402


@pytest.mark.parametrize("name", ["booklet-spread", "e-certificate"])
@pytest.mark.parametrize("scenario", ["clean_promotion_title", "series_cross"])
@pytest.mark.parametrize("index", [4, 7])
def test_dev_families_read_from_their_text_layer(name, scenario, index):
    """系列（专业）printed together (工程系列（土木工程）) fills both fields; the e-certificate's granting
    body stands under its e-seal without a label; 经评审委员会评审，具备…… (index 7's booklet) is a
    sentence, not the 评审委员会 label."""
    import numpy as np

    drawn = family("title_certificate", name).draw(applicant(scenario, index), np.random.default_rng([7, index]))
    [group] = group_pages(_text_pages(drawn))
    got = {k: v.value for k, v in extract(group.pages).items()}
    want = {k: v for k, v in drawn.fields.items() if k != "has_seal"}
    assert {k: got[k] for k in want} == want


def test_a_label_naming_two_fields_fills_both():
    got = extract([page(rows(["专业技术职务任职资格证书", "姓名：张伟", "系列/专业：工程系列/土木工程", "资格名称：工程师"]))])
    assert (got["series"].value, got["specialty"].value) == ("工程系列", "土木工程")
    got = extract([page(rows(["专业技术职务任职资格证书", "姓名：张伟", "系列（专业）：卫生系列（临床医学）", "资格名称：主治医师"]))])
    assert (got["series"].value, got["specialty"].value) == ("卫生系列", "临床医学")


def test_the_granting_body_without_a_label_is_the_last_such_line():
    got = extract([page(rows(["职称电子证书", "姓名：张伟", "工作单位：昆明市盘龙区人力资源和社会保障局", "资格名称：工程师",
                              "云南省人力资源和社会保障厅", "二〇一九年十二月三十日"]))])
    assert got["issuing_body"].value == "云南省人力资源和社会保障厅"
    assert got["issuing_body"].confidence < 0.9  # found by its place, not by a label
