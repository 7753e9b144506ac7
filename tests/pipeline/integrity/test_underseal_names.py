"""A name signed beside 承诺人(申报人)： under the unit's red seal (003 Q23(3), the 昆明 承诺书): the page
reading finds the label and loses the name; the second look under the seal adds it, read less
surely, and never the seal's own ring text. Drawn here (its own template), read by the real engine."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from preaudit.fixtures.families.kit import INK_BLACK, Sheet, seal
from preaudit.pipeline.integrity.underseal import empty_label, name_shaped
from preaudit.pipeline.model import SourceFile
from tests.helpers import line

UNIT = "昆明市盘龙区云海科技有限公司"
NAME = "杨丽华"


def _draw(path: Path, stamped: bool) -> Path:
    """The 承诺书's sentence with its blank written in, its signing rows, the name and the date
    by hand, and (when `stamped`) the unit's seal over the name and the date."""
    rng = np.random.default_rng(7)
    sheet = Sheet()
    sheet.centered(297, 70, "承诺书", 18, role="song")
    sheet.text(60, 120, "在参加2021年", 12)
    sheet.line(136, 134, 290, 134)
    sheet.hand(142, 116, "计算机应用技术助理级", 12, rng, color=INK_BLACK)
    sheet.text(292, 120, "专业技术职称申报中，对申报评审表所填报", 12)
    sheet.text(60, 146, "内容和提供的相关证明材料已认真进行了核对。现承诺如下：", 12)
    sheet.text(60, 560, "单位经办人：", 12)
    sheet.text(300, 560, "承诺人(申报人)：", 12)
    sheet.hand(400, 555, NAME, 15, rng, color=INK_BLACK)
    sheet.text(60, 600, "单位法定代表人：", 12)
    sheet.text(300, 600, "单位名称（公章）：", 12)
    sheet.hand(380, 640, "2024年8月20日", 13, rng, color=INK_BLACK)
    if stamped:
        seal(sheet.page, 432, 600, UNIT, diameter=120, rng=np.random.default_rng(3), color=(0.86, 0.1, 0.12))
    pix = sheet.page.get_pixmap(dpi=150)
    path.write_bytes(pix.tobytes("png"))
    sheet.doc.close()
    return path


def _read(path: Path, ocr_cache):
    from preaudit.extractors.pledge import extract
    from preaudit.pipeline.intake.render import render_file

    data = path.read_bytes()
    sf = SourceFile(path=path.name, abs_path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data), kind="image")
    result = render_file(sf, ocr_cache)
    try:
        return result.pages[0], extract(result.pages)
    finally:
        result.close()


@pytest.mark.ocr
def test_the_name_under_the_seal_is_read_and_the_seal_text_is_not_a_name(tmp_path, ocr_cache):
    page, fields = _read(_draw(tmp_path / "pledge.png", stamped=True), ocr_cache)
    texts = [ln.text for ln in page.lines]
    assert fields["name"].value == NAME, texts
    assert fields["name"].confidence < 0.9  # a handwriting read under a seal is never certain alone
    assert fields["specialty_level"].value == "计算机应用技术助理级", texts
    assert fields["date"].value == "2024-08-20", texts
    assert not any(name_shaped(t) and t in UNIT for t in texts)  # no piece of the ring as a line


def test_name_shape_and_empty_labels():
    assert name_shaped("杨丽华") and name_shaped("阿依古丽·买买提") and name_shaped("：张伟")
    for text in ("张", "盘龙区云海科技有限公司", "云海科技公司", "单位名称", "年月日", "2024年8月", "合同专用章"):
        assert not name_shaped(text), text
    for text in ("承诺人(申报人)：", "承诺人（申报人）", "承诺人（签字并按手印）", "单位经办人：", "日期:"):
        assert empty_label(line(text, 0.1, 0.1, 0.3, 0.12)), text
    for text in ("承诺人(申报人)：张伟", "现承诺如下：申报人是在昆明", "单位名称（公章）昆明"):
        assert not empty_label(line(text, 0.1, 0.1, 0.3, 0.12)), text


def test_a_reading_that_cut_the_labels_start_still_gives_the_name() -> None:
    from preaudit.pipeline.integrity.underseal import _after_label
    from tests.helpers import line

    label = line("承诺人(申报人)：", 0.53, 0.61, 0.69, 0.64)
    got = _after_label(line("吉人(申报人):刘涛", 0.58, 0.61, 0.78, 0.64), label)
    assert got is not None and got.text == "刘涛" and got.bbox.x0 >= label.bbox.x1
    # words before a colon that do not end as the label does are another label's
    assert _after_label(line("单位名称:昆明云岭", 0.58, 0.61, 0.78, 0.64), label) is None
