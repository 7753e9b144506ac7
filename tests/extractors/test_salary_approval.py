"""事业单位工资审批表 (001 §五(五)1, §二(四); 003 §二 Q10(3)) as others draw it (fixtures/families, dev families
only): the list printed from Excel, read by its columns within their cells, the applicant's row taken
once the pipeline knows who applies; the hand-filled card as OCR read it (recorded lines)."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from preaudit.extractors.salary_approval import FIELDS, extract, resolve_roster
from preaudit.fixtures.families import get
from preaudit.fixtures.render import pdf_metadata, subset_and_bytes
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.fixtures.test_families_c import applicant
from tests.helpers import line, page


def _text_pages(drawn) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata("2021-09-10", "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file="工资审批表.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


def _roster(scenario: str, index: int):
    app = applicant(scenario, index)
    drawn = get("salary_approval", "excel-roster").draw(app, np.random.default_rng([7, index]))
    [group] = group_pages(_text_pages(drawn))
    assert group.doc_type is DocType.SALARY_APPROVAL
    return app, drawn, extract(group.pages)


@pytest.mark.parametrize("index", [3, 4, 5])
def test_a_list_of_one_person_is_read_cell_by_cell(index):
    """The new entrant's list: one row under the header row; 赵晖 | 男 are two cells, 岗位 a column."""
    _, drawn, got = _roster("clean_public_institution", index)
    assert set(FIELDS) <= set(got) and "employees" not in got
    for name in ("name", "id_number", "position", "start_date", "unit", "form"):
        assert got[name].value == drawn.fields[name], name


@pytest.mark.parametrize("index", [3, 4, 5])
def test_a_list_of_several_leaves_the_person_to_the_pipeline(index):
    """The 正常晋升 list with colleagues: no row is taken as the applicant's by the extractor (a
    colleague's name would be a false NAME_MISMATCH); every row is listed."""
    app, drawn, got = _roster("clean_public_salary_promotion", index)
    rows = got["employees"].value
    assert len(rows) >= 2
    assert drawn.fields["name"] in [row["name"] for row in rows]
    for name in ("name", "id_number", "position", "start_date"):
        assert got[name].value is None
    card = app.records.id_card
    for who in ((card.name, card.id_number), (None, card.id_number), (card.name, None)):
        resolved = resolve_roster(got, *who)
        for name in ("name", "id_number", "position", "start_date"):
            assert resolved[name].value == drawn.fields[name], (who, name)
        assert resolved[name].bbox is not None


def test_a_list_without_the_applicants_row_leaves_the_person_empty():
    _, _, got = _roster("clean_public_salary_promotion", 4)
    resolved = resolve_roster(got, "无此人", "110101199003074514")
    assert resolved["name"].value is None and resolved["id_number"].value is None


# The hand-filled card (dev family hand-card) as the recogniser read a scan of it: 岗位工资 按聘用岗位
# (a value holding the words 聘用岗位), the opinions under it, the bureau's date under its seal read
# without its first digit (021年9月20日).
HAND_CARD = [
    ('事业单位工作人员工资审批表', 0.300, 0.068, 0.702, 0.095),
    ('(新参加工作)', 0.439, 0.101, 0.563, 0.121),
    ('单位名称（盖章）：昆明市盘龙区农业技术推广站', 0.091, 0.131, 0.523, 0.155),
    ('姓名', 0.141, 0.178, 0.201, 0.196),
    ('赵晖', 0.254, 0.171, 0.304, 0.194),
    ('性别', 0.543, 0.178, 0.605, 0.198),
    ('男', 0.658, 0.176, 0.687, 0.197),
    ('出生年月', 0.134, 0.221, 0.207, 0.238),
    ('1999年9月', 0.254, 0.217, 0.363, 0.239),
    ('学历', 0.543, 0.221, 0.604, 0.240),
    ('本科', 0.657, 0.217, 0.710, 0.240),
    ('参加工作时间', 0.117, 0.264, 0.224, 0.281),
    ('2021年8月1日', 0.254, 0.260, 0.390, 0.279),
    ('岗位类别', 0.537, 0.264, 0.611, 0.282),
    ('专业技术岗位', 0.661, 0.257, 0.789, 0.282),
    ('薪级', 0.141, 0.306, 0.200, 0.324),
    ('12级', 0.254, 0.303, 0.309, 0.325),
    ('薪级工资', 0.536, 0.307, 0.611, 0.325),
    ('4210元', 0.657, 0.303, 0.737, 0.328),
    ('岗位工资', 0.132, 0.348, 0.208, 0.367),
    ('按聘用岗位', 0.256, 0.344, 0.359, 0.364),
    ('执行时间', 0.535, 0.349, 0.610, 0.367),
    ('2021年8月1日', 0.659, 0.347, 0.800, 0.368),
    ('同意。', 0.271, 0.393, 0.335, 0.419),
    ('单位', 0.147, 0.425, 0.193, 0.445),
    ('意见', 0.146, 0.445, 0.192, 0.464),
    ('(盖章)', 0.611, 0.457, 0.663, 0.473),
    ('2021年9月11日', 0.655, 0.477, 0.798, 0.494),
    ('同意上报。', 0.273, 0.526, 0.370, 0.550),
    ('主管部门', 0.129, 0.556, 0.210, 0.576),
    ('意见', 0.146, 0.575, 0.192, 0.595),
    ('同意。', 0.271, 0.653, 0.335, 0.676),
    ('审批机关', 0.129, 0.693, 0.210, 0.712),
    ('意见', 0.146, 0.712, 0.192, 0.731),
    ('审批机关:昆明市盘龙区人力资源和社会保障局', 0.270, 0.708, 0.626, 0.724),
    ('021年9月20日', 0.657, 0.739, 0.815, 0.771),
]


def test_the_hand_card_reads_the_post_and_the_approving_date_under_the_seal():
    got = extract([page([line(t, *box) for t, *box in HAND_CARD], width=1653, height=2339)])
    assert got["position"].value == "专业技术岗位"  # 岗位类别's value, not the opinion under 按聘用岗位
    assert got["approval_date"].value == "2021-09-20"  # the lowest date, its year completed
    assert got["approval_date"].confidence < 0.9  # no label and a clipped year: never certain alone
    assert got["name"].value and got["start_date"].value == "2021-08-01"
