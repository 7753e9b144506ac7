"""Quarter-turned and skewed scans come back upright before fields are read."""

import cv2
import numpy as np
import pytest

from preaudit.pipeline.intake.orientation import Quality, card_shaped, diagnose, read_upright, worth_turning
from preaudit.pipeline.intake.preprocess import estimate_skew, find_document_quad, rotate


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (Quality(10, 120, 0.98, 0.0), None),
        (Quality(10, 120, 0.98, 0.9), "turned_cw"),
        (Quality(10, 120, 0.60, 0.9), "turned_ccw"),
        (Quality(10, 120, 0.60, 0.1), "upside_down"),
        (Quality(2, 20, 0.30, 0.0), None),  # too few lines to judge
        (Quality(3, 3, 0.70, 0.0), None),  # specks on a portrait photo: too few characters
        (Quality(3, 8, 0.70, 0.0), "upside_down"),
    ],
)
def test_diagnosis_from_ocr_quality(q, expected):
    assert diagnose(q) == expected


@pytest.mark.parametrize(
    ("q", "shape", "expected", "why"),
    [
        (Quality(40, 900, 0.98, 0.0), (2339, 1654), False, "a clear, long, upright A4 reading: turning would not help"),
        (Quality(10, 70, 0.98, 0.0), (540, 856), True, "card-shaped (85.6 x 54 mm)"),
        (Quality(10, 70, 0.98, 0.0), (856, 540), True, "card-shaped, standing"),
        (Quality(2, 3, 0.5, 0.0), (441, 358), False, "a photo: no text to go by, 1-inch proportions"),
        (Quality(20, 300, 0.80, 0.0), (2339, 1654), True, "read poorly"),
        (Quality(20, 300, 0.97, 0.6), (2339, 1654), True, "boxes on their side"),
        (Quality(5, 30, 0.97, 0.0), (2339, 1654), True, "sparse"),
    ],
)
def test_which_readings_are_worth_another_quarter_turn(q, shape, expected, why):
    assert worth_turning(q, np.zeros((*shape, 3), np.uint8)) == expected, why


def test_card_shape_is_the_card_s_proportions_either_way():
    assert card_shaped(np.zeros((540, 856))) and card_shaped(np.zeros((856, 540)))
    assert not card_shaped(np.zeros((413, 295))) and not card_shaped(np.zeros((2339, 1654)))


def _text_page() -> np.ndarray:
    img = np.full((1100, 800, 3), 255, np.uint8)
    for i, y in enumerate(range(80, 1050, 35)):
        cv2.putText(img, f"LINE {i:02d} THE QUICK BROWN FOX 2024", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    return img


@pytest.mark.parametrize("angle", [-2.0, -0.8, 1.5])
def test_skew_is_estimated_within_a_quarter_degree(angle):
    assert abs(estimate_skew(rotate(_text_page(), angle)) + angle) <= 0.25


def test_photo_of_a_page_on_a_dark_table_is_outlined_but_a_ruled_table_is_not():
    page = _text_page()
    table = np.full((1400, 1100, 3), 60, np.uint8)
    table[150:1250, 150:950] = page
    quad = find_document_quad(table)
    assert quad is not None and abs(quad[0][0] - 150) < 15 and abs(quad[2][1] - 1250) < 15
    ruled = page.copy()
    cv2.rectangle(ruled, (60, 300), (740, 900), (0, 0, 0), 3)
    assert find_document_quad(ruled) is None


@pytest.mark.ocr
@pytest.mark.parametrize(("code", "undo"), [(None, 0), (cv2.ROTATE_90_CLOCKWISE, 270), (cv2.ROTATE_90_COUNTERCLOCKWISE, 90), (cv2.ROTATE_180, 180)])
def test_turned_id_card_is_read_upright(sample, ocr_cache, code, undo):
    folder = sample["batch"] / sorted(sample["truth"]["applicants"])[0]
    front = next(p for p, spec in sample["truth"]["applicants"][folder.name]["files"].items() if spec.get("doc_type") == "id_card_front")
    image = cv2.imdecode(np.fromfile(str(folder / front), np.uint8), cv2.IMREAD_COLOR)
    turned = image if code is None else cv2.rotate(image, code)
    lines, prepared, degrees = read_upright(ocr_cache, f"test-{code}", 1, turned)
    assert degrees == undo
    assert any("公民身份号码" in ln.text.replace(" ", "") for ln in lines)
    assert prepared.upright.shape[1] > prepared.upright.shape[0]  # a card is landscape again


def _on_striped_desk(angle: float) -> np.ndarray:
    """A text page turned by `angle`, lying on a desk of dark level stripes (wood grain, a slatted
    table) and running out of the frame at the right: its outline is no clean quadrilateral."""
    desk = np.full((1500, 1300, 3), 150, np.uint8)
    for y in range(0, 1500, 22):
        desk[y:y + 9] = 95
    page = rotate(_text_page(), angle)
    turned = cv2.warpAffine(np.full(page.shape[:2], 255, np.uint8), cv2.getRotationMatrix2D((400, 550), angle, 1.0),
                            (800, 1100), flags=cv2.INTER_NEAREST)  # where the turned paper is
    region = desk[200:1300, 600:1400][:, :700]
    on = turned[:, :700] > 0
    region[on] = page[:, :700][on]
    return desk


@pytest.mark.parametrize("angle", [-3.0, 2.5])
def test_skew_of_a_page_on_a_striped_desk_counts_the_paper_only(angle):
    from preaudit.pipeline.intake.preprocess import _gray_small, paper_mask, prepare_for_ocr

    photo = _on_striped_desk(angle)
    assert find_document_quad(photo) is None  # the page runs out of the frame
    paper = paper_mask(_gray_small(photo)[0])
    assert paper is not None and 0.2 < paper.mean() < 0.6
    assert abs(estimate_skew(photo)) < 0.5  # the desk's level stripes outvote the page's rows
    assert abs(estimate_skew(photo, paper) + angle) <= 0.3
    prepared = prepare_for_ocr(photo)
    assert abs(prepared.steps["deskew"] + angle) <= 0.3 and prepared.variant.endswith(":paper")


def test_a_scan_has_no_backdrop_and_keeps_its_cache_key():
    from preaudit.pipeline.intake.preprocess import _gray_small, paper_mask, prepare_for_ocr

    scan = rotate(_text_page(), 1.5)
    assert paper_mask(_gray_small(scan)[0]) is None
    assert not prepare_for_ocr(scan).variant.endswith(":paper")


class _ScaleOcr:
    """An engine whose detector finds only the short lines of a large page, and every line once the
    page is read smaller (a sheet held up to the camera, blind generation 7)."""

    def __init__(self):
        self.sizes = []

    def read(self, sha, page, image, variant=""):
        from tests.helpers import line

        self.sizes.append(max(image.shape[:2]))
        short = [line("承诺书", 0.42, 0.19, 0.55, 0.22), line("和一切后果。", 0.16, 0.49, 0.28, 0.52),
                 line("严格审核。", 0.16, 0.61, 0.26, 0.64), line("单位经办人：", 0.16, 0.73, 0.28, 0.76)]
        if max(image.shape[:2]) > 1600:
            return short
        return short + [line("一、申报人是在昆明市企事业单位中直接从事专业技术工作的在岗专业技术人员", 0.16, 0.36, 0.86, 0.39),
                        line("二、申报人所填写的内容和提供的学历、资历、论文、工作业绩等申报材料均真实", 0.16, 0.42, 0.86, 0.45),
                        line("承诺人(申报人):", 0.47, 0.75, 0.62, 0.77)]


def test_a_page_no_reading_makes_a_document_of_is_read_once_more_at_a_coarser_scale():
    from preaudit.pipeline.intake.orientation import COARSE_SIDE, Verdict, read_upright

    def judge(lines):
        score = sum("申报人" in ln.text for ln in lines)
        return Verdict(float(score), score >= 2)

    page = np.full((2339, 1653, 3), 250, np.uint8)
    ocr = _ScaleOcr()
    lines, prepared, degrees = read_upright(ocr, "0" * 64, 1, page, judge)
    assert any("申报人所填写" in ln.text for ln in lines) and degrees == 0
    assert prepared.image.shape[:2] == (2339, 1653)  # the boxes are shares of the page's own image
    assert ocr.sizes[-1] == COARSE_SIDE
    # a page that reads as a document at its own scale is not read again
    ocr = _ScaleOcr()
    read_upright(ocr, "0" * 64, 1, page, lambda lines: Verdict(5.0, True))
    assert ocr.sizes == [2339]


def test_an_outlines_corners_are_ordered_round_it_whichever_way_it_is_turned():
    """Corners picked by the sum and the difference of their coordinates took one corner twice for an
    outline turned near 45° (blind generation 9's card on a terrazzo sill: a sliver was warped and
    read no text). Round the centre they are four, clockwise from the one nearest the top left."""
    from preaudit.pipeline.intake.preprocess import _order

    sill = np.array([[675.0, 84.4], [1740.6, 631.2], [1168.8, 1112.5], [100.0, 790.6]], np.float32)  # as found there
    shapes = [sill]
    for angle in (0, 20, 40, 70, -30):
        t = np.radians(angle)
        rect = np.array([[-300, -190], [300, -190], [300, 190], [-300, 190]], np.float32)
        shapes.append(rect @ np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]], np.float32) + 800)
    for quad in shapes:
        ordered = _order(quad[[2, 0, 3, 1]])
        assert len({tuple(np.round(p, 3)) for p in ordered}) == 4, quad
        assert tuple(ordered[0]) == tuple(quad[np.argmin(quad.sum(axis=1))])
        edges = [ordered[(i + 1) % 4] - ordered[i] for i in range(4)]
        turns = [a[0] * b[1] - a[1] * b[0] for a, b in zip(edges, edges[1:] + edges[:1])]
        assert all(c > 0 for c in turns), quad  # clockwise on the screen (y down)


class _WarpBlind:
    """An OCR stand-in that reads nothing in a warped picture and a line in the picture as it came."""

    def read(self, sha, number, image, variant=""):
        from preaudit.pipeline.model import BBox, TextLine
        return [TextLine(text="公民身份号码", bbox=BBox(x0=0.1, y0=0.8, x1=0.3, y1=0.85), confidence=0.99)] if variant.endswith(":whole") else []


def test_a_page_that_reads_nothing_once_warped_to_an_outline_is_read_as_it_came():
    page = _text_page()
    table = np.full((1400, 1100, 3), 60, np.uint8)
    table[150:1250, 150:950] = page
    lines, prepared, _ = read_upright(_WarpBlind(), "t", 1, table)
    assert [ln.text for ln in lines] == ["公民身份号码"] and "perspective" not in prepared.steps
