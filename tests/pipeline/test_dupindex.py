import numpy as np

from pipeline.dupindex import FingerprintIndex
from pipeline.fingerprints import Fingerprint, dhash, hamming, id_hash


def fp(kind, value, file="a.pdf", extra=""):
    return Fingerprint(kind, value, file, "xuexin_record", extra)


def test_same_file_under_another_person_matches_and_persists(tmp_path):
    db = tmp_path / "fp.sqlite"
    index = FingerprintIndex(db)
    index.add("2024q3", "张伟_01", "p1", [fp("file_sha256", "abc", "学历.pdf")])
    index.close()
    later = FingerprintIndex(db)  # next quarter
    hits = later.matches("李娜_02", "p2", [fp("file_sha256", "abc", "备案表.pdf")])
    assert [(h.other_applicant, h.other_file, h.other_batch) for h in hits] == [("张伟_01", "学历.pdf", "2024q3")]


def test_own_documents_are_not_duplicates():
    index = FingerprintIndex()
    index.add("b1", "张伟_01", "p1", [fp("file_sha256", "abc")])
    assert index.matches("张伟_01", "p1", [fp("file_sha256", "abc")]) == []
    assert index.matches("张伟_again", "p1", [fp("file_sha256", "abc")]) == []  # same person, new folder


def test_same_id_number_under_another_name():
    index = FingerprintIndex()
    token = id_hash("530102199003071238")
    index.add("b1", "张伟_01", "p1", [fp("id_number", token, extra="张伟")])
    hits = index.matches("王五_02", "p1", [fp("id_number", token, extra="王五")])
    assert len(hits) == 1 and hits[0].other_name == "张伟"
    assert index.matches("张伟_03", "p1", [fp("id_number", token, extra="张伟")]) == []


def test_rerun_replaces_an_applicants_entries():
    index = FingerprintIndex()
    index.add("b1", "张伟_01", "p1", [fp("file_sha256", "old")])
    index.add("b1", "张伟_01", "p1", [fp("file_sha256", "new")])
    assert index.matches("x", "p2", [fp("file_sha256", "old")]) == []


def test_photo_hash_survives_recompression_and_differs_between_photos():
    import cv2

    rng = np.random.default_rng(0)
    a = cv2.GaussianBlur(rng.integers(0, 255, (413, 295, 3), dtype=np.uint8), (31, 31), 0)
    b = cv2.GaussianBlur(rng.integers(0, 255, (413, 295, 3), dtype=np.uint8), (31, 31), 0)
    ok, enc = cv2.imencode(".jpg", cv2.resize(a, (200, 280)), [cv2.IMWRITE_JPEG_QUALITY, 40])
    a2 = cv2.imdecode(enc, cv2.IMREAD_COLOR)
    assert hamming(dhash(a), dhash(a2)) <= 4
    assert hamming(dhash(a), dhash(b)) > 12


def test_id_hash_does_not_contain_the_number():
    assert "19900307" not in id_hash("530102199003071238")


def test_portrait_variants_absorb_a_few_pixels_of_crop_offset():
    from fixtures.render import portrait
    from pipeline.fingerprints import portrait_hashes

    picture = portrait("530102199003071238", "男", (204, 264))
    other = portrait("530102198811230021", "女", (204, 264))
    shifted = picture[6:, 5:-3]  # the same picture cropped a little tighter on another photograph
    near = min(hamming(a, b) for a in portrait_hashes(picture) for b in portrait_hashes(shifted))
    far = min(hamming(a, b) for a in portrait_hashes(picture) for b in portrait_hashes(other))
    assert near <= 8 and far > 24  # of 144 bits; the policy's threshold is 16
    assert len(set(portrait_hashes(picture))) >= 2
