"""Issue 12: ID cards and photos on an independent corpus (other renderings, fonts, phone photos,
scans, image PDFs).

Failure classes, each drawn here (tests/regressions/idcards.py: Noto Sans/Serif SC, other card
layouts, quarter turns, perspective, colour casts, JPEG, both faces on one A4 page in several
arrangements, seals and handwriting over them) or built as OCR would read them:
- signed copies of both faces typed `other` (both faces DOC_MISSING); a card at 90° typed `other`;
- a faint or split 姓名 label losing the name; labels lost under a seal;
- a blank card template typed `photo` or a card; an unrelated 承诺书 accepted as the pledge;
- values inferred by position or shape rather than read beside their label must not be certain
  on their own (pipeline/values/certainty.py).
"""

from __future__ import annotations

import hashlib
from datetime import date

import cv2
import numpy as np
import pytest

from preaudit.extractors.id_card import extract_back, extract_front
from preaudit.pipeline.values import cards
from preaudit.pipeline.values.certainty import default_settings, own_certainty
from preaudit.pipeline.intake.classify import classify_lines, classify_page, group_pages, page_types
from preaudit.pipeline.intake.faces import find_cards, tilt
from preaudit.pipeline.model import DocType, Page, SourceFile, TextLine
from preaudit.pipeline.intake.orientation import Verdict, read_upright
from preaudit.pipeline.intake.portraitlike import judge as judge_photo
from tests.helpers import line, page, rows
from tests.regressions import idcards

NUMBER = idcards.id_number("530302", date(1988, 11, 23), "042")  # a woman's, valid
CAP = 0.85

# --------------------------------------------------------------------------- the card's structure


@pytest.mark.parametrize(
    ("text", "start", "end", "inferred"),
    [
        ("2016.05.09-2036.05.09", "2016-05-09", "2036-05-09", False),
        ("2023.0801:2033.08.01", "2023-08-01", "2033-08-01", False),  # a separator lost, one misread
        ("201906.09-2029.06.09", "2019-06-09", "2029-06-09", False),
        ("2020.01282040.01.28", "2020-01-28", "2040-01-28", False),
        ("2022.10.13-20321013", "2022-10-13", "2032-10-13", False),
        ("2010.01.02-长期", "2010-01-02", None, False),
        ("2010 01 02 - 长期", "2010-01-02", None, False),
        ("201804.09-2036.04", "2018-04-09", "2036-04-09", True),  # the end's month and day lost
    ],
)
def test_the_validity_period_is_read_from_its_digits(text, start, end, inferred):
    v = cards.validity_period(text)
    assert v is not None
    assert v.start.isoformat() == start
    assert (v.end.isoformat() if v.end else None) == end
    assert v.inferred == inferred


@pytest.mark.parametrize("text", ["2024-08-14", "此复印件与原件一致", ".05.09-2036.05.09", "1804.09-20"])
def test_what_is_no_validity_period(text):
    assert not cards.is_validity_period(text)


def test_authority_ethnicity_and_birth_shapes():
    assert cards.is_authority("昆明市公安局盘龙分局") and cards.is_authority("富民县公安局")
    assert not cards.is_authority("居民身份证") and not cards.is_authority("2016.05.09")
    assert cards.ethnic_group("彝族") == "彝" and cards.ethnic_group("维吾尔") == "维吾尔"
    assert cards.ethnic_group("男") is None
    born = date(1988, 11, 23)
    assert cards.shows_date("1988年1123", born) and cards.shows_date("出生 1988 年 11 月 23 日", born)
    assert not cards.shows_date(NUMBER, born)


# --------------------------------------------------------------------------- classification


FRONT = ["姓名 李娜", "性别 女 民族 彝", "出生 1988 年 11 月 23 日", "住址 云南省楚雄彝族自治州楚雄市", "鹿城镇永安路18号",
         f"公民身份号码 {NUMBER}"]
BACK = ["中华人民共和国", "居民身份证", "签发机关 曲靖市公安局麒麟分局", "有效期限 2016.05.09-2036.05.09"]


@pytest.mark.parametrize(
    ("texts", "expected", "why"),
    [
        (["李娜", "女", "民族 彝", "1988年1123", "云南省楚雄彝族自治州楚雄市", NUMBER], DocType.ID_CARD_FRONT,
         "faint labels: only 民族 read, the number's birth date printed again"),
        (["李娜", "女", "彝", "1988 11 23", "云南省楚雄彝族自治州楚雄市", NUMBER], DocType.ID_CARD_FRONT,
         "no label at all: a valid number and its birth date on another line"),
        (["姓名", "性别", "民族", "出生", "年", "月", "日", "住址", "公民身份号码"], DocType.OTHER, "a blank template of the front"),
        (["中华人民共和国", "居民身份证", "签发机关", "有效期限"], DocType.OTHER, "a blank template of the back"),
        (["中华人民共和国", "居民身份证", "曲靖市公安局麒麟分局", "2016.05.09-2036.05.09"], DocType.ID_CARD_BACK,
         "the back's labels lost under a seal: authority and validity period"),
        (["中华人民共和国", "居民身份证", "效期限", "2016.05.09-2036.05.09"], DocType.ID_CARD_BACK, "a label cut by the seal"),
        (["劳务协议", "甲方：某某公司", "协议期限 2022.07.01-2027.07.01"], DocType.OTHER, "a period of validity alone is no card"),
        (["2024昆明滇池公益健步行", "参赛安全承诺书", "本人自愿报名参加活动，承诺如下：", "承诺人（签字）：", "日期：2024年7月20日"],
         DocType.OTHER, "a charity walk's waiver is a 承诺书 but no 职称 pledge"),
        (["纳税信用承诺书", "本人承诺按时申报纳税", "承诺人：张伟"], DocType.OTHER, "a tax pledge neither"),
        (["职称申报承诺书", "承诺人：张伟"], DocType.PLEDGE, "the 职称 pledge"),
        (["专业技术职务任职资格申报承诺书", "本人郑重承诺", "承诺人：张伟"], DocType.PLEDGE, "another wording of it"),
    ],
)
def test_types_need_their_own_evidence_and_values(texts, expected, why):
    assert classify_page(page(rows(texts), width=1000, height=1400)).doc_type == expected, why


def _face(texts: list[str], x0: float, y0: float, w: float = 0.35, step: float = 0.03) -> list[TextLine]:
    return [line(t, x0, y0 + i * step, x0 + w, y0 + i * step + 0.02) for i, t in enumerate(texts)]


NOTE = [line("此复印件与原件一致，仅供职称申报使用", 0.1, 0.62, 0.6, 0.65), line("李娜 2024.08.12", 0.4, 0.72, 0.6, 0.75)]


@pytest.mark.parametrize(
    "arrangement",
    ["stacked", "side_by_side", "back_first", "seal_over_back_labels"],
)
def test_both_faces_on_one_page_are_parted_between_the_faces(arrangement):
    """Each face is typed and read from its own lines, wherever the two lie on the page."""
    back = BACK
    if arrangement == "seal_over_back_labels":
        back = ["中华人民共和国", "居民身份证", "曲靖市公安局麒麟分局", "2016.05.09-2036.05.09"]
    places = {"stacked": ((0.2, 0.08), (0.2, 0.33)), "side_by_side": ((0.05, 0.1), (0.55, 0.1)),
              "back_first": ((0.2, 0.33), (0.2, 0.08)), "seal_over_back_labels": ((0.05, 0.1), (0.55, 0.1))}[arrangement]
    lines = _face(FRONT, *places[0]) + _face(back, *places[1]) + NOTE
    p = page(lines, width=1654, height=2339)
    groups = group_pages([p])
    assert [g.doc_type for g in groups] == [DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK]
    front, back_page = groups[0].pages[0], groups[1].pages[0]
    assert all(ln.text not in {t for t in back} for ln in front.lines)
    assert all(ln.text not in set(FRONT) for ln in back_page.lines)
    assert not any("2024.08.12" in ln.text for ln in front.lines + back_page.lines)  # the signature is no face's
    f, b = extract_front([front]), extract_back([back_page])
    assert (f["name"].value, f["id_number"].value, f["address"].value) == ("李娜", NUMBER, "云南省楚雄彝族自治州楚雄市鹿城镇永安路18号")
    assert (b["issuing_authority"].value, b["valid_from"].value, b["valid_until"].value) == \
        ("曲靖市公安局麒麟分局", "2016-05-09", "2036-05-09")
    # the parts keep the page's image, geometry and page-relative boxes (evidence crops)
    assert front.number == p.number and front.geometry == p.geometry


def test_a_stray_anchor_of_the_other_face_does_not_split_a_single_card():
    p = page(rows(["姓名 张伟", "性别 男 民族 汉", "住址 云南省昆明市", "公民身份号码 530102199003071238", "居民身份证"]))
    assert [c.doc_type for c in page_types(p)] == [DocType.ID_CARD_FRONT]


# --------------------------------------------------------------------------- reading the front


def test_a_faint_name_label_is_found_by_position_and_shape_at_a_lower_confidence():
    lines = [line("李娜", 0.15, 0.12, 0.25, 0.2), line("女", 0.15, 0.26, 0.2, 0.33), line("民族彝", 0.27, 0.25, 0.45, 0.34),
             line("1988年1123", 0.17, 0.38, 0.47, 0.45), line("云南省楚雄彝族自治州楚", 0.17, 0.5, 0.6, 0.57),
             line("雄市鹿城镇永安路18号", 0.17, 0.59, 0.57, 0.65), line(NUMBER, 0.29, 0.8, 0.79, 0.87)]
    f = extract_front([page(lines)])
    assert f["name"].value == "李娜" and f["name"].confidence <= CAP
    assert f["birth_date"].value == "1988-11-23" and f["birth_date"].confidence <= CAP
    assert f["address"].value == "云南省楚雄彝族自治州楚雄市鹿城镇永安路18号" and f["address"].confidence <= CAP
    assert f["id_number"].value == NUMBER and f["id_number"].confidence <= CAP  # found by its shape, not its label
    assert f["ethnicity"].value == "彝"
    assert f["gender"].value == "女"
    settings = default_settings()
    assert own_certainty("name", f["name"], settings)[0] == "unsure"  # certain only if another document agrees
    assert own_certainty("id_number", f["id_number"], settings)[0] == "unsure"


@pytest.mark.parametrize(
    "name_lines",
    [
        [line("娃名李娜", 0.05, 0.1, 0.3, 0.15)],  # 姓 misread
        [line("姓明李娜", 0.05, 0.1, 0.3, 0.15)],  # 名 misread
        [line("姓", 0.05, 0.1, 0.08, 0.15), line("名李娜", 0.11, 0.1, 0.3, 0.15)],  # 姓 名 spaced, split
        [line("姓 名", 0.05, 0.1, 0.14, 0.15), line("李娜", 0.16, 0.1, 0.3, 0.15)],
        [line("姓名", 0.05, 0.1, 0.14, 0.15), line("李娜", 0.16, 0.1, 0.3, 0.15)],
        [line("姓名李娜", 0.05, 0.1, 0.3, 0.15)],
    ],
)
def test_a_garbled_or_split_name_label_still_gives_the_name(name_lines):
    rest = [line("性别女", 0.05, 0.2, 0.2, 0.25), line("民族彝", 0.25, 0.2, 0.4, 0.25),
            line("出生1988年11月23日", 0.05, 0.3, 0.45, 0.35), line("住址云南省楚雄市鹿城镇永安路18号", 0.05, 0.4, 0.6, 0.45),
            line("公民身份号码", 0.05, 0.8, 0.25, 0.85), line(NUMBER, 0.3, 0.8, 0.8, 0.85)]
    f = extract_front([page(name_lines + rest)])
    assert f["name"].value == "李娜"
    assert f["id_number"].value == NUMBER and f["id_number"].confidence > 0.9  # beside its own label
    assert f["birth_date"].value == "1988-11-23"


def test_a_split_number_label_counts_as_its_label():
    lines = [line("姓名李娜", 0.05, 0.1, 0.3, 0.15), line("公民身份", 0.05, 0.8, 0.17, 0.85), line("号码", 0.18, 0.8, 0.25, 0.85),
             line(NUMBER, 0.3, 0.8, 0.8, 0.85)]
    assert extract_front([page(lines)])["id_number"].confidence > 0.9


def test_a_label_is_never_taken_for_the_name():
    lines = [line("姓名", 0.05, 0.1, 0.14, 0.15), line("性别", 0.05, 0.2, 0.14, 0.25), line("民族", 0.25, 0.2, 0.34, 0.25),
             line(NUMBER, 0.3, 0.8, 0.8, 0.85)]
    assert extract_front([page(lines)])["name"].value is None


# --------------------------------------------------------------------------- reading the back


@pytest.mark.parametrize(
    ("lines", "authority", "start", "end", "sure"),
    [
        (["签发机关 昆明市公安局西山分局", "有效期限 2023.0801:2033.08.01"], "昆明市公安局西山分局", "2023-08-01", "2033-08-01", True),
        (["签发机关 昆明市公安局官渡分局", "有效期限2020.01282040.01.28"], "昆明市公安局官渡分局", "2020-01-28", "2040-01-28", True),
        (["发机关 昆明市公安局盘龙分局", "有效期限2017.07.25-2027.07.25"], "昆明市公安局盘龙分局", "2017-07-25", "2027-07-25", True),
        (["中华人民共和国", "居民身份证", "昆明市公安局五华分局", "期限", "2020.03.09-2030.03.09"], "昆明市公安局五华分局",
         "2020-03-09", "2030-03-09", False),  # labels under the seal: found by shape
        (["签发机关", "有效期限", "201804.09-2036.04"], None, "2018-04-09", "2036-04-09", False),
        (["签发机关 新甲", "有效期限 2010.01.02-长期"], None, "2010-01-02", "long_term", True),  # 新甲 is no authority
    ],
)
def test_back_values_by_label_or_by_shape(lines, authority, start, end, sure):
    f = extract_back([page(rows(lines))])
    assert f["issuing_authority"].value == authority
    assert (f["valid_from"].value, f["valid_until"].value) == (start, end)
    assert (f["valid_until"].confidence > 0.9) == sure


# --------------------------------------------------------------------------- quarter turns


class _TurnAwareEngine:
    """Reads a card's text only when the picture is upright (its dark mark top-left), garbage
    else: the orientation logic must find the upright turn from the classification alone."""

    name = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def read(self, image: np.ndarray) -> list[TextLine]:
        self.calls += 1
        h, w = image.shape[:2]
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        corner = gray[: h // 4, : w // 4].mean()
        if corner < 128:
            return [line(t, 0.1, 0.1 + i * 0.1, 0.6, 0.16 + i * 0.1, 0.97) for i, t in enumerate(
                ["姓名李娜", "性别女民族彝", "出生1988年11月23日", "住址云南省楚雄市", f"公民身份号码{NUMBER}"])]
        # horizontal garbage, confident enough that the plain diagnosis sees nothing wrong
        return [line(t, 0.1, 0.1 + i * 0.1, 0.6, 0.16 + i * 0.1, 0.95) for i, t in enumerate(["口口", "川川", "三三三", "二二"])]


def _judge(lines: list[TextLine]) -> Verdict:
    c = classify_lines(lines)
    return Verdict(0.0 if c.doc_type == DocType.OTHER else c.score, c.doc_type != DocType.OTHER and c.score >= 4)


@pytest.mark.parametrize(("code", "undo"), [(None, 0), (cv2.ROTATE_90_CLOCKWISE, 270), (cv2.ROTATE_90_COUNTERCLOCKWISE, 90),
                                            (cv2.ROTATE_180, 180)])
def test_a_card_that_reads_as_nothing_is_tried_in_the_other_quarter_turns(code, undo):
    from preaudit.pipeline.intake.ocr import OcrCache

    card = np.full((540, 856, 3), 240, np.uint8)
    card[:120, :200] = 20  # the mark that says "upright" to the fake engine
    image = card if code is None else cv2.rotate(card, code)
    engine = _TurnAwareEngine()
    lines, prepared, degrees = read_upright(OcrCache(engine), f"t{code}", 1, image, _judge)
    assert degrees == undo
    assert classify_lines(lines).doc_type == DocType.ID_CARD_FRONT
    assert engine.calls <= 4


def test_a_clear_upright_page_that_is_no_document_is_not_turned():
    from preaudit.pipeline.intake.ocr import OcrCache

    class Clear:
        name = "clear"
        calls = 0

        def read(self, image):
            Clear.calls += 1
            return [line("会议纪要今天讨论了很多事情以及后续工作安排", 0.1, 0.05 + i * 0.05, 0.9, 0.08 + i * 0.05, 0.99) for i in range(12)]

    read_upright(OcrCache(Clear()), "clear", 1, np.full((1400, 1000, 3), 255, np.uint8), _judge)
    assert Clear.calls == 1


# --------------------------------------------------------------------------- photos and templates

needs_fonts = pytest.mark.skipif(not idcards.available(), reason="Pillow with Noto Sans/Serif SC (pylopdf-fonts-zh-cn) needed")


def _image_page(image: np.ndarray, file: str = "照片.jpg", lines: list[TextLine] | None = None) -> Page:
    h, w = image.shape[:2]
    return Page(file=file, file_sha256="0" * 64, number=1, width=w, height=h, source="ocr", lines=lines or [],
                geometry={"source_size": [w, h]}).with_image(image)


@pytest.mark.parametrize("backdrop", [(250, 130, 60), (245, 245, 245), (40, 30, 200)])
def test_a_1_inch_photo_on_any_plain_backdrop_is_a_photo(backdrop):
    photo = idcards.one_inch_photo(np.random.default_rng(1), background=backdrop)
    assert classify_page(_image_page(photo)).doc_type == DocType.PHOTO


def test_a_white_shirt_on_a_white_backdrop_leaves_a_head_that_is_still_a_photo():
    photo = idcards.one_inch_photo(np.random.default_rng(4), background=(246, 246, 246), jacket=(240, 240, 240))
    h, w = photo.shape[:2]
    shade = np.linspace(0.9, 1.0, w)[None, :, None]  # a little studio shading across the backdrop
    assert classify_page(_image_page((photo * shade).astype(np.uint8))).doc_type == DocType.PHOTO


@pytest.mark.parametrize("turn", [cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE, cv2.ROTATE_180])
def test_a_photo_uploaded_on_its_side_is_still_a_photo(turn):
    photo = cv2.rotate(idcards.one_inch_photo(np.random.default_rng(3)), turn)
    assert classify_page(_image_page(photo)).doc_type == DocType.PHOTO


def test_a_printed_photo_scanned_with_a_margin_and_tilted_is_a_photo():
    photo = idcards.one_inch_photo(np.random.default_rng(2))
    h, w = photo.shape[:2]
    paper = np.full((h + 120, w + 100, 3), 243, np.uint8)
    paper[60:60 + h, 50:50 + w] = photo
    m = cv2.getRotationMatrix2D((paper.shape[1] / 2, paper.shape[0] / 2), -3.0, 1.0)
    scanned = cv2.warpAffine(paper, m, (paper.shape[1], paper.shape[0]), borderValue=(40, 40, 40))
    assert judge_photo(idcards.jpeg(scanned, 60), {}).photo


@needs_fonts
@pytest.mark.parametrize("turn", [None, cv2.ROTATE_90_CLOCKWISE])
def test_a_blank_card_template_is_no_photo(turn):
    template = idcards.draw_front(idcards.Card(), template=True)
    if turn is not None:
        template = cv2.rotate(template, turn)  # portrait, like a photo
    assert classify_page(_image_page(template)).doc_type == DocType.OTHER


def test_an_empty_form_or_a_blank_page_is_no_photo():
    form = np.full((800, 560, 3), 255, np.uint8)
    for y in range(100, 700, 60):
        cv2.line(form, (50, y), (510, y), (0, 0, 0), 2)
    assert classify_page(_image_page(form)).doc_type == DocType.OTHER
    assert classify_page(_image_page(np.full((600, 420, 3), 255, np.uint8))).doc_type == DocType.OTHER


# --------------------------------------------------------------------------- card outlines on a page


@needs_fonts
@pytest.mark.parametrize(("arrangement", "angles"), [("stacked", (0, 0)), ("side_by_side", (4, -6)), ("diagonal", (17, -15))])
def test_card_outlines_are_found_on_a_copy(arrangement, angles):
    card = idcards.Card()
    page_image = idcards.a4_copy(idcards.draw_front(card), idcards.draw_back(card), arrangement, tilt=angles)
    quads = find_cards(page_image)
    assert len(quads) == 2
    assert all(abs(a - b) <= 2 for a, b in zip(sorted(tilt(q) for q in quads), sorted(abs(x) for x in angles)))
    for q in quads:  # the long side first: the face is read landscape
        assert np.linalg.norm(q[1] - q[0]) > np.linalg.norm(q[3] - q[0])


# --------------------------------------------------------------------------- through the OCR engine

CASES = {
    # name: (builder, expected types in order, fields that must be read)
    "front_photo_90_faint": "front",
    "front_photo_270": "front",
    "copy_side_by_side_photo": "both",
    "copy_tilted_image_pdf": "both",
    "copy_faces_turned": "both",
    "template": "other",
    "waiver": "other",
}


def _build(name: str, rng: np.random.Generator) -> tuple[bytes, str]:
    card = idcards.Card(name="李娜", gender="女", ethnicity="彝", address="云南省楚雄彝族自治州楚雄市鹿城镇永安路18号")
    faint = idcards.Style(label_face="serif", value_face="kai", faint_labels=0.3)
    plain = idcards.Style(label_face="serif", value_face="sans", spaced_labels=False, background=(245, 238, 228))
    small = lambda img, side: cv2.resize(img, None, fx=side / max(img.shape[:2]), fy=side / max(img.shape[:2]),  # noqa: E731
                                         interpolation=cv2.INTER_AREA)
    if name == "front_photo_90_faint":
        img = idcards.card_photo(idcards.draw_front(card, faint, rng), rng, cv2.ROTATE_90_CLOCKWISE, tilt=0.1)
        return idcards.jpeg_bytes(small(img, 900), 55), ".jpg"
    if name == "front_photo_270":
        img = idcards.card_photo(idcards.draw_front(card, plain, rng), rng, cv2.ROTATE_90_COUNTERCLOCKWISE, tilt=0.08)
        return idcards.jpeg_bytes(small(img, 1000), 60), ".jpg"
    front, back = idcards.draw_front(card, plain, rng), idcards.draw_back(card, plain, rng)
    if name == "copy_side_by_side_photo":
        shot = idcards.photograph(idcards.a4_copy(front, back, "side_by_side", tilt=(4, -6)), rng, tilt=0.12, blur=1.8,
                                  long_side=1800)
        return idcards.jpeg_bytes(shot, 50), ".jpg"
    if name == "copy_tilted_image_pdf":
        return idcards.image_pdf(idcards.a4_copy(front, back, "stacked", tilt=(17, -15)), 60), ".pdf"
    if name == "copy_faces_turned":
        turned = idcards.a4_copy(cv2.rotate(front, cv2.ROTATE_90_CLOCKWISE), cv2.rotate(back, cv2.ROTATE_90_CLOCKWISE), "side_by_side")
        return idcards.image_pdf(turned, 70), ".pdf"
    if name == "template":
        return idcards.jpeg_bytes(cv2.rotate(idcards.draw_front(card, plain, template=True), cv2.ROTATE_90_CLOCKWISE), 80), ".jpg"
    if name == "waiver":
        return idcards.jpeg_bytes(idcards.charity_waiver(), 80), ".jpg"
    raise ValueError(name)


@pytest.mark.ocr
@needs_fonts
@pytest.mark.parametrize("name", list(CASES))
def test_hard_id_documents_through_the_ocr_engine(name, ocr_cache, tmp_path):
    from preaudit.pipeline.run import read_file

    data, suffix = _build(name, np.random.default_rng(12))
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(data)
    sf = SourceFile(path=path.name, abs_path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    kind="pdf" if suffix == ".pdf" else "image")
    docs = read_file(sf, ocr_cache).documents
    types = [d.doc_type for d in docs]
    kind = CASES[name]
    if kind == "other":
        assert types == [DocType.OTHER], types
        return
    if kind == "front":
        assert types == [DocType.ID_CARD_FRONT], types
    else:
        assert types == [DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK], types
        back = docs[1]
        assert (back.value("valid_from"), back.value("valid_until")) == ("2016-05-09", "2036-05-09")
        assert back.value("issuing_authority") == "曲靖市公安局麒麟分局"
    front = docs[0]
    assert front.value("id_number") == idcards.id_number("530302", date(1988, 11, 23), "042")
    assert front.value("name") == "李娜"
    assert front.value("birth_date") == "1988-11-23"


# --------------------------------------------------------------------------- a face read on its own


def test_a_face_read_on_its_own_reports_its_boxes_on_the_page():
    """The face is read upright in its own frame; the extractor's boxes come back on the page,
    inside the card's outline, where evidence crops are cut."""
    from preaudit.pipeline.intake.faces import face_part, read_face
    from preaudit.pipeline.intake.ocr import OcrCache

    page_image = np.full((2339, 1654, 3), 255, np.uint8)
    centre, size, angle = (800.0, 700.0), (1000.0, 631.0), 15.0
    corners = cv2.boxPoints((centre, size, angle)).astype(np.float32)
    cv2.polylines(page_image, [corners.astype(np.int32)], True, (90, 90, 90), 4)
    face_lines = [line("姓名李娜", 0.05, 0.1, 0.3, 0.16), line("性别女民族彝", 0.05, 0.25, 0.4, 0.31),
                  line("出生1988年11月23日", 0.05, 0.38, 0.5, 0.44), line("住址云南省楚雄市鹿城镇永安路18号", 0.05, 0.5, 0.65, 0.56),
                  line(f"公民身份号码{NUMBER}", 0.05, 0.82, 0.8, 0.88)]

    class FaceEngine:
        name = "face"

        def read(self, image):
            return face_lines

    quad = find_cards(page_image)[0]
    reading = read_face(OcrCache(FaceEngine()), "face", 1, page_image, quad, _judge)
    p = page([], width=1654, height=2339)
    part = face_part(p, reading)
    fields = extract_front([part])
    assert fields["name"].value == "李娜" and fields["id_number"].value == NUMBER
    xs, ys = corners[:, 0] / 1654, corners[:, 1] / 2339
    for fv in fields.values():
        if fv.bbox is None:
            continue
        cx, cy = (fv.bbox.x0 + fv.bbox.x1) / 2, (fv.bbox.y0 + fv.bbox.y1) / 2
        assert xs.min() <= cx <= xs.max() and ys.min() <= cy <= ys.max()
    # the number's box keeps its text (raw), so that the report masks its middle digits there
    assert NUMBER in fields["id_number"].raw
    # the part's own lines are on the page too (page-relative boxes inside the outline)
    assert all(xs.min() - 0.01 <= ln.bbox.x0 and ln.bbox.x1 <= xs.max() + 0.01 for ln in part.lines)


def test_traditional_forms_ocr_returns_are_folded():
    back = ["中華人民共和國", "居民身份證", "簽發機關 昆明市公安局", "有效期限 2015.03.07-2035.03.07"]
    assert classify_page(page(rows(back))).doc_type == DocType.ID_CARD_BACK
    front = ["姓名 張偉", "性別 男 民族 漢", "出生 1990年3月7日", "住址 雲南省昆明市", "公民身份號碼 530102199003071238"]
    assert classify_page(page(rows(front))).doc_type == DocType.ID_CARD_FRONT
    f = extract_front([page(rows(front))])
    assert (f["name"].value, f["id_number"].value, f["gender"].value) == ("张伟", "530102199003071238", "男")


def test_a_face_standing_on_its_side_gives_the_number_no_box():
    """A face read on its own while it stands at 90° on the page: its number's box on the page
    would be a column, where the report cannot mask the middle digits; no box, no crop."""
    from preaudit.pipeline.intake.faces import FaceReading, face_part

    # face frame (u, v) -> page (x, y): turned 90° clockwise onto the page's left half
    to_page = np.array([[0, -0.4, 0.45], [0.6, 0, 0.2], [0, 0, 1]], dtype=np.float64)
    face_lines = [line("姓名李娜", 0.05, 0.1, 0.3, 0.16), line(f"公民身份号码{NUMBER}", 0.05, 0.82, 0.8, 0.88)]
    part = face_part(page([], width=1654, height=2339), FaceReading(lines=face_lines, to_page=to_page, turn=0))
    fields = extract_front([part])
    assert fields["id_number"].value == NUMBER and fields["id_number"].bbox is None
    assert fields["name"].bbox is not None


@pytest.mark.parametrize(("text", "start", "end"), [
    ("有效期盟2020.10.T0-2030.10.10", date(2020, 10, 10), date(2030, 10, 10)),  # a seal's ink over a 1
    ("有效期限2O16.05.09-2036.05.09", date(2016, 5, 9), date(2036, 5, 9)),
    ("2024.0S.01-2034.05.01", date(2024, 5, 1), date(2034, 5, 1)),
])
def test_letters_read_for_digits_inside_a_period_are_digits(text, start, end):
    from preaudit.pipeline.values.cards import validity_period
    v = validity_period(text)
    assert v is not None and (v.start, v.end) == (start, end)


def test_letters_beside_a_period_stay_letters():
    from preaudit.pipeline.values.cards import digit_lookalikes
    assert digit_lookalikes("Tel2020.10.10") == "Tel2020.10.10"


# --------------------------------------------------------------------------- a card on a patterned cloth


def _on_cloth(face: str, share: float, lean: float, tmp_path) -> SourceFile:
    rng = np.random.default_rng(12)
    card = idcards.Card(name="李娜", gender="女", ethnicity="彝", address="云南省楚雄彝族自治州楚雄市鹿城镇永安路18号")
    plain = idcards.Style(label_face="serif", value_face="sans", spaced_labels=False, background=(245, 238, 228))
    drawn = {"front": idcards.draw_front(card, plain, rng), "back": idcards.draw_back(card, plain, rng)}
    data = idcards.jpeg_bytes(idcards.card_on_cloth(drawn[face], rng, share=share, lean=lean), 80)
    path = tmp_path / f"cloth_{face}.jpg"
    path.write_bytes(data)
    return SourceFile(path=path.name, abs_path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data), kind="image")


@pytest.mark.ocr
@needs_fonts
def test_a_card_on_a_checked_cloth_is_placed_by_its_words_and_read(ocr_cache, tmp_path):
    """A card photographed at a steep angle on a gingham cloth: no outline is found in the checks, so the
    face is placed by its printed words (pipeline/intake/cardlayout.py) and read on its own; the page's
    own reading still wins where it shows more of the face's values."""
    from preaudit.pipeline.run import read_file

    front = read_file(_on_cloth("front", 0.4, 0.45, tmp_path), ocr_cache).documents
    assert [d.doc_type for d in front] == [DocType.ID_CARD_FRONT]
    assert front[0].value("address") == "云南省楚雄彝族自治州楚雄市鹿城镇永安路18号"  # the page alone cut it
    assert front[0].value("id_number") == NUMBER
    back = read_file(_on_cloth("back", 0.35, 0.35, tmp_path), ocr_cache).documents
    assert [d.doc_type for d in back] == [DocType.ID_CARD_BACK]
    assert (back[0].value("valid_from"), back[0].value("valid_until")) == ("2016-05-09", "2036-05-09")
