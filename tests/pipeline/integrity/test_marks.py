"""The hand-mark detector (pipeline/integrity/marks.py): signature and fingerprint at the pledge's
signing place, on drawn pages (both classes: marks there, marks left out) and on pledges the
fixtures draw (fixtures/marks.py), read through the pipeline."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from preaudit.pipeline.integrity.marks import NO, UNKNOWN, YES, scan_marks
from preaudit.pipeline.model import BBox
from tests.helpers import line

W, H = 827, 1170  # A4 at 100 dpi
BODY = "本人承诺所提交的所有评审材料均为真实有效如有虚假愿意承担责任"
LABEL = (0.50, 0.600, 0.64, 0.615)


def _glyphs(img: np.ndarray, box: tuple[float, float, float, float], n: int) -> None:
    """Print-like ink in a line's box: one small dark block of strokes per character."""
    x0, y0, x1, y1 = box[0] * W, box[1] * H, box[2] * W, box[3] * H
    step = (x1 - x0) / n
    for k in range(n):
        cx = int(x0 + step * (k + 0.5))
        cv2.rectangle(img, (cx - 5, int(y0) + 3), (cx + 5, int(y1) - 3), (30, 30, 30), 1)
        cv2.line(img, (cx - 5, int((y0 + y1) / 2)), (cx + 5, int((y0 + y1) / 2)), (30, 30, 30), 1)


def _page(signature: bool = True, fingerprint: bool = True, seal_over: bool = False, label: str = "承诺人（签字）：",
          signature_colour=(120, 30, 20), seal: bool = True):
    """A pledge-like page: five lines of body text, the unit's seal on the left, the label, maybe a
    blue signature right of it and a red fingerprint after that (or the seal over the place); the
    page's lines as OCR would give them."""
    img = np.full((H, W, 3), 250, np.uint8)
    lines = []
    for i in range(5):
        box = (0.10, 0.20 + 0.03 * i, 0.86, 0.215 + 0.03 * i)
        _glyphs(img, box, 22)
        lines.append(line(BODY[:22], *box))
    _glyphs(img, LABEL, len(label))
    lines.append(line(label, *LABEL))
    date_box = (0.50, 0.655, 0.70, 0.670)
    _glyphs(img, date_box, 12)
    lines.append(line("日期：2024年8月21日", *date_box))
    if signature:  # a scribbled name, ~2.5 label heights wide
        pts = np.array([[560, 712], [575, 690], [585, 718], [598, 694], [606, 716], [622, 688], [630, 714],
                        [645, 700], [660, 706]], np.int32)
        cv2.polylines(img, [pts], False, signature_colour, 2, cv2.LINE_AA)
        cv2.line(img, (565, 700), (600, 702), signature_colour, 2, cv2.LINE_AA)
        cv2.line(img, (615, 698), (650, 692), signature_colour, 2, cv2.LINE_AA)
    if fingerprint:  # concentric broken ovals, ~3 label heights tall
        for k in range(8):
            cv2.ellipse(img, (700, 705), (4 + 3 * k, 6 + 3 * k), 10, 20 * k, 20 * k + 300, (40, 40, 200), 2)
    seals = []
    if not seal:
        return img, lines, seals
    cx = 640 if seal_over else 190
    cv2.circle(img, (cx, 705), 80, (40, 40, 210), 4)
    cv2.putText(img, "*", (cx - 20, 725), cv2.FONT_HERSHEY_SIMPLEX, 2, (40, 40, 210), 5)
    seals.append(BBox(x0=(cx - 82) / W, y0=(705 - 82) / H, x1=(cx + 82) / W, y1=(705 + 82) / H))
    return img, lines, seals


def test_signed_and_fingerprinted_page():
    img, lines, seals = _page()
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.label == "承诺人（签字）"
    assert scan.signature.state == YES and scan.fingerprint.state == YES
    fp = scan.fingerprint.bbox
    assert fp is not None and abs((fp.x0 + fp.x1) / 2 - 700 / W) < 0.02 and abs((fp.y0 + fp.y1) / 2 - 705 / H) < 0.02
    sig = scan.signature.bbox
    assert sig is not None and sig.x0 < 600 / W < sig.x1


def test_the_short_label_that_says_to_sign_is_the_place_not_the_header_one():
    # a 信用中国 letter: a header table's 承诺人（手写）| 高芳 above the text, and the signing line
    # 承诺人（手写签名并按手印）： at the foot, where the signature and the fingerprint are
    img, lines, seals = _page(label="承诺人（手写签名并按手印）：")
    header = [line("承诺人（手写)", 0.10, 0.12, 0.24, 0.135), line("高芳", 0.28, 0.115, 0.33, 0.14)]
    scan = scan_marks(img, header + lines, "pledge", seal_boxes=seals)
    assert scan.label == "承诺人"
    assert scan.signature.state == YES and scan.fingerprint.state == YES
    fp = scan.fingerprint.bbox
    assert fp is not None and abs((fp.y0 + fp.y1) / 2 - 705 / H) < 0.02
    # without the signing line, the header's short label is still the only place there is
    only = [ln for ln in header + lines if not ln.text.startswith("承诺人（手写签名")]
    assert scan_marks(img, only, "pledge", seal_boxes=seals).label == "承诺人"


def test_a_short_labels_bracket_cut_at_the_line_end_is_part_of_the_label():
    """承诺人(申报人)： read as 承诺人(申报 (the box cut where the fingerprint starts, issue 12 blind
    generation 4): (申报 is the label's own note, not printed text that ends the signature's place."""
    img, lines, seals = _page(label="承诺人(申报")
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.label == "承诺人"
    assert scan.signature.state == YES and scan.fingerprint.state == YES


def test_empty_place_is_no_on_both():
    img, lines, seals = _page(signature=False, fingerprint=False)
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.signature.state == NO and scan.fingerprint.state == NO


def test_signature_without_fingerprint():
    img, lines, seals = _page(fingerprint=False)
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.signature.state == YES and scan.fingerprint.state == NO


def test_fingerprint_is_not_a_signature():
    img, lines, seals = _page(signature=False)
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.signature.state == NO and scan.fingerprint.state == YES


def test_black_signature_counts():
    img, lines, seals = _page(signature_colour=(25, 25, 25), fingerprint=False)
    assert scan_marks(img, lines, "pledge", seal_boxes=seals).signature.state == YES


def test_handwriting_read_by_ocr_is_still_a_signature():
    """OCR may read the signed name and run it into the label's line: still a signature."""
    img, lines, seals = _page()
    lines = [line("承诺人（签字）：赵思远", LABEL[0], LABEL[1] - 0.01, 0.80, LABEL[3] + 0.01) if ln.text.startswith("承诺人")
             else ln for ln in lines]
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals, name="赵思远")
    assert scan.signature.state == YES


def test_seal_over_the_place_makes_the_fingerprint_unsure():
    img, lines, seals = _page(fingerprint=False, seal_over=True)
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.fingerprint.state == UNKNOWN and scan.fingerprint.reason == "seal_over_place"
    assert scan.signature.state != NO  # the seal's red is not the signature, but it hides nothing


def test_page_without_colour_cannot_tell_a_missing_print():
    """No colour anywhere (a colour scan of a black-and-white copy, or no seal, no print): unsure."""
    img, lines, _ = _page(fingerprint=False, seal=False, signature_colour=(25, 25, 25))
    img[:, :, 2] = np.minimum(img[:, :, 2].astype(int) + 4, 255).astype(np.uint8)  # a scanner's warm tint
    scan = scan_marks(img, lines, "pledge")
    assert scan.fingerprint.state == UNKNOWN and scan.fingerprint.reason == "achromatic"


def test_grey_copy_cannot_show_a_red_fingerprint():
    img, lines, seals = _page(fingerprint=False)
    gray = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    scan = scan_marks(gray, lines, "pledge", seal_boxes=seals)
    assert scan.fingerprint.state == UNKNOWN and scan.fingerprint.reason == "grayscale"
    assert scan.signature.state == YES


def test_without_the_label_nothing_is_said():
    img, lines, seals = _page(signature=False, fingerprint=False)
    lines = [ln for ln in lines if not ln.text.startswith("承诺人")]
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.signature.state == UNKNOWN and scan.signature.reason == "no_label"
    assert scan.fingerprint.state == UNKNOWN


def test_another_persons_place_is_not_the_applicants():
    img, lines, seals = _page(signature=False, fingerprint=False, label="单位审核（签名）盖章：")
    assert scan_marks(img, lines, "pledge", seal_boxes=seals).signature.reason == "no_label"


def test_name_read_at_an_empty_looking_place_is_never_no():
    """If the signer's name was read at the place but no ink was kept, the answer is unsure."""
    img, lines, seals = _page(signature=False)
    lines.append(line("赵思远", 0.66, 0.595, 0.76, 0.625))
    # the ink under that line is not there (drawn without signature): yet the name was read
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals, name="赵思远")
    assert scan.signature.state != NO


def test_pale_print_is_never_no():
    """A print pressed with little ink: too pale to be sure of, so not "no"."""
    img, lines, seals = _page(fingerprint=False)
    for k in range(8):
        cv2.ellipse(img, (700, 705), (4 + 3 * k, 6 + 3 * k), 10, 0, 300, (200, 200, 236), 1)
    assert scan_marks(img, lines, "pledge", seal_boxes=seals).fingerprint.state != NO


def test_place_crowded_with_print_is_unsure():
    """Printed text just above the label, right after it and on the next row: no room left for a
    signature there, so an empty place is unsure, not unsigned (the signature may sit elsewhere)."""
    img, lines, seals = _page(signature=False, fingerprint=False)
    crowd = [(0.40, 0.582, 0.95, 0.597), (0.66, 0.600, 0.95, 0.615), (0.50, 0.622, 0.95, 0.637)]
    for box in crowd:
        _glyphs(img, box, 14)
        lines.append(line("单位审核意见盖章日期年月日", *box))
    scan = scan_marks(img, lines, "pledge", seal_boxes=seals)
    assert scan.signature.state == UNKNOWN and scan.signature.reason == "no_room"


def test_tiny_image_is_unsure():
    img, lines, seals = _page()
    small = cv2.resize(img, (W // 6, H // 6), interpolation=cv2.INTER_AREA)
    assert scan_marks(small, lines, "pledge").signature.state == UNKNOWN


def test_types_without_a_signing_place_are_not_judged():
    img, lines, _ = _page()
    assert scan_marks(img, lines, "photo").signature.reason == "not_signed_here"


# --------------------------------------------------------------------------- drawn pledges, read whole

def _read(tmp_path: Path, data: bytes, delivery: str, ocr):
    from preaudit.fixtures.marks import EXT
    from preaudit.pipeline.intake.walk import source_file
    from preaudit.pipeline.run import read_file

    path = tmp_path / f"pledge.{EXT[delivery]}"
    path.write_bytes(data)
    result = read_file(source_file(path, path.name, tmp_path), ocr)
    pledges = [d for d in result.documents if d.doc_type.value == "pledge"]
    assert pledges, [d.doc_type for d in result.documents]
    return pledges[0]


@pytest.mark.parametrize("signature,fingerprint", [(True, True), (False, True), (True, False), (False, False)])
def test_corpus_pledge_text_pdf(tmp_path: Path, signature: bool, fingerprint: bool):
    """The corpus's 信用中国 pledge as a text PDF (no OCR: the text layer gives the lines)."""
    from preaudit.fixtures.marks import pledge_file

    data, truth = pledge_file(1, 5, "credit", "text_pdf", signature=signature, fingerprint=fingerprint)
    doc = _read(tmp_path, data, "text_pdf", None)
    assert doc.value("signed") is signature
    assert doc.value("fingerprint") is truth["fingerprint"]
    assert doc.fields["signed"].bbox is not None and doc.meta["marks"]["label"]


@pytest.mark.ocr
@pytest.mark.parametrize("layout,delivery,signature,fingerprint", [
    ("credit", "scan_jpg", True, True),
    ("credit", "phone_jpg", False, False),
    ("typed-table", "scan_png", True, True),
    ("typed-table", "image_pdf", False, True),
    ("integrity-gansu", "scan_jpg", True, True),
])
def test_drawn_pledges_read_by_ocr(tmp_path: Path, ocr_cache, layout: str, delivery: str, signature: bool,
                                   fingerprint: bool):
    """Scans and photos of the pledges the fixtures draw (dev families only): a mark that is there is
    never "no"; a mark left out is not "yes"."""
    from preaudit.fixtures.marks import pledge_file

    data, truth = pledge_file(2, 11, layout, delivery, signature=signature, fingerprint=fingerprint)
    doc = _read(tmp_path, data, delivery, ocr_cache)
    for field, present in (("signed", truth["signature"]), ("fingerprint", truth["fingerprint"])):
        got = doc.value(field)
        if present:
            assert got is not False, (field, doc.meta["marks"])
        else:
            assert got is not True, (field, doc.meta["marks"])


@pytest.mark.parametrize("layout", ["letter", "table"])
@pytest.mark.parametrize("signed", [True, False])
def test_unit_education_proof_signature(tmp_path: Path, layout: str, signed: bool):
    """001 §五(四) 单位人事部门负责人签字: the signature at 负责人（签字） of the unit's 学历证明 (a text PDF, no
    OCR); its footnote (人事部门负责人签字并加盖单位公章后有效) is no label."""
    from datetime import date

    from preaudit.fixtures import forms
    from preaudit.fixtures.marks import omit_marks
    from preaudit.fixtures.records import EducationProof
    from preaudit.fixtures.render import pdf_metadata, subset_and_bytes
    from preaudit.pipeline.intake.walk import source_file
    from preaudit.pipeline.run import read_file

    proof = EducationProof("王雨桐", "女", "530102199001011238", "昆明市第一技工学校", "数控加工", "高级工班",
                           date(2008, 9, 1), date(2011, 7, 1), "昆明春城软件有限责任公司", "李建华", date(2024, 8, 10))
    draw = forms.draw_education_proof_letter if layout == "letter" else forms.draw_education_proof_table
    with omit_marks(signature=not signed):
        drawn = draw(proof)
    path = tmp_path / "学历证明.pdf"
    path.write_bytes(subset_and_bytes(drawn.doc, pdf_metadata(drawn.created, drawn.title, "")))
    docs = [d for d in read_file(source_file(path, path.name, tmp_path), None).documents
            if d.doc_type.value == "education_unit_proof"]
    assert docs and docs[0].value("signed") is signed
    assert "fingerprint" not in docs[0].fields


def test_a_bracketed_note_after_a_long_label_is_part_of_it():
    """承诺人签字（按手印）：孙鹏 on one OCR line (a unit's own 承诺书, blind generation 7): the note says how to
    sign, printed text does not resume there, so the signing place runs on past the name to the
    fingerprint pressed after it."""
    from preaudit.pipeline.integrity.marks import config, find_label

    cfg = config()
    place = cfg["places"]["pledge"]
    ln = line("承诺人签字（按手印）：孙鹏", 0.463, 0.604, 0.805, 0.646)
    found = find_label([ln], place["labels"], place.get("not_labels") or [], list(cfg["form_words"]),
                       place.get("short_labels") or [])
    assert found is not None and found.tail_x is None
    assert found.x1 > 0.66  # after the note and its colon, where the name starts
    printed = line("承诺人签字：__________ 日期：", 0.463, 0.604, 0.905, 0.646)
    found = find_label([printed], place["labels"], place.get("not_labels") or [], list(cfg["form_words"]),
                       place.get("short_labels") or [])
    assert found is not None and found.tail_x is not None  # 日期 on the row: the place ends before it
