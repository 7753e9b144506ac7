"""pipeline/intake/checkboxes.py: boxes lined up with the option names read in the text."""

from preaudit.pipeline.intake.checkboxes import Box, _in_row, chosen_option
from preaudit.pipeline.model import BBox


def _box(x, marked=False):
    return Box(x0=x, y0=0.5, x1=x + 0.02, y1=0.52, marked=marked, share=0.4 if marked else 0.0)


# □国有企业 □事业单位 ☑非公经济组织 □社会团体, a character 0.02 wide, 0.02 between options
LENGTHS = [4, 4, 6, 4]
STARTS = [0.10, 0.22, 0.34, 0.50]
END = 0.62


def test_the_marked_box_that_lines_up_is_the_choice():
    boxes = [_box(x, marked=(i == 2)) for i, x in enumerate(STARTS)]
    assert chosen_option(boxes, LENGTHS, END) == (2, "ticked")


def test_enclosing_characters_are_not_boxes():
    # 国 right after the first box and 团 inside 社会团体 look like marked boxes: no room for the
    # option's characters before them
    boxes = [_box(x, marked=(i == 2)) for i, x in enumerate(STARTS)] + [_box(0.122, True), _box(0.562, True)]
    assert chosen_option(sorted(boxes, key=lambda b: b.x0), LENGTHS, END) == (2, "ticked")


def test_a_box_not_seen_is_not_guessed():
    # the gap a lost box leaves is the same whether it was ticked or merged with its text
    for lost in range(4):
        boxes = [_box(x) for i, x in enumerate(STARTS) if i != lost]
        assert chosen_option(boxes, LENGTHS, END) == (None, "")


def test_no_choice_when_none_or_several_are_marked_or_nothing_lines_up():
    # the boxes line up, none or several marked: no choice, and no other look at the row
    assert chosen_option([_box(x) for x in STARTS], LENGTHS, END) == (None, "lined")
    assert chosen_option([_box(x, True) for x in STARTS], LENGTHS, END) == (None, "lined")
    assert chosen_option([_box(0.10), _box(0.13)], LENGTHS, END) == (None, "")
    assert chosen_option([], LENGTHS, END) == (None, "")


def test_a_square_of_the_label_before_a_line_that_begins_at_a_box_is_no_box():
    """Blind generation 9's 公示表 (MFP high-compression scan): the chosen box blacked in with a pen
    was no square any more, and 质 of the label 单位性质, read as a marked box left of the options'
    OCR line, lined up as the first option's: 事业单位 was read, at 0.92. Where the line begins at a
    box, a square ending before it is the label's; the row then lines up with no marked box, no choice."""
    line = BBox(x0=0.233, y0=0.169, x1=0.707, y1=0.189)
    seen = [(0.1718, 0.1863, True), (0.2387, 0.2581, False), (0.2645, 0.2790, True), (0.3532, 0.3718, False),
            (0.6153, 0.6339, False)]  # 质, 事业单位's box, 事, 国有企业's box, 社会组织's box (as found)
    boxes = [Box(x0=a, y0=0.175, x1=b, y1=0.187, marked=m, share=0.8 if m else 0.0) for a, b, m in seen]
    lengths = [4, 4, 6, 4]
    assert chosen_option(boxes, lengths, line.x1) == (0, "ticked")  # the label's square taken for a ticked box
    assert chosen_option(_in_row(boxes, line), lengths, line.x1) == (None, "")
    # a line that begins after its first box (OCR dropped it) keeps every box before it
    late = BBox(x0=0.26, y0=0.169, x1=0.707, y1=0.189)
    assert _in_row(boxes, late) == boxes
