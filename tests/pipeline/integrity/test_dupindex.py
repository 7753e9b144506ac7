import numpy as np

from preaudit.pipeline.integrity.dupindex import SCHEMA_VERSION, FingerprintIndex
from preaudit.pipeline.integrity.fingerprints import Fingerprint, dhash, hamming, id_hash


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
    from preaudit.fixtures.render import portrait
    from preaudit.pipeline.integrity.fingerprints import portrait_hashes

    picture = portrait("530102199003071238", "男", (204, 264))
    other = portrait("530102198811230021", "女", (204, 264))
    shifted = picture[6:, 5:-3]  # the same picture cropped a little tighter on another photograph
    near = min(hamming(a, b) for a in portrait_hashes(picture) for b in portrait_hashes(shifted))
    far = min(hamming(a, b) for a in portrait_hashes(picture) for b in portrait_hashes(other))
    assert near <= 8 and far > 24  # of 144 bits; the policy's threshold is 16
    assert len(set(portrait_hashes(picture))) >= 2


# --------------------------------------------------------------------------- by content (issue 12)

import json  # noqa: E402
import sqlite3  # noqa: E402

import cv2  # noqa: E402

from preaudit.pipeline.integrity.fingerprints import content_fingerprint, page_hash, photo_hash  # noqa: E402
from preaudit.pipeline.model import BBox, DocType, Document, FieldValue, Page, TextLine  # noqa: E402

A_ID, C_ID, D_ID = "530102199003071238", "530103198811230021", "530111199205150014"
UNIT = "昆明云岭科技有限公司"


def _months(base=3800.0, unit=UNIT):
    return [{"month": f"{2023 + (8 + k) // 12}-{(8 + k) % 12 + 1:02d}", "employer": unit, "region": "昆明市",
             "base": base, "status": "paid"} for k in range(12)]


def _lines(name, number, months, noise=0):
    texts = ["云南省城镇职工基本养老保险个人参保证明", f"姓名：{name}", f"身份证号码：{number}", f"参保单位：{UNIT}",
             "缴费年月 单位名称 缴费基数 统筹区 到账情况"]
    texts += [f"{m['month'].replace('-', '')} {m['employer']} {m['base']:.2f} 昆明市 已到账" for m in months]
    texts += ["说明：本证明所列缴费记录截至打印日期。", "打印日期：2024年8月15日"]
    if noise:  # OCR of another photograph: a few characters read otherwise
        texts = [t.replace("缴", "激", 1) if k % noise == 0 else t for k, t in enumerate(texts)]
    return [TextLine(text=t, bbox=BBox(x0=0.1, y0=0.05 * k, x1=0.9, y1=0.05 * k + 0.03), confidence=0.99)
            for k, t in enumerate(texts)]


def _pension(file, name, number, months=None, noise=0, image=None, source="ocr"):
    months = months or _months()
    page = Page(file=file, file_sha256=file, number=1, width=100, height=100, source=source,
                lines=_lines(name, number, months, noise)).with_image(image)
    doc = Document(file=file, file_sha256=file, page=1, pages=[1], doc_type=DocType.PENSION_CERTIFICATE,
                   source=source, fields={"name": FieldValue(value=name), "id_number": FieldValue(value=number),
                                          "months": FieldValue(value=months)})
    return content_fingerprint(doc, [page])


def _own(number, name, file="身份证.jpg"):
    """The ID card of the applicant: their own number printed with their own name."""
    return Fingerprint("id_number", id_hash(number), file, "id_card_front", extra=name)


def _page_image(seed, text):
    img = np.full((1100, 780, 3), 250, np.uint8)
    rng = np.random.default_rng(seed)
    for k, t in enumerate(text):
        cv2.putText(img, t, (40, 60 + 40 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (20, 20, 20), 2)
    return np.clip(img.astype(np.int16) + rng.normal(0, 6, img.shape).astype(np.int16), 0, 255).astype(np.uint8)


def test_another_applicants_certificate_photographed_again_is_found_in_and_across_batches(tmp_path):
    db = tmp_path / "fp.sqlite"
    index = FingerprintIndex(db)
    pa, pb = id_hash(A_ID), id_hash(C_ID)
    a = [_own(A_ID, "张伟"), _pension("社保.pdf", "张伟", A_ID, source="pdf_text")]
    b = [_own(C_ID, "李娜"), _pension("参保证明.jpg", "张伟", A_ID, noise=3)]  # A's certificate, OCR noise
    index.add("2024q3", "张伟_01", pa, a)
    index.add("2024q3", "李娜_02", pb, b)
    hit = [h for h in index.matches("李娜_02", pb, b) if h.kind == "content"]
    assert [(h.file, h.other_applicant, h.other_file) for h in hit] == [("参保证明.jpg", "张伟_01", "社保.pdf")]
    fig = hit[0].figures
    assert fig["holder"] == "id" and fig["rows"] == 1.0 and fig["rows_n"] == 12 and fig["text"] >= 0.5
    assert [h.other_applicant for h in index.matches("张伟_01", pa, a) if h.kind == "content"] == ["李娜_02"]
    index.close()
    later = FingerprintIndex(db)  # next quarter, another reuser
    pd = id_hash(D_ID)
    d = [_own(D_ID, "王芳"), _pension("社保截图.jpg", "张伟", A_ID, noise=2)]
    later.add("2024q4", "王芳_01", pd, d)
    # matched with the holder's own certificate; 李娜's copy of it names neither 王芳 nor 李娜
    assert {h.other_applicant for h in later.matches("王芳_01", pd, d) if h.kind == "content"} == {"张伟_01"}


def test_colleagues_with_the_same_unit_months_and_bases_never_match():
    index = FingerprintIndex()
    people = [(A_ID, "张伟"), (C_ID, "李娜"), (D_ID, "张伟")]  # the third: another 张伟 at the same unit
    prints = {}
    for k, (number, name) in enumerate(people):
        prints[k] = [_own(number, name), _pension(f"社保{k}.jpg", name, number)]
        index.add("b1", f"{name}_{k}", id_hash(number), prints[k])
    for k, (number, name) in enumerate(people):
        assert [h for h in index.matches(f"{name}_{k}", id_hash(number), prints[k]) if h.kind == "content"] == []


def test_a_holder_read_by_near_number_or_name_must_be_one_of_the_two_applicants():
    index = FingerprintIndex()
    pa, pb = id_hash(A_ID), id_hash(C_ID)
    index.add("b1", "张伟_01", pa, [_own(A_ID, "张伟"), _pension("社保.pdf", "张伟", A_ID)])
    # the number misread by one character on B's copy: still A's number
    misread = A_ID[:5] + "9" + A_ID[6:]
    b = [_own(C_ID, "李娜"), _pension("参保.jpg", "张伟", misread)]
    index.add("b1", "李娜_02", pb, b)
    assert [h.figures["holder"] for h in index.matches("李娜_02", pb, b) if h.kind == "content"] == ["id_near"]
    # no number read at all on B's copy: the holder is matched by the name, which is A's own
    b = [_own(C_ID, "李娜"), _pension("参保.jpg", "张伟", "")]
    index.add("b1", "李娜_02", pb, b)
    assert [h.figures["holder"] for h in index.matches("李娜_02", pb, b) if h.kind == "content"] == ["name"]
    # both applicants called 张伟: a name alone cannot say whose the certificate is
    index3 = FingerprintIndex()
    index3.add("b1", "张伟_01", pa, [_own(A_ID, "张伟"), _pension("社保.pdf", "张伟", A_ID)])
    b3 = [_own(C_ID, "张伟"), _pension("参保.jpg", "张伟", "")]
    index3.add("b1", "张伟_02", pb, b3)
    assert [h for h in index3.matches("张伟_02", pb, b3) if h.kind == "content"] == []
    # the same name printed for nobody who applied (no ID card with it): not judged
    index2 = FingerprintIndex()
    index2.add("b1", "x_01", pa, [_own(A_ID, "赵磊"), _pension("社保.pdf", "张伟", "")])
    b2 = [_own(C_ID, "李娜"), _pension("参保.jpg", "张伟", "")]
    index2.add("b1", "李娜_02", pb, b2)
    assert [h for h in index2.matches("李娜_02", pb, b2) if h.kind == "content"] == []


def test_content_prints_keep_no_id_number_and_hash_pages_robustly():
    img = _page_image(1, ["PENSION CERTIFICATE", "NAME ZHANG WEI", "2023-09 3800.00", "2023-10 3800.00"])
    fp = _pension("社保.jpg", "张伟", A_ID, image=img)
    assert A_ID not in fp.value and A_ID[6:14] not in fp.value
    payload = json.loads(fp.value)
    ok, enc = cv2.imencode(".jpg", cv2.resize(img, None, fx=0.7, fy=0.7, interpolation=cv2.INTER_AREA),
                           [cv2.IMWRITE_JPEG_QUALITY, 55])
    resaved = page_hash(cv2.imdecode(enc, cv2.IMREAD_COLOR))
    # another document altogether; a colleague's certificate (same form) would hash alike, which
    # is why content prints are only compared for the same holder
    other = page_hash(_page_image(2, [f"ROW {k} OF ANOTHER FORM {'X' * (k % 7)}" for k in range(24)]))
    assert hamming(payload["pages"][0], resaved) <= 24 < hamming(payload["pages"][0], other)


def test_two_peoples_one_inch_photos_never_match_and_a_resaved_copy_does():
    from preaudit.fixtures.render import encode_jpeg_between, id_photo

    hashes, copies = [], []
    for k in range(24):
        number = f"53010219{80 + k % 20}{1 + k % 12:02d}{1 + k:02d}{k:03d}1"
        img = id_photo(np.random.default_rng(k), number, "男" if k % 2 else "女", (358, 441))
        data, _ = encode_jpeg_between(img, 10_000, 30_000)
        photo = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        hashes.append(photo_hash(photo))
        small = cv2.resize(photo, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
        ok, enc = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 45 + k])
        copies.append(photo_hash(cv2.imdecode(enc, cv2.IMREAD_COLOR)))
    far = min(hamming(a, b) for i, a in enumerate(hashes) for b in hashes[i + 1:])
    near = max(hamming(a, b) for a, b in zip(hashes, copies))
    assert near <= 16 < far  # the policies' max_photo_hash_distance is 16 (of 144 bits)


def test_legacy_64_bit_photo_hash_only_speaks_for_photos_indexed_without_the_144_bit_one():
    index = FingerprintIndex()
    index.add("old", "张伟_01", "p1", [fp("photo_dhash", "ffffffff00000000", "照片.jpg")])  # made before photo_hash
    mine = [fp("photo_dhash", "ffffffff00000001", "我.jpg"), fp("photo_hash", "0" * 36, "我.jpg")]
    assert [h.kind for h in index.matches("李娜_02", "p2", mine)] == ["photo_dhash"]
    index.add("new", "王芳_03", "p3", [fp("photo_dhash", "ffffffff00000003", "她.jpg"), fp("photo_hash", "f" * 36, "她.jpg")])
    hits = [(h.kind, h.other_applicant) for h in index.matches("李娜_02", "p2", mine)]
    assert ("photo_dhash", "王芳_03") not in hits and ("photo_dhash", "张伟_01") in hits


def test_an_index_made_before_content_prints_opens_and_gains_them(tmp_path):
    db = tmp_path / "fingerprints.sqlite"
    old = sqlite3.connect(db)
    old.executescript("""
        CREATE TABLE fingerprint (kind TEXT NOT NULL, value TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '',
            batch TEXT NOT NULL, applicant TEXT NOT NULL, person TEXT NOT NULL, file TEXT NOT NULL,
            doc_type TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (kind, value, extra, applicant, person, file));
        INSERT INTO fingerprint VALUES ('file_sha256', 'abc', '', '2024q2', '张伟_01', 'p1', '学历.pdf', 'xuexin_record', '2024-06-01');
    """)
    old.commit()
    old.close()
    index = FingerprintIndex(db)
    assert [h.other_batch for h in index.matches("李娜_02", "p2", [fp("file_sha256", "abc")])] == ["2024q2"]
    b = [_own(C_ID, "李娜"), _pension("参保.jpg", "张伟", A_ID)]
    index.add("2024q3", "李娜_02", id_hash(C_ID), b)
    assert index.matches("李娜_02", id_hash(C_ID), b) == []
    index.close()
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_education_proofs_are_fingerprinted_like_the_other_single_holder_documents():
    """Issue 15: another person's 学历学位认证书 (its number) or 学历证明 (its content) reused is found."""
    from preaudit.pipeline.integrity.fingerprints import document_fingerprints
    from preaudit.pipeline.model import Document, DocType, FieldValue
    from tests.helpers import page, rows

    pg = page(rows(["国（境）外学历学位认证书", "教留服认英[2019]012345号", "李娜，女，于2017年12月获得理学硕士学位。"]))
    cert = Document(file="认证书.pdf", page=1, pages=[1], doc_type=DocType.FOREIGN_DEGREE_CERTIFICATION,
                    fields={"name": FieldValue(value="李娜", confidence=1.0),
                            "certificate_number": FieldValue(value="教留服认英[2019]012345号", confidence=1.0)})
    kinds = {f.kind: f.value for f in document_fingerprints(cert, [pg])}
    assert kinds["certificate_number"] == "教留服认英[2019]012345号" and "content" in kinds
    pg = page(rows(["学历证明", "兹证明张伟，2000年7月毕业于云南大学，取得本科学历。经审查本人档案属实。"]))
    proof = Document(file="学历证明.pdf", page=1, pages=[1], doc_type=DocType.EDUCATION_UNIT_PROOF,
                     fields={"name": FieldValue(value="张伟", confidence=1.0)})
    assert "content" in {f.kind for f in document_fingerprints(proof, [pg])}


# --------------------------------------------------------------------------- applications (002 §六(五))

def test_the_same_person_in_another_batch_is_found_across_runs_with_its_year(tmp_path):
    db = tmp_path / "fingerprints.sqlite"
    person = id_hash("530102199003071238")
    first = FingerprintIndex(db)
    first.record_application("/data/2023-05/batch", "张伟_01", person, 2023, True)
    first.close()
    later = FingerprintIndex(db)  # the next batch, another run
    later.record_application("/data/2023-10/batch", "张伟_07", person, 2023, False)
    [other] = later.applications("/data/2023-10/batch", "张伟_07", person)
    assert (other["batch"], other["applicant"], other["year"], other["certain"], other["earlier"]) == \
        ("/data/2023-05/batch", "张伟_01", 2023, True, True)
    assert "530102199003071238" not in db.read_bytes().decode("latin-1")  # hashes only


def test_a_different_year_is_returned_with_its_year_for_the_rule_to_pass_over():
    index = FingerprintIndex()
    person = id_hash("530102199003071238")
    index.record_application("2022-batch", "张伟_01", person, 2022, True)
    index.record_application("2023-batch", "张伟_02", person, 2023, True)
    assert [a["year"] for a in index.applications("2023-batch", "张伟_02", person)] == [2022]


def test_the_same_batch_another_person_or_no_number_is_no_application():
    index = FingerprintIndex()
    me, other = id_hash("530102199003071238"), id_hash("53010219900307123X")
    index.record_application("b1", "张伟_01", me, 2024, True)
    index.record_application("b1", "张伟_01", me, 2024, True)  # judged again: one row
    index.record_application("b2", "李娜_01", other, 2024, True)
    index.record_application("b3", "无名_01", "key:无名_01", 2024, False)
    assert index.applications("b1", "张伟_01", me) == []
    index.record_application("b2", "张伟_05", me, 2024, True)
    assert [a["batch"] for a in index.applications("b2", "张伟_05", me)] == ["b1"]
    assert index.applications("b4", "无名_01", "key:无名_01") == []


def test_a_re_audit_keeps_its_first_seen():
    index = FingerprintIndex()
    me = id_hash("530102199003071238")
    index.record_application("b1", "张伟_01", me, 2024, False)
    seen = index._db.execute("SELECT first_seen FROM application").fetchone()[0]
    index.record_application("b1", "张伟_01", me, 2024, True)
    assert index._db.execute("SELECT first_seen, certain FROM application").fetchone() == (seen, 1)
