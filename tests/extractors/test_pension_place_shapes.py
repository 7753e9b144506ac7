"""A row's unit and region cells that have no unit's or place's shape (blind generation 6: a counter
letter whose unit cell is merged down a run of months, its name wrapped so that one row reads 司; the
label 参保地 beside a column header 缴费月份) are never certain, however clearly OCR read them: the rules
that use them ask for a look instead of rejecting."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import _region_field, read_table
from preaudit.extractors.base import FieldReader
from tests.extractors.test_pension_year_grid_count import UNIT, _matrix
from tests.helpers import line, page


def test_a_unit_cell_of_no_units_shape_makes_the_table_unsure():
    clean = [ln.model_copy(update={"text": "正常"}) if ln.text == "主常" else ln for ln in _matrix("4")]
    sure = read_table([page(clean)]).field().confidence
    cut = [ln.model_copy(update={"text": "司"}) if ln.text == UNIT and ln.bbox.y0 > 0.3 else ln for ln in clean]
    table = read_table([page(cut)])
    assert sure > 0.9 and 0.8 <= table.field().confidence < 0.9
    assert any(r.employer == "司" for r in table.rows())  # kept, for the reviewer to see


def test_a_region_read_off_a_header_is_never_sure():
    lines = [line("参保地：", 0.1, 0.2, 0.18, 0.22), line("缴费月份", 0.2, 0.2, 0.3, 0.22), line("姓名：孙晓燕", 0.1, 0.1, 0.3, 0.12)]
    fv = _region_field(FieldReader([page(lines)]), [], None)
    assert fv.value == "缴费月份" and fv.confidence <= 0.5
    lines[1] = line("昆明市", 0.2, 0.2, 0.27, 0.22)
    assert _region_field(FieldReader([page(lines)]), [], None).confidence > 0.9
