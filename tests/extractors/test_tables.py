"""The table reader (extractors/tables.py) on a table that is no pension certificate: a 劳动合同备案
花名册 (one row per employee), its header labels wrapped in their cells, a post wrapped over two
lines, the filing office's seal stamped across a row, and a second page without a header."""

from __future__ import annotations

from preaudit.extractors.tables import TableLayout, header_role, joined, read_rows
from preaudit.pipeline.values.shapes import person_name_problem
from preaudit.pipeline.values.text import nfkc
from tests.helpers import line, page


class Roster(TableLayout):
    """A roster's columns by role; a person's name opens a row."""

    labels = {
        "seq": ["序号"],
        "name": ["姓名"],
        "id_number": ["身份证号码", "公民身份号码"],
        "post": ["工作岗位"],
        "start": ["合同起始日期"],
        "end": ["合同终止日期"],
    }
    anchors = ("name",)
    text_roles = ("post",)
    seal_words = ("专用章",)

    def is_anchor_value(self, text: str, anchor: str) -> bool:
        return person_name_problem(nfkc(text)) is None


ROSTER = Roster()
# 序号 | 姓名 | 身份证号码 | 工作岗位 | 合同起始日期 | 合同终止日期
XS = [(0.05, 0.08), (0.12, 0.18), (0.22, 0.40), (0.44, 0.54), (0.58, 0.68), (0.72, 0.82)]
H = 0.015


def _row(y: float, cells: list[str]) -> list:
    return [line(t, x0, y, x1, y + H) for t, (x0, x1) in zip(cells, XS) if t]


def _first_page() -> list:
    labels = ["序号", "姓名", "身份证号码", "工作岗位", "合同起始", "合同终止"]  # 合同起始 / 日期: wrapped
    header = [line(t, x0, 0.20, x1, 0.20 + H) for t, (x0, x1) in zip(labels, XS)]
    wrapped = [line("日期", 0.60, 0.222, 0.66, 0.222 + H), line("日期", 0.74, 0.222, 0.80, 0.222 + H)]
    return [
        line("劳动合同备案花名册", 0.3, 0.08, 0.7, 0.11),
        line("用人单位：昆明云岭科技有限公司", 0.05, 0.14, 0.45, 0.16),
        *header, *wrapped,
        *_row(0.26, ["1", "张伟", "530102199003071238", "会计", "2022-07-01", "2025-06-30"]),
        *_row(0.30, ["2", "李娜", "530103199105121227", "软件开发", "2023-03-01", "2026-02-28"]),
        line("工程师", 0.45, 0.317, 0.52, 0.317 + H),  # the post wrapped in its cell
        # the filing office's seal, its ring text read across the second row
        line("昆明市盘龙区劳动合同备案专用章", 0.40, 0.285, 0.80, 0.315, conf=0.6),
        *_row(0.34, ["3", "王芳", "530111198811230026", "出纳", "2021-09-01", "2024-08-31"]),
    ]


def _second_page() -> list:
    # a continuation page: no header, the rows further up
    return [*_row(0.10, ["4", "赵磊", "530102198507070016", "销售", "2020-01-01", "2025-12-31"]),
            *_row(0.14, ["5", "陈静", "530102199212120029", "行政", "2024-05-01", "2027-04-30"])]


def _cells(row) -> dict[str, str]:
    return {role: joined(items, "" if role in ROSTER.text_roles else " ") for role, items in row.parts().items()}


def test_a_roster_is_read_row_by_row_over_two_pages():
    pages = [page(_first_page(), number=1), page(_second_page(), number=2)]
    found = read_rows(ROSTER, pages)
    cells = [_cells(row) for row in found]
    assert [c["name"] for c in cells] == ["张伟", "李娜", "王芳", "赵磊", "陈静"]
    assert [row.page for row in found] == [1, 1, 1, 2, 2]
    assert [c["seq"] for c in cells] == ["1", "2", "3", "4", "5"]
    assert cells[1]["post"] == "软件开发工程师"  # the wrapped line joins its row, not the next
    assert cells[2]["post"] == "出纳"
    assert [(c["start"], c["end"]) for c in cells] == [
        ("2022-07-01", "2025-06-30"), ("2023-03-01", "2026-02-28"), ("2021-09-01", "2024-08-31"),
        ("2020-01-01", "2025-12-31"), ("2024-05-01", "2027-04-30")]
    assert cells[0]["id_number"] == "530102199003071238"
    # the header's wrapped labels named their columns; the seal's words are no cell of any row
    assert found[0].columns is not None and found[0].columns.order == ["seq", "name", "id_number", "post", "start", "end"]
    assert not any("专用章" in text for c in cells for text in c.values())
    assert not any("专用章" in ln.text for row in found for ln in row.lines)


def test_header_labels_are_matched_fuzzily_by_role():
    assert header_role(ROSTER, "身份证号码：") == "id_number"
    assert header_role(ROSTER, "身份证号妈") == "id_number"  # one character misread
    assert header_role(ROSTER, "合同起始日朝") == "start"
    assert header_role(ROSTER, "备注") is None


def test_a_table_without_its_header_is_not_read_by_a_layout_that_cannot_infer_columns():
    # no header, no previous page: the default layout tells no column by its cells
    assert read_rows(ROSTER, [page(_second_page())]) == []
