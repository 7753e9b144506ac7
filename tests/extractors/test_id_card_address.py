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


def test_a_hand_line_across_the_card_and_the_label_beside_are_passed_over():
    """A copy signed across the card (此复印件仅供职称申报使用, a tall hand line starting inside the
    address) and the address's label standing between its two lines: neither is part of it, and the
    address goes on under them (blind families copy-tilted-across, copy-landscape-crossed)."""
    lines = [line("赵晓燕", 0.107, 0.188, 0.175, 0.223), line("姓名", 0.073, 0.196, 0.108, 0.223),
             line("性别女", 0.073, 0.239, 0.134, 0.267), line("民族汉", 0.164, 0.236, 0.228, 0.267),
             line("出生", 0.075, 0.290, 0.116, 0.311), line("1997年8月11日", 0.108, 0.287, 0.235, 0.311),
             line("住址", 0.074, 0.335, 0.107, 0.360), line("云南省昆明市盘龙区北京路", 0.112, 0.330, 0.302, 0.358),
             line("此复印件仅供职称申报使用，再复印无效", 0.115, 0.342, 0.704, 0.458),
             line("419号世纪城7栋1504室", 0.114, 0.361, 0.278, 0.387),
             line("530103199708113342", 0.179, 0.466, 0.406, 0.497), line("公民身份号码", 0.075, 0.473, 0.158, 0.497)]
    assert extract_front([page(lines)])["address"].value == "云南省昆明市盘龙区北京路419号世纪城7栋1504室"
    beside = [line("住址", 0.249, 0.165, 0.295, 0.182), line("云南省昆明市西山区前卫西", 0.286, 0.154, 0.469, 0.180),
              line("路690号", 0.290, 0.176, 0.350, 0.194)]
    lines = [ln for ln in lines if ln.text not in ("住址", "云南省昆明市盘龙区北京路", "419号世纪城7栋1504室")
             and not ln.text.startswith("此复印件")]
    got = extract_front([page([ln for ln in lines if ln.bbox.y0 < 0.15 or ln.bbox.y0 > 0.4] + beside)])["address"].value
    assert got == "云南省昆明市西山区前卫西路690号"
