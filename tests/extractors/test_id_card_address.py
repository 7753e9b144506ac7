"""A card front photographed at an angle (issue 12, blind families keyboard-angle and palm-angle): the
address's lines come back as tall boxes that overlap, so its second line starts above the first's
bottom; it is still the address's continuation. A speck of toner before the first character (a worn
copier's ·) is no part of it. Before, the address was certain and cut after its first line."""

from __future__ import annotations

from preaudit.extractors.id_card import extract_front
from tests.helpers import line, page


def _front(first: str, second: str, first_box, second_box) -> list:  # noqa: ANN001
    return [line("胡萍", 0.204, 0.290, 0.278, 0.349), line("姓名", 0.142, 0.308, 0.191, 0.350),
            line("汉", 0.357, 0.343, 0.399, 0.383), line("民族", 0.299, 0.345, 0.371, 0.394),
            line("女", 0.214, 0.364, 0.243, 0.402), line("性别", 0.147, 0.369, 0.200, 0.412),
            line("1992年10月25日", 0.214, 0.402, 0.443, 0.481), line("出生", 0.154, 0.436, 0.204, 0.479),
            line(first, *first_box), line("住址", 0.158, 0.503, 0.211, 0.549), line(second, *second_box),
            line("53011219921025796X", 0.357, 0.657, 0.769, 0.746), line("公民身份号码", 0.177, 0.712, 0.322, 0.764)]


def test_a_tilted_second_line_continues_the_address():
    lines = _front("云南省昆明市西山区海埂路", "443号", (0.223, 0.496, 0.552, 0.593), (0.225, 0.542, 0.307, 0.595))
    assert extract_front([page(lines)])["address"].value == "云南省昆明市西山区海埂路443号"


def test_a_speck_before_the_address_is_no_part_of_it():
    lines = _front("·云南省昆明市盘龙区联盟路", "35号云山小区6栋1602室", (0.22, 0.50, 0.60, 0.54), (0.22, 0.55, 0.60, 0.59))
    assert extract_front([page(lines)])["address"].value == "云南省昆明市盘龙区联盟路35号云山小区6栋1602室"


def test_the_number_below_is_never_the_address():
    lines = _front("云南省昆明市西山区海埂路443号", "", (0.223, 0.50, 0.60, 0.55), (0.0, 0.0, 0.0, 0.0))
    lines = [ln for ln in lines if ln.text]
    assert extract_front([page(lines)])["address"].value == "云南省昆明市西山区海埂路443号"
