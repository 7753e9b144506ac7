"""A card face whose key value a copy's watermark hides, beside the other face read in full (issue 12,
blind family copy-watermark-verified): still that face, typed less surely, so the hidden value reads
as unreadable rather than the whole face as missing (DOC_MISSING, a rejection)."""

from preaudit.pipeline.intake.classify import face_beside_confidence, group_pages, page_types
from preaudit.pipeline.model import DocType
from tests.helpers import line, page

FRONT_WORDS = [line("姓名孙鹏", 0.083, 0.139, 0.171, 0.162), line("男", 0.111, 0.165, 0.145, 0.182),
               line("民族", 0.184, 0.166, 0.220, 0.182), line("出生 1999年12月 25日", 0.085, 0.189, 0.262, 0.206),
               line("住址", 0.085, 0.214, 0.123, 0.233), line("云南省昆明市官渡区民航路", 0.125, 0.212, 0.320, 0.227)]
FRONT_NUMBER = [line("公民身份号码530103199512044074", 0.077, 0.270, 0.425, 0.289)]
BACK_TITLES = [line("中华人民共和国", 0.639, 0.145, 0.820, 0.168), line("居民身份证", 0.634, 0.175, 0.859, 0.207)]
BACK_VALUES = [line("签发机关 昆明市公安局官渡分局", 0.586, 0.250, 0.900, 0.268),
               line("有效期限 2018.11.20-2028.11.20", 0.586, 0.274, 0.822, 0.294)]
WATERMARK = [line("仅供职称申报使用他用无效", 0.30, 0.12, 0.60, 0.20)]


def _types(lines):
    return [(c.doc_type, c.confidence) for c in page_types(page(lines, 1240, 1754))]


def test_a_front_whose_number_is_hidden_beside_a_whole_back_is_the_front():
    found = _types(FRONT_WORDS + BACK_TITLES + BACK_VALUES + WATERMARK)
    assert found == [(DocType.ID_CARD_FRONT, face_beside_confidence()), (DocType.ID_CARD_BACK, found[1][1])]
    assert found[1][1] > face_beside_confidence()
    groups = group_pages([page(FRONT_WORDS + BACK_TITLES + BACK_VALUES, 1240, 1754)])
    front = next(g for g in groups if g.doc_type == DocType.ID_CARD_FRONT)
    assert {ln.text for ln in front.pages[0].lines} == {ln.text for ln in FRONT_WORDS}  # its own part only


def test_a_back_whose_values_are_hidden_beside_a_whole_front_is_the_back():
    found = _types(FRONT_WORDS + FRONT_NUMBER + BACK_TITLES + WATERMARK)
    assert [t for t, _ in found] == [DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK]
    assert found[1][1] == face_beside_confidence()


def test_too_few_words_or_a_header_line_make_no_face():
    # a front alone under a header that names the card on one line: no back beside it
    header = [line("中华人民共和国居民身份证复印件", 0.30, 0.05, 0.70, 0.08)]
    assert [t for t, _ in _types(header + FRONT_WORDS + FRONT_NUMBER)] == [DocType.ID_CARD_FRONT]
    # two front words and no number: too little to be a face beside the back
    assert [t for t, _ in _types(FRONT_WORDS[2:4] + BACK_TITLES + BACK_VALUES)] == [DocType.ID_CARD_BACK]
